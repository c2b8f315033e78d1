//! The `messages` table.
//!
//! Its full-text index lives in [`message_search`]: new rows are indexed once per batch by
//! [`index_new`] (one FTS5 segment per page instead of one per row); a changed body or date
//! re-indexes through the schema's trigger.

use super::{message_search, Store};
use crate::error::Result;
use crate::ids::MessageSid;
use rusqlite::{params, CachedStatement, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A message to insert or refresh, as received from Twilio (dates in unix seconds).
pub(crate) struct MessageRow<'a> {
    pub sid: &'a str,
    pub account_sid: &'a str,
    pub conversation_id: i64,
    pub direction: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub body: &'a str,
    pub status: &'a str,
    pub error_code: Option<i64>,
    pub error_message: Option<&'a str>,
    pub num_media: i64,
    pub num_segments: Option<i64>,
    pub price: Option<&'a str>,
    pub price_unit: Option<&'a str>,
    pub messaging_service_sid: Option<&'a str>,
    pub date_created: Option<i64>,
    pub date_sent: Option<i64>,
    pub date_updated: Option<i64>,
    pub synced_at: i64,
    /// The customer's WhatsApp profile name Twilio gave with an inbound message.
    pub profile_name: Option<&'a str>,
}

const UPSERT: &str = "
INSERT INTO messages (sid, account_sid, conversation_id, direction, from_address, to_address, body, status,
                      error_code, error_message, num_media, num_segments, price, price_unit,
                      messaging_service_sid, date_created, date_sent, date_updated, synced_at, profile_name)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
ON CONFLICT (sid) DO UPDATE SET
    body = excluded.body, status = excluded.status, error_code = excluded.error_code,
    error_message = excluded.error_message, num_media = excluded.num_media,
    num_segments = excluded.num_segments, price = excluded.price, price_unit = excluded.price_unit,
    date_sent = excluded.date_sent, date_updated = excluded.date_updated, synced_at = excluded.synced_at,
    profile_name = coalesce(excluded.profile_name, messages.profile_name)
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

/// Inserts or refreshes messages with one prepared statement (a page holds up to 1,000).
pub(crate) struct Upserter<'c> {
    statement: CachedStatement<'c>,
}

impl<'c> Upserter<'c> {
    /// Prepares the statement on `conn` (usually the page's transaction).
    pub(crate) fn new(conn: &'c Connection) -> Result<Self> {
        Ok(Upserter {
            statement: conn.prepare_cached(UPSERT)?,
        })
    }

    /// The row id when the message is new or changed; `None` when it was already stored as is.
    pub(crate) fn upsert(&mut self, m: &MessageRow<'_>) -> Result<Option<i64>> {
        Ok(self
            .statement
            .query_row(
                params![
                    m.sid,
                    m.account_sid,
                    m.conversation_id,
                    m.direction,
                    m.from,
                    m.to,
                    m.body,
                    m.status,
                    m.error_code,
                    m.error_message,
                    m.num_media,
                    m.num_segments,
                    m.price,
                    m.price_unit,
                    m.messaging_service_sid,
                    m.date_created,
                    m.date_sent,
                    m.date_updated,
                    m.synced_at,
                    m.profile_name,
                ],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// The highest row id (0 when empty): rows above it after a batch are the batch's new ones.
pub(crate) fn max_id(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| {
            r.get(0)
        })?,
    )
}

/// Adds the rows above `after_id` to the full-text index (see [`message_search`]).
pub(crate) fn index_new(conn: &Connection, after_id: i64) -> Result<()> {
    message_search::index_new(conn, after_id)
}

/// The sent date of the newest message of a sender in one direction.
pub(crate) fn newest_date(conn: &Connection, sender_id: i64, inbound: bool) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            // CROSS JOIN keeps `messages` outside: walking its date index from the newest
            // stops at the first match. The planner otherwise went through the sender's
            // conversations and sorted all their messages (0.2 s per 200k, four times a sync).
            "SELECT m.date_sent FROM messages m CROSS JOIN conversations c ON c.id = m.conversation_id
             WHERE c.sender_id = ?1 AND (m.direction = 'inbound') = ?2 AND m.date_sent IS NOT NULL
             ORDER BY m.date_sent DESC LIMIT 1",
            params![sender_id, inbound],
            |r| r.get(0),
        )
        .optional()?)
}

