//! The media folder: where downloaded photos and documents go, chosen per archive (its
//! `settings`, so the app and the CLI agree), how much room the files still to download will
//! take against the free space of its disk, and moving it elsewhere without losing a file.
//!
//! - [`estimate`]: the pure arithmetic (typical sizes per kind, refined by real ones; room).
//! - [`space`]: free bytes on a folder's disk.
//! - [`moving`]: [`move_to`], copy → switch → clean, safe to kill at any moment.

pub mod estimate;
mod moving;
pub mod space;

pub use estimate::{Kind, Room, Tallies};
pub use moving::{move_to, MoveProgress, MoveReport, MoveStep};
pub use space::free_bytes;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::store::{media, media_dir_for, settings, Store};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The settings key holding the chosen folder (absent: `media/` next to the archive).
const SETTING: &str = "media_folder";

/// The folder a move left, while its old files are being deleted (a move killed then finishes
/// the deletion when it runs again).
const PREVIOUS: &str = "media_folder_previous";

/// The media folder of `store`: the one chosen, else `media/` next to the archive (`media/`
/// in the working folder for an archive in memory).
pub fn current(store: &Store) -> Result<PathBuf> {
    Ok(match settings::get(store, SETTING)? {
        Some(chosen) if !chosen.is_empty() => PathBuf::from(chosen),
        _ => default_for(store),
    })
}

/// Where the media go when no folder was chosen: next to the archive.
fn default_for(store: &Store) -> PathBuf {
    store
        .path()
        .map_or_else(|| PathBuf::from("media"), media_dir_for)
}

/// Records `folder` as the media folder, with the `previous` one still to clean, in one
/// transaction (the switch of a move).
fn choose(store: &Store, folder: &Path, previous: Option<&Path>) -> Result<()> {
    let text = folder.to_str().ok_or_else(|| {
        Error::invalid(
            "folder",
            "le chemin du dossier contient des caractères que Passerelle ne sait pas enregistrer",
            "the folder's path holds characters Passerelle cannot record",
        )
    })?;
    match previous.and_then(Path::to_str) {
        Some(old) => settings::set_all(store, &[(SETTING, text), (PREVIOUS, old)]),
        None => settings::set(store, SETTING, text),
    }
}

/// The folder a killed move was cleaning, if any.
fn previous(store: &Store) -> Result<Option<PathBuf>> {
    Ok(settings::get(store, PREVIOUS)?.map(PathBuf::from))
}

/// Forgets the folder being cleaned (its cleaning ended).
fn cleaned(store: &Store) -> Result<()> {
    settings::remove(store, PREVIOUS)
}

/// The counts and sizes per kind of the archive's media (downloaded or still to fetch).
pub(crate) fn tallies(conn: &Connection) -> Result<Tallies> {
    let mut tallies = Tallies::default();
    for row in media::size_rows(conn)? {
        tallies.add(
            row.content_type.as_deref(),
            row.downloaded,
            row.count,
            row.bytes,
        );
    }
    Ok(tallies)
}

/// The media folder and what it holds, as the settings card and `passerelle media` show it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Status {
    /// The folder.
    pub folder: PathBuf,
    /// Whether it is the default one, next to the archive.
    pub is_default: bool,
    /// Files downloaded.
    pub files_present: u64,
    /// Their total size in bytes.
    pub bytes_present: u64,
    /// Files listed but not downloaded yet.
    pub files_pending: u64,
    /// Estimated size of those, in bytes.
    pub estimate_bytes: u64,
    /// Free bytes on the folder's disk, when the system tells.
    pub free_bytes: Option<u64>,
    /// Whether the pending files fit.
    pub room: Room,
}

