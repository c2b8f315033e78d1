//! An archive on read-only storage (the file and its folder read-only, e.g. a backup disk) can
//! be read by `status` and `search`, which write nothing beside it; a command that would write
//! to it is refused with a clear message.

use passerelle_core::{Error, Lang};

use crate::support::{as_main, names_in, run, set_read_only, sim, synced, without_write_rights};

#[test]
fn a_read_only_archive_in_a_read_only_folder_can_be_read_but_not_synced() {
    let sim = sim(400);
    let info = sim.info();
    let a = synced(info);
    let files_before = names_in(a.dir.path());
    assert!(
        !files_before.iter().any(|n| n.ends_with("-wal")),
        "the writer left no WAL: {files_before:?}"
    );
    let messages: u64 = {
        let conn = rusqlite::Connection::open(&a.db).expect("archive");
        conn.query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
            .expect("count")
    };
    let body: String = {
        let conn = rusqlite::Connection::open(&a.db).expect("archive");
        conn.query_row(
            "SELECT body FROM messages WHERE length(body) > 20 ORDER BY sid LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a body")
    };
    let word = body
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().count() >= 5)
        .expect("a long word")
        .to_string();

    // Every folder on the way is traversable (a temporary folder is private to its owner).
    set_read_only(&a.db, true);
    set_read_only(a.dir.path(), true);
    let reader = || without_write_rights(as_main(&a.db, info));

    let status = run(reader(), &["status", "--json"]);
    let stderr = String::from_utf8_lossy(&status.stderr).into_owned();
    let search = run(reader(), &["search", &word]);
    let sync = run(reader(), &["sync", "--media", "skip"]);
    let files_after = names_in(a.dir.path());
    set_read_only(a.dir.path(), false);
    set_read_only(&a.db, false);

    assert!(status.status.success(), "status reads it: {stderr}");
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    assert_eq!(json["messages"].as_u64(), Some(messages));
    assert!(
        search.status.success(),
        "search reads it: {}",
        String::from_utf8_lossy(&search.stderr)
    );
    assert!(
        String::from_utf8_lossy(&search.stdout).contains(&word),
        "`{word}` found"
    );
    assert_eq!(
        String::from_utf8_lossy(&sync.stderr).trim_end(),
        format!(
            "passerelle: {}",
            Error::ArchiveReadOnly {
                path: a.db.display().to_string(),
                upgrade: None
            }
            .message(Lang::En)
        ),
        "sync is refused clearly"
    );
    assert_eq!(sync.status.code(), Some(1));
    assert_eq!(files_after, files_before, "nothing written beside it");
}

#[test]
fn reading_a_writable_archive_leaves_it_and_its_folder_as_they_were() {
    let sim = sim(300);
    let info = sim.info();
    let a = synced(info);
    let names = names_in(a.dir.path());
    let bytes = std::fs::read(&a.db).expect("archive");
    for args in [&["status"][..], &["status", "--json"], &["search", "merci"]] {
        let out = run(as_main(&a.db, info), args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(names_in(a.dir.path()), names, "{args:?}: no -wal/-shm left");
    }
    assert_eq!(
        std::fs::read(&a.db).expect("archive"),
        bytes,
        "not a byte written"
    );
}
