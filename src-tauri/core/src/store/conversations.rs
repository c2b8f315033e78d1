//! The `conversations` table: one per (sender, customer number), with a summary (count,
//! latest message, last inbound date, unread count) kept in step by every writer of messages,
//! so the inbox never scans messages.
//!
//! The summary is maintained in two steps: a [`SummaryDelta`] gathers what a batch of new
//! messages changes for one conversation (the sync builds one per page; sending a reply will
//! build one for that message), then [`apply_summary`] writes it in the writer's transaction.

use super::Store;
use crate::error::Result;
use crate::rfc3339;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// One line of the conversation list.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ConversationSummary {
    /// Conversation id.
    pub id: i64,
    /// Business sender (`whatsapp:+…`).
    pub sender: String,
    /// Customer number (`whatsapp:+…`).
    pub customer: String,
    /// The customer's WhatsApp name, when known.
    pub profile_name: Option<String>,
    /// Messages in the conversation.
    pub message_count: u64,
    /// Text of the latest message.
    pub last_message_body: Option<String>,
    /// RFC 3339 date of the latest message.
    pub last_message_at: Option<String>,
    /// Direction of the latest message.
    pub last_message_direction: Option<String>,
    /// RFC 3339 date of the customer's latest message (the 24-hour window starts there).
    pub last_inbound_at: Option<String>,
    /// Inbound messages not read yet.
    pub unread_count: u64,
}

