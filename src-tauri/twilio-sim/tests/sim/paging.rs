use std::collections::HashSet;

use crate::{rfc2822, Harness};

#[tokio::test]
async fn whole_history_pages_newest_first_without_gaps() {
    let h = Harness::start();
    let all = h
        .walk(&format!("{}?PageSize=1000", h.messages_path()), "messages")
        .await;
    assert_eq!(all.len() as u64, h.info().messages);
    let sids: HashSet<&str> = all.iter().map(|m| m["sid"].as_str().unwrap()).collect();
    assert_eq!(sids.len(), all.len());
    let dates: Vec<i64> = all.iter().map(|m| rfc2822(&m["date_sent"])).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[tokio::test]
async fn envelope_has_exactly_the_2010_keys() {
    let h = Harness::start();
    let (status, page) = h.get(&format!("{}?PageSize=7", h.messages_path())).await;
    assert_eq!(status, 200);
    let mut keys: Vec<&str> = page
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "end",
            "first_page_uri",
            "messages",
            "next_page_uri",
            "page",
            "page_size",
            "previous_page_uri",
            "start",
            "uri"
        ]
    );
    assert_eq!(
        (
            page["start"].as_u64(),
            page["end"].as_u64(),
            page["page_size"].as_u64()
        ),
        (Some(0), Some(6), Some(7))
    );
    let next = page["next_page_uri"].as_str().unwrap();
    assert!(next.starts_with("/2010-04-01/Accounts/") && next.contains("Page=1&PageToken=PA"));
    let last_sid = page["messages"][6]["sid"].as_str().unwrap();
    assert!(next.ends_with(&format!("PageToken=PA{last_sid}")));
    let m = &page["messages"][0];
    assert!(m["num_media"].is_string() && m["num_segments"].is_string());
    assert!(m["date_created"].as_str().unwrap().ends_with("+0000"));
    assert_eq!(m["price_unit"], "USD");
}

#[tokio::test]
async fn previous_page_and_page_offsets_agree_with_tokens() {
    let h = Harness::start();
    let base = h.messages_path();
    let (_, p0) = h.get(&format!("{base}?PageSize=25")).await;
    let (_, p1) = h.get(p0["next_page_uri"].as_str().unwrap()).await;
    assert_eq!(p1["page"], 1);
    assert_eq!(p1["start"], 25);
    let (_, back) = h.get(p1["previous_page_uri"].as_str().unwrap()).await;
    assert_eq!(back["messages"], p0["messages"]);
    let (_, by_offset) = h.get(&format!("{base}?PageSize=25&Page=1")).await;
    assert_eq!(by_offset["messages"], p1["messages"]);
}

#[tokio::test]
async fn page_size_limits() {
    let h = Harness::start();
    let base = h.messages_path();
    let (_, p) = h.get(&base).await;
    assert_eq!(p["page_size"], 50);
    assert_eq!(p["messages"].as_array().unwrap().len(), 50);
    let (_, p) = h.get(&format!("{base}?PageSize=100000")).await;
    assert_eq!(p["page_size"], 1000);
}

#[tokio::test]
async fn same_seed_same_history_other_seed_other_sids() {
    let a = Harness::start();
    let b = Harness::start();
    let c = Harness::with(twilio_sim::Config {
        seed: 99,
        ..Default::default()
    });
    let (pa, pb, pc) = (
        first_page(&a).await,
        first_page(&b).await,
        first_page(&c).await,
    );
    assert_eq!(pa, pb);
    assert_eq!(a.info().auth_token, b.info().auth_token);
    assert_ne!(pa[0]["sid"], pc[0]["sid"]);
}

#[tokio::test]
async fn media_list_and_cdn() {
    let h = Harness::start();
    let all = h
        .walk(&format!("{}?PageSize=1000", h.messages_path()), "messages")
        .await;
    let m = all
        .iter()
        .find(|m| m["num_media"] != "0")
        .expect("a message with media");
    let (status, list) = h
        .get(m["subresource_uris"]["media"].as_str().unwrap())
        .await;
    assert_eq!(status, 200);
    let media = list["media_list"].as_array().unwrap();
    assert_eq!(media.len().to_string(), m["num_media"].as_str().unwrap());
    let uri = media[0]["uri"].as_str().unwrap();
    let bytes_uri = uri.strip_suffix(".json").unwrap();
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let i = h.info();
    let r = no_redirect
        .get(format!("{}{bytes_uri}", i.url))
        .basic_auth(&i.account_sid, Some(&i.auth_token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let cdn = no_redirect.get(&location).send().await.unwrap();
    assert_eq!(cdn.status().as_u16(), 200);
    assert_eq!(
        cdn.headers()["content-type"],
        media[0]["content_type"].as_str().unwrap()
    );
    let with_auth = no_redirect
        .get(&location)
        .basic_auth(&i.account_sid, Some(&i.auth_token))
        .send()
        .await
        .unwrap();
    assert_eq!(with_auth.status().as_u16(), 400);
    h.control("/__sim/clock", &[("advance_seconds", "14401")])
        .await;
    assert_eq!(
        no_redirect
            .get(&location)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
}

async fn first_page(h: &Harness) -> serde_json::Value {
    h.get(&format!("{}?PageSize=100", h.messages_path()))
        .await
        .1["messages"]
        .clone()
}