/// When the oldest archived message still waiting to be sent (queued, scheduled…: no send
/// date, a status that can still move on) was created.
pub(crate) fn oldest_pending_created(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT min(date_created) FROM messages
         WHERE date_sent IS NULL AND status IN ('accepted', 'scheduled', 'queued', 'sending')",
        [],
        |r| r.get(0),
    )?)
}

/// `(id, sid)` of messages with media whose metadata is not listed yet, after row `after_id`.
pub(crate) fn media_unlisted(
    conn: &Connection,
    after_id: i64,
    limit: usize,
) -> Result<Vec<(i64, MessageSid)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sid FROM messages WHERE num_media > 0 AND media_listed = 0 AND id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after_id, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, MessageSid)>>>()?;
    Ok(rows)
}

/// How many messages with media have their metadata not listed yet.
pub(crate) fn count_media_unlisted(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM messages WHERE num_media > 0 AND media_listed = 0",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Marks a message's media metadata as listed.
pub(crate) fn mark_media_listed(conn: &Connection, sid: &str) -> Result<()> {
    conn.prepare_cached("UPDATE messages SET media_listed = 1 WHERE sid = ?1")?
        .execute([sid])?;
    Ok(())
}

/// How many messages the archive holds.
pub(crate) fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM messages", [], |r| r.get::<_, i64>(0))? as u64)
}

/// A message as archived.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredMessage {
    /// SM… / MM…
    pub sid: String,
    /// Conversation id in the archive.
    pub conversation: i64,
    /// `inbound`, `outbound-api`, …
    pub direction: String,
    /// `whatsapp:+…`
    pub from: String,
    /// `whatsapp:+…`
    pub to: String,
    /// Text ('' when none).
    pub body: String,
    /// Twilio's status (`delivered`, `read`, …).
    pub status: String,
    /// Twilio's error code, when it failed.
    pub error_code: Option<i64>,
    /// Media announced.
    pub num_media: i64,
    /// As Twilio gives it, e.g. `-0.00500`.
    pub price: Option<String>,
    /// Unix seconds.
    pub date_sent: Option<i64>,
    /// Unix seconds.
    pub date_created: Option<i64>,
    /// The account it belongs to.
    pub account_sid: String,
    /// Twilio's error text, on failures (often empty for WhatsApp).
    pub error_message: Option<String>,
    /// Segments billed.
    pub num_segments: Option<i64>,
    /// Currency of the price.
    pub price_unit: Option<String>,
    /// Messaging service, when one sent it.
    pub messaging_service_sid: Option<String>,
    /// Unix seconds: last change at Twilio.
    pub date_updated: Option<i64>,
    /// Whether its media were listed.
    pub media_listed: bool,
}

impl StoredMessage {
    /// Sent date, else created date (what orders a thread).
    pub fn when(&self) -> i64 {
        self.date_sent.or(self.date_created).unwrap_or(0)
    }

    /// From the customer.
    pub fn inbound(&self) -> bool {
        self.direction == "inbound"
    }
}

/// The columns [`stored`] reads, first in a `SELECT`.
pub(crate) const STORED_COLUMNS: &str =
    "sid, conversation_id, direction, from_address, to_address, body, status, error_code,
     num_media, price, date_sent, date_created, account_sid, error_message, num_segments,
     price_unit, messaging_service_sid, date_updated, media_listed";

