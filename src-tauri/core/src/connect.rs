//! Connecting a Twilio account: check it can be used (paid, active, with an ONLINE WhatsApp
//! Business sender), then save it with the chosen senders and its owner.

use crate::error::{Error, Result};
use crate::ids::{AccountSid, ApiKeySid, SenderSid};
use crate::store::{accounts, senders, users, Store};
use crate::twilio::{Client, Credentials, Endpoints};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The account as Twilio describes it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccountSummary {
    /// AC…
    pub sid: AccountSid,
    /// Name in the Twilio Console.
    pub friendly_name: String,
    /// `Full` or `Trial`.
    pub kind: String,
    /// `active`, `suspended` or `closed`.
    pub status: String,
    /// Whether this is a subaccount of another account.
    pub is_subaccount: bool,
    /// The parent account of a subaccount.
    pub owner_account_sid: Option<AccountSid>,
    /// When the account was created (RFC 3339); the history starts there.
    pub date_created: Option<String>,
}

/// A WhatsApp sender found on the account.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SenderSummary {
    /// XE…
    pub sid: SenderSid,
    /// `whatsapp:+E164`
    pub address: String,
    /// ONLINE, OFFLINE, …
    pub status: String,
    /// The business display name, when set.
    pub display_name: Option<String>,
    /// Whether it can be connected (status ONLINE).
    pub online: bool,
}

/// What [`check`] found: an account that can be connected and its senders, for the user to
/// confirm.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ConnectCheck {
    /// The account.
    pub account: AccountSummary,
    /// All its WhatsApp senders (at least one is ONLINE).
    pub senders: Vec<SenderSummary>,
}

/// The person connecting the account; they become its owner (an administrator).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Owner {
    /// Name shown in the app.
    pub name: String,
    /// Optional email.
    pub email: Option<String>,
}

/// A connection as saved in the archive (no secret: that is in the keychain).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SavedConnection {
    /// AC…
    pub account_sid: AccountSid,
    /// Account name.
    pub friendly_name: String,
    /// `auth_token` or `api_key`.
    pub auth_kind: String,
    /// SK… when `auth_kind` is `api_key`.
    pub api_key_sid: Option<ApiKeySid>,
    /// The simulator URL when not the real Twilio.
    pub base_url: Option<String>,
    /// Selected sender addresses.
    pub senders: Vec<String>,
}

impl SavedConnection {
    /// The endpoints this connection talks to.
    pub fn endpoints(&self) -> Result<Endpoints> {
        match &self.base_url {
            Some(base) => Endpoints::single(base),
            None => Ok(Endpoints::twilio()),
        }
    }
}

/// Checks the account behind `client`: refuses wrong credentials, trial, suspended or closed
/// accounts, accounts without a WhatsApp sender and accounts whose senders are all offline.
pub async fn check(client: &Client) -> Result<ConnectCheck> {
    let account = match client.fetch_account().await {
        Ok(account) => account,
        Err(Error::BadCredentials) => return Err(refused_account_read(client).await),
        // A suspended or closed account may answer 20003 / 401 rather than its status: the
        // message for wrong credentials names both causes.
        Err(e) => return Err(e),
    };
    let account = AccountSummary {
        is_subaccount: account
            .owner_account_sid
            .as_deref()
            .is_some_and(|owner| owner != account.sid),
        friendly_name: account.friendly_name.clone().unwrap_or_default(),
        kind: account.kind,
        status: account.status,
        owner_account_sid: account.owner_account_sid,
        date_created: account
            .date_created
            .as_deref()
            .and_then(crate::twilio::wire::parse_date)
            .map(crate::rfc3339),
        sid: account.sid,
    };
    refuse_account(&account)?;
    let senders: Vec<SenderSummary> = client
        .whatsapp_senders()
        .await?
        .into_iter()
        .filter(|s| s.sender_id.starts_with("whatsapp:"))
        .map(|s| SenderSummary {
            online: s.status.eq_ignore_ascii_case("ONLINE"),
            sid: s.sid,
            address: s.sender_id,
            status: s.status,
            display_name: s.profile.and_then(|p| p.name),
        })
        .collect();
    refuse_senders(&senders)?;
    Ok(ConnectCheck { account, senders })
}

/// Why the Accounts resource was refused. Twilio answers a Standard API key there exactly as
/// it answers wrong credentials (401 / 20003), so an API key is tried once on the Messages
/// list, which Standard keys may read: accepted there, the key works but lacks the permission.
async fn refused_account_read(client: &Client) -> Error {
    if client.credentials().auth.key_sid().is_none() {
        return Error::BadCredentials;
    }
    let probe = crate::twilio::Request::messages(client.account_sid()).param("PageSize", "1");
    match client.messages_page(&probe).await {
        Ok(_) => Error::ApiKeyRestricted,
        Err(_) => Error::BadCredentials,
    }
}

/// Refusals that depend on the account alone, in the order the user must fix them.
fn refuse_account(account: &AccountSummary) -> Result<()> {
    match account.status.to_ascii_lowercase().as_str() {
        "suspended" => return Err(Error::AccountSuspended),
        "closed" => return Err(Error::AccountClosed),
        _ => {}
    }
    if account.kind.eq_ignore_ascii_case("trial") {
        return Err(Error::TrialAccount);
    }
    Ok(())
}

