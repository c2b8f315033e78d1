use serde_json::json;

use crate::{assert_error, Harness};

#[tokio::test]
async fn a_note_is_created_read_updated_and_listed_on_its_deal() {
    let h = Harness::start();
    let created = h
        .post(
            "/v1/notes",
            json!({"content": "<p>Commande prête</p>", "deal_id": 4}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let note = &created.body["data"];
    let id = note["id"].as_u64().unwrap();
    assert_eq!(
        (note["deal_id"].as_u64(), note["content"].as_str()),
        (Some(4), Some("<p>Commande prête</p>"))
    );
    assert!(note["deal"]["title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert_eq!(note["user"]["is_you"], true);

    let got = h.get(&format!("/v1/notes/{id}")).await;
    assert_eq!(got.body["data"], *note);

    let token = h.info().api_token.clone();
    let updated = h
        .write_as(
            "PUT",
            &token,
            &format!("/v1/notes/{id}"),
            json!({"content": "<p>Retirée</p>"}),
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.body["data"]["content"], "<p>Retirée</p>");
    assert_eq!(updated.body["data"]["deal_id"], 4);
    assert_eq!(updated.body["data"]["add_time"], note["add_time"]);

    h.post(
        "/v1/notes",
        json!({"content": "<p>Autre</p>", "person_id": 2}),
    )
    .await;
    let on_deal = h.get("/v1/notes?deal_id=4").await;
    let listed = on_deal.body["data"].as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["content"], "<p>Retirée</p>");
    assert_eq!(
        on_deal.body["additional_data"]["pagination"]["more_items_in_collection"],
        false
    );
    assert_eq!(
        h.get("/v1/notes?person_id=2").await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_error(&h.get("/v1/notes/999").await, 404);
    assert_error(
        &h.write_as("PUT", &token, "/v1/notes/999", json!({"content": "x"}))
            .await,
        404,
    );
}

#[tokio::test]
async fn notes_on_leads_take_a_uuid() {
    let h = Harness::start();
    let lead = h.get("/v1/leads?limit=1").await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let created = h
        .post(
            "/v1/notes",
            json!({"content": "<p>Devis envoyé</p>", "lead_id": lead}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.body["data"]["lead_id"], lead.as_str());
    let listed = h.get(&format!("/v1/notes?lead_id={lead}")).await;
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 1);
    assert_error(
        &h.post("/v1/notes", json!({"content": "x", "lead_id": "42"}))
            .await,
        400,
    );
    assert_error(
        &h.post(
            "/v1/notes",
            json!({"content": "x", "lead_id": "6b0b4c3e-0000-4000-8000-000000000000"}),
        )
        .await,
        404,
    );
}

#[tokio::test]
async fn a_note_needs_content_and_a_record() {
    let h = Harness::start();
    assert_error(&h.post("/v1/notes", json!({"deal_id": 1})).await, 400);
    assert_error(
        &h.post("/v1/notes", json!({"content": "<p>x</p>"})).await,
        400,
    );
    assert_error(
        &h.post(
            "/v1/notes",
            json!({"content": "<p>x</p>", "deal_id": 99999}),
        )
        .await,
        404,
    );
    assert_error(
        &h.post(
            "/v1/notes",
            json!({"content": "<p>x</p>", "person_id": "abc"}),
        )
        .await,
        400,
    );
}

#[tokio::test]
async fn add_time_is_kept_for_an_admin_and_ignored_for_a_member() {
    let h = Harness::start();
    let at = "2023-04-05 06:07:08";
    let admin = h
        .post(
            "/v1/notes",
            json!({"content": "<p>a</p>", "person_id": 1, "add_time": at}),
        )
        .await;
    assert_eq!(admin.body["data"]["add_time"], at);

    let member_token = h.info().member_api_token.clone();
    let member = h
        .write_as(
            "POST",
            &member_token,
            "/v1/notes",
            json!({"content": "<p>m</p>", "person_id": 1, "add_time": at}),
        )
        .await;
    assert_eq!(member.status, 200, "{}", member.body);
    let kept = member.body["data"]["add_time"].as_str().unwrap();
    assert_ne!(kept, at, "a member's add_time is ignored");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert!(kept.starts_with(&today), "{kept}");
    assert_eq!(member.body["data"]["user_id"], h.info().member_user_id);
    let log = h.requests().await;
    let last = log.last().unwrap();
    assert!(
        last["warning"]
            .as_str()
            .unwrap()
            .contains("add_time ignored"),
        "{last}"
    );

    // The admin may also date a note through an update; a malformed time is refused.
    let id = member.body["data"]["id"].as_u64().unwrap();
    let token = h.info().api_token.clone();
    let put = h
        .write_as(
            "PUT",
            &token,
            &format!("/v1/notes/{id}"),
            json!({"add_time": at}),
        )
        .await;
    assert_eq!(put.body["data"]["add_time"], at);
    assert_error(
        &h.post(
            "/v1/notes",
            json!({"content": "x", "person_id": 1, "add_time": "2023-04-05T06:07:08Z"}),
        )
        .await,
        400,
    );
}