/// A message from a row that starts with [`STORED_COLUMNS`]: every read of a whole message
/// maps its row here.
pub(crate) fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredMessage> {
    Ok(StoredMessage {
        sid: r.get(0)?,
        conversation: r.get(1)?,
        direction: r.get(2)?,
        from: r.get(3)?,
        to: r.get(4)?,
        body: r.get(5)?,
        status: r.get(6)?,
        error_code: r.get(7)?,
        num_media: r.get(8)?,
        price: r.get(9)?,
        date_sent: r.get(10)?,
        date_created: r.get(11)?,
        account_sid: r.get(12)?,
        error_message: r.get(13)?,
        num_segments: r.get(14)?,
        price_unit: r.get(15)?,
        messaging_service_sid: r.get(16)?,
        date_updated: r.get(17)?,
        media_listed: r.get::<_, i64>(18)? != 0,
    })
}

/// One message by SID.
pub fn by_sid(store: &Store, sid: &str) -> Result<Option<StoredMessage>> {
    Ok(store
        .conn()
        .query_row(
            &format!("SELECT {STORED_COLUMNS} FROM messages WHERE sid = ?1"),
            [sid],
            stored,
        )
        .optional()?)
}

/// The messages of a conversation, oldest first (ties on the second by SID).
pub fn of_conversation(store: &Store, conversation: i64) -> Result<Vec<StoredMessage>> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {STORED_COLUMNS} FROM messages WHERE conversation_id = ?1 ORDER BY date_sent, sid"
    ))?;
    let rows = stmt
        .query_map([conversation], stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Calls `visit` with every message, in the order they were archived, without loading them
/// all at once.
pub fn for_each(store: &Store, mut visit: impl FnMut(StoredMessage)) -> Result<()> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {STORED_COLUMNS} FROM messages ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        visit(stored(row)?);
    }
    Ok(())
}

/// The full-text index compared with the messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchIndexCheck {
    /// Messages in the archive.
    pub messages: u64,
    /// Rows in the index (equal to `messages` when consistent).
    pub indexed: u64,
}

/// Runs FTS5's integrity check (an error when the index is damaged) and counts its rows.
pub fn check_search_index(store: &Store) -> Result<SearchIndexCheck> {
    let conn = store.conn();
    message_search::check(conn)?;
    Ok(SearchIndexCheck {
        messages: count(conn)?,
        indexed: message_search::count(conn)?,
    })
}

/// One message of a thread page, with what the thread shows beyond [`StoredMessage`].
#[derive(Clone, Debug)]
pub(crate) struct ThreadRow {
    pub id: i64,
    pub message: StoredMessage,
    /// Sent date, else created date (unix seconds): the thread's order.
    pub at: i64,
    /// The template it was sent from (HX…), when Passerelle sent it from one.
    pub content_sid: Option<String>,
}

/// A [`ThreadRow`] from `{STORED_COLUMNS}, id, <order date>, content_sid`.
fn thread_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ThreadRow> {
    Ok(ThreadRow {
        message: stored(r)?,
        id: r.get(19)?,
        at: r.get(20)?,
        content_sid: r.get(21)?,
    })
}

/// Where a page of a thread starts: strictly before this `(at, id)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ThreadKey {
    pub at: i64,
    pub id: i64,
}

