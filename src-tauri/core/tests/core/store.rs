//! The archive file: pragmas, schema, refusal of a newer file.

use passerelle_core::store::{self, settings, SCHEMA_VERSION};
use passerelle_core::{Code, Lang, Store};

#[test]
fn a_new_archive_file_has_wal_foreign_keys_and_the_full_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/passerelle.db");
    let store = Store::open(&path).unwrap();
    let inspection = store.inspect().unwrap();
    assert_eq!(inspection.journal_mode, "wal", "{inspection:?}");
    assert!(inspection.foreign_keys);
    assert_eq!(inspection.synchronous, 1, "NORMAL is 1: {inspection:?}");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    for table in [
        "accounts",
        "senders",
        "conversations",
        "messages",
        "media",
        "users",
        "settings",
        "sync_shards",
        "sync_runs",
        "message_search",
        "message_months",
    ] {
        assert!(
            inspection.tables.iter().any(|t| t == table),
            "table {table} missing"
        );
    }
    drop(store);
    // Opening again is a no-op migration.
    assert_eq!(
        Store::open(&path).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn an_archive_written_by_a_newer_passerelle_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("passerelle.db");
    drop(Store::open(&path).unwrap());
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let err = Store::open(&path)
        .err()
        .expect("a newer file must be refused");
    assert_eq!(err.code(), Code::DatabaseNewer);
    assert_eq!(
        err.message(Lang::En),
        format!("This archive was written by a newer version of Passerelle (schema {}; this version knows up to schema {SCHEMA_VERSION}). Install the latest Passerelle to open it; nothing was changed.", SCHEMA_VERSION + 1)
    );
    assert_eq!(
        err.message(Lang::Fr),
        format!("Cette archive a été écrite par une version plus récente de Passerelle (schéma {}, cette version connaît jusqu'au schéma {SCHEMA_VERSION}). Installez la dernière version de Passerelle pour l'ouvrir ; rien n'a été modifié.", SCHEMA_VERSION + 1)
    );
    let raw = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION + 1, "the file must be left untouched");
}

#[test]
fn the_default_archive_lives_in_the_apps_data_folder() {
    let path = store::default_db_path().unwrap();
    assert!(
        path.ends_with("eu.passerelle.desktop/passerelle.db"),
        "{}",
        path.display()
    );
}

#[test]
fn settings_round_trip() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(settings::get(&store, "lang").unwrap(), None);
    settings::set(&store, "lang", "fr").unwrap();
    settings::set(&store, "lang", "en").unwrap();
    assert_eq!(
        settings::get(&store, "lang").unwrap().as_deref(),
        Some("en")
    );
}
