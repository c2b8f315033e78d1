//! The bare loader: the ingest ceiling the full sync is compared with. It fetches the same
//! messages as Passerelle (per WhatsApp sender, inbound and outbound, date shards fetched in
//! parallel), parses them and upserts them into SQLite, one transaction per 1000-message
//! page, WAL, `synchronous=NORMAL` and the archive's own cache and checkpoint settings (so
//! the comparison isolates what the archive adds) — and nothing else: no search index, no conversation
//! summary, no checkpoints, no retries.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// What the simulator must be asked for.
pub struct Target {
    /// Base URL replacing every Twilio host.
    pub url: String,
    /// Account whose history is loaded.
    pub account_sid: String,
    /// Its auth token (Basic auth).
    pub auth_token: String,
    /// `whatsapp:+…` senders of the account.
    pub senders: Vec<String>,
    /// First and last instants of the history to split into shards.
    pub from: DateTime<Utc>,
    /// End of the history (exclusive).
    pub until: DateTime<Utc>,
}

/// Result of one bare load.
pub struct Load {
    /// Rows in the table at the end.
    pub messages: u64,
    /// Wall time from the first request to the last commit.
    pub wall: Duration,
}

#[derive(Deserialize)]
struct Page {
    messages: Vec<Message>,
    next_page_uri: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    sid: String,
    account_sid: String,
    from: String,
    to: String,
    body: Option<String>,
    status: String,
    direction: String,
    date_created: Option<String>,
    date_sent: Option<String>,
    date_updated: Option<String>,
    num_media: Option<String>,
    num_segments: Option<String>,
    error_code: Option<i64>,
    error_message: Option<String>,
    price: Option<String>,
    price_unit: Option<String>,
    messaging_service_sid: Option<String>,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -262144;
PRAGMA wal_autocheckpoint = 100000;
CREATE TABLE IF NOT EXISTS messages (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL,
    sender TEXT NOT NULL,
    from_addr TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    body TEXT,
    status TEXT NOT NULL,
    direction TEXT NOT NULL,
    date_created INTEGER,
    date_sent INTEGER,
    date_updated INTEGER,
    num_media INTEGER NOT NULL,
    num_segments INTEGER NOT NULL,
    error_code INTEGER,
    error_message TEXT,
    price TEXT,
    price_unit TEXT,
    messaging_service_sid TEXT
) WITHOUT ROWID;
";

const UPSERT: &str = "
INSERT INTO messages VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)
ON CONFLICT(sid) DO UPDATE SET status = excluded.status, date_updated = excluded.date_updated,
    error_code = excluded.error_code, error_message = excluded.error_message,
    price = excluded.price, body = excluded.body
WHERE messages.status IS NOT excluded.status OR messages.date_updated IS NOT excluded.date_updated
    OR messages.body IS NOT excluded.body OR messages.price IS NOT excluded.price";

/// Loads every message of `target` into a fresh SQLite file at `db`, `concurrency` shards
/// at a time, `shards_per_direction` date shards per sender and direction.
pub fn load(
    target: Target,
    db: &Path,
    concurrency: usize,
    shards_per_direction: u32,
) -> anyhow::Result<Load> {
    let conn = rusqlite::Connection::open(db).context("opening the bare loader's database")?;
    conn.execute_batch(SCHEMA)?;
    let (pages_tx, pages_rx) =
        std::sync::mpsc::sync_channel::<(String, Vec<Message>)>(concurrency * 2);
    let started = Instant::now();
    let writer = std::thread::spawn(move || write_pages(conn, pages_rx));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(fetch_all(
        Arc::new(target),
        pages_tx,
        concurrency,
        shards_per_direction,
    ))?;
    let messages = writer
        .join()
        .map_err(|_| anyhow::anyhow!("bare writer panicked"))??;
    Ok(Load {
        messages,
        wall: started.elapsed(),
    })
}

