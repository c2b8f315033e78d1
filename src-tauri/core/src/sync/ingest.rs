//! The writer side of the sync: everything that touches the database, run by the single
//! thread that owns the connection. Each page is one transaction holding its upserts, its
//! full-text index rows, the conversation summaries and the shard checkpoint. The SQL itself
//! lives in the store's table modules; this module composes them into transactions.

use super::plan::{self, Action, DirectionState, SenderState};
use super::{unsent, SyncOptions};
use crate::error::Result;
use crate::ids::MessageSid;
use crate::store::conversations::{self, AddedMessage, SummaryDelta};
use crate::store::media::{self, NewMedia, PendingMedia};
use crate::store::messages::{self, MessageRow, Upserter};
use crate::store::sync_state::{self, RunEnd, RunKind, ShardDirection, ShardTask};
use crate::store::{accounts, bulk_load, now_unix, senders, Store};
use crate::twilio::wire::{self, parse_date};
use rusqlite::Connection;
use std::collections::HashMap;

/// The plan of a run.
#[derive(Debug)]
pub(crate) struct Plan {
    pub run_id: i64,
    pub kind: RunKind,
    pub shards: Vec<ShardTask>,
    /// Oldest date the plan covers, for progress estimates.
    pub horizon: i64,
}

/// What a page changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PageOutcome {
    pub new: u64,
    pub updated: u64,
}

/// The database side of a sync.
pub(crate) struct Ingest {
    store: Store,
    senders: HashMap<String, i64>,
    /// Conversation ids by sender, then customer (looked up by `&str`: no allocation per row).
    conversations: HashMap<i64, HashMap<String, i64>>,
    /// Writing in a first backfill's bulk phase: rows only, derived data built at the end.
    bulk: bool,
}

impl Ingest {
    pub(crate) fn new(store: Store) -> Result<Ingest> {
        let senders = senders::ids_by_address(store.conn())?;
        let bulk = bulk_load::pending(store.conn())?;
        Ok(Ingest {
            store,
            senders,
            conversations: HashMap::new(),
            bulk,
        })
    }

    /// Decides the shards of this run (see [`plan::decide`]) and records the run, in one
    /// transaction.
    pub(crate) fn plan(&mut self, options: &SyncOptions, now: i64) -> Result<Plan> {
        let tx = self.store.conn_mut().transaction()?;
        let states = sender_states(&tx)?;
        let account_start = accounts::current(&tx)?.and_then(|a| a.date_created);
        let decision = plan::decide(&states, options, account_start, now)?;
        for action in &decision.actions {
            match action {
                Action::ClearShards => sync_state::clear_shards(&tx)?,
                Action::DropIncremental {
                    sender_id,
                    direction,
                } => sync_state::drop_incremental(&tx, *sender_id, *direction)?,
                Action::AddShard(shard) => sync_state::add_shard(&tx, shard, now)?,
            }
        }
        // A first backfill into an empty archive writes rows only (see `bulk_load`).
        if decision.kind == RunKind::Full && !self.bulk && bulk_load::archive_empty(&tx)? {
            bulk_load::begin(&tx)?;
            self.bulk = bulk_load::pending(&tx)?;
        }
        let shards = sync_state::unfinished(&tx)?;
        let horizon = plan::horizon(decision.start, shards.iter().map(|s| s.from));
        let run_id = sync_state::start_run(&tx, decision.kind, now)?;
        tx.commit()?;
        Ok(Plan {
            run_id,
            kind: decision.kind,
            shards,
            horizon,
        })
    }

    /// Commits one page and its shard checkpoint (when it belongs to a shard) in one
    /// transaction.
    pub(crate) fn commit_page(
        &mut self,
        shard_id: Option<i64>,
        messages: &[wire::Message],
        next_page_uri: Option<&str>,
        count_unread: bool,
    ) -> Result<PageOutcome> {
        let outcome = self.try_commit_page(shard_id, messages, next_page_uri, count_unread);
        if outcome.is_err() {
            // Conversations created by the rolled-back transaction are gone.
            self.conversations.clear();
        }
        outcome
    }

