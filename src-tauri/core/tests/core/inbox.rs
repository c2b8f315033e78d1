//! The inbox through its public calls, on archives synced from the simulator: the visibility
//! matrix, owner-only settings, the audit log, the list's filters and keyset pages, threads.

use crate::support::{connect_main, options, runtime, sim_control, sim_with, sync_now, Archive};
use passerelle_core::inbox::{
    self, allowed, Action, ConversationRow, ListQuery, NameSource, RecordRef, Standing,
    ThreadQuery, Viewer, Visibility,
};
use passerelle_core::phone::Country;
use passerelle_core::records;
use passerelle_core::store::audit::AuditAction;
use passerelle_core::store::contacts::ContactFields;
use passerelle_core::store::users::Role;
use passerelle_core::sync::MediaMode;
use passerelle_core::window::ReplyWindow;
use passerelle_core::{users, Code, Lang, Store};
use std::collections::HashSet;
use twilio_sim::Sim;

/// A synced archive with its owner, an administrator and a member, and two customers who
/// wrote just now (unread, window open).
pub(crate) struct Inbox {
    _sim: Sim,
    pub(crate) archive: Archive,
    pub(crate) owner: i64,
    pub(crate) admin: i64,
    pub(crate) member: i64,
    pub(crate) now: i64,
}

pub(crate) const NEW_CUSTOMER: &str = "whatsapp:+33699887766";
pub(crate) const OTHER_CUSTOMER: &str = "whatsapp:+14155550123";

pub(crate) fn inbox_fixture() -> Inbox {
    let sim = sim_with(2_000, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    for (from, name) in [(NEW_CUSTOMER, "Zoé Martin"), (OTHER_CUSTOMER, "")] {
        sim_control(
            &info,
            "/__sim/inbound",
            &[
                ("From", from),
                ("To", &info.senders[0]),
                ("Body", "Bonjour !"),
                ("ProfileName", name),
            ],
        );
    }
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    let store = archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let admin = users::add_user(&store, &owner, "Alex Admin", Role::Admin).unwrap();
    let member = users::add_user(&store, &owner, "Morgan Member", Role::Member).unwrap();
    let now = chrono::Utc::now().timestamp() + 60;
    Inbox {
        _sim: sim,
        owner: owner.user.id,
        admin: admin.id,
        member: member.id,
        archive,
        now,
    }
}

impl Inbox {
    // A method so call sites read `fx.viewer(..)` beside the fixture's user ids.
    #[allow(clippy::unused_self)]
    pub(crate) fn viewer(&self, store: &Store, id: i64) -> Viewer {
        Viewer::as_user(store, id).unwrap()
    }

    /// Every row of the list as the owner sees it, through every page.
    fn all_rows(&self, store: &Store, query: &ListQuery) -> Vec<ConversationRow> {
        let owner = self.viewer(store, self.owner);
        let mut query = query.clone();
        let mut rows = Vec::new();
        loop {
            let page = inbox::list(store, &owner, &query, self.now).unwrap();
            rows.extend(page.rows);
            match page.next {
                Some(next) => query.cursor = Some(next),
                None => return rows,
            }
        }
    }

    pub(crate) fn row_of(&self, store: &Store, customer: &str) -> ConversationRow {
        self.all_rows(store, &ListQuery::default())
            .into_iter()
            .find(|r| r.customer == customer)
            .expect("the conversation is listed")
    }
}

pub(crate) fn contact(store: &Store, viewer: &Viewer, name: &str, phone: &str) -> i64 {
    let fields = ContactFields {
        name: name.into(),
        phones: vec![phone.into()],
        ..ContactFields::default()
    };
    records::create_contact(store, viewer, &fields, Country::Fr)
        .unwrap()
        .id
}

#[test]
fn the_visibility_matrix_holds_in_every_inbox_call() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    let owner = fx.viewer(&store, fx.owner);
    let conversation = fx.row_of(&store, NEW_CUSTOMER).id;
    let record = RecordRef::Contact(contact(&store, &owner, "Zoé", "06 99 88 77 66"));
    let linked = fx.row_of(&store, OTHER_CUSTOMER).id;
    inbox::link(&store, &owner, linked, record).unwrap();

    type Call = fn(&Store, &Viewer, i64, RecordRef, i64) -> passerelle_core::Result<()>;
    let calls: [(&str, Action, Call); 7] = [
        ("list", Action::SeeInbox, |s, v, _, _, now| {
            inbox::list(s, v, &ListQuery::default(), now).map(drop)
        }),
        ("thread", Action::SeeInbox, |s, v, id, _, now| {
            inbox::thread(s, v, id, &ThreadQuery::default(), Lang::En, now).map(drop)
        }),
        ("mark read", Action::MarkRead, |s, v, id, _, _| {
            inbox::mark_read(s, v, id)
        }),
        ("link", Action::Link, |s, v, id, r, _| {
            inbox::link(s, v, id, r)
        }),
        ("unlink", Action::Link, |s, v, id, _, _| {
            inbox::unlink(s, v, id)
        }),
        ("suggest", Action::Link, |s, v, id, _, _| {
            inbox::suggest_links(s, v, id).map(drop)
        }),
        (
            "record page",
            Action::SeeLinkedOnRecord,
            |s, v, _, r, now| inbox::record_conversations(s, v, r, now).map(drop),
        ),
    ];
    for visibility in [Visibility::Private, Visibility::Shared] {
        inbox::set_visibility(&store, &owner, visibility).unwrap();
        for (standing, user) in [
            (Standing::Owner, fx.owner),
            (Standing::Admin, fx.admin),
            (Standing::Member, fx.member),
        ] {
            let viewer = fx.viewer(&store, user);
            assert_eq!(viewer.standing, standing);
            for (name, action, call) in calls {
                let want = allowed(standing, visibility, action);
                let got = call(&store, &viewer, conversation, record, fx.now);
                match (&got, want) {
                    (Ok(()), true) => {}
                    (Err(e), false) => {
                        assert_eq!(e.code(), Code::PermissionDenied, "{name}: {e}");
                        assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
                    }
                    _ => panic!(
                        "{standing:?} / {visibility:?} / {name}: got {got:?}, want allowed={want}"
                    ),
                }
            }
            // A linked conversation stays readable on its record's page, whatever the mode.
            let page = inbox::thread(
                &store,
                &viewer,
                linked,
                &ThreadQuery::default(),
                Lang::En,
                fx.now,
            );
            assert!(page.is_ok(), "{standing:?} / {visibility:?}: linked thread");
        }
    }
}

