//! Reading the archive back without any network: what it holds, and full-text search.

use crate::error::Result;
use crate::rfc3339;
use crate::store::Store;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// What the archive holds (`passerelle status`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArchiveStatus {
    /// Messages archived.
    pub messages: u64,
    /// Conversations (sender × customer number).
    pub conversations: u64,
    /// Media files downloaded.
    pub media_files: u64,
    /// Media known but not downloaded (pending or skipped).
    pub media_missing: u64,
    /// Per sender counts.
    pub senders: Vec<SenderStatus>,
    /// The latest sync run.
    pub last_sync: Option<LastSync>,
    /// Counts per sender and month.
    pub months: Vec<MonthCount>,
    /// Sync checkpoints (one per shard).
    pub checkpoints: Vec<Checkpoint>,
}

/// Counts for one sender.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SenderStatus {
    /// `whatsapp:+…`
    pub address: String,
    /// ONLINE, OFFLINE, …
    pub status: String,
    /// Whether it is synced.
    pub selected: bool,
    /// Messages archived for it.
    pub messages: u64,
    /// Its conversations.
    pub conversations: u64,
}

/// The latest sync run.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct LastSync {
    /// `full` or `incremental`.
    pub kind: String,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339, when finished.
    pub finished_at: Option<String>,
    /// `done`, `cancelled`, `failed`, or null while running / after a crash.
    pub outcome: Option<String>,
    /// New messages.
    pub messages_new: u64,
    /// Changed messages.
    pub messages_updated: u64,
}

/// Messages of one sender in one month.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct MonthCount {
    /// `whatsapp:+…`
    pub sender: String,
    /// `YYYY-MM` (UTC).
    pub month: String,
    /// Received.
    pub inbound: u64,
    /// Sent.
    pub outbound: u64,
}

/// Where a shard of the history stands.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Checkpoint {
    /// `whatsapp:+…`
    pub sender: String,
    /// `inbound` or `outbound`.
    pub direction: String,
    /// `backfill` or `incremental`.
    pub kind: String,
    /// RFC 3339 lower bound, null when open.
    pub date_from: Option<String>,
    /// RFC 3339 upper bound, null when open.
    pub date_to: Option<String>,
    /// `pending`, `running` or `done`.
    pub state: String,
    /// Pages committed.
    pub pages: u64,
    /// Messages seen.
    pub messages: u64,
}