/// The `limit` most recently active conversations.
pub(crate) fn recent(conn: &Connection, limit: usize) -> Result<Vec<ConversationSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, s.address, c.customer, c.profile_name, c.message_count, c.last_message_body,
                c.last_message_at, c.last_message_direction, c.last_inbound_at, c.unread_count
         FROM conversations c JOIN senders s ON s.id = c.sender_id
         ORDER BY c.last_message_at DESC NULLS LAST, c.id DESC
         LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit as i64], |r| {
            Ok(ConversationSummary {
                id: r.get(0)?,
                sender: r.get(1)?,
                customer: r.get(2)?,
                profile_name: r.get(3)?,
                message_count: r.get::<_, i64>(4)? as u64,
                last_message_body: r.get(5)?,
                last_message_at: r.get::<_, Option<i64>>(6)?.map(rfc3339),
                last_message_direction: r.get(7)?,
                last_inbound_at: r.get::<_, Option<i64>>(8)?.map(rfc3339),
                unread_count: r.get::<_, i64>(9)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Filters of the inbox list, already decided by the caller (the inbox module).
#[derive(Clone, Debug, Default)]
pub(crate) struct ListFilter<'a> {
    /// Only conversations with unread messages.
    pub unread: bool,
    /// Only conversations whose last inbound message is after this time (window open).
    pub inbound_after: Option<i64>,
    /// Only linked (`Some(true)`) or not linked (`Some(false)`) conversations.
    pub linked: Option<bool>,
    /// Only this business number (`whatsapp:+…`).
    pub sender: Option<&'a str>,
    /// Lower-case text found in the contact's or the WhatsApp profile's name.
    pub name: Option<&'a str>,
    /// Digits found in the customer's number.
    pub digits: Option<&'a str>,
}

/// Where a page of the list starts: strictly after this `(last message time, id)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ListKey {
    pub last_message_at: Option<i64>,
    pub id: i64,
}

/// One row of the inbox list as read (the inbox module decides names and the window).
#[derive(Clone, Debug)]
pub(crate) struct ListRow {
    pub id: i64,
    pub sender: String,
    pub customer: String,
    pub profile_name: Option<String>,
    pub contact_name: Option<String>,
    pub link: Option<super::links::RecordRef>,
    pub message_count: i64,
    pub last_message_at: Option<i64>,
    pub last_message_body: Option<String>,
    pub last_message_direction: Option<String>,
    pub last_inbound_at: Option<i64>,
    pub unread_count: i64,
    /// When the business number moved to another provider, if it did.
    pub moved_away_at: Option<i64>,
}

impl ListRow {
    /// The key the next page starts after.
    pub(crate) fn key(&self) -> ListKey {
        ListKey {
            last_message_at: self.last_message_at,
            id: self.id,
        }
    }
}

// The linked contact is the contact itself, or the contact of the linked lead or deal.
const LIST_SELECT: &str = "
SELECT c.id, s.address, c.customer, c.profile_name, ct.name,
       l.contact_id, l.lead_id, l.deal_id,
       c.message_count, c.last_message_at, c.last_message_body, c.last_message_direction,
       c.last_inbound_at, c.unread_count, s.moved_away_at
FROM conversations c
JOIN senders s ON s.id = c.sender_id
LEFT JOIN conversation_links l ON l.conversation_id = c.id
LEFT JOIN leads ld ON ld.id = l.lead_id
LEFT JOIN deals dl ON dl.id = l.deal_id
LEFT JOIN contacts ct ON ct.id = coalesce(l.contact_id, ld.contact_id, dl.contact_id)";

fn list_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ListRow> {
    use super::links::RecordRef;
    let link = match (
        r.get::<_, Option<i64>>(5)?,
        r.get::<_, Option<i64>>(6)?,
        r.get::<_, Option<i64>>(7)?,
    ) {
        (Some(id), _, _) => Some(RecordRef::Contact(id)),
        (_, Some(id), _) => Some(RecordRef::Lead(id)),
        (_, _, Some(id)) => Some(RecordRef::Deal(id)),
        _ => None,
    };
    Ok(ListRow {
        id: r.get(0)?,
        sender: r.get(1)?,
        customer: r.get(2)?,
        profile_name: r.get(3)?,
        contact_name: r.get(4)?,
        link,
        message_count: r.get(8)?,
        last_message_at: r.get(9)?,
        last_message_body: r.get(10)?,
        last_message_direction: r.get(11)?,
        last_inbound_at: r.get(12)?,
        unread_count: r.get(13)?,
        moved_away_at: r.get(14)?,
    })
}

/// A page of the list, most recently active first (conversations with no message last),
/// strictly after `after`, matching `filter`. Walks `conversations_by_recency`.
pub(crate) fn list_page(
    conn: &Connection,
    filter: &ListFilter<'_>,
    after: Option<ListKey>,
    limit: usize,
) -> Result<Vec<ListRow>> {
    let sql = format!(
        "{LIST_SELECT}
         WHERE (?1 = 0 OR c.unread_count > 0)
           AND (?2 IS NULL OR c.last_inbound_at > ?2)
           AND (?3 IS NULL OR (l.conversation_id IS NOT NULL) = ?3)
           AND (?4 IS NULL OR s.address = ?4)
           AND ((?5 IS NULL AND ?6 IS NULL)
                OR (?5 IS NOT NULL AND (instr(lower(coalesce(ct.name, '')), ?5) > 0
                                        OR instr(lower(coalesce(c.profile_name, '')), ?5) > 0))
                OR (?6 IS NOT NULL AND instr(c.customer, ?6) > 0))
           AND (?7 = 0
                OR (?8 IS NULL AND c.last_message_at IS NULL AND c.id < ?9)
                OR (?8 IS NOT NULL AND (c.last_message_at < ?8
                                        OR (c.last_message_at = ?8 AND c.id < ?9)
                                        OR c.last_message_at IS NULL)))
         ORDER BY c.last_message_at DESC, c.id DESC
         LIMIT ?10"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                filter.unread,
                filter.inbound_after,
                filter.linked,
                filter.sender,
                filter.name,
                filter.digits,
                after.is_some(),
                after.and_then(|k| k.last_message_at),
                after.map(|k| k.id),
                limit as i64,
            ],
            list_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One row of the list by conversation id.
pub(crate) fn list_row_by_id(conn: &Connection, id: i64) -> Result<Option<ListRow>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(&format!("{LIST_SELECT} WHERE c.id = ?1"))?
        .query_row([id], list_row)
        .optional()?)
}