#[test]
fn only_the_owner_changes_the_visibility_and_the_change_is_audited() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    assert_eq!(
        inbox::visibility(&store).unwrap(),
        Visibility::Private,
        "Private by default"
    );
    for user in [fx.admin, fx.member] {
        let viewer = fx.viewer(&store, user);
        let err = inbox::set_visibility(&store, &viewer, Visibility::Shared).unwrap_err();
        assert_eq!(err.code(), Code::PermissionDenied);
        assert!(err.message(Lang::En).contains("only the owner"), "{err}");
    }
    assert_eq!(inbox::visibility(&store).unwrap(), Visibility::Private);

    let owner = fx.viewer(&store, fx.owner);
    inbox::set_visibility(&store, &owner, Visibility::Shared).unwrap();
    assert_eq!(inbox::visibility(&store).unwrap(), Visibility::Shared);
    let member = fx.viewer(&store, fx.member);
    assert!(inbox::list(&store, &member, &ListQuery::default(), fx.now).is_ok());

    let log = users::audit_log(&store, &owner, None, 10).unwrap();
    let change = log
        .iter()
        .find(|e| e.action == AuditAction::VisibilityChanged)
        .expect("audited");
    assert_eq!(change.actor_id, Some(fx.owner));
    assert_eq!(change.detail.as_deref(), Some("private → shared"));
    let refused = users::audit_log(&store, &member, None, 10).unwrap_err();
    assert_eq!(
        refused.code(),
        Code::PermissionDenied,
        "members do not read the log"
    );
}

