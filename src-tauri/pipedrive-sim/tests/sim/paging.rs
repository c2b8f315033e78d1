use pipedrive_sim::Config;
use serde_json::Value;

use crate::{assert_error, Harness};

fn ids(records: &[Value]) -> Vec<u64> {
    records
        .iter()
        .map(|r| r["id"].as_u64().expect("id"))
        .collect()
}

#[tokio::test]
async fn ten_thousand_persons_come_once_each_across_cursor_pages() {
    let h = Harness::with(Config {
        persons: 10_000,
        ..Default::default()
    });
    let (persons, pages) = h.walk("/api/v2/persons?limit=500").await;
    assert_eq!(pages, 20);
    assert_eq!(ids(&persons), (1..=10_000).collect::<Vec<u64>>());
    for (i, p) in persons.iter().enumerate().step_by(997) {
        let (customer, _) = sim_kit::people::customer(7, i as u32);
        assert_eq!(p["phones"][0]["value"], customer.number.as_str());
        assert_eq!(p["first_name"], customer.first);
        assert_eq!(p["name"], format!("{} {}", customer.first, customer.last));
        assert_eq!(p["is_deleted"], false);
    }
    let first = h.get("/api/v2/persons").await;
    assert_eq!(
        first.body["data"].as_array().map(Vec::len),
        Some(100),
        "default limit"
    );
    assert_eq!(first.body["success"], true);
}

#[tokio::test]
async fn persons_sorted_by_update_time_descending_and_filtered_by_updated_since() {
    let h = Harness::with(Config {
        persons: 1_200,
        ..Default::default()
    });
    let (all, _) = h
        .walk("/api/v2/persons?limit=500&sort_by=update_time&sort_direction=desc")
        .await;
    assert_eq!(all.len(), 1_200);
    let times: Vec<&str> = all
        .iter()
        .map(|p| p["update_time"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let since = times[300];
    let (recent, _) = h
        .walk(&format!("/api/v2/persons?limit=100&updated_since={since}"))
        .await;
    let expected = times.iter().filter(|t| **t >= since).count();
    assert_eq!(recent.len(), expected);
    assert!(recent
        .iter()
        .all(|p| p["update_time"].as_str().unwrap() >= since));
}

#[tokio::test]
async fn deals_page_with_cursors_and_filter_by_status() {
    let h = Harness::with(Config {
        deals: 700,
        ..Default::default()
    });
    let (deals, pages) = h.walk("/api/v2/deals?limit=250").await;
    assert_eq!((deals.len(), pages), (700, 3));
    let won = deals.iter().filter(|d| d["status"] == "won").count();
    let (won_only, _) = h.walk("/api/v2/deals?limit=500&status=won").await;
    assert_eq!(won_only.len(), won);
    assert!(deals
        .iter()
        .all(|d| d["person_id"].as_u64().is_some() && d["pipeline_id"] == 1));
}

#[tokio::test]
async fn bad_list_parameters_are_refused_with_400() {
    let h = Harness::start();
    for path in [
        "/api/v2/persons?limit=501",
        "/api/v2/persons?limit=zero",
        "/api/v2/persons?cursor=garbage",
        "/api/v2/persons?sort_by=name",
        "/api/v2/deals?updated_since=yesterday",
        "/api/v2/deals?status=maybe",
        "/v1/leads?limit=1000",
    ] {
        assert_error(&h.get(path).await, 400);
    }
    // A cursor made for one sort is not accepted for another.
    let page = h.get("/api/v2/persons?limit=10").await;
    let cursor = page.body["additional_data"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    assert_error(
        &h.get(&format!("/api/v2/persons?sort_by=add_time&cursor={cursor}"))
            .await,
        400,
    );
}

#[tokio::test]
async fn leads_page_with_start_and_limit() {
    let h = Harness::with(Config {
        leads: 250,
        ..Default::default()
    });
    let mut seen = Vec::new();
    let mut start = 0;
    loop {
        let a = h.get(&format!("/v1/leads?start={start}&limit=100")).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let p = &a.body["additional_data"]["pagination"];
        assert_eq!(
            (p["start"].as_u64(), p["limit"].as_u64()),
            (Some(start), Some(100))
        );
        seen.extend(
            a.body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["id"].as_str().unwrap().to_string()),
        );
        if p["more_items_in_collection"] == false {
            assert!(p.get("next_start").is_none());
            break;
        }
        start = p["next_start"].as_u64().unwrap();
    }
    assert_eq!(seen.len(), 250);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 250);
    let one = h.get(&format!("/v1/leads/{}", seen[7])).await;
    assert_eq!(one.body["data"]["id"], seen[7].as_str());
    assert_error(
        &h.get("/v1/leads/6b0b4c3e-0000-4000-8000-000000000000")
            .await,
        404,
    );
}

#[tokio::test]
async fn a_deleted_person_leaves_the_list_and_reads_as_deleted() {
    let h = Harness::with(Config {
        persons: 30,
        deals: 30,
        ..Default::default()
    });
    let before = h.get("/api/v2/persons?limit=500").await.body["data"]
        .as_array()
        .unwrap()
        .len();
    let deleted = h
        .control("/__sim/delete", &[("type", "person"), ("id", "3")])
        .await;
    assert_eq!(
        (deleted.status, deleted.body["is_deleted"].as_bool()),
        (200, Some(true))
    );
    let after = h.get("/api/v2/persons?limit=500").await;
    assert_eq!(after.body["data"].as_array().unwrap().len(), before - 1);
    assert!(after.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != 3));
    let one = h.get("/api/v2/persons/3").await;
    assert_eq!(one.body["data"]["is_deleted"], true);
    // A deleted deal leaves the default list and shows under status=deleted, updated now.
    h.control("/__sim/delete", &[("type", "deal"), ("id", "5")])
        .await;
    let gone = h.get("/api/v2/deals?status=deleted").await;
    let listed = gone.body["data"].as_array().unwrap();
    assert_eq!(ids(listed), vec![5]);
    assert_eq!(listed[0]["status"], "deleted");
    let today = chrono::Utc::now().format("%Y-%m-%dT").to_string();
    let (recent, _) = h
        .walk(&format!(
            "/api/v2/deals?status=deleted&updated_since={today}00:00:00Z"
        ))
        .await;
    assert_eq!(ids(&recent), vec![5]);
    assert_error(
        &h.control("/__sim/delete", &[("type", "deal"), ("id", "999")])
            .await,
        404,
    );
}

#[tokio::test]
async fn a_touched_person_shows_in_updated_since_with_its_new_name() {
    let h = Harness::with(Config {
        persons: 40,
        ..Default::default()
    });
    let today = chrono::Utc::now().format("%Y-%m-%dT00:00:00Z").to_string();
    let path = format!("/api/v2/persons?updated_since={today}");
    assert!(
        h.walk(&path).await.0.is_empty(),
        "seeded updates are all before today"
    );
    let touched = h
        .control(
            "/__sim/touch",
            &[("type", "person"), ("id", "2"), ("name", "Zoé Faure")],
        )
        .await;
    assert_eq!(touched.status, 200, "{}", touched.body);
    let (recent, _) = h.walk(&path).await;
    assert_eq!(ids(&recent), vec![2]);
    assert_eq!(recent[0]["name"], "Zoé Faure");
}
