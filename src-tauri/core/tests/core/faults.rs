//! Throttling, server errors, latency and cut connections: nothing lost, backoff visible.

use crate::support::*;
use passerelle_core::sync::MediaMode;
use std::collections::HashMap;

#[test]
fn a_sync_through_429s_5xx_latency_and_cut_bodies_completes_with_nothing_lost() {
    let sim = sim_with(3_000, |c| {
        c.max_concurrency = Some(3);
        c.error_rate = 0.08;
        c.cut_rate = 0.08;
        c.latency_ms = 15;
        c.seed = 11;
    });
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    let report = sync_now(
        &rt,
        &archive,
        &client,
        &crate::support::SyncOptionsExt::small(options(MediaMode::Metadata)),
    );
    assert_eq!(report.messages_new, info.messages, "{report:?}");
    assert!(
        report.http.throttled > 0,
        "the cap of 3 must have been hit: {report:?}"
    );
    assert!(
        report.http.server_errors > 0 && report.http.interrupted > 0,
        "{report:?}"
    );
    assert!(report.http.retries >= report.http.throttled, "{report:?}");
    assert!(
        report.concurrency_decreases > 0,
        "the cap must back off: {report:?}"
    );

    // What the simulator saw: every throttled or failed request was tried again and answered.
    let log = sim_requests(&info);
    let mut outcomes: HashMap<(String, String), Vec<u64>> = HashMap::new();
    for entry in &log {
        if entry["method"] != "GET" || entry["path"].as_str().unwrap_or("").starts_with("/__") {
            continue;
        }
        let key = (
            entry["path"].as_str().unwrap().to_owned(),
            entry["query"].as_str().unwrap_or("").to_owned(),
        );
        outcomes
            .entry(key)
            .or_default()
            .push(entry["status"].as_u64().unwrap());
    }
    let throttled = log.iter().filter(|e| e["status"] == 429).count();
    let failed = log
        .iter()
        .filter(|e| e["status"].as_u64().is_some_and(|s| s >= 500))
        .count();
    assert!(
        throttled > 0 && failed > 0,
        "429s {throttled}, 5xx {failed}"
    );
    for (request, statuses) in &outcomes {
        if statuses.iter().any(|&s| s == 429 || s >= 500) {
            assert_eq!(
                statuses.last(),
                Some(&200),
                "{request:?} was retried until answered: {statuses:?}"
            );
        }
    }
    // No faults while comparing with a plain listing.
    sim_control(
        &info,
        "/__sim/faults",
        &[
            ("max_concurrency", "0"),
            ("error_rate", "0"),
            ("cut_rate", "0"),
            ("latency_ms", "0"),
        ],
    );
    assert_archive_equals_sim(&info, &archive.path);
    crate::sync::assert_consistent(&archive.store());
}
