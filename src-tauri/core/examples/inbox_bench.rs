//! Inbox benchmark: on a synced archive (`sync_bench --keep PATH`), prints the time of the
//! inbox's first page (unfiltered and with each filter), of a later page, and of the newest
//! page of a long thread and of an older page of it, as the owner sees them — the issue's
//! targets: first page < 30 ms, a 5,000-message thread's newest screen < 50 ms, on the
//! 1M-message / 20k-conversation archive. Each figure is the median of `--runs` calls after
//! one warm-up call (the window keeps its connection, so the cache is warm there too).
//!
//! ```sh
//! cargo build --release -p twilio-sim -p passerelle-core --example sync_bench --example inbox_bench
//! target/release/examples/sync_bench --sim target/release/twilio-sim --messages 1000000 --no-bare --keep /tmp/1m.db
//! target/release/examples/inbox_bench --db /tmp/1m.db
//! ```
//! The thread measured is the one nearest above 5,000 messages, else the longest (the
//! simulator's skew gives the busiest of 20,000 customers a few thousand messages; with
//! `--contacts 2000` it has more than 5,000).

mod common;

use common::arg;
use passerelle_core::inbox::{self, ListQuery, ThreadQuery, Viewer};
use passerelle_core::{Lang, Store};
use std::time::Instant;

/// Median milliseconds of `runs` calls of `work`, after one warm-up call.
fn median_ms(runs: usize, mut work: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<f64> {
    work()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        work()?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn verdict(ms: f64, target: f64) -> &'static str {
    if ms < target {
        "ok"
    } else {
        "OVER TARGET"
    }
}

fn main() -> anyhow::Result<()> {
    let db = std::path::PathBuf::from(arg("--db").expect("--db PATH"));
    let runs: usize = arg("--runs").map_or(Ok(21), |r| r.parse())?;
    let page_size: usize = arg("--page").map_or(Ok(50), |r| r.parse())?;
    drop(Store::open(&db)?); // upgrades an older archive once, outside the timings
    let store = Store::open(&db)?;
    let owner = Viewer::owner(&store)?;
    let now = chrono::Utc::now().timestamp();
    let status = passerelle_core::archive::status(&store)?;
    println!(
        "archive: {} messages, {} conversations; median of {runs} runs",
        status.messages, status.conversations
    );

    let first = ListQuery {
        page_size,
        ..ListQuery::default()
    };
    let list_ms = median_ms(runs, || {
        Ok(inbox::list(&store, &owner, &first, now).map(drop)?)
    })?;
    println!(
        "inbox first page ({page_size} rows): {list_ms:.2} ms (target < 30 ms: {})",
        verdict(list_ms, 30.0)
    );
    let filters = [
        (
            "unread",
            ListQuery {
                unread: true,
                ..first.clone()
            },
        ),
        (
            "window open",
            ListQuery {
                window_open: true,
                ..first.clone()
            },
        ),
        (
            "not linked",
            ListQuery {
                linked: Some(false),
                ..first.clone()
            },
        ),
        (
            "text \"33 6\"",
            ListQuery {
                text: Some("33 6".into()),
                ..first.clone()
            },
        ),
        (
            "name \"zo\"",
            ListQuery {
                text: Some("zo".into()),
                ..first.clone()
            },
        ),
    ];
    for (label, query) in filters {
        let ms = median_ms(runs, || {
            Ok(inbox::list(&store, &owner, &query, now).map(drop)?)
        })?;
        println!("inbox first page, {label}: {ms:.2} ms");
    }
    // A page deep in the list: the keyset cursor of page 100.
    let mut deep = first.clone();
    for _ in 0..100 {
        match inbox::list(&store, &owner, &deep, now)?.next {
            Some(next) => deep.cursor = Some(next),
            None => break,
        }
    }
    let ms = median_ms(runs, || {
        Ok(inbox::list(&store, &owner, &deep, now).map(drop)?)
    })?;
    println!("inbox, a page deep in the list (up to page 100): {ms:.2} ms");

    let summaries = inbox::conversations(&store, 10_000_000)?;
    let long = summaries
        .iter()
        .filter(|c| c.message_count >= 5_000)
        .min_by_key(|c| c.message_count)
        .or_else(|| summaries.iter().max_by_key(|c| c.message_count))
        .ok_or_else(|| anyhow::anyhow!("the archive has no conversation"))?;
    let newest = ThreadQuery::default();
    let thread_ms = median_ms(runs, || {
        Ok(inbox::thread(&store, &owner, long.id, &newest, Lang::En, now).map(drop)?)
    })?;
    println!(
        "thread of {} messages, newest page: {thread_ms:.2} ms (target < 50 ms: {})",
        long.message_count,
        verdict(thread_ms, 50.0)
    );
    let mut older = newest.clone();
    for _ in 0..20 {
        match inbox::thread(&store, &owner, long.id, &older, Lang::En, now)?.older {
            Some(cursor) => older.before = Some(cursor),
            None => break,
        }
    }
    let ms = median_ms(runs, || {
        Ok(inbox::thread(&store, &owner, long.id, &older, Lang::En, now).map(drop)?)
    })?;
    println!("thread, an older page (up to 20 pages back): {ms:.2} ms");
    Ok(())
}
