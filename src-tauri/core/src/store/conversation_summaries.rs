//! The summary columns of `conversations` (count, latest message, last inbound date, profile
//! name), rebuilt from the messages in one pass. Writers keep them in step row by row
//! ([`super::conversations::apply_summary`]); a first backfill defers them and rebuilds them
//! here once (see [`super::bulk_load`]). The latest message is the newest by sent date (else
//! created date), ties broken by SID, as the row-by-row path decides, so the result never
//! depends on the order the rows were written in.

use crate::error::Result;
use rusqlite::types::Type;
use rusqlite::{params, Connection, Row};
use std::collections::HashMap;

/// What one conversation's messages add up to.
#[derive(Default)]
struct Summary {
    count: i64,
    /// (when, sid, direction) of the newest message.
    latest: Option<(i64, String, String)>,
    last_inbound: Option<i64>,
    /// (when, sid, name) of the newest inbound message that carried a profile name.
    named: Option<(i64, String, String)>,
}

/// A text column borrowed from the row (no copy for the million rows that are not kept).
fn text<'r>(row: &'r Row<'_>, index: usize) -> Result<Option<&'r str>> {
    Ok(row
        .get_ref(index)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))?)
}

/// Whether (`when`, `sid`) is newer than what `current` holds.
fn newer(current: Option<&(i64, String, String)>, when: i64, sid: &str) -> bool {
    current.is_none_or(|(w, s, _)| (when, sid) > (*w, s.as_str()))
}

/// Recomputes every conversation's summary from its messages (unread counts are kept: they
/// are the user's, not the messages'). One scan of the messages without their bodies,
/// aggregated here (a window query sorting every row took several times longer), then one
/// update per conversation.
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    let mut summaries: HashMap<i64, Summary> = HashMap::new();
    let mut scan = conn.prepare(
        "SELECT conversation_id, coalesce(date_sent, date_created), sid, direction, profile_name
         FROM messages",
    )?;
    let mut rows = scan.query([])?;
    while let Some(row) = rows.next()? {
        let s = summaries.entry(row.get(0)?).or_default();
        s.count += 1;
        let Some(when) = row.get::<_, Option<i64>>(1)? else {
            continue;
        };
        let sid = text(row, 2)?.unwrap_or_default();
        let direction = text(row, 3)?.unwrap_or_default();
        if newer(s.latest.as_ref(), when, sid) {
            s.latest = Some((when, sid.to_owned(), direction.to_owned()));
        }
        if direction == "inbound" {
            s.last_inbound = Some(s.last_inbound.map_or(when, |t| t.max(when)));
            let name = text(row, 4)?.filter(|n| !n.is_empty());
            if let Some(name) = name {
                if newer(s.named.as_ref(), when, sid) {
                    s.named = Some((when, sid.to_owned(), name.to_owned()));
                }
            }
        }
    }
    drop(rows);
    conn.execute(
        "UPDATE conversations SET message_count = 0, last_inbound_at = NULL,
                last_message_at = NULL, last_message_sid = NULL, last_message_body = NULL,
                last_message_direction = NULL",
        [],
    )?;
    let mut update = conn.prepare(
        "UPDATE conversations SET message_count = ?2, last_inbound_at = ?3, last_message_at = ?4,
                last_message_sid = ?5, last_message_direction = ?6,
                last_message_body = (SELECT body FROM messages WHERE sid = ?5),
                profile_name = coalesce(?7, profile_name)
         WHERE id = ?1",
    )?;
    for (id, s) in &summaries {
        let (at, sid, direction) = match &s.latest {
            Some((at, sid, direction)) => (Some(*at), Some(sid.as_str()), Some(direction.as_str())),
            None => (None, None, None),
        };
        let name = s.named.as_ref().map(|(_, _, n)| n.as_str());
        update.execute(params![
            id,
            s.count,
            s.last_inbound,
            at,
            sid,
            direction,
            name
        ])?;
    }
    Ok(())
}
