//! Settings → Export: the archive as files a person opens without Passerelle (an HTML folder,
//! CSV, JSON, a PDF of one conversation) — the same core export as `passerelle export`, run as
//! the current user, so a member of a Private inbox exports only what they may read.
//!
//! Events: `export-progress` (`{messages_done, messages_total}`) while an export runs; it is
//! stopped by [`cancel_export`], which leaves nothing behind.

use std::sync::Mutex;

use passerelle_core::export::{
    self, names, ConversationChoice, ExportProgress, ExportReport, ExportRequest, ExportScope,
    Format, Zone,
};
use passerelle_core::sync::CancellationToken;
use serde::Deserialize;
use tauri::{AppHandle, Emitter, State};

use crate::inbox::as_viewer;
use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, Answer};

/// The export under way, to stop it.
static UNDER_WAY: Mutex<Option<CancellationToken>> = Mutex::new(None);

/// What the page asks to export.
#[derive(Debug, Deserialize)]
pub struct ExportAsk {
    /// html, csv, json or pdf.
    format: Format,
    /// One conversation, from [`export_choices`].
    conversation: Option<i64>,
    /// Unix seconds: messages from then on (the page turns a day into local midnight).
    since: Option<i64>,
    /// Unix seconds: messages up to then, included.
    until: Option<i64>,
    /// Where to write, as typed (`~/` is the home folder). Must not exist yet.
    path: String,
}

/// The conversations the current user may export, most recent first.
#[tauri::command]
pub async fn export_choices(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<ConversationChoice>> {
    let result = as_viewer(&session, export::choices).await;
    answer(lang.get(), result)
}

/// Where an export in `format` would go: `Passerelle-export-<today>` in Documents, a name no
/// earlier export holds.
#[tauri::command]
pub fn export_suggested_path(format: Format) -> String {
    names::suggested_path(format).display().to_string()
}

/// Runs an export as the current user; `export-progress` as it goes; answers what was
/// written (`cancelled` when [`cancel_export`] stopped it).
#[tauri::command]
pub async fn start_export(
    ask: ExportAsk,
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ExportReport> {
    let language = lang.get();
    let Some(cancel) = begin() else {
        return answer(
            language,
            Err(passerelle_core::Error::invalid(
                "export",
                "un export est déjà en cours.",
                "an export is already under way.",
            )),
        );
    };
    let result = as_viewer(&session, move |store, viewer| {
        let request = ExportRequest {
            format: ask.format,
            scope: ExportScope {
                conversation: ask.conversation,
                since: ask.since,
                until: ask.until,
                linked_only: false,
            },
            out: names::typed_path(&ask.path),
            media_dir: Some(passerelle_core::media_folder::current(store)?),
            zone: Zone::Local,
            lang: language,
            viewer: Some(viewer.clone()),
        };
        let progress = |p: &ExportProgress| {
            let _ = app.emit("export-progress", p);
        };
        export::export(store, &request, &progress, &cancel)
    })
    .await;
    *lock() = None;
    answer(language, result)
}

/// Stops the export under way (what it had written is removed).
#[tauri::command]
pub fn cancel_export() -> bool {
    lock().as_ref().map(CancellationToken::cancel).is_some()
}

fn lock() -> std::sync::MutexGuard<'static, Option<CancellationToken>> {
    UNDER_WAY.lock().unwrap_or_else(|p| p.into_inner())
}

/// A fresh token kept for [`cancel_export`], or `None` when an export runs already.
fn begin() -> Option<CancellationToken> {
    let mut under_way = lock();
    if under_way.is_some() {
        return None;
    }
    let cancel = CancellationToken::new();
    *under_way = Some(cancel.clone());
    Some(cancel)
}
