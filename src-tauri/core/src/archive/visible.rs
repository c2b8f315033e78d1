//! Search as a user of the window sees it: the one visibility rule of the inbox
//! ([`crate::inbox::visibility`]) applied to messages and notes, so the Search screen, the
//! inbox's "whole archive" box and anything else that searches for a user never decide it
//! themselves.
//!
//! - A user who sees the inbox (the owner; everyone when it is Shared) searches everything.
//! - Otherwise they search the conversations linked to a record, which they may read on the
//!   record's page, and the notes (made only from linked conversations).

use crate::error::Result;
use crate::inbox::visibility::{Action, Viewer};
use crate::notes;
use crate::store::links::RecordRef;
use crate::store::Store;
use serde::{Deserialize, Serialize};

use super::search::{query_terms, search_scoped, snippet};
use super::{SearchFilter, SearchPage, SnippetPart};

/// A page of message hits that `viewer` may read, newest first (see [`super::search_page`]).
pub fn search_as(
    store: &Store,
    viewer: &Viewer,
    text: &str,
    filter: &SearchFilter,
    cursor: Option<&str>,
    limit: usize,
) -> Result<SearchPage> {
    let linked_only = !viewer.may(store, Action::SeeInbox)?;
    if linked_only {
        viewer.check(store, Action::SeeLinkedOnRecord)?;
    }
    search_scoped(store, text, filter, linked_only, cursor, limit)
}

/// A note found by a search, with its matching passage cut into parts like a message's.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct NoteResult {
    /// The note's id.
    pub id: i64,
    /// The conversation it was made from.
    pub conversation: i64,
    /// The record it is on.
    pub record: RecordRef,
    /// One line: contact, number, period.
    pub title: String,
    /// RFC 3339 date of its last message.
    pub last_message_at: Option<String>,
    /// Messages in it.
    pub message_count: i64,
    /// The text around the first match, matches marked.
    pub snippet: Vec<SnippetPart>,
}

/// The `limit` newest notes matching `text` that `viewer` may read (notes are read by whoever
/// may read linked conversations on their records).
pub fn search_notes(
    store: &Store,
    viewer: &Viewer,
    text: &str,
    limit: usize,
) -> Result<Vec<NoteResult>> {
    let terms = query_terms(text);
    Ok(notes::search(store, viewer, text, limit)?
        .into_iter()
        .map(|hit| {
            let note = hit.note;
            NoteResult {
                snippet: snippet(&note.text, &terms),
                id: note.id,
                conversation: note.conversation_id,
                record: note.record,
                title: note.title,
                last_message_at: note.last_message_at,
                message_count: note.message_count,
            }
        })
        .collect())
}
