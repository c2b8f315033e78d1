//! File → Open archive: another archive file (a backup, a colleague's archive) shown to read.
//! The core copies it into the app's own folder and never writes the file chosen; the screens
//! read the copy until it is closed, and Twilio actions (sending, erasing at Twilio) are refused
//! meanwhile with a plain reason, since the file may belong to another account.

use passerelle_core::archive::{self, OpenedArchive};
use passerelle_core::Error;
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::Session;
use crate::wire::{answer, blocking, Answer};

/// Refuses a Twilio action while an archive file is opened to read.
pub fn refuse_twilio(session: &Session) -> passerelle_core::Result<()> {
    match session.opened() {
        None => Ok(()),
        Some(opened) => Err(Error::invalid(
            "archive",
            format!(
                "vous consultez le fichier {} en lecture seule : fermez-le (Réglages → Ouvrir une archive) pour agir chez Twilio.",
                opened.source.display()
            ),
            format!(
                "you are reading the file {} (read-only): close it (Settings → Open an archive) to act at Twilio.",
                opened.source.display()
            ),
        )),
    }
}

/// Opens the archive file at `path` to read; the screens show it from now on.
#[tauri::command]
pub async fn open_archive_file(
    path: String,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<OpenedArchive> {
    let folder = session.opened_folder();
    session.set_opened(None);
    let result =
        blocking(move || archive::open_copy(std::path::Path::new(path.trim()), &folder)).await;
    let opened = answer(lang.get(), result)?;
    session.set_opened(Some(opened.clone()));
    Ok(opened)
}

/// Closes the archive file opened to read: the window shows its own archive again.
#[tauri::command]
pub async fn close_archive_file(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<()> {
    let folder = session.opened_folder();
    session.set_opened(None);
    answer(
        lang.get(),
        blocking(move || archive::close_copy(&folder)).await,
    )
}

/// The archive file opened to read, if any.
#[tauri::command]
pub fn opened_archive(session: State<'_, Session>) -> Option<OpenedArchive> {
    session.opened()
}
