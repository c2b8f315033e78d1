//! Sync benchmark: Passerelle's full sync, the incremental no-op and a bare loader (parse +
//! upsert, no search index, no summaries), against a `twilio-sim` process, printing figures.
//!
//! ```sh
//! cargo build --release -p twilio-sim -p passerelle-core --example sync_bench
//! target/release/examples/sync_bench --sim target/release/twilio-sim --messages 1000000 --latency-ms 0
//! ```
//! Add `--keep PATH` to keep the synced archive for `archive_bench`.
//! The simulator runs in its own process so that the peak RSS printed is Passerelle's alone.

mod common;

use common::{arg_or, connected, peak_rss_mb, runtime, SimProcess};
use passerelle_core::sync::{self, CancellationToken, MediaMode, Progress, SyncOptions};
use passerelle_core::twilio::{wire, Client, Host, Request};
use passerelle_core::Store;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let latency = arg_or("--latency-ms", "0");
    let workers: usize = arg_or("--workers", "16").parse()?;
    let skip_bare = std::env::args().any(|a| a == "--no-bare");
    let sim = SimProcess::from_command_line("100000", &["--latency-ms", &latency])?;
    run(&sim.info, workers, skip_bare)
}

fn run(info: &twilio_sim::Info, workers: usize, skip_bare: bool) -> anyhow::Result<()> {
    let rt = runtime()?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("passerelle.db");
    let client = connected(&rt, info, &db, workers)?;

    let options = SyncOptions {
        media: MediaMode::Skip,
        workers,
        ..SyncOptions::default()
    };
    let progress = |_: &Progress| {};
    let sync = || {
        rt.block_on(sync::sync_history(
            &db,
            &client,
            &options,
            &progress,
            &CancellationToken::new(),
        ))
    };
    let started = Instant::now();
    let full = sync()?;
    let full_secs = started.elapsed().as_secs_f64();
    let rss_full = peak_rss_mb();
    println!(
        "passerelle full sync: {} messages in {:.1} s = {:.0} msgs/s, {} requests, {} retries, peak RSS {:.0} MB",
        full.messages_new,
        full_secs,
        full.messages_new as f64 / full_secs,
        full.http.requests,
        full.http.retries,
        rss_full
    );
    let started = Instant::now();
    let incremental = sync()?;
    println!(
        "passerelle incremental (nothing new): {:.2} s, {} messages re-read, {} new, {} updated",
        started.elapsed().as_secs_f64(),
        incremental.messages_fetched,
        incremental.messages_new,
        incremental.messages_updated
    );
    let store = Store::open(&db)?;
    let conversations = passerelle_core::archive::status(&store)?.conversations;
    let started = Instant::now();
    let inbox = passerelle_core::inbox::conversations(&store, 50)?;
    let inbox_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "inbox ({} most recent of {conversations} conversations): {inbox_ms:.3} ms",
        inbox.len()
    );
    let started = Instant::now();
    let hits = passerelle_core::archive::search(&store, "merci", 20)?;
    println!(
        "search \"merci\" ({} hits): {:.1} ms",
        hits.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let size = std::fs::metadata(&db)?.len();
    println!("archive file: {:.0} MB", size as f64 / 1e6);
    // `--keep PATH`: the synced archive is kept for `archive_bench` (status, search, exports).
    let keep = arg_or("--keep", "");
    if !keep.is_empty() {
        store.back_up()?; // checkpoints nothing; VACUUM INTO gives a compact, closed copy
        let backups = dir.path().join("backups");
        let copy = std::fs::read_dir(&backups)?
            .flatten()
            .next()
            .expect("a backup")
            .path();
        std::fs::copy(&copy, &keep)?;
        println!("archive kept at {keep}");
    }
    drop(store);

    if !skip_bare {
        let bare_db = dir.path().join("bare.db");
        let started = Instant::now();
        let n = rt.block_on(bare_loader(&client, &info.senders, &bare_db, workers))?;
        let secs = started.elapsed().as_secs_f64();
        println!("bare loader (parse + upsert, no index, no summaries): {n} messages in {secs:.1} s = {:.0} msgs/s", n as f64 / secs);
        println!(
            "ratio passerelle / bare: {:.2}",
            (full.messages_new as f64 / full_secs) / (n as f64 / secs)
        );
    }
    Ok(())
}

/// The loader a careful developer writes without an index or summaries: the same parallel
/// fetch by sender, direction and month, one upsert transaction per page, WAL and the same
/// cache settings.
async fn bare_loader(
    client: &Client,
    senders: &[String],
    path: &std::path::Path,
    workers: usize,
) -> anyhow::Result<u64> {
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 100000;
         CREATE TABLE messages (sid TEXT PRIMARY KEY, direction TEXT, from_address TEXT, to_address TEXT, body TEXT, status TEXT,
             error_code INTEGER, num_media INTEGER, price TEXT, date_sent TEXT);",
    )?;
    let (tx, rx) = std::sync::mpsc::channel::<Vec<wire::Message>>();
    let writer = std::thread::spawn(move || -> anyhow::Result<u64> {
        let mut conn = conn;
        let mut n = 0;
        for page in rx {
            let t = conn.transaction()?;
            {
                let mut stmt = t.prepare_cached(
                    "INSERT INTO messages VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (sid) DO UPDATE SET status = excluded.status, body = excluded.body",
                )?;
                for m in &page {
                    stmt.execute(rusqlite::params![
                        m.sid,
                        m.direction,
                        m.from,
                        m.to,
                        m.body,
                        m.status,
                        m.error_code,
                        m.num_media,
                        m.price,
                        m.date_sent
                    ])?;
                    n += 1;
                }
            }
            t.commit()?;
        }
        Ok(n)
    });
    let now = chrono::Utc::now();
    let mut shards = Vec::new();
    for sender in senders {
        for key in ["To", "From"] {
            for month in 0..40 {
                let hi = now - chrono::Duration::days(30 * month);
                let lo = now - chrono::Duration::days(30 * (month + 1));
                let mut r = Request::messages(client.account_sid())
                    .param(key, sender.clone())
                    .param("DateSent<", hi.format("%Y-%m-%d").to_string())
                    .param("PageSize", "1000");
                if month < 39 {
                    r = r.param(
                        "DateSent>",
                        (lo + chrono::Duration::days(1))
                            .format("%Y-%m-%d")
                            .to_string(),
                    );
                }
                shards.push(r);
            }
        }
    }
    use futures_util::StreamExt;
    let results: Vec<anyhow::Result<()>> = futures_util::stream::iter(shards)
        .map(|first| {
            let tx = tx.clone();
            async move {
                let mut request = first;
                loop {
                    let page: wire::MessagePage = client.messages_page(&request).await?;
                    let next = page.next_page_uri.clone();
                    tx.send(page.messages)?;
                    match next {
                        Some(link) => request = Request::follow(Host::Api, &link)?,
                        None => return Ok(()),
                    }
                }
            }
        })
        .buffer_unordered(workers)
        .collect()
        .await;
    drop(tx);
    for r in results {
        r?;
    }
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writer panicked"))?
}
