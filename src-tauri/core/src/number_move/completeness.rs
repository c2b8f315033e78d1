//! The completeness check of step 2: for each direction and month of a business number, the
//! messages Twilio lists against the archive. Twilio's list is paged through (To= / From=
//! filters, no date filter, so queued messages with no send date are included), never our
//! own checkpoints. Differences are fetched again, then shown if they remain. Media: every
//! file Twilio listed is on disk, whole (no `.part`), at the length the download wrote.

use crate::error::Result;
use crate::store::{self, media, number_moves, Store};
use crate::sync::{self, CancellationToken, SyncOptions};
use crate::twilio::{wire, Client, Request};
use futures_util::{pin_mut, StreamExt};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// One direction and month of a business number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDiff {
    /// `inbound` or `outbound`.
    pub direction: String,
    /// `YYYY-MM` (UTC, by send date), or `unsent` (no send date yet).
    pub month: String,
    /// Messages Twilio lists.
    pub twilio: u64,
    /// Of those, archived.
    pub archived: u64,
    /// Listed by Twilio, absent from the archive.
    pub missing: u64,
}

/// A media file that is not whole in the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaProblem {
    /// ME… (empty for a message whose media list was never fetched).
    pub media_sid: String,
    /// SM/MM…
    pub message_sid: String,
    /// `not_downloaded`, `file_missing`, `partial`, `wrong_length`, `not_listed`.
    pub problem: String,
}

/// The proof the check records: what was counted, when, and a checksum of the SIDs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    /// The business number.
    pub sender: String,
    /// When the check finished (unix seconds).
    pub at: i64,
    /// A quick re-run covers only messages created since this time (unix seconds).
    pub since: Option<i64>,
    /// Zero difference and every media file whole.
    pub passed: bool,
    /// Messages Twilio lists.
    pub twilio_total: u64,
    /// Messages still missing from the archive.
    pub missing_total: u64,
    /// Messages fetched again during this check.
    pub repaired: u64,
    /// Per direction and month, in order.
    pub months: Vec<MonthDiff>,
    /// Media files checked.
    pub media_checked: u64,
    /// Media files not whole.
    pub media_problems: Vec<MediaProblem>,
    /// sha256 (hex) of Twilio's SIDs, sorted, one per line.
    pub sids_sha256: String,
}

/// Where the check reads and repairs.
#[derive(Clone, Debug)]
pub struct CheckTarget<'a> {
    /// The archive file.
    pub db_path: &'a Path,
    /// The media folder (default: next to the archive).
    pub media_dir: Option<PathBuf>,
    /// The business number, `whatsapp:+E164`.
    pub sender: &'a str,
    /// Quick re-run: only messages created since then.
    pub since: Option<i64>,
    /// Fetch differences again (`false`: count and report only).
    pub repair: bool,
}

/// Runs the check for one business number: count, fetch again what is missing (messages and
/// media, through the sync), then count again and return the proof.
pub async fn check(client: &Client, target: &CheckTarget<'_>) -> Result<Proof> {
    let first = count(client, target).await?;
    let media_dir = media_dir(target)?;
    if !target.repair || (first.missing.is_empty() && first.media_problems.is_empty()) {
        return Ok(first.proof(target, 0));
    }
    let repaired = first.missing.len() as u64;
    if !first.missing.is_empty() {
        sync::archive_messages(target.db_path, first.missing).await?;
    }
    {
        let store = Store::open_existing(target.db_path)?;
        for p in first
            .media_problems
            .iter()
            .filter(|p| !p.media_sid.is_empty())
        {
            media::forget_download(&store, &p.media_sid)?;
            let _ = std::fs::remove_file(part_path(&media_dir, &store, &p.media_sid)?);
        }
    }
    let options = SyncOptions {
        media_dir: target.media_dir.clone(),
        ..SyncOptions::default()
    };
    sync::sync_history(
        target.db_path,
        client,
        &options,
        &|_| {},
        &CancellationToken::new(),
    )
    .await?;
    Ok(count(client, target).await?.proof(target, repaired))
}

fn media_dir(target: &CheckTarget<'_>) -> Result<PathBuf> {
    match &target.media_dir {
        Some(dir) => Ok(dir.clone()),
        None => crate::media_folder::current(&Store::open_read_only(target.db_path)?),
    }
}

fn part_path(dir: &Path, store: &Store, sid: &str) -> Result<PathBuf> {
    Ok(media::by_sid(store, sid)?
        .and_then(|m| m.file_path)
        .map_or_else(|| dir.join(sid), |p| dir.join(p))
        .with_extension("part"))
}

/// One counting pass.
#[derive(Default)]
struct Count {
    months: BTreeMap<(String, String), MonthDiff>,
    missing: Vec<wire::Message>,
    sids: Vec<String>,
    media_checked: u64,
    media_problems: Vec<MediaProblem>,
}

impl Count {
    fn proof(self, target: &CheckTarget<'_>, repaired: u64) -> Proof {
        let missing_total = self.months.values().map(|m| m.missing).sum();
        let twilio_total = self.sids.len() as u64;
        Proof {
            sender: target.sender.to_owned(),
            at: store::now_unix(),
            since: target.since,
            passed: missing_total == 0 && self.media_problems.is_empty(),
            twilio_total,
            missing_total,
            repaired,
            months: self.months.into_values().collect(),
            media_checked: self.media_checked,
            media_problems: self.media_problems,
            sids_sha256: sids_checksum(self.sids),
        }
    }
}

