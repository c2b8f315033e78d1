//! `passerelle migrate check|status` against the simulator: exit 0 only at zero difference,
//! the difference named per month, repaired by a plain `check`.

use crate::support::*;

#[test]
fn migrate_check_exits_non_zero_while_a_message_is_missing_and_zero_once_repaired() {
    let sim = sim(400);
    let info = sim.info();
    // The check wants every medium too: a whole sync, files included.
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    ok(as_main(&a.db, info), &["sync"]);
    let sender = info.senders[0].clone();
    let number = sender.trim_start_matches("whatsapp:");

    let count_only = [
        "migrate",
        "check",
        "--sender",
        number,
        "--no-repair",
        "--json",
    ];
    let clean = run(as_main(&a.db, info), &count_only);
    assert_eq!(clean.status.code(), Some(0), "{clean:?}");

    let conn = rusqlite::Connection::open(&a.db).unwrap();
    let sid: String = conn
        .query_row(
            "SELECT sid FROM messages WHERE from_address = ?1 AND num_media = 0 AND date_sent IS NOT NULL LIMIT 1",
            [&sender],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute("DELETE FROM messages WHERE sid = ?1", [&sid])
        .unwrap();
    drop(conn);

    let found = run(as_main(&a.db, info), &count_only);
    assert_eq!(found.status.code(), Some(1), "{found:?}");
    let proofs: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    let months = proofs[0]["months"].as_array().unwrap();
    let missing: Vec<_> = months.iter().filter(|m| m["missing"] != 0).collect();
    assert_eq!(missing.len(), 1, "{months:?}");
    assert_eq!(missing[0]["direction"], "outbound");
    assert!(String::from_utf8_lossy(&found.stderr).contains("archive incomplete"));

    let repaired = run(
        as_main(&a.db, info),
        &["migrate", "check", "--sender", number],
    );
    assert_eq!(repaired.status.code(), Some(0), "{repaired:?}");
    assert!(String::from_utf8_lossy(&repaired.stdout).contains("complete"));

    let unknown = run(
        as_main(&a.db, info),
        &["migrate", "check", "--sender", "+10000000000"],
    );
    assert_eq!(unknown.status.code(), Some(1));

    let status = json(as_main(&a.db, info), &["migrate", "status", "--json"]);
    let first = status
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sender"] == sender.as_str())
        .expect("the number is listed");
    assert_eq!(first["step"], 1);
    assert_eq!(first["state"]["type"], "before_you_start");
}

#[test]
fn migrate_report_writes_the_handover_report_as_html_or_pdf() {
    let sim = sim(100);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    ok(as_main(&a.db, info), &["sync"]);
    let number = info.senders[0].trim_start_matches("whatsapp:");
    ok(
        as_main(&a.db, info),
        &["migrate", "check", "--sender", number],
    );

    let html = a.dir.path().join("handover.html");
    let html_arg = html.to_str().unwrap();
    let said = ok(
        as_main(&a.db, info),
        &["migrate", "report", "--sender", number, "--out", html_arg],
    );
    assert_eq!(said.trim(), html_arg);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Number handover report"), "{page}");

    let pdf = a.dir.path().join("handover.pdf");
    let pdf_arg = pdf.to_str().unwrap();
    let args = [
        "migrate", "report", "--sender", number, "--pdf", "--out", pdf_arg,
    ];
    ok(as_main(&a.db, info), &args);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(!String::from_utf8_lossy(&bytes).contains(&info.auth_token));
    // Real text: poppler reads the number and the labels back (when it is installed).
    if let Ok(text) = std::process::Command::new("pdftotext")
        .args([pdf_arg, "-"])
        .output()
    {
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("Number handover report"), "{text}");
        assert!(text.contains(number), "{text}");
        assert!(text.contains("What moves with the number"), "{text}");
    }

    let a_second_pdf = run(as_main(&a.db, info), &args);
    assert!(a_second_pdf.status.success(), "overwrites its own report");
}
