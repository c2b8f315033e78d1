//! The conversation list, read from the summary maintained by the sync (never a scan of
//! messages).

use crate::error::Result;
use crate::store::{conversations as table, Store};

pub use crate::store::conversations::ConversationSummary;

/// The `limit` most recently active conversations.
pub fn conversations(store: &Store, limit: usize) -> Result<Vec<ConversationSummary>> {
    table::recent(store.conn(), limit)
}
