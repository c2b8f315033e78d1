//! A first copy writes the messages alone and builds the search index, month counts and
//! conversation summaries in one transaction at the end. Killed during that build, the archive
//! still says its index is pending, and the next run builds it: the result is exactly a clean
//! sync's.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::kill_resume::assert_same_archive;
use crate::support::{archive, as_main, ok, sim};

/// Large enough that the final build lasts well beyond the time to read one line and kill.
const HISTORY: u64 = 30_000;
/// Fresh archives tried before the test gives up on landing its kill inside the build.
const ATTEMPTS: usize = 5;

#[test]
fn sigkill_while_the_first_copy_builds_its_indexes_then_resume_matches_a_clean_sync() {
    let sim = sim(HISTORY);
    let info = sim.info();
    let clean = archive();
    ok(as_main(&clean.db, info), &["connect"]);
    ok(as_main(&clean.db, info), &["sync", "--media", "skip"]);

    for attempt in 1..=ATTEMPTS {
        let killed = archive();
        ok(as_main(&killed.db, info), &["connect"]);
        let mut child = as_main(&killed.db, info)
            .args(["sync", "--media", "skip", "--progress-json"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sync starts");
        let stderr = child.stderr.take().expect("stderr piped");
        let reached = BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains("\"phase\":\"indexing\""));
        assert!(reached, "the first copy reports its indexing phase");
        child.kill().expect("SIGKILL"); // std's kill sends SIGKILL on Unix
        child.wait().expect("reaped");

        let status = ok(as_main(&killed.db, info), &["status", "--json"]);
        let status: serde_json::Value = serde_json::from_str(&status).expect("status JSON");
        if status["index_pending"] != true {
            eprintln!("attempt {attempt}: the build committed before the kill; trying again");
            continue;
        }
        assert_eq!(
            status["messages"].as_u64(),
            Some(HISTORY),
            "every message is stored before the build starts"
        );
        ok(as_main(&killed.db, info), &["sync", "--media", "skip"]);
        let status = ok(as_main(&killed.db, info), &["status", "--json"]);
        assert!(
            status.contains("\"index_pending\": false")
                || status.contains("\"index_pending\":false")
        );
        assert_same_archive(&clean.db, &killed.db);
        return;
    }
    panic!("no kill landed inside the final build in {ATTEMPTS} attempts");
}
