//! Pipedrive's request limits, per API token: a burst limit per 2-second window (answered
//! 429 with `retry-after` when exceeded) and a daily allowance of POST/PUT requests (the
//! `x-daily-requests-left` header, reset at midnight UTC). Every API answer carries the
//! headers `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset` (seconds) and
//! `x-daily-requests-left`.
//!
//! The window is fixed (it opens at a token's first request), where Pipedrive's rolls: the
//! numbers a client sees are the same in steady use, and the tests stay predictable.

use std::collections::HashMap;

use serde::Serialize;

/// Length of a burst window.
pub const WINDOW_MS: u64 = 2_000;

/// The limits in force.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Limits {
    /// Requests per 2-second window per token (Pipedrive: 20 to 120 by plan for API tokens).
    pub burst: u32,
    /// POST/PUT requests per UTC day per token (Pipedrive: 10,000).
    pub daily_writes: u32,
}

impl Default for Limits {
    /// 80 per window (Pipedrive's Professional plan), 10,000 writes a day.
    fn default() -> Self {
        Limits {
            burst: 80,
            daily_writes: 10_000,
        }
    }
}

/// The counters of one token.
#[derive(Clone, Debug, Default)]
struct Bucket {
    window_start_ms: u64,
    in_window: u32,
    day: i64,
    writes: u32,
}

/// What happens to one request, with the headers to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// `None`: go on. `Some(seconds)`: answer 429 with this `retry-after`.
    pub retry_after: Option<u64>,
    /// Whether the refusal is the daily allowance's (not the burst window's).
    pub daily: bool,
    /// `x-ratelimit-limit`.
    pub limit: u32,
    /// `x-ratelimit-remaining`.
    pub remaining: u32,
    /// `x-ratelimit-reset`, in seconds.
    pub reset: u64,
    /// `x-daily-requests-left`.
    pub daily_left: u32,
}

impl Verdict {
    /// The rate-limit headers of the answer.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut h = vec![
            ("x-ratelimit-limit", self.limit.to_string()),
            ("x-ratelimit-remaining", self.remaining.to_string()),
            ("x-ratelimit-reset", self.reset.to_string()),
            ("x-daily-requests-left", self.daily_left.to_string()),
        ];
        if let Some(s) = self.retry_after {
            h.push(("retry-after", s.to_string()));
        }
        h
    }
}

/// The counters of every token.
#[derive(Debug, Default)]
pub struct Limiter {
    /// The limits in force (changed at run time by `POST /__sim/rate_limit`).
    pub limits: Limits,
    buckets: HashMap<String, Bucket>,
}

impl Limiter {
    /// Fresh counters under `limits`.
    pub fn new(limits: Limits) -> Limiter {
        Limiter {
            limits,
            buckets: HashMap::new(),
        }
    }

    /// Counts a request of `token` at `now_ms` (Unix milliseconds); `write` for POST/PUT.
    /// A refused request is not counted.
    pub fn check(&mut self, token: &str, write: bool, now_ms: u64) -> Verdict {
        let limits = self.limits;
        let b = self.buckets.entry(token.to_string()).or_default();
        if now_ms >= b.window_start_ms + WINDOW_MS {
            b.window_start_ms = now_ms;
            b.in_window = 0;
        }
        let today = (now_ms / 1_000) as i64 / 86_400;
        if b.day != today {
            b.day = today;
            b.writes = 0;
        }
        let reset = (b.window_start_ms + WINDOW_MS - now_ms)
            .div_ceil(1_000)
            .max(1);
        let burst_full = b.in_window >= limits.burst;
        let daily_full = write && b.writes >= limits.daily_writes;
        let retry_after = if burst_full {
            Some(reset)
        } else if daily_full {
            Some(crate::dates::until_midnight((now_ms / 1_000) as i64) as u64)
        } else {
            b.in_window += 1;
            b.writes += write as u32;
            None
        };
        Verdict {
            retry_after,
            daily: !burst_full && daily_full,
            limit: limits.burst,
            remaining: limits.burst.saturating_sub(b.in_window),
            reset,
            daily_left: limits.daily_writes.saturating_sub(b.writes),
        }
    }

    /// The headers of a token's current state, without counting a request (for answers the
    /// kit gives on its own, such as injected faults).
    pub fn peek(&self, token: &str, now_ms: u64) -> Verdict {
        let limits = self.limits;
        let b = self.buckets.get(token).cloned().unwrap_or_default();
        let live = now_ms < b.window_start_ms + WINDOW_MS;
        let today = (now_ms / 1_000) as i64 / 86_400;
        Verdict {
            retry_after: None,
            daily: false,
            limit: limits.burst,
            remaining: limits
                .burst
                .saturating_sub(if live { b.in_window } else { 0 }),
            reset: if live {
                (b.window_start_ms + WINDOW_MS - now_ms)
                    .div_ceil(1_000)
                    .max(1)
            } else {
                2
            },
            daily_left: limits.daily_writes.saturating_sub(if b.day == today {
                b.writes
            } else {
                0
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_000_000_000;

    #[test]
    fn the_burst_window_refuses_then_reopens() {
        let mut l = Limiter::new(Limits {
            burst: 3,
            daily_writes: 100,
        });
        // (ms after T0, write, retry_after, remaining, reset)
        let table: &[(u64, bool, Option<u64>, u32, u64)] = &[
            (0, false, None, 2, 2),
            (100, false, None, 1, 2),
            (1_100, true, None, 0, 1),
            (1_200, false, Some(1), 0, 1),
            (1_999, false, Some(1), 0, 1),
            (2_000, false, None, 2, 2),
        ];
        for &(at, write, retry, remaining, reset) in table {
            let v = l.check("t", write, T0 + at);
            assert_eq!(
                (v.retry_after, v.remaining, v.reset),
                (retry, remaining, reset),
                "at +{at} ms"
            );
        }
        assert_eq!(
            l.check("other", false, T0 + 1_500).remaining,
            2,
            "per token"
        );
        assert_eq!(l.peek("t", T0 + 2_100).daily_left, 99);
    }

    #[test]
    fn the_daily_allowance_counts_writes_only_and_resets_at_midnight() {
        let mut l = Limiter::new(Limits {
            burst: 1_000,
            daily_writes: 2,
        });
        let midnight = T0 / 86_400_000 * 86_400_000 + 86_400_000;
        let at = midnight - 3_600_000; // an hour before midnight
        assert_eq!(l.check("t", true, at).daily_left, 1);
        assert_eq!(l.check("t", false, at).daily_left, 1);
        assert_eq!(l.check("t", true, at).daily_left, 0);
        let refused = l.check("t", true, at);
        assert_eq!((refused.retry_after, refused.daily), (Some(3_600), true));
        assert_eq!(l.check("t", false, at).retry_after, None, "reads go on");
        assert_eq!(l.check("t", true, midnight).daily_left, 1);
    }
}
