//! A read-only look at the archive's connection settings and tables, for diagnostics and
//! the tests that check how a file is opened.

use super::Store;
use crate::error::Result;
use rusqlite::Connection;

impl Store {
    /// What the connection runs with and which tables the file holds.
    pub fn inspect(&self) -> Result<Inspection> {
        inspect_connection(self.conn())
    }
}

/// The connection settings in effect and the schema's tables, for diagnostics and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// `wal` for a file, `memory` in memory.
    pub journal_mode: String,
    /// Whether foreign keys are enforced.
    pub foreign_keys: bool,
    /// `PRAGMA synchronous`: 1 is NORMAL.
    pub synchronous: i64,
    /// Names of the tables (virtual ones included), sorted.
    pub tables: Vec<String>,
}

fn inspect_connection(conn: &Connection) -> Result<Inspection> {
    let pragma = |name: &str| {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
    };
    let text = |v: rusqlite::types::Value| match v {
        rusqlite::types::Value::Text(t) => t,
        other => format!("{other:?}"),
    };
    let int = |v: rusqlite::types::Value| match v {
        rusqlite::types::Value::Integer(i) => i,
        _ => -1,
    };
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let tables = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Inspection {
        journal_mode: text(pragma("journal_mode")?),
        foreign_keys: int(pragma("foreign_keys")?) == 1,
        synchronous: int(pragma("synchronous")?),
        tables,
    })
}
