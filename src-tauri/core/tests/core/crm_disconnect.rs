//! Disconnecting Twilio with Pipedrive connected (pipedrive-sim over HTTP): the CRM step
//! pushes each linked conversation's note once, on its person, with its date; a disconnect
//! killed in the middle of the push resumes without a double; a later disconnect pushes none.

use crate::pipedrive::{control, count, import, remote_notes, requests};
use crate::support::{connect_main, options, runtime, sim_with, sync_now, Archive};
use passerelle_core::disconnect::{self, Hooks, Step};
use passerelle_core::inbox::{RecordRef, Viewer};
use passerelle_core::notes::{self, ConvertOptions, NotesQuery, Split};
use passerelle_core::pipedrive::{self, notes::push_on_disconnect, push::pipedrive_time};
use passerelle_core::sync::{CancellationToken, MediaMode};
use passerelle_core::{Code, Lang, Secret, Store};
use pipedrive_sim::{Config, Sim};
use std::time::Duration;

fn keyring() -> bool {
    std::env::var("PASSERELLE_TEST_KEYRING").is_ok_and(|v| v == "1")
}

/// The simulators share one company domain, so one keychain entry: one test at a time.
static ONE_COMPANY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_company() -> std::sync::MutexGuard<'static, ()> {
    ONE_COMPANY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Every note of the archive with its Pipedrive person id.
fn local_notes(store: &Store) -> Vec<(notes::Note, String)> {
    let owner = Viewer::owner(store).unwrap();
    let query = NotesQuery {
        limit: 1_000,
        ..NotesQuery::default()
    };
    let conn = rusqlite::Connection::open(store.path().unwrap()).unwrap();
    notes::list(store, &owner, &query)
        .unwrap()
        .into_iter()
        .map(|n| {
            let RecordRef::Contact(id) = n.record else {
                panic!("linked by phone: a contact")
            };
            let crm: String = conn
                .query_row("SELECT crm_id FROM contacts WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .unwrap();
            (n, crm)
        })
        .collect()
}

fn start_disconnect(store: &Store) -> disconnect::Disconnect {
    let owner = Viewer::owner(store).unwrap();
    disconnect::start(store, &owner, ConvertOptions::local(Split::Whole, Lang::En)).unwrap()
}

/// Where both tests start: a Twilio history synced into an archive, Pipedrive connected and
/// its CRM imported, so conversations are linked to persons by phone.
struct Linked {
    _company: std::sync::MutexGuard<'static, ()>,
    twilio: twilio_sim::Sim,
    archive: Archive,
    rt: tokio::runtime::Runtime,
    crm: Sim,
    /// Conversations linked by phone.
    linked: u64,
}

fn linked_to_pipedrive(messages: u64) -> Linked {
    let company = one_company();
    let twilio = sim_with(messages, |_| {});
    let archive = Archive::new();
    let rt = runtime();
    let client = connect_main(&rt, twilio.info(), &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    let crm = Sim::start(Config::default()).unwrap();
    let info = crm.info().clone();
    let store = archive.store();
    rt.block_on(pipedrive::connect(
        &store,
        &info.company_domain,
        &Secret::new(info.api_token.clone()),
        Some(&info.url),
    ))
    .unwrap();
    let (_, pd) = pipedrive::connected_client(&store, None, None).unwrap();
    let linked = import(&store, &pd, false).linked_conversations;
    Linked {
        _company: company,
        twilio,
        archive,
        rt,
        crm,
        linked,
    }
}

#[test]
fn disconnecting_with_pipedrive_connected_pushes_each_linked_note_once_even_after_a_kill() {
    if !keyring() {
        eprintln!("skipped: no Secret Service (run under tests/with-keyring.sh)");
        return;
    }
    let Linked {
        _company,
        twilio,
        archive,
        rt,
        crm,
        linked,
    } = linked_to_pipedrive(400);
    assert!(linked > 10, "conversations linked by phone: {linked}");
    let store = archive.store();

    // Killed in the middle of the push: Pipedrive is slow, the step is stopped after 700 ms
    // (with a POST in flight or between two).
    let run = start_disconnect(&store);
    control(&crm, "/__sim/faults", &[("latency_ms", "150")]);
    let cancel = CancellationToken::new();
    let killer = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(700));
            cancel.cancel();
        })
    };
    let push = |s: &Store, lang: Lang| push_on_disconnect(s, lang, &|_| {}, &cancel);
    let hooks = Hooks {
        remove_secret: &|_| Ok(()),
        push_to_crm: &push,
    };
    let stopped = disconnect::run_to_end(&store, run, &hooks, &|_| {}).unwrap_err();
    killer.join().unwrap();
    assert_eq!(stopped.code(), Code::Cancelled);
    let status = pipedrive::status(&store).unwrap();
    assert!(
        status.notes_pending > 0 && status.notes_pushed + status.notes_pending >= linked,
        "the rest waits: {status:?}"
    );
    let posted_before = count(&requests(&crm), "POST", "/v1/notes");
    assert!(posted_before > 0, "some notes left before the kill");
    assert!((posted_before as u64) < linked, "and not all of them");
    drop(store);

    // Resumed by a fresh process, as the command line does it: the default hooks, from
    // inside a runtime (the push runs on a thread of its own).
    control(&crm, "/__sim/faults", &[("latency_ms", "0")]);
    let store = archive.store();
    let run = disconnect::current(&store).unwrap().expect("under way");
    assert_eq!(run.step, Step::CrmPush, "resumes at the CRM step");
    let done = rt
        .block_on(async { disconnect::run_to_end(&store, run, &Hooks::default(), &|_| {}) })
        .unwrap();
    assert_eq!(done.step, Step::Done);
    let crm_step = done.crm.expect("the CRM step ran");
    assert_eq!(crm_step.notes, linked, "{crm_step:?}");
    assert_eq!(crm_step.not_in_crm, 0);
    assert!(crm_step.report.failed.is_empty(), "{crm_step:?}");
    let status = pipedrive::status(&store).unwrap();
    assert_eq!((status.notes_pushed, status.notes_pending), (linked, 0));

    let remote = remote_notes(&crm);
    let local = local_notes(&store);
    assert_eq!(local.len() as u64, linked);
    assert_eq!(remote.len(), local.len(), "one note in Pipedrive per note");
    for (note, person) in &local {
        let key = pipedrive::notes::note_key(note);
        let copies: Vec<_> = remote
            .iter()
            .filter(|r| {
                r["content"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("(Passerelle ref. {key})"))
            })
            .collect();
        assert_eq!(copies.len(), 1, "{key}");
        assert_eq!(copies[0]["person_id"].to_string(), *person, "{key}");
        let first = chrono::DateTime::parse_from_rfc3339(note.first_message_at.as_ref().unwrap())
            .unwrap()
            .timestamp();
        assert_eq!(copies[0]["add_time"], pipedrive_time(first), "{key}");
        assert_eq!(
            note.remote_id.as_deref(),
            Some(copies[0]["id"].to_string().as_str()),
            "the note keeps its Pipedrive id"
        );
    }
    drop(store);

    // Connected and disconnected again: nothing new reaches Pipedrive.
    std::thread::sleep(Duration::from_millis(1_100));
    connect_main(&rt, twilio.info(), &archive);
    let store = archive.store();
    let posts = count(&requests(&crm), "POST", "/v1/notes");
    let run = start_disconnect(&store);
    let again = disconnect::run_to_end(&store, run, &Hooks::default(), &|_| {}).unwrap();
    let crm_step = again.crm.expect("the CRM step ran");
    assert_eq!(
        (crm_step.report.created, crm_step.report.unchanged),
        (0, linked),
        "{crm_step:?}"
    );
    assert_eq!(count(&requests(&crm), "POST", "/v1/notes"), posts);
    assert_eq!(count(&requests(&crm), "PUT", "/v1/notes"), 0);
    assert_eq!(remote_notes(&crm).len() as u64, linked);
    pipedrive::disconnect(&store).unwrap();
}

