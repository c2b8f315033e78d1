//! Versioned migrations, applied all-or-nothing, with `PRAGMA user_version` as the version
//! stamp and as the guard against a file written by a newer build.
//!
//! `0001_initial.sql` is frozen: it is what every shipped archive was created with. Each later
//! change of the schema is a new numbered file (`0002_<what>.sql`, …) appended to
//! [`MIGRATIONS`], arriving in the same change as the table module (`store/<table>.rs`) that
//! reads and writes what it adds; a migration never edits an earlier one.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// Migrations in order; migration `i` brings the schema to version `i + 1`.
/// Never edit a shipped migration: append a new one.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_inbox.sql"),
    include_str!("migrations/0003_profile_templates.sql"),
    include_str!("migrations/0004_crm.sql"),
    include_str!("migrations/0005_archive_search.sql"),
    include_str!("migrations/0006_notes.sql"),
    include_str!("migrations/0007_number_moves.sql"),
    include_str!("migrations/0008_bulk_load.sql"),
    include_str!("migrations/0009_archive3.sql"),
    include_str!("migrations/0010_inbox3.sql"),
    include_str!("migrations/0011_template_sends.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every pending migration in one transaction, or none of them.
pub(crate) fn apply(conn: &Connection) -> Result<()> {
    apply_list(conn, MIGRATIONS)
}

pub(crate) fn apply_list(conn: &Connection, migrations: &[&str]) -> Result<()> {
    let supported = migrations.len() as i64;
    let found = user_version(conn)?;
    if found > supported {
        return Err(Error::DatabaseNewer { found, supported });
    }
    if found == supported {
        return Ok(());
    }
    // Migrations may index text through it (and a raw connection has not registered it).
    super::message_search::register(conn)?;
    // IMMEDIATE: take the write lock first so two processes opening a fresh file at once
    // cannot both migrate it.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let outcome = (|| -> Result<()> {
        // Re-read under the lock: another process may have migrated meanwhile.
        let found = user_version(conn)?;
        for (index, sql) in migrations.iter().enumerate().skip(found as usize) {
            conn.execute_batch(sql)
                .map_err(|e| Error::Internal(format!("migration {} failed: {e}", index + 1)))?;
        }
        conn.pragma_update(None, "user_version", supported)?;
        Ok(())
    })();
    match outcome {
        Ok(()) => {
            conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_on_a_fresh_database() {
        let conn = Connection::open_in_memory().unwrap();
        apply(&conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        // Applying again is a no-op.
        apply(&conn).unwrap();
    }

    #[test]
    fn an_archive_of_schema_1_moves_to_the_inbox_schema_with_its_users() {
        let conn = Connection::open_in_memory().unwrap();
        apply_list(&conn, &MIGRATIONS[..1]).unwrap();
        conn.execute(
            "INSERT INTO users (name, role, is_owner, created_at) VALUES ('Camille', 'admin', 1, 0)",
            [],
        )
        .unwrap();
        apply(&conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        let (owner, pin): (String, Option<String>) = conn
            .query_row("SELECT name, pin_hash FROM users", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((owner.as_str(), pin), ("Camille", None));
        assert_eq!(
            crate::store::installation::visibility(&conn).unwrap(),
            crate::store::installation::Visibility::Private,
            "an upgraded installation starts Private"
        );
    }

    #[test]
    fn a_failing_migration_leaves_nothing_behind() {
        let conn = Connection::open_in_memory().unwrap();
        let broken = [
            "CREATE TABLE a (x INTEGER);",
            "CREATE TABLE b (y INTEGER); THIS IS NOT SQL;",
        ];
        let err = apply_list(&conn, &broken).unwrap_err();
        assert_eq!(err.code(), crate::error::Code::Internal);
        assert_eq!(user_version(&conn).unwrap(), 0, "version must not move");
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('a','b')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "the first migration must be rolled back too");
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_untouched() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
        let err = apply(&conn).unwrap_err();
        match &err {
            Error::DatabaseNewer { found, supported } => {
                assert_eq!((*found, *supported), (SCHEMA_VERSION + 5, SCHEMA_VERSION));
            }
            other => panic!("expected DatabaseNewer, got {other:?}"),
        }
        assert!(err
            .message(crate::Lang::Fr)
            .contains("version plus récente"));
        assert!(err.message(crate::Lang::En).contains("newer version"));
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION + 5);
    }
}
