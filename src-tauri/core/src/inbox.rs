//! The conversation list, read from the summary maintained by the sync (never a scan of
//! messages).

use crate::error::Result;
use crate::rfc3339;
use crate::store::Store;
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
pub fn conversations(store: &Store, limit: usize) -> Result<Vec<ConversationSummary>> {
    let mut stmt = store.conn().prepare_cached(
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
