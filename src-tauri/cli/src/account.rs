//! Where the CLI's Twilio credentials, endpoints and archive come from: flags first, then the
//! environment variables Twilio's own tools use, then (for a connected archive) the keychain.

use std::path::PathBuf;

use passerelle_core::connect::SavedConnection;
use passerelle_core::twilio::{Credentials, Endpoints};
use passerelle_core::{keychain, store, Error, Secret};

use crate::failure::Failure;
use crate::Cli;

/// The archive file: `--db` / `PASSERELLE_DB`, else the desktop app's archive.
pub fn db_path(cli: &Cli) -> Result<PathBuf, Failure> {
    match &cli.db {
        Some(path) => Ok(path.clone()),
        None => Ok(store::default_db_path()?),
    }
}

/// Credentials given on the command line or in the environment; `None` when none at all.
pub fn given_credentials(cli: &Cli) -> Result<Option<Credentials>, Failure> {
    let value = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let (sid, token) = (value(&cli.account_sid), value(&cli.auth_token));
    let (key, secret) = (value(&cli.api_key), value(&cli.api_secret));
    if sid.is_none() && token.is_none() && key.is_none() && secret.is_none() {
        return Ok(None);
    }
    let Some(sid) = sid else {
        return Err(Failure::HalfCredentials {
            missing: "TWILIO_ACCOUNT_SID (--account-sid)",
        });
    };
    let credentials = match (key, secret, token) {
        (Some(key), Some(secret), _) => Credentials::api_key(&sid, &key, Secret::new(secret))?,
        (Some(_), None, _) => {
            return Err(Failure::HalfCredentials {
                missing: "TWILIO_API_SECRET (--api-secret)",
            })
        }
        (None, Some(_), _) => {
            return Err(Failure::HalfCredentials {
                missing: "TWILIO_API_KEY (--api-key)",
            })
        }
        (None, None, Some(token)) => Credentials::auth_token(&sid, Secret::new(token))?,
        (None, None, None) => {
            return Err(Failure::HalfCredentials {
                missing: "TWILIO_AUTH_TOKEN (--auth-token)",
            })
        }
    };
    Ok(Some(credentials))
}

/// The endpoints named by `--twilio-url` / `PASSERELLE_TWILIO_URL`, if any.
pub fn given_endpoints(cli: &Cli) -> Result<Option<Endpoints>, Failure> {
    match cli
        .twilio_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(url) => Ok(Some(Endpoints::single(url)?)),
        None => Ok(None),
    }
}

/// Credentials for a connected archive: the given ones (which must be for the connected
/// account), else the secret saved in the keychain by `connect --remember`.
pub fn credentials_for(cli: &Cli, saved: &SavedConnection) -> Result<Credentials, Failure> {
    match given_credentials(cli)? {
        Some(given) if given.account_sid != saved.account_sid => Err(Error::invalid(
            "account_sid",
            format!(
                "ces identifiants sont ceux du compte {}, mais l'archive est connectée au compte {}",
                given.account_sid, saved.account_sid
            ),
            format!(
                "these credentials are for account {}, but the archive is connected to account {}",
                given.account_sid, saved.account_sid
            ),
        )
        .into()),
        Some(given) => Ok(given),
        None => keychain::load(saved).map_err(|e| match e.code() {
            passerelle_core::Code::KeychainUnavailable => Failure::NoCredentials,
            _ => Failure::Core(e),
        }),
    }
}

/// A client for the archive's connected account: its credentials (see [`credentials_for`])
/// and the endpoints given, else the saved ones.
pub fn client_for(
    cli: &Cli,
    saved: &SavedConnection,
) -> Result<passerelle_core::twilio::Client, Failure> {
    let credentials = credentials_for(cli, saved)?;
    let endpoints = match given_endpoints(cli)? {
        Some(e) => e,
        None => saved.endpoints()?,
    };
    Ok(passerelle_core::twilio::Client::new(
        endpoints,
        credentials,
    )?)
}
