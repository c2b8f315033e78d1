//! `notes`, `backup`, `backups`, `erase` and `disconnect` on a synced archive, run as the
//! real binary.

use crate::support::{as_main, json, ok, passerelle, run, sim, synced};
use passerelle_core::inbox::{self, ListQuery, RecordRef, Viewer};
use passerelle_core::phone::Country;
use passerelle_core::records;
use passerelle_core::store::contacts::ContactFields;
use passerelle_core::Store;

/// Links the two longest conversations to new contacts; their customers.
fn link_two(db: &std::path::Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let owner = Viewer::owner(&store).unwrap();
    let mut rows = inbox::list(
        &store,
        &owner,
        &ListQuery {
            page_size: 500,
            ..ListQuery::default()
        },
        chrono::Utc::now().timestamp(),
    )
    .unwrap()
    .rows;
    rows.sort_by_key(|r| std::cmp::Reverse(r.message_count));
    rows.iter()
        .take(2)
        .enumerate()
        .map(|(i, row)| {
            let fields = ContactFields {
                name: format!("Client {i}"),
                phones: vec![row.customer.trim_start_matches("whatsapp:").into()],
                ..ContactFields::default()
            };
            let contact = records::create_contact(&store, &owner, &fields, Country::Fr)
                .unwrap()
                .id;
            inbox::link(&store, &owner, row.id, RecordRef::Contact(contact)).unwrap();
            row.customer.clone()
        })
        .collect()
}

#[test]
fn notes_backups_erase_and_disconnect_from_the_command_line() {
    let sim = sim(1_500);
    let info = sim.info();
    let a = synced(info);
    let customers = link_two(&a.db);
    let cmd = || passerelle(&a.db, &info.url);

    assert!(ok(cmd(), &["notes"]).contains("No note."));
    let first = ok(cmd(), &["notes", "convert"]);
    assert!(
        first.contains("2 linked conversation(s): 2 note(s) added"),
        "{first}"
    );
    let again = ok(cmd(), &["notes", "convert"]);
    assert!(
        again.contains("0 note(s) added, 0 updated, 2 unchanged"),
        "{again}"
    );
    let per_day = json(cmd(), &["notes", "convert", "--per-day", "--json"]);
    assert_eq!(per_day["removed"], 2, "{per_day}");
    let listed = json(cmd(), &["notes", "--json"]);
    let listed = listed.as_array().unwrap();
    assert!(listed.len() >= 2);
    for key in [
        "id",
        "record",
        "html",
        "text",
        "first_message_at",
        "remote_id",
        "day",
    ] {
        assert!(listed[0].get(key).is_some(), "{key}: {}", listed[0]);
    }
    let id = listed[0]["id"].as_i64().unwrap().to_string();
    let shown = ok(cmd(), &["notes", "show", &id]);
    assert!(
        shown.starts_with("WhatsApp conversation\nContact: Client"),
        "{shown}"
    );
    assert!(ok(cmd(), &["notes"]).contains("contact:"));

    assert!(ok(cmd(), &["backup"]).contains("Backup made:"));
    let backups = json(cmd(), &["backups", "--json"]);
    assert_eq!(backups.as_array().unwrap().len(), 1);
    assert_eq!(backups[0]["reason"], "manual");

    let number = customers[0].trim_start_matches("whatsapp:");
    let preview = ok(cmd(), &["erase", "--customer", number]);
    assert!(preview.contains("Nothing was erased"), "{preview}");
    assert!(
        preview.contains("backup(s) made before still hold"),
        "{preview}"
    );
    let erased = ok(
        as_main(&a.db, info),
        &["erase", "--customer", number, "--at-twilio", "--yes"],
    );
    assert!(erased.contains("At Twilio: "), "{erased}");
    assert!(erased.contains("0 failure(s)"), "{erased}");
    assert!(
        erased.contains("Erased from the archive: 1 conversation(s)"),
        "{erased}"
    );
    let nothing = json(cmd(), &["erase", "--customer", number, "--json"]);
    assert_eq!(nothing["archive"]["counts"]["messages"], 0);
    assert_eq!(nothing["done"], false);

    let kept = json(cmd(), &["notes", "--json"]).as_array().unwrap().len();
    assert!(
        kept >= 1 && kept < listed.len(),
        "the erased customer's notes went"
    );
    let dry = ok(cmd(), &["disconnect"]);
    assert!(dry.contains("Nothing was done"), "{dry}");
    let done = ok(cmd(), &["disconnect", "--yes"]);
    for step in [
        "✓ backup",
        "✓ notes",
        "✓ secret removed",
        "Twilio is disconnected",
    ] {
        assert!(done.contains(step), "{step}: {done}");
    }
    // The archive still reads offline; a second disconnect has nothing to do.
    assert_eq!(
        json(cmd(), &["notes", "--json"]).as_array().unwrap().len(),
        kept
    );
    let found = json(cmd(), &["search", "--json", "bonjour"]);
    assert!(!found["messages"].as_array().unwrap().is_empty());
    let out = run(cmd(), &["disconnect", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    // Read-only for Twilio: even with credentials, no sync until `connect` runs again.
    let refused = run(as_main(&a.db, info), &["sync"]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(
        json(cmd(), &["backups", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