#[test]
fn the_audit_log_says_who_did_what_and_when() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    let owner = fx.viewer(&store, fx.owner);
    let admin = fx.viewer(&store, fx.admin);
    inbox::set_visibility(&store, &owner, Visibility::Shared).unwrap();
    let conversation = fx.row_of(&store, NEW_CUSTOMER).id;
    let record = RecordRef::Contact(contact(&store, &admin, "Zoé", "+33699887766"));
    inbox::link(&store, &admin, conversation, record).unwrap();
    inbox::unlink(&store, &admin, conversation).unwrap();
    let guest = users::add_user(&store, &admin, "Guest", Role::Member).unwrap();
    users::rename_user(&store, &admin, guest.id, "Guest Two").unwrap();
    users::set_pin(&store, &admin, guest.id, Some("2468")).unwrap();
    users::remove_user(&store, &admin, guest.id).unwrap();
    let refused = users::record_disconnect(&store, &admin, "AC1").unwrap_err();
    assert_eq!(
        refused.code(),
        Code::PermissionDenied,
        "only the owner disconnects"
    );
    users::record_disconnect(&store, &owner, "AC1").unwrap();

    let log = users::audit_log(&store, &owner, None, 100).unwrap();
    let got: Vec<(AuditAction, String, Option<String>)> = log
        .iter()
        .rev()
        .map(|e| (e.action, e.actor_name.clone(), e.detail.clone()))
        .collect();
    let guest_subject = format!("user:{}", guest.id);
    let label = record.label();
    let expected = [
        (
            AuditAction::UserAdded,
            "Camille Test",
            Some("Alex Admin (admin)"),
        ),
        (
            AuditAction::UserAdded,
            "Camille Test",
            Some("Morgan Member (member)"),
        ),
        (
            AuditAction::VisibilityChanged,
            "Camille Test",
            Some("private → shared"),
        ),
        (AuditAction::Link, "Alex Admin", Some(label.as_str())),
        (AuditAction::Unlink, "Alex Admin", Some(label.as_str())),
        (AuditAction::UserAdded, "Alex Admin", Some("Guest (member)")),
        (
            AuditAction::UserRenamed,
            "Alex Admin",
            Some("Guest → Guest Two"),
        ),
        (AuditAction::PinChanged, "Alex Admin", Some("set")),
        (AuditAction::UserRemoved, "Alex Admin", Some("Guest Two")),
        (AuditAction::Disconnect, "Camille Test", None),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, who, d)| (*a, who.to_string(), d.map(str::to_owned)))
        .collect();
    assert_eq!(got, expected);
    assert!(
        log.iter().all(|e| e.at.ends_with('Z')),
        "each entry is dated"
    );
    assert!(
        log.iter()
            .any(|e| e.subject.as_deref() == Some(guest_subject.as_str())),
        "entries name their subject"
    );
    assert!(
        log.iter()
            .all(|e| !e.detail.as_deref().unwrap_or("").contains("2468")),
        "a PIN never reaches the log"
    );
}

#[test]
fn switching_user_asks_for_their_pin_when_they_have_one() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    let member = fx.viewer(&store, fx.member);
    assert!(
        users::switch_to(&store, fx.member, None).is_ok(),
        "no PIN yet"
    );
    users::set_pin(&store, &member, fx.member, Some("1357")).unwrap();
    for wrong in [None, Some("7531")] {
        let err = users::switch_to(&store, fx.member, wrong).unwrap_err();
        assert_eq!(err.code(), Code::InvalidInput, "{wrong:?}");
    }
    let viewer = users::switch_to(&store, fx.member, Some("1357")).unwrap();
    assert_eq!(viewer.user.id, fx.member);
    assert!(viewer.user.has_pin);
    let err = users::set_pin(&store, &member, fx.admin, Some("0000")).unwrap_err();
    assert_eq!(
        err.code(),
        Code::PermissionDenied,
        "a member sets only their own PIN"
    );
}

