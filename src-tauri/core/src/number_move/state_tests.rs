//! Tests of `state.rs`, kept beside it so the module stays short.
use super::*;

fn proof(passed: bool) -> Proof {
    Proof {
        sender: "whatsapp:+33612345678".into(),
        at: 10,
        since: None,
        passed,
        twilio_total: 3,
        missing_total: u64::from(!passed),
        repaired: 0,
        months: Vec::new(),
        media_checked: 0,
        media_problems: Vec::new(),
        sids_sha256: String::new(),
    }
}

/// Each step with everything it needs recorded (so only the event decides).
fn complete(index: usize) -> MoveState {
    let r = Recorded {
        sender: "whatsapp:+33612345678".into(),
        proof: Some(proof(true)),
        notes_acknowledged_at: Some(1),
        business_manager_id: Some("123456789012345".into()),
        checklist: Checklist {
            owns_account: Some(true),
            has_phone: Some(true),
            display_name_approved: Some(true),
        },
        ticket_sent_at: Some(2),
        ticket_confirmed_at: Some(3),
        provider: Some("360dialog".into()),
        migration_started_at: Some(4),
        ..Recorded::default()
    };
    MoveState::at_index(index, r)
}

fn events() -> Vec<(&'static str, Event)> {
    vec![
        ("back", Event::Back),
        ("continue", Event::Continue { at: 5 }),
        ("proof", Event::ProofRecorded { proof: proof(true) }),
        ("notes", Event::NotesAcknowledged { at: 5 }),
        (
            "bm",
            Event::BusinessManagerId {
                id: "1234 5678 9012 3456".into(),
            },
        ),
        (
            "answer",
            Event::Answer {
                item: ChecklistItem::HasPhone,
                yes: false,
            },
        ),
        ("sent", Event::TicketSent { at: 5 }),
        ("confirmed", Event::TicketConfirmed { at: 5 }),
        (
            "provider",
            Event::Provider {
                name: "Meta Cloud".into(),
                started_at: 5,
            },
        ),
        (
            "finish",
            Event::Finish {
                proof: proof(true),
                at: 5,
            },
        ),
    ]
}

#[test]
fn each_step_times_each_event() {
    // Per step (rows), the step after each event (columns, in `events()` order);
    // "-" = refused.
    #[rustfmt::skip]
    let table: [[&str; 10]; 7] = [
        // back            continue         proof      notes            bm           answer       sent      confirmed  provider        finish
        ["-",              "archive",       "-",       "-",             "-",         "-",         "-",      "-",       "-",            "-"],
        ["before_you_start", "notes_exports", "archive", "-",           "-",         "-",         "-",      "-",       "-",            "-"],
        ["archive",        "checklist",     "-",       "notes_exports", "-",         "-",         "-",      "-",       "-",            "-"],
        ["notes_exports",  "ticket",        "-",       "-",             "checklist", "checklist", "-",      "-",       "-",            "-"],
        ["checklist",      "new_provider",  "-",       "-",             "-",         "-",         "ticket", "ticket",  "-",            "-"],
        ["ticket",         "-",             "-",       "-",             "-",         "-",         "-",      "-",       "new_provider", "done"],
        ["new_provider",   "-",             "-",       "-",             "-",         "-",         "-",      "-",       "-",            "-"],
    ];
    for (index, row) in table.iter().enumerate() {
        for ((label, event), expected) in events().into_iter().zip(row) {
            let got = next(complete(index), event).map(|s| s.name());
            match (*expected, got) {
                ("-", Err(_)) => {}
                (want, Ok(name)) if want == name => {}
                (want, got) => panic!("{} × {label}: want {want}, got {got:?}", STEPS[index]),
            }
        }
    }
}

#[test]
fn an_incomplete_step_cannot_be_left_forward_but_back_is_free() {
    let cases: [(MoveState, Blocker); 4] = [
        (
            MoveState::Archive(Recorded::default()),
            Blocker::CheckNotRun,
        ),
        (
            MoveState::Archive(Recorded {
                proof: Some(proof(false)),
                ..Recorded::default()
            }),
            Blocker::ArchiveIncomplete,
        ),
        (
            MoveState::Checklist(Recorded {
                business_manager_id: Some("123456789012345".into()),
                checklist: Checklist {
                    owns_account: Some(false),
                    has_phone: Some(true),
                    display_name_approved: Some(true),
                },
                ..Recorded::default()
            }),
            Blocker::NotOwner,
        ),
        (
            MoveState::Ticket(Recorded {
                ticket_sent_at: Some(1),
                ..Recorded::default()
            }),
            Blocker::TicketNotConfirmed,
        ),
    ];
    for (state, want) in cases {
        assert_eq!(blocker(&state), Some(want), "{}", state.name());
        assert!(next(state.clone(), Event::Continue { at: 1 }).is_err());
        assert!(next(state, Event::Back).is_ok());
    }
}

#[test]
fn a_failed_quick_check_does_not_finish() {
    let r = next(
        complete(5),
        Event::Finish {
            proof: proof(false),
            at: 1,
        },
    );
    assert!(r.is_err());
}

#[test]
fn business_manager_id_shape_table() {
    // Meta documents a "numeric string" (a Graph object ID: 64 bits), no length.
    for (text, ok) in [
        ("123456789012345", true),        // 15 digits, the common shape
        ("1234567890123456", true),       // 16 digits
        ("1234 5678 9012 3456", true),    // pasted with spaces
        ("12345678901", true),            // shorter: still a Graph ID
        ("18446744073709551615", true),   // the largest 64-bit ID (20 digits)
        ("18446744073709551616", false),  // past 64 bits
        ("123456789012345678901", false), // 21 digits
        ("12345678901234a", false),       // a letter
        ("1234-5678", false),             // punctuation
        ("0", false),                     // zero is no ID
        ("", false),                      // empty
        ("   ", false),                   // blanks only
        ("١٢٣٤٥٦٧٨٩٠١٢٣٤٥", false),       // Arabic-Indic digits: not ASCII
    ] {
        assert_eq!(business_manager_id(text).is_ok(), ok, "{text:?}");
    }
    assert_eq!(
        business_manager_id(" 1234 5678 9012 3456 ").unwrap(),
        "1234567890123456"
    );
}

#[test]
fn the_state_round_trips_as_tagged_json() {
    let state = complete(3);
    let json = serde_json::to_string(&state).unwrap();
    assert!(json.starts_with("{\"type\":\"checklist\""), "{json}");
    assert_eq!(serde_json::from_str::<MoveState>(&json).unwrap(), state);
}
