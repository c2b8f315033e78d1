//! Killing the sync with SIGKILL at random moments, then resuming, ends with exactly the
//! archive a clean sync makes: same SIDs, same content, no duplicates, consistent summaries.

use std::path::Path;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};

use crate::support::{archive, as_main, ok, sim};

/// Messages in the simulated history.
const HISTORY: u64 = 50_000;
/// Kills that must land while the sync is running.
const KILLS: usize = 10;
/// The sync under test: messages only (media downloads have their own resumability and would
/// triple the run time in a debug build).
const SYNC: [&str; 3] = ["sync", "--media", "skip"];
/// The RNG seed: the kill moments are the same on every run.
const SEED: u64 = 0x5EED_4B11;
/// Kills in one cycle before its run is left to finish.
const KILLS_PER_CYCLE: usize = 6;
/// Fresh archives tried before the test gives up on landing its kills.
const MAX_CYCLES: usize = 12;

#[test]
fn sigkill_at_random_moments_then_resume_matches_a_clean_sync() {
    let sim = sim(HISTORY);
    let info = sim.info();

    // The reference: one uninterrupted sync into its own archive.
    let clean = archive();
    ok(as_main(&clean.db, info), &["connect"]);
    let started = Instant::now();
    ok(as_main(&clean.db, info), &SYNC);
    let clean_time = started.elapsed();
    eprintln!(
        "clean sync of {HISTORY} messages: {:.2} s",
        clean_time.as_secs_f64()
    );

    // Cycles of: a fresh archive, syncs killed at random moments until one run is left to
    // finish on its own (that run is the resume), then a comparison with the clean archive.
    // Counting cycles rather than attempts keeps the test independent of how fast this
    // machine is: a run that finishes before its kill simply ends the cycle.
    let mut rng = rand::rngs::StdRng::seed_from_u64(SEED);
    let reference = stored(&clean.db);
    // Anywhere from start-up to a quarter of a clean sync: several kills land in each cycle,
    // all along the backfill (start-up, first pages, mid-history).
    let max = (clean_time.as_millis() as u64 / 4).max(50);
    let (mut kills, mut partial_kills, mut cycles) = (0, 0, 0);
    while kills < KILLS {
        cycles += 1;
        assert!(
            cycles <= MAX_CYCLES,
            "only {kills} kills landed in {MAX_CYCLES} cycles: every sync ended before its kill"
        );
        let killed = archive();
        ok(as_main(&killed.db, info), &["connect"]);
        let mut kills_in_cycle = 0;
        loop {
            // After a few kills the run is left to finish: the final build (one transaction
            // of a few seconds in a debug build) may outlast every random delay otherwise.
            let delay = if kills_in_cycle < KILLS_PER_CYCLE {
                Duration::from_millis(rng.gen_range(5..=max))
            } else {
                Duration::from_secs(3600)
            };
            let mut child = as_main(&killed.db, info)
                .args(SYNC)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("sync starts");
            if wait_for_exit(&mut child, delay) {
                let status = child.wait().expect("reaped");
                assert!(status.success(), "the resumed sync succeeds: {status}");
                break;
            }
            child.kill().expect("SIGKILL"); // std's kill sends SIGKILL on Unix
            child.wait().expect("reaped");
            kills += 1;
            kills_in_cycle += 1;
            let stored = stored(&killed.db);
            eprintln!(
                "cycle {cycles}, kill {kills} after {} ms: {stored} messages stored",
                delay.as_millis()
            );
            // Mid-copy: some messages stored, or all of them with the final build (search
            // index, summaries) still pending.
            partial_kills +=
                usize::from(stored > 0 && (stored < reference || index_pending(&killed.db)));
        }
        assert_same_archive(&clean.db, &killed.db);
    }
    assert!(
        partial_kills >= 3,
        "kills must land mid-copy ({partial_kills} did)"
    );
    eprintln!("{kills} kills landed in {cycles} cycles");
}

/// The archive after kills and resume is the clean sync's: same SIDs and content, nothing
/// doubled, summaries and search index consistent.
pub(crate) fn assert_same_archive(clean: &Path, killed: &Path) {
    let (a, b) = (content(clean), content(killed));
    assert!(!a.is_empty(), "the clean sync copied messages");
    assert_eq!(
        a.len(),
        b.len(),
        "same number of messages after kills and resume"
    );
    let first_difference = a.iter().zip(&b).position(|(x, y)| x != y);
    assert_eq!(
        first_difference, None,
        "same SIDs and same content, in SID order"
    );
    assert_no_duplicates(killed);
    assert_summaries_consistent(killed);
    assert_eq!(
        conversations(clean),
        conversations(killed),
        "same conversation summaries"
    );
}

/// The fields that do not change with time: SIDs and content.
fn content(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    let mut stmt = conn
        .prepare(
            "SELECT sid || '|' || account_sid || '|' || direction || '|' || from_address || '|' ||
                    to_address || '|' || body || '|' || num_media || '|' || coalesce(date_sent, '')
             FROM messages ORDER BY sid",
        )
        .expect("content query");
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).expect("rows");
    rows.collect::<Result<_, _>>().expect("rows read")
}

/// Waits up to `delay` for `child` to end; whether it did.
fn wait_for_exit(child: &mut std::process::Child, delay: Duration) -> bool {
    let until = Instant::now() + delay;
    while Instant::now() < until {
        if child.try_wait().expect("poll").is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5).min(until - Instant::now()));
    }
    child.try_wait().expect("poll").is_some()
}

/// Messages in the archive (0 when the file or its tables do not exist yet).
fn stored(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .and_then(|c| c.query_row("SELECT count(*) FROM messages", [], |r| r.get(0)))
        .unwrap_or(0)
}

/// Whether the first copy's final build (search index, summaries) is still to run.
fn index_pending(db: &Path) -> bool {
    rusqlite::Connection::open(db)
        .and_then(|c| {
            c.query_row("SELECT count(*) FROM deferred_structures", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .is_ok_and(|n| n > 0)
}

fn assert_no_duplicates(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    let (all, distinct): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT sid) FROM messages",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts");
    assert_eq!(all, distinct, "no message stored twice");
}

/// Each conversation's maintained count equals its messages, and the search index holds
/// every message exactly once.
fn assert_summaries_consistent(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    let wrong: i64 = conn
        .query_row(
            "SELECT count(*) FROM conversations c
             WHERE c.message_count != (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)",
            [],
            |r| r.get(0),
        )
        .expect("summary check");
    assert_eq!(
        wrong, 0,
        "every conversation summary counts its messages exactly"
    );
    let (messages, indexed): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM message_search_docsize)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("index check");
    assert_eq!(
        messages, indexed,
        "the search index holds every message once"
    );
}

fn conversations(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("archive opens");
    let mut stmt = conn
        .prepare(
            "SELECT s.address || '|' || c.customer || '|' || c.message_count || '|' ||
                    coalesce(c.last_message_sid, '') || '|' || coalesce(c.profile_name, '')
             FROM conversations c JOIN senders s ON s.id = c.sender_id ORDER BY 1",
        )
        .expect("conversation query");
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).expect("rows");
    rows.collect::<Result<_, _>>().expect("rows read")
}
