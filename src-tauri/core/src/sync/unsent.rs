//! Messages without a send date yet (queued, scheduled, or canceled before sending): Twilio's
//! date-filtered lists leave them out, so the shards never see them. After the shards, each
//! selected sender's unfiltered list (newest first) is walked back over the refresh window, or
//! to the oldest archived message still waiting, and its unsent messages are archived; when
//! they move on (sent, failed, canceled) the same walk or the shards update them.
//!
//! The sweep's pure decisions (how far back, what a page keeps) live here rather than in
//! `plan`, which decides the date shards: they belong to this walk alone and are tested as
//! tables below.

use super::plan::DAY;
use super::{Run, SyncOptions};
use crate::error::Result;
use crate::twilio::{wire, Request};
use futures_util::pin_mut;

/// What the sweep for messages without a send date starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SweepState {
    /// When the last run that ended well started (its sweep saw everything created before).
    pub last_done: Option<i64>,
    /// When the oldest archived message still waiting to be sent was created.
    pub oldest_pending: Option<i64>,
}

/// How far back the sweep goes: to the start of the last run that ended well (less the
/// overlap), within the refresh window; and further back to the oldest archived message still
/// waiting to be sent, so that it is seen again when it moves on, even to a state without a
/// send date (`canceled`). Short when runs are frequent: an incremental run stays cheap.
pub(crate) fn unsent_since(now: i64, options: &SyncOptions, state: SweepState) -> i64 {
    let window = now - options.refresh_days.max(1) * DAY;
    let since = state
        .last_done
        .map_or(window, |t| (t - options.overlap_secs).max(window));
    state.oldest_pending.map_or(since, |t| t.min(since))
}

/// The unfiltered list of a sender (newest first) as the sweep walks it: the page's messages
/// without a send date are kept, and so is every message created since `recent` (one queued
/// while the shards ran and sent before the sweep read it would otherwise fall between the two:
/// the shards filter on a send date it did not have yet, the sweep sees it with one; kept
/// messages already archived are unchanged upserts). The walk goes on while the page reaches
/// back no further than `since` (judged on the creation date, the one date every message has).
pub(crate) fn sweep_page(
    page: Vec<wire::Message>,
    since: i64,
    recent: i64,
) -> (Vec<wire::Message>, bool) {
    let created = |m: &wire::Message| m.date_created.as_deref().and_then(wire::parse_date);
    let oldest = page.iter().filter_map(created).min();
    let kept = page
        .into_iter()
        .filter(|m| m.date_sent.is_none() || created(m).is_some_and(|t| t >= recent))
        .collect();
    (kept, oldest.is_some_and(|t| t >= since))
}

/// From when the sweep keeps sent messages too: the run's start less the overlap (an hour).
pub(crate) fn sweep_recent(now: i64, options: &SyncOptions) -> i64 {
    now - options.overlap_secs
}

impl Run<'_> {
    /// Walks every selected sender's recent outbound messages for the unsent ones.
    pub(super) async fn sweep_unsent(&self) -> Result<()> {
        let (senders, state) = self.writer.run(|w| w.sweep_targets()).await??;
        let since = unsent_since(self.now, self.options, state);
        let recent = sweep_recent(self.now, self.options);
        for sender in senders {
            if self.cancel.is_cancelled() {
                return Ok(());
            }
            self.sweep_sender(&sender, since, recent).await?;
        }
        Ok(())
    }

    async fn sweep_sender(&self, sender: &str, since: i64, recent: i64) -> Result<()> {
        let first = Request::messages(self.client.account_sid())
            .param("From", sender)
            .param(
                "PageSize",
                self.options.page_size.clamp(1, 1000).to_string(),
            );
        let pages = self.client.message_pages(first, None);
        pin_mut!(pages);
        while let Some(paged) = self.next_page(&mut pages).await? {
            let (unsent, more) = sweep_page(paged.page.messages, since, recent);
            if !unsent.is_empty() {
                let count = unsent.len() as u64;
                let outcome = self
                    .writer
                    .run(move |w| w.commit_page(None, &unsent, None, false))
                    .await??;
                self.count_page(count, outcome);
            }
            if !more || paged.next.is_none() {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 100 * DAY;

    #[test]
    fn unsent_since_table() {
        const H: i64 = 3600;
        // (refresh days, last run done, oldest pending, since)
        let cases = [
            (7, None, None, NOW - 7 * DAY),
            (7, None, Some(NOW - DAY), NOW - 7 * DAY),
            (7, None, Some(NOW - 30 * DAY), NOW - 30 * DAY),
            (0, None, None, NOW - DAY), // at least a day
            // After a run that ended well, from its start (less the hour of overlap)…
            (7, Some(NOW - 2 * H), None, NOW - 3 * H),
            // …but never before the refresh window…
            (7, Some(NOW - 30 * DAY), None, NOW - 7 * DAY),
            // …and back to a message still waiting.
            (7, Some(NOW - 2 * H), Some(NOW - 5 * DAY), NOW - 5 * DAY),
        ];
        for (refresh, last_done, oldest_pending, want) in cases {
            let options = SyncOptions {
                refresh_days: refresh,
                overlap_secs: H,
                ..SyncOptions::default()
            };
            let state = SweepState {
                last_done,
                oldest_pending,
            };
            assert_eq!(
                unsent_since(NOW, &options, state),
                want,
                "{refresh} {state:?}"
            );
        }
    }

    /// A message created `created` (Unix seconds), sent or not.
    fn message(n: u32, created: i64, sent: bool) -> wire::Message {
        let date = |t: i64| chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc2822();
        serde_json::from_value(serde_json::json!({
            "sid": format!("SM{n:032x}"),
            "account_sid": format!("AC{:032x}", 1),
            "from": "whatsapp:+1", "to": "whatsapp:+2",
            "status": if sent { "delivered" } else { "queued" },
            "direction": "outbound-api",
            "date_created": date(created),
            "date_sent": if sent { Some(date(created)) } else { None },
        }))
        .unwrap()
    }

    /// A page as (created, sent) pairs.
    type TestPage<'a> = &'a [(i64, bool)];

    #[test]
    fn sweep_page_table() {
        let since = NOW - 7 * DAY;
        let recent = NOW - 3600;
        // (page, kept: unsent ones and any created in the last hour, walk goes on)
        let cases: &[(TestPage, usize, bool)] = &[
            (&[], 0, false),
            (&[(NOW, false), (NOW - DAY, true)], 1, true),
            // Sent a moment ago: kept (it may have been queued while the shards ran).
            (&[(NOW, true), (NOW - 2 * DAY, true)], 1, true),
            (&[(recent, true), (recent - 1, true)], 1, true),
            // The page reaches past the window: this is the last one.
            (&[(NOW - 6 * DAY, false), (NOW - 8 * DAY, true)], 1, false),
            (&[(NOW - 8 * DAY, false)], 1, false),
            (&[(since, false)], 1, true),
        ];
        for (page, kept, goes_on) in cases {
            let messages = page
                .iter()
                .enumerate()
                .map(|(n, &(created, sent))| message(n as u32, created, sent))
                .collect();
            let (unsent, more) = sweep_page(messages, since, recent);
            assert_eq!((unsent.len(), more), (*kept, *goes_on), "{page:?}");
        }
    }
}