    fn try_commit_page(
        &mut self,
        shard_id: Option<i64>,
        page: &[wire::Message],
        next_page_uri: Option<&str>,
        count_unread: bool,
    ) -> Result<PageOutcome> {
        let now = now_unix();
        let tx = self.store.conn_mut().transaction()?;
        let max_before = messages::max_id(&tx)?;
        // Local sends waiting for their SID are rare: one query per page spares every
        // outgoing row two lookups when there are none.
        let adopt = messages::has_unsettled(&tx)?;
        let mut outcome = PageOutcome::default();
        let mut deltas: HashMap<i64, SummaryDelta> = HashMap::new();
        let mut updated_rows: Vec<(i64, i64)> = Vec::new(); // (conversation, message id)
        {
            let mut upserter = Upserter::new(&tx)?;
            for m in page {
                let inbound = m.direction.is_inbound();
                let (sender, customer) = if inbound {
                    (&m.to, &m.from)
                } else {
                    (&m.from, &m.to)
                };
                let Some(&sender_id) = self.senders.get(sender.as_str()) else {
                    tracing::warn!(sid = %m.sid, "message of an unknown sender skipped");
                    continue;
                };
                let conversation_id =
                    conversation_id(&tx, &mut self.conversations, sender_id, customer)?;
                let row = message_row(m, conversation_id, now);
                if adopt && !inbound {
                    adopt_unsettled(&tx, &row)?;
                }
                let Some(id) = upserter.upsert(&row)? else {
                    continue;
                };
                if id <= max_before {
                    outcome.updated += 1;
                    updated_rows.push((conversation_id, id));
                    continue;
                }
                outcome.new += 1;
                if self.bulk && !(inbound && count_unread) {
                    // Summaries are rebuilt when the bulk phase ends; unread counts are not.
                    continue;
                }
                deltas
                    .entry(conversation_id)
                    .or_default()
                    .add(&AddedMessage {
                        when: row.date_sent.or(row.date_created).unwrap_or(now),
                        sid: row.sid,
                        body: row.body,
                        direction: row.direction,
                        inbound,
                        unread: count_unread,
                        profile_name: m.profile_name.as_deref(),
                    });
            }
        }
        if self.bulk {
            for (conversation, delta) in &deltas {
                conversations::add_unread(&tx, *conversation, delta)?;
            }
        } else {
            if outcome.new > 0 {
                messages::index_new(&tx, max_before)?;
            }
            for (conversation, delta) in &deltas {
                conversations::apply_summary(&tx, *conversation, delta)?;
            }
            for (conversation, id) in &updated_rows {
                conversations::refresh_latest_body(&tx, *conversation, *id)?;
            }
        }
        if let Some(shard_id) = shard_id {
            sync_state::checkpoint(&tx, shard_id, next_page_uri, page.len() as u64, now)?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Whether this run writes in the bulk phase (see [`bulk_load`]).
    pub(crate) fn in_bulk_phase(&self) -> bool {
        self.bulk
    }

    /// Ends the bulk phase once every shard is done: builds the deferred indexes, search
    /// index, month counts and summaries in one transaction. Returns whether it ran.
    pub(crate) fn finish_bulk_phase(&mut self) -> Result<bool> {
        if !self.bulk {
            return Ok(false);
        }
        let tx = self.store.conn_mut().transaction()?;
        if !sync_state::unfinished(&tx)?.is_empty() {
            return Ok(false);
        }
        bulk_load::finish(&tx)?;
        tx.commit()?;
        self.bulk = false;
        Ok(true)
    }

    /// What the sweep for unsent messages needs: the selected senders' addresses and where
    /// the last sweep left off.
    pub(crate) fn sweep_targets(&mut self) -> Result<(Vec<String>, unsent::SweepState)> {
        let conn = self.store.conn();
        let senders = senders::selected(conn)?
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let state = unsent::SweepState {
            last_done: sync_state::last_done_start(conn)?,
            oldest_pending: messages::oldest_pending_created(conn)?,
        };
        Ok((senders, state))
    }

    /// Messages with media whose metadata is not fetched yet, after row `after_id`.
    pub(crate) fn messages_needing_media(
        &mut self,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<(i64, MessageSid)>> {
        messages::media_unlisted(self.store.conn(), after_id, limit)
    }

    /// Counts messages with media metadata pending.
    pub(crate) fn media_metadata_pending(&mut self) -> Result<u64> {
        messages::count_media_unlisted(self.store.conn())
    }

    /// Records the media of several messages (each marked as listed), in one transaction.
    pub(crate) fn record_media(&mut self, batch: &[(MessageSid, Vec<wire::Media>)]) -> Result<u64> {
        let tx = self.store.conn_mut().transaction()?;
        let mut count = 0;
        for (message_sid, items) in batch {
            for item in items {
                let row = NewMedia {
                    sid: &item.sid,
                    content_type: item.content_type.as_deref(),
                    date_created: item.date_created.as_deref().and_then(parse_date),
                    uri: &item.uri,
                };
                media::record(&tx, message_sid, &row)?;
                count += 1;
            }
            messages::mark_media_listed(&tx, message_sid)?;
        }
        tx.commit()?;
        Ok(count)
    }

    /// Media not downloaded yet, after `after_sid` (paging through them).
    pub(crate) fn media_to_download(
        &mut self,
        after_sid: &str,
        limit: usize,
    ) -> Result<Vec<PendingMedia>> {
        media::to_download(self.store.conn(), after_sid, limit)
    }

    /// The archive's media folder (the one chosen, else next to the archive).
    pub(crate) fn media_folder(&mut self) -> Result<std::path::PathBuf> {
        crate::media_folder::current(&self.store)
    }

    /// Media counts and sizes per kind, for the space estimate.
    pub(crate) fn media_sizes(&mut self) -> Result<crate::media_folder::Tallies> {
        crate::media_folder::tallies(self.store.conn())
    }

    /// Counts media files not downloaded.
    pub(crate) fn media_files_pending(&mut self) -> Result<u64> {
        media::count_missing(self.store.conn())
    }

    /// Records a downloaded file (path relative to the media folder).
    pub(crate) fn record_download(
        &mut self,
        sid: &str,
        relative_path: &str,
        size: u64,
    ) -> Result<()> {
        media::record_download(self.store.conn(), sid, relative_path, size, now_unix())
    }

    /// Records why a file could not be downloaded (it is tried again next run).
    pub(crate) fn record_skip(&mut self, sid: &str, reason: &str) -> Result<()> {
        media::record_skip(self.store.conn(), sid, reason)
    }

    /// Closes the run's record. A run that read Twilio through settles the sends whose
    /// outcome was unknown and that it did not find: they failed, and may be resent.
    pub(crate) fn finish_run(&mut self, run_id: i64, end: &RunEnd<'_>) -> Result<()> {
        let now = now_unix();
        if end.outcome == "done" {
            settle_unfound(self.store.conn(), now)?;
        }
        sync_state::finish_run(self.store.conn(), run_id, end, now)
    }
}

/// What the plan needs to know of each selected sender.
fn sender_states(conn: &Connection) -> Result<Vec<SenderState>> {
    let mut states = Vec::new();
    for (sender_id, _) in senders::selected(conn)? {
        let mut directions = Vec::new();
        for direction in ShardDirection::BOTH {
            directions.push(DirectionState {
                direction,
                incremental_unfinished: sync_state::incremental_unfinished(
                    conn, sender_id, direction,
                )?,
                newest: messages::newest_date(
                    conn,
                    sender_id,
                    direction == ShardDirection::Inbound,
                )?,
            });
        }
        states.push(SenderState {
            sender_id,
            backfill: sync_state::backfill_counts(conn, sender_id)?,
            directions,
        });
    }
    Ok(states)
}

/// A Twilio message as the archive stores it.
fn message_row(m: &wire::Message, conversation_id: i64, now: i64) -> MessageRow<'_> {
    MessageRow {
        sid: &m.sid,
        account_sid: &m.account_sid,
        conversation_id,
        direction: m.direction.as_str(),
        from: &m.from,
        to: &m.to,
        body: m.body.as_deref().unwrap_or(""),
        status: m.status.as_str(),
        error_code: m.error_code,
        error_message: m.error_message.as_deref(),
        num_media: m.num_media.unwrap_or(0),
        num_segments: m.num_segments,
        price: m.price.as_deref(),
        price_unit: m.price_unit.as_deref(),
        messaging_service_sid: m.messaging_service_sid.as_deref(),
        date_created: m.date_created.as_deref().and_then(parse_date),
        date_sent: m.date_sent.as_deref().and_then(parse_date),
        date_updated: m.date_updated.as_deref().and_then(parse_date),
        synced_at: now,
        profile_name: m
            .profile_name
            .as_deref()
            .filter(|_| m.direction.is_inbound()),
    }
}

/// The conversation's id, from the page-spanning cache or the store.
fn conversation_id(
    conn: &Connection,
    cache: &mut HashMap<i64, HashMap<String, i64>>,
    sender_id: i64,
    customer: &str,
) -> Result<i64> {
    let of_sender = cache.entry(sender_id).or_default();
    if let Some(&id) = of_sender.get(customer) {
        return Ok(id);
    }
    let id = conversations::id_for(conn, sender_id, customer)?;
    of_sender.insert(customer.to_owned(), id);
    Ok(id)
}

/// An outgoing message from Twilio that may be one of our sends whose outcome was unknown:
/// the local row takes its SID, so the upsert that follows updates it instead of adding a
/// second copy (see `inbox::send`).
fn adopt_unsettled(conn: &Connection, row: &MessageRow<'_>) -> Result<()> {
    let Some(created) = row.date_created.or(row.date_sent) else {
        return Ok(());
    };
    if messages::id_of(conn, row.sid)?.is_some() {
        return Ok(());
    }
    if let Some(old) =
        messages::adopt_unsettled(conn, row.sid, row.from, row.to, row.body, created)?
    {
        conversations::rename_latest_sid(conn, &old, row.sid)?;
    }
    Ok(())
}

/// Unsettled sends older than [`messages::RECONCILE_SECS`] that the sync did not find failed.
fn settle_unfound(conn: &Connection, now: i64) -> Result<()> {
    let settled = messages::settle_unfound(conn, now - messages::RECONCILE_SECS)?;
    if !settled.is_empty() {
        tracing::info!(
            count = settled.len(),
            "unknown-outcome sends not found at Twilio: marked failed"
        );
    }
    Ok(())
}
