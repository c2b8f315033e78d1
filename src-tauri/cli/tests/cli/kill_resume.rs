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

    let killed = archive();
    ok(as_main(&killed.db, info), &["connect"]);
    let mut rng = rand::rngs::StdRng::seed_from_u64(SEED);
    let reference = stored(&clean.db);
    let mut kills = 0;
    let mut partial_kills = 0;
    let mut attempts = 0;
    while kills < KILLS {
        attempts += 1;
        assert!(
            attempts <= 60,
            "only {kills} kills landed in {attempts} attempts"
        );
        // Anywhere from start-up to 1/KILLS of a clean sync: the kills land all along the
        // backfill (start-up, first pages, mid-history) rather than after it has finished.
        let max = (clean_time.as_millis() as u64 / KILLS as u64).max(50);
        let delay = Duration::from_millis(rng.gen_range(5..=max));
        let mut child = as_main(&killed.db, info)
            .args(SYNC)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("sync starts");
        std::thread::sleep(delay);
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("SIGKILL"); // std's kill sends SIGKILL on Unix
            kills += 1;
            child.wait().expect("reaped");
            let stored = stored(&killed.db);
            eprintln!(
                "kill {kills} after {} ms: {stored} messages stored",
                delay.as_millis()
            );
            partial_kills += usize::from(stored > 0 && stored < reference);
        } else {
            child.wait().expect("reaped");
        }
    }
    assert!(
        partial_kills >= 3,
        "kills must land mid-backfill ({partial_kills} did)"
    );
    eprintln!("{kills} kills landed in {attempts} attempts");

    // Resume to the end.
    ok(as_main(&killed.db, info), &SYNC);

    let (a, b) = (content(&clean.db), content(&killed.db));
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
    assert_no_duplicates(&killed.db);
    assert_summaries_consistent(&killed.db);
    assert_eq!(
        conversations(&clean.db),
        conversations(&killed.db),
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

/// Messages in the archive (0 when the file or its tables do not exist yet).
fn stored(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .and_then(|c| c.query_row("SELECT count(*) FROM messages", [], |r| r.get(0)))
        .unwrap_or(0)
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
            "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM messages_fts_docsize)",
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
