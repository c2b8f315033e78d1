use crate::Harness;

#[tokio::test]
async fn odd_requests_never_get_a_5xx() {
    let h = Harness::start();
    let i = h.info().clone();
    let m = h.messages_path();
    let paths = [
        format!("{m}?PageSize=-1"),
        format!("{m}?PageSize=1e3"),
        format!("{m}?Page=abc"),
        format!("{m}?PageToken="),
        format!("{m}?PageToken=PB"),
        format!("{m}?To=%FF%FE"),
        format!("{m}?DateSent%3E=9999-99-99"),
        format!("/2010-04-01/Accounts/{}/Messages/MM.json", i.account_sid),
        format!(
            "/2010-04-01/Accounts/{}/Messages/SM{}/Media/ME{}",
            i.account_sid,
            "0".repeat(32),
            "0".repeat(32)
        ),
        "/2010-04-01/Accounts/%00.json".into(),
        "/v1/Content/%2F..%2F".into(),
        "/v2/Channels/Senders/../../etc".into(),
        "/__cdn/MEnope?Expires=x&Signature=y".into(),
        "/".into(),
    ];
    for p in paths {
        let (status, body) = h.get(&p).await;
        assert!((200..500).contains(&status), "{p} -> {status} {body}");
    }
    let bodies: [&[u8]; 4] = [b"", b"\x00\x01\x02", b"To=%", &[b'a'; 100_000]];
    for b in bodies {
        let r = h
            .http
            .post(format!("{}{m}", i.url))
            .basic_auth(&i.account_sid, Some(&i.auth_token))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(b.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
    }
}

#[tokio::test]
async fn product_page_token_past_the_end_is_an_empty_page() {
    let h = Harness::start();
    let (_, list) = h.get("/v2/Channels/Senders?Channel=whatsapp").await;
    let last = list["senders"].as_array().unwrap().last().unwrap()["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, page) = h
        .get(&format!(
            "/v2/Channels/Senders?Channel=whatsapp&PageSize=1&Page=3&PageToken=PA{last}"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["senders"].as_array().unwrap().len(), 0);
    assert!(page["meta"]["next_page_url"].is_null() && page["meta"]["previous_page_url"].is_null());
}

/// Seeded random requests over every route: none may answer 5xx or drop the connection.
#[tokio::test]
async fn seeded_random_requests_never_break_the_sim() {
    let h = Harness::start();
    let i = h.info().clone();
    let (_, page) = h.get(&format!("{}?PageSize=50", h.messages_path())).await;
    let msg_sid = page["messages"][3]["sid"].as_str().unwrap().to_string();
    let (_, senders) = h.get("/v2/Channels/Senders?Channel=whatsapp").await;
    let xe = senders["senders"][0]["sid"].as_str().unwrap().to_string();
    let (_, contents) = h.get("/v1/Content").await;
    let hx = contents["contents"][0]["sid"].as_str().unwrap().to_string();
    let sids = [
        msg_sid.as_str(),
        xe.as_str(),
        hx.as_str(),
        i.account_sid.as_str(),
        "SMzz",
        "",
        "%20",
        "ME0",
        "..",
        "é",
    ];
    let paths = [
        "/2010-04-01/Accounts/{A}/Messages.json",
        "/2010-04-01/Accounts/{A}/Messages/{S}.json",
        "/2010-04-01/Accounts/{A}/Messages/{S}/Media.json",
        "/2010-04-01/Accounts/{A}/Messages/{S}/Media/{S}",
        "/2010-04-01/Accounts/{S}.json",
        "/2010-04-01/Accounts.json",
        "/v2/Channels/Senders",
        "/v2/Channels/Senders/{S}",
        "/v1/Content",
        "/v1/Content/{S}",
        "/v1/Content/{S}/ApprovalRequests",
        "/v1/Content/{S}/ApprovalRequests/whatsapp",
        "/v1/ContentAndApprovals",
        "/__sim/inbound",
        "/__sim/faults",
        "/__cdn/{S}",
    ];
    let queries = [
        "",
        "PageSize=2",
        "PageSize=x",
        "Page=9",
        "PageToken=PA{S}",
        "PageToken=PB{S}",
        "Channel=whatsapp",
        "To={S}",
        "DateSent%3C=2020-01-01",
        "%%%",
    ];
    let bodies: [&[u8]; 9] = [
        b"",
        b"To=whatsapp%3A%2B33612345678&From=whatsapp%3A%2B33187650001&Body=Salut",
        b"Body=",
        b"Status=canceled",
        b"{\"profile\":{\"name\":\"X\"}}",
        b"{\"name\":\"n\",\"category\":\"UTILITY\"}",
        b"{\"language\":\"fr\",\"types\":{\"twilio/text\":{\"body\":\"a {{1}} b\"}}}",
        b"\xff\x00{[",
        b"latency_ms=0&error_rate=0",
    ];
    let hosts = [
        "api.twilio.com",
        "messaging.twilio.com",
        "content.twilio.com",
        "",
    ];
    let methods = [
        reqwest::Method::GET,
        reqwest::Method::POST,
        reqwest::Method::DELETE,
        reqwest::Method::PUT,
        reqwest::Method::PATCH,
    ];
    let mut rng = twilio_sim::sid::Rng::new(2024);
    for n in 0..600 {
        let sid = *rng.pick(&sids);
        let path = rng
            .pick(&paths)
            .replace("{A}", &i.account_sid)
            .replace("{S}", sid);
        let query = rng.pick(&queries).replace("{S}", sid);
        let url = format!("{}{}?{}", i.url, path, query);
        let method = rng.pick(&methods).clone();
        let body = rng.pick(&bodies).to_vec();
        let host = *rng.pick(&hosts);
        let mut req = h.http.request(method.clone(), &url).body(body);
        if !host.is_empty() {
            req = req.header("host", host);
        }
        if rng.below(4) != 0 {
            req = req.basic_auth(&i.account_sid, Some(&i.auth_token));
        }
        if rng.below(2) == 0 {
            req = req.header("content-type", "application/x-www-form-urlencoded");
        }
        let r = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("request {n} {method} {url}: {e}"));
        let status = r.status().as_u16();
        let text = r
            .text()
            .await
            .unwrap_or_else(|e| panic!("body of {n} {method} {url}: {e}"));
        assert!(
            status < 500,
            "request {n}: {method} {host} {url} -> {status} {text}"
        );
    }
}
