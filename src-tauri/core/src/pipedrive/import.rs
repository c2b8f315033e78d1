//! Importing persons and deals (v2, cursor pages, `updated_since` after the first run) and
//! leads (v1, `start`/`limit`) into the local contacts, deals and leads, page by page through
//! the shared lazy page stream. Each page is written in one transaction with the walk's
//! checkpoint, so Stop (or a kill) loses at most the page in flight and the next run resumes
//! at the next page. Records keep their Pipedrive id (`crm_id`): a later import — or one after
//! a CSV import that kept Pipedrive's "ID" — updates them, never doubles them. Persons are
//! matched to conversations by phone (E.164 with the default country). A record deleted in
//! Pipedrive is marked (`crm_deleted_at`), never removed.

use super::client::{Client, Envelope};
use crate::error::{Error, Result};
use crate::http::{self, Page};
use crate::inbox::visibility::{Action, Viewer};
use crate::phone::{self, Country};
use crate::store::audit::{self, AuditAction};
use crate::store::contacts::{self, ContactFields};
use crate::store::crm::{self, RecordTable};
use crate::store::links::{self, RecordRef};
use crate::store::opportunities::{self, Opportunity, OpportunityKind};
use crate::store::{now_unix, Store};
use futures_util::StreamExt;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

/// The largest page Pipedrive serves.
pub const PAGE_LIMIT: u32 = 500;

/// How an import runs.
#[derive(Clone, Copy, Debug)]
pub struct ImportOptions {
    /// Country of numbers written without `+`.
    pub country: Country,
    /// List everything again (not only what changed), marking the absent deleted.
    pub full: bool,
    /// Records per page (≤ 500).
    pub page_limit: u32,
}

impl ImportOptions {
    /// Changes since the last run, 500 a page.
    pub fn new(country: Country) -> ImportOptions {
        ImportOptions {
            country,
            full: false,
            page_limit: PAGE_LIMIT,
        }
    }
}

/// One entity's walk, in the order an import runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// v2 persons → contacts.
    Persons,
    /// v2 deals → deals.
    Deals,
    /// v2 deals deleted (`status=deleted`) → marks.
    DeletedDeals,
    /// v1 leads → leads.
    Leads,
}

impl Entity {
    /// Every entity, in order (persons first: deals and leads point at them).
    pub const ALL: [Entity; 4] = [
        Entity::Persons,
        Entity::Deals,
        Entity::DeletedDeals,
        Entity::Leads,
    ];

    /// The walk's name in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Persons => "persons",
            Entity::Deals => "deals",
            Entity::DeletedDeals => "deleted_deals",
            Entity::Leads => "leads",
        }
    }
}

/// Progress after a page.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ImportProgress {
    /// The entity being walked.
    pub entity: Entity,
    /// Records of it read so far by this walk (a resumed walk counts from its start).
    pub items: u64,
}

/// What one entity's walk did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Records created locally.
    pub created: u64,
    /// Records updated (matched by Pipedrive id or, for a person, by number).
    pub updated: u64,
    /// Records marked deleted in Pipedrive.
    pub marked_deleted: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Persons → contacts.
    pub persons: Counts,
    /// Deals.
    pub deals: Counts,
    /// Leads.
    pub leads: Counts,
    /// Conversations linked to a person by number.
    pub linked_conversations: u64,
    /// Whether a walk resumed where a stopped run had left it.
    pub resumed: bool,
}

/// Imports persons, deals and leads; stops at the next page boundary when `cancel` fires
/// (`Error::Cancelled`, what was read is kept and the next run resumes).
pub async fn import(
    store: &Store,
    viewer: &Viewer,
    client: &Client,
    options: &ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &CancellationToken,
) -> Result<ImportReport> {
    viewer.check(store, Action::EditRecords)?;
    let mut report = ImportReport::default();
    for entity in Entity::ALL {
        walk(
            store,
            viewer,
            client,
            entity,
            options,
            &mut report,
            progress,
            cancel,
        )
        .await?;
    }
    Ok(report)
}

/// A page of any list: its records and the position of the next page.
struct RemotePage<T> {
    items: Vec<T>,
    next: Option<String>,
}

impl<T> Page for RemotePage<T> {
    type Item = T;
    fn next_link(&self) -> Option<&str> {
        self.next.as_deref()
    }
    fn into_items(self) -> Vec<T> {
        self.items
    }
}

/// The cursor in v2's `additional_data.next_cursor`.
fn next_cursor(extra: Option<&serde_json::Value>) -> Option<String> {
    extra?.get("next_cursor")?.as_str().map(str::to_owned)
}

