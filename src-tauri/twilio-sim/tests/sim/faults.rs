use crate::{assert_error, Harness};

async fn statuses(h: &Harness, n: usize) -> Vec<u16> {
    let path = format!("/2010-04-01/Accounts/{}.json", h.info().account_sid);
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(h.get(&path).await.0);
    }
    out
}

#[tokio::test]
async fn error_rate_is_seeded_and_replayable() {
    let h = Harness::with(twilio_sim::Config {
        error_rate: 0.5,
        seed: 3,
        ..Default::default()
    });
    let first = statuses(&h, 40).await;
    assert!(first.contains(&200) && first.iter().any(|s| *s == 500 || *s == 503));
    h.control("/__sim/faults", &[("seed", "3")]).await;
    assert_eq!(statuses(&h, 40).await, first);
    h.control("/__sim/faults", &[("error_rate", "0")]).await;
    assert!(statuses(&h, 10).await.iter().all(|s| *s == 200));
}

#[tokio::test]
async fn error_bodies_are_twilio_shaped() {
    let h = Harness::with(twilio_sim::Config {
        error_rate: 1.0,
        ..Default::default()
    });
    let (status, body) = h.get(&h.messages_path()).await;
    assert!(status == 500 || status == 503);
    assert_error(
        status,
        &body,
        status,
        if status == 500 { 20500 } else { 20503 },
    );
}

#[tokio::test]
async fn cut_connections_fail_mid_body() {
    let h = Harness::with(twilio_sim::Config {
        cut_rate: 1.0,
        ..Default::default()
    });
    let i = h.info();
    let r = h
        .http
        .get(format!("{}{}?PageSize=500", i.url, h.messages_path()))
        .basic_auth(&i.account_sid, Some(&i.auth_token))
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.bytes().await.is_err(), "the body must be cut");
}

#[tokio::test]
async fn concurrency_cap_answers_429() {
    let h = Harness::with(twilio_sim::Config {
        max_concurrency: Some(2),
        latency_ms: 1_000,
        ..Default::default()
    });
    let path = format!("/2010-04-01/Accounts/{}.json", h.info().account_sid);
    let results = futures_util::future::join_all((0..6).map(|_| h.get(&path))).await;
    let refused: Vec<_> = results.iter().filter(|(s, _)| *s == 429).collect();
    assert!(!refused.is_empty() && results.iter().any(|(s, _)| *s == 200));
    for (s, body) in refused {
        assert_error(*s, body, 429, 20429);
    }
    let log = h
        .http
        .get(format!("{}/__sim/requests", h.info().url))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert!(log.as_array().unwrap().iter().any(|e| e["status"] == 429));
}
