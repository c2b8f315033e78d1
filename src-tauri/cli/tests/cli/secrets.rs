//! The auth token never appears in anything the CLI writes: stdout, stderr, the archive
//! (with its WAL) or the logs — on success and on failure.

use std::path::Path;

use crate::support::{archive, as_main, run, sim, with_token};

fn assert_absent(secret: &str, haystack: &[u8], what: &str) {
    let found = haystack
        .windows(secret.len())
        .any(|w| w == secret.as_bytes());
    assert!(!found, "the secret appears in {what}");
}

fn assert_absent_from_files(secret: &str, dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            assert_absent_from_files(secret, &path);
        } else {
            let bytes = std::fs::read(&path).expect("file readable");
            assert_absent(secret, &bytes, &path.display().to_string());
        }
    }
}

#[test]
fn the_auth_token_never_appears_in_output_archive_or_logs() {
    let sim = sim(2_000);
    let info = sim.info();
    let a = archive();
    let token = info.auth_token.as_str();
    let wrong = "f00dfeedf00dfeedf00dfeedf00dfeed";
    let runs: Vec<(std::process::Command, Vec<&str>)> = vec![
        (
            with_token(&a.db, &info.url, &info.account_sid, wrong),
            vec!["connect"],
        ),
        (
            with_token(&a.db, &info.url, &info.account_sid, wrong),
            vec!["connect", "--json"],
        ),
        (as_main(&a.db, info), vec!["connect", "--json"]),
        (as_main(&a.db, info), vec!["sync", "--full"]),
        (as_main(&a.db, info), vec!["sync", "--json"]),
        (as_main(&a.db, info), vec!["status"]),
        (as_main(&a.db, info), vec!["status", "--json"]),
        (as_main(&a.db, info), vec!["search", "merci", "--json"]),
        (
            with_token(&a.db, &info.url, &info.account_sid, wrong),
            vec!["sync"],
        ),
    ];
    for (command, args) in runs {
        let out = run(command, &args);
        for secret in [token, wrong] {
            assert_absent(secret, &out.stdout, &format!("stdout of {args:?}"));
            assert_absent(secret, &out.stderr, &format!("stderr of {args:?}"));
        }
    }
    for secret in [token, wrong] {
        assert_absent_from_files(secret, a.dir.path());
    }
}
