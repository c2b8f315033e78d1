//! The `reply_times` table: how long the business took to answer, reply by reply. A
//! conversation's rows are worked out from its messages in time order ([`replies`], pure) and
//! stored; [`refresh`] redoes only the conversations whose messages changed since (their count
//! or latest time differs from `reply_times_done`), so reading the insights after a sync costs
//! what the sync brought, not the whole archive.

use crate::error::Result;
use rusqlite::{params, Connection};

/// One message of a conversation, for working out replies: (unix time, from the customer).
pub(crate) type Turn = (i64, bool);

/// A reply: (unix time of the reply, seconds since the first customer message it answers).
pub(crate) type Reply = (i64, i64);

/// Replies in a conversation, from its messages oldest first: `(time of the reply, seconds
/// since the first customer message it answers)`. A customer's messages in a row wait for one
/// answer, timed from the first of them; the business's next message answers them.
pub(crate) fn replies(turns: &[Turn]) -> Vec<Reply> {
    let mut waiting: Option<i64> = None;
    let mut out = Vec::new();
    for &(at, inbound) in turns {
        match (inbound, waiting) {
            (true, None) => waiting = Some(at),
            (false, Some(since)) => {
                out.push((at, (at - since).max(0)));
                waiting = None;
            }
            _ => {}
        }
    }
    out
}

/// Works out again the replies of every conversation whose messages changed since last time.
pub(crate) fn refresh(conn: &Connection) -> Result<usize> {
    let stale: Vec<(i64, i64, Option<i64>)> = conn
        .prepare_cached(
            "SELECT c.id, c.message_count, c.last_message_at FROM conversations c
             LEFT JOIN reply_times_done d ON d.conversation_id = c.id
             WHERE d.conversation_id IS NULL OR d.message_count <> c.message_count
                OR d.last_message_at IS NOT c.last_message_at",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if stale.is_empty() {
        return Ok(0);
    }
    let tx = conn.unchecked_transaction()?;
    let mut turns_of = tx.prepare_cached(
        "SELECT coalesce(date_sent, date_created, 0), direction = 'inbound' FROM messages
         WHERE conversation_id = ?1
         ORDER BY coalesce(date_sent, date_created, 0), id",
    )?;
    let mut forget = tx.prepare_cached("DELETE FROM reply_times WHERE conversation_id = ?1")?;
    let mut add = tx.prepare_cached(
        "INSERT INTO reply_times (conversation_id, month, seconds)
         VALUES (?1, strftime('%Y-%m', ?2, 'unixepoch'), ?3)",
    )?;
    let mut done = tx.prepare_cached(
        "INSERT INTO reply_times_done (conversation_id, message_count, last_message_at)
         VALUES (?1, ?2, ?3)
         ON CONFLICT (conversation_id) DO UPDATE SET
             message_count = excluded.message_count, last_message_at = excluded.last_message_at",
    )?;
    for (id, count, last) in &stale {
        let turns: Vec<Turn> = turns_of
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        forget.execute([id])?;
        for (at, seconds) in replies(&turns) {
            add.execute(params![id, at, seconds])?;
        }
        done.execute(params![id, count, last])?;
    }
    drop((turns_of, forget, add, done));
    tx.commit()?;
    Ok(stale.len())
}

/// Per month (oldest first): replies and the median seconds to reply — of every conversation,
/// or of the linked ones only.
pub(crate) fn medians(conn: &Connection, linked_only: bool) -> Result<Vec<(String, u64, i64)>> {
    let filter = if linked_only {
        "WHERE conversation_id IN (SELECT conversation_id FROM conversation_links)"
    } else {
        ""
    };
    // Sorted by the index (month, seconds): the median is the middle row of each month's run.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT month, seconds FROM reply_times {filter} ORDER BY month, seconds"
    ))?;
    let mut rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    let mut run: Vec<i64> = Vec::new();
    let mut month: Option<String> = None;
    let mut close = |month: Option<String>, run: &mut Vec<i64>| {
        if let Some(m) = month {
            out.push((m, run.len() as u64, median(run)));
        }
        run.clear();
    };
    for row in rows.by_ref() {
        let (m, seconds) = row?;
        if month.as_deref() != Some(m.as_str()) {
            close(month.take(), &mut run);
            month = Some(m);
        }
        run.push(seconds);
    }
    close(month, &mut run);
    Ok(out)
}

/// The middle of sorted `values` (the lower middle for an even count); 0 when empty.
fn median(values: &[i64]) -> i64 {
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn replies_answer_the_first_waiting_message() {
        let cases: [(&[Turn], &[Reply]); 6] = [
            (&[], &[]),
            (&[(10, true), (70, false)], &[(70, 60)]),
            (&[(10, true), (20, true), (100, false)], &[(100, 90)]),
            (&[(10, false), (20, false)], &[]),
            (
                &[(10, true), (15, false), (30, false), (40, true)],
                &[(15, 5)],
            ),
            (
                &[(5, true), (8, false), (20, true), (50, false)],
                &[(8, 3), (50, 30)],
            ),
        ];
        for (turns, want) in cases {
            assert_eq!(replies(turns), want, "{turns:?}");
        }
        assert_eq!(
            [
                median(&[]),
                median(&[4]),
                median(&[1, 9]),
                median(&[1, 2, 9])
            ],
            [0, 4, 1, 2]
        );
    }

    #[test]
    fn only_changed_conversations_are_worked_out_again() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        crate::store::one_conversation(conn);
        let add = |sid: &str, direction: &str, at: i64| {
            conn.execute(
                "INSERT INTO messages (sid, account_sid, conversation_id, direction, from_address,
                     to_address, status, date_sent, synced_at)
                 VALUES (?1, 'AC1', 1, ?2, 'a', 'b', 'delivered', ?3, 0)",
                params![sid, direction, at],
            )
            .unwrap();
            // The summary the sync keeps: what `refresh` compares.
            conn.execute(
                "UPDATE conversations SET message_count = message_count + 1,
                     last_message_at = max(coalesce(last_message_at, 0), ?1) WHERE id = 1",
                [at],
            )
            .unwrap();
        };
        add("SM1", "inbound", 1_704_067_200);
        add("SM2", "outbound-api", 1_704_067_500);
        assert_eq!(refresh(conn).unwrap(), 1);
        assert_eq!(refresh(conn).unwrap(), 0, "nothing changed: nothing redone");
        add("SM3", "inbound", 1_704_070_000);
        add("SM4", "outbound-reply", 1_704_070_120);
        assert_eq!(refresh(conn).unwrap(), 1);
        assert_eq!(
            medians(conn, false).unwrap(),
            vec![("2024-01".to_string(), 2, 120)]
        );
        assert!(medians(conn, true).unwrap().is_empty(), "nothing linked");
    }
}
