//! Specs of the exports, on a small archive holding what customers really send: accents,
//! emoji, markup, formulas, a failed message, a picture.

use super::*;
use crate::store::messages;

/// A small archive: two conversations, hostile text included; returns its folder (with a
/// media folder holding one picture) and the store.
pub(crate) fn archive() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("passerelle.db")).unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO accounts (sid, friendly_name, type, status, auth_kind, connected_at, date_created)
                 VALUES ('AC00000000000000000000000000000001', 'Boulangerie Zoé', 'Full', 'active', 'auth_token', 0, 1600000000);
             INSERT INTO senders (id, account_sid, sender_sid, address, status, display_name, added_at)
                 VALUES (1, 'AC00000000000000000000000000000001', 'XE1', 'whatsapp:+33100000000', 'ONLINE', 'Boulangerie Zoé', 0);",
        )
        .unwrap();
    let messages: &[(&str, &str, &str, i64, &str, &str, i64)] = &[
        // (sid, customer, direction, date, body, status, num_media)
        ("SM01", "whatsapp:+33612345678", "inbound", 1704103200, "Bonjour, la commande de crème brûlée est prête ? 😀", "received", 0),
        ("SM02", "whatsapp:+33612345678", "outbound-api", 1704103260, "Oui ! Passez à 15 h, c'est déjà emballé. Un très long message pour voir comment le texte passe à la ligne quand il dépasse la largeur de la page, avec des accents : à é è ù ç œ, et encore quelques mots pour être sûr.", "read", 0),
        ("SM03", "whatsapp:+33612345678", "inbound", 1704189600, "<script>document.title='owned'</script><img src=x onerror=\"document.title='owned'\">", "received", 0),
        ("SM04", "whatsapp:+33612345678", "inbound", 1704189660, "", "received", 1),
        ("SM05", "whatsapp:+33698765432", "outbound-api", 1706781600, "=HYPERLINK(\"http://evil\",\"clic\")", "failed", 0),
        ("SM06", "whatsapp:+33698765432", "inbound", 1706781700, "rendez-vous demain 👍🏽 zèbre", "received", 0),
    ];
    for (sid, customer, direction, at, body, status, media) in messages {
        let conversation = crate::store::conversations::id_for(store.conn(), 1, customer).unwrap();
        let (from, to) = match *direction {
            "inbound" => (*customer, "whatsapp:+33100000000"),
            _ => ("whatsapp:+33100000000", *customer),
        };
        let row = messages::MessageRow {
            sid,
            account_sid: "AC00000000000000000000000000000001",
            conversation_id: conversation,
            direction,
            from,
            to,
            body,
            status,
            error_code: (*status == "failed").then_some(63016),
            error_message: None,
            num_media: *media,
            num_segments: Some(1),
            price: (*direction != "inbound").then_some("-0.00500"),
            price_unit: Some("EUR"),
            messaging_service_sid: None,
            date_created: Some(*at),
            date_sent: Some(*at),
            date_updated: Some(*at),
            synced_at: 0,
            profile_name: None,
        };
        messages::Upserter::new(store.conn())
            .unwrap()
            .upsert(&row)
            .unwrap();
        let mut delta = crate::store::conversations::SummaryDelta::default();
        delta.add(&crate::store::conversations::AddedMessage {
            when: *at,
            sid,
            body,
            direction,
            inbound: *direction == "inbound",
            unread: *sid == "SM06",
            profile_name: match *customer {
                "whatsapp:+33612345678" => Some("Zoé <b>../../etc</b>"),
                _ => None,
            },
        });
        crate::store::conversations::apply_summary(store.conn(), conversation, &delta).unwrap();
    }
    messages::index_new(store.conn(), 0).unwrap();
    let media_dir = dir.path().join("media");
    std::fs::create_dir_all(&media_dir).unwrap();
    std::fs::write(media_dir.join("ME01.png"), PIXEL_PNG).unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO media (sid, message_sid, content_type, date_created, uri, file_path, size_bytes, downloaded_at)
                 VALUES ('ME01', 'SM04', 'image/png', 1704189660, '/2010-04-01/Accounts/AC1/Messages/SM04/Media/ME01.json', 'ME01.png', 67, 1704189700);
             UPDATE messages SET media_listed = 1 WHERE sid = 'SM04';",
        )
        .unwrap();
    (dir, store)
}

/// A 1×1 PNG.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

pub(crate) fn request(format: Format, out: PathBuf, dir: &Path) -> ExportRequest {
    ExportRequest {
        format,
        scope: ExportScope::default(),
        out,
        media_dir: Some(dir.join("media")),
        zone: Zone::Utc,
        lang: crate::Lang::Fr,
        viewer: None,
    }
}

pub(crate) fn run(store: &Store, request: &ExportRequest) -> ExportReport {
    export(store, request, &|_| {}, &CancellationToken::new()).unwrap()
}