/// Reads the media folder's status (no file is opened; sizes are the recorded ones).
pub fn status(store: &Store) -> Result<Status> {
    let folder = current(store)?;
    let tallies = tallies(store.conn())?;
    let (files_present, bytes_present) = tallies.downloaded_total();
    let estimate_bytes = tallies.remaining_bytes();
    let free = free_bytes(&folder);
    Ok(Status {
        is_default: folder == default_for(store),
        room: estimate::room(estimate_bytes, free),
        folder,
        files_present,
        bytes_present,
        files_pending: tallies.pending(),
        estimate_bytes,
        free_bytes: free,
    })
}

/// A size as people read it, in decimal units like the system's file manager: `1.2 GB` /
/// `1,2 Go`.
pub fn size_text(bytes: u64, lang: Lang) -> String {
    const UNITS: [(u64, &str, &str); 3] = [
        (1_000_000_000, "Go", "GB"),
        (1_000_000, "Mo", "MB"),
        (1_000, "ko", "kB"),
    ];
    for (scale, fr, en) in UNITS {
        if bytes >= scale {
            let value = bytes as f64 / scale as f64;
            let digits = usize::from(value < 10.0);
            let number = format!("{value:.digits$}");
            return match lang {
                Lang::Fr => format!("{} {fr}", number.replace('.', ",")),
                Lang::En => format!("{number} {en}"),
            };
        }
    }
    match lang {
        Lang::Fr => format!("{bytes} o"),
        Lang::En => format!("{bytes} B"),
    }
}

/// The text of [`Error::NotEnoughSpace`] (kept here, beside the figures it explains).
pub(crate) fn space_message(error: &Error, lang: Lang) -> String {
    let Error::NotEnoughSpace {
        folder,
        needed,
        free,
        moving,
    } = error
    else {
        return String::new();
    };
    let (needed, free) = (size_text(*needed, lang), size_text(*free, lang));
    match (moving, lang) {
        (false, Lang::Fr) => format!("Les photos et documents à télécharger prendront environ {needed}, mais il ne reste que {free} de libre sur le disque du dossier des médias ({folder}). La synchronisation s'est arrêtée avant de les télécharger, sans rien perdre : libérez de la place sur ce disque, ou déplacez le dossier des médias vers un disque plus grand (Réglages › Photos et documents, ou « passerelle media move <DOSSIER> »), puis relancez-la."),
        (false, Lang::En) => format!("The photos and documents to download will take about {needed}, but only {free} is free on the disk of the media folder ({folder}). The sync stopped before downloading them, without losing anything: free some space on that disk, or move the media folder to a larger disk (Settings › Photos and documents, or `passerelle media move <DIR>`), then run it again."),
        (true, Lang::Fr) => format!("Le dossier {folder} n'a pas assez de place : les médias prennent {needed} et il ne reste que {free} de libre sur son disque. Rien n'a été déplacé : choisissez un autre dossier ou libérez de la place."),
        (true, Lang::En) => format!("The folder {folder} does not have enough room: the media take {needed} and only {free} is free on its disk. Nothing was moved: choose another folder or free some space."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_text_table() {
        let cases = [
            (0, "0 o", "0 B"),
            (999, "999 o", "999 B"),
            (12_345, "12 ko", "12 kB"),
            (1_234_567, "1,2 Mo", "1.2 MB"),
            (350_000_000, "350 Mo", "350 MB"),
            (1_200_000_000, "1,2 Go", "1.2 GB"),
        ];
        for (bytes, fr, en) in cases {
            assert_eq!(size_text(bytes, Lang::Fr), fr);
            assert_eq!(size_text(bytes, Lang::En), en);
        }
    }

    #[test]
    fn the_folder_is_next_to_the_archive_until_one_is_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        assert_eq!(current(&store).unwrap(), dir.path().join("media"));
        choose(&store, Path::new("/elsewhere/media"), None).unwrap();
        assert_eq!(current(&store).unwrap(), Path::new("/elsewhere/media"));
        let status = status(&store).unwrap();
        assert!(!status.is_default);
        assert_eq!((status.files_present, status.files_pending), (0, 0));
        assert_eq!(status.room, Room::Fits);
    }
}
