use crate::{assert_error, Harness};

#[tokio::test]
async fn users_me_names_the_user_and_the_company() {
    let h = Harness::start();
    let admin = h.get("/v1/users/me").await;
    assert_eq!(admin.status, 200);
    let d = &admin.body["data"];
    assert_eq!(
        (d["company_name"].as_str(), d["company_domain"].as_str()),
        (
            Some("Atelier Lumière"),
            Some(h.info().company_domain.as_str())
        )
    );
    assert_eq!(
        (d["is_admin"].as_u64(), d["id"].as_u64()),
        (Some(1), Some(h.info().admin_user_id))
    );
    let token = h.info().member_api_token.clone();
    let member = h.get_as(&token, "/api/v1/users/me").await;
    assert_eq!(member.body["data"]["is_admin"], 0);
    assert!(member.body["data"]["name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
}

#[tokio::test]
async fn a_bad_or_missing_token_gets_pipedrives_401_on_any_path() {
    let h = Harness::start();
    for path in ["/v1/users/me", "/api/v2/persons", "/no/such/path"] {
        let a = h
            .get_as("0123456789abcdef0123456789abcdef01234567", path)
            .await;
        assert_error(&a, 401);
        assert_eq!(a.body["error"], "unauthorized access");
    }
    let none = h
        .http
        .get(format!("{}/api/v2/deals", h.info().url))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status().as_u16(), 401);
}

#[tokio::test]
async fn a_token_in_the_url_works_but_is_flagged_in_the_request_log() {
    let h = Harness::start();
    let url = format!(
        "{}/v1/users/me?api_token={}",
        h.info().url,
        h.info().api_token
    );
    let r = h.http.get(url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    h.get("/api/v2/deals?limit=1").await;
    let log = h.requests().await;
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["warning"], pipedrive_sim::TOKEN_IN_URL);
    assert!(log[1].get("warning").is_none());
    assert_eq!(
        (
            log[1]["method"].as_str(),
            log[1]["path"].as_str(),
            log[1]["status"].as_u64()
        ),
        (Some("GET"), Some("/api/v2/deals"), Some(200))
    );
}

#[tokio::test]
async fn unknown_paths_answer_pipedrives_404() {
    let h = Harness::start();
    assert_error(&h.get("/v1/nothing").await, 404);
    assert_error(&h.get("/api/v2/notes").await, 404);
}
