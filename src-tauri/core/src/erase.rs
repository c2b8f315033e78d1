//! Erasing one customer (privacy-law requests): their messages, media files, notes and links
//! deleted from the archive — its full-text indexes merged so no word stays, the deleted
//! pages overwritten (`secure_delete`) — and, as an explicit second choice, the same
//! messages and media deleted at Twilio. The archive file is then rewritten (`VACUUM`) so no
//! copy of a deleted page stays in it. Backups made afterwards never hold them; backups
//! made before still do, and the preview says how many there are.
//!
//! An administrator (or the owner) erases; the audit log keeps who, when and how many, never
//! the number or the content.

use crate::error::{Error, Result};
use crate::ids::MessageSid;
use crate::inbox::visibility::{Action, Viewer};
use crate::lang::Lang;
use crate::phone::{self, Country};
use crate::store::audit::{self, AuditAction};
use crate::store::{backups, conversations, links, media, messages, notes, now_unix, Store};
use crate::twilio::Client;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

/// What erasing a customer deletes (or deleted) from the archive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseCounts {
    /// Conversations (one per business number they wrote to).
    pub conversations: u64,
    /// Messages.
    pub messages: u64,
    /// Media known in the archive.
    pub media: u64,
    /// Media files downloaded on this computer.
    pub media_files: u64,
    /// Notes made from their conversations.
    pub notes: u64,
    /// Links from their conversations to records (the records stay).
    pub links: u64,
}

/// What the confirmation shows before erasing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasePreview {
    /// The customer, E.164.
    pub customer: String,
    /// What goes.
    pub counts: EraseCounts,
    /// Backups made before now: they still hold the customer until deleted.
    pub older_backups: u64,
}

impl ErasePreview {
    /// The confirmation in plain words.
    pub fn summary(&self, lang: Lang) -> String {
        let c = &self.counts;
        let goes = match lang {
            Lang::Fr => format!(
                "Effacer {} supprime de l'archive : {} conversation(s), {} message(s), {} média(s) dont {} fichier(s) sur cet ordinateur, {} note(s) et {} lien(s) vers des fiches (les fiches restent).",
                self.customer, c.conversations, c.messages, c.media, c.media_files, c.notes, c.links
            ),
            Lang::En => format!(
                "Erasing {} deletes from the archive: {} conversation(s), {} message(s), {} media item(s) including {} file(s) on this computer, {} note(s) and {} link(s) to records (the records stay).",
                self.customer, c.conversations, c.messages, c.media, c.media_files, c.notes, c.links
            ),
        };
        let backups = match (lang, self.older_backups) {
            (_, 0) => String::new(),
            (Lang::Fr, n) => format!(" Les {n} sauvegarde(s) faites avant gardent ces messages : supprimez-les pour les effacer aussi. Les sauvegardes faites après ne les contiennent pas."),
            (Lang::En, n) => format!(" The {n} backup(s) made before still hold these messages: delete them to erase them there too. Backups made afterwards do not contain them."),
        };
        format!("{goes}{backups}")
    }
}

/// A message to delete at Twilio.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwilioTarget {
    /// SM… / MM…
    pub sid: String,
    /// Media Twilio announced for it (listed at Twilio before deleting).
    pub num_media: i64,
}

/// What was deleted at Twilio.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwilioErasure {
    /// Messages deleted.
    pub messages_deleted: u64,
    /// Media deleted.
    pub media_deleted: u64,
    /// Messages Twilio no longer had (deleted before).
    pub already_gone: u64,
    /// Messages that could not be deleted, with the reason (try again later).
    pub failed: Vec<(String, String)>,
}

/// The customer's conversations, after the permission check.
fn customer_conversations(
    store: &Store,
    viewer: &Viewer,
    number: &str,
    country: Country,
) -> Result<(String, Vec<i64>)> {
    viewer.check(store, Action::EraseCustomer)?;
    let e164 = phone::normalise(number, country)?;
    let ids = conversations::of_customer(store.conn(), &format!("whatsapp:{e164}"))?;
    Ok((e164, ids))
}

/// What erasing the customer at `number` would delete.
pub fn preview(
    store: &Store,
    viewer: &Viewer,
    number: &str,
    country: Country,
) -> Result<ErasePreview> {
    let (customer, ids) = customer_conversations(store, viewer, number, country)?;
    let conn = store.conn();
    let mut counts = EraseCounts {
        conversations: ids.len() as u64,
        notes: notes::count_of_conversations(conn, &ids)?,
        ..EraseCounts::default()
    };
    for id in &ids {
        counts.messages += messages::sids_of_conversation(conn, *id)?.len() as u64;
        let items = media::of_conversation(conn, *id)?;
        counts.media += items.len() as u64;
        counts.media_files += items.iter().filter(|m| m.file_path.is_some()).count() as u64;
        counts.links += u64::from(links::of_conversation(conn, *id)?.is_some());
    }
    let older_backups = match store.path() {
        Some(path) => crate::backups::list(path)?.len() as u64,
        None => 0,
    };
    Ok(ErasePreview {
        customer,
        counts,
        older_backups,
    })
}

