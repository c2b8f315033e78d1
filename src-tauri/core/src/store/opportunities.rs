//! The `leads` and `deals` tables: a lead (title, contact, value, source) and a deal (title,
//! contact, value, currency, stage, status) share one shape here, [`Opportunity`], so one set
//! of statements serves both; the columns a kind lacks stay empty.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityKind {
    /// A lead.
    Lead,
    /// A deal.
    Deal,
}

impl OpportunityKind {
    fn table(self) -> &'static str {
        match self {
            OpportunityKind::Lead => "leads",
            OpportunityKind::Deal => "deals",
        }
    }
}

/// A lead or a deal, to create or update, or as stored (`id` 0 before it is).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    /// Row id (0 for a new one).
    pub id: i64,
    /// Title (required).
    pub title: String,
    /// The person it is about.
    pub contact_id: Option<i64>,
    /// Decimal text (`1234.50`).
    pub value: Option<String>,
    /// ISO 4217 (`EUR`).
    pub currency: Option<String>,
    /// Where the lead came from (leads only).
    pub source: Option<String>,
    /// Pipeline stage (deals only).
    pub stage: Option<String>,
    /// open | won | lost (deals only).
    pub status: Option<String>,
    /// The CRM's own id.
    pub crm_id: Option<String>,
}

/// Creates one; returns its id.
pub(crate) fn insert(
    conn: &Connection,
    kind: OpportunityKind,
    o: &Opportunity,
    now: i64,
) -> Result<i64> {
    match kind {
        OpportunityKind::Lead => conn
            .prepare_cached(
                "INSERT INTO leads (title, contact_id, value, currency, source, crm_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(params![o.title, o.contact_id, o.value, o.currency, o.source, o.crm_id, now])?,
        OpportunityKind::Deal => conn
            .prepare_cached(
                "INSERT INTO deals (title, contact_id, value, currency, stage, status, crm_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?
            .execute(params![o.title, o.contact_id, o.value, o.currency, o.stage, o.status, o.crm_id, now])?,
    };
    Ok(conn.last_insert_rowid())
}

/// Updates one; a field given as `None` keeps its stored value.
pub(crate) fn update(
    conn: &Connection,
    kind: OpportunityKind,
    id: i64,
    o: &Opportunity,
    now: i64,
) -> Result<()> {
    match kind {
        OpportunityKind::Lead => conn
            .prepare_cached(
                "UPDATE leads SET title = ?2, contact_id = coalesce(?3, contact_id),
                        value = coalesce(?4, value), currency = coalesce(?5, currency),
                        source = coalesce(?6, source), crm_id = coalesce(?7, crm_id), updated_at = ?8
                 WHERE id = ?1",
            )?
            .execute(params![id, o.title, o.contact_id, o.value, o.currency, o.source, o.crm_id, now])?,
        OpportunityKind::Deal => conn
            .prepare_cached(
                "UPDATE deals SET title = ?2, contact_id = coalesce(?3, contact_id),
                        value = coalesce(?4, value), currency = coalesce(?5, currency),
                        stage = coalesce(?6, stage), status = coalesce(?7, status),
                        crm_id = coalesce(?8, crm_id), updated_at = ?9
                 WHERE id = ?1",
            )?
            .execute(params![id, o.title, o.contact_id, o.value, o.currency, o.stage, o.status, o.crm_id, now])?,
    };
    Ok(())
}

/// Deletes one (its links go with it; messages never do).
pub(crate) fn delete(conn: &Connection, kind: OpportunityKind, id: i64) -> Result<bool> {
    let sql = format!("DELETE FROM {} WHERE id = ?1", kind.table());
    Ok(conn.execute(&sql, [id])? > 0)
}

/// One lead or deal.
pub(crate) fn get(
    conn: &Connection,
    kind: OpportunityKind,
    id: i64,
) -> Result<Option<Opportunity>> {
    let sql = format!("{} WHERE id = ?1", select(kind));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], opportunity)
        .optional()?)
}

/// The columns of [`Opportunity`], in order, for a kind (the ones it lacks as NULL).
fn select(kind: OpportunityKind) -> &'static str {
    match kind {
        OpportunityKind::Lead => {
            "SELECT id, title, contact_id, value, currency, source, NULL, NULL, crm_id FROM leads"
        }
        OpportunityKind::Deal => {
            "SELECT id, title, contact_id, value, currency, NULL, stage, status, crm_id FROM deals"
        }
    }
}

fn opportunity(r: &rusqlite::Row<'_>) -> rusqlite::Result<Opportunity> {
    Ok(Opportunity {
        id: r.get(0)?,
        title: r.get(1)?,
        contact_id: r.get(2)?,
        value: r.get(3)?,
        currency: r.get(4)?,
        source: r.get(5)?,
        stage: r.get(6)?,
        status: r.get(7)?,
        crm_id: r.get(8)?,
    })
}

/// Those whose title holds `text` (ASCII case ignored; all when empty), by title, `limit`
/// from `offset`.
pub(crate) fn search(
    conn: &Connection,
    kind: OpportunityKind,
    text: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<Opportunity>> {
    let sql = format!(
        "{} WHERE ?1 = '' OR instr(lower(title), ?1) > 0
         ORDER BY title COLLATE NOCASE, id LIMIT ?2 OFFSET ?3",
        select(kind)
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(
            params![text.to_ascii_lowercase(), limit as i64, offset as i64],
            opportunity,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The ones about contact `contact_id`, by title: what a contact's page lists.
pub(crate) fn of_contact(
    conn: &Connection,
    kind: OpportunityKind,
    contact_id: i64,
) -> Result<Vec<Opportunity>> {
    let sql = format!(
        "{} WHERE contact_id = ?1 ORDER BY title COLLATE NOCASE, id",
        select(kind)
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([contact_id], opportunity)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The one with this CRM id.
pub(crate) fn by_crm_id(
    conn: &Connection,
    kind: OpportunityKind,
    crm_id: &str,
) -> Result<Option<i64>> {
    let sql = format!("SELECT id FROM {} WHERE crm_id = ?1", kind.table());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([crm_id], |r| r.get(0))
        .optional()?)
}

/// The oldest one with this title (case ignored) and contact.
pub(crate) fn by_title(
    conn: &Connection,
    kind: OpportunityKind,
    title: &str,
    contact_id: Option<i64>,
) -> Result<Option<i64>> {
    let sql = format!(
        "SELECT id FROM {} WHERE title = ?1 COLLATE NOCASE AND contact_id IS ?2 ORDER BY id LIMIT 1",
        kind.table()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![title, contact_id], |r| r.get(0))
        .optional()?)
}

/// How many there are.
pub(crate) fn count(conn: &Connection, kind: OpportunityKind) -> Result<u64> {
    let sql = format!("SELECT count(*) FROM {}", kind.table());
    Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as u64)
}
