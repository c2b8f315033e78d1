//! Notes: a linked conversation written down on its record — one note for the whole
//! conversation, or one per day (the user's choice) — as sanitised HTML and plain text.
//! Converting again updates the same notes (key: conversation + day), never adds others.
//! Disconnecting converts every linked conversation ([`convert_all`]).
//!
//! - [`html`]: the HTML subset and escaping; [`render`]: a note's text, pure.
//! - Reading goes through the one visibility rule: notes are read by whoever may read a
//!   linked conversation on its record ([`Action::SeeLinkedOnRecord`]); converting is
//!   linking's business ([`Action::Link`]).
//! - For a CRM connector: [`list`] gives each note's record, HTML and first message date;
//!   [`set_remote`] keeps the CRM's id of a pushed note.

pub mod html;
pub mod render;

pub use crate::store::notes::{Note, NoteHit, Written};
pub use render::Zone;

use crate::error::{Error, Result};
use crate::failures::explain_failure;
use crate::inbox::visibility::{Action, Viewer};
use crate::lang::Lang;
use crate::phone::format_international;
use crate::store::links::{self, RecordRef};
use crate::store::notes::{self as table, NewNote};
use crate::store::{conversations, media, messages, now_unix, settings, Store};
use render::{Attachment, Entry, Header};
use serde::{Deserialize, Serialize};

/// How a conversation is cut into notes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// One note per conversation.
    #[default]
    Whole,
    /// One note per day of the conversation (in the user's time zone): for long ones.
    PerDay,
}

/// How to convert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertOptions {
    /// Whole conversation or per day.
    pub split: Split,
    /// The user's time zone.
    pub zone: Zone,
    /// The language the notes are written in.
    pub lang: Lang,
}

impl ConvertOptions {
    /// The options of the app and the command line: this computer's time zone.
    pub fn local(split: Split, lang: Lang) -> ConvertOptions {
        ConvertOptions {
            split,
            zone: Zone::Local,
            lang,
        }
    }
}

/// What a conversion did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertReport {
    /// Linked conversations converted.
    pub conversations: u64,
    /// New notes.
    pub added: u64,
    /// Notes rewritten because the conversation or its record changed.
    pub updated: u64,
    /// Notes already up to date.
    pub unchanged: u64,
    /// Notes of the other granularity (or of days left empty) removed.
    pub removed: u64,
}

impl ConvertReport {
    fn add(&mut self, other: ConvertReport) {
        self.conversations += other.conversations;
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.removed += other.removed;
    }
}

/// Which notes to list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotesQuery {
    /// Only the notes of this record.
    pub record: Option<RecordRef>,
    /// Notes per page (0: 100; at most 1,000).
    pub limit: usize,
    /// Notes to skip.
    pub offset: usize,
}

const SPLIT_SETTING: &str = "notes.split";

/// The split the user chose last (what a disconnect uses).
pub fn preferred_split(store: &Store) -> Result<Split> {
    Ok(match settings::get(store, SPLIT_SETTING)?.as_deref() {
        Some("per_day") => Split::PerDay,
        _ => Split::Whole,
    })
}

/// Remembers the user's split.
pub fn set_preferred_split(store: &Store, split: Split) -> Result<()> {
    let value = match split {
        Split::Whole => "whole",
        Split::PerDay => "per_day",
    };
    settings::set(store, SPLIT_SETTING, value)
}

/// Converts linked conversation `id` into notes on its record.
pub fn convert_conversation(
    store: &Store,
    viewer: &Viewer,
    id: i64,
    options: &ConvertOptions,
) -> Result<ConvertReport> {
    viewer.check(store, Action::Link)?;
    let tx = store.conn().unchecked_transaction()?;
    let report = convert_one(store, id, options)?;
    tx.commit()?;
    Ok(report)
}

/// Converts every linked conversation, calling `progress(done, total)` after each.
pub fn convert_all(
    store: &Store,
    viewer: &Viewer,
    options: &ConvertOptions,
    progress: &dyn Fn(u64, u64),
) -> Result<ConvertReport> {
    viewer.check(store, Action::Link)?;
    let ids = links::linked_conversations(store.conn())?;
    let total = ids.len() as u64;
    let mut report = ConvertReport::default();
    // A few hundred conversations per transaction: a kill loses at most one batch, which
    // the next run redoes (writing a note is idempotent).
    for (batch_index, batch) in ids.chunks(200).enumerate() {
        let tx = store.conn().unchecked_transaction()?;
        for id in batch {
            report.add(convert_one(store, *id, options)?);
        }
        tx.commit()?;
        progress(((batch_index * 200 + batch.len()) as u64).min(total), total);
    }
    Ok(report)
}

/// Notes, newest first, for a user who may read linked conversations on their records.
pub fn list(store: &Store, viewer: &Viewer, query: &NotesQuery) -> Result<Vec<Note>> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    let limit = match query.limit {
        0 => 100,
        n => n.min(1_000),
    };
    table::list(store.conn(), query.record, limit, query.offset)
}

