use pipedrive_sim::{Config, Limits};
use serde_json::json;

use crate::{assert_error, Harness};

#[tokio::test]
async fn every_answer_carries_the_rate_limit_headers() {
    let h = Harness::start();
    for a in [
        h.get("/api/v2/persons").await,
        h.get("/v1/leads").await,
        h.get_as("bad", "/v1/users/me").await,
    ] {
        for name in [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "x-daily-requests-left",
        ] {
            assert!(
                a.header(name).is_some_and(|v| v.parse::<u64>().is_ok()),
                "{name} on {}",
                a.status
            );
        }
    }
    let first = h.get("/v1/users/me").await;
    let second = h.get("/v1/users/me").await;
    let remaining = |a: &crate::Answer| {
        a.header("x-ratelimit-remaining")
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    assert!(remaining(&second) < remaining(&first));
    let before = h
        .get("/v1/users/me")
        .await
        .header("x-daily-requests-left")
        .map(str::to_string);
    let write = h
        .post("/v1/notes", json!({"content": "x", "person_id": 1}))
        .await;
    assert_eq!(
        write
            .header("x-daily-requests-left")
            .map(|v| v.parse::<u64>().unwrap() + 1),
        before.map(|v| v.parse().unwrap())
    );
}

#[tokio::test]
async fn a_burst_over_the_limit_gets_429_with_retry_after() {
    let h = Harness::with(Config {
        limits: Limits {
            burst: 5,
            daily_writes: 10_000,
        },
        ..Default::default()
    });
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..8 {
        let a = h.get("/api/v2/persons?limit=1").await;
        statuses.push(a.status);
        if a.status == 429 {
            refused.get_or_insert(a);
        }
    }
    assert_eq!(&statuses[..5], &[200; 5]);
    let refused = refused.expect("a 429");
    assert_error(&refused, 429);
    assert_eq!(refused.body["error"], "Request over limit");
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait));
    assert_eq!(refused.header("x-ratelimit-remaining"), Some("0"));
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    assert_eq!(h.get("/api/v2/persons?limit=1").await.status, 200);
}

#[tokio::test]
async fn the_daily_write_allowance_runs_out_for_writes_only() {
    let h = Harness::start();
    h.control("/__sim/rate_limit", &[("daily_writes", "1")])
        .await;
    let ok = h
        .post("/v1/notes", json!({"content": "x", "person_id": 1}))
        .await;
    assert_eq!(
        (ok.status, ok.header("x-daily-requests-left")),
        (200, Some("0"))
    );
    let refused = h
        .post("/v1/notes", json!({"content": "y", "person_id": 1}))
        .await;
    assert_error(&refused, 429);
    assert!(
        refused
            .header("retry-after")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    assert_eq!(h.get("/v1/notes").await.status, 200, "reads go on");
}

#[tokio::test]
async fn forced_faults_answer_pipedrive_errors_then_stop() {
    let h = Harness::start();
    for status in ["401", "402", "403", "404", "410", "429"] {
        let set = h
            .control(
                "/__sim/faults",
                &[("force_status", status), ("force_count", "2")],
            )
            .await;
        assert_eq!(set.status, 200, "{}", set.body);
        let code: u16 = status.parse().unwrap();
        for _ in 0..2 {
            let a = h.get("/api/v2/persons?limit=1").await;
            assert_error(&a, code);
            assert!(a.header("x-ratelimit-limit").is_some());
            if code == 429 {
                assert!(a.header("retry-after").is_some());
            }
        }
        assert_eq!(
            h.get("/api/v2/persons?limit=1").await.status,
            200,
            "after {status}"
        );
    }
}
