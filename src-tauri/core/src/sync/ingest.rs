//! The writer side of the sync: everything that touches the database, run by the single
//! thread that owns the connection. Each page is one transaction holding its upserts, its
//! full-text index rows, the conversation summaries and the shard checkpoint.

use super::plan;
use super::{SyncMode, SyncOptions};
use crate::error::{Error, Result};
use crate::store::{now_unix, Store};
use crate::twilio::wire::{self, parse_date};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// Whether a run is a (resumed) backfill or an incremental pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RunKind {
    Full,
    Incremental,
}

impl RunKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RunKind::Full => "full",
            RunKind::Incremental => "incremental",
        }
    }
}

/// A shard to fetch, as planned.
#[derive(Clone, Debug)]
pub(crate) struct ShardTask {
    pub id: i64,
    pub sender: String,
    pub inbound: bool,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub next_page_uri: Option<String>,
    /// New inbound messages of an incremental shard count as unread; a backfill's do not.
    pub incremental: bool,
}

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

/// A media file still to download.
#[derive(Clone, Debug)]
pub(crate) struct PendingMedia {
    pub sid: String,
    pub message_sid: String,
    pub uri: String,
    pub content_type: Option<String>,
}

/// Summary changes of one conversation within a page.
#[derive(Default)]
struct ConversationDelta {
    new_messages: i64,
    latest: Option<(i64, String, String, String)>, // (date, sid, body, direction)
    last_inbound: Option<i64>,
    unread: i64,
    profile_name: Option<String>,
}

/// The database side of a sync.
pub(crate) struct Ingest {
    store: Store,
    senders: HashMap<String, i64>,
    conversations: HashMap<(i64, String), i64>,
}

