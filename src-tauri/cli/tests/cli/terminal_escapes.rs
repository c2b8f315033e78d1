//! Text from outside (bodies, names, statuses) never drives the terminal: human-readable
//! outputs show escape sequences and bidirectional controls as visible escapes; `--json`
//! keeps the stored text (JSON escapes control characters itself).

use crate::support::{as_main, json, ok, run, sim, synced};

/// A body meant to clear the screen, retitle the terminal, plant a link, turn text red (C1 CSI)
/// and reverse a file name.
// Every trick sits within the first twelve words: search prints a twelve-word snippet.
const HOSTILE_BODY: &str = "zebrafish \u{9b}31mred \u{1b}[2J \u{1b}]0;pwned\u{7} abc\u{202E}gnp.exe \u{1b}]8;;evil.example\u{1b}\\bank\u{1b}]8;;\u{1b}\\";
const HOSTILE_NAME: &str = "Zo\u{1b}[2Jé \u{202E}nimda";
const HOSTILE_STATUS: &str = "\u{1b}]0;owned\u{7}ONLINE";

/// What a terminal would act on, rather than print.
fn assert_inert(what: &str, text: &str) {
    let active: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(
        active.is_empty(),
        "{what} prints raw controls {active:?}: {text:?}"
    );
}

#[test]
fn search_and_status_show_escape_sequences_and_bidi_controls_visibly() {
    let sim = sim(300);
    let info = sim.info();
    let a = synced(info);
    {
        let conn = rusqlite::Connection::open(&a.db).expect("archive");
        passerelle_core::store::register_functions(&conn).expect("the archive's SQL functions");
        conn.execute(
            "UPDATE messages SET body = ?1 WHERE id = (SELECT min(id) FROM messages)",
            [HOSTILE_BODY],
        )
        .expect("body");
        conn.execute(
            "UPDATE conversations SET profile_name = ?1
             WHERE id = (SELECT conversation_id FROM messages WHERE body = ?2)",
            [HOSTILE_NAME, HOSTILE_BODY],
        )
        .expect("name");
        conn.execute("UPDATE senders SET status = ?1", [HOSTILE_STATUS])
            .expect("status");
    }

    let found = ok(as_main(&a.db, info), &["search", "zebrafish"]);
    assert_inert("search", &found);
    for shown in [
        "\\x1B[2J",
        "\\x1B]0;pwned\\x07",
        "\\x1B]8;;evil.example\\x1B\\bank",
        "abc\\u{202E}gnp.exe",
        "\\u{009B}31mred",
        "Zo\\x1B[2Jé \\u{202E}nimda",
    ] {
        assert!(found.contains(shown), "search shows {shown:?}: {found}");
    }

    let status = ok(as_main(&a.db, info), &["status"]);
    assert_inert("status", &status);
    assert!(status.contains("\\x1B]0;owned\\x07ONLINE"), "{status}");

    // --json keeps the stored text exactly (its own escaping makes it inert).
    let hits = json(as_main(&a.db, info), &["search", "zebrafish", "--json"]);
    assert_eq!(hits["messages"][0]["body"], HOSTILE_BODY);
    let raw = run(as_main(&a.db, info), &["search", "zebrafish", "--json"]);
    assert_inert("search --json", &String::from_utf8_lossy(&raw.stdout));

    // Every --json goes through the same inert printer (the conversation list once did not).
    let raw = run(as_main(&a.db, info), &["conversations", "--json"]);
    let listed = String::from_utf8_lossy(&raw.stdout);
    assert!(
        listed.contains("nimda"),
        "the hostile name is listed: {listed}"
    );
    assert_inert("conversations --json", &listed);
}
