//! A record's page: the contact, lead or deal itself, the person it is about, what else
//! hangs on that person, and its linked conversations — readable by every user allowed to
//! see records, whatever the inbox's visibility (PRODUCT.md: a linked conversation's details
//! stay with its record).

use super::{kind_name, not_found};
use crate::error::Result;
use crate::inbox::visibility::{Action, Viewer};
use crate::inbox::{record_conversations, ConversationRow, RecordRef};
use crate::store::contacts::{self, Contact};
use crate::store::opportunities::{self, Opportunity, OpportunityKind};
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// What a record's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPage {
    /// Which record.
    pub record: RecordRef,
    /// The contact itself, or the contact the lead or deal is about (when it has one).
    pub contact: Option<Contact>,
    /// The lead or deal itself (`None` on a contact's page).
    pub opportunity: Option<Opportunity>,
    /// On a contact's page: their leads.
    pub leads: Vec<Opportunity>,
    /// On a contact's page: their deals.
    pub deals: Vec<Opportunity>,
    /// The conversations linked to this record, most recently active first.
    pub conversations: Vec<ConversationRow>,
}

/// The page of `record` at time `now` (for the conversations' 24-hour windows).
pub fn record_page(
    store: &Store,
    viewer: &Viewer,
    record: RecordRef,
    now: i64,
) -> Result<RecordPage> {
    viewer.check(store, Action::SeeLinkedOnRecord)?;
    let conn = store.conn();
    let (contact, opportunity) = match record {
        RecordRef::Contact(id) => (
            Some(contacts::get(conn, id)?.ok_or_else(|| not_found("contact", id))?),
            None,
        ),
        RecordRef::Lead(id) | RecordRef::Deal(id) => {
            let kind = kind_of(record);
            let found = opportunities::get(conn, kind, id)?
                .ok_or_else(|| not_found(kind_name(kind), id))?;
            let contact = match found.contact_id {
                Some(c) => contacts::get(conn, c)?,
                None => None,
            };
            (contact, Some(found))
        }
    };
    let (leads, deals) = match record {
        RecordRef::Contact(id) => (
            opportunities::of_contact(conn, OpportunityKind::Lead, id)?,
            opportunities::of_contact(conn, OpportunityKind::Deal, id)?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    Ok(RecordPage {
        record,
        contact,
        opportunity,
        leads,
        deals,
        conversations: record_conversations(store, viewer, record, now)?,
    })
}

fn kind_of(record: RecordRef) -> OpportunityKind {
    match record {
        RecordRef::Deal(_) => OpportunityKind::Deal,
        _ => OpportunityKind::Lead,
    }
}
