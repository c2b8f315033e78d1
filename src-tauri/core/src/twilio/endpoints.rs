//! Where each Twilio product lives: the real hosts, or one base URL for a simulator.

use crate::error::{Error, Result};
use url::Url;

/// Environment variable that replaces every Twilio host with one base URL (a simulator).
pub const BASE_URL_ENV: &str = "PASSERELLE_TWILIO_URL";

/// Where each Twilio product lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// api.twilio.com (2010-04-01: Accounts, Messages, Media).
    pub api: Url,
    /// messaging.twilio.com (v2 Channels/Senders).
    pub messaging: Url,
    /// content.twilio.com (v1 Content).
    pub content: Url,
}

/// Which Twilio product a request goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// api.twilio.com
    Api,
    /// messaging.twilio.com
    Messaging,
    /// content.twilio.com
    Content,
}

impl Endpoints {
    /// The real Twilio hosts.
    pub fn twilio() -> Endpoints {
        Endpoints {
            api: Url::parse("https://api.twilio.com").expect("static URL"),
            messaging: Url::parse("https://messaging.twilio.com").expect("static URL"),
            content: Url::parse("https://content.twilio.com").expect("static URL"),
        }
    }

    /// One base URL for every product (a simulator such as twilio-sim).
    pub fn single(base: &str) -> Result<Endpoints> {
        let url = Url::parse(base.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        let url = url.ok_or_else(|| {
            Error::invalid(
                "twilio_url",
                format!("« {base} » n'est pas une adresse http(s) valide"),
                format!("“{base}” is not a valid http(s) URL"),
            )
        })?;
        Ok(Endpoints {
            api: url.clone(),
            messaging: url.clone(),
            content: url,
        })
    }

    /// `explicit` if given, else `PASSERELLE_TWILIO_URL` if set, else the real hosts.
    pub fn resolve(explicit: Option<&str>) -> Result<Endpoints> {
        let from_env = std::env::var(BASE_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        match explicit.map(str::to_owned).or(from_env) {
            Some(base) => Endpoints::single(&base),
            None => Ok(Endpoints::twilio()),
        }
    }

    /// The single base URL when every product points at the same place (saved with the
    /// account so that later syncs reach the same simulator); `None` for the real hosts.
    pub fn single_base(&self) -> Option<String> {
        (self != &Endpoints::twilio() && self.api == self.messaging && self.api == self.content)
            .then(|| self.api.as_str().trim_end_matches('/').to_owned())
    }

    /// The base URL of `host`.
    pub fn base(&self, host: Host) -> &Url {
        match host {
            Host::Api => &self.api,
            Host::Messaging => &self.messaging,
            Host::Content => &self.content,
        }
    }

    /// The full URL of `path` (from the host root, starting with `/`) on `host`.
    pub(crate) fn url_for(&self, host: Host, path: &str) -> String {
        format!("{}{}", self.base(host).as_str().trim_end_matches('/'), path)
    }
}
