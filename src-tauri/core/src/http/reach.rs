//! How long a client keeps trying a server that does not answer at all: one budget for every
//! request of a client (a connection check, each sync phase, every media download), so that
//! "unreachable" is reported within seconds however many requests are waiting, instead of each
//! request backing off on its own for a minute.
//!
//! A streak starts with the first attempt that got no answer (connection refused, DNS failure,
//! timeout, cut connection) since the last answer of any kind; any answer (even an error
//! status) ends it. When a streak is older than the budget, every request gives up at once.

use crate::error::Error;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long to keep trying a server that gives no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnreachableBudget {
    /// For a remote server (Twilio over the Internet): long enough to ride out a blip.
    pub remote: Duration,
    /// For an address of this computer (a simulator, a local test server): nobody is coming
    /// back soon when the port is closed, so say so quickly.
    pub local: Duration,
}

impl Default for UnreachableBudget {
    fn default() -> Self {
        UnreachableBudget {
            remote: Duration::from_secs(15),
            local: Duration::from_secs(3),
        }
    }
}

/// What to do after an attempt that got no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Keep trying, waiting at most this long before the next attempt.
    KeepTrying(Duration),
    /// The server has not answered for this long, the budget is spent: give up.
    GiveUp(Duration),
}

/// The decision after an attempt that got no answer, given how long the streak has lasted.
pub fn verdict(streak: Duration, budget: Duration) -> Verdict {
    if streak >= budget {
        Verdict::GiveUp(streak)
    } else {
        Verdict::KeepTrying(budget.saturating_sub(streak))
    }
}

/// Whether `host` is this computer (a loopback name or address).
pub fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// The shared state of one client's streak.
#[derive(Debug)]
pub struct Reachability {
    /// Host and port, as the user gave them (for the message).
    address: String,
    local: bool,
    budget: Duration,
    streak_since: Mutex<Option<Instant>>,
}

impl Reachability {
    /// The streak tracker of a client talking to `url`.
    pub fn new(url: &url::Url, budget: UnreachableBudget) -> Reachability {
        let local = url.host().as_ref().is_some_and(is_loopback);
        let address = match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => url.to_string(),
        };
        Reachability {
            address,
            local,
            budget: if local { budget.local } else { budget.remote },
            streak_since: Mutex::new(None),
        }
    }

    /// The server answered (whatever it said): the streak ends.
    pub fn answered(&self) {
        *self.lock() = None;
    }

    /// An attempt started at `started` got no answer: keep trying (and wait at most how long),
    /// or give up.
    pub fn no_answer(&self, started: Instant) -> Verdict {
        let mut since = self.lock();
        let first = *since.get_or_insert(started);
        let first = first.min(started);
        *since = Some(first);
        verdict(first.elapsed(), self.budget)
    }

    /// The error reported when giving up after `waited`; `cause` is the last attempt's error.
    pub fn unreachable(&self, waited: Duration, cause: &Error) -> Error {
        Error::Unreachable {
            address: self.address.clone(),
            local: self.local,
            waited_secs: waited.as_secs().max(1),
            detail: cause.to_string(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.streak_since.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_table() {
        let s = Duration::from_secs;
        let cases = [
            (s(0), s(15), Verdict::KeepTrying(s(15))),
            (s(10), s(15), Verdict::KeepTrying(s(5))),
            (s(15), s(15), Verdict::GiveUp(s(15))),
            (s(40), s(15), Verdict::GiveUp(s(40))),
            (s(2), s(3), Verdict::KeepTrying(s(1))),
        ];
        for (streak, budget, want) in cases {
            assert_eq!(verdict(streak, budget), want, "{streak:?} of {budget:?}");
        }
    }

    #[test]
    fn loopback_addresses_get_the_local_budget() {
        let budget = UnreachableBudget::default();
        let cases = [
            ("http://127.0.0.1:4010", true, "127.0.0.1:4010"),
            ("http://localhost:9", true, "localhost:9"),
            ("http://[::1]:80/", true, "[::1]:80"),
            ("https://api.twilio.com", false, "api.twilio.com:443"),
            ("http://10.0.0.5:4010", false, "10.0.0.5:4010"),
        ];
        for (url, local, address) in cases {
            let r = Reachability::new(&url::Url::parse(url).unwrap(), budget);
            assert_eq!(r.local, local, "{url}");
            assert_eq!(r.address, address, "{url}");
            let want = if local { budget.local } else { budget.remote };
            assert_eq!(r.budget, want, "{url}");
        }
    }

    #[test]
    fn a_streak_runs_from_its_first_silent_attempt_until_an_answer() {
        let r = Reachability::new(
            &url::Url::parse("http://127.0.0.1:1").unwrap(),
            UnreachableBudget {
                remote: Duration::from_secs(15),
                local: Duration::from_millis(50),
            },
        );
        let long_ago = Instant::now()
            .checked_sub(Duration::from_millis(80))
            .expect("a monotonic clock past 80 ms");
        assert!(matches!(r.no_answer(long_ago), Verdict::GiveUp(_)));
        // A later attempt of the same streak gives up at once too.
        assert!(matches!(r.no_answer(Instant::now()), Verdict::GiveUp(_)));
        r.answered();
        assert!(matches!(
            r.no_answer(Instant::now()),
            Verdict::KeepTrying(_)
        ));
    }
}
