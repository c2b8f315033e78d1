//! Which slices of the history to fetch: pure arithmetic over dates, tested as tables.

/// One day in seconds.
pub const DAY: i64 = 86_400;

/// Date ranges `(from, to)` covering all time for a backfill: the first is open towards the
/// past, the last open towards the future, the others `shard_days` wide. Cuts fall on GMT
/// midnights from the day of `start` (the account's creation) until `now`, because Twilio's
/// documented `DateSent` filters take whole GMT days.
pub fn backfill_ranges(start: i64, now: i64, shard_days: u32) -> Vec<(Option<i64>, Option<i64>)> {
    let width = i64::from(shard_days.max(1)) * DAY;
    let start = start.div_euclid(DAY) * DAY;
    let mut cuts = Vec::new();
    let mut t = start + width;
    while t < now {
        cuts.push(t);
        t += width;
    }
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut from = None;
    for cut in cuts {
        ranges.push((from, Some(cut)));
        from = Some(cut);
    }
    ranges.push((from, None));
    ranges
}

/// The lower bound of an incremental run: the newest archived message minus the larger of
/// the overlap and the status-refresh window. `None` (everything) when nothing is archived.
pub fn incremental_from(newest: Option<i64>, overlap_secs: i64, refresh_days: i64) -> Option<i64> {
    newest.map(|t| t - overlap_secs.max(refresh_days * DAY).max(0))
}

/// `YYYY-MM-DD` (GMT) of a unix time.
fn gmt_day(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The query parameters for a shard's first page. `from` is inclusive (its whole GMT day is
/// listed), `to` exclusive and on a midnight: `DateSent<=` takes the day before it, since
/// Twilio's day bounds are "on or before" / "on or after".
pub fn shard_query(
    sender: &str,
    inbound: bool,
    from: Option<i64>,
    to: Option<i64>,
    page_size: u32,
) -> Vec<(String, String)> {
    let mut q = vec![(
        if inbound { "To" } else { "From" }.to_owned(),
        sender.to_owned(),
    )];
    if let Some(from) = from {
        q.push(("DateSent>".to_owned(), gmt_day(from)));
    }
    if let Some(to) = to {
        q.push(("DateSent<".to_owned(), gmt_day(to - 1)));
    }
    q.push(("PageSize".to_owned(), page_size.clamp(1, 1000).to_string()));
    q
}

/// Share of a shard done, from the oldest message seen so far (pages come newest first).
pub fn shard_fraction(from: i64, to: i64, oldest_seen: Option<i64>) -> f64 {
    match oldest_seen {
        None => 0.0,
        Some(_) if to <= from => 0.5,
        Some(t) => ((to - t.clamp(from, to)) as f64 / (to - from) as f64).clamp(0.0, 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backfill_ranges_table() {
        let cases: &[(i64, i64, u32, &[(Option<i64>, Option<i64>)])] = &[
            // account newer than a shard: one open shard
            (0, DAY / 2, 1, &[(None, None)]),
            (10, 5, 1, &[(None, None)]),
            // three days, one-day shards: open ends on both sides
            (
                0,
                3 * DAY,
                1,
                &[
                    (None, Some(DAY)),
                    (Some(DAY), Some(2 * DAY)),
                    (Some(2 * DAY), None),
                ],
            ),
            (
                0,
                3 * DAY + 1,
                1,
                &[
                    (None, Some(DAY)),
                    (Some(DAY), Some(2 * DAY)),
                    (Some(2 * DAY), Some(3 * DAY)),
                    (Some(3 * DAY), None),
                ],
            ),
            (
                0,
                10 * DAY,
                7,
                &[(None, Some(7 * DAY)), (Some(7 * DAY), None)],
            ),
            // cuts fall on midnights even when the account was created mid-day
            (
                DAY + 3600,
                4 * DAY,
                1,
                &[
                    (None, Some(2 * DAY)),
                    (Some(2 * DAY), Some(3 * DAY)),
                    (Some(3 * DAY), None),
                ],
            ),
        ];
        for (start, now, days, want) in cases {
            assert_eq!(
                backfill_ranges(*start, *now, *days),
                want.to_vec(),
                "start {start} now {now} days {days}"
            );
        }
        // Contiguous cover of everything.
        let r = backfill_ranges(1_600_000_000, 1_700_000_000, 30);
        assert_eq!(r.first().unwrap().0, None);
        assert_eq!(r.last().unwrap().1, None);
        for pair in r.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "shards must touch");
            assert_eq!(pair[0].1.unwrap() % DAY, 0, "cuts on midnights");
        }
    }

    #[test]
    fn incremental_window_table() {
        let cases = [
            (None, 3600, 7, None),
            (Some(1_000_000), 3600, 7, Some(1_000_000 - 7 * DAY)),
            (Some(1_000_000), 3600, 0, Some(1_000_000 - 3600)),
            (Some(1_000_000), 0, 0, Some(1_000_000)),
        ];
        for (newest, overlap, refresh, want) in cases {
            assert_eq!(incremental_from(newest, overlap, refresh), want);
        }
    }

    #[test]
    fn shard_query_uses_the_direction_filter_and_whole_days() {
        let q = shard_query(
            "whatsapp:+33100000000",
            true,
            Some(DAY),
            Some(3 * DAY),
            5000,
        );
        assert_eq!(q[0], ("To".to_owned(), "whatsapp:+33100000000".to_owned()));
        assert_eq!(q[1], ("DateSent>".to_owned(), "1970-01-02".to_owned()));
        assert_eq!(q[2], ("DateSent<".to_owned(), "1970-01-03".to_owned()));
        assert_eq!(q[3], ("PageSize".to_owned(), "1000".to_owned()));
        let q = shard_query("whatsapp:+1", false, None, None, 50);
        assert_eq!(
            q,
            vec![
                ("From".to_owned(), "whatsapp:+1".to_owned()),
                ("PageSize".to_owned(), "50".to_owned())
            ]
        );
        // An incremental lower bound mid-day lists its whole day.
        assert_eq!(
            shard_query("x", true, Some(DAY + 5000), None, 10)[1].1,
            "1970-01-02"
        );
    }

    #[test]
    fn shard_fraction_table() {
        let cases = [
            (0, 100, None, 0.0),
            (0, 100, Some(100), 0.0),
            (0, 100, Some(25), 0.75),
            (0, 100, Some(-5), 1.0),
        ];
        for (from, to, oldest, want) in cases {
            assert!(
                (shard_fraction(from, to, oldest) - want).abs() < 1e-9,
                "{from} {to} {oldest:?}"
            );
        }
    }
}
