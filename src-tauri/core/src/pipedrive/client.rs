//! The Pipedrive HTTP client: the API token travels only in the `x-api-token` header (never in
//! a URL, so never in a log), every request goes through the shared retry loop
//! ([`crate::http::RetryPolicy`]), and a non-2xx answer becomes a plain [`Problem`].

use super::errors::{self, Problem};
use crate::error::{Error, Result};
use crate::http::{self, ClientStats, Counters, Failure, Method, Outcome, RetryPolicy};
use crate::secret::Secret;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::sync::Arc;
use url::Url;

use crate::http::reach::Reachability;

/// Pipedrive's envelope: `{success, data, additional_data}`.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// The payload (`null` for an empty v1 list).
    pub data: T,
    /// Paging data and the like.
    #[serde(default)]
    pub additional_data: Option<serde_json::Value>,
}

/// A Pipedrive API client for one company and token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    token: Secret,
    policy: RetryPolicy,
    /// The unreachable budget every request of this client shares (as Twilio's client).
    reach: Arc<Reachability>,
    counters: Arc<Counters>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// The company's own API address: `https://{domain}.pipedrive.com`.
pub fn company_url(domain: &str) -> String {
    format!("https://{domain}.pipedrive.com")
}

impl Client {
    /// A client for `base_url` (the company's, or a simulator's) with `token`.
    pub fn new(base_url: &str, token: Secret, policy: RetryPolicy) -> Result<Client> {
        let base = Url::parse(base_url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        let Some(base) = base else {
            return Err(Error::invalid(
                "pipedrive_url",
                "adresse Pipedrive invalide (http(s)://…).",
                "invalid Pipedrive address (http(s)://…).",
            ));
        };
        if token.is_empty() {
            return Err(Error::invalid(
                "api_token",
                "le jeton d'API Pipedrive est vide.",
                "the Pipedrive API token is empty.",
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .timeout(std::time::Duration::from_mins(1))
            .user_agent(concat!("Passerelle/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Internal(format!("HTTP client: {e}")))?;
        let reach = Arc::new(Reachability::new(&base, policy.unreachable));
        Ok(Client {
            http,
            base,
            token,
            policy,
            reach,
            counters: Arc::default(),
        })
    }

    /// What this client sent so far.
    pub fn stats(&self) -> ClientStats {
        self.counters.snapshot()
    }

    /// `GET path?query`, the envelope decoded.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Envelope<T>> {
        self.execute(Method::Get, path, query, None).await
    }

    /// `POST path` with a JSON body.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<Envelope<T>> {
        self.execute(Method::Post, path, &[], Some(body)).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<Envelope<T>> {
        self.execute(Method::Put, path, &[], Some(body)).await
    }

    async fn execute<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<Envelope<T>> {
        // An attempt answers `Ok(Err(e))` for a final refusal the loop must not retry (the
        // daily allowance: waiting until midnight is not a retry).
        self.policy
            .run(method.idempotence(), path, &self.reach, |attempt| {
                self.attempt(method, path, query, body, attempt)
            })
            .await?
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
        attempt: u32,
    ) -> std::result::Result<Result<Envelope<T>>, Failure> {
        self.counters.sent(attempt);
        let url = self.url(path);
        let mut builder = self
            .http
            .request(method.to_reqwest(), url)
            .header("x-api-token", self.token.expose())
            .header("Accept", "application/json");
        if !query.is_empty() {
            builder = builder.query(query);
        }
        if let Some(body) = body {
            builder = builder.json(body);
        }
        let response = builder.send().await.map_err(|e| {
            self.counters.interrupted();
            unreachable_failure(&e)
        })?;
        let status = response.status().as_u16();
        let retry_after = http::retry_after(&response);
        let daily_left = response
            .headers()
            .get("x-daily-requests-left")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok());
        let bytes = response.bytes().await.map_err(|e| {
            self.counters.interrupted();
            Failure::new(Outcome::Interrupted, unreachable(&e))
        })?;
        if (200..300).contains(&status) {
            return http::decode_json(&bytes).map(Ok).map_err(|message| {
                Failure::new(
                    Outcome::Garbled,
                    errors::crm(Problem::Other, status, message),
                )
            });
        }
        self.counters.answered(status);
        let error = errors::from_response(status, &bytes, daily_left);
        if status == 429 && daily_left == Some(0) && method != Method::Get {
            return Ok(Err(error));
        }
        Err(Failure {
            outcome: Outcome::Status(status),
            error,
            retry_after,
        })
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", self.base.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        url
    }
}

fn unreachable(e: &reqwest::Error) -> Error {
    let Error::Network { detail } = http::network_error(e) else {
        unreachable!("network_error returns Network")
    };
    errors::crm(Problem::Unreachable, 0, detail)
}

fn unreachable_failure(e: &reqwest::Error) -> Failure {
    let mut failure = http::network_failure(e);
    failure.error = unreachable(e);
    failure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_the_base_and_the_token_is_never_printed() {
        let token = Secret::new("0123456789abcdef-token");
        let c = Client::new("http://127.0.0.1:9/", token, RetryPolicy::default()).unwrap();
        assert_eq!(
            c.url("/v1/users/me").as_str(),
            "http://127.0.0.1:9/v1/users/me"
        );
        let c = Client::new(
            "https://acme.pipedrive.com/x",
            c.token.clone(),
            RetryPolicy::default(),
        )
        .unwrap();
        assert_eq!(
            c.url("/api/v2/persons").as_str(),
            "https://acme.pipedrive.com/x/api/v2/persons"
        );
        assert!(!format!("{c:?}").contains("0123456789abcdef-token"));
        assert!(Client::new("ftp://x", Secret::new("t"), RetryPolicy::default()).is_err());
        assert!(Client::new("http://x", Secret::new(" "), RetryPolicy::default()).is_err());
    }
}
