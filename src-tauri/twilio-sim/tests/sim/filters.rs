use crate::{assert_error, rfc2822, Harness};

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn to_and_from_each_sender_partition_the_history() {
    let h = Harness::start();
    let base = h.messages_path();
    let mut total = 0;
    for sender in h.info().senders.clone() {
        let to = h
            .walk(
                &format!("{base}?To={}&PageSize=300", enc(&sender)),
                "messages",
            )
            .await;
        assert!(to
            .iter()
            .all(|m| m["to"] == sender.as_str() && m["direction"] == "inbound"));
        let from = h
            .walk(
                &format!("{base}?From={}&PageSize=300", enc(&sender)),
                "messages",
            )
            .await;
        assert!(from
            .iter()
            .all(|m| m["from"] == sender.as_str() && m["direction"] != "inbound"));
        total += to.len() + from.len();
    }
    assert_eq!(total as u64, h.info().messages);
}

#[tokio::test]
async fn date_filters_in_every_format() {
    let h = Harness::start();
    let base = h.messages_path();
    // (query, inclusive lower bound, inclusive upper bound)
    let day = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp()
    };
    let (_, first) = h.get(&format!("{base}?PageSize=1")).await;
    let newest = rfc2822(&first["messages"][0]["date_sent"]);
    let d = chrono::DateTime::from_timestamp(newest - 200 * 86_400, 0).unwrap();
    let ymd = d.format("%Y-%m-%d").to_string();
    let iso = d.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let cases: Vec<(String, i64, i64)> = vec![
        (format!("DateSent={ymd}"), day(&ymd), day(&ymd) + 86_399),
        (format!("DateSent={iso}"), day(&ymd), day(&ymd) + 86_399),
        (format!("DateSent%3E={ymd}"), day(&ymd), i64::MAX),
        (format!("DateSent%3C={ymd}"), i64::MIN, day(&ymd) + 86_399),
        (format!("DateSent%3E={iso}"), d.timestamp(), i64::MAX),
        (format!("DateSent%3C={iso}"), i64::MIN, d.timestamp()),
    ];
    for (q, lo, hi) in cases {
        let (status, page) = h.get(&format!("{base}?{q}&PageSize=1000")).await;
        assert_eq!(status, 200, "{q}");
        let msgs = page["messages"].as_array().unwrap();
        assert!(!msgs.is_empty() || q.starts_with("DateSent="), "{q}");
        for m in msgs {
            let t = rfc2822(&m["date_sent"]);
            assert!(lo <= t && t <= hi, "{q}: {t} not in [{lo}, {hi}]");
        }
    }
}

#[tokio::test]
async fn day_shards_cover_the_history_exactly_once() {
    let h = Harness::start();
    let base = h.messages_path();
    let (_, first) = h.get(&format!("{base}?PageSize=1")).await;
    let newest = rfc2822(&first["messages"][0]["date_sent"]);
    let mut start = chrono::DateTime::from_timestamp(newest - 4 * 365 * 86_400, 0)
        .unwrap()
        .date_naive();
    let end = chrono::DateTime::from_timestamp(newest, 0)
        .unwrap()
        .date_naive();
    let mut total = 0;
    while start <= end {
        let last = start + chrono::Days::new(99);
        let q = format!(
            "{base}?DateSent%3E={}&DateSent%3C={}&PageSize=1000",
            start.format("%Y-%m-%d"),
            last.format("%Y-%m-%d")
        );
        total += h.walk(&q, "messages").await.len();
        start = last + chrono::Days::new(1);
    }
    assert_eq!(total as u64, h.info().messages);
}

#[tokio::test]
async fn unknown_address_matches_nothing_and_bad_dates_are_refused() {
    let h = Harness::start();
    let base = h.messages_path();
    let (status, page) = h
        .get(&format!("{base}?To={}", enc("whatsapp:+10000000000")))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["messages"].as_array().unwrap().len(), 0);
    assert_eq!(page["end"], 0);
    assert!(page["next_page_uri"].is_null());
    for bad in [
        "DateSent=2024-13-01",
        "DateSent%3E=soon",
        "DateSent%3C=01%2F02%2F2024",
    ] {
        let (status, body) = h.get(&format!("{base}?{bad}")).await;
        assert_error(status, &body, 400, 20001);
    }
}
