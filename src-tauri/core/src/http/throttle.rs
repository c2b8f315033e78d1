//! A concurrency cap that adapts like TCP congestion control (AIMD): each success widens it a
//! little, a 429 halves it. Remote APIs limit concurrent requests per account, and 429s are
//! the only signal of where that limit is.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// The adaptive limit itself, pure arithmetic (tested as a table).
#[derive(Clone, Debug)]
pub struct Aimd {
    limit: f64,
    min: f64,
    max: f64,
    last_decrease: Option<Instant>,
}

/// A halving is not repeated within this window: the 429s of requests already in flight when
/// the limit was cut say nothing new.
const DECREASE_QUIET: Duration = Duration::from_millis(250);

impl Aimd {
    /// Starts at `initial`, never below 1 nor above `max`.
    pub fn new(initial: usize, max: usize) -> Aimd {
        let max = max.max(1) as f64;
        Aimd {
            limit: (initial.max(1) as f64).min(max),
            min: 1.0,
            max,
            last_decrease: None,
        }
    }

    /// The number of requests allowed in flight now.
    pub fn limit(&self) -> usize {
        self.limit.floor() as usize
    }

    /// A request succeeded: grow by about one per window of `limit` successes.
    pub fn on_success(&mut self) {
        self.limit = (self.limit + 1.0 / self.limit).min(self.max);
    }

    /// A request was throttled at `now`: halve, unless just halved.
    pub fn on_throttled(&mut self, now: Instant) -> bool {
        if self
            .last_decrease
            .is_some_and(|t| now.duration_since(t) < DECREASE_QUIET)
        {
            return false;
        }
        self.limit = (self.limit / 2.0).max(self.min);
        self.last_decrease = Some(now);
        true
    }
}

#[derive(Debug)]
struct State {
    aimd: Aimd,
    in_flight: usize,
    peak_in_flight: usize,
    decreases: u64,
}

/// Shared gate in front of every request of a client.
#[derive(Clone, Debug)]
pub struct Throttle {
    state: Arc<Mutex<State>>,
    wake: Arc<Notify>,
}

/// A slot in flight; released on drop.
pub struct Slot {
    throttle: Throttle,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut s = self.throttle.lock();
        s.in_flight -= 1;
        drop(s);
        self.throttle.wake.notify_waiters();
    }
}

impl Throttle {
    /// A gate starting at `initial` concurrent requests, growing up to `max`.
    pub fn new(initial: usize, max: usize) -> Throttle {
        Throttle {
            state: Arc::new(Mutex::new(State {
                aimd: Aimd::new(initial, max),
                in_flight: 0,
                peak_in_flight: 0,
                decreases: 0,
            })),
            wake: Arc::new(Notify::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for a free slot under the current limit.
    pub async fn acquire(&self) -> Slot {
        loop {
            let notified = self.wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut s = self.lock();
                if s.in_flight < s.aimd.limit() {
                    s.in_flight += 1;
                    s.peak_in_flight = s.peak_in_flight.max(s.in_flight);
                    return Slot {
                        throttle: self.clone(),
                    };
                }
            }
            notified.await;
        }
    }

    /// Records a success.
    pub fn on_success(&self) {
        let grew = {
            let mut s = self.lock();
            let before = s.aimd.limit();
            s.aimd.on_success();
            s.aimd.limit() > before
        };
        if grew {
            self.wake.notify_waiters();
        }
    }

    /// Records a 429.
    pub fn on_throttled(&self) {
        let mut s = self.lock();
        if s.aimd.on_throttled(Instant::now()) {
            s.decreases += 1;
            tracing::debug!(limit = s.aimd.limit(), "429: concurrency cap lowered");
        }
    }

    /// Current limit, highest number of requests seen in flight, and how many times the
    /// limit was cut.
    pub fn snapshot(&self) -> (usize, usize, u64) {
        let s = self.lock();
        (s.aimd.limit(), s.peak_in_flight, s.decreases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aimd_table() {
        let t0 = Instant::now();
        let later = |ms| t0 + Duration::from_millis(ms);
        // (events, expected limit): 's' = success, 't<ms>' = throttled at t0+ms
        let cases: &[(&[&str], usize)] = &[
            (&[], 8),
            (&["t0"], 4),
            (&["t0", "t100"], 4), // second 429 within the quiet window: ignored
            (&["t0", "t300"], 2),
            (&["t0", "t300", "t600", "t900", "t1200"], 1), // floor at 1
            (&["s", "s", "s", "s", "s", "s", "s", "s", "s"], 9), // about +1 per window of successes
        ];
        for (events, want) in cases {
            let mut a = Aimd::new(8, 16);
            for e in *events {
                if *e == "s" {
                    a.on_success();
                } else {
                    a.on_throttled(later(e[1..].parse().unwrap()));
                }
            }
            assert_eq!(a.limit(), *want, "events {events:?}");
        }
        let mut a = Aimd::new(15, 16);
        for _ in 0..1000 {
            a.on_success();
        }
        assert_eq!(a.limit(), 16, "never above max");
    }
}
