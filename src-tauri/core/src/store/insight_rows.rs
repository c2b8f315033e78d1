//! What the Insights screen counts, read across tables: messages per month and per business
//! number, spend per month and currency, the busiest conversations, failures by error code. Each query has two forms: the
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

/// What was spent in one month, in one currency.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonthSpend {
    /// `YYYY-MM` (UTC).
    pub month: String,
    /// Twilio's `price_unit` (`USD`, `EUR`…).
    pub currency: String,
    /// Millionths of the currency (Twilio gives prices to the 100,000th).
    pub micros: i64,
    /// Messages with a price.
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

/// Sums the spend per month again from the messages (the end of a first backfill, which writes
/// the messages with the spend trigger set aside: see [`super::bulk_load`]).
pub(crate) fn rebuild_spend(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM message_month_spend;
         INSERT INTO message_month_spend (month, currency, micros, priced)
         SELECT coalesce(strftime('%Y-%m', date_sent, 'unixepoch'), ''), upper(price_unit),
                sum(CAST(round(abs(CAST(price AS REAL)) * 1000000) AS INTEGER)), count(*)
         FROM messages WHERE price IS NOT NULL AND price <> '' AND price_unit IS NOT NULL
         GROUP BY 1, 2;",
    )?;
    Ok(())
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

/// Spend per month and currency, oldest month first.
pub(crate) fn spend(conn: &Connection, linked_only: bool) -> Result<Vec<MonthSpend>> {
    let sql = if linked_only {
        format!(
            "SELECT strftime('%Y-%m', date_sent, 'unixepoch') AS month, upper(price_unit),
                    sum(CAST(round(abs(CAST(price AS REAL)) * 1000000) AS INTEGER)), count(*)
             FROM messages
             WHERE date_sent IS NOT NULL AND price IS NOT NULL AND price <> ''
               AND price_unit IS NOT NULL AND {LINKED}
             GROUP BY 1, 2 ORDER BY 1, 2"
        )
    } else {
        "SELECT month, currency, micros, priced FROM message_month_spend
         WHERE month <> '' AND priced > 0 ORDER BY month, currency"
            .to_owned()
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(MonthSpend {
                month: r.get(0)?,
                currency: r.get(1)?,
                micros: r.get(2)?,
                messages: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The spend kept by the triggers equals the scan after inserts, a price arriving later, a
    /// date change and a deletion; the linked-only scan agrees when everything is linked.
    #[test]
    fn spend_follows_every_write_of_messages() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        crate::store::one_conversation(conn);
        conn.execute_batch(
            "INSERT INTO messages (sid, account_sid, conversation_id, direction, from_address,
                 to_address, status, date_sent, price, price_unit, synced_at) VALUES
                 ('SM1', 'AC1', 1, 'outbound-api', 'a', 'b', 'sent', 1704067200, '-0.00500', 'USD', 0),
                 ('SM2', 'AC1', 1, 'outbound-api', 'a', 'b', 'sent', 1704067200, NULL, NULL, 0),
                 ('SM3', 'AC1', 1, 'inbound', 'a', 'b', 'received', 1709251200, '-0.00500', 'usd', 0),
                 ('SM4', 'AC1', 1, 'outbound-api', 'a', 'b', 'sent', 1709251200, '-0.04', 'EUR', 0);
             UPDATE messages SET price = '-0.00730', price_unit = 'USD' WHERE sid = 'SM2';
             UPDATE messages SET date_sent = 1709251300 WHERE sid = 'SM1';
             DELETE FROM messages WHERE sid = 'SM3';",
        )
        .unwrap();
        let got: Vec<_> = spend(conn, false)
            .unwrap()
            .into_iter()
            .map(|s| (s.month, s.currency, s.micros, s.messages))
            .collect();
        let want = vec![
            ("2024-01".to_string(), "USD".to_string(), 7_300, 1),
            ("2024-03".to_string(), "EUR".to_string(), 40_000, 1),
            ("2024-03".to_string(), "USD".to_string(), 5_000, 1),
        ];
        assert_eq!(got, want);
        conn.execute_batch(
            "INSERT INTO contacts (name, created_at, updated_at) VALUES ('A', 0, 0);
             INSERT INTO users (id, name, role, is_owner, created_at) VALUES (1, 'O', 'admin', 1, 0);
             INSERT INTO conversation_links (conversation_id, contact_id, linked_by, linked_at)
                 VALUES (1, 1, 1, 0);",
        )
        .unwrap();
        let scanned: Vec<_> = spend(conn, true)
            .unwrap()
            .into_iter()
            .map(|s| (s.month, s.currency, s.micros, s.messages))
            .collect();
        assert_eq!(scanned, want, "the scan of linked conversations agrees");
    }
}
