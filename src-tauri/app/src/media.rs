//! Settings → Photos and documents: where the media folder is, what it holds, the room the
//! files still to download will take against the free space, and moving the folder — the
//! same core calls as `passerelle media` and `passerelle media move`.
//!
//! A move holds the session's sync slot, so no sync writes to the old folder while the files
//! are carried over (and a move does not start while a sync runs). Events:
//! `media-move-progress` (`{step, files_done, files_total, bytes_done, bytes_total}`).

use std::path::PathBuf;

use passerelle_core::media_folder::{self, MoveProgress, MoveReport, Status};
use passerelle_core::{Error, Store};
use tauri::{AppHandle, Emitter, State};

use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, blocking, Answer};

/// The media folder's status (reads the archive and the disk's free space only).
#[tauri::command]
pub async fn media_status(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Status> {
    let path = session.shown_db_path();
    let result = blocking(move || media_folder::status(&Store::open_read_only(&path)?)).await;
    answer(lang.get(), result)
}

/// Moves the media folder to `dir` (copy, switch, clean); `media-move-progress` every few
/// files; stopped by [`cancel_media_move`] (the old folder then stays in use, complete).
#[tauri::command]
pub async fn move_media(
    dir: String,
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<MoveReport> {
    let Some(cancel) = session.begin_sync() else {
        return answer(lang.get(), Err(busy()));
    };
    let path = session.shown_db_path();
    let result = blocking(move || {
        let store = Store::open_existing(&path)?;
        let progress = |p: &MoveProgress| {
            let _ = app.emit("media-move-progress", p);
        };
        media_folder::move_to(&store, &PathBuf::from(dir.trim()), &progress, &cancel)
    })
    .await;
    session.end_sync();
    answer(lang.get(), result)
}

/// Stops the move under way; false when none runs.
#[tauri::command]
pub fn cancel_media_move(session: State<'_, Session>) -> bool {
    session.cancel_sync()
}

fn busy() -> Error {
    Error::invalid(
        "folder",
        "une synchronisation est en cours : attendez qu'elle se termine (ou arrêtez-la), puis déplacez le dossier",
        "a sync is running: wait for it to end (or stop it), then move the folder",
    )
}
