//! The two time formats of Pipedrive's API: RFC 3339 in v2 (and in the leads API), and
//! `YYYY-MM-DD HH:MM:SS` (UTC) in the older v1 endpoints such as notes.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};

/// Now, in Unix seconds.
pub fn now() -> i64 {
    Utc::now().timestamp()
}

fn utc(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

/// `2024-01-01T10:20:00Z` (v2).
pub fn rfc3339(t: i64) -> String {
    utc(t).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2024-01-01T10:20:00.000Z` (the leads API).
pub fn rfc3339_millis(t: i64) -> String {
    utc(t).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `2024-01-01 10:20:00` (v1).
pub fn v1(t: i64) -> String {
    utc(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `2024-01-01` (expected close dates).
pub fn day(t: i64) -> String {
    utc(t).format("%Y-%m-%d").to_string()
}

/// Parses an RFC 3339 time (`updated_since`, `updated_until`).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d| d.timestamp())
}

/// Parses a v1 time, exactly `YYYY-MM-DD HH:MM:SS` (a note's `add_time`).
pub fn parse_v1(s: &str) -> Option<i64> {
    NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S")
        .ok()
        .filter(|_| s.trim().len() == 19)
        .map(|d| d.and_utc().timestamp())
}

/// Seconds until the next midnight UTC (when daily limits reset).
pub fn until_midnight(t: i64) -> i64 {
    86_400 - t.rem_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip() {
        let t = 1_700_000_000;
        assert_eq!(rfc3339(t), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339_millis(t), "2023-11-14T22:13:20.000Z");
        assert_eq!(v1(t), "2023-11-14 22:13:20");
        assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t));
        assert_eq!(parse_rfc3339("2023-11-14T23:13:20+01:00"), Some(t));
        assert_eq!(parse_v1(&v1(t)), Some(t));
    }

    #[test]
    fn v1_times_must_be_exact() {
        for bad in [
            "2023-11-14",
            "2023-11-14T22:13:20Z",
            "2023-11-14 22:13",
            "14/11/2023 22:13:20",
            "",
        ] {
            assert_eq!(parse_v1(bad), None, "{bad}");
        }
        assert_eq!(until_midnight(86_400 * 3 + 3_600), 82_800);
    }
}