/// Marks every message of a conversation read; whether the conversation exists.
pub(crate) fn mark_read(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE conversations SET unread_count = 0 WHERE id = ?1")?
        .execute([id])?
        > 0)
}

/// The customer number (`whatsapp:+…`) of a conversation.
pub(crate) fn customer(conn: &Connection, id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT customer FROM conversations WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// How many conversations the archive holds.
pub(crate) fn count(conn: &Connection) -> Result<u64> {
    Ok(
        conn.query_row("SELECT count(*) FROM conversations", [], |r| {
            r.get::<_, i64>(0)
        })? as u64,
    )
}

/// The conversation of `customer` with `sender_id`, created empty when new.
pub(crate) fn id_for(conn: &Connection, sender_id: i64, customer: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO conversations (sender_id, customer) VALUES (?1, ?2)
         ON CONFLICT (sender_id, customer) DO NOTHING",
    )?
    .execute(params![sender_id, customer])?;
    Ok(conn
        .prepare_cached("SELECT id FROM conversations WHERE sender_id = ?1 AND customer = ?2")?
        .query_row(params![sender_id, customer], |r| r.get(0))?)
}

/// A message newly added to a conversation, as its summary sees it.
pub(crate) struct AddedMessage<'a> {
    /// Sent date, else created date (unix seconds).
    pub when: i64,
    pub sid: &'a str,
    pub body: &'a str,
    pub direction: &'a str,
    /// From the customer.
    pub inbound: bool,
    /// An inbound message the user has not seen (a backfill's history is not unread).
    pub unread: bool,
    /// The customer's WhatsApp name given with an inbound message.
    pub profile_name: Option<&'a str>,
}

/// The latest message of a batch: `(date, sid, body, direction)`.
type Latest = (i64, String, String, String);

/// What a batch of new messages changes in one conversation's summary.
#[derive(Default)]
pub(crate) struct SummaryDelta {
    new_messages: i64,
    latest: Option<Latest>,
    last_inbound: Option<i64>,
    unread: i64,
    profile_name: Option<String>,
}

impl SummaryDelta {
    /// Counts one new message in.
    pub(crate) fn add(&mut self, m: &AddedMessage<'_>) {
        self.new_messages += 1;
        // Ties on the second are broken by SID so the result never depends on commit order.
        if self
            .latest
            .as_ref()
            .is_none_or(|(d, sid, ..)| (m.when, m.sid) > (*d, sid.as_str()))
        {
            self.latest = Some((
                m.when,
                m.sid.to_owned(),
                m.body.to_owned(),
                m.direction.to_owned(),
            ));
        }
        if m.inbound {
            self.last_inbound = Some(self.last_inbound.map_or(m.when, |t| t.max(m.when)));
            if m.unread {
                self.unread += 1;
            }
            if let Some(name) = m.profile_name.filter(|n| !n.is_empty()) {
                self.profile_name = Some(name.to_owned());
            }
        }
    }
}

/// Writes a batch's changes into a conversation's summary. The latest message only replaces
/// the stored one when it is newer (date, then SID), so batches may commit in any order.
pub(crate) fn apply_summary(conn: &Connection, conversation: i64, d: &SummaryDelta) -> Result<()> {
    conn.prepare_cached(
        "UPDATE conversations SET
            message_count = message_count + ?2,
            last_inbound_at = CASE WHEN ?3 IS NULL THEN last_inbound_at ELSE max(coalesce(last_inbound_at, ?3), ?3) END,
            unread_count = unread_count + ?4,
            profile_name = coalesce(?5, profile_name)
         WHERE id = ?1",
    )?
    .execute(params![
        conversation,
        d.new_messages,
        d.last_inbound,
        d.unread,
        d.profile_name
    ])?;
    if let Some((at, sid, body, direction)) = &d.latest {
        conn.prepare_cached(
            "UPDATE conversations SET last_message_at = ?2, last_message_sid = ?3,
                    last_message_body = ?4, last_message_direction = ?5
             WHERE id = ?1
               AND (last_message_at IS NULL OR ?2 > last_message_at
                    OR (?2 = last_message_at AND ?3 > last_message_sid))",
        )?
        .execute(params![conversation, at, sid, body, direction])?;
    }
    Ok(())
}

