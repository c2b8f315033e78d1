//! `conversations`, `thread` and `contacts import` on a synced archive, run as the real
//! binary: JSON shapes, filters, paging, escaped human output, imports that never double.

use crate::support::{archive, as_main, json, ok, passerelle, run, sim};
use twilio_sim::Info;

/// A customer writes to the first sender (the simulator's inbound hook).
pub(crate) fn inbound(info: &Info, from: &str, body: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{}/__sim/inbound", info.url))
            .form(&[("From", from), ("To", &info.senders[0]), ("Body", body)])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "inbound accepted");
    });
}

#[test]
fn conversations_and_threads_page_filter_and_escape_what_customers_wrote() {
    let sim = sim(2_000);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    ok(as_main(&a.db, info), &["sync"]);
    let hostile = "whatsapp:+33612345678";
    inbound(
        info,
        hostile,
        "Bonjour\u{1b}[2J\u{1b}[31m rouge \u{202e}olleh",
    );
    ok(as_main(&a.db, info), &["sync"]);

    let page = json(
        as_main(&a.db, info),
        &["conversations", "--json", "--limit", "5"],
    );
    let rows = page["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 5);
    for key in [
        "id",
        "display_name",
        "customer",
        "sender",
        "preview",
        "last_message_at",
        "unread_count",
        "window",
    ] {
        assert!(
            rows[0].get(key).is_some(),
            "each row has `{key}`: {}",
            rows[0]
        );
    }
    let next = page["next"].as_str().expect("more than one page");
    let second = json(
        as_main(&a.db, info),
        &["conversations", "--json", "--limit", "5", "--after", next],
    );
    let first_ids: Vec<_> = rows.iter().map(|r| r["id"].clone()).collect();
    assert!(
        second["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !first_ids.contains(&r["id"])),
        "the next page holds other conversations"
    );

    let unread = json(
        as_main(&a.db, info),
        &["conversations", "--unread", "--json"],
    );
    let unread = unread["rows"].as_array().unwrap();
    assert_eq!(
        unread.len(),
        1,
        "only the new message is unread: {unread:?}"
    );
    assert_eq!(unread[0]["customer"], hostile);
    assert_eq!(unread[0]["window"]["state"], "open");
    let id = unread[0]["id"].as_i64().unwrap().to_string();

    let human = ok(as_main(&a.db, info), &["conversations", "--unread"]);
    assert!(human.contains("+33 6 12 34 56 78"), "{human}");
    assert!(
        !human.contains('\u{1b}') && !human.contains('\u{202e}'),
        "escaped: {human:?}"
    );
    assert!(
        human.contains("\\x1B[2J") && human.contains("\\u{202E}"),
        "{human}"
    );

    let thread = json(as_main(&a.db, info), &["thread", &id, "--json"]);
    let messages = thread["messages"].as_array().unwrap();
    assert!(
        messages[0]["body"].as_str().unwrap().contains('\u{1b}'),
        "JSON keeps the text as is"
    );
    assert_eq!(
        thread["conversation"]["id"].as_i64().unwrap().to_string(),
        id
    );
    let human = ok(as_main(&a.db, info), &["thread", &id, "--mark-read"]);
    assert!(!human.contains('\u{1b}'), "escaped: {human:?}");
    assert!(human.contains("\\x1B[31m rouge"), "{human}");
    let unread = json(
        as_main(&a.db, info),
        &["conversations", "--unread", "--json"],
    );
    assert_eq!(
        unread["rows"],
        serde_json::json!([]),
        "--mark-read marked it read"
    );

    let none = run(as_main(&a.db, info), &["thread", "999999"]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no conversation number 999999"));
}

#[test]
fn contacts_import_keeps_good_rows_lists_bad_ones_and_never_doubles() {
    let sim = sim(200);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    let file = a.dir.path().join("people.csv");
    std::fs::write(
        &file,
        "ID,Name,Phone,Email\n1,Zoé Martin,06 12 34 56 78,zoe@example.fr\n2,,06 00 00 00 00,\n3,Bad \u{1b}Number,06 12 ab,\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let dry = ok(
        as_main(&a.db, info),
        &["contacts", "import", path, "--country", "FR", "--dry-run"],
    );
    assert!(dry.contains("1 to create, 0 to update"), "{dry}");
    let first = ok(
        as_main(&a.db, info),
        &["contacts", "import", path, "--country", "fr"],
    );
    assert!(
        first.starts_with("1 created, 0 updated, 2 rows left out"),
        "{first}"
    );
    assert!(
        first.contains("line 3") && first.contains("line 4"),
        "{first}"
    );
    assert!(!first.contains('\u{1b}'), "escaped: {first:?}");
    let again = json(
        as_main(&a.db, info),
        &["contacts", "import", path, "--country", "FR", "--json"],
    );
    assert_eq!(
        (again["created"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(1))
    );

    let bad_country = run(
        as_main(&a.db, info),
        &["contacts", "import", path, "--country", "XX"],
    );
    assert!(!bad_country.status.success());
    let stderr = String::from_utf8_lossy(&bad_country.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("supported countries: FR, BE, CH, GB, US"),
        "{stderr}"
    );
}

#[test]
fn the_inbox_commands_act_as_the_owner_and_need_a_connected_archive() {
    let a = archive();
    let help = ok(passerelle(&a.db, "http://127.0.0.1:9"), &["--help"]);
    assert!(help.contains("acts as the installation's owner"), "{help}");
    let out = run(passerelle(&a.db, "http://127.0.0.1:9"), &["conversations"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "passerelle: No Twilio account is connected. Connect your Twilio account first."
    );
}
