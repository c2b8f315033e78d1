//! The simulator as a child process: the `twilio-sim` binary, started once for the whole run
//! so its history is generated once, and driven through its control endpoints.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{anyhow, Context};
use serde::Deserialize;

use crate::bare_loader::Target;
use crate::Args;

/// The part of the simulator's ready line the benchmark uses.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
pub struct Info {
    /// Base URL for every Twilio host.
    pub url: String,
    /// Main account.
    pub account_sid: String,
    /// Its auth token.
    pub auth_token: String,
    /// Its WhatsApp senders.
    pub senders: Vec<String>,
    /// Messages generated.
    pub messages: u64,
}

/// What the bare loader must fetch: the simulator's whole history.
pub fn bare_target(info: &Info, years: u32) -> Target {
    let now = chrono::Utc::now();
    Target {
        url: info.url.clone(),
        account_sid: info.account_sid.clone(),
        auth_token: info.auth_token.clone(),
        senders: info.senders.clone(),
        from: now - chrono::Duration::days(i64::from(years) * 366 + 2),
        until: now + chrono::Duration::days(1),
    }
}

/// A running `twilio-sim` process.
pub struct Sim {
    child: Child,
    /// What it printed once ready.
    pub info: Info,
}

impl Sim {
    /// Starts the binary and waits for its ready line.
    pub fn start(bin: &Path, args: &Args) -> anyhow::Result<Sim> {
        let mut child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0"])
            .args(["--messages", &args.messages.to_string()])
            .args(["--contacts", &args.contacts.to_string()])
            .args(["--years", &args.years.to_string()])
            .args(["--seed", &args.seed.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let info: Info = serde_json::from_str(line.trim())
            .with_context(|| format!("twilio-sim's ready line is not its Info: {line:?}"))?;
        Ok(Sim { child, info })
    }

    /// Sets the latency injected on every request.
    pub fn set_latency(&self, latency_ms: u64) -> anyhow::Result<()> {
        let url = format!("{}/__sim/faults", self.info.url.trim_end_matches('/'));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async {
            let response = reqwest::Client::new()
                .post(&url)
                .form(&[("latency_ms", latency_ms.to_string())])
                .send()
                .await?;
            anyhow::ensure!(
                response.status().is_success(),
                "faults: HTTP {}",
                response.status()
            );
            Ok(())
        })
    }

    /// What the bare loader fetches: the main account's senders over the whole history.
    /// CPU time (user + system) the simulator has used so far, from `/proc/<pid>/stat`.
    pub fn cpu(&self) -> Option<std::time::Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the `(comm)` part; utime and stime are fields 14 and 15 overall.
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
        Some(std::time::Duration::from_millis(ticks * 1000 / hz))
    }

    /// Stops the process.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
