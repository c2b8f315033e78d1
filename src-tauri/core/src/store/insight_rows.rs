//! What the Insights screen counts, read across tables: messages per month and per business
//! number, the busiest conversations, failures by error code. Each query has two forms: the
//! whole archive (from the counts the schema's triggers keep, the conversations' summaries and
//! the failed messages' partial index — a few hundred rows at most), and the linked
//! conversations only (for a user who does not see the inbox; a scan of those conversations).

use crate::error::Result;
use rusqlite::Connection;

/// Received and sent in one group (a month, a business number).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InOut {
    /// `YYYY-MM` (UTC) or a `whatsapp:+…` address.
    pub key: String,
    /// Received.
    pub inbound: u64,
    /// Sent.
    pub outbound: u64,
}

/// A conversation and its size.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BusyRow {
    /// Conversation id.
    pub id: i64,
    /// `whatsapp:+…`
    pub customer: String,
    /// WhatsApp profile name, when known.
    pub profile_name: Option<String>,
    /// Messages in it.
    pub messages: u64,
}

const LINKED: &str = "conversation_id IN (SELECT conversation_id FROM conversation_links)";

fn in_out(conn: &Connection, sql: &str) -> Result<Vec<InOut>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(InOut {
                key: r.get(0)?,
                inbound: r.get::<_, i64>(1)? as u64,
                outbound: r.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Messages per month (UTC, by sent date; unsent ones left out), oldest first.
pub(crate) fn per_month(conn: &Connection, linked_only: bool) -> Result<Vec<InOut>> {
    if linked_only {
        return in_out(
            conn,
            &format!(
                "SELECT strftime('%Y-%m', date_sent, 'unixepoch') AS month,
                        sum(direction = 'inbound'), sum(direction <> 'inbound')
                 FROM messages WHERE date_sent IS NOT NULL AND {LINKED}
                 GROUP BY month ORDER BY month"
            ),
        );
    }
    in_out(
        conn,
        "SELECT month, sum(inbound), sum(outbound) FROM message_months
         WHERE month <> '' GROUP BY month HAVING sum(inbound + outbound) > 0 ORDER BY month",
    )
}

/// Messages per business number, busiest first.
pub(crate) fn per_sender(conn: &Connection, linked_only: bool) -> Result<Vec<InOut>> {
    if linked_only {
        return in_out(
            conn,
            &format!(
                "SELECT s.address, sum(m.direction = 'inbound'), sum(m.direction <> 'inbound')
                 FROM messages m JOIN conversations c ON c.id = m.conversation_id
                 JOIN senders s ON s.id = c.sender_id
                 WHERE m.{LINKED} GROUP BY s.address ORDER BY count(*) DESC, s.address"
            ),
        );
    }
    in_out(
        conn,
        "SELECT s.address, sum(mm.inbound), sum(mm.outbound)
         FROM message_months mm JOIN senders s ON s.id = mm.sender_id
         GROUP BY s.address HAVING sum(mm.inbound + mm.outbound) > 0
         ORDER BY sum(mm.inbound + mm.outbound) DESC, s.address",
    )
}

/// The `limit` conversations with the most messages.
pub(crate) fn busiest(conn: &Connection, linked_only: bool, limit: usize) -> Result<Vec<BusyRow>> {
    let filter = if linked_only {
        "WHERE id IN (SELECT conversation_id FROM conversation_links)"
    } else {
        ""
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, customer, profile_name, message_count FROM conversations {filter}
         ORDER BY message_count DESC, id LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map([limit as i64], |r| {
            Ok(BusyRow {
                id: r.get(0)?,
                customer: r.get(1)?,
                profile_name: r.get(2)?,
                messages: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Failed messages per Twilio error code, most frequent first.
pub(crate) fn failures(conn: &Connection, linked_only: bool) -> Result<Vec<(i64, u64)>> {
    let filter = if linked_only {
        format!("AND {LINKED}")
    } else {
        String::new()
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT error_code, count(*) FROM messages WHERE error_code IS NOT NULL {filter}
         GROUP BY error_code ORDER BY count(*) DESC, error_code"
    ))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
