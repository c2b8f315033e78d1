//! Local CRM records — contacts, leads and deals — kept beside the archive so conversations
//! can be linked to them, and their CSV import ([`import`]). Every user of the installation
//! sees and edits records ([`Action::EditRecords`]); deleting one never deletes a message.

pub mod import;
pub mod page;

use crate::error::{Error, Result};
use crate::inbox::visibility::{Action, Viewer};
use crate::phone::{self, Country};
use crate::store::contacts::{self, Contact, ContactFields};
use crate::store::opportunities::{self, Opportunity, OpportunityKind};
use crate::store::{now_unix, Store};

pub use page::{record_page, RecordPage};

pub use import::{
    import_file, preview_file, ImportKind, ImportPreview, ImportReport, ImportRequest,
};

/// A contact as typed by the user: numbers in any common writing, read with `country`.
pub fn create_contact(
    store: &Store,
    viewer: &Viewer,
    fields: &ContactFields,
    country: Country,
) -> Result<Contact> {
    viewer.check(store, Action::EditRecords)?;
    let fields = checked_contact(fields, country)?;
    let id = contacts::insert(store.conn(), &fields, now_unix())?;
    contact(store, viewer, id)
}

/// Replaces a contact's fields and numbers.
pub fn update_contact(
    store: &Store,
    viewer: &Viewer,
    id: i64,
    fields: &ContactFields,
    country: Country,
) -> Result<Contact> {
    viewer.check(store, Action::EditRecords)?;
    let fields = checked_contact(fields, country)?;
    let tx = store.conn().unchecked_transaction()?;
    contacts::get(&tx, id)?.ok_or_else(|| not_found("contact", id))?;
    contacts::update(&tx, id, &fields, now_unix())?;
    contacts::set_phones(&tx, id, &fields.phones)?;
    tx.commit()?;
    contact(store, viewer, id)
}

/// Deletes a contact; its conversations stay, unlinked.
pub fn delete_contact(store: &Store, viewer: &Viewer, id: i64) -> Result<()> {
    viewer.check(store, Action::EditRecords)?;
    if contacts::delete(store.conn(), id)? {
        Ok(())
    } else {
        Err(not_found("contact", id))
    }
}

/// One contact.
pub fn contact(store: &Store, viewer: &Viewer, id: i64) -> Result<Contact> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    contacts::get(store.conn(), id)?.ok_or_else(|| not_found("contact", id))
}

/// Contacts whose name holds `text` (all when empty), by name, `limit` from `offset`.
pub fn contacts(
    store: &Store,
    viewer: &Viewer,
    text: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<Contact>> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    contacts::search(store.conn(), text.trim(), offset, limit.clamp(1, 500))
}

/// Creates a lead or a deal.
pub fn create_opportunity(
    store: &Store,
    viewer: &Viewer,
    kind: OpportunityKind,
    fields: &Opportunity,
) -> Result<Opportunity> {
    viewer.check(store, Action::EditRecords)?;
    checked_title(&fields.title)?;
    let id = opportunities::insert(store.conn(), kind, fields, now_unix())?;
    opportunity(store, viewer, kind, id)
}

/// Updates a lead or a deal (fields left empty keep their value).
pub fn update_opportunity(
    store: &Store,
    viewer: &Viewer,
    kind: OpportunityKind,
    id: i64,
    fields: &Opportunity,
) -> Result<Opportunity> {
    viewer.check(store, Action::EditRecords)?;
    checked_title(&fields.title)?;
    opportunity(store, viewer, kind, id)?;
    opportunities::update(store.conn(), kind, id, fields, now_unix())?;
    opportunity(store, viewer, kind, id)
}

/// Deletes a lead or a deal; its conversations stay, unlinked.
pub fn delete_opportunity(
    store: &Store,
    viewer: &Viewer,
    kind: OpportunityKind,
    id: i64,
) -> Result<()> {
    viewer.check(store, Action::EditRecords)?;
    if opportunities::delete(store.conn(), kind, id)? {
        Ok(())
    } else {
        Err(not_found(kind_name(kind), id))
    }
}

/// One lead or deal.
pub fn opportunity(
    store: &Store,
    viewer: &Viewer,
    kind: OpportunityKind,
    id: i64,
) -> Result<Opportunity> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    opportunities::get(store.conn(), kind, id)?.ok_or_else(|| not_found(kind_name(kind), id))
}

/// Leads or deals whose title holds `text` (all when empty), by title, `limit` from `offset`.
pub fn opportunities(
    store: &Store,
    viewer: &Viewer,
    kind: OpportunityKind,
    text: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<Opportunity>> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    opportunities::search(store.conn(), kind, text.trim(), offset, limit.clamp(1, 500))
}

/// How many records of each kind there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordCounts {
    /// Contacts.
    pub contacts: u64,
    /// Leads.
    pub leads: u64,
    /// Deals.
    pub deals: u64,
}

/// How many contacts, leads and deals there are.
pub fn counts(store: &Store, viewer: &Viewer) -> Result<RecordCounts> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    let conn = store.conn();
    Ok(RecordCounts {
        contacts: contacts::count(conn)?,
        leads: opportunities::count(conn, OpportunityKind::Lead)?,
        deals: opportunities::count(conn, OpportunityKind::Deal)?,
    })
}

pub(crate) fn kind_name(kind: OpportunityKind) -> &'static str {
    match kind {
        OpportunityKind::Lead => "lead",
        OpportunityKind::Deal => "deal",
    }
}

pub(crate) fn not_found(what: &str, id: i64) -> Error {
    Error::invalid(
        what,
        format!("aucune fiche n° {id}."),
        format!("no record number {id}."),
    )
}

/// The fields with a name and every number in E.164.
fn checked_contact(fields: &ContactFields, country: Country) -> Result<ContactFields> {
    let name = fields.name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "un contact a besoin d'un nom.",
            "a contact needs a name.",
        ));
    }
    let mut phones = fields
        .phones
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| phone::normalise(p, country))
        .collect::<Result<Vec<_>>>()?;
    phones.sort();
    phones.dedup();
    let some = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    Ok(ContactFields {
        name: name.to_string(),
        phones,
        email: some(&fields.email),
        organisation: some(&fields.organisation),
        crm_id: some(&fields.crm_id),
    })
}

fn checked_title(title: &str) -> Result<()> {
    if title.trim().is_empty() {
        return Err(Error::invalid(
            "title",
            "un titre est nécessaire.",
            "a title is needed.",
        ));
    }
    Ok(())
}
