//! When to try an HTTP request again: a pure decision, tested as a table.
//!
//! GETs are safe to repeat, so they retry on 429, 5xx and broken connections with exponential
//! backoff (the caller adds jitter). A POST that may have reached the server is never repeated
//! blindly (it could send a message twice); it retries only when the server says it did
//! not process it (429) or when the connection was never made.

use super::reach::{Reachability, UnreachableBudget, Verdict};
use crate::error::{Error, Result};
use std::future::Future;
use std::time::{Duration, Instant};

/// What happened to one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this HTTP status (non-2xx).
    Status(u16),
    /// The connection could not be opened: the request never left.
    ConnectFailed,
    /// The request was sent but no (complete) answer came back: timeout, reset, cut body.
    Interrupted,
    /// A 2xx body that is not the JSON it should be (a truncated body most often).
    Garbled,
    /// The answer came but could not be kept here (a full disk, a folder that cannot be
    /// written): asking again would not help.
    Local,
}

impl Outcome {
    /// Whether the server gave no answer at all (what the unreachable budget counts).
    pub fn is_silence(self) -> bool {
        matches!(self, Outcome::ConnectFailed | Outcome::Interrupted)
    }
}

/// The verdict for an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Give up and report the error.
    Stop,
    /// Wait up to this long (the caller picks a random delay in its upper half), then retry.
    Retry(Duration),
}

/// Whether a request may be repeated without side effects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotence {
    /// GET: repeat freely.
    Safe,
    /// POST / DELETE: repeat only when it surely was not processed.
    Unsafe,
}

/// Retry limits.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    /// Delay before the first retry.
    pub base_delay: Duration,
    /// Longest wait between two attempts.
    pub max_delay: Duration,
    /// How long every request of a client together keeps trying a server that gives no
    /// answer at all (see [`super::reach`]).
    pub unreachable: UnreachableBudget,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
            unreachable: UnreachableBudget::default(),
        }
    }
}

impl RetryPolicy {
    /// Decides after failed attempt number `attempt` (1 = the first try).
    pub fn decide(&self, idempotence: Idempotence, outcome: Outcome, attempt: u32) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::Stop;
        }
        let retryable = match (idempotence, outcome) {
            (_, Outcome::Status(429)) => true,
            (_, Outcome::ConnectFailed) => true,
            (Idempotence::Safe, Outcome::Status(s)) => s >= 500 || s == 408,
            (Idempotence::Safe, Outcome::Interrupted | Outcome::Garbled) => true,
            (_, Outcome::Local) => false,
            (Idempotence::Unsafe, _) => false,
        };
        if !retryable {
            return Decision::Stop;
        }
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
        Decision::Retry(self.base_delay.saturating_mul(factor).min(self.max_delay))
    }
}

/// Picks the actual wait for a `Retry(delay)`: uniformly in `[delay/2, delay]`, so that many
/// workers throttled at once do not come back in lockstep.
pub fn jittered(delay: Duration) -> Duration {
    use rand::Rng;
    let half = delay / 2;
    half + delay
        .saturating_sub(half)
        .mul_f64(rand::thread_rng().gen::<f64>())
}

/// One failed attempt: what happened (for the decision), the error to report if it was the
/// last, and how long the server asked to wait (`Retry-After`), if it said.
#[derive(Debug)]
pub struct Failure {
    /// What happened, as the decision sees it.
    pub outcome: Outcome,
    /// The error the caller gets when no retry follows.
    pub error: Error,
    /// The server's `Retry-After`, if any.
    pub retry_after: Option<Duration>,
}

impl Failure {
    /// A failure without `Retry-After`.
    pub fn new(outcome: Outcome, error: Error) -> Failure {
        Failure {
            outcome,
            error,
            retry_after: None,
        }
    }
}

/// The longest `Retry-After` honoured: a server asking for more is retried sooner.
const MAX_RETRY_AFTER: Duration = Duration::from_mins(1);

