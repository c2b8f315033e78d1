//! The CRM connector's tables: `crm_connection` (the connected company; its token is in the
//! OS keychain, never here), `crm_walks` (where each import walk stands, for Stop and resume,
//! and the `updated_since` of the next run), `crm_seen` (ids a full walk met, across a
//! resume), and the `crm_deleted_at` mark of contacts, leads and deals (a record deleted in
//! the CRM is marked, never removed).

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The connected CRM company, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmConnection {
    /// `{domain}.pipedrive.com`.
    pub company_domain: String,
    /// A simulator's URL; `None`: the company's own.
    pub base_url: Option<String>,
    /// The token's user.
    pub user_id: Option<i64>,
    /// Its name.
    pub user_name: Option<String>,
    /// The company's name.
    pub company_name: Option<String>,
    /// Whether the token is an admin's (notes keep their dates).
    pub is_admin: bool,
    /// When it was connected (unix seconds).
    pub connected_at: i64,
}

/// Saves the connection (replacing the previous one).
pub(crate) fn save_connection(conn: &Connection, c: &CrmConnection) -> Result<()> {
    conn.execute(
        "INSERT INTO crm_connection (id, company_domain, base_url, user_id, user_name, company_name, is_admin, connected_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET company_domain = excluded.company_domain,
             base_url = excluded.base_url, user_id = excluded.user_id, user_name = excluded.user_name,
             company_name = excluded.company_name, is_admin = excluded.is_admin,
             connected_at = excluded.connected_at",
        params![c.company_domain, c.base_url, c.user_id, c.user_name, c.company_name, c.is_admin, c.connected_at],
    )?;
    Ok(())
}

