//! Measured child processes: the release `passerelle` binary and the Python SDK peer. Wall
//! time from spawn to exit; peak RSS from the kernel's rusage of the child (`wait4`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::sim::Info;
use crate::Run;

/// How a measured process ended.
pub struct Exit {
    /// Its stdout.
    pub stdout: String,
    /// Wall time.
    pub wall: Duration,
    /// `ru_maxrss`, in bytes.
    pub peak_rss: u64,
    /// User + system CPU time of the process.
    pub cpu: Duration,
}

impl Exit {
    /// The run this process measured: its peak RSS and CPU time, with `messages` and `wall`
    /// as the caller counts them (the simulator's CPU is added by the caller).
    pub fn run(&self, messages: u64, wall: Duration) -> Run {
        Run {
            messages,
            wall,
            peak_rss: Some(self.peak_rss),
            cpu: Some(self.cpu),
            sim_cpu: None,
        }
    }
}

/// Runs `command` to completion, measuring wall time and peak RSS; fails on non-zero exit.
pub fn measure(mut command: Command) -> anyhow::Result<Exit> {
    let out = tempfile::NamedTempFile::new()?;
    command
        .stdout(Stdio::from(out.reopen()?))
        .stderr(Stdio::inherit());
    let started = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("starting {command:?}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped (std's Child is never waited on).
    let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let wall = started.elapsed();
    std::mem::forget(child);
    if reaped != pid {
        bail!("wait4 failed: {}", std::io::Error::last_os_error());
    }
    let stdout = std::fs::read_to_string(out.path())?;
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{command:?} failed (status {status}); stdout: {stdout}");
    }
    Ok(Exit {
        stdout,
        wall,
        peak_rss: usage.ru_maxrss as u64 * 1024,
        cpu: cpu_time(&usage),
    })
}

/// The release `passerelle` binary pointed at the simulator.
pub struct Passerelle {
    /// The binary.
    pub bin: PathBuf,
    /// The simulator's account.
    pub info: Info,
}

impl Passerelle {
    fn command(&self, db: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(&self.bin);
        command
            .args(args)
            .env("PASSERELLE_DB", db)
            .env("PASSERELLE_TWILIO_URL", &self.info.url)
            .env("TWILIO_ACCOUNT_SID", &self.info.account_sid)
            .env("TWILIO_AUTH_TOKEN", &self.info.auth_token)
            .env("PASSERELLE_NO_PROGRESS", "1")
            .env_remove("TWILIO_API_KEY")
            .env_remove("TWILIO_API_SECRET");
        command
    }

    fn messages(&self, db: &Path) -> anyhow::Result<u64> {
        let exit = measure(self.command(db, &["status", "--json"]))?;
        let status: serde_json::Value = serde_json::from_str(&exit.stdout)?;
        status["messages"]
            .as_u64()
            .context("status --json has no `messages` count")
    }

    /// `connect` then a measured `sync --full` into a fresh database. Media files are left out
    /// (`--media skip`): the peer and the bare loader copy messages only.
    pub fn full_sync(&self, db: &Path) -> anyhow::Result<Run> {
        let _ = std::fs::remove_file(db);
        measure(self.command(db, &["connect", "--json"]))?;
        let exit = measure(self.command(db, &["sync", "--full", "--media", "skip", "--json"]))?;
        Ok(exit.run(self.messages(db)?, exit.wall))
    }

    /// A measured `sync --full` over an archive that already holds everything: every
    /// message is read again and compared, nothing is written.
    pub fn reread(&self, db: &Path) -> anyhow::Result<Run> {
        let exit = measure(self.command(db, &["sync", "--full", "--media", "skip", "--json"]))?;
        let report: serde_json::Value = serde_json::from_str(&exit.stdout)?;
        let messages = report["messages_fetched"]
            .as_u64()
            .context("the sync report has no `messages_fetched`")?;
        Ok(exit.run(messages, exit.wall))
    }

    /// A measured `sync` (incremental) on an existing database.
    pub fn incremental(&self, db: &Path) -> anyhow::Result<Run> {
        let exit = measure(self.command(db, &["sync", "--media", "skip", "--json"]))?;
        Ok(exit.run(self.messages(db)?, exit.wall))
    }
}

/// The bare loader in a child process (this binary with `--bare-child-db`).
pub fn bare_loader(args: &crate::Args, info: &Info, db: &Path) -> anyhow::Result<Run> {
    let _ = std::fs::remove_file(db);
    let mut command = Command::new(std::env::current_exe()?);
    command
        .arg("--bare-child-db")
        .arg(db)
        .args(["--bare-child-sim", &serde_json::to_string(info)?])
        .args(["--years", &args.years.to_string()])
        .args(["--bare-concurrency", &args.bare_concurrency.to_string()]);
    let exit = measure(command)?;
    let report: serde_json::Value = serde_json::from_str(exit.stdout.trim())
        .with_context(|| format!("the bare loader printed {:?}", exit.stdout))?;
    let messages = report["messages"].as_u64().context("no `messages`")?;
    // The loader's own clock: from its first request to its last commit.
    let wall = Duration::from_secs_f64(report["wall_secs"].as_f64().context("no `wall_secs`")?);
    Ok(exit.run(messages, wall))
}

/// Runs `sdk_peer.py` against the simulator into `db`.
pub fn sdk_peer(python: &Path, script: &Path, info: &Info, db: &Path) -> anyhow::Result<Run> {
    let _ = std::fs::remove_file(db);
    let mut command = Command::new(python);
    command
        .arg(script)
        .args(["--url", &info.url, "--account-sid", &info.account_sid])
        .arg("--db")
        .arg(db)
        .env("TWILIO_AUTH_TOKEN", &info.auth_token);
    let exit = measure(command)?;
    let report: serde_json::Value = serde_json::from_str(exit.stdout.trim())
        .with_context(|| format!("sdk_peer.py printed {:?}", exit.stdout))?;
    let messages = report["messages"]
        .as_u64()
        .context("sdk_peer.py: no `messages`")?;
    let wall = report["wall_s"]
        .as_f64()
        .map(Duration::from_secs_f64)
        .unwrap_or(exit.wall);
    Ok(exit.run(messages, wall))
}

/// User + system CPU time of a rusage.
pub fn cpu_time(usage: &libc::rusage) -> Duration {
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
