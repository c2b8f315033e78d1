//! Completeness-check benchmark ("Move my number", step 2): a full sync of a `twilio-sim`
//! account, then the check of every business number — Twilio's list paged through and counted
//! against the archive, per direction and month — with no added latency and with 100 ms per
//! request, printing figures (nothing passes or fails).
//!
//! ```sh
//! cargo build --release -p twilio-sim -p passerelle-core --example completeness_bench
//! target/release/examples/completeness_bench --sim target/release/twilio-sim --messages 1000000
//! ```
//! `--latency-ms 100` sets the slow run's latency, `--media` downloads media in the sync (the
//! check then verifies every file too; default: skipped, so every medium is reported as not
//! downloaded, which the check still visits), `--workers 16` the sync's parallelism.
//! The check runs in count-only mode (no repair), as `passerelle migrate check --no-repair`.

mod common;

use common::{arg_or, connected, runtime, SimProcess};
use passerelle_core::number_move::{completeness, CheckTarget};
use passerelle_core::sync::{self, CancellationToken, MediaMode, SyncOptions};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let sim = SimProcess::from_command_line("1000000", &[])?;
    run(&sim.info)
}

/// Sets the simulator's latency at run time (`POST /__sim/faults`).
async fn set_latency(url: &str, latency_ms: u64) -> anyhow::Result<()> {
    let response = reqwest::Client::new()
        .post(format!("{}/__sim/faults", url.trim_end_matches('/')))
        .form(&[("latency_ms", latency_ms.to_string())])
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "faults: HTTP {}",
        response.status()
    );
    Ok(())
}

fn run(info: &twilio_sim::Info) -> anyhow::Result<()> {
    let workers: usize = arg_or("--workers", "16").parse()?;
    let slow_ms: u64 = arg_or("--latency-ms", "100").parse()?;
    let with_media = std::env::args().any(|a| a == "--media");
    let rt = runtime()?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("passerelle.db");
    let client = connected(&rt, info, &db, workers)?;

    let options = SyncOptions {
        media: if with_media {
            MediaMode::default()
        } else {
            MediaMode::Skip
        },
        workers,
        ..SyncOptions::default()
    };
    let started = Instant::now();
    let synced = rt.block_on(sync::sync_history(
        &db,
        &client,
        &options,
        &|_| {},
        &CancellationToken::new(),
    ))?;
    println!(
        "sync (setup): {} messages in {:.1} s",
        synced.messages_new,
        started.elapsed().as_secs_f64()
    );

    for latency in [0, slow_ms] {
        rt.block_on(set_latency(&info.url, latency))?;
        let before = client.stats().requests;
        let started = Instant::now();
        let mut listed = 0;
        let mut missing = 0;
        let mut media_checked = 0;
        let mut media_problems = 0;
        for sender in &info.senders {
            let target = CheckTarget {
                db_path: &db,
                media_dir: None,
                sender,
                since: None,
                repair: false,
            };
            let proof = rt.block_on(completeness::check(&client, &target))?;
            listed += proof.twilio_total;
            missing += proof.missing_total;
            media_checked += proof.media_checked;
            media_problems += proof.media_problems.len();
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "completeness check, {latency} ms per request: {listed} messages of {} numbers in {secs:.1} s = {:.0} msgs/s, {} requests, {missing} missing, {media_checked} media checked ({media_problems} not whole{})",
            info.senders.len(),
            listed as f64 / secs,
            client.stats().requests - before,
            if with_media { "" } else { ": sync run without media" },
        );
    }
    Ok(())
}
