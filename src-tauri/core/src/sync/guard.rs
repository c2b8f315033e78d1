//! One sync of an archive at a time, across processes: the window's background sync and
//! `passerelle sync` in a terminal would otherwise copy the same pages twice and race each
//! other's checkpoints. The guard is an advisory lock on a file beside the archive, which the
//! kernel releases when its holder ends — a killed sync never blocks the next one.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::file_lock::{self, FileLock};

/// Held for as long as a sync runs.
pub struct SyncGuard {
    _lock: FileLock,
}

/// The lock file of the archive at `db_path` (`passerelle.db` → `passerelle.db.sync-lock`).
fn lock_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_owned();
    name.push(".sync-lock");
    PathBuf::from(name)
}

/// Takes the archive's sync lock, or answers [`Error::SyncRunning`] when another sync holds it.
pub fn take(db_path: &Path) -> Result<SyncGuard> {
    let path = lock_path(db_path);
    match file_lock::try_lock(&path) {
        Ok(Some(lock)) => Ok(SyncGuard { _lock: lock }),
        Ok(None) => Err(Error::SyncRunning),
        Err(e) => Err(Error::io(format!("locking {}", path.display()), e)),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::error::Code;

    #[test]
    fn a_second_sync_of_one_archive_waits_for_the_first_to_end() {
        let dir = std::env::temp_dir().join(format!("passerelle-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("passerelle.db");
        let first = take(&db).expect("the first sync runs");
        let refused = take(&db).err().expect("the second is refused");
        assert_eq!(refused.code(), Code::SyncRunning);
        // Another archive is another lock.
        let other = take(&dir.join("other.db")).expect("another archive syncs meanwhile");
        drop((first, other));
        assert!(take(&db).is_ok(), "free again once the first has ended");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
