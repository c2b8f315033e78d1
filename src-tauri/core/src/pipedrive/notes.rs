//! The archive's own notes pushed to Pipedrive: each note made from a linked conversation
//! becomes a [`NoteToPush`] (key: conversation + day, the note's stable key), notes on records
//! that never came from Pipedrive are counted and left alone, and the Pipedrive id of each
//! pushed note is written back on it ([`crate::notes::set_remote`]).
//!
//! The disconnect's CRM step runs this from synchronous code, sometimes inside a runtime
//! (the command line's): [`push_blocking`] runs it on a thread of its own, with its own
//! runtime and its own connection to the archive (a pushing future holds the store across
//! awaits, so it is not `Send`).

use super::push::{content_hash, crm_id_of, push_notes, NoteToPush, PushProgress, PushReport};
use crate::error::{Error, Result};
use crate::inbox::visibility::Viewer;
use crate::lang::Lang;
use crate::notes::{self, Note, NotesQuery};
use crate::store::crm::{self as crm_table};
use crate::store::crm_pushes::{self, PushState};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::path::Path;
use tokio_util::sync::CancellationToken;

/// What pushing the archive's notes did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivePush {
    /// Notes on a record imported from Pipedrive (the ones pushed).
    pub notes: u64,
    /// Notes on records that did not come from Pipedrive (not pushed).
    pub not_in_crm: u64,
    /// What the push did, failures with their reasons included.
    pub report: PushReport,
}

/// A note's key in the CRM's memory: its conversation and day, which never name another note.
pub fn note_key(note: &Note) -> String {
    format!(
        "conversation-{}-{}",
        note.conversation_id,
        note.day.as_deref().unwrap_or("whole")
    )
}

/// The archive's notes that can go to Pipedrive (their record carries a Pipedrive id), and
/// how many cannot.
pub fn notes_to_push(store: &Store, viewer: &Viewer) -> Result<(Vec<(i64, NoteToPush)>, u64)> {
    const PAGE: usize = 1_000;
    let mut ready = Vec::new();
    let mut not_in_crm = 0;
    for offset in (0..).step_by(PAGE) {
        let page = notes::list(
            store,
            viewer,
            &NotesQuery {
                record: None,
                limit: PAGE,
                offset,
            },
        )?;
        for note in &page {
            if crm_id_of(store, note.record)?.0.is_none() {
                not_in_crm += 1;
                continue;
            }
            ready.push((note.id, to_push(note)));
        }
        if page.len() < PAGE {
            break;
        }
    }
    // Oldest first: the CRM's timeline fills in the order the conversations happened.
    ready.reverse();
    Ok((ready, not_in_crm))
}

/// Notes on Pipedrive records that Pipedrive does not have as they are now: never pushed,
/// changed since, or failed (what the next push sends). Zero when no company is connected.
pub fn pending(store: &Store, viewer: &Viewer) -> Result<u64> {
    if crm_table::connection(store.conn())?.is_none() {
        return Ok(0);
    }
    let (ready, _) = notes_to_push(store, viewer)?;
    let mut pending = 0;
    for (_, note) in &ready {
        let sent = crm_pushes::get(store.conn(), &note.local_id)?
            .is_some_and(|p| p.state == PushState::Pushed && p.content_hash == content_hash(note));
        pending += u64::from(!sent);
    }
    Ok(pending)
}

fn to_push(note: &Note) -> NoteToPush {
    let date = note.first_message_at.as_deref().unwrap_or(&note.created_at);
    NoteToPush {
        local_id: note_key(note),
        record: note.record,
        html: note.html.clone(),
        first_message_at: chrono::DateTime::parse_from_rfc3339(date)
            .map(|d| d.timestamp())
            .unwrap_or_default(),
    }
}

/// Pushes the archive's notes to the connected company (never twice: unchanged notes cost no
/// request), then writes each pushed note's Pipedrive id on it.
pub async fn push_archive(
    store: &Store,
    viewer: &Viewer,
    client: &super::Client,
    lang: Lang,
    progress: &(dyn Fn(PushProgress) + Sync),
    cancel: &CancellationToken,
) -> Result<ArchivePush> {
    let (ready, not_in_crm) = notes_to_push(store, viewer)?;
    let to_push: Vec<NoteToPush> = ready.iter().map(|(_, n)| n.clone()).collect();
    let report = push_notes(store, client, &to_push, lang, progress, cancel).await?;
    for (id, note) in &ready {
        let remote = crm_pushes::get(store.conn(), &note.local_id)?.and_then(|p| p.remote_id);
        if let Some(remote) = remote {
            notes::set_remote(store, *id, &remote.to_string())?;
        }
    }
    Ok(ArchivePush {
        notes: ready.len() as u64,
        not_in_crm,
        report,
    })
}

/// [`push_archive`] as the owner, for the archive at `path`, on a thread of its own with its
/// own runtime and connection; `None` when no CRM is connected (nothing to do).
pub fn push_blocking(
    path: &Path,
    lang: Lang,
    progress: &(dyn Fn(PushProgress) + Sync),
    cancel: &CancellationToken,
) -> Result<Option<ArchivePush>> {
    run_apart(|runtime| {
        let store = Store::open_existing(path)?;
        if crm_table::connection(store.conn())?.is_none() {
            return Ok(None);
        }
        let (_, client) = super::connected_client(&store, None, None)?;
        let owner = Viewer::owner(&store)?;
        runtime
            .block_on(push_archive(
                &store, &owner, &client, lang, progress, cancel,
            ))
            .map(Some)
    })
}

/// Runs `work` on a thread of its own with a runtime of its own, and waits for it: how
/// synchronous code (already inside a runtime or not) drives Pipedrive's futures, which hold
/// the store across awaits and so stay on one thread. `work` opens its own store.
pub fn run_apart<T: Send>(
    work: impl FnOnce(&tokio::runtime::Runtime) -> Result<T> + Send,
) -> Result<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pipedrive".into())
            .spawn_scoped(scope, || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| Error::Internal(format!("Pipedrive runtime: {e}")))?;
                work(&runtime)
            })
            .map_err(|e| Error::Internal(format!("Pipedrive thread: {e}")))?
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("the Pipedrive thread panicked".into())))
    })
}

/// The disconnect's CRM step: the archive's notes to the connected company, if any. A note
/// that fails is listed in the step's report; a refusal of the whole push (token, daily
/// allowance) fails the step, which the next run resumes.
pub fn push_on_disconnect(
    store: &Store,
    lang: Lang,
    progress: &(dyn Fn(PushProgress) + Sync),
    cancel: &CancellationToken,
) -> Result<Option<ArchivePush>> {
    if crm_table::connection(store.conn())?.is_none() {
        return Ok(None);
    }
    let path = store.path().ok_or_else(|| {
        Error::Internal("an archive in memory cannot push its notes to a CRM".into())
    })?;
    push_blocking(path, lang, progress, cancel)
}