/// v1's `additional_data.pagination.next_start`, when there is more.
fn next_start(extra: Option<&serde_json::Value>) -> Option<String> {
    let pagination = extra?.get("pagination")?;
    if !pagination.get("more_items_in_collection")?.as_bool()? {
        return None;
    }
    pagination
        .get("next_start")?
        .as_u64()
        .map(|n| n.to_string())
}

/// One walk: begun (or resumed), page after page, finished.
#[allow(clippy::too_many_arguments)]
async fn walk(
    store: &Store,
    viewer: &Viewer,
    client: &Client,
    entity: Entity,
    options: &ImportOptions,
    report: &mut ImportReport,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &CancellationToken,
) -> Result<()> {
    let name = entity.as_str();
    let mut state = crm::walk(store.conn(), name)?;
    if state.started_at.is_some() {
        report.resumed = true;
    } else {
        // Leads have no `updated_since` in v1: they are always listed whole.
        let since = (!options.full && entity != Entity::Leads)
            .then(|| state.next_since.clone())
            .flatten();
        let full = since.is_none() && entity != Entity::DeletedDeals;
        crm::begin_walk(store.conn(), name, since.as_deref(), full, now_unix())?;
        state = crm::walk(store.conn(), name)?;
    }
    let started_at = state.started_at.unwrap_or_else(now_unix);
    let limit = options.page_limit.clamp(1, PAGE_LIMIT).to_string();
    let since = state.since.clone();
    let fetch = |position: Option<String>| {
        let limit = limit.clone();
        let since = since.clone();
        async move { fetch_page(client, entity, position, &limit, since.as_deref()).await }
    };
    let pages = http::pages::pages(
        state.position.clone(),
        state.position.as_deref(),
        |link| Ok(Some(link.to_owned())),
        fetch,
    );
    futures_util::pin_mut!(pages);
    let mut items = state.items as u64;
    loop {
        let next = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(Error::Cancelled),
            next = pages.next() => next,
        };
        let Some(paged) = next else { break };
        let paged = paged?;
        let records = paged.page.into_items();
        let count = records.len();
        let tx = store.conn().unchecked_transaction()?;
        for record in records {
            apply(
                &tx,
                viewer,
                entity,
                state.full,
                record,
                options.country,
                report,
            )?;
        }
        crm::checkpoint(&tx, name, paged.next.as_deref(), count)?;
        tx.commit()?;
        items += count as u64;
        progress(ImportProgress { entity, items });
    }
    let tx = store.conn().unchecked_transaction()?;
    let now = now_unix();
    if state.full {
        if let Some(table) = table_of(entity) {
            let marked = crm::mark_unseen_deleted(&tx, table, name, now)?;
            counts_of(report, entity).marked_deleted += marked;
        }
    }
    // A margin under the start: a record edited while the walk ran is read again next time.
    let next_since = crate::rfc3339(started_at - 300);
    crm::finish_walk(&tx, name, &next_since, now)?;
    tx.commit()?;
    Ok(())
}

fn table_of(entity: Entity) -> Option<RecordTable> {
    match entity {
        Entity::Persons => Some(RecordTable::Contacts),
        Entity::Deals => Some(RecordTable::Deals),
        Entity::Leads => Some(RecordTable::Leads),
        Entity::DeletedDeals => None,
    }
}

fn counts_of(report: &mut ImportReport, entity: Entity) -> &mut Counts {
    match entity {
        Entity::Persons => &mut report.persons,
        Entity::Deals | Entity::DeletedDeals => &mut report.deals,
        Entity::Leads => &mut report.leads,
    }
}

/// A record of any list, as Pipedrive sends it.
enum Remote {
    Person(Person),
    Deal(Deal),
    Lead(Lead),
}

