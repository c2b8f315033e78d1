//! Contacts, leads and deals imported from CRM exports (Pipedrive's columns): a preview that
//! maps columns and lists bad rows, an import that keeps the good ones, a second import that
//! updates instead of doubling.

use crate::support::{connect_main, runtime, sim_with, Archive};
use passerelle_core::inbox::{Viewer, Visibility};
use passerelle_core::phone::Country;
use passerelle_core::records::import::{guess_field, Field};
use passerelle_core::records::{self, import_file, preview_file, ImportKind, ImportRequest};
use passerelle_core::store::audit::AuditAction;
use passerelle_core::store::users::Role;
use passerelle_core::{inbox, users, Code, Lang, Store};

/// A connected archive (its owner recorded by `connect`) with a member.
fn archive() -> (Store, Viewer, Viewer, Archive) {
    let sim = sim_with(20, |_| {});
    let archive = Archive::new();
    connect_main(&runtime(), sim.info(), &archive);
    let store = Store::open(&archive.path).unwrap();
    let owner = Viewer::owner(&store).unwrap();
    let member = users::add_user(&store, &owner, "Morgan", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    (store, owner, member, archive)
}

const PEOPLE: &str = "\
ID,Name,Organization,Email,Phone - Work,Phone - Mobile,Label
1,Zoé Martin,Boulangerie Martin,zoe@example.fr,01 23 45 67 89,06 12 34 56 78,Client
2,Jean Dupont,,jean@example.fr,,+32 470 12 34 56,
3,,Sans Nom SA,,06 00 00 00 01,,
4,Ana García,,ana@example.es,0034 612 34 56 78,,
5,Numéro Faux,,,06 12 ab,,
6,Tom Smith,Acme,,+1 (415) 555-0123,,
7,Court,,,06 12 34,,
";

#[test]
fn a_people_file_keeps_its_good_rows_and_lists_the_bad_ones_with_their_reason() {
    let (store, owner, _, _archive) = archive();
    let preview = preview_file(
        &store,
        &owner,
        &ImportRequest::new(PEOPLE, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    let fields: Vec<Option<Field>> = preview.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            Some(Field::CrmId),
            Some(Field::Name),
            Some(Field::Organisation),
            Some(Field::Email),
            Some(Field::Phone),
            Some(Field::Phone),
            None
        ],
        "Pipedrive's columns are recognised; Label is ignored"
    );
    let bad: Vec<(u64, &str)> = preview
        .bad
        .iter()
        .map(|b| (b.line, b.reason.as_str()))
        .collect();
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert_eq!(bad[0].0, 4);
    assert!(bad[0].1.contains("Name"), "{bad:?}");
    assert_eq!(bad[1].0, 6);
    assert!(bad[1].1.contains("06 12 ab"), "{bad:?}");
    assert_eq!(bad[2].0, 8, "too short for a French number");
    assert_eq!((preview.creates, preview.updates), (4, 0));
    let zoe = &preview.rows[0].contact.as_ref().unwrap();
    assert_eq!(zoe.phones, ["+33123456789", "+33612345678"]);
    assert_eq!(zoe.crm_id.as_deref(), Some("1"));

    let report = import_file(
        &store,
        &owner,
        &ImportRequest::new(PEOPLE, ImportKind::People, Country::Fr),
        Lang::Fr,
    )
    .unwrap();
    assert_eq!(
        (report.created, report.updated, report.bad.len()),
        (4, 0, 3)
    );
    assert!(
        report.bad[0].reason.contains("Nom"),
        "reasons in the caller's language"
    );
    let counts = records::counts(&store, &owner).unwrap();
    assert_eq!(counts.contacts, 4);
    let ana = records::contacts(&store, &owner, "garcía", 0, 10).unwrap();
    assert_eq!(
        ana[0].phones,
        ["+34612345678"],
        "00 starts an international number"
    );
}

#[test]
fn importing_again_updates_by_crm_id_or_phone_and_never_duplicates() {
    let (store, owner, member, _archive) = archive();
    import_file(
        &store,
        &owner,
        &ImportRequest::new(PEOPLE, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    let again = import_file(
        &store,
        &member,
        &ImportRequest::new(PEOPLE, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!(
        (again.created, again.updated),
        (0, 4),
        "the same file updates"
    );
    // A later export: Zoé renamed (matched by ID), Tom without his ID (matched by phone),
    // one new person.
    let later = "\
Person - ID;Person - Name;Person - Phone
1;Zoé Martin-Durand;06 12 34 56 78
;Tom Smith;+1 415 555 0123
7;Léa Petit;07 11 22 33 44
";
    let preview = preview_file(
        &store,
        &owner,
        &ImportRequest::new(later, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!(
        (preview.creates, preview.updates),
        (1, 2),
        "; as the separator, prefixes dropped"
    );
    let report = import_file(
        &store,
        &owner,
        &ImportRequest::new(later, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!((report.created, report.updated), (1, 2));
    assert_eq!(records::counts(&store, &owner).unwrap().contacts, 5);
    let zoe = records::contacts(&store, &owner, "zoé", 0, 10).unwrap();
    assert_eq!(zoe.len(), 1);
    assert_eq!(zoe[0].name, "Zoé Martin-Durand");
    assert_eq!(
        zoe[0].email.as_deref(),
        Some("zoe@example.fr"),
        "kept when the file has none"
    );

    let log = users::audit_log(&store, &owner, None, 50).unwrap();
    let imports: Vec<_> = log
        .iter()
        .filter(|e| e.action == AuditAction::Import)
        .collect();
    assert_eq!(imports.len(), 3);
    assert_eq!(imports[1].actor_name, "Morgan", "who imported");
}

#[test]
fn leads_and_deals_files_find_or_create_their_contact_person() {
    let (store, owner, _, _archive) = archive();
    import_file(
        &store,
        &owner,
        &ImportRequest::new(PEOPLE, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    let deals = "\
Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status,Person - Name,Person - Phone
D1,Fournitures 2027,\"1 234,50\",eur,Proposition,Open,Zoé Martin,06 12 34 56 78
D2,Site web,abc,EUR,Qualifié,open,Jean Dupont,
D3,Nouveau client,500,EUR,Contact,open,Paul Neuf,06 55 44 33 22
,,100,EUR,,,,
";
    let report = import_file(
        &store,
        &owner,
        &ImportRequest::new(deals, ImportKind::Deals, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!((report.created, report.updated), (2, 0), "{:?}", report.bad);
    assert_eq!(report.bad.len(), 2, "bad amount, no title");
    assert!(report.bad[0].reason.contains("abc"));
    let counts = records::counts(&store, &owner).unwrap();
    assert_eq!(
        (counts.deals, counts.contacts),
        (2, 5),
        "Paul is created, Zoé found by phone"
    );
    let again = import_file(
        &store,
        &owner,
        &ImportRequest::new(deals, ImportKind::Deals, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!((again.created, again.updated), (0, 2));
    assert_eq!(records::counts(&store, &owner).unwrap().deals, 2);

    let leads = "\
Title,Value,Currency,Source,Contact person
Salon de Lyon,200,EUR,Salon,Tom Smith
";
    let report = import_file(
        &store,
        &owner,
        &ImportRequest::new(leads, ImportKind::Leads, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!(report.created, 1);
    let again = import_file(
        &store,
        &owner,
        &ImportRequest::new(leads, ImportKind::Leads, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!(
        (again.created, again.updated),
        (0, 1),
        "no ID: matched on title and contact"
    );
}

#[test]
fn a_mapping_given_by_the_user_replaces_the_guess_and_a_file_without_names_is_refused() {
    let (store, owner, _, _archive) = archive();
    let file = "Client,Tel\nZoé,0612345678\n";
    let err = preview_file(
        &store,
        &owner,
        &ImportRequest::new(file, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::InvalidInput);
    assert!(err.message(Lang::En).contains("Name"), "{err}");
    let request = ImportRequest {
        mapping: Some(vec![Some(Field::Name), Some(Field::Phone)]),
        ..ImportRequest::new(file, ImportKind::People, Country::Fr)
    };
    let preview = preview_file(&store, &owner, &request, Lang::En).unwrap();
    assert_eq!(preview.rows.len(), 1);
    assert_eq!(
        preview.rows[0].contact.as_ref().unwrap().phones,
        ["+33612345678"]
    );
}

#[test]
fn pipedrive_headers_map_to_fields() {
    use Field::*;
    let cases = [
        ("ID", ImportKind::People, Some(CrmId)),
        ("Person - ID", ImportKind::People, Some(CrmId)),
        (
            "Organization - Name",
            ImportKind::People,
            Some(Organisation),
        ),
        ("Person - Phone - Mobile", ImportKind::People, Some(Phone)),
        ("Téléphone", ImportKind::People, Some(Phone)),
        ("Deal - ID", ImportKind::Deals, Some(CrmId)),
        ("Person - ID", ImportKind::Deals, None),
        ("Person - Name", ImportKind::Deals, Some(ContactName)),
        ("Contact person", ImportKind::Leads, Some(ContactName)),
        ("Lead - Source", ImportKind::Leads, Some(Source)),
        ("Deal - Stage", ImportKind::Deals, Some(Stage)),
        ("Statut", ImportKind::Deals, Some(Status)),
        ("Label", ImportKind::People, None),
    ];
    for (header, kind, want) in cases {
        assert_eq!(guess_field(header, kind), want, "{header} in {kind:?}");
    }
}

#[test]
fn records_are_seen_by_every_user_whatever_the_visibility() {
    let (store, owner, member, _archive) = archive();
    inbox::set_visibility(&store, &owner, Visibility::Private).unwrap();
    import_file(
        &store,
        &member,
        &ImportRequest::new(PEOPLE, ImportKind::People, Country::Fr),
        Lang::En,
    )
    .unwrap();
    assert_eq!(records::counts(&store, &member).unwrap().contacts, 4);
}
