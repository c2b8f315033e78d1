//! Pulling the WhatsApp history of the connected senders into the archive.
//!
//! For each selected sender, inbound (`To` = sender) and outbound (`From` = sender) messages
//! are listed in date shards fetched in parallel under the client's adaptive concurrency cap.
//! One writer thread owns the database connection and commits each page's upserts together
//! with its shard checkpoint, so a process killed at any instant resumes with every message
//! exactly once.

mod guard;
mod ingest;
mod media;
mod plan;
mod progress;
mod unsent;
mod writer;

use crate::error::Result;
use crate::http::Paged;
use crate::ids::{MediaSid, MessageSid};
use crate::store::sync_state::{RunEnd, ShardTask};
use crate::twilio::{wire, Client, ClientStats, Host, Request};
use futures_util::pin_mut;
use futures_util::stream::{FuturesUnordered, Stream, StreamExt};
use ingest::{PageOutcome, Plan};
use progress::{Meter, Tally};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;
use writer::Writer;

pub use crate::store::sync_state::RunKind;
pub use progress::{Phase, Progress};
pub use tokio_util::sync::CancellationToken;

/// Full backfill or incremental.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SyncMode {
    /// Backfill what is missing (first run or an interrupted one), else incremental.
    #[default]
    Auto,
    /// Walk the whole history again (every message re-read; unchanged rows are not rewritten):
    /// "check every status again". An automatic run re-reads only `refresh_days` back, so a
    /// status that changes later (a message read or failed weeks after it was sent) is seen
    /// only this way; worth it once in a while, or when a status looks wrong.
    Full,
}

/// What to do with media.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MediaMode {
    /// Do not touch media.
    Skip,
    /// Fetch the media metadata only.
    Metadata,
    /// Metadata and the files themselves.
    #[default]
    Files,
}

/// Knobs of a sync run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SyncOptions {
    /// Full or automatic.
    pub mode: SyncMode,
    /// Messages per page asked from Twilio (1..=1000).
    pub page_size: u32,
    /// Width of a backfill date shard, in days.
    pub shard_days: u32,
    /// Most shard fetchers running at once (the client's cap still applies).
    pub workers: usize,
    /// Incremental runs re-read this many seconds before the newest message already archived.
    pub overlap_secs: i64,
    /// Incremental runs re-read this many days before the newest message, to refresh statuses
    /// that can still change (sent → delivered → read, failures).
    pub refresh_days: i64,
    /// Media handling.
    pub media: MediaMode,
    /// Where media files go (default: the archive's media folder, see [`crate::media_folder`]).
    pub media_dir: Option<PathBuf>,
    /// Stop before downloading media that clearly will not fit on the media folder's disk
    /// (`false`: download anyway; a full disk still stops the run cleanly).
    #[serde(default = "checked")]
    pub check_space: bool,
}

fn checked() -> bool {
    true
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            mode: SyncMode::Auto,
            page_size: 1000,
            shard_days: 30,
            workers: 16,
            overlap_secs: 3600,
            refresh_days: 7,
            media: MediaMode::Files,
            media_dir: None,
            check_space: true,
        }
    }
}

/// A media file that could not be downloaded.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SkippedMedia {
    /// ME…
    pub media_sid: MediaSid,
    /// SM/MM…
    pub message_sid: MessageSid,
    /// Why (Twilio's answer or the network error), in English.
    pub reason: String,
}

/// What a run did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SyncReport {
    /// Full backfill or incremental, as it ran (`"full"` / `"incremental"` in JSON).
    pub kind: RunKind,
    /// Messages received from Twilio.
    pub messages_fetched: u64,
    /// New messages archived.
    pub messages_new: u64,
    /// Messages whose stored copy changed.
    pub messages_updated: u64,
    /// Pages committed.
    pub pages: u64,
    /// Shards finished in this run.
    pub shards_done: u64,
    /// Media metadata items recorded.
    pub media_listed: u64,
    /// Media files downloaded.
    pub media_downloaded: u64,
    /// Media files that could not be downloaded.
    pub media_skipped: Vec<SkippedMedia>,
    /// HTTP counters (requests, retries, 429s…).
    pub http: ClientStats,
    /// Highest concurrent requests seen, and how often the cap was lowered after a 429.
    pub peak_concurrency: usize,
    /// How often the concurrency cap was halved.
    pub concurrency_decreases: u64,
    /// Wall time.
    pub elapsed_secs: f64,
    /// Messages per second.
    pub rate_per_sec: f64,
    /// Whether the run was cancelled (what was written is kept).
    pub cancelled: bool,
}

