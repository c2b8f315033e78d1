//! The `notes` table: notes made from linked conversations (one per conversation, or one per
//! day of it), as sanitised HTML and plain text, with their full-text index `notes_fts` kept
//! by triggers. `(conversation, day)` is the stable key: writing a note again updates it.

use super::links::RecordRef;
use crate::error::{Error, Result};
use crate::rfc3339;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A note to write (built by `notes::render`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NewNote {
    pub conversation_id: i64,
    /// `''` for the whole conversation, else `YYYY-MM-DD` in the user's time zone.
    pub day: String,
    pub record: RecordRef,
    pub title: String,
    pub html: String,
    pub text: String,
    pub message_count: i64,
    pub first_message_at: Option<i64>,
    pub last_message_at: Option<i64>,
}

/// What writing a note did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Written {
    /// A new note.
    Added,
    /// The note existed and its content or record changed.
    Updated,
    /// The note existed, identical.
    Unchanged,
}

/// A note as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Row id.
    pub id: i64,
    /// The conversation it was made from.
    pub conversation_id: i64,
    /// `YYYY-MM-DD` (user's time zone) for a note of one day; `None` for a whole conversation.
    pub day: Option<String>,
    /// The record it is on.
    pub record: RecordRef,
    /// One line: contact, number, period.
    pub title: String,
    /// Sanitised HTML: only `p`, `br`, `b`, `i`, `ul`, `li` and `a` (local media files);
    /// every character from a message escaped. What a CRM's notes API takes.
    pub html: String,
    /// The same note as plain text: what screens show.
    pub text: String,
    /// Messages in it.
    pub message_count: i64,
    /// RFC 3339 date of its first message (a CRM's "add time").
    pub first_message_at: Option<String>,
    /// RFC 3339 date of its last message.
    pub last_message_at: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// The CRM's id of this note once pushed there (written by the CRM connector).
    pub remote_id: Option<String>,
    /// RFC 3339, when it was last pushed.
    pub remote_pushed_at: Option<String>,
}

/// A note found by a full-text search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteHit {
    /// The note.
    pub note: Note,
    /// The matching passage, the match between `[` and `]`.
    pub snippet: String,
}

fn record_columns(record: RecordRef) -> (&'static str, i64) {
    match record {
        RecordRef::Contact(id) => ("contact", id),
        RecordRef::Lead(id) => ("lead", id),
        RecordRef::Deal(id) => ("deal", id),
    }
}

fn record_of(kind: &str, id: i64) -> rusqlite::Result<RecordRef> {
    match kind {
        "contact" => Ok(RecordRef::Contact(id)),
        "lead" => Ok(RecordRef::Lead(id)),
        "deal" => Ok(RecordRef::Deal(id)),
        other => Err(rusqlite::Error::InvalidColumnType(
            3,
            format!("record_kind {other:?}"),
            rusqlite::types::Type::Text,
        )),
    }
}

const COLUMNS: &str =
    "n.id, n.conversation_id, n.day, n.record_kind, n.record_id, n.title, n.html, n.text,
    n.message_count, n.first_message_at, n.last_message_at, n.created_at, n.updated_at,
    n.remote_id, n.remote_pushed_at";

fn note(r: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    let day: String = r.get(2)?;
    let kind: String = r.get(3)?;
    Ok(Note {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        day: (!day.is_empty()).then_some(day),
        record: record_of(&kind, r.get(4)?)?,
        title: r.get(5)?,
        html: r.get(6)?,
        text: r.get(7)?,
        message_count: r.get(8)?,
        first_message_at: r.get::<_, Option<i64>>(9)?.map(rfc3339),
        last_message_at: r.get::<_, Option<i64>>(10)?.map(rfc3339),
        created_at: rfc3339(r.get(11)?),
        updated_at: rfc3339(r.get(12)?),
        remote_id: r.get(13)?,
        remote_pushed_at: r.get::<_, Option<i64>>(14)?.map(rfc3339),
    })
}

