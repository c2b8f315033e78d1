//! Linking a conversation to one contact, lead or deal; suggesting a contact whose number
//! matches; a record's page listing its linked conversations.

use super::list::{self, ConversationRow};
use super::visibility::{Action, Viewer};
use crate::error::{Error, Result};
use crate::store::audit::{self, AuditAction};
use crate::store::contacts::{self, Contact};
use crate::store::links::{self as table, RecordRef};
use crate::store::{conversations, now_unix, Store};

/// Links conversation `id` to `record` (replacing a previous link), and writes it in the
/// audit log.
pub fn link(store: &Store, viewer: &Viewer, id: i64, record: RecordRef) -> Result<()> {
    viewer.check(store, Action::Link)?;
    let tx = store.conn().unchecked_transaction()?;
    conversations::customer(&tx, id)?.ok_or_else(|| list::not_found(id))?;
    if !table::record_exists(&tx, record)? {
        return Err(Error::invalid(
            "record",
            format!("la fiche {} n'existe pas (ou plus).", record.label()),
            format!("record {} does not exist (any more).", record.label()),
        ));
    }
    let now = now_unix();
    table::link(&tx, id, record, viewer.user.id, now)?;
    let subject = format!("conversation:{id}");
    audit::record(
        &tx,
        now,
        &viewer.user,
        AuditAction::Link,
        Some(&subject),
        Some(&record.label()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Removes conversation `id`'s link (nothing when it had none; only a real removal is
/// audited).
pub fn unlink(store: &Store, viewer: &Viewer, id: i64) -> Result<()> {
    viewer.check(store, Action::Link)?;
    let tx = store.conn().unchecked_transaction()?;
    let previous = table::of_conversation(&tx, id)?;
    if let Some(record) = previous {
        table::unlink(&tx, id)?;
        let subject = format!("conversation:{id}");
        audit::record(
            &tx,
            now_unix(),
            &viewer.user,
            AuditAction::Unlink,
            Some(&subject),
            Some(&record.label()),
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The contacts having conversation `id`'s customer number: what to suggest linking it to.
pub fn suggest_links(store: &Store, viewer: &Viewer, id: i64) -> Result<Vec<Contact>> {
    viewer.check(store, Action::Link)?;
    let conn = store.conn();
    let customer = conversations::customer(conn, id)?.ok_or_else(|| list::not_found(id))?;
    let number = customer.trim_start_matches("whatsapp:");
    contacts::by_phone(conn, number)?
        .into_iter()
        .filter_map(|contact| contacts::get(conn, contact).transpose())
        .collect()
}

/// The conversations linked to `record`, for its page: readable by every user who may see
/// the record, whatever the inbox's visibility.
pub fn record_conversations(
    store: &Store,
    viewer: &Viewer,
    record: RecordRef,
    now: i64,
) -> Result<Vec<ConversationRow>> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    let conn = store.conn();
    table::conversations_of(conn, record)?
        .into_iter()
        .filter_map(|id| conversations::list_row_by_id(conn, id).transpose())
        .map(|row| row.map(|r| list::row(r, now)))
        .collect()
}
