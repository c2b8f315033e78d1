//! The `crm_pushes` table: each local note pushed to the CRM, by its key — the remote note id
//! (never push twice), the hash of what was sent (PUT on change), whether the date had to be
//! written in the text, and the last error of a note that failed (listed, retryable).

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Where a note's push stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushState {
    /// A POST was started: it may have reached the CRM without its answer.
    Posting,
    /// The CRM has it (`remote_id`).
    Pushed,
    /// The last try failed (`error_*`); the next push retries it.
    Failed,
}

impl PushState {
    fn parse(s: &str) -> PushState {
        match s {
            "posting" => PushState::Posting,
            "pushed" => PushState::Pushed,
            _ => PushState::Failed,
        }
    }
}

/// One note's push, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Push {
    /// The local note's key.
    pub note_key: String,
    /// `person:12`, `deal:7`, `lead:<uuid>`.
    pub target: String,
    /// Where it stands.
    pub state: PushState,
    /// The CRM's note id, once known.
    pub remote_id: Option<i64>,
    /// Hash of the content last sent.
    pub content_hash: String,
    /// The CRM did not keep `add_time`: the date is written at the top of the note.
    pub date_in_text: bool,
    /// When it was last pushed.
    pub pushed_at: Option<i64>,
    /// The last error's code.
    pub error_code: Option<String>,
    /// The last error's message.
    pub error_message: Option<String>,
    /// Tries so far.
    pub attempts: i64,
}

const COLUMNS: &str = "note_key, target, state, remote_id, content_hash, date_in_text, pushed_at, error_code, error_message, attempts";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Push> {
    Ok(Push {
        note_key: r.get(0)?,
        target: r.get(1)?,
        state: PushState::parse(&r.get::<_, String>(2)?),
        remote_id: r.get(3)?,
        content_hash: r.get(4)?,
        date_in_text: r.get(5)?,
        pushed_at: r.get(6)?,
        error_code: r.get(7)?,
        error_message: r.get(8)?,
        attempts: r.get(9)?,
    })
}

/// One note's push.
pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<Push>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM crm_pushes WHERE note_key = ?1"
        ))?
        .query_row([key], row)
        .optional()?)
}

/// A POST is about to leave: written (and committed by the caller) before sending, so a kill
/// after it leaves is found on the next run.
pub(crate) fn begin_post(
    conn: &Connection,
    key: &str,
    target: &str,
    hash: &str,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO crm_pushes (note_key, target, state, content_hash, attempts, updated_at)
         VALUES (?1, ?2, 'posting', ?3, 1, ?4)
         ON CONFLICT (note_key) DO UPDATE SET target = excluded.target, state = 'posting',
             remote_id = NULL, content_hash = excluded.content_hash,
             attempts = attempts + 1, updated_at = excluded.updated_at",
    )?
    .execute(params![key, target, hash, now])?;
    Ok(())
}

/// The CRM has the note as `remote_id`, with the content of `hash`.
pub(crate) fn pushed(
    conn: &Connection,
    key: &str,
    target: &str,
    remote_id: i64,
    hash: &str,
    date_in_text: bool,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO crm_pushes (note_key, target, state, remote_id, content_hash, date_in_text, pushed_at, attempts, updated_at)
         VALUES (?1, ?2, 'pushed', ?3, ?4, ?5, ?6, 1, ?6)
         ON CONFLICT (note_key) DO UPDATE SET target = excluded.target, state = 'pushed',
             remote_id = excluded.remote_id, content_hash = excluded.content_hash,
             date_in_text = excluded.date_in_text, pushed_at = excluded.pushed_at,
             error_code = NULL, error_message = NULL, updated_at = excluded.updated_at",
    )?
    .execute(params![key, target, remote_id, hash, date_in_text, now])?;
    Ok(())
}

/// The try failed; a note already in the CRM keeps its remote id (the next try PUTs).
pub(crate) fn failed(
    conn: &Connection,
    key: &str,
    target: &str,
    hash: &str,
    code: &str,
    message: &str,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO crm_pushes (note_key, target, state, content_hash, error_code, error_message, attempts, updated_at)
         VALUES (?1, ?2, 'failed', ?3, ?4, ?5, 1, ?6)
         ON CONFLICT (note_key) DO UPDATE SET
             state = CASE WHEN remote_id IS NULL THEN 'failed' ELSE state END,
             error_code = excluded.error_code, error_message = excluded.error_message,
             attempts = attempts + 1, updated_at = excluded.updated_at",
    )?
    .execute(params![key, target, hash, code, message, now])?;
    Ok(())
}

/// The notes whose last try failed, oldest first.
pub(crate) fn failures(conn: &Connection) -> Result<Vec<Push>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM crm_pushes WHERE error_code IS NOT NULL ORDER BY updated_at, note_key"
        ))?
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many notes are pushed, and how many failed.
pub(crate) fn counts(conn: &Connection) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE remote_id IS NOT NULL), count(*) FILTER (WHERE error_code IS NOT NULL) FROM crm_pushes",
        [],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}