/// Counts and checkpoints of the archive.
pub fn status(store: &Store) -> Result<ArchiveStatus> {
    let conn = store.conn();
    let count =
        |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
    let messages = count("SELECT count(*) FROM messages")?;
    let conversations = count("SELECT count(*) FROM conversations")?;
    let media_files = count("SELECT count(*) FROM media WHERE file_path IS NOT NULL")?;
    let media_missing = count("SELECT count(*) FROM media WHERE file_path IS NULL")?;

    let mut stmt = conn.prepare(
        "SELECT s.address, s.status, s.selected,
                (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.sender_id = s.id),
                (SELECT count(*) FROM conversations c WHERE c.sender_id = s.id)
         FROM senders s ORDER BY s.address",
    )?;
    let senders = stmt
        .query_map([], |r| {
            Ok(SenderStatus {
                address: r.get(0)?,
                status: r.get(1)?,
                selected: r.get::<_, i64>(2)? != 0,
                messages: r.get::<_, i64>(3)? as u64,
                conversations: r.get::<_, i64>(4)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let last_sync = conn
        .query_row(
            "SELECT kind, started_at, finished_at, outcome, messages_new, messages_updated
             FROM sync_runs ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(LastSync {
                    kind: r.get(0)?,
                    started_at: rfc3339(r.get(1)?),
                    finished_at: r.get::<_, Option<i64>>(2)?.map(rfc3339),
                    outcome: r.get(3)?,
                    messages_new: r.get::<_, i64>(4)? as u64,
                    messages_updated: r.get::<_, i64>(5)? as u64,
                })
            },
        )
        .optional()?;

    let mut stmt = conn.prepare(
        "SELECT s.address, strftime('%Y-%m', m.date_sent, 'unixepoch') AS month,
                sum(m.direction = 'inbound'), sum(m.direction <> 'inbound')
         FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN senders s ON s.id = c.sender_id
         GROUP BY s.address, month ORDER BY s.address, month",
    )?;
    let months = stmt
        .query_map([], |r| {
            Ok(MonthCount {
                sender: r.get(0)?,
                month: r
                    .get::<_, Option<String>>(1)?
                    .unwrap_or_else(|| "unknown".into()),
                inbound: r.get::<_, i64>(2)? as u64,
                outbound: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let mut stmt = conn.prepare(
        "SELECT s.address, k.direction, k.kind, k.date_from, k.date_to, k.state, k.pages, k.messages
         FROM sync_shards k JOIN senders s ON s.id = k.sender_id
         ORDER BY s.address, k.direction, k.kind, k.date_from",
    )?;
    let checkpoints = stmt
        .query_map([], |r| {
            Ok(Checkpoint {
                sender: r.get(0)?,
                direction: r.get(1)?,
                kind: r.get(2)?,
                date_from: r.get::<_, Option<i64>>(3)?.map(rfc3339),
                date_to: r.get::<_, Option<i64>>(4)?.map(rfc3339),
                state: r.get(5)?,
                pages: r.get::<_, i64>(6)? as u64,
                messages: r.get::<_, i64>(7)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    Ok(ArchiveStatus {
        messages,
        conversations,
        media_files,
        media_missing,
        senders,
        last_sync,
        months,
        checkpoints,
    })
}

/// One search result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SearchHit {
    /// Message SID.
    pub sid: String,
    /// Conversation id in the archive.
    pub conversation: i64,
    /// The customer's number (`whatsapp:+…`).
    pub customer: String,
    /// The customer's WhatsApp name, when known.
    pub profile_name: Option<String>,
    /// The business sender (`whatsapp:+…`).
    pub sender: String,
    /// `inbound`, `outbound-api`, …
    pub direction: String,
    /// RFC 3339.
    pub date_sent: Option<String>,
    /// Full text of the message.
    pub body: String,
    /// The matching part, with matches between `[` and `]`.
    pub snippet: String,
}

/// Full-text search over message bodies (accents and case ignored), best matches first, then
/// most recent. Every word must match (as a prefix); FTS syntax in `text` is not interpreted.
pub fn search(store: &Store, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut stmt = store.conn().prepare_cached(
        "SELECT m.sid, m.conversation_id, c.customer, c.profile_name, s.address, m.direction, m.date_sent, m.body,
                snippet(messages_fts, 0, '[', ']', '…', 12)
         FROM messages_fts
         JOIN messages m ON m.id = messages_fts.rowid
         JOIN conversations c ON c.id = m.conversation_id
         JOIN senders s ON s.id = c.sender_id
         WHERE messages_fts MATCH ?1
         ORDER BY bm25(messages_fts), m.date_sent DESC
         LIMIT ?2",
    )?;
    let hits = stmt
        .query_map(rusqlite::params![query, limit as i64], |r| {
            Ok(SearchHit {
                sid: r.get(0)?,
                conversation: r.get(1)?,
                customer: r.get(2)?,
                profile_name: r.get(3)?,
                sender: r.get(4)?,
                direction: r.get(5)?,
                date_sent: r.get::<_, Option<i64>>(6)?.map(rfc3339),
                body: r.get(7)?,
                snippet: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(hits)
}

/// Turns free text into an FTS5 query: each word quoted (so `"`, `*`, `OR`, `-` are plain
/// text) and prefix-matched, all words required.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_becomes_a_safe_fts_query() {
        let cases = [
            ("bonjour", Some("\"bonjour\"*")),
            ("  commande  livrée ", Some("\"commande\"* \"livrée\"*")),
            ("say \"hi\" OR", Some("\"say\"* \"\"\"hi\"\"\"* \"OR\"*")),
            ("* - ()", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(fts_query(text).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn status_of_an_empty_archive() {
        let store = Store::open_in_memory().unwrap();
        let s = status(&store).unwrap();
        assert_eq!((s.messages, s.conversations, s.media_files), (0, 0, 0));
        assert!(s.last_sync.is_none());
        let json = serde_json::to_value(&s).unwrap();
        for key in [
            "messages",
            "conversations",
            "media_files",
            "senders",
            "last_sync",
        ] {
            assert!(
                json.get(key).is_some(),
                "status JSON needs `{key}` at top level"
            );
        }
        assert!(search(&store, "bonjour", 10).unwrap().is_empty());
    }
}
