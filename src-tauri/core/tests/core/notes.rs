//! Notes from linked conversations on a synced archive: one per conversation or per day,
//! idempotent, searchable, listed per record, readable through the visibility rule.

use crate::support::{connect_main, options, runtime, sim_with, sync_now, Archive};
use passerelle_core::inbox::{self, ListQuery, RecordRef, Viewer, Visibility};
use passerelle_core::notes::{self, html, ConvertOptions, NotesQuery, Split, Zone};
use passerelle_core::phone::Country;
use passerelle_core::records;
use passerelle_core::store::contacts::ContactFields;
use passerelle_core::store::users::Role;
use passerelle_core::sync::MediaMode;
use passerelle_core::{users, Code, Lang, Store};
use twilio_sim::Sim;

pub struct Linked {
    pub _sim: Sim,
    pub archive: Archive,
    /// (conversation id, contact id, message count), the three longest conversations.
    pub linked: Vec<(i64, i64, u64)>,
    /// Their customers' addresses (`whatsapp:+…`), in the same order.
    pub customers: Vec<String>,
    pub info: twilio_sim::Info,
}

/// A synced archive (media files downloaded) whose three longest conversations are linked
/// to contacts.
pub fn linked_fixture() -> Linked {
    let sim = sim_with(1_500, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Files));
    let store = archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let now = chrono::Utc::now().timestamp();
    let mut rows = inbox::list(
        &store,
        &owner,
        &ListQuery {
            page_size: 500,
            ..ListQuery::default()
        },
        now,
    )
    .unwrap()
    .rows;
    rows.sort_by_key(|r| std::cmp::Reverse(r.message_count));
    let mut linked = Vec::new();
    let mut customers = Vec::new();
    for (i, row) in rows.iter().take(3).enumerate() {
        let fields = ContactFields {
            name: format!("Client {i} <b>é</b>"),
            phones: vec![row.customer.trim_start_matches("whatsapp:").into()],
            ..ContactFields::default()
        };
        let contact = records::create_contact(&store, &owner, &fields, Country::Fr)
            .unwrap()
            .id;
        inbox::link(&store, &owner, row.id, RecordRef::Contact(contact)).unwrap();
        linked.push((row.id, contact, row.message_count));
        customers.push(row.customer.clone());
    }
    drop(store);
    Linked {
        _sim: sim,
        archive,
        linked,
        customers,
        info,
    }
}

pub fn options_of(split: Split) -> ConvertOptions {
    ConvertOptions {
        split,
        zone: Zone::Offset { minutes: 60 },
        lang: Lang::Fr,
    }
}

fn all_notes(store: &Store, viewer: &Viewer) -> Vec<notes::Note> {
    notes::list(
        store,
        viewer,
        &NotesQuery {
            limit: 1_000,
            ..NotesQuery::default()
        },
    )
    .unwrap()
}

#[test]
fn converting_twice_updates_and_never_duplicates() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let first = notes::convert_all(&store, &owner, &options_of(Split::Whole), &|_, _| {}).unwrap();
    assert_eq!((first.conversations, first.added), (3, 3), "{first:?}");
    let again = notes::convert_all(&store, &owner, &options_of(Split::Whole), &|_, _| {}).unwrap();
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, 3),
        "converting again changes nothing: {again:?}"
    );
    let listed = all_notes(&store, &owner);
    assert_eq!(listed.len(), 3);
    for note in &listed {
        assert_eq!(html::check_subset(&note.html), Ok(()), "{}", note.html);
        let (_, contact, count) = fx
            .linked
            .iter()
            .find(|l| l.0 == note.conversation_id)
            .unwrap();
        assert_eq!(note.record, RecordRef::Contact(*contact));
        assert_eq!(note.message_count as u64, *count, "every message is in it");
        assert!(note.day.is_none());
        assert!(note.first_message_at.is_some() && note.remote_id.is_none());
        assert!(note.text.contains("Client"), "{}", note.text);
        assert!(
            note.html.contains("&lt;b&gt;é&lt;/b&gt;"),
            "names are escaped"
        );
    }
    // Per record.
    let (_, contact, _) = fx.linked[0];
    let of_record = notes::list(
        &store,
        &owner,
        &NotesQuery {
            record: Some(RecordRef::Contact(contact)),
            ..NotesQuery::default()
        },
    )
    .unwrap();
    assert_eq!(of_record.len(), 1);
}