const UPSERT: &str = "
INSERT INTO messages (sid, account_sid, conversation_id, direction, from_address, to_address, body, status,
                      error_code, error_message, num_media, num_segments, price, price_unit,
                      messaging_service_sid, date_created, date_sent, date_updated, synced_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
ON CONFLICT (sid) DO UPDATE SET
    body = excluded.body, status = excluded.status, error_code = excluded.error_code,
    error_message = excluded.error_message, num_media = excluded.num_media,
    num_segments = excluded.num_segments, price = excluded.price, price_unit = excluded.price_unit,
    date_sent = excluded.date_sent, date_updated = excluded.date_updated, synced_at = excluded.synced_at
-- Unchanged rows are not rewritten: a re-sync of an unchanged history writes nothing.
WHERE messages.status IS NOT excluded.status
   OR messages.body IS NOT excluded.body
   OR messages.error_code IS NOT excluded.error_code
   OR messages.error_message IS NOT excluded.error_message
   OR messages.num_media IS NOT excluded.num_media
   OR messages.price IS NOT excluded.price
   OR messages.price_unit IS NOT excluded.price_unit
   OR messages.date_sent IS NOT excluded.date_sent
RETURNING id";

impl Ingest {
    pub(crate) fn new(store: Store) -> Result<Ingest> {
        let mut senders = HashMap::new();
        {
            let mut stmt = store.conn().prepare("SELECT address, id FROM senders")?;
            for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                let (address, id) = row?;
                senders.insert(address, id);
            }
        }
        Ok(Ingest {
            store,
            senders,
            conversations: HashMap::new(),
        })
    }

    /// Decides the shards of this run and records the run.
    pub(crate) fn plan(&mut self, options: &SyncOptions, now: i64) -> Result<Plan> {
        let tx = self.store.conn_mut().transaction()?;
        let senders: Vec<(i64, String)> = {
            let mut stmt =
                tx.prepare("SELECT id, address FROM senders WHERE selected = 1 ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        if senders.is_empty() {
            return Err(Error::NotConnected);
        }
        let account_start: Option<i64> = tx
            .query_row(
                "SELECT date_created FROM accounts ORDER BY connected_at DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let start = account_start.unwrap_or(now - 5 * 365 * plan::DAY).min(now);
        if options.mode == SyncMode::Full {
            tx.execute("DELETE FROM sync_shards", [])?;
        }
        let mut backfilling = false;
        for (sender_id, _) in &senders {
            let (backfills, unfinished): (i64, i64) = tx.query_row(
                "SELECT count(*), coalesce(sum(state <> 'done'), 0) FROM sync_shards WHERE sender_id = ?1 AND kind = 'backfill'",
                [sender_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if backfills == 0 {
                // First sync of this sender (or --full): the whole history, in date shards.
                for direction in ["inbound", "outbound"] {
                    for (from, to) in plan::backfill_ranges(start, now, options.shard_days) {
                        tx.execute(
                            "INSERT INTO sync_shards (sender_id, direction, kind, date_from, date_to, state, updated_at)
                             VALUES (?1, ?2, 'backfill', ?3, ?4, 'pending', ?5)",
                            params![sender_id, direction, from, to, now],
                        )?;
                    }
                }
                backfilling = true;
                continue;
            }
            if unfinished > 0 {
                // An interrupted backfill resumes from its checkpoints; its newest shard is
                // open-ended, so it also catches what arrived meanwhile.
                backfilling = true;
                continue;
            }
            for (direction, inbound) in [("inbound", true), ("outbound", false)] {
                let unfinished: i64 = tx.query_row(
                    "SELECT count(*) FROM sync_shards WHERE sender_id = ?1 AND direction = ?2 AND kind = 'incremental' AND state <> 'done'",
                    params![sender_id, direction],
                    |r| r.get(0),
                )?;
                // An interrupted incremental pass is resumed as it was: its newest pages are
                // in, its older ones not, so a window recomputed from the newest message
                // would skip them.
                if unfinished > 0 {
                    continue;
                }
                tx.execute(
                    "DELETE FROM sync_shards WHERE sender_id = ?1 AND direction = ?2 AND kind = 'incremental'",
                    params![sender_id, direction],
                )?;
                let newest = newest_date(&tx, *sender_id, inbound)?;
                let from =
                    plan::incremental_from(newest, options.overlap_secs, options.refresh_days);
                tx.execute(
                    "INSERT INTO sync_shards (sender_id, direction, kind, date_from, date_to, state, updated_at)
                     VALUES (?1, ?2, 'incremental', ?3, NULL, 'pending', ?4)",
                    params![sender_id, direction, from, now],
                )?;
            }
        }
        let kind = if backfilling {
            RunKind::Full
        } else {
            RunKind::Incremental
        };

        let shards = {
            let mut stmt = tx.prepare(
                "SELECT k.id, s.address, k.direction, k.date_from, k.date_to, k.next_page_uri, k.kind
                 FROM sync_shards k JOIN senders s ON s.id = k.sender_id
                 WHERE k.state <> 'done' AND s.selected = 1
                 -- newest first: a user watching the first sync sees recent conversations early
                 ORDER BY coalesce(k.date_to, 9223372036854775807) DESC, k.id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(ShardTask {
                        id: r.get(0)?,
                        sender: r.get(1)?,
                        inbound: r.get::<_, String>(2)? == "inbound",
                        from: r.get(3)?,
                        to: r.get(4)?,
                        next_page_uri: r.get(5)?,
                        incremental: r.get::<_, String>(6)? == "incremental",
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        let horizon = shards
            .iter()
            .filter_map(|s| s.from)
            .min()
            .unwrap_or(start)
            .min(start);
        tx.execute(
            "INSERT INTO sync_runs (kind, started_at) VALUES (?1, ?2)",
            params![kind.as_str(), now],
        )?;
        let run_id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Plan {
            run_id,
            kind,
            shards,
            horizon,
        })
    }

    /// Commits one page and its shard checkpoint in one transaction.
    pub(crate) fn commit_page(
        &mut self,
        shard_id: i64,
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
        shard_id: i64,
        messages: &[wire::Message],
        next_page_uri: Option<&str>,
        count_unread: bool,
    ) -> Result<PageOutcome> {
        let now = now_unix();
        let tx = self.store.conn_mut().transaction()?;
        let max_before: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| {
                r.get(0)
            })?;
        let mut outcome = PageOutcome::default();
        let mut deltas: HashMap<i64, ConversationDelta> = HashMap::new();
        let mut updated_rows: Vec<(i64, i64)> = Vec::new(); // (conversation, message id)
        {
            let mut upsert = tx.prepare_cached(UPSERT)?;
            for m in messages {
                let inbound = m.direction == "inbound";
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
                let date_sent = m.date_sent.as_deref().and_then(parse_date);
                let date_created = m.date_created.as_deref().and_then(parse_date);
                let body = m.body.as_deref().unwrap_or("");
                let id: Option<i64> = upsert
                    .query_row(
                        params![
                            m.sid,
                            m.account_sid,
                            conversation_id,
                            m.direction,
                            m.from,
                            m.to,
                            body,
                            m.status,
                            m.error_code,
                            m.error_message,
                            m.num_media.unwrap_or(0),
                            m.num_segments,
                            m.price,
                            m.price_unit,
                            m.messaging_service_sid,
                            date_created,
                            date_sent,
                            m.date_updated.as_deref().and_then(parse_date),
                            now,
                        ],
                        |r| r.get(0),
                    )
                    .optional()?;
                let Some(id) = id else { continue };
                if id <= max_before {
                    outcome.updated += 1;
                    updated_rows.push((conversation_id, id));
                    continue;
                }
                outcome.new += 1;
                let delta = deltas.entry(conversation_id).or_default();
                delta.new_messages += 1;
                let when = date_sent.or(date_created).unwrap_or(now);
                // Ties on the second are broken by SID so the result never depends on commit order.
                if delta
                    .latest
                    .as_ref()
                    .is_none_or(|(d, sid, ..)| (when, m.sid.as_str()) > (*d, sid.as_str()))
                {
                    delta.latest = Some((
                        when,
                        m.sid.to_string(),
                        body.to_owned(),
                        m.direction.clone(),
                    ));
                }
                if inbound {
                    delta.last_inbound = Some(delta.last_inbound.map_or(when, |t| t.max(when)));
                    if count_unread {
                        delta.unread += 1;
                    }
                    if let Some(name) = m.profile_name.as_ref().filter(|n| !n.is_empty()) {
                        delta.profile_name = Some(name.clone());
                    }
                }
            }
        }
        if outcome.new > 0 {
            // One INSERT … SELECT per page: FTS5 writes one index segment instead of one per row.
            tx.execute("INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE id > ?1", [max_before])?;
        }
        {
            let mut summary = tx.prepare_cached(
                "UPDATE conversations SET
                    message_count = message_count + ?2,
                    last_message_sid = CASE WHEN ?3 IS NOT NULL AND (last_message_at IS NULL OR ?3 > last_message_at OR (?3 = last_message_at AND ?4 > last_message_sid)) THEN ?4 ELSE last_message_sid END,
                    last_message_body = CASE WHEN ?3 IS NOT NULL AND (last_message_at IS NULL OR ?3 > last_message_at OR (?3 = last_message_at AND ?4 > last_message_sid)) THEN ?5 ELSE last_message_body END,
                    last_message_direction = CASE WHEN ?3 IS NOT NULL AND (last_message_at IS NULL OR ?3 > last_message_at OR (?3 = last_message_at AND ?4 > last_message_sid)) THEN ?6 ELSE last_message_direction END,
                    last_message_at = CASE WHEN ?3 IS NOT NULL AND (last_message_at IS NULL OR ?3 > last_message_at OR (?3 = last_message_at AND ?4 > last_message_sid)) THEN ?3 ELSE last_message_at END,
                    last_inbound_at = CASE WHEN ?7 IS NULL THEN last_inbound_at ELSE max(coalesce(last_inbound_at, ?7), ?7) END,
                    unread_count = unread_count + ?8,
                    profile_name = coalesce(?9, profile_name)
                 WHERE id = ?1",
            )?;
            for (conversation, d) in &deltas {
                let (at, sid, body, direction) = match &d.latest {
                    Some((at, sid, body, dir)) => (
                        Some(*at),
                        Some(sid.as_str()),
                        Some(body.as_str()),
                        Some(dir.as_str()),
                    ),
                    None => (None, None, None, None),
                };
                summary.execute(params![
                    conversation,
                    d.new_messages,
                    at,
                    sid,
                    body,
                    direction,
                    d.last_inbound,
                    d.unread,
                    d.profile_name
                ])?;
            }
            // A changed message that is a conversation's latest keeps the summary in step
            // (a body redacted at Twilio, for instance).
            let mut refresh = tx.prepare_cached(
                "UPDATE conversations SET last_message_body = (SELECT body FROM messages WHERE id = ?2)
                 WHERE id = ?1 AND last_message_sid = (SELECT sid FROM messages WHERE id = ?2)",
            )?;
            for (conversation, id) in &updated_rows {
                refresh.execute(params![conversation, id])?;
            }
        }
        tx.execute(
            "UPDATE sync_shards SET next_page_uri = ?2, pages = pages + 1, messages = messages + ?3,
                    state = CASE WHEN ?2 IS NULL THEN 'done' ELSE 'running' END, updated_at = ?4
             WHERE id = ?1",
            params![shard_id, next_page_uri, messages.len() as i64, now],
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Messages with media whose metadata is not fetched yet, after row `after_id`.
    pub(crate) fn messages_needing_media(
        &mut self,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.store.conn().prepare_cached(
            "SELECT id, sid FROM messages WHERE num_media > 0 AND media_listed = 0 AND id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![after_id, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<Vec<(i64, String)>>>()?;
        Ok(rows)
    }

    /// Counts messages with media metadata pending.
    pub(crate) fn media_metadata_pending(&mut self) -> Result<u64> {
        Ok(self.store.conn().query_row(
            "SELECT count(*) FROM messages WHERE num_media > 0 AND media_listed = 0",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Records the media of several messages (each marked as listed), in one transaction.
    pub(crate) fn record_media(&mut self, batch: &[(String, Vec<wire::Media>)]) -> Result<u64> {
        let tx = self.store.conn_mut().transaction()?;
        let mut count = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO media (sid, message_sid, content_type, date_created, uri) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (sid) DO UPDATE SET content_type = excluded.content_type, uri = excluded.uri
                 WHERE media.content_type IS NOT excluded.content_type OR media.uri IS NOT excluded.uri",
            )?;
            let mut listed =
                tx.prepare_cached("UPDATE messages SET media_listed = 1 WHERE sid = ?1")?;
            for (message_sid, media) in batch {
                for item in media {
                    insert.execute(params![
                        item.sid,
                        message_sid,
                        item.content_type,
                        item.date_created.as_deref().and_then(parse_date),
                        item.uri
                    ])?;
                    count += 1;
                }
                listed.execute([message_sid])?;
            }
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
        let mut stmt = self.store.conn().prepare_cached(
            "SELECT sid, message_sid, uri, content_type FROM media WHERE file_path IS NULL AND sid > ?1 ORDER BY sid LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![after_sid, limit as i64], |r| {
                Ok(PendingMedia {
                    sid: r.get(0)?,
                    message_sid: r.get(1)?,
                    uri: r.get(2)?,
                    content_type: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Counts media files not downloaded.
    pub(crate) fn media_files_pending(&mut self) -> Result<u64> {
        Ok(self.store.conn().query_row(
            "SELECT count(*) FROM media WHERE file_path IS NULL",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Records a downloaded file (path relative to the media folder).
    pub(crate) fn record_download(
        &mut self,
        sid: &str,
        relative_path: &str,
        size: u64,
    ) -> Result<()> {
        self.store.conn().execute(
            "UPDATE media SET file_path = ?2, size_bytes = ?3, downloaded_at = ?4, skip_reason = NULL WHERE sid = ?1",
            params![sid, relative_path, size as i64, now_unix()],
        )?;
        Ok(())
    }

    /// Records why a file could not be downloaded (it is tried again next run).
    pub(crate) fn record_skip(&mut self, sid: &str, reason: &str) -> Result<()> {
        self.store.conn().execute(
            "UPDATE media SET skip_reason = ?2 WHERE sid = ?1",
            params![sid, reason],
        )?;
        Ok(())
    }

    /// Closes the run's record.
    pub(crate) fn finish_run(
        &mut self,
        run_id: i64,
        outcome: &str,
        new: u64,
        updated: u64,
        error_code: Option<&str>,
    ) -> Result<()> {
        self.store.conn().execute(
            "UPDATE sync_runs SET finished_at = ?2, outcome = ?3, messages_new = ?4, messages_updated = ?5, error_code = ?6 WHERE id = ?1",
            params![run_id, now_unix(), outcome, new as i64, updated as i64, error_code],
        )?;
        Ok(())
    }
}

fn conversation_id(
    tx: &rusqlite::Transaction<'_>,
    cache: &mut HashMap<(i64, String), i64>,
    sender_id: i64,
    customer: &str,
) -> Result<i64> {
    let key = (sender_id, customer.to_owned());
    if let Some(&id) = cache.get(&key) {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO conversations (sender_id, customer) VALUES (?1, ?2) ON CONFLICT (sender_id, customer) DO NOTHING")?
        .execute(params![sender_id, customer])?;
    let id: i64 = tx
        .prepare_cached("SELECT id FROM conversations WHERE sender_id = ?1 AND customer = ?2")?
        .query_row(params![sender_id, customer], |r| r.get(0))?;
    cache.insert(key, id);
    Ok(id)
}

fn newest_date(
    tx: &rusqlite::Transaction<'_>,
    sender_id: i64,
    inbound: bool,
) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT m.date_sent FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE c.sender_id = ?1 AND (m.direction = 'inbound') = ?2 AND m.date_sent IS NOT NULL
             ORDER BY m.date_sent DESC LIMIT 1",
            params![sender_id, inbound],
            |r| r.get(0),
        )
        .optional()?)
}
