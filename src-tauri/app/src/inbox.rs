//! The inbox commands: the conversation list, threads, read state, sending (text and
//! templates), the approved templates and links to records. Each opens the archive the window
//! shows, acts for the current user (a [`Viewer`]) and calls one core function.

use std::path::PathBuf;

use passerelle_core::inbox::send::{self, Prepared};
use passerelle_core::inbox::{
    self, ApprovedTemplate, ConversationPage, ListQuery, RecordRef, SendOutcome, SendRequest,
    ThreadPage, ThreadQuery, Viewer,
};
use passerelle_core::store::contacts::Contact;
use passerelle_core::{archive, connect, Store};
use serde::Serialize;
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::{ArchiveKind, Session, SyncTarget};
use crate::wire::{answer, blocking, Answer};

/// The archive the window shows, in a few numbers.
#[derive(Serialize)]
pub struct ArchiveOverview {
    /// Own or demo.
    kind: ArchiveKind,
    /// Account name, when connected.
    account_name: Option<String>,
    /// AC…, when connected (the page shows it masked).
    account_sid: Option<String>,
    /// The sender addresses archived (`whatsapp:+…`).
    senders: Vec<String>,
    /// The latest sync run, if any (the top bar's "Up to date · 14:02").
    last_sync: Option<archive::LastSync>,
    /// Messages archived.
    messages: u64,
    /// Conversations.
    conversations: u64,
    /// The owner disconnected Twilio: the archive is all there is (the top bar says so).
    twilio_disconnected: bool,
    /// A first copy is still building its search index and conversation list.
    index_pending: bool,
}

/// Runs `work` on the archive the window shows, for the current user.
pub(crate) async fn as_viewer<T: Send + 'static>(
    session: &Session,
    work: impl FnOnce(&Store, &Viewer) -> passerelle_core::Result<T> + Send + 'static,
) -> passerelle_core::Result<T> {
    let path = session.db_path();
    let user = session.user();
    blocking(move || {
        let store = Store::open(&path)?;
        let viewer = match user {
            Some(id) => Viewer::as_user(&store, id)?,
            None => Viewer::owner(&store)?,
        };
        work(&store, &viewer)
    })
    .await
}

