//! Backups of the archive: consistent copies made with `VACUUM INTO` in the `backups/` folder
//! beside it, named `<archive>-<why>-<YYYYMMDD-HHMMSS>.db` (`passerelle-schema1-…` before an
//! upgrade, `-manual-`, `-disconnect-`, `-before-restore-`). The one place that writes them.

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The folder holding the backups of the archive at `db_path`.
pub fn folder_for(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// `path` with `suffix` appended to its name (`passerelle.db-wal`).
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copies the archive open on `conn` (whose file is `db_path`) to
/// `backups/<stem>-<label>-<local date>.db` (a `-2`, `-3`… suffix when taken the same second)
/// and returns the copy's path. `VACUUM INTO` writes a consistent, compact copy that holds
/// nothing deleted before it.
pub(crate) fn back_up(conn: &Connection, db_path: &Path, label: &str) -> Result<PathBuf> {
    let folder = folder_for(db_path);
    std::fs::create_dir_all(&folder)
        .map_err(|e| Error::io(format!("creating {}", folder.display()), e))?;
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "passerelle".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let target = (1..)
        .map(|n| match n {
            1 => folder.join(format!("{stem}-{label}-{stamp}.db")),
            n => folder.join(format!("{stem}-{label}-{stamp}-{n}.db")),
        })
        .find(|candidate| !candidate.exists())
        .expect("an unused name");
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    Ok(target)
}