#[test]
fn a_json_export_imported_into_a_fresh_archive_exports_the_same_bytes() {
    let (dir, store) = archive();
    let first = dir.path().join("first.json");
    let report = run(&store, &request(Format::Json, first.clone(), dir.path()));
    assert_eq!((report.conversations, report.messages), (2, 6));
    let copy = dir.path().join("copy/passerelle.db");
    let imported = import(&first, &copy, &|_| {}, &CancellationToken::new()).unwrap();
    assert_eq!(
        (imported.conversations, imported.messages, imported.media),
        (2, 6, 1)
    );
    let copy_store = Store::open_read_only(&copy).unwrap();
    let second = dir.path().join("second.json");
    run(
        &copy_store,
        &request(Format::Json, second.clone(), dir.path()),
    );
    if let Some(keep) = std::env::var_os("PASSERELLE_KEEP_JSON") {
        std::fs::copy(&first, keep).unwrap();
    }
    let (a, b) = (
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
    );
    assert_eq!(a, b, "export → import → export must give the same file");
    let json: serde_json::Value = serde_json::from_str(&a).expect("valid JSON");
    assert_eq!(json["format_version"], 1);
    assert_eq!(
        json["conversations"][1]["messages"][3]["media"][0]["file"],
        "ME01.png"
    );
    // The imported archive is searchable and counted like a synced one.
    let hits = crate::archive::search(&copy_store, "zebre", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(crate::archive::status(&copy_store).unwrap().messages, 6);
    let refused = import(&first, &copy, &|_| {}, &CancellationToken::new()).unwrap_err();
    assert_eq!(refused.code(), crate::Code::InvalidInput, "no silent merge");
}

#[test]
fn csv_files_have_a_bom_and_neutralised_formulas() {
    let (dir, store) = archive();
    let out = dir.path().join("messages.csv");
    let report = run(&store, &request(Format::Csv, out.clone(), dir.path()));
    assert_eq!(report.files.len(), 2);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{FEFF}'));
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"clic\"\")\","),
        "{text}"
    );
    assert!(
        text.contains(",-0.00500,EUR,"),
        "prices as they are: {text}"
    );
    assert!(text.contains(",+33698765432,"), "numbers as they are");
    let conversations =
        std::fs::read_to_string(dir.path().join("messages-conversations.csv")).unwrap();
    assert_eq!(conversations.lines().count(), 3);
}

#[test]
fn a_cancelled_export_leaves_nothing_behind() {
    let (dir, store) = archive();
    let out = dir.path().join("x.json");
    let cancel = CancellationToken::new();
    cancel.cancel();
    let report = export(
        &store,
        &request(Format::Json, out.clone(), dir.path()),
        &|_| {},
        &cancel,
    )
    .unwrap();
    assert!(report.cancelled);
    assert!(
        !out.exists() && !partial_path(&out).exists(),
        "nothing left behind"
    );
    std::fs::write(&out, "mine").unwrap();
    let again = export(
        &store,
        &request(Format::Json, out.clone(), dir.path()),
        &|_| {},
        &CancellationToken::new(),
    );
    assert!(again.is_err(), "an existing file is never overwritten");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
}

/// The rendered page of a conversation, pinned (fixed data, UTC): set `UPDATE_SNAPSHOTS=1` to
/// write it again after an intended change, then read the diff.
#[test]
fn an_exported_conversation_page_matches_its_snapshot() {
    let (dir, store) = archive();
    let out = dir.path().join("html");
    let report = run(&store, &request(Format::Html, out.clone(), dir.path()));
    assert_eq!(report.messages, 6);
    let page = std::fs::read_to_string(out.join("conversations/Zoe-b-etc-b-1.html")).unwrap();
    let snapshot =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/export/snapshots/conversation.html");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !snapshot.exists() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &page).unwrap();
    }
    assert_eq!(
        page,
        std::fs::read_to_string(&snapshot).unwrap(),
        "the page changed: see the snapshot"
    );
    assert!(
        !page.contains("<script"),
        "no markup from a message survives"
    );
    assert!(page.contains("&lt;script&gt;"));
    assert!(
        out.join("media/ME01.png").is_file(),
        "the picture is copied"
    );
    assert!(page.contains("<img src=\"../media/ME01.png\""));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Content-Security-Policy") && index.contains("Zoé &lt;b&gt;"));
}

#[test]
fn a_conversation_becomes_a_pdf_and_several_are_refused() {
    let (dir, store) = archive();
    let all = export(
        &store,
        &request(Format::Pdf, dir.path().join("all.pdf"), dir.path()),
        &|_| {},
        &CancellationToken::new(),
    );
    assert_eq!(all.unwrap_err().code(), crate::Code::InvalidInput);
    let mut one = request(Format::Pdf, dir.path().join("one.pdf"), dir.path());
    one.scope.conversation = Some(1);
    let report = run(&store, &one);
    assert_eq!(report.messages, 4);
    let bytes = std::fs::read(dir.path().join("one.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    if let Some(keep) = std::env::var_os("PASSERELLE_KEEP_PDF") {
        std::fs::write(keep, &bytes).unwrap();
    }
}

#[test]
fn a_write_error_says_what_the_user_can_do() {
    use std::io::{Error as IoError, ErrorKind};
    let path = Path::new("/somewhere/.Passerelle-export.partial");
    let cases = [
        (ErrorKind::PermissionDenied, "cannot write in /somewhere"),
        (ErrorKind::ReadOnlyFilesystem, "cannot write in /somewhere"),
        (ErrorKind::NotFound, "the folder /somewhere does not exist"),
        (
            ErrorKind::StorageFull,
            "the disk of /somewhere is full: the export stopped",
        ),
    ];
    for (kind, said) in cases {
        let message = write_error(path, IoError::from(kind)).message(crate::Lang::En);
        assert!(message.contains(said), "{kind:?}: {message}");
        let french = write_error(path, IoError::from(kind)).message(crate::Lang::Fr);
        assert_ne!(french, message, "{kind:?} is said in French too");
    }
}