#[test]
fn the_list_filters_by_unread_window_link_number_and_text() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    let owner = fx.viewer(&store, fx.owner);
    let all = fx.all_rows(&store, &ListQuery::default());
    assert!(all.len() > 50, "a real inbox: {}", all.len());
    let ids = |rows: &[ConversationRow]| rows.iter().map(|r| r.id).collect::<HashSet<_>>();
    let only = |query: ListQuery| fx.all_rows(&store, &query);

    let new = fx.row_of(&store, NEW_CUSTOMER);
    // Twilio's message resource carries no profile name, so a synced conversation shows the
    // number until it is linked (the name precedence itself is tested in inbox::list).
    assert_eq!(
        (new.display_name.as_str(), new.name_source),
        ("+33 6 99 88 77 66", NameSource::Number)
    );
    let other = fx.row_of(&store, OTHER_CUSTOMER);
    assert_eq!(
        other.display_name, "+1 415 555 0123",
        "no name: the number, formatted"
    );
    assert_eq!(other.name_source, NameSource::Number);
    assert_eq!(other.preview.as_deref(), Some("Bonjour !"));

    let unread = only(ListQuery {
        unread: true,
        ..ListQuery::default()
    });
    assert_eq!(ids(&unread), HashSet::from([new.id, other.id]));
    let open = only(ListQuery {
        window_open: true,
        ..ListQuery::default()
    });
    assert!(ids(&open).is_superset(&HashSet::from([new.id, other.id])));
    assert!(open
        .iter()
        .all(|r| matches!(r.window, ReplyWindow::Open { .. })));
    assert_eq!(
        open.len(),
        all.iter()
            .filter(|r| matches!(r.window, ReplyWindow::Open { .. }))
            .count(),
        "the filter and the rows' window agree"
    );

    let record = RecordRef::Contact(contact(&store, &owner, "Zoé Client", "06 99 88 77 66"));
    inbox::link(&store, &owner, new.id, record).unwrap();
    let linked = only(ListQuery {
        linked: Some(true),
        ..ListQuery::default()
    });
    assert_eq!(ids(&linked), HashSet::from([new.id]));
    assert_eq!(
        linked[0].display_name, "Zoé Client",
        "the contact's name wins"
    );
    assert_eq!(linked[0].link, Some(record));
    let not_linked = only(ListQuery {
        linked: Some(false),
        ..ListQuery::default()
    });
    assert_eq!(not_linked.len(), all.len() - 1);

    let by_name = only(ListQuery {
        text: Some("zoé client".into()),
        ..ListQuery::default()
    });
    assert_eq!(ids(&by_name), HashSet::from([new.id]), "ASCII case ignored");
    let by_number = only(ListQuery {
        text: Some("415 555 01".into()),
        ..ListQuery::default()
    });
    assert_eq!(ids(&by_number), HashSet::from([other.id]));

    let sender = new.sender.clone();
    let one_sender = only(ListQuery {
        sender: Some(sender.clone()),
        ..ListQuery::default()
    });
    assert!(!one_sender.is_empty() && one_sender.iter().all(|r| r.sender == sender));
    let bare = only(ListQuery {
        sender: Some(sender.trim_start_matches("whatsapp:").into()),
        ..ListQuery::default()
    });
    assert_eq!(ids(&bare), ids(&one_sender), "with or without whatsapp:");

    inbox::mark_read(&store, &owner, new.id).unwrap();
    let unread = only(ListQuery {
        unread: true,
        ..ListQuery::default()
    });
    assert_eq!(ids(&unread), HashSet::from([other.id]), "marked read");

    let suggested = inbox::suggest_links(&store, &owner, new.id).unwrap();
    assert_eq!(
        suggested
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Zoé Client"]
    );
    let page = inbox::record_conversations(&store, &owner, record, fx.now).unwrap();
    assert_eq!(ids(&page), HashSet::from([new.id]));
    records::delete_contact(
        &store,
        &owner,
        match record {
            RecordRef::Contact(id) => id,
            _ => unreachable!(),
        },
    )
    .unwrap();
    let after = fx.row_of(&store, NEW_CUSTOMER);
    assert_eq!(
        (after.link, after.message_count),
        (None, new.message_count),
        "deleting a record keeps the messages"
    );
}

