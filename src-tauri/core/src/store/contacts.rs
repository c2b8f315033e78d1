//! The `contacts` and `contact_phones` tables: people, with their numbers in E.164 for
//! matching conversations.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A contact as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Numbers, E.164 (`+33612345678`), sorted.
    pub phones: Vec<String>,
    /// Email.
    pub email: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// The CRM's own id (Pipedrive's "ID").
    pub crm_id: Option<String>,
}

/// A contact's fields, to create or update one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    /// Name (required).
    pub name: String,
    /// Numbers, already E.164.
    pub phones: Vec<String>,
    /// Email.
    pub email: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// The CRM's own id.
    pub crm_id: Option<String>,
}

/// Creates a contact; returns its id.
pub(crate) fn insert(conn: &Connection, c: &ContactFields, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts (name, email, organisation, crm_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![c.name, c.email, c.organisation, c.crm_id, now])?;
    let id = conn.last_insert_rowid();
    add_phones(conn, id, &c.phones)?;
    Ok(id)
}

/// Replaces a contact's fields; its numbers become `c.phones` plus the ones it had (an import
/// never loses a number the user added by hand).
pub(crate) fn update(conn: &Connection, id: i64, c: &ContactFields, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contacts SET name = ?2, email = coalesce(?3, email),
                organisation = coalesce(?4, organisation), crm_id = coalesce(?5, crm_id),
                updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![id, c.name, c.email, c.organisation, c.crm_id, now])?;
    add_phones(conn, id, &c.phones)
}

fn add_phones(conn: &Connection, id: i64, phones: &[String]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_phones (contact_id, number) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    for number in phones {
        stmt.execute(params![id, number])?;
    }
    Ok(())
}

/// Replaces a contact's numbers (an edit by the user, who may remove one).
pub(crate) fn set_phones(conn: &Connection, id: i64, phones: &[String]) -> Result<()> {
    conn.execute("DELETE FROM contact_phones WHERE contact_id = ?1", [id])?;
    add_phones(conn, id, phones)
}

/// Deletes a contact (its links go with it; messages never do).
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.execute("DELETE FROM contacts WHERE id = ?1", [id])? > 0)
}

/// One contact.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<Contact>> {
    let found = conn
        .prepare_cached("SELECT id, name, email, organisation, crm_id FROM contacts WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Contact {
                id: r.get(0)?,
                name: r.get(1)?,
                phones: Vec::new(),
                email: r.get(2)?,
                organisation: r.get(3)?,
                crm_id: r.get(4)?,
            })
        })
        .optional()?;
    match found {
        Some(mut contact) => {
            contact.phones = phones(conn, id)?;
            Ok(Some(contact))
        }
        None => Ok(None),
    }
}

fn phones(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number FROM contact_phones WHERE contact_id = ?1 ORDER BY number",
    )?;
    let rows = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// Contacts by name (case-insensitive substring; everything when empty), by name, a page.
pub(crate) fn search(
    conn: &Connection,
    text: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<Contact>> {
    let ids = conn
        .prepare_cached(
            "SELECT id FROM contacts WHERE ?1 = '' OR instr(lower(name), lower(?1)) > 0
             ORDER BY name COLLATE NOCASE, id LIMIT ?2 OFFSET ?3",
        )?
        .query_map(params![text, limit as i64, offset as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    ids.into_iter()
        .filter_map(|id| get(conn, id).transpose())
        .collect()
}

/// The contact with this CRM id.
pub(crate) fn by_crm_id(conn: &Connection, crm_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM contacts WHERE crm_id = ?1")?
        .query_row([crm_id], |r| r.get(0))
        .optional()?)
}

/// The contacts having this E.164 number, oldest first.
pub(crate) fn by_phone(conn: &Connection, number: &str) -> Result<Vec<i64>> {
    let rows = conn
        .prepare_cached(
            "SELECT contact_id FROM contact_phones WHERE number = ?1 ORDER BY contact_id",
        )?
        .query_map([number], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rows)
}

/// The oldest contact with exactly this name (case ignored).
pub(crate) fn by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM contacts WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
        )?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// How many contacts there are.
pub(crate) fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get::<_, i64>(0))? as u64)
}
