//! Twilio secrets in the operating system's keychain (Secret Service on Linux, Keychain on
//! macOS, Credential Manager on Windows). Without a keychain Passerelle refuses to store the
//! secret rather than writing it in clear.

use crate::connect::SavedConnection;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::twilio::{Auth, Credentials};

/// The keychain service name entries are filed under.
pub const SERVICE: &str = "eu.passerelle.desktop";

/// The keychain user name of an entry: the account SID, plus the key SID for an API key.
fn entry_user(account_sid: &str, api_key_sid: Option<&str>) -> String {
    match api_key_sid {
        Some(key) => format!("{account_sid}/{key}"),
        None => account_sid.to_owned(),
    }
}

fn entry(account_sid: &str, api_key_sid: Option<&str>) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &entry_user(account_sid, api_key_sid)).map_err(unavailable)
}

fn unavailable(e: keyring::Error) -> Error {
    // The keyring error text names the store's failure, never the secret.
    Error::KeychainUnavailable {
        detail: crate::secret::redact(&e.to_string()).into_owned(),
    }
}

/// Whether a keychain can be used on this machine (the check writes nothing).
pub fn available() -> Result<()> {
    match keyring::Entry::store_status() {
        Ok(()) => Ok(()),
        Err(e) => Err(Error::KeychainUnavailable {
            detail: e.to_string(),
        }),
    }
}

/// Stores the secret of `credentials` in the keychain, then reads it back to be sure it is
/// really there (some keychains accept a write they cannot keep).
pub fn save(credentials: &Credentials) -> Result<()> {
    let entry = entry(
        &credentials.account_sid,
        credentials.auth.key_sid().map(|k| k.as_str()),
    )?;
    set_checked(&entry, credentials.auth.secret())
}

/// Writes `secret` into `entry` and reads it back (some keychains accept a write they
/// cannot keep).
fn set_checked(entry: &keyring::Entry, secret: &Secret) -> Result<()> {
    entry.set_password(secret.expose()).map_err(unavailable)?;
    if entry.get_password().map_err(unavailable)? != secret.expose() {
        return Err(Error::KeychainUnavailable {
            detail: "the keychain did not keep the secret".into(),
        });
    }
    Ok(())
}

/// Rebuilds the credentials of a saved connection from the keychain.
pub fn load(connection: &SavedConnection) -> Result<Credentials> {
    let key_sid = connection
        .api_key_sid
        .as_ref()
        .filter(|_| connection.auth_kind == "api_key");
    let entry = entry(&connection.account_sid, key_sid.map(|k| k.as_str()))?;
    let secret = match entry.get_password() {
        Ok(secret) => Secret::new(secret),
        // Connected on this machine but the secret is gone: the user must reconnect.
        Err(keyring::Error::NoEntry) => return Err(Error::NotConnected),
        Err(e) => return Err(unavailable(e)),
    };
    Ok(Credentials {
        account_sid: connection.account_sid.clone(),
        auth: match key_sid {
            Some(key) => Auth::ApiKey {
                key_sid: key.clone(),
                secret,
            },
            None => Auth::AuthToken(secret),
        },
    })
}

/// Removes the secret of a saved connection from the keychain (absent is fine).
pub fn delete(connection: &SavedConnection) -> Result<()> {
    let key_sid = connection
        .api_key_sid
        .as_deref()
        .filter(|_| connection.auth_kind == "api_key");
    match entry(&connection.account_sid, key_sid)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
    }
}

/// The keychain user name of a Pipedrive company's API token.
fn pipedrive_user(domain: &str) -> String {
    format!("pipedrive:{domain}")
}

/// Stores a Pipedrive company's API token, then reads it back to be sure it is kept.
pub fn save_pipedrive(domain: &str, token: &Secret) -> Result<()> {
    let entry = keyring::Entry::new(SERVICE, &pipedrive_user(domain)).map_err(unavailable)?;
    set_checked(&entry, token)
}

/// A Pipedrive company's API token; `None` when the keychain has none.
pub fn load_pipedrive(domain: &str) -> Result<Option<Secret>> {
    let entry = keyring::Entry::new(SERVICE, &pipedrive_user(domain)).map_err(unavailable)?;
    match entry.get_password() {
        Ok(token) => Ok(Some(Secret::new(token))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(unavailable(e)),
    }
}

/// Removes a Pipedrive company's API token (absent is fine).
pub fn delete_pipedrive(domain: &str) -> Result<()> {
    let entry = keyring::Entry::new(SERVICE, &pipedrive_user(domain)).map_err(unavailable)?;
    match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
    }
}
