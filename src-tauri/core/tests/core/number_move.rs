//! The "Move my number" wizard against the simulator: the completeness check catches what the
//! archive lacks (a message deleted from it, one added at Twilio after the sync, a missing
//! media file) and passes once they are fetched again; the wizard's state survives a reopen.

use crate::support::*;
use passerelle_core::number_move::ReportFormat;
use passerelle_core::number_move::{self, CheckTarget, Event, MoveState, Proof};
use passerelle_core::store::{media, number_moves};
use passerelle_core::sync::MediaMode;
use passerelle_core::Lang;
use std::path::Path;

fn check(c: &Connected, sender: &str, repair: bool, since: Option<i64>) -> Proof {
    c.rt.block_on(number_move::completeness::check(
        &c.client,
        &CheckTarget {
            db_path: &c.archive.path,
            media_dir: None,
            sender,
            since,
            repair,
        },
    ))
    .expect("check runs")
}

/// Deletes one archived message with a send date (and a media file when `with_media`) with
/// raw SQL on the file, as a damaged archive would be; returns its SID.
fn delete_a_message(path: &Path, sender: &str, with_media: bool) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let sid: String = conn
        .query_row(
            "SELECT sid FROM messages WHERE to_address = ?1 AND date_sent IS NOT NULL
               AND (num_media > 0) = ?2 ORDER BY date_sent LIMIT 1",
            rusqlite::params![sender, with_media],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute("DELETE FROM media WHERE message_sid = ?1", [&sid])
        .unwrap();
    conn.execute("DELETE FROM messages WHERE sid = ?1", [&sid])
        .unwrap();
    sid
}

#[test]
fn the_completeness_check_catches_a_deleted_message_a_new_one_and_a_missing_file_then_passes_once_repaired(
) {
    let c = connected(1_500);
    sync_now(&c.rt, &c.archive, &c.client, &options(MediaMode::Files));
    let sender = c.info.senders[0].clone();

    let clean = check(&c, &sender, false, None);
    assert!(clean.passed, "{clean:?}");
    assert!(
        clean.twilio_total > 0 && clean.media_checked > 0,
        "{clean:?}"
    );
    assert_eq!(clean.sids_sha256.len(), 64);

    let deleted = delete_a_message(&c.archive.path, &sender, false);
    sim_control(
        &c.info,
        "/__sim/inbound",
        &[
            ("From", "whatsapp:+33699887766"),
            ("To", &sender),
            ("Body", "Arrivé après la copie"),
        ],
    );
    let store = c.archive.store();
    let lost = media::all(&store)
        .unwrap()
        .into_iter()
        .find(|m| m.file_path.is_some())
        .expect("a downloaded file");
    let media_dir = c.archive.dir.path().join("media");
    std::fs::remove_file(media_dir.join(lost.file_path.as_ref().unwrap())).unwrap();
    drop(store);

    let found = check(&c, &sender, false, None);
    assert!(!found.passed);
    assert_eq!(found.missing_total, 2, "{:?}", found.months);
    assert_eq!(found.twilio_total, clean.twilio_total + 1);
    let inbound_missing: u64 = found
        .months
        .iter()
        .filter(|m| m.direction == "inbound")
        .map(|m| m.missing)
        .sum();
    assert_eq!(inbound_missing, 2);
    assert_eq!(found.media_problems.len(), 1, "{:?}", found.media_problems);
    assert_eq!(found.media_problems[0].media_sid, lost.sid);
    assert_eq!(found.media_problems[0].problem, "file_missing");

    let repaired = check(&c, &sender, true, None);
    assert!(repaired.passed, "{repaired:?}");
    assert_eq!(repaired.repaired, 2);
    assert_eq!(repaired.missing_total, 0);
    let store = c.archive.store();
    assert!(passerelle_core::store::messages::by_sid(&store, &deleted)
        .unwrap()
        .is_some());
    let again = media::by_sid(&store, &lost.sid).unwrap().unwrap();
    assert_eq!(
        std::fs::metadata(media_dir.join(again.file_path.unwrap()))
            .unwrap()
            .len(),
        again.size_bytes.unwrap()
    );
    assert_archive_equals_sim(&c.info, &c.archive.path);

    // The quick re-run before Done looks only at what changed since the proof.
    let quick = check(&c, &sender, false, Some(repaired.at - 60));
    assert!(quick.passed, "{quick:?}");
    assert!(quick.twilio_total < repaired.twilio_total, "{quick:?}");
}

#[test]
fn a_partial_download_fails_the_check() {
    let c = connected(1_500);
    sync_now(&c.rt, &c.archive, &c.client, &options(MediaMode::Files));
    let sender = c.info.senders[0].clone();
    let store = c.archive.store();
    let item = media::all(&store)
        .unwrap()
        .into_iter()
        .find(|m| {
            m.file_path.is_some()
                && passerelle_core::store::messages::by_sid(&store, &m.message_sid)
                    .unwrap()
                    .is_some_and(|msg| msg.from == sender || msg.to == sender)
        })
        .expect("a file of this sender");
    let path = c
        .archive
        .dir
        .path()
        .join("media")
        .join(item.file_path.unwrap());
    std::fs::write(&path, b"cut").unwrap();
    let proof = check(&c, &sender, false, None);
    assert!(!proof.passed);
    assert_eq!(proof.media_problems[0].problem, "wrong_length");
    assert!(check(&c, &sender, true, None).passed);
}

