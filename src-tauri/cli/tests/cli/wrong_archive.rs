//! A wrong `--db` is refused, never created or converted: reading commands need an existing
//! Passerelle archive, only `connect` creates one, and another program's database, a negative
//! schema version or a file that is not SQLite are left byte for byte as they were.

use std::path::Path;

use passerelle_core::error::NotArchive;
use passerelle_core::{Error, Lang};

use crate::support::{archive, as_main, passerelle, run, sim, synced};

fn flat(text: String) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `args`, which must fail with exactly `want` on one line and nothing on stdout.
fn assert_refused(command: std::process::Command, args: &[&str], want: &Error, lang: Lang) {
    let out = run(command, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?} fails: {stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!("passerelle: {}", flat(want.message(lang))),
        "{args:?}"
    );
    assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("file")
}

#[test]
fn reading_commands_on_a_missing_archive_name_the_path_and_create_nothing() {
    let a = archive();
    let db = a.dir.path().join("no/such/folder/passerelle.db");
    let missing = Error::ArchiveMissing {
        path: db.display().to_string(),
    };
    for args in [&["status"][..], &["status", "--json"], &["search", "merci"]] {
        assert_refused(
            passerelle(&db, "http://127.0.0.1:9"),
            args,
            &missing,
            Lang::En,
        );
    }
    let mut french = passerelle(&db, "http://127.0.0.1:9");
    french.env("LANG", "fr_FR.UTF-8");
    assert_refused(french, &["status"], &missing, Lang::Fr);
    assert!(
        !a.dir.path().join("no").exists(),
        "no folder, archive or logs/ created"
    );

    // `sync` has nothing to sync without a connected archive, and creates nothing either.
    assert_refused(
        passerelle(&db, "http://127.0.0.1:9"),
        &["sync"],
        &Error::NotConnected,
        Lang::En,
    );
    assert!(!a.dir.path().join("no").exists(), "sync created nothing");
    assert_eq!(crate::support::names_in(a.dir.path()), Vec::<String>::new());
}

#[test]
fn another_programs_database_is_refused_untouched_by_every_command() {
    let sim = sim(200);
    let info = sim.info();
    let a = archive();
    {
        let conn = rusqlite::Connection::open(&a.db).expect("db");
        conn.execute_batch(
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);
             CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO customers (name) VALUES ('Zoé');",
        )
        .expect("another program's tables");
    }
    let before = bytes(&a.db);
    let refused = Error::NotAnArchive {
        path: a.db.display().to_string(),
        why: NotArchive::OtherTables(vec!["customers".into(), "orders".into()]),
    };
    for args in [&["status"][..], &["search", "Zoé"], &["connect"], &["sync"]] {
        assert_refused(as_main(&a.db, info), args, &refused, Lang::En);
    }
    assert_eq!(bytes(&a.db), before, "the file is unchanged");
    // `connect` keeps its log of the attempt in logs/; nothing else appears beside the file.
    let beside: Vec<String> = crate::support::names_in(a.dir.path())
        .into_iter()
        .filter(|n| n != "logs")
        .collect();
    assert_eq!(
        beside,
        vec!["passerelle.db".to_string()],
        "no journal or backup"
    );
}

#[test]
fn a_negative_schema_version_is_refused_not_reset() {
    let sim = sim(200);
    let info = sim.info();
    let a = synced(info);
    {
        let conn = rusqlite::Connection::open(&a.db).expect("db");
        conn.pragma_update(None, "user_version", -3)
            .expect("version");
    }
    let refused = Error::NotAnArchive {
        path: a.db.display().to_string(),
        why: NotArchive::NegativeVersion(-3),
    };
    for args in [&["status"][..], &["connect"], &["sync"]] {
        assert_refused(as_main(&a.db, info), args, &refused, Lang::En);
    }
    let conn = rusqlite::Connection::open(&a.db).expect("db");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, -3, "the version is left as found");
}

#[test]
fn a_file_that_is_not_sqlite_or_is_empty_is_no_archive() {
    let a = archive();
    std::fs::write(&a.db, "these are my notes, not a database\n".repeat(200)).expect("file");
    let before = bytes(&a.db);
    assert_refused(
        passerelle(&a.db, "http://127.0.0.1:9"),
        &["status"],
        &Error::NotAnArchive {
            path: a.db.display().to_string(),
            why: NotArchive::NotSqlite,
        },
        Lang::En,
    );
    assert_eq!(bytes(&a.db), before);

    // An empty file (`touch`) holds no archive: reading it says so and leaves it empty.
    std::fs::write(&a.db, b"").expect("empty file");
    assert_refused(
        passerelle(&a.db, "http://127.0.0.1:9"),
        &["search", "merci"],
        &Error::ArchiveMissing {
            path: a.db.display().to_string(),
        },
        Lang::En,
    );
    assert!(bytes(&a.db).is_empty());
}
