//! The `accounts` table: the connected Twilio account (secrets are never stored here; they
//! live in the OS keychain).

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Account {
    pub sid: String,
    pub friendly_name: String,
    /// `Full` or `Trial`.
    pub kind: String,
    pub status: String,
    pub owner_account_sid: Option<String>,
    /// `auth_token` or `api_key`.
    pub auth_kind: String,
    pub api_key_sid: Option<String>,
    /// `None`: the real Twilio hosts.
    pub base_url: Option<String>,
    /// Unix seconds; the history starts there.
    pub date_created: Option<i64>,
}

/// Records the account, or refreshes it when connected again.
pub(crate) fn save(conn: &Connection, account: &Account, connected_at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO accounts (sid, friendly_name, type, status, owner_account_sid, auth_kind, api_key_sid, base_url, connected_at, date_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (sid) DO UPDATE SET friendly_name = excluded.friendly_name, type = excluded.type,
             status = excluded.status, owner_account_sid = excluded.owner_account_sid, auth_kind = excluded.auth_kind,
             api_key_sid = excluded.api_key_sid, base_url = excluded.base_url, connected_at = excluded.connected_at,
             date_created = excluded.date_created",
        params![
            account.sid,
            account.friendly_name,
            account.kind,
            account.status,
            account.owner_account_sid,
            account.auth_kind,
            account.api_key_sid,
            account.base_url,
            connected_at,
            account.date_created
        ],
    )?;
    Ok(())
}

/// The account connected last, if any: the one the archive syncs.
pub(crate) fn current(conn: &Connection) -> Result<Option<Account>> {
    Ok(conn
        .query_row(
            "SELECT sid, friendly_name, type, status, owner_account_sid, auth_kind, api_key_sid, base_url, date_created
             FROM accounts ORDER BY connected_at DESC LIMIT 1",
            [],
            |r| {
                Ok(Account {
                    sid: r.get(0)?,
                    friendly_name: r.get(1)?,
                    kind: r.get(2)?,
                    status: r.get(3)?,
                    owner_account_sid: r.get(4)?,
                    auth_kind: r.get(5)?,
                    api_key_sid: r.get(6)?,
                    base_url: r.get(7)?,
                    date_created: r.get(8)?,
                })
            },
        )
        .optional()?)
}
