//! Who the client is: an account SID with its Auth Token or an API key, checked for shape
//! before anything is sent, and the account those credentials open.

use super::{wire, Client, Host, Request};
use crate::error::{Error, Result};
use crate::ids::{AccountSid, ApiKeySid};
use crate::secret::Secret;

/// How the client proves who it is.
#[derive(Clone, Debug)]
pub enum Auth {
    /// The account's Auth Token (Basic `AC…:token`).
    AuthToken(Secret),
    /// An API key (Basic `SK…:secret`); the account SID still goes in the URL.
    ApiKey {
        /// SK…
        key_sid: ApiKeySid,
        /// The key's secret.
        secret: Secret,
    },
}

impl Auth {
    /// `auth_token` or `api_key`, as stored with the account.
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::AuthToken(_) => "auth_token",
            Auth::ApiKey { .. } => "api_key",
        }
    }

    /// The secret half.
    pub fn secret(&self) -> &Secret {
        match self {
            Auth::AuthToken(s) | Auth::ApiKey { secret: s, .. } => s,
        }
    }

    /// The API key SID, if any.
    pub fn key_sid(&self) -> Option<&ApiKeySid> {
        match self {
            Auth::ApiKey { key_sid, .. } => Some(key_sid),
            Auth::AuthToken(_) => None,
        }
    }
}

/// An account (or subaccount) SID and the way to authenticate for it.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// AC… (the account whose data is read; a subaccount SID works the same).
    pub account_sid: AccountSid,
    /// Token or API key.
    pub auth: Auth,
}

impl Credentials {
    /// Account SID + Auth Token, checked for shape (not yet against Twilio).
    pub fn auth_token(account_sid: &str, token: Secret) -> Result<Credentials> {
        let account_sid = AccountSid::parse(account_sid)?;
        check_secret("auth_token", &token)?;
        Ok(Credentials {
            account_sid,
            auth: Auth::AuthToken(token),
        })
    }

    /// API key SID + secret for `account_sid`.
    pub fn api_key(account_sid: &str, key_sid: &str, secret: Secret) -> Result<Credentials> {
        let account_sid = AccountSid::parse(account_sid)?;
        let key_sid = ApiKeySid::parse(key_sid)?;
        check_secret("api_secret", &secret)?;
        Ok(Credentials {
            account_sid,
            auth: Auth::ApiKey { key_sid, secret },
        })
    }

    /// From the variables Twilio's own tools use: `TWILIO_ACCOUNT_SID` with either
    /// `TWILIO_API_KEY` + `TWILIO_API_SECRET` or `TWILIO_AUTH_TOKEN`. `None` when
    /// `TWILIO_ACCOUNT_SID` is not set.
    pub fn from_env() -> Option<Result<Credentials>> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let account = var("TWILIO_ACCOUNT_SID")?;
        Some(match (var("TWILIO_API_KEY"), var("TWILIO_API_SECRET"), var("TWILIO_AUTH_TOKEN")) {
            (Some(key), Some(secret), _) => Credentials::api_key(&account, &key, Secret::new(secret)),
            (_, _, Some(token)) => Credentials::auth_token(&account, Secret::new(token)),
            _ => Err(Error::invalid(
                "TWILIO_AUTH_TOKEN",
                "TWILIO_ACCOUNT_SID est défini mais ni TWILIO_AUTH_TOKEN ni TWILIO_API_KEY + TWILIO_API_SECRET",
                "TWILIO_ACCOUNT_SID is set but neither TWILIO_AUTH_TOKEN nor TWILIO_API_KEY + TWILIO_API_SECRET",
            )),
        })
    }

    /// The Basic auth pair: the account SID or the key SID, and the secret.
    pub(super) fn basic(&self) -> (&str, &str) {
        match &self.auth {
            Auth::AuthToken(token) => (self.account_sid.as_str(), token.expose()),
            Auth::ApiKey { key_sid, secret } => (key_sid.as_str(), secret.expose()),
        }
    }
}

fn check_secret(field: &str, secret: &Secret) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::invalid(
            field,
            "ce champ est vide",
            "this field is empty",
        ));
    }
    Ok(())
}

impl Client {
    /// Fetches the account the credentials are for (the first call of a connection: it proves
    /// the credentials work).
    pub async fn fetch_account(&self) -> Result<wire::Account> {
        let path = format!("/2010-04-01/Accounts/{}.json", self.account_sid());
        self.execute(&Request::get(Host::Api, path)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_checked_for_shape_and_hide_the_secret() {
        let ac = "AC0123456789abcdef0123456789abcdef";
        let c = Credentials::auth_token(ac, Secret::new("tok-0123456789")).unwrap();
        assert!(!format!("{c:?}").contains("tok-0123456789"));
        assert!(Credentials::auth_token("AC12", Secret::new("x")).is_err());
        assert!(Credentials::auth_token(ac, Secret::new("  ")).is_err());
        assert!(Credentials::api_key(
            ac,
            "SK0123456789abcdef0123456789abcdef",
            Secret::new("s3cr3t-value")
        )
        .is_ok());
        assert!(Credentials::api_key(
            ac,
            "AC0123456789abcdef0123456789abcdef",
            Secret::new("s3cr3t-value")
        )
        .is_err());
    }
}
