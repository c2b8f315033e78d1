//! The JSON export: everything, in a documented, versioned shape that [`super::import`] reads
//! back (export → import → export gives the same bytes).
//!
//! ```text
//! { "format": "passerelle-archive", "format_version": 1,
//!   "scope":    { "conversation": null, "since": null, "until": null },   (RFC 3339 dates)
//!   "account":  { "sid", "friendly_name", "type", "status", … } | null,
//!   "senders":  [ { "address", "sender_sid", "status", "display_name", "selected", … } ],
//!   "conversations": [                        (most recent first)
//!     { "sender", "customer", "profile_name", "unread_count", "message_count",
//!       "first_message_at", "last_message_at",
//!       "messages": [                         (oldest first; one per line)
//!         { "sid", "direction", "from", "to", "body", "status", "error_code", "price", …,
//!           "date_sent", "media": [ { "sid", "content_type", "file", "size_bytes", … } ] } ] } ],
//!   "records": [], "links": [], "notes": [] }  (reserved: CRM records, links and notes)
//! ```
//! Dates are RFC 3339 in UTC; `file` is relative to the archive's media folder. A reader
//! ignores keys it does not know; a file with a higher `format_version` is refused.

use super::{io_error, Job, Stop, Tracker};
use crate::rfc3339;
use crate::store::export_rows::{self, ExportMedia, ScopedConversation};
use crate::store::messages::StoredMessage;
use serde::{Deserialize, Serialize};
use std::io::{BufWriter, Write};

