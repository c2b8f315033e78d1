//! Opening another archive file to read it (File → Open archive in the window; `passerelle
//! --db FILE` on the command line): a backup, a colleague's archive. The file chosen is never
//! written: it is opened read-only (refused untouched when it is not a Passerelle archive or
//! comes from a newer Passerelle), copied with `VACUUM INTO` into a folder of the app's own,
//! and the copy — upgraded to this build's schema when older — is what the screens read.

use crate::error::{Error, Result};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use super::status;

/// An archive file opened to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedArchive {
    /// The file the user chose (never written).
    pub source: PathBuf,
    /// The copy the window reads.
    pub copy: PathBuf,
    /// Messages it holds.
    pub messages: u64,
    /// Conversations it holds.
    pub conversations: u64,
}

/// Name of the copy inside `folder`.
const COPY: &str = "opened.db";

/// Copies the archive at `source` into `folder` (replacing an earlier copy there) and reads
/// what it holds.
pub fn open_copy(source: &Path, folder: &Path) -> Result<OpenedArchive> {
    let original = Store::open_read_only(source)?;
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::io(format!("creating {}", folder.display()), e))?;
    let copy = folder.join(COPY);
    close_copy(folder)?;
    original.copy_into(&copy)?;
    drop(original);
    let store = Store::open_existing(&copy)?;
    let held = status(&store)?;
    Ok(OpenedArchive {
        source: source.to_path_buf(),
        copy,
        messages: held.messages,
        conversations: held.conversations,
    })
}

/// Removes the copy made by [`open_copy`] in `folder`, if any (the source stays as it was).
pub fn close_copy(folder: &Path) -> Result<()> {
    for name in [COPY, "opened.db-wal", "opened.db-shm"] {
        let path = folder.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("removing {}", path.display()), e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_file_is_read_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("colleague").join("passerelle.db");
        std::fs::create_dir_all(source.parent().unwrap()).unwrap();
        drop(Store::open(&source).unwrap());
        let listing = |p: &Path| {
            let mut names: Vec<_> = std::fs::read_dir(p)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        let before = (
            std::fs::read(&source).unwrap(),
            listing(source.parent().unwrap()),
        );
        let folder = dir.path().join("app").join("opened");
        let opened = open_copy(&source, &folder).unwrap();
        assert_eq!((opened.messages, opened.conversations), (0, 0));
        assert!(opened.copy.starts_with(&folder));
        let again = open_copy(&source, &folder).unwrap();
        assert_eq!(again.copy, opened.copy, "a second open replaces the copy");
        let after = (
            std::fs::read(&source).unwrap(),
            listing(source.parent().unwrap()),
        );
        assert_eq!(
            before, after,
            "not a byte of the chosen file or its folder changed"
        );
        close_copy(&folder).unwrap();
        assert!(!opened.copy.exists());

        let stranger = dir.path().join("notes.txt");
        std::fs::write(&stranger, "hello").unwrap();
        assert!(
            open_copy(&stranger, &folder).is_err(),
            "not an archive: refused"
        );
    }
}
