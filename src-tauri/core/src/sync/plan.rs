//! Which slices of the history to fetch: a pure decision from the stored shard states, the
//! options and the clock to a list of actions (the store loads the states and applies the
//! actions), and the arithmetic over dates it uses. Everything here is tested as tables.

use super::{SyncMode, SyncOptions};
use crate::error::{Error, Result};
use crate::store::sync_state::{BackfillCounts, NewShard, RunKind, ShardDirection, ShardKind};

/// One day in seconds.
pub const DAY: i64 = 86_400;

/// How far back the history goes when Twilio does not say when the account was created.
const DEFAULT_HISTORY: i64 = 5 * 365 * DAY;

/// What is stored about one selected sender's shards.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SenderState {
    pub sender_id: i64,
    /// Its backfill shards.
    pub backfill: BackfillCounts,
    /// One entry per direction.
    pub directions: Vec<DirectionState>,
}

/// What is stored about one direction of a sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DirectionState {
    pub direction: ShardDirection,
    /// An incremental pass of this direction was interrupted.
    pub incremental_unfinished: bool,
    /// Sent date of the newest archived message in this direction.
    pub newest: Option<i64>,
}

/// A change to the stored shards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Forget every shard (`--full`).
    ClearShards,
    /// Forget the finished incremental shards of a sender in one direction.
    DropIncremental {
        sender_id: i64,
        direction: ShardDirection,
    },
    /// Create a pending shard.
    AddShard(NewShard),
}

/// The decision for a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    pub kind: RunKind,
    /// Where the history starts (progress estimates use it).
    pub start: i64,
    pub actions: Vec<Action>,
}

/// Decides a run: a sender without backfill gets its whole history in date shards (all of them
/// with `--full`); an interrupted backfill resumes from its checkpoints (its newest shard is
/// open-ended, so it also catches what arrived meanwhile); otherwise each direction gets an
/// incremental window from its newest message, except an interrupted incremental pass, which
/// resumes as it was (its newest pages are in, its older ones not, so a window recomputed from
/// the newest message would skip them). The run is `full` when any sender backfills.
pub(crate) fn decide(
    senders: &[SenderState],
    options: &SyncOptions,
    account_start: Option<i64>,
    now: i64,
) -> Result<Decision> {
    if senders.is_empty() {
        return Err(Error::NotConnected);
    }
    let start = account_start.unwrap_or(now - DEFAULT_HISTORY).min(now);
    let full = options.mode == SyncMode::Full;
    let mut actions = Vec::new();
    if full {
        actions.push(Action::ClearShards);
    }
    let mut backfilling = false;
    for sender in senders {
        let backfill = if full {
            BackfillCounts::default()
        } else {
            sender.backfill
        };
        if backfill.shards == 0 {
            let ranges = backfill_ranges(start, now, options.shard_days);
            for direction in ShardDirection::BOTH {
                actions.extend(ranges.iter().map(|&(from, to)| {
                    Action::AddShard(NewShard {
                        sender_id: sender.sender_id,
                        direction,
                        kind: ShardKind::Backfill,
                        from,
                        to,
                    })
                }));
            }
            backfilling = true;
            continue;
        }
        if backfill.unfinished > 0 {
            backfilling = true;
            continue;
        }
        for state in sender
            .directions
            .iter()
            .filter(|d| !d.incremental_unfinished)
        {
            actions.push(Action::DropIncremental {
                sender_id: sender.sender_id,
                direction: state.direction,
            });
            actions.push(Action::AddShard(NewShard {
                sender_id: sender.sender_id,
                direction: state.direction,
                kind: ShardKind::Incremental,
                from: incremental_from(state.newest, options.overlap_secs, options.refresh_days),
                to: None,
            }));
        }
    }
    let kind = if backfilling {
        RunKind::Full
    } else {
        RunKind::Incremental
    };
    Ok(Decision {
        kind,
        start,
        actions,
    })
}

