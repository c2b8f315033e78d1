//! Opening the archive file: who may create it, what is refused untouched, when it is upgraded
//! (only after a backup), and how a read-only copy is read.
//!
//! A wrong path must never turn into a new archive or convert someone else's database: the file
//! is inspected through a read-only connection before anything is written, and [`plan`]
//! decides from what it holds.

use super::{configure_connection, migrate, Store};
use crate::error::{Error, NotArchive, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::Path;

/// What the caller will do with the archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Create the file (and its folders) when missing, upgrade it when older: `connect`, the app.
    Create,
    /// Write to an existing archive, upgrading it when older; never create one: `sync`.
    Existing,
    /// Read only: never create, upgrade or write data (`status`, `search`); works on a
    /// read-only file in a read-only folder.
    ReadOnly,
}

/// Tables every Passerelle archive has since schema 1: a file stamped with a Passerelle version
/// but lacking them belongs to another program.
const OWN_TABLES: &[&str] = &["accounts", "messages", "settings", "sync_shards"];

/// What an existing file holds, read before anything is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// `PRAGMA user_version`.
    pub version: i64,
    /// Its tables (SQLite's internal `sqlite_*` ones left out), sorted.
    pub tables: Vec<String>,
}

/// What opening an existing file means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Already at this build's schema.
    Ready,
    /// An empty database (no table, version 0): a new archive, nothing to back up.
    Fresh,
    /// An older Passerelle archive: back it up, then migrate from `from`.
    Upgrade {
        /// Its schema version.
        from: i64,
    },
}

/// Why an existing file is refused untouched, whatever the caller means to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not Passerelle's.
    NotArchive(NotArchive),
    /// Written by a newer Passerelle.
    Newer(i64),
}

/// The decision, from what the file holds and the newest schema this build knows.
pub(crate) fn plan(found: &Found, supported: i64) -> std::result::Result<Plan, Refusal> {
    let version = found.version;
    if version < 0 {
        return Err(Refusal::NotArchive(NotArchive::NegativeVersion(version)));
    }
    if version > supported {
        return Err(Refusal::Newer(version));
    }
    if version == 0 {
        return if found.tables.is_empty() {
            Ok(Plan::Fresh)
        } else {
            Err(Refusal::NotArchive(NotArchive::OtherTables(
                found.tables.clone(),
            )))
        };
    }
    let missing: Vec<String> = OWN_TABLES
        .iter()
        .filter(|t| !found.tables.iter().any(|have| have == *t))
        .map(|t| t.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(Refusal::NotArchive(NotArchive::MissingTables(missing)));
    }
    Ok(if version == supported {
        Plan::Ready
    } else {
        Plan::Upgrade { from: version }
    })
}

/// Opens the archive at `path` for `access`, with this build's migrations.
pub(crate) fn open(path: &Path, access: Access) -> Result<Store> {
    open_with(path, access, migrate::MIGRATIONS)
}

/// [`open`] with a given list of migrations (tests upgrade with a longer list).
pub(crate) fn open_with(path: &Path, access: Access, migrations: &[&str]) -> Result<Store> {
    let supported = migrations.len() as i64;
    if !path.exists() {
        return match access {
            Access::Create => create(path, migrations),
            Access::Existing | Access::ReadOnly => Err(Error::ArchiveMissing { path: shown(path) }),
        };
    }
    let reader = read_only_connection(path)?;
    let found = inspect(&reader, path)?;
    let plan = plan(&found, supported).map_err(|refusal| match refusal {
        Refusal::NotArchive(why) => Error::NotAnArchive {
            path: shown(path),
            why,
        },
        Refusal::Newer(found) => Error::DatabaseNewer { found, supported },
    })?;
    if access == Access::ReadOnly {
        return match plan {
            Plan::Ready => store(reader, path, false),
            // An empty database is no archive yet.
            Plan::Fresh => Err(Error::ArchiveMissing { path: shown(path) }),
            Plan::Upgrade { from } => Err(Error::ArchiveOutdated {
                path: shown(path),
                found: from,
                supported,
            }),
        };
    }
    if access == Access::Existing && plan == Plan::Fresh {
        return Err(Error::ArchiveMissing { path: shown(path) }); // only `Create` makes archives
    }
    drop(reader);
    let upgrade = match plan {
        Plan::Upgrade { from } => Some((from, supported)),
        _ => None,
    };
    let conn = writable_connection(path, upgrade)?;
    if let Plan::Upgrade { from } = plan {
        let copy = super::backups::back_up(&conn, path, &format!("schema{from}"))?;
        tracing::info!(backup = %copy.display(), from, "archive backed up before its upgrade");
    }
    migrate::apply_list(&conn, migrations)?;
    store(conn, path, true)
}

