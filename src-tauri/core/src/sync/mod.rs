//! Pulling the WhatsApp history of the connected senders into the archive.
//!
//! For each selected sender, inbound (`To` = sender) and outbound (`From` = sender) messages
//! are listed in date shards fetched in parallel under the client's adaptive concurrency cap.
//! One writer thread owns the database connection and commits each page's upserts together
//! with its shard checkpoint, so a process killed at any instant resumes with every message
//! exactly once.

mod ingest;
mod plan;
mod writer;

use crate::error::{Error, Result};
use crate::twilio::{wire, Client, ClientStats, Host, Request};
use futures_util::stream::{FuturesUnordered, StreamExt};
use ingest::{PageOutcome, Plan, RunKind, ShardTask};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;
use writer::Writer;

pub use tokio_util::sync::CancellationToken;

/// Full backfill or incremental.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SyncMode {
    /// Backfill what is missing (first run or an interrupted one), else incremental.
    #[default]
    Auto,
    /// Walk the whole history again (every message re-read; unchanged rows are not rewritten).
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
    /// Where media files go (default: `media/` next to the database).
    pub media_dir: Option<PathBuf>,
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
        }
    }
}

/// Stage of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Deciding what to fetch.
    Planning,
    /// Listing messages.
    Messages,
    /// Fetching media metadata.
    MediaMetadata,
    /// Downloading media files.
    MediaFiles,
    /// Finished.
    Done,
}

/// A progress report, sent to the callback after each committed page (and each media batch).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Progress {
    /// Stage.
    pub phase: Phase,
    /// Messages received from Twilio so far.
    pub messages_fetched: u64,
    /// Messages new to the archive.
    pub messages_new: u64,
    /// Messages whose content or status changed.
    pub messages_updated: u64,
    /// Pages committed.
    pub pages: u64,
    /// Shards finished / planned.
    pub shards_done: u64,
    /// Shards planned.
    pub shards_total: u64,
    /// Media items handled / to handle in the current media phase.
    pub media_done: u64,
    /// Media items to handle.
    pub media_total: u64,
    /// Messages per second since the start.
    pub rate_per_sec: f64,
    /// How far along the current phase is, 0..1 (what the progress bar and the top bar show).
    pub fraction: f64,
    /// Estimated seconds left, when it can be estimated.
    pub eta_secs: Option<f64>,
    /// Seconds since the start.
    pub elapsed_secs: f64,
    /// Current concurrency cap.
    pub concurrency: usize,
}

/// A media file that could not be downloaded.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SkippedMedia {
    /// ME…
    pub media_sid: String,
    /// SM/MM…
    pub message_sid: String,
    /// Why (Twilio's answer or the network error), in English.
    pub reason: String,
}

/// What a run did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SyncReport {
    /// Full backfill or incremental, as it ran.
    pub kind: String,
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
        progress,
        cancel: cancel.child_token(),
        started,
        now,
        tally: Tally::default(),
        shards_total: plan.shards.len() as u64,
        queue: Mutex::new(plan.shards.iter().cloned().collect()),
        fractions: Mutex::new(HashMap::new()),
        horizon: plan.horizon,
        phase: Mutex::new(Phase::Planning),
    };
    let outcome = run.execute(&plan).await;
    let (label, code) = match &outcome {
        Ok(()) if cancel.is_cancelled() => ("cancelled", None),
        Ok(()) => ("done", None),
        Err(e) => ("failed", Some(e.code().as_str())),
    };
    let (new, updated) = (
        run.tally.new.load(Ordering::Relaxed),
        run.tally.updated.load(Ordering::Relaxed),
    );
    let run_id = plan.run_id;
    let finished = writer
        .run(move |w| w.finish_run(run_id, label, new, updated, code))
        .await;
    if outcome.is_ok() {
        run.set_phase(Phase::Done);
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

#[derive(Default)]
struct Tally {
    fetched: AtomicU64,
    new: AtomicU64,
    updated: AtomicU64,
    pages: AtomicU64,
    shards_done: AtomicU64,
    media_listed: AtomicU64,
    media_downloaded: AtomicU64,
    media_done: AtomicU64,
    media_total: AtomicU64,
    skipped: Mutex<Vec<SkippedMedia>>,
}

/// One run in progress: what every fetcher shares.
struct Run<'a> {
    client: &'a Client,
    writer: &'a Writer,
    options: &'a SyncOptions,
    progress: &'a (dyn Fn(&Progress) + Send + Sync),
    cancel: CancellationToken,
    started: Instant,
    now: i64,
    tally: Tally,
    shards_total: u64,
    queue: Mutex<VecDeque<ShardTask>>,
    fractions: Mutex<HashMap<i64, f64>>,
    horizon: i64,
    phase: Mutex<Phase>,
}

