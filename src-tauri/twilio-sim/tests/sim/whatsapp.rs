use crate::{assert_error, Harness};

#[tokio::test]
async fn window_templates_and_status_progress() {
    let h = Harness::start();
    let base = h.messages_path();
    let sender = h.info().senders[0].clone();
    let contact = "whatsapp:+33699990010";
    // Outside the window: accepted, then failed with 63016.
    let (status, m) = h
        .post_form(
            &base,
            &[("From", &sender), ("To", contact), ("Body", "Bonjour !")],
        )
        .await;
    assert_eq!((status, m["status"].as_str()), (201, Some("queued")));
    h.control("/__sim/clock", &[("advance_seconds", "2")]).await;
    let uri = m["uri"].as_str().unwrap().to_string();
    let (_, later) = h.get(&uri).await;
    assert_eq!(
        (later["status"].as_str(), later["error_code"].as_u64()),
        (Some("failed"), Some(63016))
    );
    // The customer writes: the window opens and statuses move on with the clock.
    let (status, inbound) = h
        .control(
            "/__sim/inbound",
            &[
                ("From", contact),
                ("To", &sender),
                ("Body", "Coucou"),
                ("ProfileName", "Léa"),
            ],
        )
        .await;
    assert_eq!(
        (status, inbound["direction"].as_str()),
        (201, Some("inbound"))
    );
    let (_, m) = h
        .post_form(
            &base,
            &[
                ("From", &sender),
                ("To", contact),
                ("Body", "Bonjour Léa !"),
            ],
        )
        .await;
    let uri = m["uri"].as_str().unwrap().to_string();
    let mut seen = vec![m["status"].as_str().unwrap().to_string()];
    for step in ["2", "2", "60"] {
        h.control("/__sim/clock", &[("advance_seconds", step)])
            .await;
        seen.push(h.get(&uri).await.1["status"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, ["queued", "sent", "delivered", "read"]);
    // Past 24 hours the window is closed again; an approved template still goes through.
    h.control("/__sim/clock", &[("advance_seconds", "86401")])
        .await;
    let (_, late) = h
        .post_form(
            &base,
            &[
                ("From", &sender),
                ("To", contact),
                ("Body", "Toujours là ?"),
            ],
        )
        .await;
    let (_, contents) = h.get("/v1/ContentAndApprovals").await;
    let approved = contents["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["approval_requests"]["status"] == "approved")
        .unwrap()["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, tpl) = h
        .post_form(
            &base,
            &[
                ("From", &sender),
                ("To", contact),
                ("ContentSid", &approved),
                ("ContentVariables", r#"{"1":"Léa","2":"777"}"#),
            ],
        )
        .await;
    assert_eq!(status, 201);
    assert!(tpl["body"].as_str().unwrap().contains("Léa"));
    h.control("/__sim/clock", &[("advance_seconds", "5")]).await;
    assert_eq!(
        h.get(late["uri"].as_str().unwrap()).await.1["error_code"],
        63016
    );
    assert_eq!(
        h.get(tpl["uri"].as_str().unwrap()).await.1["status"],
        "delivered"
    );
    // The newest messages come first in the list.
    let (_, page) = h.get(&format!("{base}?PageSize=2")).await;
    assert_eq!(page["messages"][0]["sid"], tpl["sid"]);
}

#[tokio::test]
async fn create_refusals_table() {
    let h = Harness::start();
    let base = h.messages_path();
    let sender = h.info().senders[0].clone();
    let cases: Vec<(Vec<(&str, &str)>, u64)> = vec![
        (vec![("From", &sender), ("Body", "x")], 21604),
        (vec![("To", "whatsapp:+33612345678"), ("Body", "x")], 21603),
        (
            vec![("From", &sender), ("To", "whatsapp:+33612345678")],
            21602,
        ),
        (
            vec![("From", &sender), ("To", "whatsapp:+1"), ("Body", "x")],
            21211,
        ),
        (
            vec![("From", &sender), ("To", "+33612345678"), ("Body", "x")],
            21910,
        ),
        (
            vec![
                ("From", "whatsapp:+33000000000"),
                ("To", "whatsapp:+33612345678"),
                ("Body", "x"),
            ],
            63007,
        ),
        (
            vec![
                ("From", &sender),
                ("To", "whatsapp:+33612345678"),
                ("ContentSid", "HXnope"),
            ],
            21655,
        ),
    ];
    for (form, code) in cases {
        let (status, body) = h.post_form(&base, &form).await;
        assert_error(status, &body, 400, code);
    }
}

#[tokio::test]
async fn approval_submission_rules() {
    let h = Harness::start();
    let i = h.info().clone();
    let post = |path: String, body: serde_json::Value| {
        let (http, url, user, pass) = (
            h.http.clone(),
            i.url.clone(),
            i.account_sid.clone(),
            i.auth_token.clone(),
        );
        async move {
            let r = http
                .post(format!("{url}{path}"))
                .basic_auth(user, Some(pass))
                .json(&body)
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            (s, r.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let (status, c) = post(
        "/v1/Content".into(),
        serde_json::json!({"friendly_name": "x", "language": "fr", "types": {"twilio/text": {"body": "Bonjour {{1}}, à demain."}}}),
    )
    .await;
    assert_eq!(status, 201);
    let sid = c["sid"].as_str().unwrap();
    let submit = format!("/v1/Content/{sid}/ApprovalRequests/whatsapp");
    let (status, a) = post(
        submit.clone(),
        serde_json::json!({"name": "a_demain", "category": "UTILITY"}),
    )
    .await;
    assert_eq!((status, a["status"].as_str()), (201, Some("received")));
    let (status, again) = post(
        submit,
        serde_json::json!({"name": "a_demain", "category": "UTILITY"}),
    )
    .await;
    assert_error(status, &again, 400, 92009);
    for (secs, want) in [("61", "pending"), ("3600", "approved")] {
        h.control("/__sim/clock", &[("advance_seconds", secs)])
            .await;
        let (_, fetched) = h.get(&format!("/v1/Content/{sid}/ApprovalRequests")).await;
        assert_eq!(fetched["whatsapp"]["status"], want);
    }
}

#[tokio::test]
async fn trial_account_writes_only_to_known_numbers() {
    let h = Harness::start();
    let i = h.info().clone();
    let base = format!("/2010-04-01/Accounts/{}/Messages.json", i.trial_account_sid);
    let (_, page) = h
        .get_as(
            &i.trial_account_sid,
            &i.trial_auth_token,
            &format!("{base}?PageSize=1"),
        )
        .await;
    let m = &page["messages"][0];
    let (sender, contact) = if m["direction"] == "inbound" {
        (&m["to"], &m["from"])
    } else {
        (&m["from"], &m["to"])
    };
    let send = |to: String| {
        let (http, url, sid, token, base, from) = (
            h.http.clone(),
            i.url.clone(),
            i.trial_account_sid.clone(),
            i.trial_auth_token.clone(),
            base.clone(),
            sender.as_str().unwrap().to_string(),
        );
        async move {
            let r = http
                .post(format!("{url}{base}"))
                .basic_auth(sid, Some(token))
                .form(&[
                    ("From", from.as_str()),
                    ("To", to.as_str()),
                    ("Body", "Hello"),
                ])
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            (s, r.json::<serde_json::Value>().await.unwrap())
        }
    };
    assert_eq!(send(contact.as_str().unwrap().to_string()).await.0, 201);
    let (status, body) = send("whatsapp:+33698765432".into()).await;
    assert_error(status, &body, 400, 21608);
}

#[tokio::test]
async fn display_name_review_moves_on_with_the_clock() {
    let h = Harness::start();
    let i = h.info().clone();
    let (_, list) = h.get("/v2/Channels/Senders?Channel=whatsapp").await;
    let sid = list["senders"][0]["sid"].as_str().unwrap().to_string();
    let old = list["senders"][0]["profile"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let update = |body: serde_json::Value| {
        let (http, url, user, pass, sid) = (
            h.http.clone(),
            i.url.clone(),
            i.account_sid.clone(),
            i.auth_token.clone(),
            sid.clone(),
        );
        async move {
            let r = http
                .post(format!("{url}/v2/Channels/Senders/{sid}"))
                .basic_auth(user, Some(pass))
                .json(&body)
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            (s, r.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (status, r) =
        update(serde_json::json!({"profile": {"name": "Atelier Lumière Lyon", "about": null}}))
            .await;
    assert_eq!(
        (status, r["display_name_status"].as_str()),
        (202, Some("pending_review"))
    );
    assert!(r["configuration"].is_null() && r["webhook"].is_null());
    let (status, busy) = update(serde_json::json!({"profile": {"name": "Autre nom"}})).await;
    assert_error(status, &busy, 409, 63128);
    let fetch = format!("/v2/Channels/Senders/{sid}");
    let (_, s) = h.get(&fetch).await;
    assert_eq!(s["profile"]["name"], old.as_str());
    assert_eq!(s["pending_display_name_status"], "PENDING_REVIEW");
    h.control("/__sim/clock", &[("advance_seconds", "86400")])
        .await;
    let (_, s) = h.get(&fetch).await;
    assert_eq!(
        (
            s["profile"]["name"].as_str(),
            s["pending_display_name_status"].as_str()
        ),
        (Some("Atelier Lumière Lyon"), Some("APPROVED"))
    );
    let (_, r) = update(serde_json::json!({"profile": {"name": "WhatsApp Lumière"}})).await;
    assert_eq!(r["display_name_status"], "pending_review");
    h.control("/__sim/clock", &[("advance_seconds", "86400")])
        .await;
    let (_, s) = h.get(&fetch).await;
    assert_eq!(
        (
            s["profile"]["name"].as_str(),
            s["pending_display_name_status"].as_str()
        ),
        (Some("Atelier Lumière Lyon"), Some("DECLINED"))
    );
}

#[tokio::test]
async fn open_windows_give_recent_customers_a_message_so_a_reply_is_delivered() {
    let h = Harness::with(twilio_sim::Config {
        open_windows: 3,
        ..Default::default()
    });
    let sender = h.info().senders[0].clone();
    let base = h.messages_path();
    let (_, page) = h
        .get(&format!(
            "{base}?To={}&PageSize=10",
            sender.replace('+', "%2B")
        ))
        .await;
    let now = chrono::Utc::now().timestamp();
    let recent: Vec<&serde_json::Value> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            let sent = chrono::DateTime::parse_from_rfc2822(m["date_sent"].as_str().unwrap())
                .unwrap()
                .timestamp();
            m["direction"] == "inbound" && now - sent < 86_400
        })
        .collect();
    assert_eq!(recent.len(), 3, "three customers wrote in the last hours");
    // A free-form reply to one of them is inside the window: delivered, not 63016.
    let customer = recent[0]["from"].as_str().unwrap().to_string();
    let (status, m) = h
        .post_form(
            &base,
            &[("From", &sender), ("To", &customer), ("Body", "Merci !")],
        )
        .await;
    assert_eq!(status, 201);
    h.control("/__sim/clock", &[("advance_seconds", "5")]).await;
    let (_, later) = h.get(m["uri"].as_str().unwrap()).await;
    assert_eq!(later["status"], "delivered", "{later}");
    assert_eq!(h.info().messages, 2_000, "the history's size is unchanged");
}
