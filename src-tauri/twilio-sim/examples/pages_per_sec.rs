//! Benchmark: how fast the simulator builds a large history and serves it.
//!
//! `cargo run --release -p twilio-sim --example pages_per_sec [-- MESSAGES [CONCURRENCY]]`
//! (default 1,000,000 messages, 20,000 contacts, 3 years). Prints the start-up time, then
//! pages/s when paging the whole history with PageSize=1000, sequentially and with several
//! clients each paging one DateSent shard.

use std::time::Instant;

use serde::Deserialize;

#[derive(Deserialize)]
struct Page {
    next_page_uri: Option<String>,
    messages: Vec<serde::de::IgnoredAny>,
}

async fn walk(
    client: &reqwest::Client,
    base: &str,
    user: &str,
    pass: &str,
    first: String,
) -> (u64, u64) {
    let (mut pages, mut msgs) = (0u64, 0u64);
    let mut next = Some(first);
    while let Some(uri) = next {
        let body = client
            .get(format!("{base}{uri}"))
            .basic_auth(user, Some(pass))
            .send()
            .await
            .expect("request")
            .bytes()
            .await
            .expect("body");
        let page: Page = serde_json::from_slice(&body).expect("json page");
        pages += 1;
        msgs += page.messages.len() as u64;
        next = page.next_page_uri;
    }
    (pages, msgs)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let messages: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4);
    let t0 = Instant::now();
    let sim = twilio_sim::Sim::start(twilio_sim::Config {
        messages,
        contacts: 20_000,
        years: 3,
        seed: 7,
        ..Default::default()
    })
    .expect("start");
    let startup = t0.elapsed();
    println!(
        "startup: {:.2} s for {messages} messages",
        startup.as_secs_f64()
    );
    let info = sim.info().clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let client = reqwest::Client::new();
        let list = format!("/2010-04-01/Accounts/{}/Messages.json", info.account_sid);
        let t = Instant::now();
        let (pages, msgs) =
            walk(&client, &info.url, &info.account_sid, &info.auth_token, format!("{list}?PageSize=1000")).await;
        let secs = t.elapsed().as_secs_f64();
        println!(
            "sequential: {pages} pages, {msgs} messages in {secs:.2} s = {:.1} pages/s ({:.0} messages/s)",
            pages as f64 / secs,
            msgs as f64 / secs
        );
        // Shards: one client per year-slice of DateSent, all at once.
        let now = chrono::Utc::now().timestamp();
        let span = 3 * 365 * 86_400 + 86_400;
        let t = Instant::now();
        let mut tasks = Vec::new();
        for k in 0..concurrency as i64 {
            let lo = now - span + k * span / concurrency as i64;
            let hi = now - span + (k + 1) * span / concurrency as i64 - 1;
            let fmt = |t: i64| chrono::DateTime::from_timestamp(t, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string();
            let uri = format!("{list}?DateSent%3E={}&DateSent%3C={}&PageSize=1000", fmt(lo), fmt(hi));
            let (client, url, user, pass) =
                (client.clone(), info.url.clone(), info.account_sid.clone(), info.auth_token.clone());
            tasks.push(tokio::spawn(async move { walk(&client, &url, &user, &pass, uri).await }));
        }
        let (mut pages, mut msgs) = (0, 0);
        for task in tasks {
            let (p, m) = task.await.expect("task");
            pages += p;
            msgs += m;
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{concurrency} shards at once: {pages} pages, {msgs} messages in {secs:.2} s = {:.1} pages/s",
            pages as f64 / secs
        );
    });
    sim.shutdown();
}
