//! Desktop notifications of new customer messages: which conversations received one since
//! the last look, for a viewer who may see the inbox (a member of a Private inbox gets none).
//! A notice carries the conversation's name only, never the message text (it may show on a
//! locked screen). The first look after install sets the mark without notifying, so a first
//! sync of years of history does not ring a thousand times.

use super::list;
use super::visibility::{Action, Viewer};
use crate::error::Result;
use crate::store::{conversations, messages, settings, Store};
use serde::{Deserialize, Serialize};

/// Where the last look stopped: the highest message row id seen.
const MARK_KEY: &str = "notify_after_message_id";
/// Whether notifications are on (`"0"`: off); on when unset.
pub const ENABLED_KEY: &str = "notify_new_messages";
/// The most notices one look gives (one per conversation); more are summed up by the caller.
pub const MAX_NOTICES: usize = 5;

/// One conversation with new customer messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The conversation.
    pub conversation: i64,
    /// Its name as the inbox shows it (contact, profile name, or the number). Untrusted.
    pub name: String,
}

/// What one look found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notices {
    /// Up to [`MAX_NOTICES`] conversations, most recent first.
    pub notices: Vec<Notice>,
    /// How many conversations received messages in all.
    pub conversations: usize,
}

/// Whether notifications are on (the default).
pub fn enabled(store: &Store) -> Result<bool> {
    Ok(settings::get(store, ENABLED_KEY)?.as_deref() != Some("0"))
}

/// Turns notifications on or off.
pub fn set_enabled(store: &Store, on: bool) -> Result<()> {
    settings::set(store, ENABLED_KEY, if on { "1" } else { "0" })
}

/// The conversations that received a customer message since the last look, if `viewer` is to
/// be told (notifications on, the inbox visible to them); the mark moves on in every case.
pub fn take_new(store: &Store, viewer: &Viewer, now: i64) -> Result<Notices> {
    let mark = settings::get(store, MARK_KEY)?.and_then(|v| v.parse::<i64>().ok());
    let conn = store.conn();
    let (ids, high) = messages::inbound_after(conn, mark.unwrap_or(i64::MAX), 1_000)?;
    let high = match mark {
        Some(_) => high,
        // First look: start from the newest message, telling nothing.
        None => messages::max_id(conn)?,
    };
    settings::set(store, MARK_KEY, &high.to_string())?;
    if mark.is_none() || !enabled(store)? || !viewer.may(store, Action::SeeInbox)? {
        return Ok(Notices::default());
    }
    let notices = ids
        .iter()
        .take(MAX_NOTICES)
        .filter_map(|&id| conversations::list_row_by_id(conn, id).transpose())
        .map(|row| {
            row.map(|r| {
                let row = list::row(r, now);
                Notice {
                    conversation: row.id,
                    name: row.display_name,
                }
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Notices {
        notices,
        conversations: ids.len(),
    })
}
