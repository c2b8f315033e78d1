//! The conversation list the window shows after a sync (the full inbox is a later step).

use passerelle_core::inbox::{self, ConversationSummary};
use passerelle_core::{archive, connect, Store};
use serde::Serialize;
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::{ArchiveKind, Session};
use crate::wire::{answer, blocking, Answer};

/// Conversations shown at most (the most recently active first).
const LIST_LIMIT: usize = 500;

/// The archive the window shows, in a few numbers.
#[derive(Serialize)]
pub struct ArchiveOverview {
    /// Own or demo.
    kind: ArchiveKind,
    /// Account name, when connected.
    account_name: Option<String>,
    /// AC…, when connected (the page shows it masked).
    account_sid: Option<String>,
    /// The sender addresses archived (`whatsapp:+…`).
    senders: Vec<String>,
    /// The latest sync run, if any (the top bar's "Up to date · 14:02").
    last_sync: Option<archive::LastSync>,
    /// Messages archived.
    messages: u64,
    /// Conversations.
    conversations: u64,
}

/// The conversations of the archive the window shows, with its overview.
#[derive(Serialize)]
pub struct ConversationList {
    /// Counts.
    overview: ArchiveOverview,
    /// Latest activity first.
    conversations: Vec<ConversationSummary>,
}

/// Where the window stands at start-up: `None` when no archive is connected yet (first run).
#[tauri::command]
pub async fn current_archive(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Option<ArchiveKind>> {
    if let Some(target) = session.target() {
        return Ok(Some(target.kind));
    }
    let path = session.own_db_path();
    if !path.exists() {
        return Ok(None);
    }
    let saved = blocking(move || connect::saved(&Store::open(&path)?)).await;
    answer(lang.get(), saved.map(|s| s.map(|_| ArchiveKind::Own)))
}

/// Lists the conversations of the archive the window shows (the user's own when none was
/// chosen in this run).
#[tauri::command]
pub async fn list_conversations(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ConversationList> {
    let (kind, path) = match session.target() {
        Some(target) => (target.kind, target.db_path),
        None => (ArchiveKind::Own, session.own_db_path()),
    };
    let list = blocking(move || {
        let store = Store::open(&path)?;
        let status = archive::status(&store)?;
        let saved = connect::saved(&store)?;
        let conversations = inbox::conversations(&store, LIST_LIMIT)?;
        let (account_name, account_sid, senders) = match saved {
            Some(c) => (Some(c.friendly_name), Some(c.account_sid.into()), c.senders),
            None => (None, None, Vec::new()),
        };
        Ok(ConversationList {
            overview: ArchiveOverview {
                kind,
                account_name,
                account_sid,
                senders,
                last_sync: status.last_sync,
                messages: status.messages,
                conversations: status.conversations,
            },
            conversations,
        })
    })
    .await;
    answer(lang.get(), list)
}
