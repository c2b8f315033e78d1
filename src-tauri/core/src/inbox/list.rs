//! The conversation list, paged by keyset from the summary the sync maintains (never a scan
//! of messages), seen through the viewer's visibility.

use super::visibility::{Action, Viewer};
use crate::error::{Error, Result};
use crate::phone::format_international;
use crate::rfc3339;
use crate::store::conversations::{self as table, ListFilter, ListKey, ListRow};
use crate::store::links::RecordRef;
use crate::store::Store;
use crate::window::{reply_window, ReplyWindow, WINDOW_SECS};
use serde::{Deserialize, Serialize};

/// Rows per page when the caller does not say.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// The most rows a page holds.
pub const MAX_PAGE_SIZE: usize = 500;
/// Characters of the last message shown in a row.
pub const PREVIEW_CHARS: usize = 140;

/// What the list shows; every filter is optional and they combine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Only conversations with unread messages.
    pub unread: bool,
    /// Only conversations whose 24-hour window is open.
    pub window_open: bool,
    /// Only linked (`true`) or not linked (`false`) conversations.
    pub linked: Option<bool>,
    /// Only this business number (`whatsapp:+…` or `+…`).
    pub sender: Option<String>,
    /// Text found in the name (contact or WhatsApp profile, ASCII case ignored) or digits
    /// found in the number.
    pub text: Option<String>,
    /// Where the page starts: the previous page's `next`.
    pub cursor: Option<String>,
    /// Rows per page (1 to [`MAX_PAGE_SIZE`]; 0 means [`DEFAULT_PAGE_SIZE`]).
    pub page_size: usize,
}

/// Where a display name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The linked contact (or the contact of the linked lead or deal).
    Contact,
    /// The customer's WhatsApp profile name.
    Profile,
    /// No name known: the number.
    Number,
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRow {
    /// Conversation id.
    pub id: i64,
    /// The linked contact's name, else the WhatsApp profile name, else the number formatted
    /// (`+33 6 12 34 56 78`). Untrusted text: escape it where shown.
    pub display_name: String,
    /// Where `display_name` comes from.
    pub name_source: NameSource,
    /// The customer's WhatsApp profile name, when known (shown on their messages even when
    /// a contact's name heads the conversation). Untrusted text.
    pub profile_name: Option<String>,
    /// The customer's number (`whatsapp:+…`).
    pub customer: String,
    /// The customer's number as people read it.
    pub customer_display: String,
    /// The business number (`whatsapp:+…`).
    pub sender: String,
    /// The latest message's first characters, whitespace collapsed.
    pub preview: Option<String>,
    /// The latest message's direction (`inbound`, `outbound-api`, …).
    pub last_direction: Option<String>,
    /// RFC 3339 date of the latest message.
    pub last_message_at: Option<String>,
    /// Messages in the conversation.
    pub message_count: u64,
    /// Customer messages not read yet.
    pub unread_count: u64,
    /// The 24-hour window, from the customer's last message to this business number.
    pub window: ReplyWindow,
    /// The record it is linked to.
    pub link: Option<RecordRef>,
    /// RFC 3339 date its business number moved to another provider, when it did: read-only
    /// from then on (no window to show, no reply).
    pub read_only_since: Option<String>,
}

/// A page of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    /// The rows, most recently active first.
    pub rows: Vec<ConversationRow>,
    /// The cursor of the next page; `None` on the last one.
    pub next: Option<String>,
}

/// A page of the conversations `viewer` sees in the inbox, at time `now` (unix seconds).
/// In Private mode a user other than the owner sees none: the call is refused with
/// `permission_denied` so the UI can say why rather than show an empty list.
pub fn list(
    store: &Store,
    viewer: &Viewer,
    query: &ListQuery,
    now: i64,
) -> Result<ConversationPage> {
    viewer.check(store, Action::SeeInbox)?;
    let size = page_size(query.page_size);
    let after = query.cursor.as_deref().map(parse_cursor).transpose()?;
    let sender = query.sender.as_deref().map(whatsapp_address);
    let text = query
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let name = text.map(str::to_ascii_lowercase);
    let digits: Option<String> = text
        .map(|t| t.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|d| d.len() >= 2);
    let filter = ListFilter {
        unread: query.unread,
        inbound_after: query.window_open.then_some(now - WINDOW_SECS),
        linked: query.linked,
        sender: sender.as_deref(),
        name: name.as_deref(),
        digits: digits.as_deref(),
    };
    // One row more than asked tells whether there is a next page.
    let mut rows = table::list_page(store.conn(), &filter, after, size + 1)?;
    let next = if rows.len() > size {
        rows.truncate(size);
        rows.last().map(|r| format_cursor(r.key()))
    } else {
        None
    };
    Ok(ConversationPage {
        rows: rows.into_iter().map(|r| row(r, now)).collect(),
        next,
    })
}

/// One conversation as a list row (a thread's header), if `viewer` may read it.
pub fn conversation(store: &Store, viewer: &Viewer, id: i64, now: i64) -> Result<ConversationRow> {
    let found = table::list_row_by_id(store.conn(), id)?.ok_or_else(|| not_found(id))?;
    viewer.check_read(store, found.link.is_some())?;
    Ok(row(found, now))
}

