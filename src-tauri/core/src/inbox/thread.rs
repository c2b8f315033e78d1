//! A conversation's thread, paged by keyset: the newest messages first, then older ones as
//! the user scrolls back; and marking a conversation read.

use super::list::{self, ConversationRow};
use super::visibility::{Action, Viewer};
use crate::error::{Error, Result};
use crate::failures::{explain_failure, FailureHelp};
use crate::lang::Lang;
use crate::rfc3339;
use crate::store::conversations;
use crate::store::media::{self, MediaItem};
use crate::store::messages::{self, ThreadKey, ThreadRow};
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// Messages per page when the caller does not say.
pub const DEFAULT_THREAD_PAGE: usize = 100;
/// The most messages a page holds.
pub const MAX_THREAD_PAGE: usize = 1_000;

/// Which page of a thread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThreadQuery {
    /// The previous page's `older`; `None` for the newest page.
    pub before: Option<String>,
    /// Messages per page (1 to [`MAX_THREAD_PAGE`]; 0 means [`DEFAULT_THREAD_PAGE`]).
    pub page_size: usize,
}

/// One message of a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadMessage {
    /// SM… / MM…
    pub sid: String,
    /// From the customer.
    pub inbound: bool,
    /// `inbound`, `outbound-api`, `outbound-reply`, …
    pub direction: String,
    /// `whatsapp:+…`
    pub from: String,
    /// `whatsapp:+…`
    pub to: String,
    /// Text ('' when none). Untrusted: escape it where shown.
    pub body: String,
    /// Twilio's status: queued, sent, delivered, read, failed, undelivered, …
    pub status: String,
    /// RFC 3339: sent date, else created date.
    pub at: String,
    /// Twilio's error code, when it failed.
    pub error_code: Option<i64>,
    /// Twilio's own error text, when it gave one (often empty for WhatsApp).
    pub error_message: Option<String>,
    /// What the error code means and what to do, in the caller's language.
    pub failure: Option<FailureHelp>,
    /// As Twilio gives it (`-0.00500`), when known.
    pub price: Option<String>,
    /// `USD`, `EUR`, … when known.
    pub price_unit: Option<String>,
    /// Media files announced by Twilio.
    pub num_media: i64,
    /// The media known in the archive (a file path once downloaded).
    pub media: Vec<MediaItem>,
    /// The template (HX…) Passerelle sent it from, when it did: the thread marks it "sent as
    /// a template". Unknown for older messages (Twilio's message resource does not say it).
    pub template_sid: Option<String>,
}

/// A page of a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    /// The conversation, as its list row (name, window, link).
    pub conversation: ConversationRow,
    /// Messages, newest first.
    pub messages: Vec<ThreadMessage>,
    /// The cursor of the older page; `None` when this page reaches the first message.
    pub older: Option<String>,
    /// RFC 3339 date the business number moved to another provider, when it did (as on its
    /// row): the conversation is read-only from then on (the composer says why; sending is
    /// refused).
    pub read_only_since: Option<String>,
}

/// A page of conversation `id`'s messages, newest first, if `viewer` may read it (any
/// conversation when they see the inbox; a linked one from its record's page otherwise).
pub fn thread(
    store: &Store,
    viewer: &Viewer,
    id: i64,
    query: &ThreadQuery,
    lang: Lang,
    now: i64,
) -> Result<ThreadPage> {
    let conversation = list::conversation(store, viewer, id, now)?;
    let size = match query.page_size {
        0 => DEFAULT_THREAD_PAGE,
        n => n.min(MAX_THREAD_PAGE),
    };
    let before = query.before.as_deref().map(parse_cursor).transpose()?;
    let conn = store.conn();
    let mut rows = messages::thread_page(conn, id, before, size + 1)?;
    let older = if rows.len() > size {
        rows.truncate(size);
        rows.last().map(|r| format!("{}.{}", r.at, r.id))
    } else {
        None
    };
    let messages = rows
        .into_iter()
        .map(|r| {
            let media = if r.message.num_media > 0 {
                media::of_message(conn, &r.message.sid)?
            } else {
                Vec::new()
            };
            Ok(message(r, media, lang))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ThreadPage {
        read_only_since: conversation.read_only_since.clone(),
        conversation,
        messages,
        older,
    })
}

/// Marks conversation `id` read (opening it does), if `viewer` may.
pub fn mark_read(store: &Store, viewer: &Viewer, id: i64) -> Result<()> {
    viewer.check(store, Action::MarkRead)?;
    if conversations::mark_read(store.conn(), id)? {
        Ok(())
    } else {
        Err(list::not_found(id))
    }
}

fn message(r: ThreadRow, media: Vec<MediaItem>, lang: Lang) -> ThreadMessage {
    let m = r.message;
    ThreadMessage {
        inbound: m.direction == "inbound",
        failure: m.error_code.map(|code| explain_failure(code, lang)),
        at: rfc3339(r.at),
        sid: m.sid,
        direction: m.direction,
        from: m.from,
        to: m.to,
        body: m.body,
        status: m.status,
        error_code: m.error_code,
        error_message: m.error_message.filter(|t| !t.is_empty()),
        price: m.price,
        price_unit: m.price_unit,
        num_media: m.num_media,
        media,
        template_sid: r.content_sid,
    }
}

fn parse_cursor(text: &str) -> Result<ThreadKey> {
    let bad = || {
        Error::invalid(
            "before",
            "curseur de page illisible ; rouvrez la conversation.",
            "unreadable page cursor; open the conversation again.",
        )
    };
    let (at, id) = text.split_once('.').ok_or_else(bad)?;
    Ok(ThreadKey {
        at: at.parse().map_err(|_| bad())?,
        id: id.parse().map_err(|_| bad())?,
    })
}