#[test]
fn a_refused_token_stops_the_crm_step_and_disconnecting_pipedrive_lets_the_disconnect_finish() {
    if !keyring() {
        eprintln!("skipped: no Secret Service (run under tests/with-keyring.sh)");
        return;
    }
    let Linked {
        _company,
        twilio: _twilio,
        archive,
        rt: _rt,
        crm,
        linked,
    } = linked_to_pipedrive(200);
    assert!(linked > 0);
    let store = archive.store();

    // Pipedrive refuses the token from now on (revoked): the step stops with the reason.
    control(
        &crm,
        "/__sim/faults",
        &[("force_status", "401"), ("force_count", "1000")],
    );
    let hooks = Hooks {
        remove_secret: &|_| Ok(()),
        ..Hooks::default()
    };
    let refused =
        disconnect::run_to_end(&store, start_disconnect(&store), &hooks, &|_| {}).unwrap_err();
    assert_eq!(refused.code(), Code::CrmBadToken, "{refused}");
    assert!(refused.message(Lang::En).contains("refused this API token"));
    let run = disconnect::current(&store).unwrap().expect("under way");
    assert_eq!(run.step, Step::CrmPush, "waits at the CRM step");

    // The user disconnects Pipedrive: the disconnect finishes without a CRM step to do.
    pipedrive::disconnect(&store).unwrap();
    let done = disconnect::run_to_end(&store, run, &hooks, &|_| {}).unwrap();
    assert_eq!(done.step, Step::Done);
    assert_eq!(done.crm, None, "no CRM connected: nothing pushed");
    assert_eq!(pipedrive::status(&store).unwrap().notes_pushed, 0);
}