/// The error for a conversation id that does not exist.
pub(crate) fn not_found(id: i64) -> Error {
    Error::invalid(
        "conversation",
        format!("aucune conversation n° {id}."),
        format!("no conversation number {id}."),
    )
}

pub(crate) fn row(r: ListRow, now: i64) -> ConversationRow {
    let customer_display = format_international(&r.customer);
    let profile_name = r.profile_name.filter(|n| !n.trim().is_empty());
    let (display_name, name_source) = match (r.contact_name, &profile_name) {
        (Some(name), _) if !name.trim().is_empty() => (name, NameSource::Contact),
        (_, Some(name)) => (name.clone(), NameSource::Profile),
        _ => (customer_display.clone(), NameSource::Number),
    };
    ConversationRow {
        id: r.id,
        display_name,
        name_source,
        profile_name,
        customer_display,
        customer: r.customer,
        sender: r.sender,
        preview: r.last_message_body.as_deref().map(preview),
        last_direction: r.last_message_direction,
        last_message_at: r.last_message_at.map(rfc3339),
        message_count: r.message_count as u64,
        unread_count: r.unread_count as u64,
        window: reply_window(r.last_inbound_at, now),
        link: r.link,
        read_only_since: r.moved_away_at.map(rfc3339),
    }
}

/// The first [`PREVIEW_CHARS`] characters, whitespace (line breaks included) collapsed.
fn preview(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

fn page_size(asked: usize) -> usize {
    match asked {
        0 => DEFAULT_PAGE_SIZE,
        n => n.min(MAX_PAGE_SIZE),
    }
}

fn whatsapp_address(number: &str) -> String {
    let number = number.trim();
    if number.starts_with("whatsapp:") {
        number.to_string()
    } else {
        format!("whatsapp:{number}")
    }
}

/// A cursor is `TIME.ID`, or `-.ID` for conversations without a message yet.
fn format_cursor(key: ListKey) -> String {
    match key.last_message_at {
        Some(at) => format!("{at}.{}", key.id),
        None => format!("-.{}", key.id),
    }
}

fn parse_cursor(text: &str) -> Result<ListKey> {
    let bad = || {
        Error::invalid(
            "cursor",
            "curseur de page illisible ; repartez de la première page.",
            "unreadable page cursor; start again from the first page.",
        )
    };
    let (at, id) = text.split_once('.').ok_or_else(bad)?;
    let last_message_at = match at {
        "-" => None,
        n => Some(n.parse().map_err(|_| bad())?),
    };
    Ok(ListKey {
        last_message_at,
        id: id.parse().map_err(|_| bad())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back() {
        for key in [
            ListKey {
                last_message_at: Some(1_700_000_000),
                id: 42,
            },
            ListKey {
                last_message_at: None,
                id: 7,
            },
        ] {
            assert_eq!(parse_cursor(&format_cursor(key)).unwrap(), key);
        }
        for bad in ["", "12", "x.1", "1.y"] {
            assert!(parse_cursor(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn previews_are_one_short_line() {
        assert_eq!(preview("Bonjour\n\nà  tous"), "Bonjour à tous");
        let long = "é".repeat(PREVIEW_CHARS + 10);
        let cut = preview(&long);
        assert_eq!(cut.chars().count(), PREVIEW_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn the_name_shown_is_the_contact_then_the_profile_then_the_number() {
        let base = ListRow {
            id: 1,
            sender: "whatsapp:+14155550100".into(),
            customer: "whatsapp:+33612345678".into(),
            profile_name: None,
            contact_name: None,
            link: None,
            message_count: 1,
            last_message_at: Some(0),
            last_message_body: None,
            last_message_direction: None,
            last_inbound_at: None,
            unread_count: 0,
            moved_away_at: None,
        };
        let some = |s: &str| Some(s.to_string());
        let cases = [
            (some("Zoé C"), some("Zoé P"), "Zoé C", NameSource::Contact),
            (None, some("Zoé P"), "Zoé P", NameSource::Profile),
            (some(" "), some("Zoé P"), "Zoé P", NameSource::Profile),
            (None, None, "+33 6 12 34 56 78", NameSource::Number),
            (None, some(""), "+33 6 12 34 56 78", NameSource::Number),
        ];
        for (contact_name, profile_name, want, source) in cases {
            let r = row(
                ListRow {
                    profile_name,
                    contact_name,
                    ..base.clone()
                },
                0,
            );
            assert_eq!((r.display_name.as_str(), r.name_source), (want, source));
            // The profile name stays known beside a contact's name (the thread shows it on
            // the customer's messages); a blank one is no name.
            let profile = r.profile_name.as_deref();
            assert!(profile.is_none_or(|p| p == "Zoé P"), "{profile:?}");
            assert_eq!(profile.is_some(), want != "+33 6 12 34 56 78");
        }
    }

    #[test]
    fn page_sizes() {
        assert_eq!(
            [0, 1, 50, 10_000].map(page_size),
            [DEFAULT_PAGE_SIZE, 1, 50, MAX_PAGE_SIZE]
        );
    }
}