#[test]
fn the_wizard_resumes_at_the_same_step_after_reopening_and_done_stops_the_sync_for_the_number() {
    let c = connected(300);
    sync_now(&c.rt, &c.archive, &c.client, &options(MediaMode::Skip));
    let sender = c.info.senders[0].clone();
    let digits = sender.trim_start_matches("whatsapp:+");
    let asks_for_the_number =
        |e: &serde_json::Value| e["query"].as_str().is_some_and(|q| q.contains(digits));
    assert!(sim_requests(&c.info).iter().any(asks_for_the_number));
    let proof = check(&c, &sender, true, None);
    {
        let store = c.archive.store();
        assert_eq!(
            number_move::load(&store, &sender).unwrap(),
            MoveState::start(&sender)
        );
        for event in [
            Event::Continue { at: 1 },
            Event::ProofRecorded {
                proof: proof.clone(),
            },
            Event::Continue { at: 2 },
            Event::NotesAcknowledged { at: 3 },
            Event::Continue { at: 4 },
        ] {
            number_move::apply(&store, &sender, event).unwrap();
        }
        // A "no" keeps the wizard on the checklist.
        number_move::apply(
            &store,
            &sender,
            Event::BusinessManagerId {
                id: "1234567890123456".into(),
            },
        )
        .unwrap();
        assert!(number_move::apply(&store, &sender, Event::Continue { at: 5 }).is_err());
    }
    let store = c.archive.store();
    let resumed = number_move::load(&store, &sender).unwrap();
    assert_eq!(resumed.name(), "checklist");
    assert_eq!(
        resumed.recorded().business_manager_id.as_deref(),
        Some("1234567890123456")
    );
    assert_eq!(resumed.recorded().proof.as_ref(), Some(&proof));

    for item in ["owns_account", "has_phone", "display_name_approved"] {
        let event: Event = serde_json::from_value(
            serde_json::json!({"type": "answer", "item": item, "yes": true}),
        )
        .unwrap();
        number_move::apply(&store, &sender, event).unwrap();
    }
    for event in [
        Event::Continue { at: 6 },
        Event::TicketSent { at: 7 },
        Event::TicketConfirmed { at: 8 },
        Event::Continue { at: 9 },
        Event::Provider {
            name: "Meta Cloud API".into(),
            started_at: 10,
        },
        Event::Finish {
            proof: proof.clone(),
            at: 11,
        },
    ] {
        number_move::apply(&store, &sender, event).unwrap();
    }
    assert_eq!(
        number_move::read_only_since(&store, &sender).unwrap(),
        Some(11)
    );
    let status = number_move::status(&store).unwrap();
    assert!(status.iter().any(|s| s.sender == sender && s.step == 7));
    drop(store);

    // The sync no longer asks Twilio for the moved number.
    let before = sim_requests(&c.info).len();
    sync_now(&c.rt, &c.archive, &c.client, &options(MediaMode::Skip));
    let asked: Vec<_> = sim_requests(&c.info)
        .into_iter()
        .skip(before)
        .filter(asks_for_the_number)
        .collect();
    assert!(asked.is_empty(), "{asked:?}");

    // Back from Done makes the number active again.
    let store = c.archive.store();
    number_move::apply(&store, &sender, Event::Back).unwrap();
    assert_eq!(number_moves::moved_away_at(&store, &sender).unwrap(), None);
}

#[test]
fn step_one_reads_the_users_own_values_and_the_ticket_and_report_name_no_secret() {
    let c = connected(200);
    sync_now(&c.rt, &c.archive, &c.client, &options(MediaMode::Skip));
    let sender = c.info.senders[0].clone();
    let facts =
        c.rt.block_on(number_move::facts(&c.client, &c.archive.path, &sender))
            .unwrap();
    assert!(facts.quality_rating.is_some(), "{facts:?}");
    assert!(facts.messaging_limit.is_some(), "{facts:?}");

    let store = c.archive.store();
    let ticket = number_move::ticket_text(&store, &sender).unwrap();
    assert!(ticket.contains(&c.info.account_sid));
    assert!(ticket.contains(sender.trim_start_matches("whatsapp:")));
    assert!(!ticket.contains(&c.info.auth_token));

    let path = c.archive.dir.path().join("report.html");
    let written =
        number_move::write_report(&store, &sender, &path, ReportFormat::Html, Lang::Fr).unwrap();
    assert_eq!(written, path);
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("Rapport de transfert du numéro"));
    assert!(!page.contains(&c.info.auth_token));

    let pdf = c.archive.dir.path().join("report.pdf");
    number_move::write_report(&store, &sender, &pdf, ReportFormat::Pdf, Lang::Fr).unwrap();
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(!String::from_utf8_lossy(&bytes).contains(&c.info.auth_token));
}

#[test]
fn two_answers_at_once_are_both_kept() {
    let c = connected(50);
    let sender = c.info.senders[0].clone();
    {
        let store = c.archive.store();
        let proof = check(&c, &sender, true, None);
        for event in [
            Event::Continue { at: 1 },
            Event::ProofRecorded { proof },
            Event::Continue { at: 2 },
            Event::NotesAcknowledged { at: 3 },
            Event::Continue { at: 4 },
        ] {
            number_move::apply(&store, &sender, event).unwrap();
        }
    }
    let items = ["owns_account", "has_phone", "display_name_approved"];
    std::thread::scope(|scope| {
        for item in items {
            let (path, sender) = (&c.archive.path, &sender);
            scope.spawn(move || {
                let store = passerelle_core::Store::open(path).unwrap();
                let event: Event = serde_json::from_value(
                    serde_json::json!({"type": "answer", "item": item, "yes": true}),
                )
                .unwrap();
                number_move::apply(&store, sender, event).unwrap();
            });
        }
    });
    let state = number_move::load(&c.archive.store(), &sender).unwrap();
    let answers = state.recorded().checklist;
    assert_eq!(
        (
            answers.owns_account,
            answers.has_phone,
            answers.display_name_approved
        ),
        (Some(true), Some(true), Some(true))
    );
}
