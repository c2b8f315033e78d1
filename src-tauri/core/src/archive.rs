//! Reading the archive back without any network: what it holds, and full-text search.

use crate::error::Result;
use crate::store::{conversations, media, messages, senders, sync_state, Store};
use serde::{Deserialize, Serialize};

pub use crate::store::messages::{MonthCount, SearchHit};
pub use crate::store::senders::SenderStatus;
pub use crate::store::sync_state::{Checkpoint, LastSync};

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
}

/// Counts and checkpoints of the archive.
pub fn status(store: &Store) -> Result<ArchiveStatus> {
    let conn = store.conn();
    Ok(ArchiveStatus {
        messages: messages::count(conn)?,
        conversations: conversations::count(conn)?,
        media_files: media::count_downloaded(conn)?,
        media_missing: media::count_missing(conn)?,
        senders: senders::statuses(conn)?,
        last_sync: sync_state::last_run(conn)?,
        months: messages::monthly_counts(conn)?,
        checkpoints: sync_state::checkpoints(conn)?,
    })
}

/// Full-text search over message bodies (accents and case ignored), best matches first, then
/// most recent. Every word must match (as a prefix); FTS syntax in `text` is not interpreted.
pub fn search(store: &Store, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
    match fts_query(text) {
        Some(query) => messages::search(store.conn(), &query, limit),
        None => Ok(Vec::new()),
    }
}

/// Turns free text into an FTS5 query: each word quoted (so `"`, `*`, `OR`, `-` are plain
/// text) and prefix-matched, all words required.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_becomes_a_safe_fts_query() {
        let cases = [
            ("bonjour", Some("\"bonjour\"*")),
            ("  commande  livrée ", Some("\"commande\"* \"livrée\"*")),
            ("say \"hi\" OR", Some("\"say\"* \"\"\"hi\"\"\"* \"OR\"*")),
            ("* - ()", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(fts_query(text).as_deref(), want, "{text:?}");
        }
    }

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
