//! Running a sync from the window: off the main thread, progress as events, cancellable.
//!
//! Events: `sync-progress` (a core `Progress`, at most every [`PROGRESS_EVERY`]),
//! `sync-finished` (the core `SyncReport`, also after a cancel: `cancelled` is then true) and
//! `sync-failed` (`{code, message}`).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use passerelle_core::sync::{self, Phase, Progress, SyncMode, SyncOptions};
use passerelle_core::{connect, keychain, Error, Store};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::preferences::CurrentLanguage;
use crate::session::{Session, SyncTarget};
use crate::wire::{answer, blocking, error_body, Answer};

/// The page redraws at most this often; the sync reports after every page.
const PROGRESS_EVERY: Duration = Duration::from_millis(120);

/// Starts syncing the archive the window shows. Returns at once; the result arrives as an
/// event. Starting while a sync already runs does nothing.
#[tauri::command]
pub async fn start_sync(
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    begin(app, session, lang, SyncOptions::default()).await
}

/// "Check every status again": a sync that re-reads the whole history (`sync --full`), for
/// statuses that changed after the 7-day window a normal sync checks again (a message read or
/// failed weeks later). Worth it once in a while, or when a status looks wrong. Events as for
/// [`start_sync`].
#[tauri::command]
pub async fn check_all_statuses(
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let options = SyncOptions {
        mode: SyncMode::Full,
        ..SyncOptions::default()
    };
    begin(app, session, lang, options).await
}

/// Starts a sync with `options` off the main thread.
async fn begin(
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
    options: SyncOptions,
) -> Answer<()> {
    // After a restart the window knows the archive but not the secret: rebuild the client
    // from the saved connection and the keychain.
    let target = match session.target() {
        Some(target) => target,
        None => answer(lang.get(), reconnect_own_archive(&session).await)?,
    };
    let SyncTarget {
        db_path, client, ..
    } = target;
    // A disconnected account is read-only for Twilio: the client kept in memory must not
    // sync behind the disconnect's back.
    let checked = db_path.clone();
    answer(
        lang.get(),
        blocking(move || {
            passerelle_core::disconnect::ensure_connected(&passerelle_core::Store::open_read_only(
                &checked,
            )?)
        })
        .await,
    )?;
    let Some(cancel) = session.begin_sync() else {
        return Ok(());
    };
    tauri::async_runtime::spawn(async move {
        let last_emit = Mutex::new(Instant::now().checked_sub(PROGRESS_EVERY).unwrap());
        let report_progress = |progress: &Progress| {
            let mut last = last_emit.lock().unwrap_or_else(|p| p.into_inner());
            if progress.phase == Phase::Done || last.elapsed() >= PROGRESS_EVERY {
                *last = Instant::now();
                let _ = app.emit("sync-progress", progress);
            }
        };
        let result =
            sync::sync_history(&db_path, &client, &options, &report_progress, &cancel).await;
        if result.as_ref().is_ok_and(|r| !r.cancelled) {
            crate::whatsapp::refresh_after_sync(&client, &db_path).await;
        }
        app.state::<Session>().end_sync();
        let lang = app.state::<CurrentLanguage>().get();
        match result {
            Ok(report) => {
                tracing::info!(
                    new = report.messages_new,
                    cancelled = report.cancelled,
                    "sync finished"
                );
                let _ = app.emit("sync-finished", report);
                crate::inbox::notify_new_messages(&app).await;
            }
            Err(e) => {
                let _ = app.emit("sync-failed", error_body(&e, lang));
            }
        }
    });
    Ok(())
}

/// Rebuilds the client of the user's saved connection (secret from the keychain) after a
/// restart, and makes that archive the one the window shows.
pub(crate) async fn reconnect_own_archive(
    session: &Session,
) -> passerelle_core::Result<SyncTarget> {
    let db_path = session.own_db_path();
    let path = db_path.clone();
    let client = blocking(move || {
        let store = Store::open(&path)?;
        let saved = connect::saved(&store)?.ok_or(Error::NotConnected)?;
        let credentials = keychain::load(&saved)?;
        passerelle_core::twilio::Client::new(saved.endpoints()?, credentials)
    })
    .await?;
    let target = SyncTarget {
        kind: crate::session::ArchiveKind::Own,
        db_path,
        client,
    };
    session.set_target(target.clone());
    Ok(target)
}

/// Asks the running sync to stop after the page it is writing; what was written is kept.
#[tauri::command]
pub fn cancel_sync(session: State<'_, Session>) -> bool {
    session.cancel_sync()
}
