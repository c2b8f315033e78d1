//! Seeded fault injection: latency, a cap on requests in flight, injected 500/503 answers and
//! responses cut mid-body. Each API request draws its fate from one seeded stream in arrival
//! order, so a run with the same seed and the same requests fails the same way. A control
//! request can also force the next few API requests to fail with a chosen status (a 401, a 429…),
//! which the simulator renders in its API's error format.

use std::str::FromStr;

use serde_json::{json, Value};

use crate::rng::Rng;

/// The stream of the seed that fault draws come from.
const FAULT_STREAM: u64 = 0xfa17;

/// Fault settings (also what `GET /__sim/faults` shows).
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Delay added to every API request, in milliseconds.
    pub latency_ms: u64,
    /// Requests in flight above this are refused (the simulator says how, see
    /// [`crate::Failure::TooManyRequests`]). `None` or `Some(0)`: no cap.
    pub max_concurrency: Option<usize>,
    /// Share (0..1, clamped) of API requests answered 500 or 503.
    pub error_rate: f64,
    /// Share (0..1, clamped) of API responses whose connection is cut mid-body.
    pub cut_rate: f64,
    /// Seed of the draws.
    pub seed: u64,
}

/// What happens to one API request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Fate {
    pub latency_ms: u64,
    pub max_concurrency: Option<usize>,
    /// `Some(500)` or `Some(503)` (or a forced status): answer that instead of calling the
    /// handler.
    pub fail: Option<u16>,
    /// Cut the connection after half the body.
    pub cut: bool,
}

/// Settings in force and the generator that decides each request's fate.
pub(crate) struct FaultState {
    settings: Faults,
    rng: Rng,
    /// A status forced on the next API requests, and how many are left.
    forced: Option<(u16, u64)>,
}

impl FaultState {
    /// Settings as given at start-up, normalised (rates clamped, a cap of 0 is no cap).
    pub fn new(mut f: Faults) -> FaultState {
        f.max_concurrency = f.max_concurrency.filter(|&c| c > 0);
        f.error_rate = f.error_rate.clamp(0.0, 1.0);
        f.cut_rate = f.cut_rate.clamp(0.0, 1.0);
        FaultState {
            rng: Rng::stream(f.seed, FAULT_STREAM),
            settings: f,
            forced: None,
        }
    }

    /// Draws the fate of the next API request (always three draws, whatever the settings).
    pub fn draw(&mut self) -> Fate {
        let fail_draw = self.rng.unit();
        let kind_draw = self.rng.unit();
        let cut_draw = self.rng.unit();
        let forced = self.take_forced();
        let f = &self.settings;
        let drawn = (fail_draw < f.error_rate).then_some(if kind_draw < 0.5 { 500 } else { 503 });
        Fate {
            latency_ms: f.latency_ms,
            max_concurrency: f.max_concurrency,
            fail: forced.or(drawn),
            cut: forced.is_none() && cut_draw < f.cut_rate,
        }
    }

    /// The forced status for this request, if any is left (the draws above still happen, so
    /// forcing never shifts the seeded fates of later requests).
    fn take_forced(&mut self) -> Option<u16> {
        let (status, left) = self.forced?;
        self.forced = (left > 1).then_some((status, left - 1));
        Some(status)
    }

    /// The settings as JSON.
    pub fn to_json(&self) -> Value {
        let f = &self.settings;
        json!({
            "latency_ms": f.latency_ms, "max_concurrency": f.max_concurrency,
            "error_rate": f.error_rate, "cut_rate": f.cut_rate, "seed": f.seed,
            "force_status": self.forced.map(|(s, _)| s),
            "force_count": self.forced.map_or(0, |(_, n)| n),
        })
    }

    /// Applies the fields given (`latency_ms`, `max_concurrency` (empty or 0 = none),
    /// `error_rate`, `cut_rate`, `seed` — a new seed restarts the draws —, `force_status`
    /// (an HTTP error status, 400–599) with `force_count` (default 1; 0 clears)). All or
    /// nothing: on a bad value nothing changes and the message says which.
    pub fn update<'a>(&mut self, get: impl Fn(&str) -> Option<&'a str>) -> Result<(), String> {
        let latency = num::<u64>(&get, "latency_ms")?;
        let cap = num::<usize>(&get, "max_concurrency")?;
        let error_rate = num::<f64>(&get, "error_rate")?;
        let cut_rate = num::<f64>(&get, "cut_rate")?;
        let seed = num::<u64>(&get, "seed")?;
        let force_status = num::<u16>(&get, "force_status")?;
        let force_count = num::<u64>(&get, "force_count")?;
        if force_status.is_some_and(|s| !(400..=599).contains(&s)) {
            return Err("force_status must be an HTTP error status (400 to 599)".into());
        }
        for r in [error_rate, cut_rate].into_iter().flatten() {
            if !(0.0..=1.0).contains(&r) {
                return Err("Rates must be between 0 and 1".into());
            }
        }
        let f = &mut self.settings;
        if let Some(l) = latency {
            f.latency_ms = l;
        }
        if get("max_concurrency").is_some() {
            f.max_concurrency = cap.filter(|&c| c > 0);
        }
        if let Some(r) = error_rate {
            f.error_rate = r;
        }
        if let Some(r) = cut_rate {
            f.cut_rate = r;
        }
        if let Some(s) = seed {
            f.seed = s;
            self.rng = Rng::stream(s, FAULT_STREAM);
        }
        match (force_status, force_count) {
            (Some(status), n) => self.forced = Some((status, n.unwrap_or(1))).filter(|f| f.1 > 0),
            (None, Some(0)) => self.forced = None,
            (None, Some(n)) => self.forced = self.forced.map(|(status, _)| (status, n)),
            (None, None) => {}
        }
        Ok(())
    }
}