/// sha256 (hex) of the SIDs, sorted, one per line.
pub fn sids_checksum(mut sids: Vec<String>) -> String {
    sids.sort_unstable();
    let mut hash = Sha256::new();
    for sid in &sids {
        hash.update(sid.as_bytes());
        hash.update(b"\n");
    }
    hash.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            use std::fmt::Write;
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// The month a message counts in: its send date's, or `unsent`.
pub fn month_of(date_sent: Option<i64>) -> String {
    date_sent
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map_or_else(|| "unsent".to_owned(), |d| d.format("%Y-%m").to_string())
}

async fn count(client: &Client, target: &CheckTarget<'_>) -> Result<Count> {
    // The two directions are two independent lists: paged at once, the check takes half the
    // time when each request waits on the network.
    let (mut count, outbound) = futures_util::try_join!(
        count_direction(client, target, true),
        count_direction(client, target, false)
    )?;
    count.months.extend(outbound.months);
    count.missing.extend(outbound.missing);
    count.sids.extend(outbound.sids);
    let store = Store::open_read_only(target.db_path)?;
    check_media(&store, &media_dir(target)?, target.sender, &mut count)?;
    Ok(count)
}

/// One direction of the number counted against the archive.
async fn count_direction(
    client: &Client,
    target: &CheckTarget<'_>,
    inbound: bool,
) -> Result<Count> {
    let archived: HashSet<String> = {
        let store = Store::open_read_only(target.db_path)?;
        number_moves::archived_sids(&store, target.sender, inbound)?
            .into_iter()
            .map(|(sid, _)| sid)
            .collect()
    };
    let mut count = Count::default();
    walk_direction(client, target, inbound, &archived, &mut count).await?;
    Ok(count)
}

/// Pages Twilio's list of one direction (newest first) and counts it against `archived`.
async fn walk_direction(
    client: &Client,
    target: &CheckTarget<'_>,
    inbound: bool,
    archived: &HashSet<String>,
    count: &mut Count,
) -> Result<()> {
    let direction = if inbound { "inbound" } else { "outbound" };
    let first = Request::messages(client.account_sid())
        .param(if inbound { "To" } else { "From" }, target.sender)
        .param("PageSize", "1000");
    let pages = client.message_pages(first, None);
    pin_mut!(pages);
    while let Some(paged) = pages.next().await {
        let page = paged?.page.messages;
        let mut older_than_since = !page.is_empty();
        for m in page {
            let created = m.date_created.as_deref().and_then(wire::parse_date);
            if let (Some(since), Some(created)) = (target.since, created) {
                if created < since {
                    continue;
                }
            }
            older_than_since = false;
            let month = month_of(m.date_sent.as_deref().and_then(wire::parse_date));
            let row = count
                .months
                .entry((direction.to_owned(), month.clone()))
                .or_insert_with(|| MonthDiff {
                    direction: direction.to_owned(),
                    month,
                    twilio: 0,
                    archived: 0,
                    missing: 0,
                });
            row.twilio += 1;
            let sid = m.sid.to_string();
            if archived.contains(&sid) {
                row.archived += 1;
            } else {
                row.missing += 1;
                count.missing.push(m);
            }
            count.sids.push(sid);
        }
        // Pages come newest first: a quick re-run stops at the first page wholly older.
        if target.since.is_some() && older_than_since {
            break;
        }
    }
    Ok(())
}

/// Every medium of the number listed, downloaded, whole and at its length.
fn check_media(store: &Store, dir: &Path, sender: &str, count: &mut Count) -> Result<()> {
    if media::unlisted_of_sender(store, sender)? > 0 {
        count.media_problems.push(MediaProblem {
            media_sid: String::new(),
            message_sid: String::new(),
            problem: "not_listed".into(),
        });
    }
    for item in media::of_sender(store, sender)? {
        count.media_checked += 1;
        if let Some(problem) = media_problem(dir, &item) {
            count.media_problems.push(MediaProblem {
                media_sid: item.sid,
                message_sid: item.message_sid,
                problem: problem.into(),
            });
        }
    }
    Ok(())
}

fn media_problem(dir: &Path, item: &media::MediaItem) -> Option<&'static str> {
    let Some(relative) = &item.file_path else {
        return Some("not_downloaded");
    };
    let path = dir.join(relative);
    if path.with_extension("part").exists() {
        return Some("partial");
    }
    match std::fs::metadata(&path) {
        Err(_) => Some("file_missing"),
        Ok(meta) if Some(meta.len()) != item.size_bytes => Some("wrong_length"),
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_of_table() {
        for (date, month) in [
            (None, "unsent"),
            (Some(0), "1970-01"),
            (Some(1_714_555_800), "2024-05"),
        ] {
            assert_eq!(month_of(date), month, "{date:?}");
        }
    }

    #[test]
    fn the_checksum_does_not_depend_on_the_order() {
        let a = sids_checksum(vec!["SM2".into(), "SM1".into()]);
        let b = sids_checksum(vec!["SM1".into(), "SM2".into()]);
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(a, sids_checksum(vec!["SM1".into()]));
    }
}
