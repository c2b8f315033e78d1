//! Backups of the archive for the user: list them, make one on demand, restore one. A
//! restore first backs up the current archive, then replaces the file safely (a copy beside
//! it, then a rename) and reopens it: the caller gives its [`Store`] up and gets the new one.
//!
//! Backups are whole archives: restoring one brings back what it held, erased customers
//! included (see `erase`).

use crate::error::{Error, Result};
use crate::inbox::visibility::{Action, Viewer};
use crate::store::audit::{self, AuditAction};
use crate::store::backups::{back_up, folder_for, sidecar};
use crate::store::{now_unix, users, Store};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One backup file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// The file name (what [`restore`] takes).
    pub name: String,
    /// Its full path.
    pub path: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// RFC 3339: when it was written.
    pub made_at: String,
    /// Why: `manual`, `disconnect`, `before-restore`, `schema1` (before an upgrade), …
    pub reason: String,
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restored {
    /// The backup now in place.
    pub restored: String,
    /// The copy of the archive as it was just before.
    pub previous: Backup,
}

/// The backups of the archive at `db_path`, newest first.
pub fn list(db_path: &Path) -> Result<Vec<Backup>> {
    let folder = folder_for(db_path);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("reading {}", folder.display()), e)),
    };
    let stem = stem_of(db_path);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("reading {}", folder.display()), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(backup) = describe(&entry.path(), &name, &stem) {
            found.push(backup);
        }
    }
    found.sort_by(|a, b| b.made_at.cmp(&a.made_at).then(b.name.cmp(&a.name)));
    Ok(found)
}

/// Makes a backup now (the owner or an administrator).
pub fn make(store: &Store, viewer: &Viewer) -> Result<Backup> {
    viewer.check(store, Action::ManageBackups)?;
    make_labelled(store, "manual")
}

/// Replaces the archive with backup `name` (a file of its backups folder), after backing up
/// the current one; returns the reopened archive. Refused while another connection (another
/// window, a running sync) still has the archive open.
pub fn restore(store: Store, viewer: &Viewer, name: &str) -> Result<(Store, Restored)> {
    viewer.check(&store, Action::ManageBackups)?;
    let path = store
        .path()
        .ok_or_else(|| Error::Internal("an archive in memory has no backups".into()))?
        .to_owned();
    let source = backup_path(&path, name)?;
    check_is_archive(&source)?;
    let previous = make_labelled(&store, "before-restore")?;
    let actor = viewer.user.clone();
    drop(store);
    let wal = sidecar(&path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(Error::invalid(
            "archive",
            "l'archive est encore ouverte ailleurs (une autre fenêtre, une synchronisation) : fermez-la puis recommencez.",
            "the archive is still open elsewhere (another window, a sync): close it and try again.",
        ));
    }
    for leftover in [wal, sidecar(&path, "-shm")] {
        let _ = std::fs::remove_file(leftover);
    }
    replace_file(&source, &path)?;
    let restored = Store::open(&path)?;
    if let Some(user) = users::by_id(restored.conn(), actor.id)?.filter(|u| u.name == actor.name) {
        audit::record(
            restored.conn(),
            now_unix(),
            &user,
            AuditAction::BackupRestored,
            None,
            Some(name),
        )?;
    }
    Ok((
        restored,
        Restored {
            restored: name.to_owned(),
            previous,
        },
    ))
}

fn make_labelled(store: &Store, label: &str) -> Result<Backup> {
    let path = store
        .path()
        .ok_or_else(|| Error::Internal("an archive in memory cannot be backed up".into()))?;
    let copy = back_up(store.conn(), path, label)?;
    let name = copy
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    describe(&copy, &name, &stem_of(path))
        .ok_or_else(|| Error::Internal(format!("backup {} vanished", copy.display())))
}

/// `name` inside the backups folder, refused when it names anything else.
fn backup_path(db_path: &Path, name: &str) -> Result<PathBuf> {
    let plain =
        !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && name.ends_with(".db");
    let path = folder_for(db_path).join(name);
    if !plain || !path.is_file() {
        return Err(Error::invalid(
            "backup",
            format!("aucune sauvegarde nommée « {name} »."),
            format!("no backup named “{name}”."),
        ));
    }
    Ok(path)
}

/// Refuses a file that is no Passerelle archive (an older one is fine: it is upgraded when
/// reopened, after its own backup).
fn check_is_archive(path: &Path) -> Result<()> {
    match Store::open_read_only(path) {
        Ok(_) | Err(Error::ArchiveOutdated { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Copies `source` beside `target`, flushes it, then renames it over `target`: a crash
/// leaves either the old archive or the new one, never half of one.
fn replace_file(source: &Path, target: &Path) -> Result<()> {
    let temporary = sidecar(target, ".restoring");
    let io = |what: &str, e| Error::io(format!("{what} {}", temporary.display()), e);
    std::fs::copy(source, &temporary).map_err(|e| io("writing", e))?;
    std::fs::File::open(&temporary)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("flushing", e))?;
    std::fs::rename(&temporary, target).map_err(|e| io("renaming", e))?;
    if let Some(parent) = target.parent() {
        let _ = std::fs::File::open(parent).and_then(|d| d.sync_all());
    }
    Ok(())
}

fn describe(path: &Path, name: &str, stem: &str) -> Option<Backup> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    // `<reason>-YYYYMMDD-HHMMSS[-n]`
    let parts: Vec<&str> = rest.split('-').collect();
    let stamp_at = parts
        .iter()
        .position(|p| p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()))?;
    let reason = parts[..stamp_at].join("-");
    let meta = std::fs::metadata(path).ok()?;
    let made_at = meta
        .modified()
        .ok()
        .map(|t| chrono::DateTime::<chrono::Utc>::from(t).timestamp())
        .map(crate::rfc3339)
        .unwrap_or_default();
    Some(Backup {
        name: name.to_owned(),
        path: path.to_string_lossy().into_owned(),
        size_bytes: meta.len(),
        made_at,
        reason,
    })
}

fn stem_of(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "passerelle".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_in_the_backups_folder_are_restored() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("passerelle.db");
        std::fs::create_dir_all(folder_for(&db)).unwrap();
        std::fs::write(
            folder_for(&db).join("passerelle-manual-20240101-000000.db"),
            b"x",
        )
        .unwrap();
        let cases = [
            ("passerelle-manual-20240101-000000.db", true),
            ("../passerelle.db", false),
            ("/etc/passwd", false),
            ("..", false),
            ("", false),
            ("missing.db", false),
            ("passerelle-manual-20240101-000000.txt", false),
        ];
        for (name, ok) in cases {
            assert_eq!(backup_path(&db, name).is_ok(), ok, "{name:?}");
        }
    }

    #[test]
    fn backup_names_say_why_they_were_made() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.db");
        std::fs::write(&file, b"x").unwrap();
        let cases = [
            ("passerelle-manual-20240101-000000.db", Some("manual")),
            (
                "passerelle-before-restore-20240101-000000-2.db",
                Some("before-restore"),
            ),
            ("passerelle-schema1-20240101-000000.db", Some("schema1")),
            ("other-manual-20240101-000000.db", None),
            ("passerelle-manual.db", None),
        ];
        for (name, want) in cases {
            let got = describe(&file, name, "passerelle").map(|b| b.reason);
            assert_eq!(got.as_deref(), want, "{name}");
        }
    }
}
