//! Notes and backups for the window: list and open notes, convert linked conversations, list,
//! make and restore backups. Each command opens the archive it reads (so a restored archive
//! is what the next command sees) and acts as the owner until the window has a user switch.

use passerelle_core::backups::{self, Backup, Restored};
use passerelle_core::inbox::Viewer;
use passerelle_core::notes::{self, ConvertOptions, ConvertReport, Note, NotesQuery, Split};
use passerelle_core::Store;
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, blocking, Answer};

/// Notes, newest first (a page of them).
#[tauri::command]
pub async fn list_notes(
    query: Option<NotesQuery>,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<Note>> {
    let path = session.shown_db_path();
    let query = query.unwrap_or_default();
    let result = blocking(move || {
        let store = Store::open_read_only(&path)?;
        notes::list(&store, &Viewer::owner(&store)?, &query)
    })
    .await;
    answer(lang.get(), result)
}

/// One note (the screen shows its plain text).
#[tauri::command]
pub async fn get_note(
    id: i64,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Note> {
    let path = session.shown_db_path();
    let result = blocking(move || {
        let store = Store::open_read_only(&path)?;
        notes::get(&store, &Viewer::owner(&store)?, id)
    })
    .await;
    answer(lang.get(), result)
}

/// Writes or updates the notes of every linked conversation (one per conversation, or one
/// per day when `per_day`), and remembers the choice.
#[tauri::command]
pub async fn convert_notes(
    per_day: bool,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ConvertReport> {
    let path = session.shown_db_path();
    let language = lang.get();
    let result = blocking(move || {
        let store = Store::open_existing(&path)?;
        let split = if per_day { Split::PerDay } else { Split::Whole };
        notes::set_preferred_split(&store, split)?;
        notes::convert_all(
            &store,
            &Viewer::owner(&store)?,
            &ConvertOptions::local(split, language),
            &|_, _| {},
        )
    })
    .await;
    answer(language, result)
}

/// The archive's backups, newest first.
#[tauri::command]
pub async fn list_backups(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<Backup>> {
    let path = session.shown_db_path();
    answer(lang.get(), blocking(move || backups::list(&path)).await)
}

/// Makes a backup now.
#[tauri::command]
pub async fn make_backup(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Backup> {
    let path = session.shown_db_path();
    let result = blocking(move || {
        let store = Store::open_existing(&path)?;
        backups::make(&store, &Viewer::owner(&store)?)
    })
    .await;
    answer(lang.get(), result)
}

/// Restores backup `name` (the current archive is backed up first); refused while a sync
/// runs, since it holds the archive open.
#[tauri::command]
pub async fn restore_backup(
    name: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Restored> {
    let path = session.shown_db_path();
    let result = blocking(move || {
        let store = Store::open_existing(&path)?;
        let owner = Viewer::owner(&store)?;
        let (_reopened, restored) = backups::restore(store, &owner, &name)?;
        Ok(restored)
    })
    .await;
    answer(lang.get(), result)
}