/// Adds a delta's unread messages alone: in a first backfill's bulk phase the rest of the
/// summary is rebuilt when the phase ends, but unread counts are the user's, never rebuilt.
pub(crate) fn add_unread(conn: &Connection, conversation: i64, d: &SummaryDelta) -> Result<()> {
    if d.unread > 0 {
        conn.prepare_cached(
            "UPDATE conversations SET unread_count = unread_count + ?2 WHERE id = ?1",
        )?
        .execute(params![conversation, d.unread])?;
    }
    Ok(())
}

/// Keeps the summary in step with a changed message that is the conversation's latest (a body
/// redacted at Twilio, for instance).
pub(crate) fn refresh_latest_body(
    conn: &Connection,
    conversation: i64,
    message_id: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE conversations SET last_message_body = (SELECT body FROM messages WHERE id = ?2)
         WHERE id = ?1 AND last_message_sid = (SELECT sid FROM messages WHERE id = ?2)",
    )?
    .execute(params![conversation, message_id])?;
    Ok(())
}

/// How far the summaries agree with the messages they summarise (all zeros but the totals
/// when consistent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryCheck {
    /// Messages in the archive.
    pub messages: u64,
    /// The sum of the conversations' message counts (equal to `messages` when consistent).
    pub counted: u64,
    /// Conversations whose latest-message date differs from their messages'.
    pub wrong_last_message: u64,
    /// Conversations whose last inbound date differs from their messages'.
    pub wrong_last_inbound: u64,
}

/// Recomputes the summaries from the messages and counts the disagreements (a full scan:
/// diagnostics and tests only).
pub fn check_summaries(store: &Store) -> Result<SummaryCheck> {
    let conn = store.conn();
    let one =
        |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
    Ok(SummaryCheck {
        messages: one("SELECT count(*) FROM messages")?,
        counted: one("SELECT coalesce(sum(message_count), 0) FROM conversations")?,
        wrong_last_message: one(
            "SELECT count(*) FROM conversations c WHERE last_message_at IS NOT
                (SELECT max(coalesce(date_sent, date_created)) FROM messages m WHERE m.conversation_id = c.id)",
        )?,
        wrong_last_inbound: one(
            "SELECT count(*) FROM conversations c WHERE last_inbound_at IS NOT
                (SELECT max(coalesce(date_sent, date_created)) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound')",
        )?,
    })
}

/// The conversations of one customer address (`whatsapp:+…`), with every business number.
pub(crate) fn of_customer(conn: &Connection, customer: &str) -> Result<Vec<i64>> {
    let rows = conn
        .prepare_cached("SELECT id FROM conversations WHERE customer = ?1 ORDER BY id")?
        .query_map([customer], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rows)
}

/// Deletes a conversation (its messages, media rows, link and notes go with it by cascade).
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM conversations WHERE id = ?1")?
        .execute([id])?
        > 0)
}

/// Keeps the summary pointing at a message whose SID changed (a local message given
/// Twilio's SID once known).
pub(crate) fn rename_latest_sid(conn: &Connection, old: &str, new: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE conversations SET last_message_sid = ?2 WHERE last_message_sid = ?1",
    )?
    .execute(params![old, new])?;
    Ok(())
}

