//! `passerelle profile` and `passerelle templates` against the simulator: a wrong field is
//! named and nothing is sent; a change is sent and kept in the history; templates are listed
//! with their state and a rejection explained.

use crate::support::*;
use serde_json::Value;

fn clear_requests(url: &str) {
    let status = std::process::Command::new("curl")
        .args(["-s", "-X", "DELETE", &format!("{url}/__sim/requests")])
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "curl clears the request log"
    );
}

fn request_count(url: &str) -> usize {
    let out = std::process::Command::new("curl")
        .args(["-s", &format!("{url}/__sim/requests")])
        .output()
        .expect("curl");
    serde_json::from_slice::<Vec<Value>>(&out.stdout)
        .expect("a log")
        .len()
}

#[test]
fn profile_set_names_the_wrong_field_and_sends_nothing() {
    let sim = sim(50);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    clear_requests(&info.url);
    let about = "😀".repeat(70); // 140 UTF-16 units: one too many
    let out = run(as_main(&a.db, info), &["profile", "set", "--about", &about]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("“about”") && stderr.contains("140 characters, at most 139"),
        "{stderr}"
    );
    assert_eq!(request_count(&info.url), 0, "no request made");
    let out = run(
        as_main(&a.db, info),
        &["profile", "set", "--website", "fleurs.fr"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("websites[0]"));
}

#[test]
fn profile_set_changes_one_number_and_the_history_shows_it() {
    let sim = sim(50);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    let shown = json(as_main(&a.db, info), &["profile", "--json"]);
    let senders = shown.as_array().expect("a list");
    assert!(senders.len() >= 2, "the sim's main account has two numbers");
    let number = senders[0]["address"].as_str().unwrap().to_string();
    assert!(senders[0]["quality_rating"].is_string());
    assert!(senders[0]["profile"]["display_name"].is_string());

    let out = run(
        as_main(&a.db, info),
        &["profile", "set", "--about", "Ouvert 7j/7"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "two numbers: --sender is needed"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--sender"));

    let human = ok(
        as_main(&a.db, info),
        &[
            "profile",
            "set",
            "--sender",
            &number,
            "--about",
            "Ouvert 7j/7 🌷",
        ],
    );
    assert!(human.contains("Ouvert 7j/7 🌷"), "{human}");
    let shown = json(
        as_main(&a.db, info),
        &["profile", "--sender", &number, "--json"],
    );
    let history = shown[0]["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["fields"], serde_json::json!(["about"]));
    assert_eq!(history[0]["answer"]["accepted"], true);
    assert_eq!(shown[0]["profile"]["about"], "Ouvert 7j/7 🌷");
}

#[test]
fn templates_are_listed_by_state_with_rejections_explained() {
    let sim = sim(50);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    let all = json(as_main(&a.db, info), &["templates", "--json"]);
    let rejected = json(
        as_main(&a.db, info),
        &["templates", "--state", "rejected", "--json"],
    );
    let rejected = rejected.as_array().unwrap();
    assert!(!rejected.is_empty() && rejected.len() < all.as_array().unwrap().len());
    for t in rejected {
        assert_eq!(t["state"], "rejected");
        assert!(!t["rejection_reason"].as_str().unwrap().is_empty());
        assert!(t["explanation"].as_str().unwrap().contains("Edit"));
    }
    let human = ok(as_main(&a.db, info), &["templates", "--state", "rejected"]);
    assert!(human.contains("Reason:") && human.contains("→ "), "{human}");
}