#[test]
fn per_day_notes_replace_the_whole_note_and_stay_stable() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    notes::convert_all(&store, &owner, &options_of(Split::Whole), &|_, _| {}).unwrap();
    let per_day =
        notes::convert_all(&store, &owner, &options_of(Split::PerDay), &|_, _| {}).unwrap();
    assert_eq!(
        per_day.removed, 3,
        "the whole-conversation notes go: {per_day:?}"
    );
    let listed = all_notes(&store, &owner);
    assert_eq!(listed.len() as u64, per_day.added);
    assert!(listed.len() > 3, "long conversations span several days");
    let total: i64 = listed.iter().map(|n| n.message_count).sum();
    assert_eq!(total as u64, fx.linked.iter().map(|l| l.2).sum::<u64>());
    let mut keys: Vec<_> = listed
        .iter()
        .map(|n| (n.conversation_id, n.day.clone().expect("a day")))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(
        keys.len(),
        listed.len(),
        "one note per conversation and day"
    );
    let again = notes::convert_all(&store, &owner, &options_of(Split::PerDay), &|_, _| {}).unwrap();
    assert_eq!((again.added, again.removed), (0, 0));
    // The ids stay: a CRM connector's remote ids stay attached.
    notes::set_remote(&store, listed[0].id, "pd-42").unwrap();
    notes::convert_all(&store, &owner, &options_of(Split::PerDay), &|_, _| {}).unwrap();
    let back = notes::get(&store, &owner, listed[0].id).unwrap();
    assert_eq!(back.remote_id.as_deref(), Some("pd-42"));
}

#[test]
fn notes_are_searchable_and_carry_media_links_and_failures() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    notes::convert_all(&store, &owner, &options_of(Split::Whole), &|_, _| {}).unwrap();
    let hits = notes::search(&store, &owner, "client", 10).unwrap();
    assert_eq!(hits.len(), 3, "the contact's name is in each note");
    assert!(hits[0].snippet.contains('['));
    assert!(notes::search(&store, &owner, "zzqxjw", 10)
        .unwrap()
        .is_empty());
    notes::search(&store, &owner, "\"OR * NEAR(", 10).expect("FTS syntax is plain text");
    let listed = all_notes(&store, &owner);
    let joined: String = listed.iter().map(|n| n.html.as_str()).collect();
    let text: String = listed.iter().map(|n| n.text.as_str()).collect();
    if joined.contains("<a href") {
        assert!(
            joined.contains("<a href=\"file:///"),
            "links to local copies"
        );
    }
    assert!(
        text.contains("Reçu") && text.contains("Envoyé"),
        "direction is written"
    );
    // Unlinked conversations make no notes; converting one is refused.
    let unlinked = inbox::list(
        &store,
        &owner,
        &ListQuery {
            linked: Some(false),
            page_size: 1,
            ..ListQuery::default()
        },
        chrono::Utc::now().timestamp(),
    )
    .unwrap()
    .rows[0]
        .id;
    let err = notes::convert_conversation(&store, &owner, unlinked, &options_of(Split::Whole))
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidInput);
}

#[test]
fn members_read_notes_but_convert_only_when_the_inbox_is_shared() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let member = users::add_user(&store, &owner, "Morgan", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    notes::convert_all(&store, &owner, &options_of(Split::Whole), &|_, _| {}).unwrap();
    assert_eq!(
        all_notes(&store, &member).len(),
        3,
        "notes are read on records"
    );
    let refused = notes::convert_all(&store, &member, &options_of(Split::Whole), &|_, _| {});
    assert_eq!(refused.unwrap_err().code(), Code::PermissionDenied);
    inbox::set_visibility(&store, &owner, Visibility::Shared).unwrap();
    notes::convert_all(&store, &member, &options_of(Split::Whole), &|_, _| {}).unwrap();
}