/// What `format` says.
pub(crate) const FORMAT: &str = "passerelle-archive";
/// The shape's version; bumped on any change a reader of the previous one would misread.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
pub(crate) struct JsonScope {
    pub conversation: Option<i64>,
    pub since: Option<String>,
    pub until: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct JsonAccount {
    pub sid: String,
    pub friendly_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub owner_account_sid: Option<String>,
    pub auth_kind: String,
    pub api_key_sid: Option<String>,
    pub base_url: Option<String>,
    pub date_created: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct JsonSender {
    pub address: String,
    pub account_sid: String,
    pub sender_sid: Option<String>,
    pub status: String,
    pub display_name: Option<String>,
    pub selected: bool,
}

/// A conversation's fields before its `messages`.
#[derive(Serialize)]
struct JsonConversationHead<'a> {
    sender: &'a str,
    customer: &'a str,
    profile_name: Option<&'a str>,
    unread_count: i64,
    message_count: u64,
    first_message_at: String,
    last_message_at: String,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct JsonMessage {
    pub sid: String,
    pub account_sid: String,
    pub direction: String,
    pub from: String,
    pub to: String,
    pub body: String,
    pub status: String,
    pub error_code: Option<i64>,
    pub error_message: Option<String>,
    pub num_media: i64,
    pub num_segments: Option<i64>,
    pub price: Option<String>,
    pub price_unit: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub date_created: Option<String>,
    pub date_sent: Option<String>,
    pub date_updated: Option<String>,
    pub media_listed: bool,
    #[serde(default)]
    pub media: Vec<JsonMedia>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct JsonMedia {
    pub sid: String,
    pub content_type: Option<String>,
    pub date_created: Option<String>,
    pub uri: String,
    pub file: Option<String>,
    pub size_bytes: Option<i64>,
    pub downloaded_at: Option<String>,
    pub skip_reason: Option<String>,
}

fn date(unix: Option<i64>) -> Option<String> {
    unix.map(rfc3339)
}

pub(crate) fn write(job: &Job<'_>, tracker: &mut Tracker<'_>) -> Result<(), Stop> {
    let path = &job.target;
    let file = std::fs::File::create(path).map_err(io_error(path))?;
    let mut out = BufWriter::new(file);
    let conn = job.store.conn();
    let scope = &job.request.scope;
    let head = serde_json::json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
    });
    let head = head.to_string();
    let account = export_rows::account(conn)?.map(|a| JsonAccount {
        sid: a.sid,
        friendly_name: a.friendly_name,
        kind: a.kind,
        status: a.status,
        owner_account_sid: a.owner_account_sid,
        auth_kind: a.auth_kind,
        api_key_sid: a.api_key_sid,
        base_url: a.base_url,
        date_created: date(a.date_created),
    });
    let senders: Vec<JsonSender> = export_rows::senders(conn)?
        .into_iter()
        .map(|s| JsonSender {
            address: s.address,
            account_sid: s.account_sid,
            sender_sid: s.sender_sid,
            status: s.status,
            display_name: s.display_name,
            selected: s.selected,
        })
        .collect();
    let scope_json = JsonScope {
        conversation: scope.conversation,
        since: date(scope.since),
        until: date(scope.until),
    };
    let io = io_error(path);
    (|| -> std::io::Result<()> {
        writeln!(out, "{},", &head[..head.len() - 1])?;
        writeln!(out, "\"scope\":{},", serde_json::to_string(&scope_json)?)?;
        writeln!(out, "\"account\":{},", serde_json::to_string(&account)?)?;
        writeln!(out, "\"senders\":{},", serde_json::to_string(&senders)?)?;
        write!(out, "\"conversations\":[")
    })()
    .map_err(io)?;
    for (i, c) in job.conversations.iter().enumerate() {
        tracker.check()?;
        write_conversation(&mut out, job, c, i == 0, tracker)?;
    }
    (|| -> std::io::Result<()> {
        writeln!(out, "\n],")?;
        writeln!(out, "\"records\":[],\"links\":[],\"notes\":[]}}")?;
        out.flush()
    })()
    .map_err(io_error(path))?;
    Ok(())
}

fn write_conversation(
    out: &mut impl Write,
    job: &Job<'_>,
    c: &ScopedConversation,
    first: bool,
    tracker: &mut Tracker<'_>,
) -> Result<(), Stop> {
    let head = serde_json::to_string(&JsonConversationHead {
        sender: &c.sender,
        customer: &c.customer,
        profile_name: c.profile_name.as_deref(),
        unread_count: c.unread_count,
        message_count: c.messages,
        first_message_at: rfc3339(c.first_at),
        last_message_at: rfc3339(c.last_at),
    })
    .map_err(|e| Stop::Failed(crate::Error::Internal(e.to_string())))?;
    let path = &job.target;
    let sep = if first { "\n" } else { ",\n" };
    write!(out, "{sep}{},\"messages\":[", &head[..head.len() - 1]).map_err(io_error(path))?;
    let conn = job.store.conn();
    let mut count = 0;
    export_rows::each_message(conn, c.id, &job.request.scope, |m| -> Result<(), Stop> {
        let media = match m.num_media {
            0 => Vec::new(),
            _ => export_rows::media_of(conn, &m.sid)?,
        };
        let line = serde_json::to_string(&json_message(m, media))
            .map_err(|e| Stop::Failed(crate::Error::Internal(e.to_string())))?;
        let sep = if count == 0 { "\n" } else { ",\n" };
        write!(out, "{sep}{line}").map_err(io_error(path))?;
        count += 1;
        tracker.tick()
    })?;
    write!(out, "\n]}}").map_err(io_error(path))?;
    Ok(())
}

fn json_message(m: StoredMessage, media: Vec<ExportMedia>) -> JsonMessage {
    JsonMessage {
        sid: m.sid,
        account_sid: m.account_sid,
        direction: m.direction,
        from: m.from,
        to: m.to,
        body: m.body,
        status: m.status,
        error_code: m.error_code,
        error_message: m.error_message,
        num_media: m.num_media,
        num_segments: m.num_segments,
        price: m.price,
        price_unit: m.price_unit,
        messaging_service_sid: m.messaging_service_sid,
        date_created: date(m.date_created),
        date_sent: date(m.date_sent),
        date_updated: date(m.date_updated),
        media_listed: m.media_listed,
        media: media
            .into_iter()
            .map(|x| JsonMedia {
                sid: x.sid,
                content_type: x.content_type,
                date_created: date(x.date_created),
                uri: x.uri,
                file: x.file_path,
                size_bytes: x.size_bytes,
                downloaded_at: date(x.downloaded_at),
                skip_reason: x.skip_reason,
            })
            .collect(),
    }
}
