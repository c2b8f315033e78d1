//! Progress of a run: what the fetchers count, and the report sent to the caller after each
//! committed page or media batch, with the overall fraction and the time left already worked
//! out (the UI only displays them).

use super::SkippedMedia;
use crate::media_folder::Tallies;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Stage of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Deciding what to fetch.
    Planning,
    /// Listing messages.
    Messages,
    /// Building the search index, counts and summaries a first backfill deferred (search and
    /// the conversation list are complete once it ends).
    Indexing,
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
    /// How far the current phase is, from 0.0 to 1.0: media handled in the media phases,
    /// else shards done including the part of each shard already fetched.
    pub fraction: f64,
    /// Messages per second since the start.
    pub rate_per_sec: f64,
    /// Estimated seconds left, when it can be estimated.
    pub eta_secs: Option<f64>,
    /// Seconds since the start.
    pub elapsed_secs: f64,
    /// Current concurrency cap.
    pub concurrency: usize,
    /// While downloading media: the estimated size of the files still to fetch, in bytes
    /// (typical sizes per kind, refined by the files already downloaded).
    #[serde(default)]
    pub media_estimate_bytes: Option<u64>,
}

/// Counters shared by every fetcher of a run.
#[derive(Default)]
pub(super) struct Tally {
    pub fetched: AtomicU64,
    pub new: AtomicU64,
    pub updated: AtomicU64,
    pub pages: AtomicU64,
    pub shards_done: AtomicU64,
    pub media_listed: AtomicU64,
    pub media_downloaded: AtomicU64,
    pub media_done: AtomicU64,
    pub media_total: AtomicU64,
    pub skipped: Mutex<Vec<SkippedMedia>>,
    /// Media counts and sizes per kind, while downloading files (the estimate's source).
    pub media_sizes: Mutex<Option<Tallies>>,
}

impl Tally {
    pub(super) fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub(super) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// Starts a media phase over `total` items.
    pub(super) fn start_media(&self, total: u64) {
        self.media_total.store(total, Ordering::Relaxed);
        self.media_done.store(0, Ordering::Relaxed);
    }

    /// The media files that could not be downloaded so far.
    pub(super) fn skipped(&self) -> Vec<SkippedMedia> {
        self.skipped
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Counts a downloaded file of `content_type` in the estimate.
    pub(super) fn measured(&self, content_type: Option<&str>, size: u64) {
        if let Some(t) = self
            .media_sizes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_mut()
        {
            t.downloaded(content_type, size);
        }
    }

    /// The estimated size of the media still to download, once known.
    fn media_estimate(&self) -> Option<u64> {
        self.media_sizes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(Tallies::remaining_bytes)
    }
}

/// Measures a run and reports it: the tally, the part done of each shard in flight, the phase.
pub(super) struct Meter<'a> {
    report: &'a (dyn Fn(&Progress) + Send + Sync),
    started: Instant,
    shards_total: u64,
    pub tally: Tally,
    /// Part done of each shard being fetched, by shard id.
    in_flight: Mutex<HashMap<i64, f64>>,
    phase: Mutex<Phase>,
}

impl<'a> Meter<'a> {
    /// A meter for a run that started at `started` (its planning included).
    pub(super) fn new(
        report: &'a (dyn Fn(&Progress) + Send + Sync),
        started: Instant,
        shards_total: u64,
    ) -> Self {
        Meter {
            report,
            started,
            shards_total,
            tally: Tally::default(),
            in_flight: Mutex::new(HashMap::new()),
            phase: Mutex::new(Phase::Planning),
        }
    }

    pub(super) fn set_phase(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(|p| p.into_inner()) = phase;
    }

    /// Records how far a shard in flight is.
    pub(super) fn shard_progress(&self, shard: i64, fraction: f64) {
        self.in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(shard, fraction);
    }

