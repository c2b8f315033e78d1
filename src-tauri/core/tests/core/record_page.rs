//! A record's page (a contact, lead or deal with its linked conversations), leads and deals
//! listed, and the audit log read through its filters.

use crate::inbox::{contact, inbox_fixture, NEW_CUSTOMER, OTHER_CUSTOMER};
use passerelle_core::inbox::{self, NameSource, RecordRef, Visibility};
use passerelle_core::records::{self, record_page};
use passerelle_core::store::audit::{AuditAction, AuditQuery};
use passerelle_core::store::opportunities::{Opportunity, OpportunityKind};
use passerelle_core::{users, Code};

#[test]
fn a_record_page_shows_its_person_their_deals_and_its_linked_conversations_to_every_user() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    let owner = fx.viewer(&store, fx.owner);
    let member = fx.viewer(&store, fx.member);
    let zoe = contact(&store, &owner, "Zoé Martin", "+33699887766");
    let deal = records::create_opportunity(
        &store,
        &owner,
        OpportunityKind::Deal,
        &Opportunity {
            title: "Vitrine 2027".into(),
            contact_id: Some(zoe),
            value: Some("1200.00".into()),
            currency: Some("EUR".into()),
            stage: Some("Proposal".into()),
            status: Some("open".into()),
            ..Opportunity::default()
        },
    )
    .unwrap();
    let lead = records::create_opportunity(
        &store,
        &owner,
        OpportunityKind::Lead,
        &Opportunity {
            title: "Salon de mars".into(),
            source: Some("Salon".into()),
            ..Opportunity::default()
        },
    )
    .unwrap();
    let first = fx.row_of(&store, NEW_CUSTOMER).id;
    let second = fx.row_of(&store, OTHER_CUSTOMER).id;
    inbox::link(&store, &owner, first, RecordRef::Contact(zoe)).unwrap();
    inbox::link(&store, &owner, second, RecordRef::Deal(deal.id)).unwrap();

    // Private inbox: the member cannot open the inbox, but sees the records' pages.
    inbox::set_visibility(&store, &owner, Visibility::Private).unwrap();
    let page = record_page(&store, &member, RecordRef::Contact(zoe), fx.now).unwrap();
    assert_eq!(
        page.contact.as_ref().map(|c| c.name.as_str()),
        Some("Zoé Martin")
    );
    assert_eq!(
        page.deals.iter().map(|d| d.id).collect::<Vec<_>>(),
        [deal.id]
    );
    assert!(page.leads.is_empty());
    let ids: Vec<i64> = page.conversations.iter().map(|c| c.id).collect();
    assert_eq!(ids, [first]);
    assert_eq!(page.conversations[0].name_source, NameSource::Contact);

    let page = record_page(&store, &member, RecordRef::Deal(deal.id), fx.now).unwrap();
    assert_eq!(
        page.opportunity.as_ref().map(|o| o.title.as_str()),
        Some("Vitrine 2027")
    );
    assert_eq!(
        page.contact.map(|c| c.id),
        Some(zoe),
        "the person the deal is about"
    );
    assert_eq!(
        page.conversations.iter().map(|c| c.id).collect::<Vec<_>>(),
        [second]
    );

    let page = record_page(&store, &member, RecordRef::Lead(lead.id), fx.now).unwrap();
    assert!(page.contact.is_none() && page.conversations.is_empty());

    inbox::unlink(&store, &owner, second).unwrap();
    let page = record_page(&store, &owner, RecordRef::Deal(deal.id), fx.now).unwrap();
    assert!(
        page.conversations.is_empty(),
        "unlinked, it leaves the page"
    );

    let missing = record_page(&store, &owner, RecordRef::Lead(9_999), fx.now).unwrap_err();
    assert_eq!(missing.code(), Code::InvalidInput);

    let found =
        records::opportunities(&store, &member, OpportunityKind::Deal, "VITRINE", 0, 50).unwrap();
    assert_eq!(found.iter().map(|d| d.id).collect::<Vec<_>>(), [deal.id]);
    assert!(
        records::opportunities(&store, &member, OpportunityKind::Lead, "vitrine", 0, 50)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_audit_log_filters_by_action_user_and_text() {
    let fx = inbox_fixture();
    let store = fx.archive.store();
    let owner = fx.viewer(&store, fx.owner);
    let admin = fx.viewer(&store, fx.admin);
    let guest = users::add_user(
        &store,
        &admin,
        "Guest <b>x</b>",
        passerelle_core::store::users::Role::Member,
    )
    .unwrap();
    users::rename_user(&store, &admin, guest.id, "Guest Two").unwrap();
    inbox::set_visibility(&store, &owner, Visibility::Shared).unwrap();
    let query =
        |q: AuditQuery| users::audit_page(&store, &owner, &AuditQuery { limit: 50, ..q }).unwrap();

    let renamed = query(AuditQuery {
        action: Some(AuditAction::UserRenamed),
        ..AuditQuery::default()
    });
    assert_eq!(renamed.len(), 1);
    assert_eq!(
        renamed[0].detail.as_deref(),
        Some("Guest <b>x</b> → Guest Two"),
        "kept as written"
    );

    let by_admin = query(AuditQuery {
        actor_id: Some(fx.admin),
        ..AuditQuery::default()
    });
    assert_eq!(
        by_admin.iter().map(|e| e.action).collect::<Vec<_>>(),
        [AuditAction::UserRenamed, AuditAction::UserAdded],
        "newest first"
    );
    let text = query(AuditQuery {
        text: Some("GUEST".into()),
        ..AuditQuery::default()
    });
    assert_eq!(text.len(), 2);
    let older = query(AuditQuery {
        before: Some(text[0].id),
        text: Some("guest".into()),
        ..AuditQuery::default()
    });
    assert_eq!(older.len(), 1, "pages go back from an entry");
    let member = fx.viewer(&store, fx.member);
    let refused = users::audit_page(&store, &member, &AuditQuery::default()).unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
}