async fn fetch_page(
    client: &Client,
    entity: Entity,
    position: Option<String>,
    limit: &str,
    since: Option<&str>,
) -> Result<RemotePage<Remote>> {
    let mut query: Vec<(&str, String)> = vec![("limit", limit.to_owned())];
    match entity {
        Entity::Leads => {
            query.push(("start", position.unwrap_or_else(|| "0".into())));
            let page: Envelope<Option<Vec<Lead>>> = client.get("/v1/leads", &query).await?;
            let next = next_start(page.additional_data.as_ref());
            let items = page
                .data
                .unwrap_or_default()
                .into_iter()
                .map(Remote::Lead)
                .collect();
            return Ok(RemotePage { items, next });
        }
        _ => {
            if let Some(cursor) = position {
                query.push(("cursor", cursor));
            }
            if let Some(since) = since {
                query.push(("updated_since", since.to_owned()));
            }
        }
    }
    if entity == Entity::Persons {
        let page: Envelope<Vec<Person>> = client.get("/api/v2/persons", &query).await?;
        let next = next_cursor(page.additional_data.as_ref());
        let items = page.data.into_iter().map(Remote::Person).collect();
        return Ok(RemotePage { items, next });
    }
    if entity == Entity::DeletedDeals {
        query.push(("status", "deleted".into()));
    }
    let page: Envelope<Vec<Deal>> = client.get("/api/v2/deals", &query).await?;
    let next = next_cursor(page.additional_data.as_ref());
    let items = page.data.into_iter().map(Remote::Deal).collect();
    Ok(RemotePage { items, next })
}

/// A v2 person (the fields used).
#[derive(Debug, Deserialize)]
struct Person {
    id: i64,
    name: Option<String>,
    #[serde(default)]
    phones: Vec<Labelled>,
    #[serde(default)]
    emails: Vec<Labelled>,
    #[serde(default)]
    is_deleted: bool,
}

#[derive(Debug, Deserialize)]
struct Labelled {
    value: Option<String>,
    #[serde(default)]
    primary: bool,
}

/// A v2 deal (the fields used).
#[derive(Debug, Deserialize)]
struct Deal {
    id: i64,
    title: Option<String>,
    person_id: Option<i64>,
    value: Option<serde_json::Number>,
    currency: Option<String>,
    stage_id: Option<i64>,
    status: Option<String>,
    #[serde(default)]
    is_deleted: bool,
}

/// A v1 lead (the fields used).
#[derive(Debug, Deserialize)]
struct Lead {
    id: String,
    title: Option<String>,
    person_id: Option<i64>,
    value: Option<LeadValue>,
    source_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LeadValue {
    amount: Option<serde_json::Number>,
    currency: Option<String>,
}

/// Writes one record (and, for a full walk, remembers it was seen).
fn apply(
    conn: &Connection,
    viewer: &Viewer,
    entity: Entity,
    full: bool,
    record: Remote,
    country: Country,
    report: &mut ImportReport,
) -> Result<()> {
    let now = now_unix();
    match record {
        Remote::Deal(d) if entity == Entity::DeletedDeals || d.is_deleted => {
            if crm::mark_deleted(conn, RecordTable::Deals, &d.id.to_string(), now)? {
                report.deals.marked_deleted += 1;
            }
        }
        Remote::Person(p) if p.is_deleted => {
            if crm::mark_deleted(conn, RecordTable::Contacts, &p.id.to_string(), now)? {
                report.persons.marked_deleted += 1;
            }
        }
        Remote::Person(p) => {
            let crm_id = p.id.to_string();
            let fields = person_fields(&p, country);
            let (id, created) = upsert_contact(conn, &fields, now)?;
            bump(&mut report.persons, created);
            crm::clear_deleted(conn, RecordTable::Contacts, id)?;
            report.linked_conversations += link_by_phone(conn, viewer, id, &fields.phones, now)?;
            if full {
                crm::seen(conn, entity.as_str(), &crm_id)?;
            }
        }
        Remote::Deal(d) => {
            let o = Opportunity {
                title: d.title.clone().unwrap_or_else(|| format!("Deal {}", d.id)),
                contact_id: person(conn, d.person_id)?,
                value: d.value.map(|v| v.to_string()),
                currency: d.currency,
                stage: d.stage_id.map(|s| s.to_string()),
                status: d.status,
                crm_id: Some(d.id.to_string()),
                ..Opportunity::default()
            };
            let (id, created) = upsert_opportunity(conn, OpportunityKind::Deal, &o, now)?;
            bump(&mut report.deals, created);
            crm::clear_deleted(conn, RecordTable::Deals, id)?;
            if full {
                crm::seen(conn, entity.as_str(), &d.id.to_string())?;
            }
        }
        Remote::Lead(l) => {
            let value = l.value.as_ref();
            let o = Opportunity {
                title: l.title.clone().unwrap_or_else(|| "Lead".into()),
                contact_id: person(conn, l.person_id)?,
                value: value.and_then(|v| v.amount.as_ref()).map(|a| a.to_string()),
                currency: value.and_then(|v| v.currency.clone()),
                source: l.source_name,
                crm_id: Some(l.id.clone()),
                ..Opportunity::default()
            };
            let (id, created) = upsert_opportunity(conn, OpportunityKind::Lead, &o, now)?;
            bump(&mut report.leads, created);
            crm::clear_deleted(conn, RecordTable::Leads, id)?;
            if full {
                crm::seen(conn, entity.as_str(), &l.id)?;
            }
        }
    }
    Ok(())
}

fn bump(counts: &mut Counts, created: bool) {
    if created {
        counts.created += 1;
    } else {
        counts.updated += 1;
    }
}

/// A person's fields; numbers Pipedrive holds that do not read as phone numbers are left out.
fn person_fields(p: &Person, country: Country) -> ContactFields {
    let mut phones: Vec<String> = p
        .phones
        .iter()
        .filter_map(|ph| ph.value.as_deref())
        .filter(|v| !v.trim().is_empty())
        .filter_map(|v| phone::normalise(v, country).ok())
        .collect();
    phones.sort();
    phones.dedup();
    let email = p
        .emails
        .iter()
        .filter(|e| e.value.as_deref().is_some_and(|v| !v.is_empty()))
        .max_by_key(|e| e.primary)
        .and_then(|e| e.value.clone());
    ContactFields {
        name: p
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("Pipedrive {}", p.id)),
        phones,
        email,
        organisation: None,
        crm_id: Some(p.id.to_string()),
    }
}

