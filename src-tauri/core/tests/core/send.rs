//! Sending through the core against the simulator: rules before any request, one create
//! request, statuses moving through the sync, templates outside the window, and a send whose
//! answer never came found by the next sync instead of being sent twice.

use crate::support::{
    assert_archive_equals_sim, connect_main, options, runtime, sim_control, sim_requests, sim_with,
    sync_now, Archive,
};
use passerelle_core::inbox::send::{self, fetch_approved, Compose, SendRequest};
use passerelle_core::inbox::{self, ListQuery, ThreadQuery, Viewer};
use passerelle_core::store::audit::AuditAction;
use passerelle_core::store::messages;
use passerelle_core::store::users::Role;
use passerelle_core::sync::MediaMode;
use passerelle_core::twilio::Client;
use passerelle_core::window::ReplyWindow;
use passerelle_core::{users, Code, Store};
use std::collections::BTreeMap;
use twilio_sim::{Info, Sim};

const CUSTOMER: &str = "+33699887766";
const NEVER_WROTE: &str = "+33611223344";

struct Fixture {
    _sim: Sim,
    info: Info,
    rt: tokio::runtime::Runtime,
    archive: Archive,
    client: Client,
}

/// A synced archive where CUSTOMER just wrote to the first sender.
fn fixture() -> Fixture {
    let sim = sim_with(500, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    inbound(&info, CUSTOMER, 0, "Bonjour, c'est pour une commande");
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    Fixture {
        _sim: sim,
        info,
        rt,
        archive,
        client,
    }
}

fn inbound(info: &Info, from: &str, sender: usize, body: &str) {
    sim_control(
        info,
        "/__sim/inbound",
        &[
            ("From", &format!("whatsapp:{from}")),
            ("To", &info.senders[sender]),
            ("Body", body),
        ],
    );
}

fn text(to: &[&str], from: Option<&str>, body: &str) -> SendRequest {
    SendRequest {
        to: to.iter().map(|s| s.to_string()).collect(),
        from: from.map(str::to_owned),
        compose: Compose::Text { body: body.into() },
    }
}

/// The create requests the simulator received.
fn creates(info: &Info) -> usize {
    sim_requests(info)
        .iter()
        .filter(|r| {
            r["method"] == "POST" && r["path"].as_str().unwrap().ends_with("/Messages.json")
        })
        .count()
}

/// The newest page of a conversation's thread, as `viewer` reads it in English.
fn newest_page(
    store: &Store,
    viewer: &Viewer,
    conversation: i64,
) -> passerelle_core::Result<inbox::ThreadPage> {
    inbox::thread(
        store,
        viewer,
        conversation,
        &ThreadQuery::default(),
        passerelle_core::Lang::En,
        now(),
    )
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Fixture {
    fn send(&self, store: &Store, ask: &SendRequest) -> passerelle_core::Result<send::SendOutcome> {
        let owner = Viewer::owner(store).unwrap();
        self.rt
            .block_on(send::send(store, &self.client, &owner, ask, &[], now()))
    }

    fn sync(&self) {
        sync_now(
            &self.rt,
            &self.archive,
            &self.client,
            &options(MediaMode::Skip),
        );
    }

    fn advance(&self, secs: i64) {
        sim_control(
            &self.info,
            "/__sim/clock",
            &[("advance_seconds", &secs.to_string())],
        );
    }
}

#[test]
fn a_reply_inside_the_window_is_archived_first_sent_once_and_moves_to_read() {
    let fx = fixture();
    let store = fx.archive.store();
    let before = creates(&fx.info);
    let out = fx
        .send(&store, &text(&[CUSTOMER], None, "Merci, nous regardons !"))
        .expect("inside the window, free text is sent");
    assert_eq!(creates(&fx.info), before + 1, "exactly one create request");
    assert!(
        out.sid.starts_with("SM"),
        "Twilio's SID is recorded: {out:?}"
    );
    assert_eq!(out.status, "queued");
    let stored = messages::by_sid(&store, &out.sid)
        .unwrap()
        .expect("archived");
    assert_eq!(stored.body, "Merci, nous regardons !");
    let owner = Viewer::owner(&store).unwrap();
    let row = inbox::list::conversation(&store, &owner, out.conversation, now()).unwrap();
    assert_eq!(row.preview.as_deref(), Some("Merci, nous regardons !"));

    fx.advance(120);
    fx.sync();
    let stored = messages::by_sid(&store, &out.sid).unwrap().unwrap();
    assert_eq!(
        stored.status, "read",
        "the sync moves the status on the sim's clock"
    );
    assert_archive_equals_sim(&fx.info, &fx.archive.path);
    let audit = users::audit_log(&store, &owner, None, 10).unwrap();
    assert!(
        audit.iter().any(|e| e.action == AuditAction::Send
            && e.subject.as_deref() == Some(&*format!("conversation:{}", out.conversation))),
        "{audit:?}"
    );
}

#[test]
fn the_window_on_its_edges_through_send_and_nothing_is_requested_when_refused() {
    let fx = fixture();
    // CUSTOMER wrote to sender 1 only: no window with sender 0's other customers.
    inbound(&fx.info, NEVER_WROTE, 1, "Hello other number");
    fx.sync();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let last_inbound = {
        let rows = inbox::list(&store, &owner, &ListQuery::default(), now())
            .unwrap()
            .rows;
        let row = rows
            .iter()
            .find(|r| r.customer == format!("whatsapp:{CUSTOMER}"))
            .unwrap()
            .clone();
        match row.window {
            ReplyWindow::Open { closes_at, .. } => closes_at - 24 * 3600,
            closed @ ReplyWindow::Closed { .. } => {
                panic!("the customer just wrote: {closed:?}")
            }
        }
    };
    let before = creates(&fx.info);
    let ask = text(&[CUSTOMER], Some(&fx.info.senders[0]), "Réponse");
    let prepare = |at: i64| send::prepare(&store, &owner, &ask, &[], at).map(|_| ());
    let refused = prepare(last_inbound + 24 * 3600).expect_err("24:00:00 is closed");
    assert_eq!(refused.code(), Code::InvalidInput);
    prepare(last_inbound + 24 * 3600 - 1).expect("23:59:59 is still open");
    let other = text(&[NEVER_WROTE], Some(&fx.info.senders[0]), "Réponse");
    assert!(
        send::prepare(&store, &owner, &other, &[], now()).is_err(),
        "an inbound message to the other business number opens no window on this one"
    );
    let never = text(&["+33600000001"], None, "Bonjour");
    assert!(
        send::prepare(&store, &owner, &never, &[], now()).is_err(),
        "no inbound ever"
    );
    assert_eq!(creates(&fx.info), before, "no request for a refused send");
}

#[test]
fn broadcasts_bad_numbers_long_bodies_and_private_members_are_refused_before_any_request() {
    let fx = fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let member = users::add_user(&store, &owner, "Morgan Member", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    let before = creates(&fx.info);
    let messages_before = passerelle_core::archive::status(&store).unwrap().messages;
    let cases: Vec<(SendRequest, Code)> = vec![
        (
            text(&[CUSTOMER, "+33699887700"], None, "Promo"),
            Code::InvalidInput,
        ),
        (text(&[], None, "x"), Code::InvalidInput),
        (text(&["0699887766"], None, "x"), Code::InvalidInput),
        (
            text(&[CUSTOMER], None, &"a".repeat(1_601)),
            Code::InvalidInput,
        ),
        (text(&[CUSTOMER], None, "  "), Code::InvalidInput),
        (
            text(&[CUSTOMER], Some("+10000000000"), "x"),
            Code::InvalidInput,
        ),
        (
            SendRequest {
                to: vec![CUSTOMER.into()],
                from: None,
                compose: Compose::Template {
                    content_sid: "HX00000000000000000000000000000000".into(),
                    variables: BTreeMap::new(),
                },
            },
            Code::InvalidInput,
        ),
    ];
    for (ask, code) in cases {
        let err = fx.send(&store, &ask).expect_err("refused");
        assert_eq!(err.code(), code, "{ask:?}");
    }
    let err = fx
        .rt
        .block_on(send::send(
            &store,
            &fx.client,
            &member,
            &text(&[CUSTOMER], None, "x"),
            &[],
            now(),
        ))
        .expect_err("a member in Private mode may not reply");
    assert_eq!(err.code(), Code::PermissionDenied);
    assert_eq!(creates(&fx.info), before, "no request for any refused send");
    assert_eq!(
        passerelle_core::archive::status(&store).unwrap().messages,
        messages_before,
        "nothing written for a refused send"
    );
}

#[test]
fn outside_the_window_an_approved_template_goes_with_every_variable_filled() {
    let fx = fixture();
    let store = fx.archive.store();
    let approved = fx.rt.block_on(fetch_approved(&fx.client)).unwrap();
    assert!(!approved.is_empty(), "the simulator has approved templates");
    let template = &approved[0];
    let owner = Viewer::owner(&store).unwrap();
    let ask = |variables: BTreeMap<String, String>| SendRequest {
        to: vec![NEVER_WROTE.into()],
        from: Some(fx.info.senders[0].clone()),
        compose: Compose::Template {
            content_sid: template.sid.clone(),
            variables,
        },
    };
    let full: BTreeMap<String, String> = template
        .variables
        .iter()
        .map(|k| (k.clone(), format!("valeur {k}")))
        .collect();
    let before = creates(&fx.info);
    if let Some(first) = template.variables.first() {
        let mut missing = full.clone();
        missing.remove(first);
        let err = send::prepare(&store, &owner, &ask(missing), &approved, now()).unwrap_err();
        assert_eq!(err.code(), Code::InvalidInput);
    }
    assert_eq!(creates(&fx.info), before);
    let out = fx
        .rt
        .block_on(send::send(
            &store,
            &fx.client,
            &owner,
            &ask(full),
            &approved,
            now(),
        ))
        .expect("a template goes outside the window");
    assert_eq!(creates(&fx.info), before + 1);
    fx.advance(120);
    fx.sync();
    let stored = messages::by_sid(&store, &out.sid).unwrap().unwrap();
    assert_eq!(stored.status, "read", "{stored:?}");
    assert_archive_equals_sim(&fx.info, &fx.archive.path);
    let thread = newest_page(&store, &owner, out.conversation).unwrap();
    let marks: Vec<(&str, Option<&str>)> = thread
        .messages
        .iter()
        .map(|m| (m.sid.as_str(), m.template_sid.as_deref()))
        .collect();
    assert!(
        marks.contains(&(out.sid.as_str(), Some(template.sid.as_str()))),
        "the template a message was sent from survives the sync: {marks:?}"
    );
    assert!(
        marks
            .iter()
            .filter(|(sid, _)| *sid != out.sid)
            .all(|(_, mark)| mark.is_none()),
        "messages Passerelle did not send from a template carry no mark: {marks:?}"
    );
}

#[test]
fn a_number_moved_to_another_provider_is_read_only_and_sending_from_it_is_refused() {
    let fx = fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let sender = fx.info.senders[0].clone();
    let moved_at = now() - 3_600;
    passerelle_core::store::number_moves::set_moved_away(&store, &sender, Some(moved_at)).unwrap();
    let before = creates(&fx.info);
    let messages_before = passerelle_core::archive::status(&store).unwrap().messages;
    let err = fx
        .send(&store, &text(&[CUSTOMER], Some(&sender), "Encore là ?"))
        .expect_err("a moved number no longer sends through Twilio");
    assert_eq!(err.code(), Code::InvalidInput);
    let en = err.message(passerelle_core::Lang::En);
    let fr = err.message(passerelle_core::Lang::Fr);
    assert!(en.contains("moved to another provider"), "{en}");
    assert!(fr.contains("transféré vers un autre fournisseur"), "{fr}");
    assert_eq!(creates(&fx.info), before, "no request to Twilio");
    assert_eq!(
        passerelle_core::archive::status(&store).unwrap().messages,
        messages_before,
        "nothing written"
    );
    let row = inbox::list(&store, &owner, &ListQuery::default(), now())
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.customer == format!("whatsapp:{CUSTOMER}") && r.sender == sender)
        .expect("the conversation stays in the inbox");
    let thread = newest_page(&store, &owner, row.id).expect("its history stays readable");
    assert_eq!(
        row.read_only_since, thread.read_only_since,
        "the list row says it too"
    );
    assert_eq!(
        thread.read_only_since.as_deref(),
        Some(passerelle_core::rfc3339(moved_at).as_str()),
        "the thread says since when it is read-only"
    );
    passerelle_core::store::number_moves::set_moved_away(&store, &sender, None).unwrap();
    fx.send(&store, &text(&[CUSTOMER], Some(&sender), "De retour"))
        .expect("back with Twilio, replies go again");
}

#[test]
fn a_send_whose_answer_never_came_is_never_resent_and_the_next_sync_finds_it() {
    let fx = fixture();
    let store = fx.archive.store();
    let before = creates(&fx.info);
    // The simulator processes the request, then cuts the connection mid-answer.
    sim_control(&fx.info, "/__sim/faults", &[("cut_rate", "1")]);
    let out = fx
        .send(&store, &text(&[CUSTOMER], None, "Votre colis part demain"))
        .expect("an unknown outcome is not an error");
    sim_control(&fx.info, "/__sim/faults", &[("cut_rate", "0")]);
    assert!(out.is_unknown(), "{out:?}");
    assert!(out.sid.starts_with("local-"));
    assert_eq!(creates(&fx.info), before + 1, "sent once, never again");
    let owner = Viewer::owner(&store).unwrap();
    let err = send::resend_request(&store, &owner, &out.sid).unwrap_err();
    assert_eq!(
        err.code(),
        Code::InvalidInput,
        "no resend while it is being checked"
    );

    fx.sync();
    assert_eq!(creates(&fx.info), before + 1, "the sync sends nothing");
    assert!(
        messages::by_sid(&store, &out.sid).unwrap().is_none(),
        "the local row took Twilio's SID"
    );
    assert_archive_equals_sim(&fx.info, &fx.archive.path);
    let thread = newest_page(&store, &owner, out.conversation).unwrap();
    let found = thread
        .messages
        .iter()
        .filter(|m| m.body == "Votre colis part demain")
        .count();
    assert_eq!(found, 1, "one copy in the thread");
}

#[test]
fn a_send_twilio_never_received_is_marked_failed_by_the_sync_and_may_then_be_resent() {
    let fx = fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let approved = fx.rt.block_on(fetch_approved(&fx.client)).unwrap();
    let template = &approved[0];
    let ask = SendRequest {
        to: vec![CUSTOMER.into()],
        from: Some(fx.info.senders[0].clone()),
        compose: Compose::Template {
            content_sid: template.sid.clone(),
            variables: template
                .variables
                .iter()
                .map(|k| (k.clone(), "x".to_owned()))
                .collect(),
        },
    };
    // Written twenty minutes ago; the simulator answers 500 without creating anything.
    let prepared = send::prepare(&store, &owner, &ask, &approved, now() - 20 * 60).unwrap();
    sim_control(&fx.info, "/__sim/faults", &[("force_status", "500")]);
    let answer = fx.rt.block_on(fx.client.create_message(&prepared.request));
    let out = send::finish(&store, &prepared, answer).unwrap();
    assert!(
        out.is_unknown(),
        "a 500 after sending leaves the outcome unknown: {out:?}"
    );
    assert!(send::resend_request(&store, &owner, &out.sid).is_err());

    fx.sync();
    let settled = messages::by_sid(&store, &out.sid)
        .unwrap()
        .expect("still the local row");
    assert_eq!(
        settled.status, "failed",
        "not found at Twilio by a complete sync"
    );
    let again =
        send::resend_request(&store, &owner, &out.sid).expect("known failed: may be resent");
    assert_eq!(again.to, vec![format!("whatsapp:{CUSTOMER}")]);
    // A template message goes again as that template with its variables: free text would be
    // refused once the 24-hour window is closed.
    assert_eq!(
        again.compose, ask.compose,
        "resent as the same template, same variables"
    );
    let resent = fx
        .rt
        .block_on(send::send(
            &store,
            &fx.client,
            &owner,
            &again,
            &approved,
            now(),
        ))
        .expect("the resend is accepted");
    assert!(!resent.is_unknown(), "{resent:?}");
    let thread = newest_page(&store, &owner, resent.conversation).unwrap();
    assert!(
        thread.messages.iter().any(
            |m| m.sid == resent.sid && m.template_sid.as_deref() == Some(template.sid.as_str())
        ),
        "the resent message carries the template mark"
    );

    // A template message sent before its variables were kept (an archive of schema 10) is
    // not turned into free text: the refusal says to pick the template again.
    rusqlite::Connection::open(&fx.archive.path)
        .unwrap()
        .execute("DELETE FROM template_sends", [])
        .unwrap();
    let refused = send::resend_request(&store, &owner, &out.sid).unwrap_err();
    assert!(
        refused.to_string().contains(&template.sid),
        "names the template: {refused}"
    );
}

#[test]
fn new_customer_messages_are_notified_by_name_once_and_never_to_a_private_member() {
    use passerelle_core::inbox::notify;
    let fx = fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let member = users::add_user(&store, &owner, "Morgan Member", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    assert_eq!(
        notify::take_new(&store, &owner, now()).unwrap(),
        notify::Notices::default(),
        "the first look only sets the mark: no ringing for the whole history"
    );
    inbound(&fx.info, CUSTOMER, 0, "Une autre question, un secret 1234");
    inbound(&fx.info, NEVER_WROTE, 0, "Hello");
    fx.sync();
    let found = notify::take_new(&store, &owner, now()).unwrap();
    assert_eq!(found.conversations, 2, "{found:?}");
    let mut names: Vec<&str> = found.notices.iter().map(|n| n.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["+33 6 11 22 33 44", "+33 6 99 88 77 66"],
        "one notice per conversation, by name"
    );
    assert!(
        found.notices.iter().all(|n| !n.name.contains("1234")),
        "never the text"
    );
    assert_eq!(
        notify::take_new(&store, &owner, now())
            .unwrap()
            .conversations,
        0,
        "each message is told once"
    );
    inbound(&fx.info, CUSTOMER, 0, "Encore moi");
    fx.sync();
    assert_eq!(
        notify::take_new(&store, &member, now()).unwrap(),
        notify::Notices::default(),
        "a member of a Private inbox is not told"
    );
    notify::set_enabled(&store, false).unwrap();
    inbound(&fx.info, CUSTOMER, 0, "Toujours moi");
    fx.sync();
    assert_eq!(
        notify::take_new(&store, &owner, now())
            .unwrap()
            .conversations,
        0,
        "turned off"
    );
}