#[test]
fn a_failed_message_in_a_thread_carries_its_explanation() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    let owner = fx.viewer(&store, fx.owner);
    let rows = fx.all_rows(&store, &ListQuery::default());
    let mut found = None;
    'search: for row in rows.iter().take(300) {
        let page = inbox::thread(
            &store,
            &owner,
            row.id,
            &ThreadQuery {
                page_size: 1_000,
                ..ThreadQuery::default()
            },
            Lang::Fr,
            fx.now,
        )
        .unwrap();
        for m in page.messages {
            if m.error_code.is_some() {
                found = Some(m);
                break 'search;
            }
        }
    }
    let failed = found.expect("the simulator generates failed messages");
    let help = failed.failure.expect("explained");
    assert_eq!(Some(help.code), failed.error_code);
    assert!(!help.meaning.is_empty() && !help.what_to_do.is_empty());
}

#[test]
fn keyset_pages_visit_20000_conversations_once_each_in_order() {
    let sim = sim_with(150_000, |c| {
        c.contacts = 40_000;
        c.years = 1;
    });
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    let store = archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let total = passerelle_core::archive::status(&store)
        .unwrap()
        .conversations;
    assert!(total >= 20_000, "{total} conversations");

    let now = chrono::Utc::now().timestamp();
    let mut query = ListQuery {
        page_size: 500,
        ..ListQuery::default()
    };
    let (mut seen, mut order) = (HashSet::new(), Vec::new());
    let started = std::time::Instant::now();
    let first = inbox::list(&store, &owner, &ListQuery::default(), now).unwrap();
    let first_page = started.elapsed();
    assert_eq!(first.rows.len(), 50, "the default page size");
    loop {
        let page = inbox::list(&store, &owner, &query, now).unwrap();
        for row in &page.rows {
            assert!(seen.insert(row.id), "conversation {} listed twice", row.id);
            order.push((row.last_message_at.clone(), row.id));
        }
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, total, "every conversation once");
    assert!(
        order
            .windows(2)
            .all(|w| (&w[0].0, w[0].1) > (&w[1].0, w[1].1)),
        "most recent first, ties by id, across pages"
    );
    eprintln!("first inbox page of {total} conversations: {first_page:?} (debug build)");
}

#[test]
fn a_5000_message_thread_opens_at_its_newest_and_pages_back_to_the_first() {
    let sim = sim_with(12_000, |c| c.contacts = 1);
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    let store = archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let now = chrono::Utc::now().timestamp();
    let biggest = inbox::list(&store, &owner, &ListQuery::default(), now)
        .unwrap()
        .rows
        .into_iter()
        .max_by_key(|r| r.message_count)
        .unwrap();
    assert!(
        biggest.message_count >= 5_000,
        "{} messages",
        biggest.message_count
    );

    let started = std::time::Instant::now();
    let newest = inbox::thread(
        &store,
        &owner,
        biggest.id,
        &ThreadQuery::default(),
        Lang::En,
        now,
    )
    .unwrap();
    let first_screen = started.elapsed();
    assert_eq!(newest.messages.len(), 100, "the default page");
    assert_eq!(
        newest.messages[0].at,
        biggest.last_message_at.clone().unwrap(),
        "the first page starts at the latest message"
    );
    let mut query = ThreadQuery {
        page_size: 700,
        ..ThreadQuery::default()
    };
    let (mut sids, mut times) = (HashSet::new(), Vec::new());
    loop {
        let page = inbox::thread(&store, &owner, biggest.id, &query, Lang::En, now).unwrap();
        for m in &page.messages {
            assert!(sids.insert(m.sid.clone()), "{} twice", m.sid);
            times.push(m.at.clone());
        }
        match page.older {
            Some(older) => query.before = Some(older),
            None => break,
        }
    }
    assert_eq!(
        sids.len() as u64,
        biggest.message_count,
        "every message once"
    );
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first across pages"
    );
    eprintln!(
        "newest screen of a {}-message thread: {first_screen:?} (debug build)",
        biggest.message_count
    );
}
