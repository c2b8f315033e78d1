//! Shared test fixtures: a simulator, a fresh archive path, and the binary with its
//! environment cleared of anything from the developer's shell.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use twilio_sim::{Config, Info, Sim};

/// The `passerelle` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_passerelle");

/// A simulator with `messages` messages (small, fixed seed).
pub fn sim(messages: u64) -> Sim {
    Sim::start(Config {
        messages,
        contacts: 300,
        years: 1,
        seed: 7,
        ..Config::default()
    })
    .expect("the simulator starts")
}

/// A temporary folder holding one archive file.
pub struct Archive {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// The archive file inside it.
    pub db: PathBuf,
}

/// A fresh, not yet created archive path.
pub fn archive() -> Archive {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("passerelle.db");
    Archive { dir, db }
}

/// A `passerelle` command with no inherited Twilio or Passerelle variables, English
/// messages, the archive at `db` and the simulator as every Twilio host.
pub fn passerelle(db: &Path, url: &str) -> Command {
    let mut command = Command::new(BIN);
    for var in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "PASSERELLE_DB",
        "PASSERELLE_TWILIO_URL",
        "LC_ALL",
        "LC_MESSAGES",
    ] {
        command.env_remove(var);
    }
    command
        .env("LANG", "en_US.UTF-8")
        .env("PASSERELLE_DB", db)
        .env("PASSERELLE_TWILIO_URL", url)
        .env("PASSERELLE_NO_PROGRESS", "1");
    command
}

/// The command with the main account's SID and auth token in the environment.
pub fn as_main(db: &Path, info: &Info) -> Command {
    with_token(db, &info.url, &info.account_sid, &info.auth_token)
}

/// The command with `sid` / `token` in the environment.
pub fn with_token(db: &Path, url: &str, sid: &str, token: &str) -> Command {
    let mut command = passerelle(db, url);
    command
        .env("TWILIO_ACCOUNT_SID", sid)
        .env("TWILIO_AUTH_TOKEN", token);
    command
}

/// Runs the command with `args` and returns its output.
pub fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args).output().expect("passerelle runs")
}

/// Runs and asserts success, returning stdout.
pub fn ok(command: Command, args: &[&str]) -> String {
    let out = run(command, args);
    assert!(
        out.status.success(),
        "passerelle {args:?} failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// Runs and parses stdout as JSON, asserting success.
pub fn json(command: Command, args: &[&str]) -> serde_json::Value {
    let stdout = ok(command, args);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {stdout}"))
}

/// A connected archive holding the simulator's history (media not downloaded).
pub fn synced(info: &Info) -> Archive {
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    let out = run(as_main(&a.db, info), &["sync", "--media", "skip"]);
    assert!(
        out.status.success(),
        "sync: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    a
}

/// The command, run by a user who cannot write what the test made read-only: as root (who
/// may write anything) it runs as `nobody`; as anyone else it is unchanged.
pub fn without_write_rights(mut command: Command) -> Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    command
}

/// Sets `path` read-only (`0o444` for a file, `0o555` for a folder) or writable again.
pub fn set_read_only(path: &Path, read_only: bool) {
    use std::os::unix::fs::PermissionsExt;
    let mode = match (path.is_dir(), read_only) {
        (true, true) => 0o555,
        (true, false) => 0o755,
        (false, true) => 0o444,
        (false, false) => 0o644,
    };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir` (recursively), as (path relative to `dir`, size), sorted.
pub fn files_under(dir: &Path) -> Vec<(String, u64)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, u64)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(meta) = entry.metadata() {
                let relative = path.strip_prefix(root).expect("under root");
                out.push((relative.to_string_lossy().into_owned(), meta.len()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The downloaded media the archive records, as (relative path, size), sorted.
pub fn recorded_media(db: &Path) -> Vec<(String, u64)> {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    let mut stmt = conn
        .prepare("SELECT file_path, size_bytes FROM media WHERE file_path IS NOT NULL ORDER BY 1")
        .expect("media query");
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })
        .expect("rows");
    rows.collect::<Result<_, _>>().expect("rows read")
}

/// Media rows with no file yet.
pub fn media_missing(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    conn.query_row(
        "SELECT count(*) FROM media WHERE file_path IS NULL",
        [],
        |r| r.get(0),
    )
    .expect("count")
}

/// Waits until `ready` holds (polling), or `limit` passes; says which.
pub fn wait_for(limit: std::time::Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if ready() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// Waits for `child` to end within `limit`; kills it and fails the test otherwise.
pub fn ends_within(
    mut child: std::process::Child,
    limit: std::time::Duration,
    what: &str,
) -> std::process::Output {
    let start = std::time::Instant::now();
    while child.try_wait().expect("poll").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{what}: the process did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}
