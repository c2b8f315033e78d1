//! Disconnecting Twilio from the window: where a disconnect stands, and running it (or
//! resuming it) with a `disconnect-progress` event after each step.

use passerelle_core::disconnect::{self, Disconnect, Hooks};
use passerelle_core::inbox::Viewer;
use passerelle_core::notes::{self, ConvertOptions};
use passerelle_core::Store;
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};

use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, blocking, Answer};

/// What Settings shows about disconnecting.
#[derive(Serialize)]
pub struct DisconnectStatus {
    /// Whether the connected account was disconnected (Twilio actions refused).
    disconnected: bool,
    /// The latest disconnect, finished or interrupted.
    latest: Option<Disconnect>,
}

/// Where disconnecting stands.
#[tauri::command]
pub async fn disconnect_status(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<DisconnectStatus> {
    let path = session.shown_db_path();
    let result = blocking(move || {
        let store = Store::open_read_only(&path)?;
        Ok(DisconnectStatus {
            disconnected: disconnect::is_disconnected(&store)?,
            latest: disconnect::latest(&store)?,
        })
    })
    .await;
    answer(lang.get(), result)
}

/// Disconnects Twilio (or resumes an interrupted disconnect), owner only. Emits
/// `disconnect-progress` with the state after each step; answers the final state.
#[tauri::command]
pub async fn disconnect_twilio(
    app: AppHandle,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Disconnect> {
    let path = session.shown_db_path();
    let language = lang.get();
    let result = blocking(move || {
        let store = Store::open_existing(&path)?;
        let owner = Viewer::owner(&store)?;
        let options = ConvertOptions::local(notes::preferred_split(&store)?, language);
        let run = disconnect::start(&store, &owner, options)?;
        let _ = app.emit("disconnect-progress", &run);
        disconnect::run_to_end(&store, run, &Hooks::default(), &|state| {
            let _ = app.emit("disconnect-progress", state);
        })
    })
    .await;
    answer(language, result)
}