/// Writes `new` under its `(conversation, day)` key: adds it, updates it when its content or
/// record changed, or leaves it alone.
pub(crate) fn write(conn: &Connection, new: &NewNote, now: i64) -> Result<(i64, Written)> {
    let (kind, record_id) = record_columns(new.record);
    let existing = conn
        .prepare_cached(
            "SELECT id, html, text, title, record_kind, record_id FROM notes
             WHERE conversation_id = ?1 AND day = ?2",
        )?
        .query_row(params![new.conversation_id, new.day], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })
        .optional()?;
    let written = match existing {
        None => Written::Added,
        Some((id, html, text, title, k, rid))
            if html == new.html
                && text == new.text
                && title == new.title
                && k == kind
                && rid == record_id =>
        {
            return Ok((id, Written::Unchanged));
        }
        Some(_) => Written::Updated,
    };
    let id = conn
        .prepare_cached(
            "INSERT INTO notes (conversation_id, day, record_kind, record_id, title, html, text,
                 message_count, first_message_at, last_message_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)
             ON CONFLICT (conversation_id, day) DO UPDATE SET record_kind = excluded.record_kind,
                 record_id = excluded.record_id, title = excluded.title, html = excluded.html,
                 text = excluded.text, message_count = excluded.message_count,
                 first_message_at = excluded.first_message_at,
                 last_message_at = excluded.last_message_at, updated_at = excluded.updated_at
             RETURNING id",
        )?
        .query_row(
            params![
                new.conversation_id,
                new.day,
                kind,
                record_id,
                new.title,
                new.html,
                new.text,
                new.message_count,
                new.first_message_at,
                new.last_message_at,
                now
            ],
            |r| r.get(0),
        )?;
    Ok((id, written))
}

/// Deletes the notes of `conversation` whose day is not in `keep` (what a conversion in the
/// other granularity, or a conversation that lost messages, leaves behind); how many.
pub(crate) fn delete_others(conn: &Connection, conversation: i64, keep: &[String]) -> Result<u64> {
    let mut stmt = conn.prepare_cached("SELECT id, day FROM notes WHERE conversation_id = ?1")?;
    let stale: Vec<i64> = stmt
        .query_map([conversation], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, day)| !keep.contains(day))
        .map(|(id, _)| id)
        .collect();
    for id in &stale {
        conn.prepare_cached("DELETE FROM notes WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(stale.len() as u64)
}

/// Notes, newest first (by first message), optionally of one record, `limit` after skipping
/// `offset`.
pub(crate) fn list(
    conn: &Connection,
    record: Option<RecordRef>,
    limit: usize,
    offset: usize,
) -> Result<Vec<Note>> {
    let (kind, id) = record.map(record_columns).unzip();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notes n
         WHERE ?1 IS NULL OR (n.record_kind = ?1 AND n.record_id = ?2)
         ORDER BY n.first_message_at DESC, n.id DESC LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = stmt
        .query_map(params![kind, id, limit as i64, offset as i64], note)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One note.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<Note>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM notes n WHERE n.id = ?1"))?
        .query_row([id], note)
        .optional()?)
}

/// Notes matching an FTS5 query, newest first (by their last message). The page is chosen
/// first from the ids alone; the snippet (which reads a note's whole text) is then made for
/// the notes of the page only, not for every match.
pub(crate) fn search(conn: &Connection, fts_query: &str, limit: usize) -> Result<Vec<NoteHit>> {
    let unreadable = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(_, Some(ref m)) if m.contains("fts5") => Error::invalid(
            "query",
            "recherche illisible.",
            "the search could not be read.",
        ),
        other => Error::from(other),
    };
    let ids = conn
        .prepare_cached(
            "SELECT n.id FROM notes n
             WHERE n.id IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?1)
             ORDER BY coalesce(n.last_message_at, 0) DESC, n.id DESC LIMIT ?2",
        )?
        .query_map(params![fts_query, limit as i64], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(unreadable)?;
    let mut one = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, snippet(notes_fts, 0, '[', ']', '…', 12) FROM notes_fts
         JOIN notes n ON n.id = notes_fts.rowid
         WHERE notes_fts MATCH ?1 AND notes_fts.rowid = ?2"
    ))?;
    let mut hits = Vec::with_capacity(ids.len());
    for id in ids {
        let hit = one
            .query_row(params![fts_query, id], |r| {
                Ok(NoteHit {
                    note: note(r)?,
                    snippet: r.get(15)?,
                })
            })
            .map_err(unreadable)?;
        hits.push(hit);
    }
    Ok(hits)
}

/// Records the CRM's id of a note once pushed.
pub(crate) fn set_remote(conn: &Connection, id: i64, remote_id: &str, at: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE notes SET remote_id = ?2, remote_pushed_at = ?3 WHERE id = ?1")?
        .execute(params![id, remote_id, at])?
        > 0)
}

/// How many notes were made from the conversations `ids`.
pub(crate) fn count_of_conversations(conn: &Connection, ids: &[i64]) -> Result<u64> {
    let mut total = 0;
    for id in ids {
        total += conn
            .prepare_cached("SELECT count(*) FROM notes WHERE conversation_id = ?1")?
            .query_row([id], |r| r.get::<_, i64>(0))? as u64;
    }
    Ok(total)
}

/// How many notes the archive holds.
pub(crate) fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM notes", [], |r| r.get::<_, i64>(0))? as u64)
}

/// Merges the notes' index so erased notes leave no words in it.
pub(crate) fn purge_search_index(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')", [])?;
    Ok(())
}
