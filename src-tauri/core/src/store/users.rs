//! The `users` table: the people using this Passerelle. The one who connected the account is
//! its owner, an administrator; there is at most one owner.

use super::Store;
use crate::error::{Error, Result};
use rusqlite::{params, Connection};
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

    fn parse(text: &str) -> Result<Role> {
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
}

/// Every user, oldest first.
pub fn all(store: &Store) -> Result<Vec<User>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, name, email, role, is_owner FROM users ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, name, email, role, is_owner)| {
            Ok(User {
                id,
                name,
                email,
                role: Role::parse(&role)?,
                is_owner,
            })
        })
        .collect()
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