    /// Records a finished shard.
    pub(super) fn shard_done(&self, shard: i64) {
        Tally::add(&self.tally.shards_done, 1);
        self.in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&shard);
    }

    /// The progress now, with the client's current concurrency cap.
    pub(super) fn snapshot(&self, concurrency: usize) -> Progress {
        let t = &self.tally;
        let elapsed = self.started.elapsed().as_secs_f64();
        let fetched = Tally::get(&t.fetched);
        let shards_done = Tally::get(&t.shards_done);
        let phase = *self.phase.lock().unwrap_or_else(|p| p.into_inner());
        let (media_done, media_total) = (Tally::get(&t.media_done), Tally::get(&t.media_total));
        let in_flight: f64 = self
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .sum();
        let fraction = overall_fraction(
            phase,
            (shards_done as f64 + in_flight, self.shards_total),
            (media_done, media_total),
        );
        Progress {
            phase,
            messages_fetched: fetched,
            messages_new: Tally::get(&t.new),
            messages_updated: Tally::get(&t.updated),
            pages: Tally::get(&t.pages),
            shards_done,
            shards_total: self.shards_total,
            media_done,
            media_total,
            fraction,
            rate_per_sec: rate(fetched, elapsed),
            eta_secs: eta(elapsed, fraction),
            elapsed_secs: elapsed,
            concurrency,
            media_estimate_bytes: (phase == Phase::MediaFiles)
                .then(|| t.media_estimate())
                .flatten(),
        }
    }

    /// Sends the progress now to the caller.
    pub(super) fn emit(&self, concurrency: usize) {
        (self.report)(&self.snapshot(concurrency));
    }
}

/// How far the current phase is: `(shards done including partial ones, shards planned)` while
/// listing messages, `(handled, total)` in the media phases; 1.0 when there is nothing to do.
fn overall_fraction(phase: Phase, shards: (f64, u64), media: (u64, u64)) -> f64 {
    let fraction = match phase {
        Phase::Messages | Phase::Planning if shards.1 > 0 => shards.0 / shards.1 as f64,
        Phase::MediaMetadata | Phase::MediaFiles if media.1 > 0 => media.0 as f64 / media.1 as f64,
        _ => 1.0,
    };
    fraction.clamp(0.0, 1.0)
}

/// Seconds left at the pace so far; unknown before 1 % (too noisy) and once done.
fn eta(elapsed: f64, fraction: f64) -> Option<f64> {
    (fraction > 0.01 && fraction < 1.0).then(|| elapsed * (1.0 - fraction) / fraction)
}

/// Items per second.
fn rate(count: u64, elapsed: f64) -> f64 {
    if elapsed > 0.0 {
        count as f64 / elapsed
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_table() {
        let cases = [
            (Phase::Messages, (0.0, 10), (0, 0), 0.0),
            (Phase::Messages, (2.5, 10), (0, 0), 0.25),
            (Phase::Messages, (0.0, 0), (0, 0), 1.0),
            (Phase::MediaMetadata, (10.0, 10), (30, 120), 0.25),
            (Phase::MediaFiles, (10.0, 10), (120, 120), 1.0),
            (Phase::MediaFiles, (10.0, 10), (0, 0), 1.0),
            (Phase::Done, (3.0, 10), (1, 5), 1.0),
            // A rounding overshoot never shows more than done.
            (Phase::Messages, (10.000001, 10), (0, 0), 1.0),
        ];
        for (phase, shards, media, want) in cases {
            let got = overall_fraction(phase, shards, media);
            assert!(
                (got - want).abs() < 1e-9,
                "{phase:?} {shards:?} {media:?}: {got}"
            );
        }
    }

    #[test]
    fn eta_table() {
        let cases = [
            (10.0, 0.0, None),
            (10.0, 0.005, None),
            (10.0, 0.5, Some(10.0)),
            (30.0, 0.75, Some(10.0)),
            (10.0, 1.0, None),
        ];
        for (elapsed, fraction, want) in cases {
            assert_eq!(eta(elapsed, fraction), want, "{elapsed} {fraction}");
        }
        assert_eq!(rate(100, 4.0), 25.0);
        assert_eq!(rate(100, 0.0), 0.0);
    }
}
