//! The `senders` table: the account's WhatsApp senders; the `selected` ones are synced.

use crate::error::Result;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A sender to record.
pub(crate) struct NewSender<'a> {
    pub account_sid: &'a str,
    /// XE…
    pub sender_sid: &'a str,
    /// `whatsapp:+E164`
    pub address: &'a str,
    pub status: &'a str,
    pub display_name: Option<&'a str>,
    pub selected: bool,
}

/// Counts for one sender (`passerelle status`).
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

/// Records a sender, or refreshes it (keyed by address).
pub(crate) fn save(conn: &Connection, sender: &NewSender<'_>, added_at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO senders (account_sid, sender_sid, address, status, display_name, selected, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (address) DO UPDATE SET account_sid = excluded.account_sid, sender_sid = excluded.sender_sid,
             status = excluded.status, display_name = excluded.display_name, selected = excluded.selected",
        params![
            sender.account_sid,
            sender.sender_sid,
            sender.address,
            sender.status,
            sender.display_name,
            sender.selected,
            added_at
        ],
    )?;
    Ok(())
}

/// Stops syncing the senders of every other account. They are kept, not deleted, so their
/// archived history stays readable.
pub(crate) fn unselect_other_accounts(conn: &Connection, account_sid: &str) -> Result<()> {
    conn.execute(
        "UPDATE senders SET selected = 0 WHERE account_sid <> ?1",
        [account_sid],
    )?;
    Ok(())
}

/// The selected addresses of an account, sorted.
pub(crate) fn selected_addresses(conn: &Connection, account_sid: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT address FROM senders WHERE account_sid = ?1 AND selected = 1 ORDER BY address",
    )?;
    let rows = stmt
        .query_map([account_sid], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// `(id, address)` of every selected sender, in row order. A number moved to another provider
/// is left out: Twilio is no longer asked for it (its archive stays whole).
pub(crate) fn selected(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, address FROM senders WHERE selected = 1 AND moved_away_at IS NULL ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Row id of every sender by address (selected or not: a message names its sender).
pub(crate) fn ids_by_address(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT address, id FROM senders")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// Every sender with its message and conversation counts, by address.
pub(crate) fn statuses(conn: &Connection) -> Result<Vec<SenderStatus>> {
    let mut stmt = conn.prepare(
        "SELECT s.address, s.status, s.selected,
                (SELECT coalesce(sum(inbound + outbound), 0) FROM message_months mm WHERE mm.sender_id = s.id),
                (SELECT count(*) FROM conversations c WHERE c.sender_id = s.id)
         FROM senders s ORDER BY s.address",
    )?;
    let rows = stmt
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
    Ok(rows)
}
