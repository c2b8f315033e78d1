//! Ctrl-C (SIGINT) stops a sync cleanly: exit status 130, one plain line, what was written is
//! kept, and the next run finishes the job.

use std::time::Duration;

use passerelle_core::{Error, Lang};

use crate::support::{archive, as_main, json, ok, sim};

#[test]
fn ctrl_c_cancels_keeps_what_was_written_and_the_next_run_finishes() {
    let sim = sim(20_000);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    // Slow the simulator down so the interrupt lands mid-backfill.
    set_latency(&info.url, 1_500);
    let child = as_main(&a.db, info)
        .args(["sync", "--media", "skip"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("sync starts");
    std::thread::sleep(Duration::from_secs(2));
    // SAFETY: sending SIGINT to our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().expect("sync ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(130),
        "cancelled exits with 130: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    let want = Error::Cancelled.message(Lang::En);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "passerelle: {}",
            want.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    );

    let kept = json(as_main(&a.db, info), &["status", "--json"])["messages"]
        .as_u64()
        .unwrap();
    assert!(
        kept < 20_000,
        "the sync was interrupted before the end ({kept} kept)"
    );

    set_latency(&info.url, 0);
    ok(as_main(&a.db, info), &["sync", "--media", "skip"]);
    let done = json(as_main(&a.db, info), &["status", "--json"]);
    assert!(
        done["messages"].as_u64().unwrap() > kept,
        "the next run went on: {done}"
    );
    assert_eq!(done["last_sync"]["outcome"], "done", "and finished: {done}");
}

fn set_latency(url: &str, ms: u64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let status = reqwest::Client::new()
            .post(format!("{url}/__sim/faults"))
            .form(&[("latency_ms", ms.to_string())])
            .send()
            .await
            .expect("faults endpoint")
            .status();
        assert!(status.is_success(), "faults: {status}");
    });
}
