//! The `installation` table: the one row of settings the core enforces for this installation
//! (today the inbox's visibility).

use crate::error::{Error, Result};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Who sees the conversations in the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Only the owner sees the conversations, gets their notifications, replies and links.
    Private,
    /// Every user does.
    Shared,
}

impl Visibility {
    /// The name stored in the archive.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Shared => "shared",
        }
    }

    fn parse(text: &str) -> Result<Visibility> {
        match text {
            "private" => Ok(Visibility::Private),
            "shared" => Ok(Visibility::Shared),
            other => Err(Error::Internal(format!("unknown visibility {other:?}"))),
        }
    }
}

/// The current visibility (Private on a new installation).
pub(crate) fn visibility(conn: &Connection) -> Result<Visibility> {
    let text: String = conn.query_row(
        "SELECT visibility FROM installation WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    Visibility::parse(&text)
}

/// Changes the visibility.
pub(crate) fn set_visibility(conn: &Connection, visibility: Visibility) -> Result<()> {
    conn.execute(
        "UPDATE installation SET visibility = ?1 WHERE id = 1",
        [visibility.as_str()],
    )?;
    Ok(())
}