/// A page of a conversation's messages, newest first, strictly older than `before`.
/// Walks `messages_by_thread`.
pub(crate) fn thread_page(
    conn: &Connection,
    conversation: i64,
    before: Option<ThreadKey>,
    limit: usize,
) -> Result<Vec<ThreadRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STORED_COLUMNS}, id, coalesce(date_sent, date_created, 0),
                content_sid
         FROM messages
         WHERE conversation_id = ?1
           AND (?2 IS NULL OR (coalesce(date_sent, date_created, 0), id) < (?2, ?3))
         ORDER BY coalesce(date_sent, date_created, 0) DESC, id DESC
         LIMIT ?4"
    ))?;
    let rows = stmt
        .query_map(
            params![
                conversation,
                before.map(|k| k.at),
                before.map(|k| k.id),
                limit as i64
            ],
            thread_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every message of a conversation, oldest first, with what a thread shows: what a note is
/// made from. Walks `messages_by_thread` backwards.
pub(crate) fn whole_thread(conn: &Connection, conversation: i64) -> Result<Vec<ThreadRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STORED_COLUMNS}, id, coalesce(date_sent, date_created, 0),
                content_sid
         FROM messages WHERE conversation_id = ?1
         ORDER BY coalesce(date_sent, date_created, 0), id"
    ))?;
    let rows = stmt
        .query_map([conversation], thread_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The SIDs of a conversation's messages with how many media each announced.
pub(crate) fn sids_of_conversation(
    conn: &Connection,
    conversation: i64,
) -> Result<Vec<(String, i64)>> {
    let rows = conn
        .prepare_cached(
            "SELECT sid, num_media FROM messages WHERE conversation_id = ?1 ORDER BY id",
        )?
        .query_map([conversation], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The SID prefix of a message written before Twilio gave it one (being sent, or sent with
/// an unknown outcome). Twilio's own SIDs start with `SM` or `MM`.
pub(crate) const LOCAL_SID_PREFIX: &str = "local-";

/// Inserts a message written locally (an outgoing one before its request); its row id.
pub(crate) fn insert_local(conn: &Connection, m: &MessageRow<'_>) -> Result<i64> {
    let before = max_id(conn)?;
    let id = Upserter::new(conn)?
        .upsert(m)?
        .ok_or_else(|| crate::Error::Internal(format!("message {} already stored", m.sid)))?;
    index_new(conn, before)?;
    Ok(id)
}

/// Marks local row `id` as sent from template `content_sid` (Twilio does not say it later).
pub(crate) fn set_content_sid(conn: &Connection, id: i64, content_sid: &str) -> Result<()> {
    conn.prepare_cached("UPDATE messages SET content_sid = ?2 WHERE id = ?1")?
        .execute(params![id, content_sid])?;
    Ok(())
}

/// What Twilio answered to a create request, recorded on the local row `id`.
pub(crate) struct Created<'a> {
    pub sid: &'a str,
    pub status: &'a str,
    pub error_code: Option<i64>,
    pub error_message: Option<&'a str>,
    pub price: Option<&'a str>,
    pub price_unit: Option<&'a str>,
    pub date_created: Option<i64>,
    pub date_sent: Option<i64>,
}

/// Records Twilio's answer on the local row `id` (its SID replaces the local one); the old SID.
pub(crate) fn record_created(conn: &Connection, id: i64, c: &Created<'_>) -> Result<String> {
    let old: String =
        conn.query_row("SELECT sid FROM messages WHERE id = ?1", [id], |r| r.get(0))?;
    conn.execute(
        "UPDATE messages SET sid = ?2, status = ?3, error_code = ?4, error_message = ?5,
                price = ?6, price_unit = ?7, date_created = coalesce(?8, date_created),
                date_sent = ?9
         WHERE id = ?1",
        params![
            id,
            c.sid,
            c.status,
            c.error_code,
            c.error_message,
            c.price,
            c.price_unit,
            c.date_created,
            c.date_sent
        ],
    )?;
    Ok(old)
}

/// Sets the status (and error) of row `id` without a word from Twilio: `unknown`, or
/// `failed` when Twilio refused the request.
pub(crate) fn set_local_status(
    conn: &Connection,
    id: i64,
    status: &str,
    error_code: Option<i64>,
    error_message: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE messages SET status = ?2, error_code = ?3, error_message = ?4 WHERE id = ?1",
        params![id, status, error_code, error_message],
    )?;
    Ok(())
}

/// How far apart (seconds) a local unsettled message and Twilio's record of it may be.
pub(crate) const RECONCILE_SECS: i64 = 10 * 60;

/// Whether any local message's outcome is still unsettled (most pages then skip
/// [`adopt_unsettled`]'s lookups entirely).
pub(crate) fn has_unsettled(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM messages
             WHERE sid >= 'local-' AND sid < 'local.' AND status IN ('sending', 'unknown') LIMIT 1",
        )?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Gives an unsettled local message the SID Twilio reports for it, when the sync meets a
/// message with the same From, To and body created within [`RECONCILE_SECS`] of it and that
/// SID is not archived yet. Returns the local SID replaced, if any.
pub(crate) fn adopt_unsettled(
    conn: &Connection,
    sid: &str,
    from: &str,
    to: &str,
    body: &str,
    created: i64,
) -> Result<Option<String>> {
    let found: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, sid FROM messages
             -- A range on the SID walks its unique index: local SIDs are few, Twilio's are not.
             WHERE sid >= 'local-' AND sid < 'local.' AND status IN ('sending', 'unknown')
               AND from_address = ?1 AND to_address = ?2 AND body = ?3
               AND abs(coalesce(date_created, 0) - ?4) <= ?5
               AND NOT EXISTS (SELECT 1 FROM messages WHERE sid = ?6)
             ORDER BY abs(coalesce(date_created, 0) - ?4), id LIMIT 1",
        )?
        .query_row(params![from, to, body, created, RECONCILE_SECS, sid], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((id, old)) = found else {
        return Ok(None);
    };
    conn.prepare_cached("UPDATE messages SET sid = ?2 WHERE id = ?1")?
        .execute(params![id, sid])?;
    Ok(Some(old))
}

/// Unsettled local messages created before `before` that no sync found at Twilio become
/// `failed` (the user may then resend them); returns `(conversation, id)` of each.
pub(crate) fn settle_unfound(conn: &Connection, before: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "UPDATE messages SET status = 'failed',
                error_message = 'not found at Twilio after the send: it was not sent'
         -- A range on the SID walks its unique index: local SIDs are few, Twilio's are not.
             WHERE sid >= 'local-' AND sid < 'local.' AND status IN ('sending', 'unknown')
           AND coalesce(date_created, 0) < ?1
         RETURNING conversation_id, id",
    )?;
    let rows = stmt
        .query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Deletes a conversation's messages (the full-text index follows by trigger, media rows by
/// cascade); how many.
pub(crate) fn delete_of_conversation(conn: &Connection, conversation: i64) -> Result<u64> {
    Ok(conn
        .prepare_cached("DELETE FROM messages WHERE conversation_id = ?1")?
        .execute([conversation])? as u64)
}

/// Merges the message index so deleted bodies leave no trace in it (FTS5 keeps a deleted
/// row's words in older segments until they are merged).
pub(crate) fn purge_search_index(conn: &Connection) -> Result<()> {
    message_search::optimize(conn)
}

/// The conversations with a customer message archived after row `after_id`, each once, most
/// recent first (at most `limit`), and the highest row id seen (`after_id` when none).
pub(crate) fn inbound_after(
    conn: &Connection,
    after_id: i64,
    limit: usize,
) -> Result<(Vec<i64>, i64)> {
    let high: i64 = conn.query_row(
        "SELECT coalesce(max(id), ?1) FROM messages WHERE id > ?1",
        [after_id],
        |r| r.get(0),
    )?;
    let rows = conn
        .prepare_cached(
            "SELECT conversation_id FROM messages WHERE id > ?1 AND direction = 'inbound'
             GROUP BY conversation_id
             ORDER BY max(coalesce(date_sent, date_created, 0)) DESC, max(id) DESC LIMIT ?2",
        )?
        .query_map(params![after_id, limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok((rows, high))
}

/// The row id of message `sid`.
pub(crate) fn id_of(conn: &Connection, sid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM messages WHERE sid = ?1")?
        .query_row([sid], |r| r.get(0))
        .optional()?)
}
