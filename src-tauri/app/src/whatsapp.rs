//! The WhatsApp and Templates screens: the sender profile (read live from Twilio, checked,
//! saved, its local history) and the account's templates (from the archive, refreshed from
//! Twilio, created or edited as new submissions, deleted). Each command calls one core function.

use passerelle_core::field::FieldErrorBody;
use passerelle_core::ids::SenderSid;
use passerelle_core::profile::last_known::{self, Offline};
use passerelle_core::profile::{self, FieldLimit, ProfileDraft, ProfileSaved, SenderProfile};
use passerelle_core::store::profile_versions::ProfileVersion;
use passerelle_core::store::templates::StoredTemplate;
use passerelle_core::templates::{self, Template, TemplateDraft, TemplateFilter};
use passerelle_core::twilio::Client;
use passerelle_core::{connect, Error, Lang, Store};
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, blocking, Answer};

/// What the profile form needs besides the profile: the limits the counters show (counted as
/// the core counts: UTF-16 code units, JavaScript's `String.length`), the categories, the notice
/// shown before a display-name change.
#[derive(Serialize)]
pub struct ProfileForm {
    limits: Vec<FieldLimit>,
    verticals: Vec<(String, String)>,
    review_notice: String,
}

/// A sender with its recorded history.
#[derive(Serialize)]
pub struct SenderWithHistory {
    #[serde(flatten)]
    sender: SenderProfile,
    history: Vec<ProfileVersion>,
}

/// The WhatsApp screen's senders: live, or the last known ones when Twilio is unreachable.
#[derive(Serialize)]
pub struct SendersView {
    senders: Vec<SenderWithHistory>,
    offline: Option<Offline>,
}

/// A template draft's verdict: every wrong field, the variables and the customer's preview.
#[derive(Serialize)]
pub struct TemplateVerdict {
    errors: Vec<FieldErrorBody>,
    variables: Vec<String>,
    preview: String,
}

/// The templates of the archive with the choices of the filters.
#[derive(Serialize)]
pub struct TemplateList {
    templates: Vec<Template>,
    languages: Vec<String>,
    delete_warning: String,
    /// When the list was last read from Twilio (unix seconds): the "as of" shown offline.
    refreshed_at: Option<i64>,
}

pub(crate) fn db_of(session: &Session) -> PathBuf {
    session
        .target()
        .map(|t| t.db_path)
        .unwrap_or_else(|| session.own_db_path())
}

pub(crate) async fn client_of(session: &Session) -> passerelle_core::Result<(PathBuf, Client)> {
    let target = match session.target() {
        Some(t) => t,
        None => crate::syncing::reconnect_own_archive(session).await?,
    };
    Ok((target.db_path, target.client))
}

fn account_of(store: &Store) -> passerelle_core::Result<String> {
    Ok(connect::saved(store)?
        .ok_or(Error::NotConnected)?
        .account_sid
        .to_string())
}

fn bodies(errors: Vec<passerelle_core::field::FieldError>, lang: Lang) -> Vec<FieldErrorBody> {
    errors.iter().map(|e| e.to_body(lang)).collect()
}

/// The profile form's limits, categories and review notice.
#[tauri::command]
pub fn profile_form(lang: State<'_, CurrentLanguage>) -> ProfileForm {
    let lang = lang.get();
    ProfileForm {
        limits: profile::FIELD_LIMITS.to_vec(),
        verticals: profile::VERTICALS
            .iter()
            .map(|(v, _)| (v.to_string(), profile::vertical_label(v, lang).to_string()))
            .collect(),
        review_notice: profile::display_name_review_notice(lang).to_string(),
    }
}

