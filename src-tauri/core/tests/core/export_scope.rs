//! Exports for a user of the window: the one visibility rule. A member of a Private inbox
//! exports only the conversations linked to a record (which they may read on its page); the
//! owner, or anyone once the inbox is Shared, everything.

use crate::notes::linked_fixture;
use passerelle_core::export::{self, ExportRequest, ExportScope, Format, Zone};
use passerelle_core::inbox::{self, Viewer, Visibility};
use passerelle_core::store::users::Role;
use passerelle_core::{users, Lang, Store};
use std::collections::BTreeSet;
use std::path::Path;
use tokio_util::sync::CancellationToken;

/// A JSON export of everything as `viewer`; returns the conversation ids the screen offers
/// and the exported (conversations, messages).
fn export_as(store: &Store, viewer: &Viewer, out: &Path) -> (BTreeSet<i64>, (u64, u64)) {
    let offered = export::choices(store, viewer)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let request = ExportRequest {
        format: Format::Json,
        scope: ExportScope::default(),
        out: out.to_path_buf(),
        media_dir: None,
        zone: Zone::Utc,
        lang: Lang::En,
        viewer: Some(viewer.clone()),
    };
    let report = export::export(store, &request, &|_| {}, &CancellationToken::new()).unwrap();
    (offered, (report.conversations, report.messages))
}

/// The customers of the conversations not in `linked`.
fn customers_outside(store: &Store, linked: &BTreeSet<i64>) -> Vec<String> {
    inbox::conversations(store, 10_000)
        .unwrap()
        .into_iter()
        .filter(|c| !linked.contains(&c.id))
        .map(|c| c.customer)
        .collect()
}

#[test]
fn a_member_of_a_private_inbox_exports_only_the_conversations_linked_to_a_record() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let member = users::add_user(&store, &owner, "Morgan", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    let linked: BTreeSet<i64> = fx.linked.iter().map(|l| l.0).collect();
    let linked_messages: u64 = fx.linked.iter().map(|l| l.2).sum();
    let dir = tempfile::tempdir().unwrap();

    let (all, everything) = export_as(&store, &owner, &dir.path().join("owner.json"));
    let (theirs, seen) = export_as(&store, &member, &dir.path().join("member.json"));
    assert!(
        all.len() > linked.len(),
        "the archive holds unlinked conversations"
    );
    assert_eq!(theirs, linked, "the member is offered the linked ones only");
    assert_eq!(seen, (linked.len() as u64, linked_messages));
    assert!(everything.1 > seen.1);
    let written = std::fs::read_to_string(dir.path().join("member.json")).unwrap();
    let unlinked = customers_outside(&store, &linked);
    assert!(!unlinked.is_empty());
    assert!(
        unlinked.iter().all(|c| !written.contains(c.as_str())),
        "no unlinked customer's number is in the member's file"
    );

    inbox::set_visibility(&store, &owner, Visibility::Shared).unwrap();
    let (shared, now) = export_as(&store, &member, &dir.path().join("shared.json"));
    assert_eq!(
        (shared, now),
        (all, everything),
        "Shared: the member exports everything"
    );
}
