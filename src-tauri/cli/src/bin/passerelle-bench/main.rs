//! `passerelle-bench`: the sync benchmark. Starts the simulator (the `twilio-sim` binary) with
//! a large history and measures, in one run and side by side, Passerelle's full sync (no
//! latency and 100 ms per request), Twilio's Python SDK peer for both, an incremental sync
//! with nothing new, and a bare loader; then prints every ratio against its target.
//! Figures only: nothing here passes or fails.

// libc calls (rusage, signals to child processes) have no safe wrapper in our dependencies.
#![allow(unsafe_code)]

mod bare_loader;
mod child;
mod sim;
mod table;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::Parser;

/// Command line of the benchmark.
#[derive(Parser, Debug)]
#[command(about = "Passerelle's sync benchmark against twilio-sim (prints figures)")]
struct Args {
    /// Messages in the simulated history.
    #[arg(long, default_value_t = 1_000_000)]
    messages: u64,
    /// Distinct customers.
    #[arg(long, default_value_t = 20_000)]
    contacts: u32,
    /// Years of history.
    #[arg(long, default_value_t = 3)]
    years: u32,
    /// Seed of the simulated history.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Latency of the slow runs, in milliseconds per request.
    #[arg(long, default_value_t = 100)]
    latency_ms: u64,
    /// The `twilio-sim` binary (default: next to this one).
    #[arg(long)]
    sim_bin: Option<PathBuf>,
    /// The `passerelle` binary (default: next to this one).
    #[arg(long)]
    passerelle_bin: Option<PathBuf>,
    /// Python interpreter with Twilio's SDK installed.
    #[arg(long, default_value = ".venv/bin/python")]
    python: PathBuf,
    /// The SDK peer script.
    #[arg(long, default_value = "tests/bench/sdk_peer.py")]
    sdk_peer: PathBuf,
    /// Skip the Python SDK runs.
    #[arg(long)]
    skip_sdk: bool,
    /// Skip the 100 ms latency runs.
    #[arg(long)]
    skip_latency: bool,
    /// Parallel shard fetches of the bare loader.
    #[arg(long, default_value_t = 8)]
    bare_concurrency: usize,
    /// Folder for the databases (default: a temporary folder, removed at the end).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Internal: run only the bare loader into this database against `--bare-url` and print
    /// its figures as JSON (the benchmark runs it as a child process, so its memory is its own).
    #[arg(long, hide = true)]
    bare_child_db: Option<PathBuf>,
    /// Internal: the simulator's ready line (JSON), for `--bare-child-db`.
    #[arg(long, hide = true)]
    bare_child_sim: Option<String>,
}

/// One measured run.
#[derive(Clone, Debug, Default)]
pub struct Run {
    /// Messages in the database at the end.
    pub messages: u64,
    /// Wall time.
    pub wall: Duration,
    /// Peak resident set of the process, in bytes (when measured).
    pub peak_rss: Option<u64>,
    /// CPU time (user + system) of the measured client.
    pub cpu: Option<Duration>,
    /// CPU time the simulator spent serving it.
    pub sim_cpu: Option<Duration>,
}

impl Run {
    /// Messages per second.
    pub fn rate(&self) -> f64 {
        self.messages as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}

/// Everything the table shows.
#[derive(Default)]
pub struct Figures {
    /// Passerelle full sync, no latency.
    pub full: Option<Run>,
    /// Passerelle full sync, with latency.
    pub full_slow: Option<Run>,
    /// Incremental sync with nothing new.
    pub incremental: Option<Run>,
    /// `sync --full` over the unchanged archive (every message read again, nothing written).
    pub reread: Option<Run>,
    /// The SDK peer, no latency.
    pub sdk: Option<Run>,
    /// The SDK peer, with latency.
    pub sdk_slow: Option<Run>,
    /// The bare loader, no latency.
    pub bare: Option<Run>,
    /// Latency of the slow runs.
    pub latency_ms: u64,
    /// Messages in the simulator.
    pub sim_messages: u64,
    /// CPUs and `/proc/loadavg` when the measurements started and ended (the machine may be
    /// shared: other load slows every row alike).
    pub machine: String,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let (Some(db), Some(info)) = (&args.bare_child_db, &args.bare_child_sim) {
        return bare_child(&args, db, info);
    }
    let here = std::env::current_exe()?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let sim_bin = args
        .sim_bin
        .clone()
        .unwrap_or_else(|| here.join("twilio-sim"));
    let passerelle = args
        .passerelle_bin
        .clone()
        .unwrap_or_else(|| here.join("passerelle"));
    let temp = tempfile::tempdir()?;
    let work = args
        .work_dir
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&work)?;

