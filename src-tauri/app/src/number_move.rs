//! The "Move my number" screen: each command adapts one core call of
//! `passerelle_core::number_move` (the wizard's state, step 1's facts, the completeness check,
//! the ticket text, finishing, the handover report).

use passerelle_core::number_move::{self, Event, Facts, NumberStatus, Proof};
use passerelle_core::Store;
use std::path::PathBuf;
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::whatsapp::{client_of, db_of};
use crate::wire::{answer, blocking, Answer};

/// Every business number's wizard (works offline).
#[tauri::command]
pub async fn move_status(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<NumberStatus>> {
    let db = db_of(&session);
    answer(
        lang.get(),
        blocking(move || number_move::status(&Store::open(&db)?)).await,
    )
}

/// Applies a user's event to the wizard of `sender`; returns every number's wizard.
#[tauri::command]
pub async fn move_event(
    sender: String,
    event: Event,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<NumberStatus>> {
    let db = db_of(&session);
    let result = blocking(move || {
        let store = Store::open(&db)?;
        number_move::apply(&store, &sender, event)?;
        number_move::status(&store)
    })
    .await;
    answer(lang.get(), result)
}

/// Step 1's facts from Twilio: quality rating, messaging limit, approved templates.
#[tauri::command]
pub async fn move_facts(
    sender: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Facts> {
    let result = async {
        let (db, client) = client_of(&session).await?;
        number_move::facts(&client, &db, &sender).await
    };
    answer(lang.get(), result.await)
}

/// Step 2's completeness check (with repairs); recorded in the wizard.
#[tauri::command]
pub async fn move_check(
    sender: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Proof> {
    let result = async {
        let (db, client) = client_of(&session).await?;
        number_move::run_check(&client, &db, &sender, false).await
    };
    answer(lang.get(), result.await)
}

/// Step 5's ticket text (Account SID and number, never a secret).
#[tauri::command]
pub async fn move_ticket(
    sender: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<String> {
    let db = db_of(&session);
    answer(
        lang.get(),
        blocking(move || number_move::ticket_text(&Store::open(&db)?, &sender)).await,
    )
}

/// Step 6 → 7: the quick re-run of the check, then Done.
#[tauri::command]
pub async fn move_finish(
    sender: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Vec<NumberStatus>> {
    let result = async {
        let (db, client) = client_of(&session).await?;
        number_move::finish(&client, &db, &sender).await?;
        blocking(move || number_move::status(&Store::open(&db)?)).await
    };
    answer(lang.get(), result.await)
}

/// Writes the handover report (HTML or PDF) to the file the user chose; returns where it went.
#[tauri::command]
pub async fn move_report(
    sender: String,
    path: String,
    format: number_move::ReportFormat,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<PathBuf> {
    let db = db_of(&session);
    let lang = lang.get();
    let result = blocking(move || {
        number_move::write_report(
            &Store::open(&db)?,
            &sender,
            &PathBuf::from(path),
            format,
            lang,
        )
    })
    .await;
    answer(lang, result)
}

/// Step 3: exports the whole archive as an HTML folder in the Documents folder (the same
/// export as `passerelle export --format html`); returns what was written.
#[tauri::command]
pub async fn move_export(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<passerelle_core::export::ExportReport> {
    let db = db_of(&session);
    let lang = lang.get();
    let result = blocking(move || number_move::exports::export_archive(&db, lang)).await;
    answer(lang, result)
}