/// The connected company, if any.
pub(crate) fn connection(conn: &Connection) -> Result<Option<CrmConnection>> {
    Ok(conn
        .query_row(
            "SELECT company_domain, base_url, user_id, user_name, company_name, is_admin, connected_at
             FROM crm_connection WHERE id = 1",
            [],
            |r| {
                Ok(CrmConnection {
                    company_domain: r.get(0)?,
                    base_url: r.get(1)?,
                    user_id: r.get(2)?,
                    user_name: r.get(3)?,
                    company_name: r.get(4)?,
                    is_admin: r.get(5)?,
                    connected_at: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// Forgets the connection and every walk (imported records and pushed notes stay).
pub(crate) fn delete_connection(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM crm_connection; DELETE FROM crm_walks; DELETE FROM crm_seen;")?;
    Ok(())
}

/// Where one entity's walk stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Walk {
    /// `persons`, `deals`, `deleted_deals`, `leads`.
    pub entity: String,
    /// Cursor or start of the next page; `None`: the first.
    pub position: Option<String>,
    /// The walk's `updated_since`; `None`: everything.
    pub since: Option<String>,
    /// A full listing (absent records are deleted ones).
    pub full: bool,
    /// When the walk under way started; `None`: none under way.
    pub started_at: Option<i64>,
    /// `updated_since` of the next run.
    pub next_since: Option<String>,
    /// When the last walk finished.
    pub finished_at: Option<i64>,
    /// Records read by the walk under way (or the last one).
    pub items: i64,
}

/// An entity's walk (a default one when never walked).
pub(crate) fn walk(conn: &Connection, entity: &str) -> Result<Walk> {
    let found = conn
        .prepare_cached(
            "SELECT position, since, full, started_at, next_since, finished_at, items
             FROM crm_walks WHERE entity = ?1",
        )?
        .query_row([entity], |r| {
            Ok(Walk {
                entity: entity.to_owned(),
                position: r.get(0)?,
                since: r.get(1)?,
                full: r.get(2)?,
                started_at: r.get(3)?,
                next_since: r.get(4)?,
                finished_at: r.get(5)?,
                items: r.get(6)?,
            })
        })
        .optional()?;
    Ok(found.unwrap_or_else(|| Walk {
        entity: entity.to_owned(),
        ..Walk::default()
    }))
}

/// Every walk, for the status.
pub(crate) fn walks(conn: &Connection) -> Result<Vec<Walk>> {
    let entities = conn
        .prepare("SELECT entity FROM crm_walks ORDER BY entity")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    entities.iter().map(|e| walk(conn, e)).collect()
}

/// Starts a walk from its first page; a full one forgets the ids seen before.
pub(crate) fn begin_walk(
    conn: &Connection,
    entity: &str,
    since: Option<&str>,
    full: bool,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO crm_walks (entity, position, since, full, started_at, items)
         VALUES (?1, NULL, ?2, ?3, ?4, 0)
         ON CONFLICT (entity) DO UPDATE SET position = NULL, since = excluded.since,
             full = excluded.full, started_at = excluded.started_at, items = 0",
    )?
    .execute(params![entity, since, full, now])?;
    conn.prepare_cached("DELETE FROM crm_seen WHERE entity = ?1")?
        .execute([entity])?;
    Ok(())
}

/// A page is saved: the walk goes on from `position` (`None`: it was the last).
pub(crate) fn checkpoint(
    conn: &Connection,
    entity: &str,
    position: Option<&str>,
    items: usize,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE crm_walks SET position = ?2, items = items + ?3 WHERE entity = ?1",
    )?
    .execute(params![entity, position, items as i64])?;
    Ok(())
}

/// The walk is over: the next run asks for what changed since `next_since`.
pub(crate) fn finish_walk(
    conn: &Connection,
    entity: &str,
    next_since: &str,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE crm_walks SET position = NULL, started_at = NULL, next_since = ?2, finished_at = ?3
         WHERE entity = ?1",
    )?
    .execute(params![entity, next_since, now])?;
    conn.prepare_cached("DELETE FROM crm_seen WHERE entity = ?1")?
        .execute([entity])?;
    Ok(())
}

/// Remembers that a full walk met `crm_id`.
pub(crate) fn seen(conn: &Connection, entity: &str, crm_id: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO crm_seen (entity, crm_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?
    .execute([entity, crm_id])?;
    Ok(())
}

/// A table holding CRM records (and their `crm_deleted_at` mark).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordTable {
    /// `contacts`.
    Contacts,
    /// `leads`.
    Leads,
    /// `deals`.
    Deals,
}

impl RecordTable {
    fn name(self) -> &'static str {
        match self {
            RecordTable::Contacts => "contacts",
            RecordTable::Leads => "leads",
            RecordTable::Deals => "deals",
        }
    }
}

/// Marks the record with this CRM id deleted (once); whether one was marked.
pub(crate) fn mark_deleted(
    conn: &Connection,
    table: RecordTable,
    crm_id: &str,
    now: i64,
) -> Result<bool> {
    let sql = format!(
        "UPDATE {} SET crm_deleted_at = ?2 WHERE crm_id = ?1 AND crm_deleted_at IS NULL",
        table.name()
    );
    Ok(conn.prepare_cached(&sql)?.execute(params![crm_id, now])? > 0)
}

/// The record is in the CRM again (undeleted, or matched anew): no mark.
pub(crate) fn clear_deleted(conn: &Connection, table: RecordTable, id: i64) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET crm_deleted_at = NULL WHERE id = ?1",
        table.name()
    );
    conn.prepare_cached(&sql)?.execute([id])?;
    Ok(())
}

/// After a full walk of `entity`: marks deleted every record of `table` with a CRM id the walk
/// did not meet; how many.
pub(crate) fn mark_unseen_deleted(
    conn: &Connection,
    table: RecordTable,
    entity: &str,
    now: i64,
) -> Result<u64> {
    let sql = format!(
        "UPDATE {} SET crm_deleted_at = ?2
         WHERE crm_id IS NOT NULL AND crm_deleted_at IS NULL
           AND crm_id NOT IN (SELECT crm_id FROM crm_seen WHERE entity = ?1)",
        table.name()
    );
    Ok(conn.execute(&sql, params![entity, now])? as u64)
}

/// When the record was marked deleted in the CRM, if it was.
pub(crate) fn deleted_at(conn: &Connection, table: RecordTable, id: i64) -> Result<Option<i64>> {
    let sql = format!("SELECT crm_deleted_at FROM {} WHERE id = ?1", table.name());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// How many records of `table` are marked deleted.
pub(crate) fn deleted_count(conn: &Connection, table: RecordTable) -> Result<u64> {
    let sql = format!(
        "SELECT count(*) FROM {} WHERE crm_deleted_at IS NOT NULL",
        table.name()
    );
    Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as u64)
}

/// How many records of `table` carry a CRM id.
pub(crate) fn crm_count(conn: &Connection, table: RecordTable) -> Result<u64> {
    let sql = format!(
        "SELECT count(*) FROM {} WHERE crm_id IS NOT NULL",
        table.name()
    );
    Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as u64)
}
