//! Killing the sync with SIGKILL while media files are downloading, several times, then letting
//! a run finish: every file is present and whole (byte for byte the size a clean sync gets),
//! recorded once, and no `.part` is left behind.

use std::process::Stdio;
use std::time::Duration;

use twilio_sim::{Config, Sim};

use crate::support::{archive, as_main, files_under, media_missing, ok, recorded_media, wait_for};

/// Kills that must land during the media downloads.
const KILLS: usize = 3;

#[test]
fn sigkill_during_media_downloads_then_resume_leaves_every_file_whole() {
    // Latency stretches the downloads so that each kill lands in the middle of them.
    let sim = Sim::start(Config {
        messages: 3_000,
        contacts: 300,
        years: 1,
        seed: 7,
        latency_ms: 30,
        ..Config::default()
    })
    .expect("the simulator starts");
    let info = sim.info();
    let clean = archive();
    ok(as_main(&clean.db, info), &["connect"]);
    ok(as_main(&clean.db, info), &["sync"]);
    let reference = files_under(&clean.dir.path().join("media"));
    assert!(reference.len() > 20, "the history has media");

    let a = archive();
    let media = a.dir.path().join("media");
    ok(as_main(&a.db, info), &["connect"]);
    let mut kills = 0;
    while kills < KILLS {
        let before = files_under(&media).len();
        let mut child = as_main(&a.db, info)
            .args(["sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync starts");
        // A few more files in: the downloads are under way, others are mid-flight.
        let landed = wait_for(Duration::from_secs(120), || {
            files_under(&media).len() >= before + 4 || child.try_wait().ok().flatten().is_some()
        });
        assert!(landed, "downloads progress");
        if child.try_wait().expect("poll").is_some() {
            break; // finished before its kill: the last cycles are the resume
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        kills += 1;
        eprintln!(
            "kill {kills}: {} files on disk, {} media not recorded yet",
            files_under(&media).len(),
            media_missing(&a.db)
        );
    }
    assert!(kills >= 2, "kills landed during the downloads ({kills})");

    ok(as_main(&a.db, info), &["sync"]);
    let files = files_under(&media);
    assert!(
        files.iter().all(|(name, _)| !name.ends_with(".part")),
        "no .part left"
    );
    assert_eq!(files, reference, "every file present and whole");
    assert_eq!(
        recorded_media(&a.db),
        reference,
        "every file recorded with its size"
    );
    assert_eq!(media_missing(&a.db), 0);
}
