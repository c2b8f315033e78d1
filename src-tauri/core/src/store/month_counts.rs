//! The `message_months` table: messages per business sender and month (UTC, by sent date),
//! received and sent. The schema's triggers keep it in step in the transaction that writes each
//! message, so `status` and the charts read a few hundred rows instead of every message.

use crate::error::Result;
use rusqlite::Connection;

use serde::{Deserialize, Serialize};

/// Messages of one sender in one month.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct MonthCount {
    /// `whatsapp:+…`
    pub sender: String,
    /// `YYYY-MM` (UTC), `unknown` when not sent yet.
    pub month: String,
    /// Received.
    pub inbound: u64,
    /// Sent.
    pub outbound: u64,
}

/// Counts per sender and month, in order (a month with no sent date is `unknown`, first).
pub(crate) fn all(conn: &Connection) -> Result<Vec<MonthCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.address, mm.month, mm.inbound, mm.outbound
         FROM message_months mm JOIN senders s ON s.id = mm.sender_id
         WHERE mm.inbound + mm.outbound > 0
         ORDER BY s.address, mm.month",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let month: String = r.get(1)?;
            Ok(MonthCount {
                sender: r.get(0)?,
                month: if month.is_empty() {
                    "unknown".into()
                } else {
                    month
                },
                inbound: r.get::<_, i64>(2)? as u64,
                outbound: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Messages of the whole archive.
pub(crate) fn total(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(inbound + outbound), 0) FROM message_months",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Counts everything again from the messages (the end of a first backfill, which writes the
/// messages with the counting trigger set aside: see [`super::bulk_load`]).
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM message_months;
         INSERT INTO message_months (sender_id, month, inbound, outbound)
         SELECT c.sender_id, coalesce(strftime('%Y-%m', m.date_sent, 'unixepoch'), ''),
                sum(m.direction = 'inbound'), sum(m.direction <> 'inbound')
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         GROUP BY 1, 2;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The counts equal a full GROUP BY after inserts, a date change and a deletion.
    #[test]
    fn counts_follow_every_write_of_messages() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        crate::store::one_conversation(conn);
        conn.execute_batch(
            "INSERT INTO messages (sid, account_sid, conversation_id, direction, from_address,
                 to_address, status, date_sent, synced_at) VALUES
                 ('SM1', 'AC1', 1, 'inbound', 'a', 'b', 'received', 1704067200, 0),
                 ('SM2', 'AC1', 1, 'outbound-api', 'a', 'b', 'sent', 1704067200, 0),
                 ('SM3', 'AC1', 1, 'outbound-api', 'a', 'b', 'queued', NULL, 0),
                 ('SM4', 'AC1', 1, 'inbound', 'a', 'b', 'received', 1709251200, 0);
             UPDATE messages SET date_sent = 1709251300 WHERE sid = 'SM3';
             DELETE FROM messages WHERE sid = 'SM1';",
        )
        .unwrap();
        let got = all(conn).unwrap();
        let want = [("2024-01", 0, 1), ("2024-03", 1, 1)];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (row, (month, inbound, outbound)) in got.iter().zip(want) {
            assert_eq!(
                (row.month.as_str(), row.inbound, row.outbound),
                (month, inbound, outbound)
            );
        }
        assert_eq!(total(conn).unwrap(), 3);
    }
}
