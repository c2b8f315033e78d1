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