    eprintln!(
        "starting twilio-sim: {} messages, {} contacts, {} years…",
        args.messages, args.contacts, args.years
    );
    let sim = sim::Sim::start(&sim_bin, &args)?;
    let info = sim.info.clone();
    let mut figures = Figures {
        latency_ms: args.latency_ms,
        sim_messages: info.messages,
        ..Figures::default()
    };
    let passerelle = child::Passerelle {
        bin: passerelle,
        info: info.clone(),
    };

    let load_at_start = loadavg();
    sim.set_latency(0)?;
    let db = work.join("full.db");
    figures.full = step(&sim, "Passerelle full sync, no latency", || {
        passerelle.full_sync(&db)
    });
    figures.incremental = step(&sim, "Passerelle incremental sync, nothing new", || {
        passerelle.incremental(&db)
    });
    figures.reread = step(&sim, "Passerelle sync --full, archive unchanged", || {
        passerelle.reread(&db)
    });
    figures.bare = step(&sim, "bare loader, no latency", || {
        // In its own process: its peak memory is its own, not this one's.
        child::bare_loader(&args, &info, &work.join("bare.db"))
    });
    if !args.skip_sdk {
        figures.sdk = step(&sim, "SDK peer, no latency", || {
            child::sdk_peer(&args.python, &args.sdk_peer, &info, &work.join("sdk.db"))
        });
    }
    if !args.skip_latency {
        sim.set_latency(args.latency_ms)?;
        let db = work.join("full-slow.db");
        figures.full_slow = step(&sim, "Passerelle full sync, with latency", || {
            passerelle.full_sync(&db)
        });
        if !args.skip_sdk {
            figures.sdk_slow = step(&sim, "SDK peer, with latency", || {
                child::sdk_peer(
                    &args.python,
                    &args.sdk_peer,
                    &info,
                    &work.join("sdk-slow.db"),
                )
            });
        }
        sim.set_latency(0)?;
    }
    sim.stop();
    figures.machine = format!(
        "{} CPUs; load average at start {}, at end {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        load_at_start,
        loadavg()
    );
    println!("{}", table::render(&figures));
    Ok(())
}

/// The bare loader alone, as a child of the benchmark: loads, then prints its figures.
fn bare_child(args: &Args, db: &Path, info: &str) -> anyhow::Result<()> {
    let info: sim::Info = serde_json::from_str(info).context("--bare-child-sim is not JSON")?;
    let target = sim::bare_target(&info, args.years);
    let load = bare_loader::load(target, db, args.bare_concurrency, 12)?;
    println!(
        "{}",
        serde_json::json!({ "messages": load.messages, "wall_secs": load.wall.as_secs_f64() })
    );
    Ok(())
}

/// Runs one measured step; a failed step is reported and left out of the table, so one
/// broken piece never hides the other figures.
fn step(sim: &sim::Sim, name: &str, run: impl FnOnce() -> anyhow::Result<Run>) -> Option<Run> {
    eprintln!("== {name}…");
    let sim_before = sim.cpu();
    let result = match run().with_context(|| format!("benchmark step failed: {name}")) {
        Ok(r) => Run {
            sim_cpu: sim.cpu().zip(sim_before).map(|(a, b)| a.saturating_sub(b)),
            ..r
        },
        Err(e) => {
            eprintln!("   FAILED: {e:#}");
            return None;
        }
    };
    eprintln!(
        "   {} messages in {:.2} s ({:.0} msgs/s, CPU {:.1} s, sim CPU {:.1} s){}",
        result.messages,
        result.wall.as_secs_f64(),
        result.rate(),
        result.cpu.unwrap_or_default().as_secs_f64(),
        result.sim_cpu.unwrap_or_default().as_secs_f64(),
        result
            .peak_rss
            .map(|b| format!(", peak RSS {:.1} MB", b as f64 / 1e6))
            .unwrap_or_default()
    );
    Some(result)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}