/// A field parsed as a number; absent or blank is `None`.
fn num<'a, T: FromStr>(
    get: &impl Fn(&str) -> Option<&'a str>,
    k: &str,
) -> Result<Option<T>, String> {
    match get(k).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<T>()
            .map(Some)
            .map_err(|_| format!("Invalid {k}: {v}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v)
    }

    #[test]
    fn start_up_settings_are_normalised() {
        let s = FaultState::new(Faults {
            max_concurrency: Some(0),
            error_rate: 3.0,
            cut_rate: -1.0,
            ..Default::default()
        });
        let j = s.to_json();
        assert_eq!(j["max_concurrency"], Value::Null);
        assert_eq!(j["error_rate"], json!(1.0));
        assert_eq!(j["cut_rate"], json!(0.0));
    }

    #[test]
    fn updates_are_all_or_nothing() {
        let mut s = FaultState::new(Faults::default());
        for (fields, error) in [
            (&[("latency_ms", "x")][..], Some("Invalid latency_ms: x")),
            (
                &[("latency_ms", "5"), ("error_rate", "2")][..],
                Some("Rates must be between 0 and 1"),
            ),
            (
                &[("max_concurrency", "-1")][..],
                Some("Invalid max_concurrency: -1"),
            ),
            (&[("latency_ms", " ")][..], None),
        ] {
            assert_eq!(s.update(form(fields)).err().as_deref(), error);
            assert_eq!(s.to_json()["latency_ms"], json!(0));
        }
        s.update(form(&[("max_concurrency", "3")])).unwrap();
        assert_eq!(s.to_json()["max_concurrency"], json!(3));
        s.update(form(&[("max_concurrency", "")])).unwrap();
        assert_eq!(s.to_json()["max_concurrency"], Value::Null);
    }

    #[test]
    fn forced_statuses_come_first_and_run_out() {
        let settings = Faults {
            error_rate: 0.5,
            seed: 9,
            ..Default::default()
        };
        let plain: Vec<Fate> = {
            let mut s = FaultState::new(settings.clone());
            (0..6).map(|_| s.draw()).collect()
        };
        let mut s = FaultState::new(settings);
        assert_eq!(
            s.update(form(&[("force_status", "200")])).err().as_deref(),
            Some("force_status must be an HTTP error status (400 to 599)")
        );
        s.update(form(&[("force_status", "429"), ("force_count", "2")]))
            .unwrap();
        assert_eq!(s.to_json()["force_count"], json!(2));
        let fates: Vec<Fate> = (0..6).map(|_| s.draw()).collect();
        assert_eq!(fates[0].fail, Some(429));
        assert_eq!(fates[1].fail, Some(429));
        assert_eq!(fates[2..], plain[2..], "later fates are the seeded ones");
        assert_eq!(s.to_json()["force_status"], Value::Null);
        s.update(form(&[("force_status", "401")])).unwrap();
        s.update(form(&[("force_count", "0")])).unwrap();
        assert_eq!(
            s.to_json()["force_status"],
            Value::Null,
            "a count of 0 clears"
        );
    }

    #[test]
    fn the_same_seed_replays_the_same_fates() {
        let settings = Faults {
            error_rate: 0.5,
            cut_rate: 0.5,
            seed: 3,
            ..Default::default()
        };
        let fates = |s: &mut FaultState| (0..50).map(|_| s.draw()).collect::<Vec<_>>();
        let mut s = FaultState::new(settings.clone());
        let first = fates(&mut s);
        assert!(first.iter().any(|f| f.fail == Some(500)));
        assert!(first.iter().any(|f| f.fail == Some(503)));
        assert!(first.iter().any(|f| f.cut) && first.iter().any(|f| f.fail.is_none()));
        s.update(form(&[("seed", "3")])).unwrap();
        assert_eq!(fates(&mut s), first);
        assert_eq!(fates(&mut FaultState::new(settings)), first);
    }
}