/// The conversation of `customer` with `sender_id` and its customer's last inbound message
/// (unix seconds), if the conversation exists.
pub(crate) fn last_inbound(
    conn: &Connection,
    sender_id: i64,
    customer: &str,
) -> Result<Option<(i64, Option<i64>)>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT id, last_inbound_at FROM conversations WHERE sender_id = ?1 AND customer = ?2",
        )?
        .query_row(params![sender_id, customer], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The business numbers (`whatsapp:+…`) that talked with `customer`, most recent first.
pub(crate) fn senders_of_customer(conn: &Connection, customer: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.address FROM conversations c JOIN senders s ON s.id = c.sender_id
         WHERE c.customer = ?1 ORDER BY c.last_message_at DESC NULLS LAST",
    )?;
    let rows = stmt
        .query_map([customer], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{accounts, senders};

    fn message(when: i64, sid: &str, inbound: bool, unread: bool) -> AddedMessage<'_> {
        AddedMessage {
            when,
            sid,
            body: sid,
            direction: if inbound { "inbound" } else { "outbound-api" },
            inbound,
            unread,
            profile_name: inbound.then_some("Zoé"),
        }
    }

    fn batch(messages: &[AddedMessage<'_>]) -> SummaryDelta {
        let mut delta = SummaryDelta::default();
        for m in messages {
            delta.add(m);
        }
        delta
    }

    /// An archive with one sender and one conversation per customer.
    fn archive(customers: &[&str]) -> (Store, Vec<i64>) {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let account = accounts::Account {
            sid: "AC1".into(),
            friendly_name: "Shop".into(),
            kind: "Full".into(),
            status: "active".into(),
            owner_account_sid: None,
            auth_kind: "auth_token".into(),
            api_key_sid: None,
            base_url: None,
            date_created: None,
        };
        accounts::save(conn, &account, 0).unwrap();
        let sender = senders::NewSender {
            account_sid: "AC1",
            sender_sid: "XE1",
            address: "whatsapp:+1",
            status: "ONLINE",
            display_name: None,
            selected: true,
        };
        senders::save(conn, &sender, 0).unwrap();
        let sender_id = senders::selected(conn).unwrap()[0].0;
        let ids = customers
            .iter()
            .map(|c| id_for(conn, sender_id, c).unwrap())
            .collect();
        (store, ids)
    }

    #[test]
    fn the_summary_does_not_depend_on_the_order_batches_commit_in() {
        let older = [
            message(100, "SM1", true, false),
            message(200, "SM2", false, false),
        ];
        // Same second as SM2: the larger SID is the latest.
        let newer = [
            message(200, "SM3", true, true),
            message(150, "SM0", true, true),
        ];
        let (store, ids) = archive(&["whatsapp:+2", "whatsapp:+3"]);
        let conn = store.conn();
        apply_summary(conn, ids[0], &batch(&older)).unwrap();
        apply_summary(conn, ids[0], &batch(&newer)).unwrap();
        apply_summary(conn, ids[1], &batch(&newer)).unwrap();
        apply_summary(conn, ids[1], &batch(&older)).unwrap();
        let mut rows = recent(conn, 10).unwrap();
        rows.sort_by_key(|c| c.id);
        for row in &rows {
            assert_eq!(row.message_count, 4);
            assert_eq!(row.last_message_body.as_deref(), Some("SM3"));
            assert_eq!(row.last_message_direction.as_deref(), Some("inbound"));
            assert_eq!(row.last_message_at, Some(rfc3339(200)));
            assert_eq!(row.last_inbound_at, Some(rfc3339(200)));
            assert_eq!(row.unread_count, 2, "only the messages flagged unread");
            assert_eq!(row.profile_name.as_deref(), Some("Zoé"));
        }
        assert_eq!(rows[0].customer, "whatsapp:+2");
    }

    #[test]
    fn an_empty_conversation_has_no_summary_yet() {
        let (store, _) = archive(&["whatsapp:+2"]);
        let rows = recent(store.conn(), 10).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].message_count, rows[0].last_message_at.clone()),
            (0, None)
        );
    }
}