/// One note.
pub fn get(store: &Store, viewer: &Viewer, id: i64) -> Result<Note> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    table::get(store.conn(), id)?.ok_or_else(|| {
        Error::invalid(
            "note",
            format!("aucune note n° {id}."),
            format!("no note number {id}."),
        )
    })
}

/// Full-text search over the notes (accents and case ignored; every word as a prefix).
pub fn search(store: &Store, viewer: &Viewer, text: &str, limit: usize) -> Result<Vec<NoteHit>> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    match crate::archive::fts_query(text) {
        Some(query) => table::search(store.conn(), &query, limit.clamp(1, 1_000)),
        None => Ok(Vec::new()),
    }
}

/// Records the CRM's id of note `id` after a push (the CRM connector calls this).
pub fn set_remote(store: &Store, id: i64, remote_id: &str) -> Result<()> {
    if table::set_remote(store.conn(), id, remote_id, now_unix())? {
        Ok(())
    } else {
        Err(Error::invalid(
            "note",
            format!("aucune note n° {id}."),
            format!("no note number {id}."),
        ))
    }
}

/// How many notes the archive holds.
pub fn count(store: &Store) -> Result<u64> {
    table::count(store.conn())
}

/// Converts one conversation inside the caller's transaction.
fn convert_one(store: &Store, id: i64, options: &ConvertOptions) -> Result<ConvertReport> {
    let conn = store.conn();
    let row = conversations::list_row_by_id(conn, id)?.ok_or_else(|| {
        Error::invalid(
            "conversation",
            format!("aucune conversation n° {id}."),
            format!("no conversation number {id}."),
        )
    })?;
    let Some(record) = row.link else {
        return Err(Error::invalid(
            "conversation",
            format!("la conversation n° {id} n'est reliée à aucune fiche."),
            format!("conversation {id} is not linked to any record."),
        ));
    };
    let header = Header {
        name: row
            .contact_name
            .clone()
            .or(row.profile_name.clone())
            .unwrap_or_else(|| format_international(&row.customer)),
        customer: format_international(&row.customer),
        business: format_international(&row.sender),
    };
    let entries = entries(store, id, options.lang)?;
    let mut groups: Vec<(String, Vec<Entry>)> = Vec::new();
    for entry in entries {
        let key = match options.split {
            Split::Whole => String::new(),
            Split::PerDay => options.zone.day(entry.at),
        };
        match groups.last_mut() {
            Some((last, list)) if *last == key => list.push(entry),
            _ => groups.push((key, vec![entry])),
        }
    }
    let now = now_unix();
    let mut report = ConvertReport {
        conversations: 1,
        ..ConvertReport::default()
    };
    for (day, group) in &groups {
        let rendered = render::render(&header, group, options.zone, options.lang);
        let note = NewNote {
            conversation_id: id,
            day: day.clone(),
            record,
            title: rendered.title,
            html: rendered.html,
            text: rendered.text,
            message_count: group.len() as i64,
            first_message_at: group.first().map(|e| e.at),
            last_message_at: group.last().map(|e| e.at),
        };
        match table::write(conn, &note, now)?.1 {
            Written::Added => report.added += 1,
            Written::Updated => report.updated += 1,
            Written::Unchanged => report.unchanged += 1,
        }
    }
    let keep: Vec<String> = groups.into_iter().map(|(day, _)| day).collect();
    report.removed = table::delete_others(conn, id, &keep)?;
    Ok(report)
}

/// The conversation's messages as note entries, oldest first.
fn entries(store: &Store, id: i64, lang: Lang) -> Result<Vec<Entry>> {
    let conn = store.conn();
    let folder = store
        .path()
        .map(|_| crate::media_folder::current(store))
        .transpose()?;
    messages::whole_thread(conn, id)?
        .into_iter()
        .map(|row| {
            let m = row.message;
            let failed = matches!(m.status.as_str(), "failed" | "undelivered");
            let failure = (failed || m.error_code.is_some()).then(|| match m.error_code {
                Some(code) => format!(
                    "{code}{}{}",
                    render::separator(lang),
                    explain_failure(code, lang).meaning
                ),
                None => m.status.clone(),
            });
            let media = if m.num_media > 0 {
                media::of_message(conn, &m.sid)?
                    .into_iter()
                    .map(|item| attachment(item, folder.as_deref()))
                    .collect()
            } else {
                Vec::new()
            };
            Ok(Entry {
                at: row.at,
                inbound: m.direction == "inbound",
                body: m.body,
                media,
                failure,
            })
        })
        .collect()
}

fn attachment(item: media::MediaItem, folder: Option<&std::path::Path>) -> Attachment {
    let name = item
        .file_path
        .as_deref()
        .and_then(|p| std::path::Path::new(p).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| item.sid.clone());
    let local = match (folder, item.file_path.as_deref()) {
        (Some(folder), Some(relative)) => std::path::absolute(folder.join(relative))
            .ok()
            .and_then(|p| url::Url::from_file_path(p).ok()),
        _ => None,
    };
    Attachment { name, local }
}
