//! What the benchmarks share: their arguments, the peak RSS, a `twilio-sim` child process and
//! an archive connected to it. Each example uses part of it (`mod common;`).
#![allow(dead_code)] // each example compiles its own copy and uses only part of it

use passerelle_core::connect::{self, Owner};
use passerelle_core::twilio::{Client, Credentials, Endpoints, RetryPolicy};
use passerelle_core::{Secret, Store};
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The value after `name` on the command line.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The value after `name`, else `default`.
pub fn arg_or(name: &str, default: &str) -> String {
    arg(name).unwrap_or_else(|| default.to_owned())
}

/// The process's peak resident memory so far, in MB (`VmHWM`).
pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// A `twilio-sim` process (its own, so the peak RSS printed is Passerelle's alone); killed
/// when dropped.
pub struct SimProcess {
    child: Child,
    /// What it printed once ready.
    pub info: twilio_sim::Info,
}

impl SimProcess {
    /// Starts the simulator `--sim` names (default `target/release/twilio-sim`) with
    /// `--messages` (default `messages`) and `--contacts` (default 20000) from the command
    /// line, 3 years of history, then `extra`.
    pub fn from_command_line(messages: &str, extra: &[&str]) -> anyhow::Result<SimProcess> {
        let bin = arg_or("--sim", "target/release/twilio-sim");
        let messages = arg_or("--messages", messages);
        let contacts = arg_or("--contacts", "20000");
        let mut args = vec![
            "--messages",
            &messages,
            "--contacts",
            &contacts,
            "--years",
            "3",
        ];
        args.extend_from_slice(extra);
        SimProcess::start(&bin, &args)
    }

    /// Starts `bin` with `args` and waits for its ready line.
    pub fn start(bin: &str, args: &[&str]) -> anyhow::Result<SimProcess> {
        let mut child = Command::new(bin)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()?;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
        let info = serde_json::from_str(&line)?;
        Ok(SimProcess { child, info })
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of the simulator's main account (`workers` requests at once, twice that at most)
/// and an archive at `db` connected to it, as the owner "Bench".
pub fn connected(
    rt: &tokio::runtime::Runtime,
    info: &twilio_sim::Info,
    db: &Path,
    workers: usize,
) -> anyhow::Result<Client> {
    let creds = Credentials::auth_token(&info.account_sid, Secret::new(info.auth_token.clone()))?;
    let client = Client::with_limits(
        Endpoints::single(&info.url)?,
        creds,
        RetryPolicy::default(),
        workers,
        workers * 2,
    )?;
    let check = rt.block_on(connect::check(&client))?;
    let mut store = Store::open(db)?;
    let owner = Owner {
        name: "Bench".into(),
        email: None,
    };
    connect::save(
        &mut store,
        &check,
        &[],
        &owner,
        client.credentials(),
        client.endpoints(),
    )?;
    Ok(client)
}

/// The runtime the benchmarks drive Passerelle on: two workers.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}
