//! The inbox: the conversation list, threads, read state and links to records, every call
//! made for a [`Viewer`] and checked by the one visibility rule ([`visibility`]).
//!
//! - [`visibility`]: who may do what (owner / admin / member × Private / Shared).
//! - [`list`]: the conversation list, paged by keyset, with its filters.
//! - [`thread`]: a conversation's messages, paged by keyset, failures explained; mark read.
//! - [`send`]: replies and templates under WhatsApp's rules; unknown outcomes never resent.
//! - [`links`]: link, unlink, suggestions by number, a record's conversations.
//! - [`notify`]: which conversations to notify of new customer messages (names only).
//! - [`media`]: a thread's images shown inline and files opened, from the media folder only.

pub mod links;
pub mod list;
pub mod media;
pub mod notify;
mod resend;
pub mod send;
pub mod thread;
pub mod visibility;

pub use links::{link, record_conversations, suggest_links, unlink};
pub use list::{list, ConversationPage, ConversationRow, ListQuery, NameSource};
pub use send::{send, ApprovedTemplate, Compose, SendOutcome, SendRequest};
pub use thread::{mark_read, thread, ThreadMessage, ThreadPage, ThreadQuery};
pub use visibility::{allowed, set_visibility, visibility, Action, Standing, Viewer};

pub use crate::store::conversations::ConversationSummary;
pub use crate::store::installation::Visibility;
pub use crate::store::links::RecordRef;

use crate::error::Result;
use crate::store::{conversations as table, Store};

/// The `limit` most recently active conversations, unfiltered: the archive's own summary for
/// diagnostics and the benchmark. Screens use [`list`], which applies the visibility.
pub fn conversations(store: &Store, limit: usize) -> Result<Vec<ConversationSummary>> {
    table::recent(store.conn(), limit)
}
