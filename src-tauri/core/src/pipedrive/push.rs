//! Pushing notes to Pipedrive (`POST /v1/notes`) on their person, deal or lead, as HTML, with
//! `add_time` = the date of the note's first message. Pipedrive keeps `add_time` only for an
//! admin's token: the answer's `data.add_time` is read back, and when it is not the date sent,
//! the note is rewritten (`PUT`) with the original date at its top.
//!
//! Never twice: each note's remote id is kept (`crm_pushes`); a note whose content changed is
//! updated with `PUT`. A POST is recorded as under way (committed) before it leaves, and
//! carries a reference line; a run that finds a POST under way (killed before the answer)
//! looks the note up on its record by that reference before posting again.

use super::client::Client;
use super::errors::Problem;
use crate::error::{Error, Result, Severity};
use crate::lang::Lang;
use crate::store::contacts;
use crate::store::crm::{self, RecordTable};
use crate::store::crm_pushes::{self, Push, PushState};
use crate::store::links::RecordRef;
use crate::store::opportunities::{self, OpportunityKind};
use crate::store::{now_unix, Store};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

/// A note to push: its local key, the local record it belongs to, its HTML and the date of
/// its first message (unix seconds). The notes module builds these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteToPush {
    /// The local note's stable key (never reused for another note).
    pub local_id: String,
    /// The contact, lead or deal it is about (which must carry a Pipedrive id).
    pub record: RecordRef,
    /// The note, HTML.
    pub html: String,
    /// Date of the conversation's first message in the note (unix seconds, UTC).
    pub first_message_at: i64,
}

/// What a push did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushReport {
    /// Notes created in Pipedrive.
    pub created: u64,
    /// Notes updated (`PUT`) because their content changed.
    pub updated: u64,
    /// Notes already in Pipedrive as they are.
    pub unchanged: u64,
    /// Notes found in Pipedrive after a run stopped before Pipedrive's answer.
    pub recovered: u64,
    /// Notes whose date had to be written in the text (the token is not an admin's).
    pub date_in_text: u64,
    /// Notes that failed this time, with the reason (retried by the next push).
    pub failed: Vec<PushFailure>,
}

/// A note that could not be pushed, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushFailure {
    /// The local note's key.
    pub local_id: String,
    /// The error's stable code.
    pub code: String,
    /// Why, in plain words.
    pub message: String,
}

/// Progress after each note.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct PushProgress {
    /// Notes handled so far.
    pub done: u64,
    /// Notes to handle.
    pub total: u64,
}

/// Pushes `notes`; a note that fails is recorded with its reason and the others go on, unless
/// the failure stops everything (a refused token, the daily allowance), which is returned.
/// `cancel` stops between notes — or during one: what was sent is found again next time.
pub async fn push_notes(
    store: &Store,
    client: &Client,
    notes: &[NoteToPush],
    lang: Lang,
    progress: &(dyn Fn(PushProgress) + Sync),
    cancel: &CancellationToken,
) -> Result<PushReport> {
    let mut report = PushReport::default();
    let total = notes.len() as u64;
    for (done, note) in notes.iter().enumerate() {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let outcome = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(Error::Cancelled),
            outcome = push_one(store, client, note, lang) => outcome,
        };
        match outcome {
            Ok(done) => count(&mut report, done),
            Err(e) => {
                let failure = PushFailure {
                    local_id: note.local_id.clone(),
                    code: e.code().to_string(),
                    message: e.message(lang),
                };
                let target =
                    target_label(store, note.record).unwrap_or_else(|_| note.record.label());
                crm_pushes::failed(
                    store.conn(),
                    &note.local_id,
                    &target,
                    &content_hash(note),
                    &failure.code,
                    &failure.message,
                    now_unix(),
                )?;
                if e.severity() == Severity::Fatal {
                    return Err(e);
                }
                report.failed.push(failure);
            }
        }
        progress(PushProgress {
            done: done as u64 + 1,
            total,
        });
    }
    Ok(report)
}

/// The notes whose last push failed, with the reason.
pub fn failed_pushes(store: &Store) -> Result<Vec<Push>> {
    crm_pushes::failures(store.conn())
}

/// What happened to one note.
enum Done {
    Created { date_in_text: bool },
    Updated,
    Unchanged,
    Recovered,
}

fn count(report: &mut PushReport, done: Done) {
    match done {
        Done::Created { date_in_text } => {
            report.created += 1;
            report.date_in_text += u64::from(date_in_text);
        }
        Done::Updated => report.updated += 1,
        Done::Unchanged => report.unchanged += 1,
        Done::Recovered => report.recovered += 1,
    }
}

