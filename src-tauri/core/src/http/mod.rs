//! The HTTP machinery every remote API shares (Twilio today, Pipedrive next): when to retry
//! ([`retry`]), how many requests to keep in flight ([`throttle`]), walking a paged list
//! lazily ([`pages`]) and streaming a download to disk ([`download`]). Nothing here knows a
//! provider: hosts, authentication and error bodies belong to each client.

pub mod download;
pub mod pages;
pub mod reach;
pub mod retry;
pub mod throttle;

pub use pages::{LoopGuard, Page, Paged};
pub use reach::{Reachability, UnreachableBudget};
pub use retry::{jittered, Decision, Failure, Idempotence, Outcome, RetryPolicy};
pub use throttle::{Aimd, Slot, Throttle};

use crate::error::Error;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// HTTP method of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create / update (form-encoded).
    Post,
    /// Delete.
    Delete,
    /// Replace / update (Pipedrive's `PUT /v1/notes/{id}`).
    Put,
}

impl Method {
    /// Whether a request with this method may be repeated blindly.
    pub fn idempotence(self) -> Idempotence {
        match self {
            Method::Get => Idempotence::Safe,
            Method::Post | Method::Delete | Method::Put => Idempotence::Unsafe,
        }
    }

    /// The same method for `reqwest`.
    pub fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Put => reqwest::Method::PUT,
        }
    }
}

/// Counters of what a client did (for reports and benchmarks).
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP attempts sent.
    pub requests: u64,
    /// Attempts that were retries.
    pub retries: u64,
    /// 429 answers.
    pub throttled: u64,
    /// 5xx answers.
    pub server_errors: u64,
    /// Connections that broke or timed out.
    pub interrupted: u64,
}

/// The live counters behind [`ClientStats`], shared by a client's concurrent requests.
#[derive(Debug, Default)]
pub struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    throttled: AtomicU64,
    server_errors: AtomicU64,
    interrupted: AtomicU64,
}

impl Counters {
    /// An attempt is sent; `attempt` > 1 makes it a retry.
    pub fn sent(&self, attempt: u32) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if attempt > 1 {
            self.retries.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// One more request on the same attempt (a redirect hop).
    pub fn hop(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// A non-2xx answer: 429s and 5xx are counted.
    pub fn answered(&self, status: u16) {
        if status == 429 {
            self.throttled.fetch_add(1, Ordering::Relaxed);
        } else if status >= 500 {
            self.server_errors.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The connection broke or timed out.
    pub fn interrupted(&self) {
        self.interrupted.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts so far.
    pub fn snapshot(&self) -> ClientStats {
        ClientStats {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            throttled: self.throttled.load(Ordering::Relaxed),
            server_errors: self.server_errors.load(Ordering::Relaxed),
            interrupted: self.interrupted.load(Ordering::Relaxed),
        }
    }
}

/// A `reqwest` failure as a retry [`Failure`]: a connection never opened (the request never
/// left) or one that broke after sending.
pub fn network_failure(e: &reqwest::Error) -> Failure {
    let outcome = if e.is_connect() {
        Outcome::ConnectFailed
    } else {
        Outcome::Interrupted
    };
    Failure::new(outcome, network_error(e))
}

/// A `reqwest` failure as [`Error::Network`], with its chain of causes, redacted.
pub fn network_error(e: &reqwest::Error) -> Error {
    // The URL carries no credential (Basic auth travels in a header); redact anyway.
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    Error::Network {
        detail: crate::secret::redact(&detail).into_owned(),
    }
}

/// The `Retry-After` of an answer, when given in seconds.
pub fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Decodes a JSON body, naming the field that does not fit (`messages[3].status: …`).
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> std::result::Result<T, String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de)
        .map_err(|e| format!("unexpected answer at `{}`: {}", e.path(), e.inner()))
}
