//! A full disk stops the sync with a clear message, nothing lost or half-written, and the next
//! run (with room again) resumes and ends with the archive a clean sync makes. The disk is a
//! small tmpfs mounted for the test (root only, as in CI; skipped with a note otherwise) and
//! grown in place with `remount` to give the room back.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{archive, as_main, files_under, ok, recorded_media, run, sim};

/// A tmpfs mounted at a folder for the test's lifetime.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts `size` (as `mount` reads it: `256k`, `2m`) at `path`; `None` when not allowed.
    fn mount(path: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(path).expect("mount point");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Tmpfs(path.to_owned()))
    }

    /// Gives the disk more room, keeping its files.
    fn grow(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .expect("mount runs");
        assert!(status.success(), "remount {size}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn skip(why: &str) {
    eprintln!("SKIPPED: {why} (mounting a tmpfs needs root, as in CI)");
}

fn assert_disk_full(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the sync stops");
    assert!(
        stderr.contains("The disk is full") && stderr.contains("resumes"),
        "a clear message: {stderr}"
    );
}

#[test]
fn a_full_disk_during_media_downloads_stops_cleanly_and_the_next_run_resumes() {
    let sim = sim(2_000);
    let info = sim.info();
    // The reference: every file, as a clean sync downloads it.
    let clean = archive();
    ok(as_main(&clean.db, info), &["connect"]);
    ok(as_main(&clean.db, info), &["sync"]);
    let reference = files_under(&clean.dir.path().join("media"));
    assert!(reference.len() > 10, "the history has media");

    let a = archive();
    let media = a.dir.path().join("media");
    let Some(disk) = Tmpfs::mount(&media, "24k") else {
        return skip("no tmpfs");
    };
    ok(as_main(&a.db, info), &["connect"]);
    // The space check would stop this sync before any download (typical sizes dwarf 24k):
    // skipped, so the disk really fills up mid-download.
    let out = run(as_main(&a.db, info), &["sync", "--no-space-check"]);
    assert_disk_full(&out);
    let partial = files_under(&media);
    eprintln!(
        "disk full after {} of {} files",
        partial.len(),
        reference.len()
    );
    assert!(partial.len() < reference.len(), "the disk did fill up");
    for (name, size) in &partial {
        assert!(!name.ends_with(".part"), "no half-written file: {name}");
        assert!(
            reference.contains(&(name.clone(), *size)),
            "{name} is whole ({size} bytes)"
        );
    }
    for recorded in recorded_media(&a.db) {
        assert!(
            partial.contains(&recorded),
            "{recorded:?} recorded and on disk"
        );
    }

    disk.grow("16m");
    ok(as_main(&a.db, info), &["sync", "--no-space-check"]);
    assert_eq!(
        files_under(&media),
        reference,
        "every file, whole, after the resume"
    );
    assert_eq!(recorded_media(&a.db), reference, "every file recorded");
}

#[test]
fn a_full_disk_while_writing_messages_stops_cleanly_and_the_next_run_resumes() {
    let sim = sim(20_000);
    let info = sim.info();
    let clean = archive();
    ok(as_main(&clean.db, info), &["connect"]);
    ok(as_main(&clean.db, info), &["sync", "--media", "skip"]);

    let folder = tempfile::tempdir().expect("temp dir");
    let Some(disk) = Tmpfs::mount(folder.path(), "1m") else {
        return skip("no tmpfs");
    };
    let db = folder.path().join("passerelle.db");
    ok(as_main(&db, info), &["connect"]);
    let out = run(as_main(&db, info), &["sync", "--media", "skip"]);
    assert_disk_full(&out);
    let stored = count(&db, "SELECT count(*) FROM messages");
    eprintln!("disk full after {stored} of {} messages", info.messages);
    assert_eq!(integrity(&db), "ok", "the archive is intact");

    disk.grow("64m");
    ok(as_main(&db, info), &["sync", "--media", "skip"]);
    let sids = "SELECT count(DISTINCT sid) FROM messages";
    assert_eq!(
        count(&db, sids),
        count(&clean.db, sids),
        "every message, once"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM messages"),
        count(&clean.db, "SELECT count(*) FROM messages")
    );
    assert_eq!(integrity(&db), "ok");
    drop(disk);
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check")
}