/// Where a note goes in Pipedrive.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Person(i64),
    Deal(i64),
    Lead(String),
}

impl Target {
    fn field(&self) -> (&'static str, serde_json::Value) {
        match self {
            Target::Person(id) => ("person_id", (*id).into()),
            Target::Deal(id) => ("deal_id", (*id).into()),
            Target::Lead(id) => ("lead_id", id.clone().into()),
        }
    }

    fn label(&self) -> String {
        match self {
            Target::Person(id) => format!("person:{id}"),
            Target::Deal(id) => format!("deal:{id}"),
            Target::Lead(id) => format!("lead:{id}"),
        }
    }
}

fn target_label(store: &Store, record: RecordRef) -> Result<String> {
    Ok(target(store, record)?.label())
}

/// The Pipedrive record of a local one; refused when it has no Pipedrive id or was deleted
/// there.
/// A local record's Pipedrive id (if it came from Pipedrive) and its table.
pub(crate) fn crm_id_of(store: &Store, record: RecordRef) -> Result<(Option<String>, RecordTable)> {
    let conn = store.conn();
    Ok(match record {
        RecordRef::Contact(id) => (
            contacts::get(conn, id)?.and_then(|c| c.crm_id),
            RecordTable::Contacts,
        ),
        RecordRef::Lead(id) => (
            opportunities::get(conn, OpportunityKind::Lead, id)?.and_then(|o| o.crm_id),
            RecordTable::Leads,
        ),
        RecordRef::Deal(id) => (
            opportunities::get(conn, OpportunityKind::Deal, id)?.and_then(|o| o.crm_id),
            RecordTable::Deals,
        ),
    })
}

fn target(store: &Store, record: RecordRef) -> Result<Target> {
    let conn = store.conn();
    let (crm_id, table) = crm_id_of(store, record)?;
    let local = match record {
        RecordRef::Contact(id) | RecordRef::Lead(id) | RecordRef::Deal(id) => id,
    };
    let Some(crm_id) = crm_id else {
        return Err(Error::invalid(
            "record",
            format!("la fiche {} ne vient pas de Pipedrive (aucun identifiant Pipedrive) : liez la conversation à une fiche importée de Pipedrive.", record.label()),
            format!("record {} does not come from Pipedrive (no Pipedrive id): link the conversation to a record imported from Pipedrive.", record.label()),
        ));
    };
    if crm::deleted_at(conn, table, local)?.is_some() {
        return Err(super::errors::crm(
            Problem::Gone,
            410,
            "deleted in Pipedrive",
        ));
    }
    let number = || {
        crm_id.parse::<i64>().map_err(|_| {
            Error::Internal(format!(
                "Pipedrive id {crm_id:?} of {} is not a number",
                record.label()
            ))
        })
    };
    Ok(match record {
        RecordRef::Contact(_) => Target::Person(number()?),
        RecordRef::Deal(_) => Target::Deal(number()?),
        RecordRef::Lead(_) => Target::Lead(crm_id.clone()),
    })
}

/// The note as Pipedrive returns it (the fields used).
#[derive(Debug, Deserialize)]
struct RemoteNote {
    id: i64,
    add_time: Option<String>,
    #[serde(default)]
    content: Option<String>,
}

