//! Erasing one customer from the window (Settings → Erase a customer): what would go, then the
//! archive — and, as an explicit second choice, the same messages and media at Twilio first.
//! The core decides and deletes; this only adapts (the Twilio client is the archive's own).

use passerelle_core::erase::{self, ErasePreview, TwilioErasure};
use passerelle_core::phone::Country;
use passerelle_core::Lang;
use serde::Serialize;
use tauri::State;

use crate::inbox::as_viewer;
use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, Answer};

/// What the confirmation shows.
#[derive(Serialize)]
pub struct ErasePlan {
    /// The counts.
    preview: ErasePreview,
    /// The same in plain words, in the user's language.
    summary: String,
    /// Whether Twilio can be reached to delete there too (an archive still connected).
    twilio_possible: bool,
}

/// What was erased.
#[derive(Serialize)]
pub struct Erased {
    /// From the archive.
    archive: ErasePreview,
    /// At Twilio, when asked.
    at_twilio: Option<TwilioErasure>,
}

/// What erasing the customer at `number` (read with `country`) would delete.
#[tauri::command]
pub async fn erase_preview(
    number: String,
    country: Country,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ErasePlan> {
    let language: Lang = lang.get();
    let twilio_possible = session.target().is_some() && session.opened().is_none();
    let result = as_viewer(&session, move |store, viewer| {
        let preview = erase::preview(store, viewer, &number, country)?;
        Ok(ErasePlan {
            summary: preview.summary(language),
            preview,
            twilio_possible,
        })
    })
    .await;
    answer(language, result)
}

/// Erases the customer at `number`: at Twilio first when `at_twilio` (stopping there, archive
/// untouched, if anything could not be deleted), then from the archive.
#[tauri::command]
pub async fn erase_customer(
    number: String,
    country: Country,
    at_twilio: bool,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Erased> {
    let language = lang.get();
    let at_twilio = if at_twilio {
        answer(language, crate::opened::refuse_twilio(&session))?;
        let client = session
            .target()
            .map(|t| t.client)
            .ok_or(passerelle_core::Error::NotConnected);
        let client = answer(language, client)?;
        let wanted = number.clone();
        let targets = as_viewer(&session, move |store, viewer| {
            erase::twilio_targets(store, viewer, &wanted, country)
        })
        .await;
        let targets = answer(language, targets)?;
        let report = erase::erase_at_twilio(&client, &targets).await;
        answer(language, erase::require_twilio_done(&report))?;
        Some(report)
    } else {
        None
    };
    let result = as_viewer(&session, move |store, viewer| {
        erase::erase(store, viewer, &number, country)
    })
    .await;
    answer(language, result).map(|archive| Erased { archive, at_twilio })
}
