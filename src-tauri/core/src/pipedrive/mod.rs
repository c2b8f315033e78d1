//! The Pipedrive connector: connect a company with an API token (kept in the OS keychain,
//! sent only as the `x-api-token` header), import its persons, deals and leads ([`import`]),
//! push notes back with their original dates ([`push`]); errors in plain words ([`errors`]);
//! the HTTP client over the shared retry loop ([`client`]). Passerelle works fully without it.

pub mod client;
pub mod errors;
pub mod import;
pub mod notes;
pub mod push;

pub use client::Client;
pub use errors::Problem;
pub use import::{import, Entity, ImportOptions, ImportProgress, ImportReport};
pub use notes::{push_archive, run_apart, ArchivePush};
pub use push::{failed_pushes, push_notes, NoteToPush, PushProgress, PushReport};

use crate::error::{Error, Result};
use crate::http::RetryPolicy;
use crate::secret::Secret;
use crate::store::crm::{self, CrmConnection, RecordTable, Walk};
use crate::store::{crm_pushes, now_unix, Store};
use serde::{Deserialize, Serialize};

/// The environment variable overriding Pipedrive's address (a simulator).
pub const URL_ENV: &str = "PASSERELLE_PIPEDRIVE_URL";

/// Pipedrive's address from [`URL_ENV`] (a simulator), if set and not blank.
pub fn url_from_env() -> Option<String> {
    std::env::var(URL_ENV)
        .ok()
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
}

/// `GET /v1/users/me` (the fields used).
#[derive(Debug, Deserialize)]
struct Me {
    id: i64,
    name: Option<String>,
    #[serde(default)]
    is_admin: serde_json::Value,
    company_name: Option<String>,
    company_domain: Option<String>,
}

/// Checks a token against a company: who it is, which company, whether an admin's.
pub async fn check(client: &Client, domain: &str) -> Result<CrmConnection> {
    let me = client.get::<Me>("/v1/users/me", &[]).await?.data;
    let found = me.company_domain.clone().unwrap_or_default();
    if !found.eq_ignore_ascii_case(domain.trim()) {
        return Err(Error::invalid(
            "domain",
            format!("ce jeton appartient à la société « {found} », pas à « {domain} »."),
            format!("this token belongs to company “{found}”, not “{domain}”."),
        ));
    }
    let is_admin = me.is_admin.as_bool().unwrap_or(false) || me.is_admin.as_i64() == Some(1);
    Ok(CrmConnection {
        company_domain: found,
        base_url: None,
        user_id: Some(me.id),
        user_name: me.name,
        company_name: me.company_name,
        is_admin,
        connected_at: now_unix(),
    })
}

/// Checks the token, keeps it in the keychain and saves the connection. `base_url` is a
/// simulator's address, `None` for the company's own.
pub async fn connect(
    store: &Store,
    domain: &str,
    token: &Secret,
    base_url: Option<&str>,
) -> Result<CrmConnection> {
    let domain = checked_domain(domain)?;
    let client = client_for(&domain, base_url, token.clone())?;
    let mut connection = check(&client, &domain).await?;
    connection.base_url = base_url.map(str::to_owned);
    crate::keychain::save_pipedrive(&connection.company_domain, token)?;
    crm::save_connection(store.conn(), &connection)?;
    Ok(connection)
}

/// A client for a company (or a simulator at `base_url`).
pub fn client_for(domain: &str, base_url: Option<&str>, token: Secret) -> Result<Client> {
    let base = base_url.map_or_else(|| client::company_url(domain), str::to_owned);
    Client::new(&base, token, RetryPolicy::default())
}

/// A client for the connected company: the token given, else the keychain's.
pub fn connected_client(
    store: &Store,
    token: Option<Secret>,
    base_url: Option<&str>,
) -> Result<(CrmConnection, Client)> {
    let connection = crm::connection(store.conn())?.ok_or_else(not_connected)?;
    let token = match token {
        Some(t) => t,
        None => crate::keychain::load_pipedrive(&connection.company_domain)?
            .ok_or_else(not_connected)?,
    };
    let base = base_url.or(connection.base_url.as_deref());
    let client = client_for(&connection.company_domain, base, token)?;
    Ok((connection, client))
}

/// Removes the token from the keychain and forgets the connection; imported records and the
/// memory of pushed notes stay (a reconnection never pushes a note twice).
pub fn disconnect(store: &Store) -> Result<bool> {
    let Some(connection) = crm::connection(store.conn())? else {
        return Ok(false);
    };
    crate::keychain::delete_pipedrive(&connection.company_domain)?;
    crm::delete_connection(store.conn())?;
    Ok(true)
}

/// The CRM side of the status.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CrmStatus {
    /// The connected company, if any.
    pub connection: Option<CrmConnection>,
    /// Where each import walk stands.
    pub walks: Vec<Walk>,
    /// Contacts, deals and leads carrying a Pipedrive id.
    pub records: RecordCount,
    /// Of them, marked deleted in Pipedrive.
    pub deleted: RecordCount,
    /// Notes in Pipedrive.
    pub notes_pushed: u64,
    /// Notes whose last push failed.
    pub notes_failed: u64,
    /// Notes the next push sends: never pushed, changed since, or failed.
    pub notes_pending: u64,
}

/// A count per kind of record.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RecordCount {
    /// Contacts.
    pub contacts: u64,
    /// Deals.
    pub deals: u64,
    /// Leads.
    pub leads: u64,
}

/// The CRM status of the archive.
pub fn status(store: &Store) -> Result<CrmStatus> {
    let conn = store.conn();
    let count = |f: fn(&rusqlite::Connection, RecordTable) -> Result<u64>| -> Result<RecordCount> {
        Ok(RecordCount {
            contacts: f(conn, RecordTable::Contacts)?,
            deals: f(conn, RecordTable::Deals)?,
            leads: f(conn, RecordTable::Leads)?,
        })
    };
    let (notes_pushed, notes_failed) = crm_pushes::counts(conn)?;
    // The notes are the owner's; an archive without one has none to push.
    let notes_pending = match crate::inbox::visibility::Viewer::owner(store) {
        Ok(owner) => notes::pending(store, &owner)?,
        Err(_) => 0,
    };
    Ok(CrmStatus {
        connection: crm::connection(conn)?,
        walks: crm::walks(conn)?,
        records: count(crm::crm_count)?,
        deleted: count(crm::deleted_count)?,
        notes_pushed,
        notes_failed,
        notes_pending,
    })
}

fn not_connected() -> Error {
    errors::crm(Problem::NotConnected, 0, "")
}

/// A company domain: `acme` (also from `acme.pipedrive.com` or its URL).
fn checked_domain(domain: &str) -> Result<String> {
    let d = domain
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let d = d.trim_end_matches('/').trim_end_matches(".pipedrive.com");
    let ok = !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok {
        return Err(Error::invalid(
            "domain",
            "le domaine de la société Pipedrive est le début de son adresse (ma-societe pour ma-societe.pipedrive.com).",
            "the Pipedrive company domain is the start of its address (my-company for my-company.pipedrive.com).",
        ));
    }
    Ok(d.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_table() {
        let cases = [
            ("atelier-lumiere", Some("atelier-lumiere")),
            ("https://Acme.pipedrive.com/", Some("acme")),
            ("acme.pipedrive.com", Some("acme")),
            ("", None),
            ("a b", None),
            ("evil.com/x", None),
        ];
        for (input, want) in cases {
            assert_eq!(checked_domain(input).ok().as_deref(), want, "{input}");
        }
    }
}
