//! The archive's reading commands for the Search and Insights screens: message hits (a page,
//! newest first), notes found, and the insights figures, each for the current user through
//! the core's one visibility rule ([`passerelle_core::archive::search_as`]).

use passerelle_core::archive::{self, Insights, NoteResult, SearchFilter, SearchPage};
use serde::Deserialize;
use tauri::State;

use crate::inbox::as_viewer;
use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, Answer};

/// Hits per page unless asked otherwise; the screen draws only the visible ones.
const PAGE: usize = 100;

/// What the Search screen asks.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// The words typed.
    text: String,
    /// Date range, business number, customer, direction, status, media.
    filter: SearchFilter,
    /// The previous page's `next`.
    cursor: Option<String>,
    /// Hits per page (at most 500).
    page_size: usize,
}

/// A page of message hits, newest first.
#[tauri::command]
pub async fn search_archive(
    query: SearchQuery,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<SearchPage> {
    let size = match query.page_size {
        0 => PAGE,
        n => n.min(500),
    };
    let result = as_viewer(&session, move |store, viewer| {
        archive::search_as(
            store,
            viewer,
            &query.text,
            &query.filter,
            query.cursor.as_deref(),
            size,
        )
    })
    .await;
    answer(lang.get(), result)
}

/// The newest notes matching `text` (at most 50).
#[tauri::command]
pub async fn search_notes(
    text: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<NoteResult>> {
    let result = as_viewer(&session, move |store, viewer| {
        archive::search_notes(store, viewer, &text, 50)
    })
    .await;
    answer(lang.get(), result)
}

/// The Insights screen's figures, reasons in the user's language.
#[tauri::command]
pub async fn archive_insights(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Insights> {
    let language = lang.get();
    let result = as_viewer(&session, move |store, viewer| {
        archive::insights(store, viewer, language)
    })
    .await;
    answer(language, result)
}

/// Writes the same figures as a CSV file at `path` (or in the Downloads folder); returns
/// where it was written.
#[tauri::command]
pub async fn save_insights_csv(
    path: Option<String>,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<String> {
    let language = lang.get();
    let result = as_viewer(&session, move |store, viewer| {
        let path = path
            .filter(|p| !p.trim().is_empty())
            .map(std::path::PathBuf::from);
        archive::save_insights_csv(store, viewer, language, path.as_deref())
            .map(|p| p.display().to_string())
    })
    .await;
    answer(language, result)
}