/// The oldest date a run covers, for progress estimates: the history's start, or an older
/// shard bound.
pub(crate) fn horizon(start: i64, shard_starts: impl IntoIterator<Item = Option<i64>>) -> i64 {
    shard_starts.into_iter().flatten().fold(start, i64::min)
}

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

    const NOW: i64 = 100 * DAY;

    fn sender(id: i64, backfill: (u64, u64), incremental_unfinished: [bool; 2]) -> SenderState {
        SenderState {
            sender_id: id,
            backfill: BackfillCounts {
                shards: backfill.0,
                unfinished: backfill.1,
            },
            directions: ShardDirection::BOTH
                .iter()
                .zip(incremental_unfinished)
                .map(|(&direction, unfinished)| DirectionState {
                    direction,
                    incremental_unfinished: unfinished,
                    newest: Some(NOW - DAY),
                })
                .collect(),
        }
    }

    fn options(mode: SyncMode) -> SyncOptions {
        SyncOptions {
            mode,
            shard_days: 30,
            overlap_secs: 3600,
            refresh_days: 7,
            ..SyncOptions::default()
        }
    }

    /// An action as a short word, to read the table below at a glance.
    fn word(action: &Action) -> String {
        match action {
            Action::ClearShards => "clear".into(),
            Action::DropIncremental {
                sender_id,
                direction,
            } => {
                format!("drop{sender_id}{}", &direction.as_str()[..2])
            }
            Action::AddShard(s) => format!(
                "{}{}{}",
                match s.kind {
                    ShardKind::Backfill => "back",
                    ShardKind::Incremental => "incr",
                },
                s.sender_id,
                &s.direction.as_str()[..2]
            ),
        }
    }

    #[test]
    fn decision_table() {
        // Account created 61 days ago: three 30-day backfill shards per direction.
        let start = Some(NOW - 61 * DAY);
        let back1 = "back1in back1in back1in back1ou back1ou back1ou";
        let cases: Vec<(&str, Vec<SenderState>, SyncMode, RunKind, String)> =
            vec![
            (
                "first sync: the whole history",
                vec![sender(1, (0, 0), [false, false])],
                SyncMode::Auto,
                RunKind::Full,
                back1.into(),
            ),
            (
                "interrupted backfill: resumed as stored",
                vec![sender(1, (6, 2), [false, false])],
                SyncMode::Auto,
                RunKind::Full,
                String::new(),
            ),
            (
                "finished backfill: an incremental window per direction",
                vec![sender(1, (6, 0), [false, false])],
                SyncMode::Auto,
                RunKind::Incremental,
                "drop1in incr1in drop1ou incr1ou".into(),
            ),
            (
                "interrupted incremental pass: that direction resumes as it was",
                vec![sender(1, (6, 0), [true, false])],
                SyncMode::Auto,
                RunKind::Incremental,
                "drop1ou incr1ou".into(),
            ),
            (
                "--full: everything forgotten and walked again",
                vec![sender(1, (6, 0), [true, false])],
                SyncMode::Full,
                RunKind::Full,
                format!("clear {back1}"),
            ),
            (
                "a sender added later is backfilled, the run is full",
                vec![sender(1, (6, 0), [false, false]), sender(2, (0, 0), [false, false])],
                SyncMode::Auto,
                RunKind::Full,
                "drop1in incr1in drop1ou incr1ou back2in back2in back2in back2ou back2ou back2ou"
                    .into(),
            ),
        ];
        for (name, senders, mode, kind, want) in cases {
            let decision = decide(&senders, &options(mode), start, NOW).unwrap();
            let words: Vec<String> = decision.actions.iter().map(word).collect();
            assert_eq!((decision.kind, words.join(" ")), (kind, want), "{name}");
            assert_eq!(decision.start, NOW - 61 * DAY, "{name}");
        }
    }

    #[test]
    fn decision_details() {
        // No sender selected: nothing to sync.
        let err = decide(&[], &options(SyncMode::Auto), None, NOW).unwrap_err();
        assert_eq!(err.code(), crate::Code::NotConnected);
        // Unknown creation date: five years back; a future one is capped at now.
        let one = [sender(1, (0, 0), [false, false])];
        let d = decide(&one, &options(SyncMode::Auto), None, NOW).unwrap();
        assert_eq!(d.start, NOW - DEFAULT_HISTORY);
        let d = decide(&one, &options(SyncMode::Auto), Some(NOW + DAY), NOW).unwrap();
        assert_eq!(d.start, NOW);
        // The incremental window starts before the newest message by the refresh window.
        let done = [sender(1, (6, 0), [false, false])];
        let d = decide(&done, &options(SyncMode::Auto), None, NOW).unwrap();
        let Action::AddShard(shard) = &d.actions[1] else {
            panic!("{:?}", d.actions)
        };
        assert_eq!((shard.from, shard.to), (Some(NOW - DAY - 7 * DAY), None));
    }

    #[test]
    fn horizon_table() {
        let cases = [
            (100, vec![], 100),
            (100, vec![None, Some(150)], 100),
            (100, vec![Some(40), None, Some(70)], 40),
        ];
        for (start, froms, want) in cases {
            assert_eq!(horizon(start, froms.clone()), want, "{start} {froms:?}");
        }
    }

    #[test]
    fn backfill_ranges_table() {
        type Ranges = &'static [(Option<i64>, Option<i64>)];
        let cases: &[(i64, i64, u32, Ranges)] = &[
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