/// Unix seconds now.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Where the window stands at start-up: `None` when no archive is connected yet (first run).
#[tauri::command]
pub async fn current_archive(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Option<ArchiveKind>> {
    if let Some(target) = session.target() {
        return Ok(Some(target.kind));
    }
    let path = session.own_db_path();
    if !path.exists() {
        return Ok(None);
    }
    let saved = blocking(move || connect::saved(&Store::open(&path)?)).await;
    answer(lang.get(), saved.map(|s| s.map(|_| ArchiveKind::Own)))
}

/// The archive's overview (kind, account, counts, last sync): readable by every user.
#[tauri::command]
pub async fn archive_overview(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ArchiveOverview> {
    let kind = session.target().map_or(ArchiveKind::Own, |t| t.kind);
    let path: PathBuf = session.db_path();
    let overview = blocking(move || {
        let store = Store::open(&path)?;
        let status = archive::status(&store)?;
        let (account_name, account_sid, senders) = match connect::saved(&store)? {
            Some(c) => (
                Some(c.friendly_name),
                Some(c.account_sid.to_string()),
                c.senders,
            ),
            None => (None, None, Vec::new()),
        };
        Ok(ArchiveOverview {
            kind,
            account_name,
            account_sid,
            senders,
            last_sync: status.last_sync,
            messages: status.messages,
            conversations: status.conversations,
            twilio_disconnected: passerelle_core::disconnect::is_disconnected(&store)?,
            index_pending: status.index_pending,
        })
    })
    .await;
    answer(lang.get(), overview)
}

/// A page of the conversation list as the current user sees it (`permission_denied` for a
/// member while the inbox is Private).
#[tauri::command]
pub async fn list_conversations(
    query: ListQuery,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ConversationPage> {
    let page = as_viewer(&session, move |store, viewer| {
        inbox::list(store, viewer, &query, now())
    })
    .await;
    answer(lang.get(), page)
}

/// A page of a conversation's messages, newest first.
#[tauri::command]
pub async fn open_thread(
    id: i64,
    query: ThreadQuery,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ThreadPage> {
    let lang = lang.get();
    let page = as_viewer(&session, move |store, viewer| {
        inbox::thread(store, viewer, id, &query, lang, now())
    })
    .await;
    answer(lang, page)
}

/// Marks a conversation read (opening it does).
#[tauri::command]
pub async fn mark_read(
    id: i64,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| {
        inbox::mark_read(store, viewer, id)
    })
    .await;
    answer(lang.get(), done)
}

/// The Twilio client of the archive shown (rebuilt from the keychain after a restart).
async fn client(session: &Session) -> passerelle_core::Result<passerelle_core::twilio::Client> {
    crate::opened::refuse_twilio(session)?;
    let target: SyncTarget = match session.target() {
        Some(t) => t,
        None => crate::syncing::reconnect_own_archive(session).await?,
    };
    Ok(target.client)
}

/// The account's approved templates (read from Twilio once, then kept; `refresh` reads
/// them again).
#[tauri::command]
pub async fn approved_templates(
    refresh: Option<bool>,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<ApprovedTemplate>> {
    answer(
        lang.get(),
        templates(&session, refresh.unwrap_or(false)).await,
    )
}

async fn templates(
    session: &Session,
    refresh: bool,
) -> passerelle_core::Result<Vec<ApprovedTemplate>> {
    if let Some(kept) = session.templates().filter(|_| !refresh) {
        return Ok(kept);
    }
    let fetched = send::fetch_approved(&client(session).await?).await?;
    session.keep_templates(fetched.clone());
    Ok(fetched)
}

/// Sends one message (free text or an approved template) to one recipient: the rules are
/// checked and the message archived as `sending` first, then one request is made.
#[tauri::command]
pub async fn send_message(
    request: SendRequest,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<SendOutcome> {
    answer(lang.get(), send_once(&session, request).await)
}

async fn send_once(session: &Session, ask: SendRequest) -> passerelle_core::Result<SendOutcome> {
    let approved = match ask.compose {
        inbox::Compose::Text { .. } => Vec::new(),
        inbox::Compose::Template { .. } => templates(session, false).await?,
    };
    let client = client(session).await?;
    let prepared: Prepared = as_viewer(session, move |store, viewer| {
        send::prepare(store, viewer, &ask, &approved, now())
    })
    .await?;
    let answer = client.create_message(&prepared.request).await;
    let path = session.db_path();
    blocking(move || send::finish(&Store::open(&path)?, &prepared, answer)).await
}

/// The request to send a failed message again (the user asks; never automatic).
#[tauri::command]
pub async fn resend_message(
    sid: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<SendOutcome> {
    let outcome = async {
        let ask = as_viewer(&session, move |store, viewer| {
            send::resend_request(store, viewer, &sid)
        })
        .await?;
        send_once(&session, ask).await
    }
    .await;
    answer(lang.get(), outcome)
}

/// Links a conversation to a contact, lead or deal.
#[tauri::command]
pub async fn link_conversation(
    id: i64,
    record: RecordRef,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| {
        inbox::link(store, viewer, id, record)
    })
    .await;
    answer(lang.get(), done)
}

/// Removes a conversation's link.
#[tauri::command]
pub async fn unlink_conversation(
    id: i64,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, viewer| {
        inbox::unlink(store, viewer, id)
    })
    .await;
    answer(lang.get(), done)
}

/// Contacts whose numbers match the conversation's customer.
#[tauri::command]
pub async fn suggest_links(
    id: i64,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<Contact>> {
    let found = as_viewer(&session, move |store, viewer| {
        inbox::suggest_links(store, viewer, id)
    })
    .await;
    answer(lang.get(), found)
}

/// An image of a thread, as raw bytes for the page to show through a `blob:` URL (read from
/// the archive's media folder only, for a user who may read the conversation).
#[tauri::command]
pub async fn media_image(
    sid: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<tauri::ipc::Response> {
    let media_dir = passerelle_core::store::media_dir_for(&session.db_path());
    let bytes = as_viewer(&session, move |store, viewer| {
        inbox::media::image_bytes(store, viewer, &media_dir, &sid, now()).map(|(_, b)| b)
    })
    .await;
    answer(lang.get(), bytes.map(tauri::ipc::Response::new))
}

/// Opens a thread's file with the system's app, once the user confirmed in the page (only a
/// known, non-executable kind of file from the media folder).
#[tauri::command]
pub async fn open_media(
    sid: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let media_dir = passerelle_core::store::media_dir_for(&session.db_path());
    let opened = async {
        let path = as_viewer(&session, move |store, viewer| {
            inbox::media::file_to_open(store, viewer, &media_dir, &sid, now())
        })
        .await?;
        blocking(move || open_with_system(&path)).await
    }
    .await;
    answer(lang.get(), opened)
}

/// Hands a file to the desktop's opener (never runs it as a program).
fn open_with_system(path: &std::path::Path) -> passerelle_core::Result<()> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(path)
        .spawn()
        .map(drop)
        .map_err(|e| passerelle_core::Error::io("opening a media file", e))
}

/// After a sync: a desktop notification per conversation with new customer messages (up to
/// a few, then one that sums up), when the window is not in front and the current user may
/// see the inbox. The conversation's name only — never the message text.
pub(crate) async fn notify_new_messages(app: &tauri::AppHandle) {
    use tauri::Manager;
    use tauri_plugin_notification::NotificationExt;
    let focused = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false);
    let session = app.state::<Session>();
    let lang = app.state::<CurrentLanguage>().get();
    let found = as_viewer(&session, move |store, viewer| {
        inbox::notify::take_new(store, viewer, now())
    })
    .await;
    let found = match found {
        Ok(found) if !focused => found,
        Ok(_) => return,
        Err(e) => {
            tracing::warn!(code = %e.code(), "new-message notifications skipped: {e:?}");
            return;
        }
    };
    let (new_message, more) = match lang {
        passerelle_core::Lang::Fr => ("Nouveau message", "Nouveaux messages"),
        passerelle_core::Lang::En => ("New message", "New messages"),
    };
    for notice in &found.notices {
        let title = passerelle_core::text::visible(&notice.name);
        let shown = app
            .notification()
            .builder()
            .title(title)
            .body(new_message)
            .show();
        if let Err(e) = shown {
            tracing::warn!("a notification could not be shown: {e}");
            return;
        }
    }
    let rest = found.conversations.saturating_sub(found.notices.len());
    if rest > 0 {
        let body = match lang {
            passerelle_core::Lang::Fr => format!("… et {rest} autres conversations"),
            passerelle_core::Lang::En => format!("… and {rest} more conversations"),
        };
        let _ = app.notification().builder().title(more).body(body).show();
    }
}

/// Whether new customer messages are notified on the desktop (on by default).
#[tauri::command]
pub async fn notifications_enabled(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<bool> {
    let on = as_viewer(&session, |store, _| inbox::notify::enabled(store)).await;
    answer(lang.get(), on)
}

/// Turns the desktop notifications of new customer messages on or off.
#[tauri::command]
pub async fn set_notifications(
    on: bool,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let done = as_viewer(&session, move |store, _| {
        inbox::notify::set_enabled(store, on)
    })
    .await;
    answer(lang.get(), done)
}