/// Erases the customer at `number` from the archive: messages, media rows and files, notes,
/// links; then merges the search indexes, rewrites the file and truncates the write-ahead
/// log so no copy of the text stays in it. Written in the audit log (counts only). What was erased.
pub fn erase(
    store: &Store,
    viewer: &Viewer,
    number: &str,
    country: Country,
) -> Result<ErasePreview> {
    let erased = preview(store, viewer, number, country)?;
    let (_, ids) = customer_conversations(store, viewer, number, country)?;
    let conn = store.conn();
    let folder = store
        .path()
        .map(|_| crate::media_folder::current(store))
        .transpose()?;
    let mut files = Vec::new();
    conn.pragma_update(None, "secure_delete", true)?;
    let outcome = (|| -> Result<()> {
        let tx = conn.unchecked_transaction()?;
        for id in &ids {
            files.extend(
                media::of_conversation(&tx, *id)?
                    .into_iter()
                    .filter_map(|m| m.file_path),
            );
            messages::delete_of_conversation(&tx, *id)?;
            conversations::delete(&tx, *id)?;
        }
        let c = &erased.counts;
        let detail = format!(
            "conversations: {}, messages: {}, media: {}, notes: {}, links: {}",
            c.conversations, c.messages, c.media, c.notes, c.links
        );
        audit::record(
            &tx,
            now_unix(),
            &viewer.user,
            AuditAction::EraseCustomer,
            None,
            Some(&detail),
        )?;
        tx.commit()?;
        messages::purge_search_index(conn)?;
        notes::purge_search_index(conn)?;
        Ok(())
    })();
    conn.pragma_update(None, "secure_delete", false)?;
    outcome?;
    if store.path().is_some() {
        // `secure_delete` zeroes what it frees, but copies of a page may survive elsewhere in
        // the file (moved cells, the WAL): rewrite the whole file, then empty the WAL. Costly
        // on a large archive, and rare: a privacy request must leave nothing behind.
        conn.execute_batch("VACUUM")?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    if let Some(folder) = folder {
        for relative in files {
            let path = folder.join(&relative);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(format!("deleting {}", path.display()), e)),
            }
        }
    }
    Ok(erased)
}

/// The customer's messages as Twilio knows them: what [`erase_at_twilio`] deletes. Read
/// before [`erase`], which forgets them.
pub fn twilio_targets(
    store: &Store,
    viewer: &Viewer,
    number: &str,
    country: Country,
) -> Result<Vec<TwilioTarget>> {
    crate::disconnect::ensure_connected(store)?;
    let (_, ids) = customer_conversations(store, viewer, number, country)?;
    let mut targets = Vec::new();
    for id in ids {
        targets.extend(
            messages::sids_of_conversation(store.conn(), id)?
                .into_iter()
                .map(|(sid, num_media)| TwilioTarget { sid, num_media }),
        );
    }
    Ok(targets)
}

/// Deletes `targets` at Twilio: each message's media (listed at Twilio), then the message.
/// A message Twilio no longer has counts as already gone; other failures are reported, not
/// fatal, so the rest still goes.
pub async fn erase_at_twilio(client: &Client, targets: &[TwilioTarget]) -> TwilioErasure {
    // The futures are made before they are streamed: a closure mapping inside the stream makes
    // the whole future's `Send` depend on a lifetime the compiler cannot generalise, and the
    // window runs this on a multi-threaded runtime.
    let deletions: Vec<_> = targets
        .iter()
        .map(|target| async move { (target.sid.clone(), delete_one(client, target).await) })
        .collect();
    let outcomes: Vec<(String, Result<(u64, bool)>)> = futures_util::stream::iter(deletions)
        .buffer_unordered(8)
        .collect()
        .await;
    let mut report = TwilioErasure::default();
    for (sid, outcome) in outcomes {
        match outcome {
            Ok((media, true)) => {
                report.messages_deleted += 1;
                report.media_deleted += media;
            }
            Ok((media, false)) => {
                report.already_gone += 1;
                report.media_deleted += media;
            }
            Err(e) => report.failed.push((sid, e.message(Lang::En))),
        }
    }
    report.failed.sort();
    report
}

/// Refuses to go on to the archive when some messages could not be deleted at Twilio: the
/// archive's copy is what lets the deletion at Twilio be run again.
pub fn require_twilio_done(report: &TwilioErasure) -> Result<()> {
    if report.failed.is_empty() {
        return Ok(());
    }
    let n = report.failed.len();
    Err(crate::error::Error::invalid(
        "at_twilio",
        format!("{n} message(s) n'ont pas pu être supprimés chez Twilio ; l'archive n'a pas été touchée, relancez plus tard."),
        format!("{n} message(s) could not be deleted at Twilio; the archive was not touched, try again later."),
    ))
}

/// Deletes one message and its media: (media deleted, whether the message was still there).
async fn delete_one(client: &Client, target: &TwilioTarget) -> Result<(u64, bool)> {
    let mut media_deleted = 0;
    if target.num_media > 0 {
        let listed = match client.media_of(&MessageSid::parse(&target.sid)?).await {
            Ok(listed) => listed,
            Err(e) if is_gone(&e) => return Ok((0, false)),
            Err(e) => return Err(e),
        };
        for item in listed {
            match client.delete_media(&target.sid, item.sid.as_ref()).await {
                Ok(()) => media_deleted += 1,
                Err(e) if is_gone(&e) => {}
                Err(e) => return Err(e),
            }
        }
    }
    match client.delete_message(&target.sid).await {
        Ok(()) => Ok((media_deleted, true)),
        Err(e) if is_gone(&e) => Ok((media_deleted, false)),
        Err(e) => Err(e),
    }
}

fn is_gone(e: &Error) -> bool {
    matches!(e, Error::Twilio { status: 404, .. })
}

/// The backups folder of an archive, for the confirmation's wording.
pub fn backups_folder(store: &Store) -> Option<std::path::PathBuf> {
    store.path().map(backups::folder_for)
}
