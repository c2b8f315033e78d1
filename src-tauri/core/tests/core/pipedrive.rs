//! The Pipedrive connector against pipedrive-sim over HTTP: import across pages, matching by
//! phone and by Pipedrive id, deletions marked, notes pushed once (then updated), dates kept
//! or written, plain-word errors, backoff, and a push killed mid-way resumed without doubles.

use crate::support::{connect_main, fast_retries, options, runtime, sim_with, sync_now, Archive};
use passerelle_core::inbox::Viewer;
use passerelle_core::phone::Country;
use passerelle_core::pipedrive::{self, Client, ImportOptions, ImportReport, NoteToPush};
use passerelle_core::records::{import_file, ImportKind, ImportRequest};
use passerelle_core::store::links::RecordRef;
use passerelle_core::sync::{CancellationToken, MediaMode};
use passerelle_core::{Code, Lang, Secret, Store};
use pipedrive_sim::{Config, Sim};
use serde_json::Value;
use std::time::Duration;

fn crm_sim(persons: u32, deals: u32, leads: u32) -> Sim {
    Sim::start(Config {
        persons,
        deals,
        leads,
        ..Config::default()
    })
    .unwrap()
}

fn client(sim: &Sim, admin: bool) -> Client {
    let info = sim.info();
    let token = if admin {
        &info.api_token
    } else {
        &info.member_api_token
    };
    Client::new(&info.url, Secret::new(token.clone()), fast_retries()).unwrap()
}

fn blocking<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

pub(crate) fn requests(sim: &Sim) -> Vec<Value> {
    blocking(async {
        reqwest::get(format!("{}/__sim/requests", sim.info().url))
            .await
            .unwrap()
            .json::<Vec<Value>>()
            .await
            .unwrap()
    })
}

pub(crate) fn control(sim: &Sim, path: &str, form: &[(&str, &str)]) {
    blocking(async {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", sim.info().url))
            .form(form)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
    })
}

fn get_json(sim: &Sim, path: &str) -> Value {
    let info = sim.info();
    blocking(async {
        reqwest::Client::new()
            .get(format!("{}{path}", info.url))
            .header("x-api-token", &info.api_token)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    })
}

pub(crate) fn count(requests: &[Value], method: &str, path_prefix: &str) -> usize {
    requests
        .iter()
        .filter(|r| {
            r["method"] == method && r["path"].as_str().unwrap_or("").starts_with(path_prefix)
        })
        .count()
}

pub(crate) fn import(store: &Store, client: &Client, full: bool) -> ImportReport {
    let viewer = Viewer::owner(store).unwrap();
    let options = ImportOptions {
        full,
        ..ImportOptions::new(Country::Fr)
    };
    runtime()
        .block_on(pipedrive::import(
            store,
            &viewer,
            client,
            &options,
            &|_| {},
            &CancellationToken::new(),
        ))
        .expect("import succeeds")
}

fn sql_i64(archive: &Archive, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&archive.path).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A connected (Twilio) archive: it has an owner, who imports.
fn owned_archive() -> Archive {
    let twilio = sim_with(20, |_| {});
    let archive = Archive::new();
    connect_main(&runtime(), twilio.info(), &archive);
    archive
}

