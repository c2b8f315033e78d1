//! The HTTP plumbing shared by Passerelle's API simulators (Twilio today, Pipedrive next).
//!
//! A simulator implements [`Simulator`]: it sorts each request into a [`Lane`], answers it with
//! a [`Reply`], and says how its API spells the few errors the kit produces itself
//! ([`Failure`]). The kit does the rest, on one loopback port with its own tokio runtime:
//!
//! - reading and parsing requests ([`Request`]: path segments, query, form, Basic credentials);
//! - seeded fault injection on the API lane ([`Faults`]: latency, a cap on requests in flight,
//!   injected 500/503 answers, responses cut mid-body), replayable from a seed;
//! - a bounded request log and the control endpoints `GET|DELETE /__sim/requests`,
//!   `GET|POST /__sim/faults` and `GET /__sim/info`;
//! - turning a handler's panic into an answer instead of a dropped connection;
//! - starting and stopping the server from sync or async code ([`Listener`], [`Server`]).
//!
//! Nothing here knows about any particular remote API.

mod faults;
mod log;
pub mod people;
mod reply;
mod request;
pub mod rng;
mod running;
mod server;

pub use faults::Faults;
pub use log::Logged;
pub use reply::{Reply, JSON};
pub use request::{Request, BODY_LIMIT};
pub use rng::Rng;
pub use running::{today, Launch, Running};
pub use server::{Listener, Options, Server};

/// Which way a request goes through the kit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// A control request (by convention under `/__sim/`): the kit's own endpoints first, then
    /// [`Simulator::control`]. No faults, not logged.
    Control,
    /// Answered by [`Simulator::direct`]: logged, no faults (a CDN, a file server…).
    Direct,
    /// The simulated API, answered by [`Simulator::api`]: counted in flight, subject to faults,
    /// logged.
    Api,
}

/// An answer the kit gives on its own; the simulator renders it in its API's error format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The body was unreadable or over [`BODY_LIMIT`] (a 413).
    BodyTooLarge,
    /// More API requests in flight than [`Faults::max_concurrency`] (a 429).
    TooManyRequests,
    /// An injected error: 500 or 503 drawn from the seed, or a status forced through
    /// `POST /__sim/faults` (`force_status`).
    Injected(u16),
    /// The handler panicked (a 500): a simulator bug, shown rather than hidden.
    Panicked,
    /// A control request with a bad parameter (a 400); the message says which.
    BadRequest(String),
    /// No such control endpoint (a 404); the path requested.
    NotFound(String),
}

/// A simulated remote API, served by the kit.
///
/// Handlers are synchronous and called from the kit's runtime threads; keep the simulated
/// state behind a lock (an `RwLock` lets reads run side by side) and recover from poisoning,
/// since a panicking handler does not stop the server.
pub trait Simulator: Send + Sync + 'static {
    /// Sorts a request into its lane (from its host and path).
    fn lane(&self, req: &Request) -> Lane;

    /// Answers a request of the [`Lane::Api`] lane, once it has passed the faults.
    fn api(&self, req: &Request) -> Reply;

    /// Answers a request of the [`Lane::Direct`] lane.
    fn direct(&self, req: &Request) -> Reply {
        self.failure(Failure::NotFound(req.path.clone()))
    }

    /// Answers a control request the kit does not serve itself (moving a clock, injecting an
    /// event…). The default knows none.
    fn control(&self, req: &Request) -> Reply {
        self.failure(Failure::NotFound(req.path.clone()))
    }

    /// The API's answer for a failure the kit produces.
    fn failure(&self, failure: Failure) -> Reply;

    /// The time written in the request log (the simulator's clock, which tests may advance).
    fn log_time(&self) -> String;

    /// Headers added to every answer of the API lane; `in_flight` counts this request.
    fn api_headers(&self, in_flight: usize) -> Vec<(&'static str, String)> {
        let _ = in_flight;
        Vec::new()
    }
}

/// What a simulator's binary does once its server runs: prints `info` as one JSON line on
/// stdout (what the tests, the benchmark and the demo read to find the port and the keys),
/// then serves until the process is killed.
pub fn announce_and_serve_forever(info: &impl serde::Serialize) -> std::io::Result<()> {
    use std::io::Write;
    let line = serde_json::to_string(info).map_err(std::io::Error::other)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    drop(out);
    loop {
        std::thread::park();
    }
}
