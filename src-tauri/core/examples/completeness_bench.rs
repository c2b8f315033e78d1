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

use passerelle_core::connect::{self, Owner};
use passerelle_core::number_move::{completeness, CheckTarget};
use passerelle_core::sync::{self, CancellationToken, MediaMode, SyncOptions};
use passerelle_core::twilio::{Client, Credentials, Endpoints, RetryPolicy};
use passerelle_core::{Secret, Store};
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::Instant;

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_owned())
}

fn main() -> anyhow::Result<()> {
    let sim_bin = arg("--sim", "target/release/twilio-sim");
    let messages = arg("--messages", "1000000");
    let contacts = arg("--contacts", "20000");
    let mut child = Command::new(&sim_bin)
        .args([
            "--messages",
            &messages,
            "--contacts",
            &contacts,
            "--years",
            "3",
        ])
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
    let info: twilio_sim::Info = serde_json::from_str(&line)?;
    let result = run(&info);
    let _ = child.kill();
    let _ = child.wait();
    result
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
    let workers: usize = arg("--workers", "16").parse()?;
    let slow_ms: u64 = arg("--latency-ms", "100").parse()?;
    let with_media = std::env::args().any(|a| a == "--media");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("passerelle.db");
    let creds = Credentials::auth_token(&info.account_sid, Secret::new(info.auth_token.clone()))?;
    let client = Client::with_limits(
        Endpoints::single(&info.url)?,
        creds,
        RetryPolicy::default(),
        workers,
        workers * 2,
    )?;
    let check = rt.block_on(connect::check(&client))?;
    let mut store = Store::open(&db)?;
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
    drop(store);

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