/// A connected (Twilio) archive with the synced conversations of twilio-sim's seed-7 customers.
fn synced_archive() -> Archive {
    let twilio = sim_with(400, |_| {});
    let archive = Archive::new();
    let rt = runtime();
    let client = connect_main(&rt, twilio.info(), &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    archive
}

#[test]
fn ten_thousand_persons_import_across_pages_link_by_phone_and_import_again_without_duplicates() {
    let archive = synced_archive();
    let conversations = sql_i64(&archive, "SELECT count(*) FROM conversations");
    assert!(conversations > 0);
    let sim = crm_sim(10_000, 300, 120);
    let store = archive.store();
    let pd = client(&sim, true);
    let first = import(&store, &pd, false);
    assert_eq!(first.persons.created, 10_000, "{first:?}");
    assert_eq!(first.deals.created, 300);
    assert_eq!(first.leads.created, 120);
    let log = requests(&sim);
    assert!(count(&log, "GET", "/api/v2/persons") >= 20, "pages of 500");
    assert!(log
        .iter()
        .all(|r| !r["query"].as_str().unwrap().contains("updated_since")));
    assert!(log
        .iter()
        .filter(|r| r["path"] == "/api/v2/persons")
        .all(|r| r["query"].as_str().unwrap().contains("limit=500")));
    assert!(count(&log, "GET", "/v1/leads") >= 1);
    assert_eq!(
        first.linked_conversations as i64, conversations,
        "every customer of twilio-sim is a person of pipedrive-sim with the same seed"
    );
    let linked_to_crm = sql_i64(
        &archive,
        "SELECT count(*) FROM conversation_links l JOIN contacts c ON c.id = l.contact_id WHERE c.crm_id IS NOT NULL",
    );
    assert_eq!(linked_to_crm, conversations);
    let deals_with_contact = sql_i64(
        &archive,
        "SELECT count(*) FROM deals WHERE contact_id IS NOT NULL",
    );
    assert_eq!(
        deals_with_contact, 300,
        "deals point at their imported person"
    );

    // Again: only what changed is asked for, nothing doubles.
    control(
        &sim,
        "/__sim/touch",
        &[("type", "person"), ("id", "7"), ("name", "Renée Nouvelle")],
    );
    let second = import(&store, &pd, false);
    assert_eq!(second.persons.created, 0, "{second:?}");
    assert_eq!(
        second.persons.updated, 1,
        "only the touched person comes back: {second:?}"
    );
    assert_eq!(second.linked_conversations, 0);
    assert_eq!(sql_i64(&archive, "SELECT count(*) FROM contacts"), 10_000);
    assert_eq!(
        sql_i64(
            &archive,
            "SELECT count(*) FROM contacts WHERE crm_id = '7' AND name = 'Renée Nouvelle'"
        ),
        1
    );
    let log = requests(&sim);
    assert!(log
        .iter()
        .filter(|r| r["path"] == "/api/v2/persons")
        .any(|r| r["query"].as_str().unwrap().contains("updated_since")));
    let full = import(&store, &pd, true);
    assert_eq!((full.persons.created, full.persons.updated), (0, 10_000));
    assert_eq!(sql_i64(&archive, "SELECT count(*) FROM deals"), 300);
    assert_eq!(sql_i64(&archive, "SELECT count(*) FROM leads"), 120);
}

#[test]
fn a_record_imported_from_a_csv_with_its_pipedrive_id_is_matched_by_that_id() {
    let archive = owned_archive();
    let store = archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let csv = "ID,Name,Phone\n3,Ancien Nom,06 99 99 99 99\n";
    import_file(
        &store,
        &owner,
        &ImportRequest::new(csv, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    let sim = crm_sim(20, 5, 3);
    let report = import(&store, &client(&sim, true), false);
    assert_eq!((report.persons.created, report.persons.updated), (19, 1));
    assert_eq!(sql_i64(&archive, "SELECT count(*) FROM contacts"), 20);
    assert_eq!(
        sql_i64(
            &archive,
            "SELECT count(*) FROM contacts WHERE crm_id = '3' AND name <> 'Ancien Nom'"
        ),
        1,
        "the CSV record now carries Pipedrive's name"
    );
}

#[test]
fn records_deleted_in_pipedrive_are_marked_not_removed() {
    let archive = owned_archive();
    let store = archive.store();
    let sim = crm_sim(30, 10, 4);
    let pd = client(&sim, true);
    import(&store, &pd, false);
    control(&sim, "/__sim/delete", &[("type", "deal"), ("id", "2")]);
    control(&sim, "/__sim/delete", &[("type", "person"), ("id", "5")]);
    let later = import(&store, &pd, false);
    assert_eq!(
        later.deals.marked_deleted, 1,
        "deleted deals are listed: {later:?}"
    );
    let full = import(&store, &pd, true);
    assert_eq!(
        full.persons.marked_deleted, 1,
        "a full listing shows the absent person: {full:?}"
    );
    assert_eq!(
        sql_i64(&archive, "SELECT count(*) FROM contacts"),
        30,
        "nothing removed"
    );
    assert_eq!(sql_i64(&archive, "SELECT count(*) FROM deals"), 10);
    assert_eq!(
        sql_i64(
            &archive,
            "SELECT count(*) FROM contacts WHERE crm_deleted_at IS NOT NULL AND crm_id = '5'"
        ),
        1
    );
    assert_eq!(
        sql_i64(
            &archive,
            "SELECT count(*) FROM deals WHERE crm_deleted_at IS NOT NULL AND crm_id = '2'"
        ),
        1
    );
    let status = pipedrive::status(&store).unwrap();
    assert_eq!((status.deleted.contacts, status.deleted.deals), (1, 1));
}

/// Notes on the first `n` imported contacts, plus one on a deal and one on a lead.
fn notes(archive: &Archive, n: i64, text: &str) -> Vec<NoteToPush> {
    let conn = rusqlite::Connection::open(&archive.path).unwrap();
    let id_of = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let mut notes: Vec<NoteToPush> = (1..=n)
        .map(|i| NoteToPush {
            local_id: format!("note-{i}"),
            record: RecordRef::Contact(id_of(&format!(
                "SELECT id FROM contacts WHERE crm_id = '{i}'"
            ))),
            html: format!("<p>{text} {i}</p>"),
            first_message_at: 1_709_648_530 + i,
        })
        .collect();
    notes.push(NoteToPush {
        local_id: "note-deal".into(),
        record: RecordRef::Deal(id_of("SELECT min(id) FROM deals")),
        html: format!("<p>{text} deal</p>"),
        first_message_at: 1_700_000_000,
    });
    notes.push(NoteToPush {
        local_id: "note-lead".into(),
        record: RecordRef::Lead(id_of("SELECT min(id) FROM leads")),
        html: format!("<p>{text} lead</p>"),
        first_message_at: 1_700_000_100,
    });
    notes
}

fn push(
    store: &Store,
    pd: &Client,
    notes: &[NoteToPush],
) -> passerelle_core::Result<pipedrive::PushReport> {
    runtime().block_on(pipedrive::push_notes(
        store,
        pd,
        notes,
        Lang::En,
        &|_| {},
        &CancellationToken::new(),
    ))
}

pub(crate) fn remote_notes(sim: &Sim) -> Vec<Value> {
    let v = get_json(sim, "/v1/notes?limit=500");
    v["data"].as_array().cloned().unwrap_or_default()
}

#[test]
fn notes_are_pushed_once_with_their_dates_and_updated_when_their_content_changes() {
    let archive = owned_archive();
    let store = archive.store();
    let sim = crm_sim(20, 5, 5);
    let pd = client(&sim, true);
    import(&store, &pd, false);
    let first = notes(&archive, 3, "Conversation");
    let report = push(&store, &pd, &first).unwrap();
    assert_eq!(report.created, 5, "{report:?}");
    assert_eq!(report.date_in_text, 0, "an admin's token keeps add_time");
    let remote = remote_notes(&sim);
    assert_eq!(remote.len(), 5);
    let on_person = remote
        .iter()
        .find(|n| n["content"].as_str().unwrap().contains("Conversation 1"))
        .unwrap();
    assert_eq!(on_person["add_time"], "2024-03-05 14:22:11");
    assert_eq!(on_person["person_id"], 1);
    assert!(remote.iter().any(|n| n["deal_id"].is_i64()));
    assert!(
        remote
            .iter()
            .any(|n| n["lead_id"].as_str().is_some_and(|l| l.len() == 36)),
        "a lead's UUID"
    );

    // Again: nothing is posted twice.
    let before = count(&requests(&sim), "POST", "/v1/notes");
    let again = push(&store, &pd, &first).unwrap();
    assert_eq!((again.created, again.unchanged), (0, 5));
    assert_eq!(count(&requests(&sim), "POST", "/v1/notes"), before);

    // Converted again with new content: PUT, still one note each.
    let changed = notes(&archive, 3, "Reconverted");
    let puts_before = count(&requests(&sim), "PUT", "/v1/notes");
    let update = push(&store, &pd, &changed).unwrap();
    assert_eq!((update.created, update.updated), (0, 5), "{update:?}");
    assert_eq!(count(&requests(&sim), "PUT", "/v1/notes") - puts_before, 5);
    let remote = remote_notes(&sim);
    assert_eq!(remote.len(), 5);
    assert!(remote
        .iter()
        .all(|n| n["content"].as_str().unwrap().contains("Reconverted")));
}

#[test]
fn a_members_token_cannot_set_the_date_so_it_is_written_at_the_top() {
    let archive = owned_archive();
    let store = archive.store();
    let sim = crm_sim(10, 3, 3);
    import(&store, &client(&sim, true), false);
    let member = client(&sim, false);
    let report = push(&store, &member, &notes(&archive, 1, "Bonjour")[..1]).unwrap();
    assert_eq!((report.created, report.date_in_text), (1, 1), "{report:?}");
    let note = &remote_notes(&sim)[0];
    let content = note["content"].as_str().unwrap();
    assert!(
        content.starts_with("<p><strong>Original date: 2024-03-05 14:22:11 UTC</strong></p>"),
        "{content}"
    );
    assert!(content.contains("Bonjour 1"));
    assert_eq!(count(&requests(&sim), "PUT", "/v1/notes"), 1);
}

#[test]
fn token_errors_are_explained_in_plain_words() {
    let sim = crm_sim(5, 1, 1);
    let pd = client(&sim, true);
    let domain = sim.info().company_domain.clone();
    for (status, code, word) in [
        ("401", Code::CrmBadToken, "refused this API token"),
        ("402", Code::CrmPaymentRequired, "subscription"),
        ("403", Code::CrmForbidden, "not allowed"),
        ("404", Code::CrmNotFound, "cannot find"),
        ("410", Code::CrmGone, "permanently deleted"),
    ] {
        control(
            &sim,
            "/__sim/faults",
            &[("force_status", status), ("force_count", "1")],
        );
        let e = runtime()
            .block_on(pipedrive::check(&pd, &domain))
            .unwrap_err();
        assert_eq!(e.code(), code, "{status}: {e}");
        assert!(e.message(Lang::En).contains(word), "{status}: {e}");
        assert!(!e.message(Lang::Fr).is_empty());
    }
    let wrong = Client::new(
        &sim.info().url,
        Secret::new("not-a-real-token-123"),
        fast_retries(),
    )
    .unwrap();
    let e = runtime()
        .block_on(pipedrive::check(&wrong, &domain))
        .unwrap_err();
    assert_eq!(e.code(), Code::CrmBadToken);
    let me = runtime().block_on(pipedrive::check(&pd, &domain)).unwrap();
    assert_eq!(me.user_name.as_deref(), Some("Élise Moreau"));
    assert_eq!(me.company_name.as_deref(), Some("Atelier Lumière"));
    assert!(me.is_admin);
}

#[test]
fn a_429_is_waited_out_and_the_daily_allowance_stops_with_a_clear_message() {
    let archive = owned_archive();
    let store = archive.store();
    let sim = crm_sim(10, 3, 3);
    let pd = client(&sim, true);
    control(
        &sim,
        "/__sim/faults",
        &[("force_status", "429"), ("force_count", "2")],
    );
    let report = import(&store, &pd, false);
    assert_eq!(report.persons.created, 10);
    let log = requests(&sim);
    assert_eq!(log.iter().filter(|r| r["status"] == 429).count(), 2);
    assert!(pd.stats().retries >= 2);

    control(&sim, "/__sim/rate_limit", &[("daily_writes", "2")]);
    let e = push(&store, &pd, &notes(&archive, 3, "Quota")).unwrap_err();
    assert_eq!(e.code(), Code::CrmDailyLimit, "{e}");
    assert!(e.message(Lang::En).contains("daily"), "{e}");
    let failed = pipedrive::failed_pushes(&store).unwrap();
    assert_eq!(failed.len(), 1, "the note refused is listed: {failed:?}");
    assert_eq!(failed[0].error_code.as_deref(), Some("crm_daily_limit"));
    control(&sim, "/__sim/rate_limit", &[("daily_writes", "1000")]);
    let retry = push(&store, &pd, &notes(&archive, 3, "Quota")).unwrap();
    assert_eq!((retry.created, retry.unchanged), (3, 2), "{retry:?}");
    assert!(pipedrive::failed_pushes(&store).unwrap().is_empty());
    assert_eq!(remote_notes(&sim).len(), 5);
}

#[test]
fn a_push_killed_mid_way_resumes_with_nothing_pushed_twice() {
    let archive = owned_archive();
    let store = archive.store();
    let sim = crm_sim(20, 3, 3);
    let pd = client(&sim, true);
    import(&store, &pd, false);
    let all = notes(&archive, 12, "Kill");
    control(&sim, "/__sim/faults", &[("latency_ms", "120")]);
    let rt = runtime();
    let never = CancellationToken::new();
    for kill_after in [300u64, 650] {
        // The future is dropped wherever it is: between notes or with a POST in flight.
        let run = pipedrive::push_notes(&store, &pd, &all, Lang::En, &|_| {}, &never);
        let outcome = rt
            .block_on(async { tokio::time::timeout(Duration::from_millis(kill_after), run).await });
        assert!(outcome.is_err(), "killed before the end");
    }
    let cancel = CancellationToken::new();
    cancel.cancel();
    let cancelled = rt.block_on(pipedrive::push_notes(
        &store,
        &pd,
        &all,
        Lang::En,
        &|_| {},
        &cancel,
    ));
    assert_eq!(cancelled.unwrap_err().code(), Code::Cancelled);
    control(&sim, "/__sim/faults", &[("latency_ms", "0")]);
    let done = push(&store, &pd, &all).unwrap();
    assert!(done.failed.is_empty(), "{done:?}");
    let remote = remote_notes(&sim);
    assert_eq!(remote.len(), all.len(), "one remote note per local note");
    for note in &all {
        let reference = format!("(Passerelle ref. {})", note.local_id);
        let copies = remote
            .iter()
            .filter(|n| n["content"].as_str().unwrap().contains(&reference))
            .count();
        assert_eq!(copies, 1, "{}", note.local_id);
    }
}

#[test]
fn the_token_never_appears_in_a_url_nor_in_the_archive() {
    let archive = owned_archive();
    let store = archive.store();
    let sim = crm_sim(10, 3, 3);
    let pd = client(&sim, true);
    import(&store, &pd, false);
    push(&store, &pd, &notes(&archive, 2, "Secret")).unwrap();
    drop(store);
    let token = &sim.info().api_token;
    for r in requests(&sim) {
        assert!(
            !r["query"].as_str().unwrap().contains(token.as_str()),
            "{r}"
        );
        assert!(!r["path"].as_str().unwrap().contains(token.as_str()), "{r}");
        assert!(
            r.get("warning")
                .is_none_or(|w| w != pipedrive_sim::TOKEN_IN_URL),
            "{r}"
        );
    }
    for entry in std::fs::read_dir(archive.dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "token in the archive folder"
        );
    }
}
