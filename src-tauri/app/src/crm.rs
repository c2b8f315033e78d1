//! Settings → CRM: connect a Pipedrive company, import its persons, deals and leads, push the
//! archive's notes, disconnect — the same core calls as `passerelle crm …`.
//!
//! Pipedrive's futures hold the store across awaits (not `Send`), so every call runs on a
//! thread of its own with its own runtime and its own connection to the archive
//! ([`pipedrive::run_apart`]), itself off the async runtime ([`blocking`]). The token comes
//! from the page once, goes to the keychain, and is never sent back. `PASSERELLE_PIPEDRIVE_URL`
//! points the connection at a simulator.
//!
//! Events: `crm-progress` (`{work: "import", entity, items}` after each page, or
//! `{work: "push", done, total}` after each note) while an import or a push runs.

use std::path::PathBuf;
use std::sync::Mutex;

use passerelle_core::inbox::Viewer;
use passerelle_core::phone::Country;
use passerelle_core::pipedrive::{
    self, ArchivePush, CrmStatus, ImportOptions, ImportProgress, ImportReport, PushProgress,
};
use passerelle_core::store::crm::CrmConnection;
use passerelle_core::store::crm_pushes::Push;
use passerelle_core::sync::CancellationToken;
use passerelle_core::{Result, Secret, Store};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};

use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, blocking, Answer};

/// The import or push under way, to stop it.
static UNDER_WAY: Mutex<Option<CancellationToken>> = Mutex::new(None);

/// What the CRM card shows.
#[derive(Serialize)]
pub struct CrmScreen {
    /// Connection, imports, counts.
    status: CrmStatus,
    /// Notes whose last push failed, with the reason.
    failures: Vec<Push>,
    /// Whether an import or a push runs now.
    busy: bool,
}

/// Progress of the work under way.
#[derive(Clone, Serialize)]
#[serde(tag = "work", rename_all = "snake_case")]
enum CrmProgress {
    Import(ImportProgress),
    Push(PushProgress),
}

/// Where the CRM link stands (reads the archive only, no network).
#[tauri::command]
pub async fn crm_status(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<CrmScreen> {
    let path = session.shown_db_path();
    let result = blocking(move || {
        let store = Store::open_read_only(&path)?;
        Ok(CrmScreen {
            status: pipedrive::status(&store)?,
            failures: pipedrive::failed_pushes(&store)?,
            busy: lock().is_some(),
        })
    })
    .await;
    answer(lang.get(), result)
}

/// Checks the token against the company, keeps it in the keychain, saves the connection;
/// answers who and which company (never the token).
#[tauri::command]
pub async fn crm_connect(
    domain: String,
    token: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<CrmConnection> {
    let path = session.shown_db_path();
    let token = Secret::new(token);
    let result = on_crm_thread(path, move |rt, store| {
        let base = pipedrive::url_from_env();
        rt.block_on(pipedrive::connect(store, &domain, &token, base.as_deref()))
    })
    .await;
    answer(lang.get(), result)
}

/// Imports persons, deals and leads (what changed since the last import), linking
/// conversations by number; `crm-progress` after each page; stopped by [`crm_cancel`].
#[tauri::command]
pub async fn crm_import(
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ImportReport> {
    let path = session.shown_db_path();
    let user = session.user();
    let result = cancellable(move |cancel| {
        on_crm_thread(path, move |rt, store| {
            let (_, client) = pipedrive::connected_client(store, None, None)?;
            let viewer = match user {
                Some(id) => Viewer::as_user(store, id)?,
                None => Viewer::owner(store)?,
            };
            let progress = |p: ImportProgress| {
                let _ = app.emit("crm-progress", CrmProgress::Import(p));
            };
            let options = ImportOptions::new(Country::Fr);
            rt.block_on(pipedrive::import(
                store, &viewer, &client, &options, &progress, &cancel,
            ))
        })
    })
    .await;
    answer(lang.get(), result)
}

/// Pushes the archive's notes (never twice; the failed ones are tried again);
/// `crm-progress` after each note; stopped by [`crm_cancel`].
#[tauri::command]
pub async fn crm_push(
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ArchivePush> {
    let path = session.shown_db_path();
    let language = lang.get();
    let result = cancellable(move |cancel| {
        on_crm_thread(path, move |rt, store| {
            let (_, client) = pipedrive::connected_client(store, None, None)?;
            let owner = Viewer::owner(store)?;
            let progress = |p: PushProgress| {
                let _ = app.emit("crm-progress", CrmProgress::Push(p));
            };
            rt.block_on(pipedrive::push_archive(
                store, &owner, &client, language, &progress, &cancel,
            ))
        })
    })
    .await;
    answer(language, result)
}

/// Stops the import or push under way (what was done stays; the next run resumes).
#[tauri::command]
pub fn crm_cancel() -> bool {
    lock().as_ref().map(CancellationToken::cancel).is_some()
}

/// Removes the token from the keychain and forgets the connection (records and the memory
/// of pushed notes stay).
#[tauri::command]
pub async fn crm_disconnect(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<bool> {
    let path = session.shown_db_path();
    let result = blocking(move || pipedrive::disconnect(&Store::open_existing(&path)?)).await;
    answer(lang.get(), result)
}

fn lock() -> std::sync::MutexGuard<'static, Option<CancellationToken>> {
    UNDER_WAY.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs `work` with a fresh cancellation token kept for [`crm_cancel`]; one at a time.
async fn cancellable<T, F>(work: impl FnOnce(CancellationToken) -> F) -> Result<T>
where
    F: std::future::Future<Output = Result<T>>,
{
    let cancel = {
        let mut under_way = lock();
        if under_way.is_some() {
            return Err(passerelle_core::Error::invalid(
                "crm",
                "un import ou un envoi vers Pipedrive est déjà en cours.",
                "a Pipedrive import or push is already under way.",
            ));
        }
        let cancel = CancellationToken::new();
        *under_way = Some(cancel.clone());
        cancel
    };
    let result = work(cancel).await;
    *lock() = None;
    result
}

/// Runs Pipedrive work on its own thread and runtime, with its own store, off the async
/// runtime's threads.
async fn on_crm_thread<T: Send + 'static>(
    path: PathBuf,
    work: impl FnOnce(&tokio::runtime::Runtime, &Store) -> Result<T> + Send + 'static,
) -> Result<T> {
    blocking(move || {
        pipedrive::run_apart(|rt| {
            let store = Store::open_existing(&path)?;
            work(rt, &store)
        })
    })
    .await
}
