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
