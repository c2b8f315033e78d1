//! The machine-readable outputs keep their documented shapes.

use crate::support::{archive, as_main, json, ok, sim};

#[test]
fn status_and_search_json_have_their_documented_shapes() {
    let sim = sim(3_000);
    let info = sim.info();
    let a = archive();
    let connect = json(as_main(&a.db, info), &["connect", "--json"]);
    assert!(
        connect["senders"].is_array(),
        "connect --json lists senders: {connect}"
    );

    let sync = json(as_main(&a.db, info), &["sync", "--json"]);
    assert!(sync.is_object(), "sync --json is an object: {sync}");

    let status = json(as_main(&a.db, info), &["status", "--json"]);
    for key in [
        "messages",
        "conversations",
        "media_files",
        "senders",
        "last_sync",
    ] {
        assert!(
            status.get(key).is_some(),
            "status --json has `{key}`: {status}"
        );
    }
    let messages = status["messages"].as_u64().expect("messages is a count");
    assert!(messages > 0, "the sync stored messages");
    assert!(status["conversations"].as_u64().expect("a count") > 0);
    assert!(status["senders"].is_array(), "senders is a list: {status}");
    assert!(!status["last_sync"].is_null(), "a sync happened: {status}");

    // Search for a word of a stored body, so the test does not depend on the generator's texts.
    let conn = rusqlite::Connection::open(&a.db).expect("archive");
    let body: String = conn
        .query_row(
            "SELECT body FROM messages WHERE length(body) > 20 ORDER BY sid LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a body");
    let word = body
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().count() >= 5)
        .expect("a word of five letters or more")
        .to_string();
    let hits = json(as_main(&a.db, info), &["search", &word, "--json"]);
    assert!(
        hits["notes"].is_array(),
        "search --json lists notes: {hits}"
    );
    let hits = hits["messages"]
        .as_array()
        .expect("search --json lists messages");
    assert!(!hits.is_empty(), "`{word}` is found");
    for hit in hits {
        for key in ["sid", "conversation", "date_sent", "body"] {
            assert!(hit.get(key).is_some(), "each hit has `{key}`: {hit}");
        }
    }

    let none = json(as_main(&a.db, info), &["search", "zzzqqqxxyyy", "--json"]);
    assert_eq!(
        none,
        serde_json::json!({"messages": [], "notes": []}),
        "no hit is two empty lists"
    );

    let human = ok(as_main(&a.db, info), &["status"]);
    assert!(
        human.contains(&messages.to_string()),
        "the human status shows the count: {human}"
    );
}
