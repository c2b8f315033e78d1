//! The summary columns of `conversations` (count, latest message, last inbound date, profile
//! name), rebuilt from the messages in one pass. Writers keep them in step row by row
//! ([`super::conversations::apply_summary`]); a first backfill defers them and rebuilds them
//! here once (see [`super::bulk_load`]). The latest message is the newest by sent date (else
//! created date), ties broken by SID, as the row-by-row path decides.

use crate::error::Result;
use rusqlite::Connection;

/// Recomputes every conversation's summary from its messages (unread counts are kept: they
/// are the user's, not the messages').
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "UPDATE conversations SET message_count = 0, last_inbound_at = NULL,
                last_message_at = NULL, last_message_sid = NULL, last_message_body = NULL,
                last_message_direction = NULL;

         WITH counts AS (
             SELECT conversation_id AS id, count(*) AS n,
                    max(CASE WHEN direction = 'inbound' THEN coalesce(date_sent, date_created) END) AS last_in
             FROM messages GROUP BY conversation_id)
         UPDATE conversations SET message_count = counts.n, last_inbound_at = counts.last_in
         FROM counts WHERE conversations.id = counts.id;

         WITH ranked AS (
             SELECT conversation_id AS id, coalesce(date_sent, date_created) AS at, sid, body, direction,
                    row_number() OVER (PARTITION BY conversation_id
                                       ORDER BY coalesce(date_sent, date_created) DESC, sid DESC) AS rank
             FROM messages)
         UPDATE conversations SET last_message_at = ranked.at, last_message_sid = ranked.sid,
                last_message_body = ranked.body, last_message_direction = ranked.direction
         FROM ranked WHERE ranked.rank = 1 AND conversations.id = ranked.id;

         WITH named AS (
             SELECT conversation_id AS id, profile_name,
                    row_number() OVER (PARTITION BY conversation_id
                                       ORDER BY coalesce(date_sent, date_created) DESC, sid DESC) AS rank
             FROM messages WHERE direction = 'inbound' AND profile_name <> '')
         UPDATE conversations SET profile_name = named.profile_name
         FROM named WHERE named.rank = 1 AND conversations.id = named.id;",
    )?;
    Ok(())
}