/// A new archive: its folders, the file, every migration.
fn create(path: &Path, migrations: &[&str]) -> Result<Store> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
    }
    let conn = Connection::open(path)?;
    configure_connection(&conn, true)?;
    migrate::apply_list(&conn, migrations)?;
    store(conn, path, true)
}

fn store(conn: Connection, path: &Path, writable: bool) -> Result<Store> {
    if !writable {
        // No journal-mode switch: that would be a write.
        configure_connection(&conn, false)?;
    }
    Ok(Store {
        conn,
        path: Some(path.to_owned()),
    })
}

/// A connection that never writes data. Where the archive can be written, a read-write
/// connection with `query_only` set: SQLite then tidies the WAL files on close, as a
/// `SQLITE_OPEN_READ_ONLY` connection cannot (it would leave empty `-wal` and `-shm` files
/// beside the archive after every `status`). On read-only storage, `SQLITE_OPEN_READ_ONLY`; and
/// as a WAL archive needs its `-shm` index, which SQLite cannot create in a read-only folder,
/// the file is opened as immutable when no `-wal` file is left over (every committed page is
/// then in the main file).
fn read_only_connection(path: &Path) -> Result<Connection> {
    let query_only = || -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.pragma_update(None, "query_only", true)?;
        probe(&conn)?;
        Ok(conn)
    };
    let refused = match query_only() {
        Ok(conn) => return Ok(conn),
        Err(e) if !cannot_write_beside(&e) => return Err(classify(e, path)),
        Err(e) => e,
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let refused = match Connection::open_with_flags(path, flags) {
        Ok(conn) => match probe(&conn) {
            Ok(()) => return Ok(conn),
            Err(e) => e,
        },
        Err(_) => refused,
    };
    if !cannot_write_beside(&refused) || has_pending_wal(path) {
        return Err(classify(refused, path));
    }
    let conn = Connection::open_with_flags(immutable_uri(path), flags)?;
    probe(&conn).map_err(|e| classify(e, path))?;
    Ok(conn)
}

/// A read-write connection to an existing file; refused when the file or its folder is
/// read-only (SQLite then opens read-only, or fails on the WAL files).
fn writable_connection(path: &Path, upgrade: Option<(i64, i64)>) -> Result<Connection> {
    let read_only = || Error::ArchiveReadOnly {
        path: shown(path),
        upgrade,
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        if cannot_write_beside(&e) {
            read_only()
        } else {
            Error::from(e)
        }
    })?;
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        return Err(read_only());
    }
    configure_connection(&conn, true).map_err(|e| match &e {
        Error::Database(db) if cannot_write_beside(db) => read_only(),
        _ => e,
    })?;
    Ok(conn)
}

/// Reads the version and the table names (the first read: it fails on a non-SQLite file).
fn inspect(conn: &Connection, path: &Path) -> Result<Found> {
    let read = || -> rusqlite::Result<Found> {
        let version = migrate::user_version(conn)?;
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?;
        let tables = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Found { version, tables })
    };
    read().map_err(|e| classify(e, path))
}

fn probe(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
}

/// A file SQLite does not recognise is "not an archive"; other errors stay database errors.
fn classify(e: rusqlite::Error, path: &Path) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotAnArchive {
            path: shown(path),
            why: NotArchive::NotSqlite,
        },
        _ => Error::Database(e),
    }
}

/// SQLite's ways of saying it cannot write the file or the WAL files beside it.
fn cannot_write_beside(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
}

