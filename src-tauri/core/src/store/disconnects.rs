//! The `disconnects` table: each disconnect of the Twilio account and its state machine
//! (JSON, written after every step), so a killed disconnect resumes where it stopped.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// Starts a disconnect of `account_sid` in state `state`; its id.
pub(crate) fn insert(
    conn: &Connection,
    account_sid: &str,
    actor_id: i64,
    state: &str,
    now: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO disconnects (account_sid, actor_id, state, started_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![account_sid, actor_id, state, now])?;
    Ok(conn.last_insert_rowid())
}

/// Saves a disconnect's state (and when it finished, once it has).
pub(crate) fn save(
    conn: &Connection,
    id: i64,
    state: &str,
    now: i64,
    finished: bool,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE disconnects SET state = ?2, updated_at = ?3,
             finished_at = CASE WHEN ?4 THEN ?3 ELSE finished_at END
         WHERE id = ?1",
    )?
    .execute(params![id, state, now, finished])?;
    Ok(())
}

/// The disconnect still under way, if any: its id and state.
pub(crate) fn unfinished(conn: &Connection) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, state FROM disconnects WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The latest disconnect, finished or not: its id and state.
pub(crate) fn latest(conn: &Connection) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, state FROM disconnects ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Whether the account connected last was disconnected since (a finished disconnect no
/// older than its connection).
pub(crate) fn is_disconnected(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM disconnects d
             JOIN (SELECT sid, connected_at FROM accounts ORDER BY connected_at DESC LIMIT 1) a
               ON a.sid = d.account_sid
             WHERE d.finished_at IS NOT NULL AND d.finished_at >= a.connected_at)",
        [],
        |r| r.get(0),
    )?)
}