/// Syncs the archive at `db_path` from Twilio through `client`, for the senders saved by
/// [`crate::connect::save`]. Reports progress through `progress`; stops cleanly (keeping every
/// committed page) when `cancel` fires, returning a report with `cancelled = true`.
pub async fn sync_history(
    db_path: &Path,
    client: &Client,
    options: &SyncOptions,
    progress: &(dyn Fn(&Progress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<SyncReport> {
    let started = Instant::now();
    let writer = Writer::start(db_path.to_owned()).await?;
    // After the writer: a missing or read-only archive is explained by its own error.
    let _one_at_a_time = guard::take(db_path)?;
    let now = crate::store::now_unix();
    let plan_options = options.clone();
    let plan = writer.run(move |w| w.plan(&plan_options, now)).await??;
    tracing::info!(
        kind = plan.kind.as_str(),
        shards = plan.shards.len(),
        "sync started"
    );
    let run = Run {
        client,
        writer: &writer,
        options,
        cancel: cancel.child_token(),
        now,
        meter: Meter::new(progress, started, plan.shards.len() as u64),
        queue: Mutex::new(plan.shards.iter().cloned().collect()),
        horizon: plan.horizon,
    };
    let outcome = run.execute(&plan).await;
    let (label, code) = match &outcome {
        Ok(()) if cancel.is_cancelled() => ("cancelled", None),
        Ok(()) => ("done", None),
        Err(e) => ("failed", Some(e.code().as_str())),
    };
    let (new, updated) = (
        Tally::get(&run.meter.tally.new),
        Tally::get(&run.meter.tally.updated),
    );
    let run_id = plan.run_id;
    let finished = writer
        .run(move |w| {
            let end = RunEnd {
                outcome: label,
                new,
                updated,
                error_code: code,
            };
            w.finish_run(run_id, &end)
        })
        .await;
    if outcome.is_ok() {
        run.meter.set_phase(Phase::Done);
        run.emit();
    }
    let report = run.report(plan.kind, cancel.is_cancelled());
    drop(run);
    writer.stop().await;
    outcome?;
    finished??;
    tracing::info!(
        new = report.messages_new,
        updated = report.messages_updated,
        secs = report.elapsed_secs,
        cancelled = report.cancelled,
        "sync finished"
    );
    Ok(report)
}

/// One run in progress: what every fetcher shares.
struct Run<'a> {
    client: &'a Client,
    writer: &'a Writer,
    options: &'a SyncOptions,
    cancel: CancellationToken,
    now: i64,
    meter: Meter<'a>,
    queue: Mutex<VecDeque<ShardTask>>,
    horizon: i64,
}

impl Run<'_> {
    async fn execute(&self, plan: &Plan) -> Result<()> {
        self.meter.set_phase(Phase::Messages);
        self.emit();
        let workers = self.options.workers.max(1).min(plan.shards.len().max(1));
        let mut fetchers: FuturesUnordered<_> = (0..workers).map(|_| self.fetch_shards()).collect();
        let mut first_error = None;
        while let Some(result) = fetchers.next().await {
            if let Err(e) = result {
                if first_error.is_none() {
                    tracing::warn!(code = %e.code(), "sync stopping: {e}");
                    self.cancel.cancel();
                    first_error = Some(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        if self.cancel.is_cancelled() {
            return Ok(());
        }
        self.finish_bulk_phase().await?;
        self.sweep_unsent().await?;
        if self.cancel.is_cancelled() || self.options.media == MediaMode::Skip {
            return Ok(());
        }
        self.list_media().await?;
        if self.cancel.is_cancelled() || self.options.media != MediaMode::Files {
            return Ok(());
        }
        self.download_media().await
    }

    /// Ends a first backfill's bulk phase (see `store::bulk_load`): one transaction of a few
    /// seconds per million messages, not cancellable (a kill rolls it back; the next run
    /// builds it again).
    async fn finish_bulk_phase(&self) -> Result<()> {
        if !self.writer.run(|w| w.in_bulk_phase()).await? {
            return Ok(());
        }
        self.meter.set_phase(Phase::Indexing);
        self.emit();
        let started = Instant::now();
        if self.writer.run(|w| w.finish_bulk_phase()).await?? {
            tracing::info!(
                secs = started.elapsed().as_secs_f64(),
                "bulk phase ended: indexes, search index and summaries built"
            );
        }
        Ok(())
    }

    /// Takes shards from the queue until it is empty.
    async fn fetch_shards(&self) -> Result<()> {
        loop {
            let next = self
                .queue
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop_front();
            let Some(shard) = next else { return Ok(()) };
            if self.cancel.is_cancelled() {
                return Ok(());
            }
            self.fetch_shard(shard).await?;
        }
    }

    /// Fetches a shard page by page from its checkpoint, over the client's lazy page stream;
    /// each page is committed with the link to the next while that next page is already being
    /// fetched (the overlap matters for speed).
    async fn fetch_shard(&self, shard: ShardTask) -> Result<()> {
        let (first, resumed) = match &shard.next_page_uri {
            Some(link) => (Request::follow(Host::Api, link)?, Some(link.as_str())),
            None => {
                let mut request = Request::messages(self.client.account_sid());
                request.query = plan::shard_query(
                    &shard.sender,
                    shard.inbound,
                    shard.from,
                    shard.to,
                    self.options.page_size,
                );
                (request, None)
            }
        };
        let pages = self.client.message_pages(first, resumed);
        pin_mut!(pages);
        let (from, to) = (
            shard.from.unwrap_or(self.horizon),
            shard.to.unwrap_or(self.now),
        );
        let mut oldest: Option<i64> = None;
        let mut current = self.next_page(&mut pages).await?;
        while let Some(Paged { page, next }) = current {
            let messages = page.messages;
            let count = messages.len() as u64;
            if let Some(t) = messages
                .iter()
                .filter_map(|m| m.date_sent.as_deref().and_then(wire::parse_date))
                .min()
            {
                oldest = Some(oldest.map_or(t, |o| o.min(t)));
            }
            let (shard_id, link, unread) = (shard.id, next.clone(), shard.incremental);
            let commit = self
                .writer
                .run(move |w| w.commit_page(Some(shard_id), &messages, link.as_deref(), unread));
            let prefetch = async {
                match next {
                    Some(_) => self.next_page(&mut pages).await,
                    None => Ok(None),
                }
            };
            let (committed, fetched) = tokio::join!(commit, prefetch);
            self.count_page(count, committed??);
            if next.is_none() {
                self.meter.shard_done(shard.id);
                self.emit();
                return Ok(());
            }
            self.meter
                .shard_progress(shard.id, plan::shard_fraction(from, to, oldest));
            self.emit();
            // `None` here means cancelled: the checkpoint points at the next page.
            current = fetched?;
        }
        Ok(())
    }

    /// The next page of a walk, or `None` when the walk ends or the run is cancelled.
    async fn next_page<S>(&self, pages: &mut S) -> Result<Option<Paged<wire::MessagePage>>>
    where
        S: Stream<Item = Result<Paged<wire::MessagePage>>> + Unpin,
    {
        tokio::select! {
            () = self.cancel.cancelled() => Ok(None),
            page = pages.next() => page.transpose(),
        }
    }

    /// Adds a committed page to the tallies.
    fn count_page(&self, fetched: u64, outcome: PageOutcome) {
        let tally = &self.meter.tally;
        Tally::add(&tally.fetched, fetched);
        Tally::add(&tally.new, outcome.new);
        Tally::add(&tally.updated, outcome.updated);
        Tally::add(&tally.pages, 1);
    }

    /// Sends the progress now to the caller.
    fn emit(&self) {
        self.meter.emit(self.client.throttle().snapshot().0);
    }

    fn report(&self, kind: RunKind, cancelled: bool) -> SyncReport {
        let (concurrency, peak, decreases) = self.client.throttle().snapshot();
        let p = self.meter.snapshot(concurrency);
        let tally = &self.meter.tally;
        SyncReport {
            kind,
            messages_fetched: p.messages_fetched,
            messages_new: p.messages_new,
            messages_updated: p.messages_updated,
            pages: p.pages,
            shards_done: p.shards_done,
            media_listed: Tally::get(&tally.media_listed),
            media_downloaded: Tally::get(&tally.media_downloaded),
            media_skipped: tally.skipped(),
            http: self.client.stats(),
            peak_concurrency: peak,
            concurrency_decreases: decreases,
            elapsed_secs: p.elapsed_secs,
            rate_per_sec: p.rate_per_sec,
            cancelled,
        }
    }
}

/// Archives messages listed outside a sync run (the "Move my number" completeness check's
/// repairs) exactly as a sync page is committed; returns how many were new.
pub(crate) async fn archive_messages(db_path: &Path, messages: Vec<wire::Message>) -> Result<u64> {
    let writer = Writer::start(db_path.to_owned()).await?;
    let outcome = writer
        .run(move |w| w.commit_page(None, &messages, None, false))
        .await;
    writer.stop().await;
    Ok(outcome??.new)
}
