//! Reading the archive back without any network: what it holds ([`status`], from counts kept
//! as the sync writes, never a scan of the messages) and full-text search ([`search`]; for a
//! user of the window, under the visibility rule: [`search_as`], [`search_notes`]).

mod insights;
mod opened;
mod search;
mod visible;

use crate::error::Result;
use crate::store::{
    bulk_load, conversations, media, messages, month_counts, senders, sync_state, Store,
};
use serde::{Deserialize, Serialize};

pub use crate::store::month_counts::MonthCount;
pub use crate::store::senders::SenderStatus;
pub use crate::store::sync_state::{Checkpoint, LastSync};
pub use insights::{
    insights, insights_csv, save_insights_csv, BusyRow, FailureCount, InOut, Insights, BUSIEST,
};
pub use opened::{close_copy, open_copy, OpenedArchive};
pub(crate) use search::fold as fold_accent;
pub(crate) use search::fts_query;
pub use search::{
    bracketed, search, search_page, SearchFilter, SearchHit, SearchPage, SnippetPart,
};
pub use visible::{search_as, search_notes, NoteResult};

/// What the archive holds (`passerelle status`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArchiveStatus {
    /// Messages archived.
    pub messages: u64,
    /// Conversations (sender × customer number).
    pub conversations: u64,
    /// Media files downloaded.
    pub media_files: u64,
    /// Media known but not downloaded (pending or skipped).
    pub media_missing: u64,
    /// Per sender counts.
    pub senders: Vec<SenderStatus>,
    /// The latest sync run.
    pub last_sync: Option<LastSync>,
    /// Counts per sender and month.
    pub months: Vec<MonthCount>,
    /// Sync checkpoints (one per shard).
    pub checkpoints: Vec<Checkpoint>,
    /// A first copy is still under way: the search index, the month counts and the
    /// conversation list are built when it finishes (`messages` is counted directly meanwhile).
    pub index_pending: bool,
}

/// Counts and checkpoints of the archive.
pub fn status(store: &Store) -> Result<ArchiveStatus> {
    let conn = store.conn();
    let index_pending = bulk_load::pending(conn)?;
    Ok(ArchiveStatus {
        messages: if index_pending {
            messages::count(conn)?
        } else {
            month_counts::total(conn)?
        },
        conversations: conversations::count(conn)?,
        media_files: media::count_downloaded(conn)?,
        media_missing: media::count_missing(conn)?,
        senders: senders::statuses(conn)?,
        last_sync: sync_state::last_run(conn)?,
        months: month_counts::all(conn)?,
        checkpoints: sync_state::checkpoints(conn)?,
        index_pending,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_of_an_empty_archive() {
        let store = Store::open_in_memory().unwrap();
        let s = status(&store).unwrap();
        assert_eq!((s.messages, s.conversations, s.media_files), (0, 0, 0));
        assert!(s.last_sync.is_none());
        let json = serde_json::to_value(&s).unwrap();
        for key in [
            "messages",
            "conversations",
            "media_files",
            "senders",
            "last_sync",
        ] {
            assert!(
                json.get(key).is_some(),
                "status JSON needs `{key}` at top level"
            );
        }
        assert!(search(&store, "bonjour", 10).unwrap().is_empty());
    }
}
