//! The Twilio REST client over [`crate::http`]: where each product lives ([`endpoints`]), who
//! the client is ([`auth`]), requests as data and the one `execute` ([`request`]), and one
//! module per resource ([`messages`], [`senders`], [`media`], [`content`]); [`wire`] holds Twilio's JSON
//! shapes.

pub mod auth;
pub mod content;
pub mod endpoints;
pub mod media;
pub mod messages;
pub mod request;
pub mod senders;
pub mod wire;

pub use crate::http::{ClientStats, RetryPolicy};
pub use crate::secret::Secret;
pub use auth::{Auth, Credentials};
pub use endpoints::{Endpoints, Host, BASE_URL_ENV};
pub use request::{error_from_response, Request};

use crate::error::{Error, Result};
use crate::http::{pages, Counters, Page, Paged, Reachability, Throttle};
use crate::ids::AccountSid;
use futures_util::Stream;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// What every clone of a client shares.
struct Inner {
    http: reqwest::Client,
    /// Sends no credentials: used for redirect targets (signed CDN links).
    cdn: reqwest::Client,
    endpoints: Endpoints,
    credentials: Credentials,
    policy: RetryPolicy,
    /// The unreachable budget every request of this client shares.
    reach: Reachability,
    throttle: Throttle,
    counters: Counters,
}

/// A Twilio REST client for one account. Cheap to clone; clones share the concurrency cap.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("account_sid", &self.inner.credentials.account_sid)
            .field("endpoints", &self.inner.endpoints)
            .finish()
    }
}

/// Initial and highest number of concurrent requests by default.
pub const DEFAULT_CONCURRENCY: (usize, usize) = (8, 32);

impl Client {
    /// A client with the default retry policy and concurrency cap.
    pub fn new(endpoints: Endpoints, credentials: Credentials) -> Result<Client> {
        Client::with_limits(
            endpoints,
            credentials,
            RetryPolicy::default(),
            DEFAULT_CONCURRENCY.0,
            DEFAULT_CONCURRENCY.1,
        )
    }

    /// A client with an explicit retry policy and concurrency cap (`initial`, growing to `max`).
    pub fn with_limits(
        endpoints: Endpoints,
        credentials: Credentials,
        policy: RetryPolicy,
        initial: usize,
        max: usize,
    ) -> Result<Client> {
        let build = |user_agent: &str| {
            reqwest::Client::builder()
                .user_agent(user_agent)
                // Redirects are followed by hand (media): credentials must not go to the CDN.
                .redirect(reqwest::redirect::Policy::none())
                // Short: a silent server is retried under the unreachable budget anyway.
                .connect_timeout(Duration::from_secs(5))
                .timeout(Duration::from_mins(2))
                .pool_max_idle_per_host(max.max(8))
                .build()
                .map_err(|e| Error::Internal(format!("HTTP client: {e}")))
        };
        let ua = concat!("passerelle/", env!("CARGO_PKG_VERSION"));
        Ok(Client {
            inner: Arc::new(Inner {
                http: build(ua)?,
                cdn: build(ua)?,
                reach: Reachability::new(&endpoints.api, policy.unreachable),
                endpoints,
                credentials,
                policy,
                throttle: Throttle::new(initial, max),
                counters: Counters::default(),
            }),
        })
    }

    /// The account whose data this client reads.
    pub fn account_sid(&self) -> &AccountSid {
        &self.inner.credentials.account_sid
    }

    /// The credentials (the secret inside prints as `***`).
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The endpoints in use.
    pub fn endpoints(&self) -> &Endpoints {
        &self.inner.endpoints
    }

    /// The adaptive concurrency cap shared by this client's requests.
    pub fn throttle(&self) -> &Throttle {
        &self.inner.throttle
    }

    /// What this client did so far.
    pub fn stats(&self) -> ClientStats {
        self.inner.counters.snapshot()
    }

    /// The pages of any Twilio list starting at `first`, lazily; links are followed on the
    /// same product host (see [`Request::follow`]).
    pub fn pages<'a, P>(
        &'a self,
        first: Request,
        resumed_from: Option<&str>,
    ) -> impl Stream<Item = Result<Paged<P>>> + 'a
    where
        P: Page + DeserializeOwned + 'a,
    {
        let host = first.host;
        pages::pages(
            first,
            resumed_from,
            move |link| Request::follow(host, link),
            move |request| async move { self.execute(&request).await },
        )
    }
}