impl RetryPolicy {
    /// Runs `attempt` (given its number, 1 for the first try) until it succeeds or
    /// [`RetryPolicy::decide`] says stop, sleeping between attempts (jittered, and at least the
    /// server's `Retry-After`); returns the last attempt's error. Attempts that get no answer
    /// count against the client's shared `reach` budget: once spent, the request gives up with
    /// [`Error::Unreachable`] whatever its own attempts left. `label` names the request in the
    /// logs.
    pub async fn run<T, F, Fut>(
        &self,
        idempotence: Idempotence,
        label: &str,
        reach: &Reachability,
        mut attempt: F,
    ) -> Result<T>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = std::result::Result<T, Failure>>,
    {
        let mut number = 0u32;
        loop {
            number += 1;
            let started = Instant::now();
            let failure = match attempt(number).await {
                Ok(value) => {
                    reach.answered();
                    return Ok(value);
                }
                Err(failure) => failure,
            };
            let mut longest = Duration::MAX;
            if failure.outcome.is_silence() {
                match reach.no_answer(started) {
                    Verdict::GiveUp(waited) => {
                        return Err(reach.unreachable(waited, &failure.error))
                    }
                    Verdict::KeepTrying(left) => longest = left,
                }
            } else {
                reach.answered();
            }
            match self.decide(idempotence, failure.outcome, number) {
                Decision::Stop => return Err(failure.error),
                Decision::Retry(delay) => {
                    let wait = jittered(delay)
                        .max(failure.retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
                        .min(longest);
                    tracing::debug!(label, outcome = ?failure.outcome, attempt = number, wait_ms = wait.as_millis() as u64, "retrying request");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;
    use Idempotence::*;
    use Outcome::*;

    #[test]
    fn retry_decisions_table() {
        let p = RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(700),
            unreachable: UnreachableBudget::default(),
        };
        let ms = Duration::from_millis;
        let cases = [
            // GETs retry on throttling, server errors and broken connections, backing off.
            (Safe, Status(429), 1, Retry(ms(100))),
            (Safe, Status(429), 2, Retry(ms(200))),
            (Safe, Status(503), 3, Retry(ms(400))),
            (Safe, Status(500), 4, Retry(ms(700))), // capped
            (Safe, Status(500), 5, Stop),           // attempts exhausted
            (Safe, Interrupted, 1, Retry(ms(100))),
            (Safe, Garbled, 1, Retry(ms(100))),
            (Safe, ConnectFailed, 2, Retry(ms(200))),
            (Safe, Status(408), 1, Retry(ms(100))),
            // A local failure (the disk) is never retried.
            (Safe, Local, 1, Stop),
            // Client errors are final.
            (Safe, Status(400), 1, Stop),
            (Safe, Status(401), 1, Stop),
            (Safe, Status(404), 1, Stop),
            // POSTs only when the server surely did not process them.
            (Unsafe, Status(429), 1, Retry(ms(100))),
            (Unsafe, ConnectFailed, 1, Retry(ms(100))),
            (Unsafe, Status(500), 1, Stop),
            (Unsafe, Status(503), 1, Stop),
            (Unsafe, Interrupted, 1, Stop),
            (Unsafe, Garbled, 1, Stop),
            (Unsafe, Status(429), 5, Stop),
        ];
        for (idem, outcome, attempt, want) in cases {
            assert_eq!(
                p.decide(idem, outcome, attempt),
                want,
                "{idem:?} {outcome:?} attempt {attempt}"
            );
        }
    }

    #[test]
    fn jitter_stays_in_the_upper_half() {
        for _ in 0..1000 {
            let d = jittered(Duration::from_secs(1));
            assert!(
                d >= Duration::from_millis(500) && d <= Duration::from_secs(1),
                "{d:?}"
            );
        }
    }

    #[tokio::test]
    async fn run_retries_until_success_or_stop() {
        let p = RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
            unreachable: UnreachableBudget::default(),
        };
        let reach = Reachability::new(
            &url::Url::parse("http://127.0.0.1:1").unwrap(),
            p.unreachable,
        );
        let fail = |status| Failure::new(Status(status), Error::Internal(format!("{status}")));
        // (idempotence, statuses of the failing attempts before a success, attempts made, ok)
        let cases: &[(Idempotence, &[u16], u32, bool)] = &[
            (Safe, &[], 1, true),
            (Safe, &[503, 429], 3, true),
            (Safe, &[503, 503, 503, 503], 4, false), // attempts exhausted
            (Safe, &[404], 1, false),
            (Unsafe, &[500], 1, false),
            (Unsafe, &[429], 2, true),
        ];
        for (idem, failures, want_attempts, want_ok) in cases {
            let mut made = 0;
            let result = p
                .run(*idem, "test", &reach, |n| {
                    made = n;
                    let outcome = failures.get(n as usize - 1).map(|s| fail(*s));
                    async move { outcome.map_or(Ok(n), Err) }
                })
                .await;
            assert_eq!(made, *want_attempts, "{idem:?} {failures:?}");
            assert_eq!(result.is_ok(), *want_ok, "{idem:?} {failures:?}");
        }
    }
}