async fn push_one(store: &Store, client: &Client, note: &NoteToPush, lang: Lang) -> Result<Done> {
    let target = target(store, note.record)?;
    let hash = content_hash(note);
    let label = target.label();
    let previous = crm_pushes::get(store.conn(), &note.local_id)?;
    let add_time = pipedrive_time(note.first_message_at);
    if let Some(p) = previous
        .as_ref()
        .filter(|p| p.remote_id.is_some() && p.target == label)
    {
        let remote = p.remote_id.unwrap_or_default();
        if p.content_hash == hash && p.state == PushState::Pushed {
            return Ok(Done::Unchanged);
        }
        let content = content(note, p.date_in_text, lang);
        let body = serde_json::json!({ "content": content, "add_time": add_time });
        client
            .put::<RemoteNote>(&format!("/v1/notes/{remote}"), &body)
            .await?;
        crm_pushes::pushed(
            store.conn(),
            &note.local_id,
            &label,
            remote,
            &hash,
            p.date_in_text,
            now_unix(),
        )?;
        return Ok(Done::Updated);
    }
    if previous
        .as_ref()
        .is_some_and(|p| p.state == PushState::Posting && p.target == label)
    {
        if let Some(found) = find_posted(client, &target, &note.local_id).await? {
            let kept = found.add_time.as_deref() == Some(add_time.as_str());
            crm_pushes::pushed(
                store.conn(),
                &note.local_id,
                &label,
                found.id,
                &hash,
                !kept,
                now_unix(),
            )?;
            return Ok(Done::Recovered);
        }
    }
    // Committed before the POST leaves: a kill from here on is found by `find_posted`.
    crm_pushes::begin_post(store.conn(), &note.local_id, &label, &hash, now_unix())?;
    let (field, id) = target.field();
    let mut body =
        serde_json::json!({ "content": content(note, false, lang), "add_time": add_time });
    body[field] = id;
    let created = client.post::<RemoteNote>("/v1/notes", &body).await?.data;
    let kept = created.add_time.as_deref() == Some(add_time.as_str());
    if !kept {
        let body = serde_json::json!({ "content": content(note, true, lang) });
        client
            .put::<RemoteNote>(&format!("/v1/notes/{}", created.id), &body)
            .await?;
    }
    crm_pushes::pushed(
        store.conn(),
        &note.local_id,
        &label,
        created.id,
        &hash,
        !kept,
        now_unix(),
    )?;
    Ok(Done::Created {
        date_in_text: !kept,
    })
}

/// The note a stopped run posted on `target`, found by its reference line.
async fn find_posted(client: &Client, target: &Target, key: &str) -> Result<Option<RemoteNote>> {
    let (field, id) = target.field();
    let id = match id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    let reference = reference(key);
    let mut start = 0u64;
    loop {
        let query = [
            (field, id.clone()),
            ("start", start.to_string()),
            ("limit", "500".into()),
        ];
        let page = client
            .get::<Option<Vec<RemoteNote>>>("/v1/notes", &query)
            .await?;
        let notes = page.data.unwrap_or_default();
        let more = notes.len() == 500;
        if let Some(found) = notes
            .into_iter()
            .find(|n| n.content.as_deref().is_some_and(|c| c.contains(&reference)))
        {
            return Ok(Some(found));
        }
        if !more {
            return Ok(None);
        }
        start += 500;
    }
}

/// The reference line's text: finds the note again after a kill, survives HTML sanitising.
fn reference(key: &str) -> String {
    format!("(Passerelle ref. {key})")
}

/// The HTML sent: the date on top when Pipedrive did not keep it, the note, the reference.
fn content(note: &NoteToPush, date_in_text: bool, lang: Lang) -> String {
    let mut html = String::new();
    if date_in_text {
        let label = lang.pick("Date d'origine", "Original date");
        let sep = lang.pick(" : ", ": ");
        html.push_str(&format!(
            "<p><strong>{label}{sep}{} UTC</strong></p>",
            pipedrive_time(note.first_message_at)
        ));
    }
    html.push_str(&note.html);
    html.push_str(&format!(
        "<p><small>{}</small></p>",
        reference(&note.local_id)
    ));
    html
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, Pipedrive's `add_time`.
pub fn pipedrive_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// What identifies a note's content: its HTML and date (FNV-1a, 64 bits, hex).
pub(crate) fn content_hash(note: &NoteToPush) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let date = note.first_message_at.to_le_bytes();
    for byte in note.html.bytes().chain(date) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(html: &str, at: i64) -> NoteToPush {
        NoteToPush {
            local_id: "n1".into(),
            record: RecordRef::Contact(1),
            html: html.into(),
            first_message_at: at,
        }
    }

    #[test]
    fn content_carries_the_date_only_when_asked_and_always_the_reference() {
        let n = note("<p>Bonjour</p>", 1_709_648_530);
        assert_eq!(pipedrive_time(n.first_message_at), "2024-03-05 14:22:10");
        let plain = content(&n, false, Lang::En);
        assert!(plain.starts_with("<p>Bonjour</p>") && plain.contains("(Passerelle ref. n1)"));
        let dated = content(&n, true, Lang::Fr);
        assert!(
            dated.starts_with("<p><strong>Date d'origine : 2024-03-05 14:22:10 UTC</strong></p>"),
            "{dated}"
        );
        assert!(
            !reference("n1").contains(&reference("n12"))
                && !reference("n12").contains(&reference("n1"))
        );
    }

    #[test]
    fn the_hash_changes_with_the_content_or_the_date() {
        let a = content_hash(&note("a", 1));
        assert_eq!(a, content_hash(&note("a", 1)));
        assert_ne!(a, content_hash(&note("b", 1)));
        assert_ne!(a, content_hash(&note("a", 2)));
    }
}