/// How many messages' media metadata, or media files, are handled per batch.
const MEDIA_BATCH: usize = 200;

impl Run<'_> {
    async fn execute(&self, plan: &Plan) -> Result<()> {
        self.set_phase(Phase::Messages);
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
        if self.cancel.is_cancelled() || self.options.media == MediaMode::Skip {
            return Ok(());
        }
        self.list_media().await?;
        if self.cancel.is_cancelled() || self.options.media != MediaMode::Files {
            return Ok(());
        }
        self.download_media().await
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

    /// Fetches a shard page by page from its checkpoint; each page is committed with the link
    /// to the next while that next page is already being fetched.
    async fn fetch_shard(&self, shard: ShardTask) -> Result<()> {
        let first = match &shard.next_page_uri {
            Some(link) => Request::follow(Host::Api, link)?,
            None => {
                let mut request = Request::messages(self.client.account_sid());
                request.query = plan::shard_query(
                    &shard.sender,
                    shard.inbound,
                    shard.from,
                    shard.to,
                    self.options.page_size,
                );
                request
            }
        };
        let Some(mut page) = self.fetch(&first).await? else {
            return Ok(());
        };
        let (from, to) = (
            shard.from.unwrap_or(self.horizon),
            shard.to.unwrap_or(self.now),
        );
        let mut oldest: Option<i64> = None;
        let mut current_link = shard.next_page_uri.clone();
        loop {
            let next = page
                .next_page_uri
                .take()
                .filter(|l| !l.is_empty() && Some(l) != current_link.as_ref());
            let messages = std::mem::take(&mut page.messages);
            let count = messages.len() as u64;
            if let Some(t) = messages
                .iter()
                .filter_map(|m| m.date_sent.as_deref().and_then(wire::parse_date))
                .min()
            {
                oldest = Some(oldest.map_or(t, |o| o.min(t)));
            }
            let next_request = next
                .as_deref()
                .map(|l| Request::follow(Host::Api, l))
                .transpose()?;
            let (shard_id, link, unread) = (shard.id, next.clone(), shard.incremental);
            let commit = self
                .writer
                .run(move |w| w.commit_page(shard_id, &messages, link.as_deref(), unread));
            let prefetch = async {
                match &next_request {
                    Some(request) => self.fetch(request).await,
                    None => Ok(None),
                }
            };
            let (committed, fetched) = tokio::join!(commit, prefetch);
            let PageOutcome { new, updated } = committed??;
            self.tally.fetched.fetch_add(count, Ordering::Relaxed);
            self.tally.new.fetch_add(new, Ordering::Relaxed);
            self.tally.updated.fetch_add(updated, Ordering::Relaxed);
            self.tally.pages.fetch_add(1, Ordering::Relaxed);
            if next.is_none() {
                self.tally.shards_done.fetch_add(1, Ordering::Relaxed);
                self.fractions
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&shard.id);
                self.emit();
                return Ok(());
            }
            self.fractions
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(shard.id, plan::shard_fraction(from, to, oldest));
            self.emit();
            match fetched? {
                Some(p) => page = p,
                None => return Ok(()), // cancelled; the checkpoint points at the next page
            }
            current_link = next;
        }
    }

    /// One page, or `None` when the run is cancelled meanwhile.
    async fn fetch(&self, request: &Request) -> Result<Option<wire::MessagePage>> {
        tokio::select! {
            _ = self.cancel.cancelled() => Ok(None),
            page = self.client.messages_page(request) => page.map(Some),
        }
    }

    /// Fetches the media metadata of every message that has media.
    async fn list_media(&self) -> Result<()> {
        self.set_phase(Phase::MediaMetadata);
        let total = self.writer.run(|w| w.media_metadata_pending()).await??;
        self.tally.media_total.store(total, Ordering::Relaxed);
        self.tally.media_done.store(0, Ordering::Relaxed);
        self.emit();
        let mut after = 0i64;
        loop {
            let batch = self
                .writer
                .run(move |w| w.messages_needing_media(after, MEDIA_BATCH))
                .await??;
            let Some(&(last, _)) = batch.last() else {
                return Ok(());
            };
            after = last;
            let fetched: Vec<(String, Result<Vec<wire::Media>>)> =
                futures_util::stream::iter(batch)
                    .map(|(_, sid)| async move {
                        let media = tokio::select! {
                            _ = self.cancel.cancelled() => Err(Error::Cancelled),
                            media = self.client.media_of(&sid) => media,
                        };
                        (sid, media)
                    })
                    .buffer_unordered(self.options.workers.max(1))
                    .collect()
                    .await;
            let mut listed = Vec::new();
            for (sid, media) in fetched {
                match media {
                    Ok(media) => listed.push((sid, media)),
                    Err(Error::Cancelled) => {}
                    Err(e) if is_fatal(&e) => return Err(e),
                    // Left unlisted: tried again on the next run.
                    Err(e) => tracing::warn!(message = %sid, "media list failed: {e}"),
                }
            }
            let handled = listed.len() as u64;
            let count = self.writer.run(move |w| w.record_media(&listed)).await??;
            self.tally.media_listed.fetch_add(count, Ordering::Relaxed);
            self.tally.media_done.fetch_add(handled, Ordering::Relaxed);
            self.emit();
            if self.cancel.is_cancelled() {
                return Ok(());
            }
        }
    }

    /// Downloads every media file not downloaded yet into the media folder.
    async fn download_media(&self) -> Result<()> {
        self.set_phase(Phase::MediaFiles);
        let dir = match &self.options.media_dir {
            Some(dir) => dir.clone(),
            None => crate::store::media_dir_for(self.writer.db_path()),
        };
        let total = self.writer.run(|w| w.media_files_pending()).await??;
        self.tally.media_total.store(total, Ordering::Relaxed);
        self.tally.media_done.store(0, Ordering::Relaxed);
        self.emit();
        let mut after = String::new();
        loop {
            let from = after.clone();
            let batch = self
                .writer
                .run(move |w| w.media_to_download(&from, MEDIA_BATCH))
                .await??;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            after = last.sid.clone();
            let results: Vec<(ingest::PendingMedia, String, Result<u64>)> =
                futures_util::stream::iter(batch)
                    .map(|item| {
                        let dir = &dir;
                        async move {
                            let relative = media_file_name(&item);
                            let dest = dir.join(&relative);
                            let result = match tokio::fs::metadata(&dest).await {
                                // Downloaded by a run killed before recording it: the file is only
                                // renamed into place once complete.
                                Ok(meta) if meta.is_file() => Ok(meta.len()),
                                _ => tokio::select! {
                                    _ = self.cancel.cancelled() => Err(Error::Cancelled),
                                    r = self.client.download_media(&item.uri, &dest) => r,
                                },
                            };
                            (item, relative, result)
                        }
                    })
                    .buffer_unordered(self.options.workers.max(1))
                    .collect()
                    .await;
            for (item, relative, result) in results {
                match result {
                    Ok(size) => {
                        let sid = item.sid.clone();
                        self.writer
                            .run(move |w| w.record_download(&sid, &relative, size))
                            .await??;
                        self.tally.media_downloaded.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(Error::Cancelled) => {}
                    Err(e) if is_fatal(&e) => return Err(e),
                    Err(e) => {
                        let reason = e.message(crate::Lang::En);
                        let (sid, why) = (item.sid.clone(), reason.clone());
                        self.writer
                            .run(move |w| w.record_skip(&sid, &why))
                            .await??;
                        self.tally
                            .skipped
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(SkippedMedia {
                                media_sid: item.sid,
                                message_sid: item.message_sid,
                                reason,
                            });
                    }
                }
                self.tally.media_done.fetch_add(1, Ordering::Relaxed);
            }
            self.emit();
            if self.cancel.is_cancelled() {
                return Ok(());
            }
        }
    }

    fn set_phase(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(|p| p.into_inner()) = phase;
    }

    fn snapshot(&self) -> Progress {
        let t = &self.tally;
        let elapsed = self.started.elapsed().as_secs_f64();
        let fetched = t.fetched.load(Ordering::Relaxed);
        let shards_done = t.shards_done.load(Ordering::Relaxed);
        let phase = *self.phase.lock().unwrap_or_else(|p| p.into_inner());
        let (media_done, media_total) = (
            t.media_done.load(Ordering::Relaxed),
            t.media_total.load(Ordering::Relaxed),
        );
        let fraction = match phase {
            Phase::Messages | Phase::Planning if self.shards_total > 0 => {
                let partial: f64 = self
                    .fractions
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .values()
                    .sum();
                (shards_done as f64 + partial) / self.shards_total as f64
            }
            Phase::MediaMetadata | Phase::MediaFiles if media_total > 0 => {
                media_done as f64 / media_total as f64
            }
            _ => 1.0,
        };
        let eta_secs =
            (fraction > 0.01 && fraction < 1.0).then(|| elapsed * (1.0 - fraction) / fraction);
        Progress {
            phase,
            messages_fetched: fetched,
            messages_new: t.new.load(Ordering::Relaxed),
            messages_updated: t.updated.load(Ordering::Relaxed),
            pages: t.pages.load(Ordering::Relaxed),
            shards_done,
            shards_total: self.shards_total,
            media_done,
            media_total,
            rate_per_sec: if elapsed > 0.0 {
                fetched as f64 / elapsed
            } else {
                0.0
            },
            fraction: fraction.clamp(0.0, 1.0),
            eta_secs,
            elapsed_secs: elapsed,
            concurrency: self.client.throttle().snapshot().0,
        }
    }

    fn emit(&self) {
        (self.progress)(&self.snapshot());
    }

    fn report(&self, kind: RunKind, cancelled: bool) -> SyncReport {
        let p = self.snapshot();
        let (_, peak, decreases) = self.client.throttle().snapshot();
        SyncReport {
            kind: kind.as_str().to_owned(),
            messages_fetched: p.messages_fetched,
            messages_new: p.messages_new,
            messages_updated: p.messages_updated,
            pages: p.pages,
            shards_done: p.shards_done,
            media_listed: self.tally.media_listed.load(Ordering::Relaxed),
            media_downloaded: self.tally.media_downloaded.load(Ordering::Relaxed),
            media_skipped: self
                .tally
                .skipped
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
            http: self.client.stats(),
            peak_concurrency: peak,
            concurrency_decreases: decreases,
            elapsed_secs: p.elapsed_secs,
            rate_per_sec: p.rate_per_sec,
            cancelled,
        }
    }
}

/// Errors that stop the whole run rather than one media file.
fn is_fatal(e: &Error) -> bool {
    matches!(
        e,
        Error::BadCredentials | Error::Database(_) | Error::Internal(_) | Error::Io { .. }
    )
}

/// `<message sid>/<media sid>.<ext>` under the media folder.
fn media_file_name(item: &ingest::PendingMedia) -> String {
    let ext = match item.content_type.as_deref().unwrap_or("") {
        "image/jpeg" | "image/jpg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/amr" => "amr",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        "text/vcard" | "text/x-vcard" => "vcf",
        _ => "bin",
    };
    format!("{}/{}.{ext}", item.message_sid, item.sid)
}
