//! `template_sends`: the variables each template message Passerelle sent was filled with, so
//! that resending a failed one sends the same template again (the only way to write to a
//! customer outside the 24-hour window).

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

/// Keeps the variables message `message_id` was sent with (same transaction as the message).
pub(crate) fn record(
    conn: &Connection,
    message_id: i64,
    variables: &BTreeMap<String, String>,
) -> Result<()> {
    let json = serde_json::to_string(variables)
        .map_err(|e| Error::Internal(format!("template variables: {e}")))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO template_sends (message_id, variables) VALUES (?1, ?2)",
    )?
    .execute(params![message_id, json])?;
    Ok(())
}

/// A message Passerelle sent from a template.
pub(crate) struct TemplateSend {
    /// The template (HX…).
    pub content_sid: String,
    /// What its variables were filled with; `None` for a message sent before they were kept.
    pub variables: Option<BTreeMap<String, String>>,
}

/// How the message `sid` was sent, when from a template.
pub(crate) fn of_message(conn: &Connection, sid: &str) -> Result<Option<TemplateSend>> {
    let found: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT m.content_sid, t.variables FROM messages m
             LEFT JOIN template_sends t ON t.message_id = m.id WHERE m.sid = ?1",
            [sid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((Some(content_sid), variables)) = found else {
        return Ok(None);
    };
    let variables = variables
        .map(|json| serde_json::from_str(&json))
        .transpose()
        .map_err(|e| Error::Internal(format!("template variables of {sid}: {e}")))?;
    Ok(Some(TemplateSend {
        content_sid,
        variables,
    }))
}
