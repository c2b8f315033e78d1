//! `passerelle crm …` with the real binary against pipedrive-sim: connect (token kept in the
//! keychain, never in the archive), status, import twice without doubles, push from a notes
//! file once (a second push sends nothing), plain-word refusals, disconnect. Needs a Secret
//! Service: run under tests/with-keyring.sh.

use crate::support::{archive, as_main, json, ok, run, sim};
use std::process::Command;

fn crm(base: Command, pd: &pipedrive_sim::Info, token: Option<&str>) -> Command {
    let mut c = base;
    c.env("PASSERELLE_PIPEDRIVE_URL", &pd.url)
        .env("PIPEDRIVE_DOMAIN", &pd.company_domain)
        .env_remove("PIPEDRIVE_API_TOKEN");
    if let Some(token) = token {
        c.env("PIPEDRIVE_API_TOKEN", token);
    }
    c
}

#[test]
fn crm_connect_import_push_status_and_disconnect_with_the_binary() {
    let twilio = sim(200);
    let info = twilio.info();
    let pd_sim = pipedrive_sim::Sim::start(pipedrive_sim::Config {
        persons: 600,
        ..pipedrive_sim::Config::default()
    })
    .unwrap();
    let pd = pd_sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    ok(as_main(&a.db, info), &["sync"]);

    // Nothing connected yet: a plain refusal.
    let out = run(crm(as_main(&a.db, info), pd, None), &["crm", "import"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("No Pipedrive company is connected"));

    // A wrong token: the 401 in plain words.
    let out = run(
        crm(as_main(&a.db, info), pd, Some("wrong-token-0000")),
        &["crm", "connect"],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("refused this API token"),
        "{out:?}"
    );

    let c = json(
        crm(as_main(&a.db, info), pd, Some(&pd.api_token)),
        &["crm", "connect", "--json"],
    );
    assert_eq!(c["company_name"], "Atelier Lumière");
    assert_eq!(c["user_name"], "Élise Moreau");

    // From now on the token comes from the keychain.
    let first = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "import", "--json"],
    );
    assert_eq!(first["persons"]["created"], 600);
    assert!(first["linked_conversations"].as_u64().unwrap() > 0);
    let again = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "import", "--json"],
    );
    assert_eq!(again["persons"]["created"], 0);
    let status = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "status", "--json"],
    );
    assert_eq!(status["records"]["contacts"], 600);

    // No notes in the archive yet: nothing pushed, and said so.
    let none = ok(crm(as_main(&a.db, info), pd, None), &["crm", "push"]);
    assert!(none.contains("No notes to push"), "{none}");

    let conn = rusqlite::Connection::open(&a.db).unwrap();
    let contact: i64 = conn
        .query_row("SELECT id FROM contacts WHERE crm_id = '1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(conn);
    let file = a.dir.path().join("notes.json");
    std::fs::write(
        &file,
        format!(r#"[{{"local_id":"n1","record":{{"kind":"contact","id":{contact}}},"html":"<p>Bonjour</p>","first_message_at":1709648530}}]"#),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let pushed = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "push", "--notes", path, "--json"],
    );
    assert_eq!(pushed["created"], 1);
    let twice = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "push", "--notes", path, "--json"],
    );
    assert_eq!(
        (twice["created"].as_u64(), twice["unchanged"].as_u64()),
        (Some(0), Some(1))
    );

    // The archive's own notes: the conversations linked by the import, converted, pushed
    // once; a second push sends nothing.
    ok(as_main(&a.db, info), &["notes", "convert"]);
    let archive_push = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "push", "--json"],
    );
    let notes = archive_push["notes"].as_u64().unwrap();
    assert!(notes > 0, "{archive_push}");
    assert_eq!(archive_push["report"]["created"].as_u64(), Some(notes));
    let again = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "push", "--json"],
    );
    assert_eq!(
        (
            again["report"]["created"].as_u64(),
            again["report"]["unchanged"].as_u64()
        ),
        (Some(0), Some(notes))
    );
    let status = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "status", "--json"],
    );
    assert_eq!(status["notes_pending"], 0);
    assert_eq!(status["notes_pushed"].as_u64(), Some(notes + 1));

    let bytes = std::fs::read(&a.db).unwrap();
    let token = pd.api_token.as_bytes();
    assert!(
        !bytes.windows(token.len()).any(|w| w == token),
        "token in the archive"
    );

    let d = json(
        crm(as_main(&a.db, info), pd, None),
        &["crm", "disconnect", "--json"],
    );
    assert_eq!(d["disconnected"], true);
    let out = run(crm(as_main(&a.db, info), pd, None), &["crm", "import"]);
    assert!(
        !out.status.success(),
        "the token is gone with the connection"
    );
}