fn has_pending_wal(path: &Path) -> bool {
    std::fs::metadata(super::backups::sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// `file:<path>?immutable=1`, the path percent-encoded (a `?` or `#` in a folder name must not
/// end the path).
fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    for &b in absolute.as_os_str().as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(b as char);
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(version: i64, tables: &[&str]) -> Found {
        Found {
            version,
            tables: tables.iter().map(|t| t.to_string()).collect(),
        }
    }

    const OWN: &[&str] = &["accounts", "messages", "settings", "sync_shards", "media"];

    #[test]
    fn what_opening_a_file_means() {
        let other = || NotArchive::OtherTables(vec!["customers".into(), "orders".into()]);
        let cases: Vec<(&str, Found, std::result::Result<Plan, Refusal>)> = vec![
            ("an empty database", found(0, &[]), Ok(Plan::Fresh)),
            ("this build's schema", found(3, OWN), Ok(Plan::Ready)),
            (
                "an older Passerelle archive",
                found(1, OWN),
                Ok(Plan::Upgrade { from: 1 }),
            ),
            (
                "another program's database",
                found(0, &["customers", "orders"]),
                Err(Refusal::NotArchive(other())),
            ),
            (
                "a negative version",
                found(-1, OWN),
                Err(Refusal::NotArchive(NotArchive::NegativeVersion(-1))),
            ),
            ("a newer Passerelle", found(4, OWN), Err(Refusal::Newer(4))),
            (
                "a version but not Passerelle's tables",
                found(2, &["customers"]),
                Err(Refusal::NotArchive(NotArchive::MissingTables(
                    OWN_TABLES.iter().map(|t| t.to_string()).collect(),
                ))),
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(plan(&input, 3), want, "{name}");
        }
    }

    fn version_of(path: &Path) -> i64 {
        let conn = Connection::open(path).unwrap();
        migrate::user_version(&conn).unwrap()
    }

    #[test]
    fn an_older_archive_is_backed_up_before_it_is_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("passerelle.db");
        let v1 = &migrate::MIGRATIONS[..1];
        drop(open_with(&path, Access::Create, v1).unwrap());
        let mut v2 = v1.to_vec();
        v2.push("CREATE TABLE later (x INTEGER);");

        let err = open_with(&path, Access::ReadOnly, &v2).err().unwrap();
        assert!(matches!(
            err,
            Error::ArchiveOutdated {
                found: 1,
                supported: 2,
                ..
            }
        ));
        assert!(
            !dir.path().join("backups").exists(),
            "a reader makes no backup"
        );

        let store = open_with(&path, Access::Existing, &v2).unwrap();
        assert_eq!(store.schema_version().unwrap(), 2);
        drop(store);
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1, "{backups:?}");
        let name = backups[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("passerelle-schema1-") && name.ends_with(".db"),
            "{name}"
        );
        assert_eq!(
            version_of(&backups[0]),
            1,
            "the backup is the archive before the upgrade"
        );
        assert_eq!(version_of(&path), 2);

        // Already upgraded: no second backup.
        drop(open_with(&path, Access::Existing, &v2).unwrap());
        assert_eq!(
            std::fs::read_dir(dir.path().join("backups"))
                .unwrap()
                .count(),
            1
        );
    }

    /// Set in the child process of the test below: the archive it must fail to upgrade.
    const READ_ONLY_ARCHIVE: &str = "PASSERELLE_TEST_READ_ONLY_ARCHIVE";

    #[test]
    fn a_read_only_archive_that_needs_upgrading_is_refused_untouched() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        use std::os::unix::process::CommandExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("passerelle.db");
        drop(open_with(&path, Access::Create, &migrate::MIGRATIONS[..1]).unwrap());
        let before = std::fs::read(&path).unwrap();
        let mode =
            |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
        mode(&path, 0o444).unwrap();
        mode(dir.path(), 0o555).unwrap();
        // Root writes through any permission: the check then runs as `nobody`, in a child
        // process running only the helper test below.
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child
            .args([
                "--exact",
                "store::open::tests::refuse_to_upgrade_read_only",
                "--ignored",
            ])
            .env(READ_ONLY_ARCHIVE, &path);
        if std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0) {
            child.uid(65534).gid(65534);
        }
        let out = child.output().unwrap();
        mode(dir.path(), 0o755).unwrap();
        mode(&path, 0o644).unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file is unchanged"
        );
        assert!(!dir.path().join("backups").exists());
    }

    #[test]
    #[ignore = "run by a_read_only_archive_that_needs_upgrading_is_refused_untouched"]
    fn refuse_to_upgrade_read_only() {
        let path = std::path::PathBuf::from(
            std::env::var_os(READ_ONLY_ARCHIVE).expect("run by its parent"),
        );
        let mut v2 = migrate::MIGRATIONS[..1].to_vec();
        v2.push("CREATE TABLE later (x INTEGER);");
        for access in [Access::Existing, Access::Create] {
            match open_with(&path, access, &v2) {
                Err(Error::ArchiveReadOnly {
                    upgrade: Some((1, 2)),
                    ..
                }) => {}
                other => panic!(
                    "{access:?}: expected ArchiveReadOnly, got {:?}",
                    other.err()
                ),
            }
        }
        // Reading it is still possible, and says it needs upgrading.
        assert!(matches!(
            open_with(&path, Access::ReadOnly, &v2),
            Err(Error::ArchiveOutdated {
                found: 1,
                supported: 2,
                ..
            })
        ));
        let current = open_with(&path, Access::ReadOnly, &migrate::MIGRATIONS[..1]).unwrap();
        assert_eq!(current.schema_version().unwrap(), 1);
    }

    #[test]
    fn immutable_uris_escape_what_would_end_the_path() {
        assert_eq!(
            immutable_uri(Path::new("/a b/x?y#z%.db")),
            "file:/a%20b/x%3Fy%23z%25.db?immutable=1"
        );
    }
}