/// The contact of a person: same Pipedrive id (a CSV import's too), else a contact without
/// one having the same number (adopted), else a new one. Whether it was created.
fn upsert_contact(conn: &Connection, fields: &ContactFields, now: i64) -> Result<(i64, bool)> {
    let crm_id = fields.crm_id.as_deref().unwrap_or_default();
    if let Some(id) = contacts::by_crm_id(conn, crm_id)? {
        contacts::update(conn, id, fields, now)?;
        return Ok((id, false));
    }
    for number in &fields.phones {
        for id in contacts::by_phone(conn, number)? {
            if contacts::get(conn, id)?.is_some_and(|c| c.crm_id.is_none()) {
                contacts::update(conn, id, fields, now)?;
                return Ok((id, false));
            }
        }
    }
    Ok((contacts::insert(conn, fields, now)?, true))
}

fn upsert_opportunity(
    conn: &Connection,
    kind: OpportunityKind,
    o: &Opportunity,
    now: i64,
) -> Result<(i64, bool)> {
    let crm_id = o.crm_id.as_deref().unwrap_or_default();
    match opportunities::by_crm_id(conn, kind, crm_id)? {
        Some(id) => {
            opportunities::update(conn, kind, id, o, now)?;
            Ok((id, false))
        }
        None => Ok((opportunities::insert(conn, kind, o, now)?, true)),
    }
}

/// The local contact of a Pipedrive person id.
fn person(conn: &Connection, person_id: Option<i64>) -> Result<Option<i64>> {
    match person_id {
        Some(p) => contacts::by_crm_id(conn, &p.to_string()),
        None => Ok(None),
    }
}

/// Links the conversations with one of `phones` that are linked to nothing yet to `contact`
/// (a link the user made is never replaced); how many.
fn link_by_phone(
    conn: &Connection,
    viewer: &Viewer,
    contact: i64,
    phones: &[String],
    now: i64,
) -> Result<u64> {
    let mut linked = 0;
    for number in phones {
        for conversation in links::unlinked_of_customer(conn, &format!("whatsapp:{number}"))? {
            let record = RecordRef::Contact(contact);
            links::link(conn, conversation, record, viewer.user.id, now)?;
            let subject = format!("conversation:{conversation}");
            let detail = format!("{} (Pipedrive)", record.label());
            audit::record(
                conn,
                now,
                &viewer.user,
                AuditAction::Link,
                Some(&subject),
                Some(&detail),
            )?;
            linked += 1;
        }
    }
    Ok(linked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn next_positions_table() {
        let cases = [
            (json!({"next_cursor": "abc"}), Some("abc"), None),
            (json!({"next_cursor": null}), None, None),
            (
                json!({"pagination": {"start": 0, "limit": 2, "more_items_in_collection": true, "next_start": 2}}),
                None,
                Some("2"),
            ),
            (
                json!({"pagination": {"start": 2, "limit": 2, "more_items_in_collection": false}}),
                None,
                None,
            ),
        ];
        for (extra, cursor, start) in cases {
            assert_eq!(next_cursor(Some(&extra)).as_deref(), cursor, "{extra}");
            assert_eq!(next_start(Some(&extra)).as_deref(), start, "{extra}");
        }
        assert_eq!(next_cursor(None), None);
    }
}
