//! Erasing a customer: what the preview announces is what goes (archive, media files, notes,
//! links, search index), the audit log keeps counts only, backups made afterwards hold
//! nothing of them, and at Twilio the simulator receives a DELETE for each medium and message.

use crate::notes::{linked_fixture, options_of};
use crate::support::{main_client, runtime, sim_control, sim_requests};
use passerelle_core::inbox::{self, ListQuery, Viewer};
use passerelle_core::notes::{self, Split};
use passerelle_core::phone::Country;
use passerelle_core::store::audit::AuditAction;
use passerelle_core::store::messages;
use passerelle_core::store::users::Role;
use passerelle_core::{backups, erase, users, Code, Lang, Store};

fn conversations_of(store: &Store, customer: &str) -> usize {
    let owner = Viewer::owner(store).unwrap();
    let digits = customer.trim_start_matches("whatsapp:+");
    inbox::list(
        store,
        &owner,
        &ListQuery {
            text: Some(digits.into()),
            page_size: 100,
            ..ListQuery::default()
        },
        chrono::Utc::now().timestamp(),
    )
    .unwrap()
    .rows
    .into_iter()
    .filter(|r| r.customer == customer)
    .count()
}

#[test]
fn erasing_a_customer_removes_them_from_the_archive_and_at_twilio() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    notes::convert_all(&store, &owner, &options_of(Split::PerDay), &|_, _| {}).unwrap();
    let notes_before = notes::count(&store).unwrap();
    let customer = fx.customers[0].clone();
    let number = customer.trim_start_matches("whatsapp:").to_owned();

    // Members may not; administrators may.
    let member = users::add_user(&store, &owner, "Morgan", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    let refused = erase::preview(&store, &member, &number, Country::Fr).unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let admin = users::add_user(&store, &owner, "Alex", Role::Admin).unwrap();
    let admin = Viewer::as_user(&store, admin.id).unwrap();

    backups::make(&store, &owner).unwrap();
    let preview = erase::preview(&store, &admin, &number, Country::Fr).unwrap();
    let c = preview.counts;
    assert_eq!((c.conversations, c.links), (1, 1), "{preview:?}");
    assert_eq!(c.messages, fx.linked[0].2);
    assert!(
        c.notes >= 1 && c.media >= 1 && c.media_files >= 1,
        "{preview:?}"
    );
    assert_eq!(preview.older_backups, 1);
    let summary = preview.summary(Lang::En);
    assert!(
        summary.contains(&format!("{} message(s)", c.messages)),
        "{summary}"
    );
    assert!(
        summary.contains("backup(s) made before still hold"),
        "{summary}"
    );
    let files: Vec<_> = passerelle_core::store::media::all(&store)
        .unwrap()
        .into_iter()
        .filter_map(|m| m.file_path)
        .map(|p| fx.archive.dir.path().join("media").join(p))
        .collect();

    // At Twilio first (the archive still knows the SIDs).
    let targets = erase::twilio_targets(&store, &admin, &number, Country::Fr).unwrap();
    assert_eq!(targets.len() as u64, c.messages);
    let media_at_twilio: i64 = targets.iter().map(|t| t.num_media).sum();
    let client = main_client(&fx.info);
    let rt = runtime();
    let before = sim_requests(&fx.info).len();
    let report = rt.block_on(erase::erase_at_twilio(&client, &targets));
    assert_eq!(report.messages_deleted, c.messages, "{report:?}");
    assert_eq!(report.media_deleted as i64, media_at_twilio);
    assert!(report.failed.is_empty());
    let log = sim_requests(&fx.info);
    let deletes: Vec<&str> = log[before..]
        .iter()
        .filter(|e| e["method"] == "DELETE")
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(deletes.len() as i64, c.messages as i64 + media_at_twilio);
    for target in &targets {
        assert!(
            deletes
                .iter()
                .any(|p| p.ends_with(&format!("/Messages/{}.json", target.sid))),
            "DELETE of {}",
            target.sid
        );
    }
    assert_eq!(
        deletes.iter().filter(|p| p.contains("/Media/")).count() as i64,
        media_at_twilio
    );
    // Again: Twilio no longer has them.
    let again = rt.block_on(erase::erase_at_twilio(&client, &targets));
    assert_eq!(
        (again.messages_deleted, again.already_gone),
        (0, c.messages)
    );

    // Then the archive.
    let erased = erase::erase(&store, &admin, &number, Country::Fr).unwrap();
    assert_eq!(erased.counts, c);
    assert_eq!(conversations_of(&store, &customer), 0);
    assert_eq!(notes::count(&store).unwrap(), notes_before - c.notes);
    let index = messages::check_search_index(&store).unwrap();
    assert_eq!(index.messages, index.indexed, "the index follows");
    let left: Vec<_> = files.iter().filter(|p| p.exists()).collect();
    let media_left = passerelle_core::store::media::all(&store).unwrap().len();
    assert_eq!(
        left.len(),
        media_left.min(left.len()),
        "only other customers' files stay"
    );
    assert!(
        left.len() as u64 <= files.len() as u64 - c.media_files,
        "the customer's files are gone"
    );
    let entry = users::audit_log(&store, &owner, None, 5)
        .unwrap()
        .into_iter()
        .find(|e| e.action == AuditAction::EraseCustomer)
        .expect("audited");
    assert_eq!(entry.actor_name, "Alex");
    let detail = entry.detail.unwrap();
    assert!(detail.contains(&format!("messages: {}", c.messages)));
    assert!(
        !detail.contains(&number[1..]) && entry.subject.is_none(),
        "no number kept"
    );

    // Nor in the archive file itself (deleted pages overwritten, the WAL folded in).
    let live = std::fs::read(&fx.archive.path).unwrap();
    assert!(
        !live
            .windows(customer.len())
            .any(|w| w == customer.as_bytes()),
        "no trace left in the archive file"
    );

    // A backup made afterwards holds nothing of them; the older one still does.
    let after = backups::make(&store, &owner).unwrap();
    let copy = Store::open_read_only(std::path::Path::new(&after.path)).unwrap();
    assert_eq!(conversations_of(&copy, &customer), 0);
    let raw = std::fs::read(&after.path).unwrap();
    // Their address (`whatsapp:+…`, on every message) is nowhere in the file's bytes; the
    // contact record, a CRM record, keeps its phone number (records are not erased).
    assert!(
        !raw.windows(customer.len())
            .any(|w| w == customer.as_bytes()),
        "no message of theirs left in the new backup's bytes"
    );
    let older = backups::list(&fx.archive.path)
        .unwrap()
        .into_iter()
        .find(|b| b.name != after.name)
        .unwrap();
    let old_copy = Store::open_read_only(std::path::Path::new(&older.path)).unwrap();
    assert_eq!(conversations_of(&old_copy, &customer), 1);
    // Erasing again finds nothing.
    let nothing = erase::preview(&store, &admin, &number, Country::Fr).unwrap();
    assert_eq!(nothing.counts, erase::EraseCounts::default());
    let _ = sim_control;
}
