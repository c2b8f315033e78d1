//! The `users` table: the people using this Passerelle. The one who connected the account is
//! its owner, an administrator; there is at most one owner.

use super::Store;
use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// What a user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the connection and the other users.
    Admin,
    /// Uses the inbox.
    Member,
}

impl Role {
    /// The name stored in the archive.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Role> {
        match text {
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            other => Err(Error::Internal(format!("unknown user role {other:?}"))),
        }
    }
}

/// A user as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Name shown in the app.
    pub name: String,
    /// Optional email.
    pub email: Option<String>,
    /// What they may do.
    pub role: Role,
    /// Whether they connected the account.
    pub is_owner: bool,
    /// Whether switching to them asks for a PIN.
    pub has_pin: bool,
}

const COLUMNS: &str = "id, name, email, role, is_owner, pin_hash IS NOT NULL";

fn user(r: &rusqlite::Row<'_>) -> rusqlite::Result<(User, String)> {
    Ok((
        User {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            role: Role::Member,
            is_owner: r.get(4)?,
            has_pin: r.get(5)?,
        },
        r.get(3)?,
    ))
}

fn with_role((mut u, role): (User, String)) -> Result<User> {
    u.role = Role::parse(&role)?;
    Ok(u)
}

/// Every user, oldest first.
pub fn all(store: &Store) -> Result<Vec<User>> {
    let mut stmt = store
        .conn()
        .prepare(&format!("SELECT {COLUMNS} FROM users ORDER BY id"))?;
    let rows = stmt
        .query_map([], user)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(with_role).collect()
}

/// One user by id.
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<User>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
        [id],
        user,
    )
    .optional()?
    .map(with_role)
    .transpose()
}

/// The owner, when the account was connected.
pub(crate) fn owner(conn: &Connection) -> Result<Option<User>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM users WHERE is_owner = 1"),
        [],
        user,
    )
    .optional()?
    .map(with_role)
    .transpose()
}

/// Adds a user who is not the owner; returns their id.
pub(crate) fn add(conn: &Connection, name: &str, role: Role, created_at: i64) -> Result<i64> {
    conn.execute(
        "INSERT INTO users (name, role, is_owner, created_at) VALUES (?1, ?2, 0, ?3)",
        params![name, role.as_str(), created_at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Renames a user.
pub(crate) fn rename(conn: &Connection, id: i64, name: &str) -> Result<()> {
    conn.execute(
        "UPDATE users SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    Ok(())
}

/// Removes a user who is not the owner (their audit entries keep their name).
pub(crate) fn remove(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM users WHERE id = ?1 AND is_owner = 0", [id])?;
    Ok(())
}

/// Sets or clears the PIN hash (an Argon2id PHC string, never the PIN itself).
pub(crate) fn set_pin_hash(conn: &Connection, id: i64, hash: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE users SET pin_hash = ?2 WHERE id = ?1",
        params![id, hash],
    )?;
    Ok(())
}

/// The PIN hash of a user, when they have one.
pub(crate) fn pin_hash(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT pin_hash FROM users WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

/// Whether the archive has an owner yet.
pub(crate) fn has_owner(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM users WHERE is_owner = 1",
        [],
        |r| r.get(0),
    )?)
}

/// Records the owner, an administrator.
pub(crate) fn add_owner(
    conn: &Connection,
    name: &str,
    email: Option<&str>,
    created_at: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO users (name, email, role, is_owner, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
        params![name, email, Role::Admin.as_str(), created_at],
    )?;
    Ok(())
}