/// Refusals that depend on the senders.
fn refuse_senders(senders: &[SenderSummary]) -> Result<()> {
    if senders.is_empty() {
        return Err(Error::NoWhatsappSender);
    }
    if !senders.iter().any(|s| s.online) {
        return Err(Error::SenderNotOnline {
            senders: senders
                .iter()
                .map(|s| (s.address.clone(), s.status.clone()))
                .collect(),
        });
    }
    Ok(())
}

/// Saves the checked account, the `chosen` senders (all ONLINE ones when empty) and the owner.
/// `credentials` gives the kind of credential and the API key SID; the secret is not stored.
pub fn save(
    store: &mut Store,
    check: &ConnectCheck,
    chosen: &[String],
    owner: &Owner,
    credentials: &Credentials,
    endpoints: &Endpoints,
) -> Result<SavedConnection> {
    let selected = choose_senders(check, chosen)?;
    let owner_name = owner.name.trim();
    if owner_name.is_empty() {
        return Err(Error::invalid(
            "owner",
            "indiquez votre nom",
            "enter your name",
        ));
    }
    let now = crate::store::now_unix();
    let base_url = endpoints.single_base();
    let account = accounts::Account {
        sid: check.account.sid.to_string(),
        friendly_name: check.account.friendly_name.clone(),
        kind: check.account.kind.clone(),
        status: check.account.status.clone(),
        owner_account_sid: check
            .account
            .owner_account_sid
            .as_ref()
            .map(|s| s.to_string()),
        auth_kind: credentials.auth.kind().to_owned(),
        api_key_sid: credentials.auth.key_sid().map(|k| k.to_string()),
        base_url: base_url.clone(),
        date_created: check
            .account
            .date_created
            .as_deref()
            .and_then(crate::twilio::wire::parse_date),
    };
    let tx = store.conn_mut().transaction()?;
    accounts::save(&tx, &account, now)?;
    // One archive holds one Twilio account.
    senders::unselect_other_accounts(&tx, &account.sid)?;
    for sender in &check.senders {
        let row = senders::NewSender {
            account_sid: &account.sid,
            sender_sid: &sender.sid,
            address: &sender.address,
            status: &sender.status,
            display_name: sender.display_name.as_deref(),
            selected: selected.contains(&sender.address),
        };
        senders::save(&tx, &row, now)?;
    }
    if !users::has_owner(&tx)? {
        let email = owner
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        users::add_owner(&tx, owner_name, email, now)?;
    }
    tx.commit()?;
    tracing::info!(account = %account.sid, senders = selected.len(), "Twilio account connected");
    Ok(SavedConnection {
        account_sid: check.account.sid.clone(),
        friendly_name: account.friendly_name,
        auth_kind: account.auth_kind,
        api_key_sid: credentials.auth.key_sid().cloned(),
        base_url,
        senders: selected,
    })
}

/// The addresses to sync: the chosen ones (each must be an ONLINE sender of the account), or
/// every ONLINE sender when none is chosen.
fn choose_senders(check: &ConnectCheck, chosen: &[String]) -> Result<Vec<String>> {
    if chosen.is_empty() {
        return Ok(check
            .senders
            .iter()
            .filter(|s| s.online)
            .map(|s| s.address.clone())
            .collect());
    }
    let mut selected = Vec::new();
    for wanted in chosen {
        let wanted = wanted.trim();
        let normalised = if wanted.starts_with("whatsapp:") {
            wanted.to_owned()
        } else {
            format!("whatsapp:{wanted}")
        };
        match check.senders.iter().find(|s| s.address == normalised) {
            Some(s) if s.online => selected.push(s.address.clone()),
            Some(s) => {
                return Err(Error::invalid(
                    "senders",
                    format!(
                        "le numéro {} n'est pas en ligne (état {})",
                        s.address, s.status
                    ),
                    format!("sender {} is not online (status {})", s.address, s.status),
                ))
            }
            None => {
                return Err(Error::invalid(
                    "senders",
                    format!("{wanted} n'est pas un numéro WhatsApp de ce compte"),
                    format!("{wanted} is not a WhatsApp sender of this account"),
                ))
            }
        }
    }
    Ok(selected)
}

/// The connection saved in the archive, if any.
pub fn saved(store: &Store) -> Result<Option<SavedConnection>> {
    let conn = store.conn();
    let Some(account) = accounts::current(conn)? else {
        return Ok(None);
    };
    let senders = senders::selected_addresses(conn, &account.sid)?;
    // The archive is a boundary too: its identifiers are checked as they come out.
    Ok(Some(SavedConnection {
        account_sid: AccountSid::parse(&account.sid)?,
        friendly_name: account.friendly_name,
        auth_kind: account.auth_kind,
        api_key_sid: account
            .api_key_sid
            .as_deref()
            .map(ApiKeySid::parse)
            .transpose()?,
        base_url: account.base_url,
        senders,
    }))
}