/// Every sender of the account, read live from Twilio, with its local history; when Twilio
/// cannot be reached, the profiles as last read, said so (`offline`).
#[tauri::command]
pub async fn sender_profiles(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<SendersView> {
    let lang = lang.get();
    let result = async {
        let (db, client) = client_of(&session).await?;
        let read = profile::sender_profiles(&client, lang).await;
        let account = client.account_sid().to_string();
        blocking(move || {
            let store = Store::open(&db)?;
            let view = last_known::live_or_last_known(&store, &account, read, unix_now(), lang)?;
            Ok(SendersView {
                senders: with_history(&store, view.senders)?,
                offline: view.offline,
            })
        })
        .await
    };
    answer(lang, result.await)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn with_history(
    store: &Store,
    senders: Vec<SenderProfile>,
) -> passerelle_core::Result<Vec<SenderWithHistory>> {
    senders
        .into_iter()
        .map(|sender| {
            Ok(SenderWithHistory {
                history: profile::history(store, &sender.address)?,
                sender,
            })
        })
        .collect()
}

/// Every wrong field of a profile draft (empty: it can be saved).
#[tauri::command]
pub fn check_profile_draft(
    draft: ProfileDraft,
    lang: State<'_, CurrentLanguage>,
) -> Vec<FieldErrorBody> {
    bodies(
        profile::check_profile(&draft).err().unwrap_or_default(),
        lang.get(),
    )
}

/// Saves a sender's profile (checked first) and returns it with its history.
#[tauri::command]
pub async fn save_profile(
    sid: String,
    draft: ProfileDraft,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<(ProfileSaved, Vec<ProfileVersion>)> {
    let lang = lang.get();
    let result = async {
        let sid = SenderSid::parse(&sid)?;
        let (db, client) = client_of(&session).await?;
        let saved = profile::save_profile(&client, &db, &sid, &draft, lang).await?;
        let address = saved.sender.address.clone();
        let history = blocking(move || profile::history(&Store::open(&db)?, &address)).await?;
        Ok((saved, history))
    };
    answer(lang, result.await)
}

/// The logo at `url` as a `data:` URL for the preview. The window's CSP allows images only
/// from the app and `data:` (tauri.conf.json's img-src), so the page never fetches a profile's
/// image itself: the core fetches it under limits (https, 5 MB, JPEG/PNG by their bytes).
#[tauri::command]
pub async fn logo_preview(url: String, lang: State<'_, CurrentLanguage>) -> Answer<String> {
    answer(lang.get(), profile::logo::preview(&url).await)
}

/// The account's templates from the archive (works offline), filtered.
#[tauri::command]
pub async fn list_templates(
    filter: TemplateFilter,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<TemplateList> {
    let lang = lang.get();
    let db = db_of(&session);
    let result = blocking(move || {
        let store = Store::open(&db)?;
        let account = account_of(&store)?;
        let all = templates::list_templates(&store, &account, &TemplateFilter::default(), lang)?;
        let mut languages: Vec<String> = all.iter().map(|t| t.stored.language.clone()).collect();
        languages.sort();
        languages.dedup();
        Ok(TemplateList {
            templates: templates::list_templates(&store, &account, &filter, lang)?,
            languages,
            delete_warning: templates::delete_warning(lang).to_string(),
            refreshed_at: passerelle_core::store::templates::last_refreshed(&store, &account)?,
        })
    })
    .await;
    answer(lang, result)
}

/// Reads the templates again from Twilio into the archive; returns how many.
#[tauri::command]
pub async fn refresh_templates(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<usize> {
    let result = async {
        let (db, client) = client_of(&session).await?;
        templates::refresh_templates(&client, &db).await
    };
    answer(lang.get(), result.await)
}

/// Reads the templates again after a sync, so the archive's list (and the inbox's picker of
/// approved templates) follows Twilio; a failure is only logged: the sync itself succeeded.
pub(crate) async fn refresh_after_sync(client: &Client, db: &std::path::Path) {
    if let Err(e) = templates::refresh_templates(client, db).await {
        tracing::warn!(code = %e.code(), "templates not refreshed after the sync: {e:?}");
    }
}

/// A template draft's verdict, for the form as the user types.
#[tauri::command]
pub async fn check_template_draft(
    draft: TemplateDraft,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<TemplateVerdict> {
    let lang = lang.get();
    let db = db_of(&session);
    let result = blocking(move || {
        let store = Store::open(&db)?;
        let errors = templates::check_draft(&store, &account_of(&store)?, &draft)?;
        Ok(TemplateVerdict {
            errors: bodies(errors, lang),
            variables: passerelle_core::templates::variables(&draft.body),
            preview: passerelle_core::templates::render(&draft.body, &draft.samples),
        })
    })
    .await;
    answer(lang, result)
}

/// The draft "Edit" opens for a template: a copy under a new name.
#[tauri::command]
pub async fn template_copy(
    sid: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<TemplateDraft> {
    let db = db_of(&session);
    let result = blocking(move || templates::copy_draft(&Store::open(&db)?, &sid)).await;
    answer(lang.get(), result)
}

/// Creates and submits a template; with `replaces`, in place of that one (both kept).
#[tauri::command]
pub async fn submit_template(
    draft: TemplateDraft,
    replaces: Option<String>,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<StoredTemplate> {
    let result = async {
        let (db, client) = client_of(&session).await?;
        templates::submit_template(&client, &db, &draft, replaces.as_deref()).await
    };
    answer(lang.get(), result.await)
}

/// Deletes a template at Twilio (every sender at once) and from the archive.
#[tauri::command]
pub async fn delete_template(
    sid: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let result = async {
        let (db, client) = client_of(&session).await?;
        templates::delete_template(&client, &db, &sid).await
    };
    answer(lang.get(), result.await)
}
