//! Date formats on the wire: RFC 2822 in GMT on 2010 resources, ISO 8601 `Z` on product APIs,
//! and the date filters Twilio accepts on lists.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month 1..=12, day) of a day count since 1970-01-01 (proleptic Gregorian).
fn civil(days: i64) -> (i64, usize, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + (m <= 2) as i64, m as usize, d)
}

/// `Fri, 24 May 2019 17:44:50 +0000` (hand-rolled: it runs for every message of every page).
pub fn rfc2822(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    let wd = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    format!(
        "{wd}, {d:02} {} {y} {:02}:{:02}:{:02} +0000",
        MONTHS[m - 1],
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

/// `2019-05-24T17:44:50Z`.
pub fn iso(t: i64) -> String {
    let d = Utc.timestamp_opt(t, 0).single().unwrap_or_default();
    d.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A date filter value: a whole GMT day, or an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateValue {
    /// `YYYY-MM-DD`: the day starting at this timestamp (GMT).
    Day(i64),
    /// A full date and time (ISO 8601, `YYYY-MM-DD HH:MM:SS`, or RFC 2822).
    Instant(i64),
}

/// Parses a `DateSent` value in the formats Twilio documents or its SDK sends.
pub fn parse_filter(value: &str) -> Option<DateValue> {
    let v = value.trim();
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(DateValue::Day(
            d.and_hms_opt(0, 0, 0)?.and_utc().timestamp(),
        ));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Some(DateValue::Instant(d.timestamp()));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(v, f) {
            return Some(DateValue::Instant(d.and_utc().timestamp()));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(v) {
        return Some(DateValue::Instant(d.timestamp()));
    }
    None
}

/// The inclusive range `[from, to]` of timestamps that the list filters select.
pub fn filter_range(
    on: Option<DateValue>,
    before: Option<DateValue>,
    after: Option<DateValue>,
) -> (i64, i64) {
    const DAY: i64 = 86_400;
    let mut lo = i64::MIN;
    let mut hi = i64::MAX;
    match on {
        Some(DateValue::Day(d)) => {
            lo = lo.max(d);
            hi = hi.min(d + DAY - 1);
        }
        // The SDK sends a `date` as `YYYY-MM-DDT00:00:00Z`: equality means that whole GMT day.
        Some(DateValue::Instant(t)) => {
            let d = t.div_euclid(DAY) * DAY;
            lo = lo.max(d);
            hi = hi.min(d + DAY - 1);
        }
        None => {}
    }
    // "on and before a specific date" (spec): a day bound includes that whole day.
    match before {
        Some(DateValue::Day(d)) => hi = hi.min(d + DAY - 1),
        Some(DateValue::Instant(t)) => hi = hi.min(t),
        None => {}
    }
    match after {
        Some(DateValue::Day(d) | DateValue::Instant(d)) => lo = lo.max(d),
        None => {}
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(rfc2822(1_558_719_890), "Fri, 24 May 2019 17:44:50 +0000");
        for t in (-86_400 * 800..86_400 * 40_000).step_by(86_400 * 13 + 3_607) {
            let d = Utc.timestamp_opt(t, 0).unwrap();
            assert_eq!(
                rfc2822(t),
                d.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
            );
        }
        assert_eq!(iso(1_558_719_890), "2019-05-24T17:44:50Z");
        assert_eq!(
            parse_filter("2019-05-24"),
            Some(DateValue::Day(1_558_656_000))
        );
        assert_eq!(
            parse_filter("2019-05-24T17:44:50Z"),
            Some(DateValue::Instant(1_558_719_890))
        );
        assert_eq!(
            parse_filter("Fri, 24 May 2019 17:44:50 +0000"),
            Some(DateValue::Instant(1_558_719_890))
        );
        assert_eq!(parse_filter("yesterday"), None);
    }
}
