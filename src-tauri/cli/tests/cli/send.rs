//! `passerelle send` as the real binary: a reply inside the window, a template outside it,
//! and refusals that exit non-zero with one line and make no request to Twilio.

use crate::support::{archive, as_main, json, ok, run, sim};
use twilio_sim::Info;

/// POSTs to the Messages list the simulator received.
fn creates(info: &Info) -> usize {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let log: Vec<serde_json::Value> = rt.block_on(async {
        reqwest::get(format!("{}/__sim/requests", info.url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    log.iter()
        .filter(|r| {
            r["method"] == "POST" && r["path"].as_str().unwrap().ends_with("/Messages.json")
        })
        .count()
}

/// The first approved template of the simulator and its variables.
fn approved_template(info: &Info) -> (String, Vec<String>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let page: serde_json::Value = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{}/v1/ContentAndApprovals?PageSize=500", info.url))
            .basic_auth(&info.account_sid, Some(&info.auth_token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    let c = page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["approval_requests"]["status"] == "approved")
        .expect("an approved template");
    let vars = c["variables"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    (c["sid"].as_str().unwrap().to_owned(), vars)
}

#[test]
fn send_replies_inside_the_window_and_refuses_without_a_request() {
    let sim = sim(500);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    crate::inbox::inbound(info, "whatsapp:+33699887766", "Bonjour");
    ok(as_main(&a.db, info), &["sync"]);
    let before = creates(info);

    let sent = json(
        as_main(&a.db, info),
        &[
            "send",
            "--to",
            "+33699887766",
            "--body",
            "Merci !",
            "--json",
        ],
    );
    assert!(sent["sid"].as_str().unwrap().starts_with("SM"), "{sent}");
    assert_eq!(sent["status"], "queued");
    assert_eq!(creates(info), before + 1);

    let refusals: [&[&str]; 6] = [
        &["send", "--to", "+33611223344", "--body", "Bonjour"], // window closed
        &[
            "send",
            "--to",
            "+33699887766",
            "--to",
            "+33611223344",
            "--body",
            "Promo",
        ], // broadcast
        &["send", "--to", "0699887766", "--body", "x"],         // not E.164
        &[
            "send",
            "--to",
            "0699887766",
            "--template",
            "HX00000000000000000000000000000000",
        ],
        &[
            "send",
            "--to",
            "+33699887766",
            "--from",
            "+10000000000",
            "--body",
            "x",
        ],
        &[
            "send",
            "--to",
            "+33699887766",
            "--template",
            "HX00000000000000000000000000000000",
        ], // not approved
    ];
    for args in refusals {
        let out = run(as_main(&a.db, info), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(
        creates(info),
        before + 1,
        "no create request for a refused send"
    );

    let (template, vars) = approved_template(info);
    let mut args = vec![
        "send".to_owned(),
        "--to".into(),
        "+33611223344".into(),
        "--from".into(),
        info.senders[0].clone(),
        "--template".into(),
        template,
    ];
    for k in &vars {
        args.push("--var".into());
        args.push(format!("{k}=valeur"));
    }
    args.push("--json".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let sent = json(as_main(&a.db, info), &args);
    assert_eq!(sent["status"], "queued", "{sent}");
    assert_eq!(creates(info), before + 2);
}

#[test]
fn send_from_a_number_moved_to_another_provider_is_refused_in_one_line_without_a_request() {
    let sim = sim(200);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    crate::inbox::inbound(info, "whatsapp:+33699887766", "Bonjour");
    ok(as_main(&a.db, info), &["sync"]);
    let store = passerelle_core::Store::open(&a.db).unwrap();
    passerelle_core::store::number_moves::set_moved_away(
        &store,
        &info.senders[0],
        Some(1_790_000_000),
    )
    .unwrap();
    drop(store);
    let before = creates(info);
    let out = run(
        as_main(&a.db, info),
        &[
            "send",
            "--to",
            "+33699887766",
            "--from",
            &info.senders[0],
            "--body",
            "Encore là ?",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("moved to another provider on 2026-09-21"),
        "{stderr}"
    );
    assert_eq!(creates(info), before, "no request to Twilio");
}
