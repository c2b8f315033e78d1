//! The `conversation_links` table: a conversation linked to one contact, lead or deal.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A local record a conversation can be linked to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RecordRef {
    /// A contact.
    Contact(i64),
    /// A lead.
    Lead(i64),
    /// A deal.
    Deal(i64),
}

impl RecordRef {
    /// `(contact_id, lead_id, deal_id)`, one of them set.
    fn columns(self) -> (Option<i64>, Option<i64>, Option<i64>) {
        match self {
            RecordRef::Contact(id) => (Some(id), None, None),
            RecordRef::Lead(id) => (None, Some(id), None),
            RecordRef::Deal(id) => (None, None, Some(id)),
        }
    }

    /// `contact:3`, as audit entries name it.
    pub fn label(self) -> String {
        match self {
            RecordRef::Contact(id) => format!("contact:{id}"),
            RecordRef::Lead(id) => format!("lead:{id}"),
            RecordRef::Deal(id) => format!("deal:{id}"),
        }
    }
}

/// Links a conversation, replacing its previous link.
pub(crate) fn link(
    conn: &Connection,
    conversation: i64,
    record: RecordRef,
    by: i64,
    at: i64,
) -> Result<()> {
    let (contact, lead, deal) = record.columns();
    conn.prepare_cached(
        "INSERT INTO conversation_links (conversation_id, contact_id, lead_id, deal_id, linked_by, linked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (conversation_id) DO UPDATE SET contact_id = excluded.contact_id,
             lead_id = excluded.lead_id, deal_id = excluded.deal_id,
             linked_by = excluded.linked_by, linked_at = excluded.linked_at",
    )?
    .execute(params![conversation, contact, lead, deal, by, at])?;
    Ok(())
}

/// Removes a conversation's link; whether there was one.
pub(crate) fn unlink(conn: &Connection, conversation: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM conversation_links WHERE conversation_id = ?1")?
        .execute([conversation])?
        > 0)
}

/// What a conversation is linked to.
pub(crate) fn of_conversation(conn: &Connection, conversation: i64) -> Result<Option<RecordRef>> {
    let row = conn
        .prepare_cached(
            "SELECT contact_id, lead_id, deal_id FROM conversation_links WHERE conversation_id = ?1",
        )?
        .query_row([conversation], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })
        .optional()?;
    Ok(row.and_then(|cols| match cols {
        (Some(id), _, _) => Some(RecordRef::Contact(id)),
        (_, Some(id), _) => Some(RecordRef::Lead(id)),
        (_, _, Some(id)) => Some(RecordRef::Deal(id)),
        _ => None,
    }))
}

/// The conversations linked to a record, most recently active first.
pub(crate) fn conversations_of(conn: &Connection, record: RecordRef) -> Result<Vec<i64>> {
    let sql = match record {
        RecordRef::Contact(_) => "l.contact_id = ?1",
        RecordRef::Lead(_) => "l.lead_id = ?1",
        RecordRef::Deal(_) => "l.deal_id = ?1",
    };
    let id = match record {
        RecordRef::Contact(id) | RecordRef::Lead(id) | RecordRef::Deal(id) => id,
    };
    let rows = conn
        .prepare_cached(&format!(
            "SELECT c.id FROM conversation_links l JOIN conversations c ON c.id = l.conversation_id
             WHERE {sql} ORDER BY c.last_message_at DESC, c.id DESC"
        ))?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rows)
}

/// Whether the record exists.
pub(crate) fn record_exists(conn: &Connection, record: RecordRef) -> Result<bool> {
    let (sql, id) = match record {
        RecordRef::Contact(id) => ("SELECT count(*) > 0 FROM contacts WHERE id = ?1", id),
        RecordRef::Lead(id) => ("SELECT count(*) > 0 FROM leads WHERE id = ?1", id),
        RecordRef::Deal(id) => ("SELECT count(*) > 0 FROM deals WHERE id = ?1", id),
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0))?)
}

/// The conversations with customer `customer` (`whatsapp:+…`) that are linked to nothing yet:
/// what a CRM import may link to the person having that number.
pub(crate) fn unlinked_of_customer(conn: &Connection, customer: &str) -> Result<Vec<i64>> {
    let rows = conn
        .prepare_cached(
            "SELECT c.id FROM conversations c
             WHERE c.customer = ?1
               AND NOT EXISTS (SELECT 1 FROM conversation_links l WHERE l.conversation_id = c.id)
             ORDER BY c.id",
        )?
        .query_map([customer], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rows)
}

/// Every linked conversation, by id.
pub(crate) fn linked_conversations(conn: &Connection) -> Result<Vec<i64>> {
    let rows = conn
        .prepare_cached("SELECT conversation_id FROM conversation_links ORDER BY conversation_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rows)
}
