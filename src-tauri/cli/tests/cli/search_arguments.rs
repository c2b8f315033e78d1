//! `search` arguments: text starting with `-` goes after `--` (the usage error says so, in the
//! user's language, and so does `--help`); `--limit 0` is a usage error, not an empty answer.

use crate::support::{as_main, ok, run, sim, synced};

fn one_usage_error(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "a usage error: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(out.stdout.is_empty());
    stderr
}

#[test]
fn a_dash_word_is_searched_after_double_dash_and_the_error_says_how() {
    let sim = sim(300);
    let info = sim.info();
    let a = synced(info);

    let refused = one_usage_error(&run(as_main(&a.db, info), &["search", "-merci"]));
    assert!(
        refused.contains("passerelle search -- -merci"),
        "the error shows the way: {refused}"
    );
    let french = one_usage_error(&run(
        as_main(&a.db, info),
        &["--lang", "fr", "search", "-merci"],
    ));
    assert!(
        french.contains("mettez -- devant : passerelle search -- -merci"),
        "{french}"
    );

    ok(as_main(&a.db, info), &["search", "--", "-merci"]);
    ok(
        as_main(&a.db, info),
        &["search", "--json", "--", "-merci", "--limit"],
    );

    let help = ok(as_main(&a.db, info), &["search", "--help"]);
    assert!(help.contains("passerelle search -- -merci"), "{help}");
}

#[test]
fn limit_zero_is_a_usage_error_naming_the_minimum() {
    let sim = sim(200);
    let info = sim.info();
    let a = synced(info);
    for limit in ["0", "many"] {
        let refused = one_usage_error(&run(
            as_main(&a.db, info),
            &["search", "--limit", limit, "merci"],
        ));
        assert!(refused.contains("at least 1"), "--limit {limit}: {refused}");
    }
    ok(as_main(&a.db, info), &["search", "--limit", "1", "merci"]);
}
