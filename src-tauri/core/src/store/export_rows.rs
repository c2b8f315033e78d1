//! The reads an export makes, streamed: the conversations in a scope (a few per thousand
//! messages, collected), then each one's messages and media row by row (never the whole
//! archive in memory). Joins of the tables they read; every other table module stays the only
//! writer of its table.

use super::accounts::{self, Account};
use super::messages::{self, StoredMessage, STORED_COLUMNS};
use crate::error::Result;
use rusqlite::{params, Connection};

/// What an export covers. The user's visibility (Private / Shared) is `linked_only`, applied
/// by [`conversations`] for every format (set by the export from its viewer).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExportScope {
    /// One conversation only.
    pub conversation: Option<i64>,
    /// Messages from this unix second on (sent, else created date).
    pub since: Option<i64>,
    /// Messages up to this unix second (inclusive).
    pub until: Option<i64>,
    /// Only the conversations linked to a record (a user who does not see the inbox reads
    /// those on the records' pages, and nothing else).
    pub linked_only: bool,
}

/// A conversation with at least one message in the scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopedConversation {
    /// Row id.
    pub id: i64,
    /// The business number (`whatsapp:+…`).
    pub sender: String,
    /// The business number's display name, when known.
    pub sender_name: Option<String>,
    /// The customer's number (`whatsapp:+…`).
    pub customer: String,
    /// The customer's WhatsApp profile name, when known.
    pub profile_name: Option<String>,
    /// Customer messages not read yet.
    pub unread_count: i64,
    /// Messages in the scope.
    pub messages: u64,
    /// Unix seconds of the first and last message in the scope.
    pub first_at: i64,
    /// (see `first_at`).
    pub last_at: i64,
}

/// A medium of a message, with where its file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportMedia {
    /// Twilio's message SID.
    pub sid: String,
    /// The `content_type` column.
    pub content_type: Option<String>,
    /// Unix seconds: created at Twilio.
    pub date_created: Option<i64>,
    /// The `uri` column.
    pub uri: String,
    /// Relative to the archive's media folder.
    pub file_path: Option<String>,
    /// The `size_bytes` column.
    pub size_bytes: Option<i64>,
    /// The `downloaded_at` column.
    pub downloaded_at: Option<i64>,
    /// The `skip_reason` column.
    pub skip_reason: Option<String>,
}

/// A sender with what an export writes of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSender {
    /// The account it belongs to.
    pub account_sid: String,
    /// The `sender_sid` column.
    pub sender_sid: Option<String>,
    /// The `address` column.
    pub address: String,
    /// Twilio's status.
    pub status: String,
    /// The `display_name` column.
    pub display_name: Option<String>,
    /// The `selected` column.
    pub selected: bool,
}

const WHEN: &str = "coalesce(m.date_sent, m.date_created, 0)";

/// The conversations with messages in `scope`, most recent first (ties by sender, customer:
/// an order that survives an export and re-import).
pub(crate) fn conversations(
    conn: &Connection,
    scope: &ExportScope,
) -> Result<Vec<ScopedConversation>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, s.address, s.display_name, c.customer, c.profile_name, c.unread_count,
                count(*), min({WHEN}), max({WHEN})
         FROM conversations c JOIN senders s ON s.id = c.sender_id
         JOIN messages m ON m.conversation_id = c.id
         WHERE (?1 IS NULL OR c.id = ?1) AND (?2 IS NULL OR {WHEN} >= ?2)
           AND (?3 IS NULL OR {WHEN} <= ?3)
           AND (?4 = 0 OR EXISTS (SELECT 1 FROM conversation_links l WHERE l.conversation_id = c.id))
         GROUP BY c.id
         ORDER BY max({WHEN}) DESC, s.address, c.customer"
    ))?;
    let rows = stmt
        .query_map(
            params![
                scope.conversation,
                scope.since,
                scope.until,
                scope.linked_only
            ],
            |r| {
                Ok(ScopedConversation {
                    id: r.get(0)?,
                    sender: r.get(1)?,
                    sender_name: r.get(2)?,
                    customer: r.get(3)?,
                    profile_name: r.get(4)?,
                    unread_count: r.get(5)?,
                    messages: r.get::<_, i64>(6)? as u64,
                    first_at: r.get(7)?,
                    last_at: r.get(8)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Calls `visit` with each message of `conversation` in `scope`, oldest first (ties by SID),
/// one row at a time; stops at the first error `visit` returns.
pub(crate) fn each_message<E: From<rusqlite::Error>>(
    conn: &Connection,
    conversation: i64,
    scope: &ExportScope,
    mut visit: impl FnMut(StoredMessage) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STORED_COLUMNS}
         FROM messages m
         WHERE conversation_id = ?1 AND (?2 IS NULL OR {WHEN} >= ?2) AND (?3 IS NULL OR {WHEN} <= ?3)
         ORDER BY {WHEN}, sid"
    ))?;
    let mut rows = stmt.query(params![conversation, scope.since, scope.until])?;
    while let Some(r) = rows.next()? {
        visit(messages::stored(r)?)?;
    }
    Ok(())
}

/// The media of one message, by SID.
pub(crate) fn media_of(conn: &Connection, message_sid: &str) -> Result<Vec<ExportMedia>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sid, content_type, date_created, uri, file_path, size_bytes, downloaded_at, skip_reason
         FROM media WHERE message_sid = ?1 ORDER BY sid",
    )?;
    let rows = stmt
        .query_map([message_sid], |r| {
            Ok(ExportMedia {
                sid: r.get(0)?,
                content_type: r.get(1)?,
                date_created: r.get(2)?,
                uri: r.get(3)?,
                file_path: r.get(4)?,
                size_bytes: r.get(5)?,
                downloaded_at: r.get(6)?,
                skip_reason: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The senders, by address.
pub(crate) fn senders(conn: &Connection) -> Result<Vec<ExportSender>> {
    let mut stmt = conn.prepare(
        "SELECT account_sid, sender_sid, address, status, display_name, selected
         FROM senders ORDER BY address",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ExportSender {
                account_sid: r.get(0)?,
                sender_sid: r.get(1)?,
                address: r.get(2)?,
                status: r.get(3)?,
                display_name: r.get(4)?,
                selected: r.get::<_, i64>(5)? != 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The connected account, if any.
pub(crate) fn account(conn: &Connection) -> Result<Option<Account>> {
    accounts::current(conn)
}

/// Whether the archive holds anything an import could collide with.
pub(crate) fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM accounts) AND NOT EXISTS (SELECT 1 FROM senders)
                AND NOT EXISTS (SELECT 1 FROM messages)",
        [],
        |r| r.get(0),
    )?)
}