/// Where the secret of a confirmed connection goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepSecret {
    /// Into the OS keychain (refused when there is none), so later runs need no credentials.
    InKeychain,
    /// Nowhere: given again on each run (the command line without `--remember`), or a
    /// throwaway (the demo's simulator token).
    Nowhere,
}

/// What the user confirmed after [`check`]: the senders to archive (all ONLINE ones when
/// empty), the owner, and where the secret goes.
#[derive(Clone, Debug)]
pub struct Confirmation {
    /// Sender addresses (`whatsapp:+…` or `+…`).
    pub senders: Vec<String>,
    /// The person connecting.
    pub owner: Owner,
    /// Keychain or not.
    pub secret: KeepSecret,
}

/// Confirms a checked account: the secret into the keychain first (when asked), so an archive
/// never names a connection whose secret could not be kept; then the account, its chosen
/// senders and its owner into the archive at `db_path` (created when missing). Blocking.
pub fn confirm(
    db_path: &Path,
    check: &ConnectCheck,
    confirmation: &Confirmation,
    client: &Client,
) -> Result<SavedConnection> {
    if confirmation.secret == KeepSecret::InKeychain {
        crate::keychain::save(client.credentials())?;
    }
    let mut store = Store::open(db_path)?;
    save(
        &mut store,
        check,
        &confirmation.senders,
        &confirmation.owner,
        client.credentials(),
        client.endpoints(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(kind: &str, status: &str) -> AccountSummary {
        AccountSummary {
            sid: AccountSid::parse("AC0123456789abcdef0123456789abcdef").unwrap(),
            friendly_name: "Shop".into(),
            kind: kind.into(),
            status: status.into(),
            is_subaccount: false,
            owner_account_sid: None,
            date_created: Some("2023-01-01T00:00:00Z".into()),
        }
    }

    fn sender(address: &str, status: &str) -> SenderSummary {
        SenderSummary {
            sid: SenderSid::parse("XE0123456789abcdef0123456789abcdef").unwrap(),
            address: address.into(),
            status: status.into(),
            display_name: None,
            online: status == "ONLINE",
        }
    }

    #[test]
    fn account_refusals_table() {
        let cases = [
            ("Full", "active", None),
            ("Trial", "active", Some(crate::Code::TrialAccount)),
            ("Full", "suspended", Some(crate::Code::AccountSuspended)),
            ("Trial", "suspended", Some(crate::Code::AccountSuspended)),
            ("Full", "closed", Some(crate::Code::AccountClosed)),
        ];
        for (kind, status, want) in cases {
            assert_eq!(
                refuse_account(&account(kind, status))
                    .err()
                    .map(|e| e.code()),
                want,
                "{kind} {status}"
            );
        }
    }

    #[test]
    fn sender_refusals_table() {
        let cases: Vec<(Vec<SenderSummary>, Option<crate::Code>)> = vec![
            (vec![], Some(crate::Code::NoWhatsappSender)),
            (
                vec![sender("whatsapp:+1", "OFFLINE")],
                Some(crate::Code::SenderNotOnline),
            ),
            (
                vec![
                    sender("whatsapp:+1", "OFFLINE"),
                    sender("whatsapp:+2", "ONLINE"),
                ],
                None,
            ),
        ];
        for (senders, want) in cases {
            assert_eq!(
                refuse_senders(&senders).err().map(|e| e.code()),
                want,
                "{senders:?}"
            );
        }
    }

    #[test]
    fn save_records_account_senders_and_owner_without_secret() {
        let mut store = Store::open_in_memory().unwrap();
        let check = ConnectCheck {
            account: account("Full", "active"),
            senders: vec![
                sender("whatsapp:+33100000001", "ONLINE"),
                sender("whatsapp:+33100000002", "OFFLINE"),
            ],
        };
        let creds = Credentials::auth_token(
            &check.account.sid,
            crate::Secret::new("a-secret-token-value-123"),
        )
        .unwrap();
        let owner = Owner {
            name: "Camille".into(),
            email: None,
        };
        let err = save(
            &mut store,
            &check,
            &["+33100000002".into()],
            &owner,
            &creds,
            &Endpoints::twilio(),
        )
        .unwrap_err();
        assert_eq!(err.code(), crate::Code::InvalidInput);
        let saved_now = save(
            &mut store,
            &check,
            &[],
            &owner,
            &creds,
            &Endpoints::twilio(),
        )
        .unwrap();
        assert_eq!(saved_now.senders, vec!["whatsapp:+33100000001".to_owned()]);
        assert_eq!(saved(&store).unwrap(), Some(saved_now));
        let users = users::all(&store).unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(
            (users[0].role, users[0].is_owner),
            (users::Role::Admin, true)
        );
        // Connecting again keeps a single owner.
        save(
            &mut store,
            &check,
            &[],
            &Owner {
                name: "Other".into(),
                email: None,
            },
            &creds,
            &Endpoints::twilio(),
        )
        .unwrap();
        let owners = users::all(&store)
            .unwrap()
            .into_iter()
            .filter(|u| u.is_owner)
            .count();
        assert_eq!(owners, 1);
    }
}