fn write_pages(
    mut conn: rusqlite::Connection,
    pages: std::sync::mpsc::Receiver<(String, Vec<Message>)>,
) -> anyhow::Result<u64> {
    for (sender, page) in pages {
        let tx = conn.transaction()?;
        {
            let mut upsert = tx.prepare_cached(UPSERT)?;
            for m in &page {
                upsert.execute(rusqlite::params![
                    m.sid,
                    m.account_sid,
                    sender,
                    m.from,
                    m.to,
                    m.body,
                    m.status,
                    m.direction,
                    m.date_created.as_deref().and_then(unix),
                    m.date_sent.as_deref().and_then(unix),
                    m.date_updated.as_deref().and_then(unix),
                    m.num_media
                        .as_deref()
                        .and_then(|n| n.parse::<i64>().ok())
                        .unwrap_or(0),
                    m.num_segments
                        .as_deref()
                        .and_then(|n| n.parse::<i64>().ok())
                        .unwrap_or(0),
                    m.error_code,
                    m.error_message,
                    m.price,
                    m.price_unit,
                    m.messaging_service_sid,
                ])?;
            }
        }
        tx.commit()?;
    }
    let count: i64 = conn.query_row("SELECT count(*) FROM messages", [], |r| r.get(0))?;
    Ok(count as u64)
}

fn unix(rfc2822: &str) -> Option<i64> {
    DateTime::parse_from_rfc2822(rfc2822)
        .ok()
        .map(|d| d.timestamp())
}

/// One sender, one direction, the days `from..=to`.
struct Shard {
    sender: String,
    filter: &'static str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
}

async fn fetch_all(
    target: Arc<Target>,
    pages: std::sync::mpsc::SyncSender<(String, Vec<Message>)>,
    concurrency: usize,
    shards_per_direction: u32,
) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    // Whole GMT days: Twilio (and the simulator) read a DateSent bound as its whole day.
    let (first, last) = (target.from.date_naive(), target.until.date_naive());
    let days = (last - first).num_days().max(1);
    let step = days / i64::from(shards_per_direction.max(1)) + 1;
    let mut shards = Vec::new();
    for sender in &target.senders {
        for filter in ["To", "From"] {
            let mut at = first;
            while at <= last {
                let end = (at + chrono::Duration::days(step - 1)).min(last);
                shards.push(Shard {
                    sender: sender.clone(),
                    filter,
                    from: at,
                    to: end,
                });
                at = end + chrono::Duration::days(1);
            }
        }
    }
    let queue = Arc::new(std::sync::Mutex::new(shards));
    let mut workers: Vec<tokio::task::JoinHandle<anyhow::Result<()>>> = Vec::new();
    for _ in 0..concurrency {
        let queue = queue.clone();
        let client = client.clone();
        let target = target.clone();
        let pages = pages.clone();
        workers.push(tokio::spawn(async move {
            loop {
                let Some(shard) = queue.lock().unwrap().pop() else {
                    return Ok(());
                };
                fetch_shard(&client, &target, &shard, &pages).await?;
            }
        }));
    }
    drop(pages);
    for w in workers {
        w.await??;
    }
    Ok(())
}

async fn fetch_shard(
    client: &reqwest::Client,
    target: &Target,
    shard: &Shard,
    pages: &std::sync::mpsc::SyncSender<(String, Vec<Message>)>,
) -> anyhow::Result<()> {
    let query = serde_urlencoded::to_string([
        (shard.filter, shard.sender.clone()),
        ("DateSent>", shard.from.format("%Y-%m-%d").to_string()),
        ("DateSent<", shard.to.format("%Y-%m-%d").to_string()),
        ("PageSize", "1000".to_string()),
    ])?;
    let mut path = format!(
        "/2010-04-01/Accounts/{}/Messages.json?{query}",
        target.account_sid
    );
    loop {
        let url = format!("{}{}", target.url.trim_end_matches('/'), path);
        let response = client
            .get(&url)
            .basic_auth(&target.account_sid, Some(&target.auth_token))
            .send()
            .await?;
        if !response.status().is_success() {
            bail!("bare loader: HTTP {} on {path}", response.status());
        }
        let page: Page = response.json().await?;
        let next = page.next_page_uri;
        if !page.messages.is_empty() {
            // The writer is a plain thread; a full channel must not block a runtime worker.
            let item = (shard.sender.clone(), page.messages);
            let pages = pages.clone();
            tokio::task::spawn_blocking(move || pages.send(item)).await??;
        }
        match next {
            Some(n) if !n.is_empty() => path = n,
            _ => return Ok(()),
        }
    }
}
