//! The request log behind `GET /__sim/requests`: what the simulator received, newest last.

use std::collections::VecDeque;

use serde::Serialize;

use crate::request::Request;

/// Entries kept; the oldest go first.
const LOG_LIMIT: usize = 200_000;

/// One entry of `GET /__sim/requests` (field order is the JSON's).
#[derive(Clone, Debug, Serialize)]
pub struct Logged {
    method: String,
    host: String,
    path: String,
    query: String,
    /// The Basic username only, never the password.
    credential: Option<String>,
    status: u16,
    /// When, as the simulator's clock tells it.
    at: String,
    /// What the simulator flagged about this request ([`crate::Reply::warning`]); absent
    /// when nothing was.
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<String>,
}

/// A bounded log of requests.
#[derive(Default)]
pub(crate) struct RequestLog(VecDeque<Logged>);

impl RequestLog {
    /// Records a request and the status it got.
    pub fn record(&mut self, req: &Request, status: u16, at: String, warning: Option<String>) {
        if self.0.len() >= LOG_LIMIT {
            self.0.pop_front();
        }
        self.0.push_back(Logged {
            method: req.method.clone(),
            host: req.host.clone(),
            path: req.path.clone(),
            query: req.raw_query.clone(),
            credential: req.basic.as_ref().map(|(u, _)| u.clone()),
            status,
            at,
            warning,
        });
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> Vec<&Logged> {
        self.0.iter().collect()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}
