//! The `number_moves` table (the "Move my number" wizard's state per business number, kept as
//! JSON so it resumes after a restart) and the `senders.moved_away_at` flag set at the end.

use super::{now_unix, Store};
use crate::error::Result;
use rusqlite::{params, OptionalExtension};

/// The saved wizard state of `sender` (`whatsapp:+…`), as JSON, if one was started.
pub fn load(store: &Store, sender: &str) -> Result<Option<String>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT state FROM number_moves WHERE sender_address = ?1",
            [sender],
            |r| r.get(0),
        )
        .optional()?)
}

/// Saves the wizard state of `sender` (JSON), replacing the previous one.
pub fn save(store: &Store, sender: &str, state_json: &str) -> Result<()> {
    store.conn().execute(
        "INSERT INTO number_moves (sender_address, state, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (sender_address) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        params![sender, state_json, now_unix()],
    )?;
    Ok(())
}

/// Changes the wizard state of `sender` in one write transaction: `change` gets the saved JSON
/// (if any) and returns the new JSON and the moved-away mark to set (`None`: leave it), or an
/// error that leaves everything as it was. Two changes at once (two quick clicks) are applied
/// one after the other, never one lost.
pub fn update<T>(
    store: &Store,
    sender: &str,
    change: impl FnOnce(Option<String>) -> Result<(String, Option<Option<i64>>, T)>,
) -> Result<T> {
    let tx = rusqlite::Transaction::new_unchecked(
        store.conn(),
        rusqlite::TransactionBehavior::Immediate,
    )?;
    let (json, moved, out) = change(load(store, sender)?)?;
    save(store, sender, &json)?;
    if let Some(at) = moved {
        set_moved_away(store, sender, at)?;
    }
    tx.commit()?;
    Ok(out)
}

/// Every business number with a wizard started, with its state (JSON), by address.
pub fn all(store: &Store) -> Result<Vec<(String, String)>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT sender_address, state FROM number_moves ORDER BY sender_address")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Marks `sender` as moved away (`Some(unix)`) or back with Twilio (`None`).
pub fn set_moved_away(store: &Store, sender: &str, at: Option<i64>) -> Result<()> {
    store.conn().execute(
        "UPDATE senders SET moved_away_at = ?2 WHERE address = ?1",
        params![sender, at],
    )?;
    Ok(())
}

/// When `sender` moved away, if it did: the inbox is read-only for it from then on.
pub fn moved_away_at(store: &Store, sender: &str) -> Result<Option<i64>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT moved_away_at FROM senders WHERE address = ?1",
            [sender],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}

/// Every selected business number (moved away or not), by address: the wizard offers one
/// migration per number.
pub fn business_numbers(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT address FROM senders WHERE selected = 1 ORDER BY address")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// `(sid, date_sent)` of every archived message of one direction of `sender`: inbound is
/// `To` = sender, outbound `From` = sender, as Twilio's list filters them.
pub(crate) fn archived_sids(
    store: &Store,
    sender: &str,
    inbound: bool,
) -> Result<Vec<(String, Option<i64>)>> {
    let sql = if inbound {
        "SELECT sid, date_sent FROM messages WHERE to_address = ?1"
    } else {
        "SELECT sid, date_sent FROM messages WHERE from_address = ?1"
    };
    let mut stmt = store.conn().prepare(sql)?;
    let rows = stmt
        .query_map([sender], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
