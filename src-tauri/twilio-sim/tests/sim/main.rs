//! Integration tests of the simulator over real HTTP on loopback.

mod auth;
mod bad_input;
mod faults;
mod filters;
mod paging;
mod whatsapp;

use serde_json::Value;
use twilio_sim::{Config, Info, Sim};

/// A running simulator and an HTTP client for it.
pub struct Harness {
    pub sim: Sim,
    pub http: reqwest::Client,
}

impl Harness {
    pub fn start() -> Harness {
        Harness::with(Config::default())
    }

    pub fn with(config: Config) -> Harness {
        Harness {
            sim: Sim::start(config).expect("sim starts"),
            http: reqwest::Client::new(),
        }
    }

    pub fn info(&self) -> &Info {
        self.sim.info()
    }

    /// The main account's message list path.
    pub fn messages_path(&self) -> String {
        format!(
            "/2010-04-01/Accounts/{}/Messages.json",
            self.info().account_sid
        )
    }

    /// GET as the main account; (status, JSON body or Null).
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let i = self.info();
        self.get_as(&i.account_sid.clone(), &i.auth_token.clone(), path)
            .await
    }

    /// GET with other credentials.
    pub async fn get_as(&self, user: &str, pass: &str, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{}", self.info().url, path))
            .basic_auth(user, Some(pass))
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// POST a form as the main account.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let i = self.info();
        let r = self
            .http
            .post(format!("{}{}", i.url, path))
            .basic_auth(&i.account_sid, Some(&i.auth_token))
            .form(form)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// POST to a control endpoint (no auth).
    pub async fn control(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{}", self.info().url, path))
            .form(form)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Follows next_page_uri from `first` and returns every record under `key`.
    pub async fn walk(&self, first: &str, key: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut next = Some(first.to_string());
        while let Some(uri) = next {
            let (status, page) = self.get(&uri).await;
            assert_eq!(status, 200, "{uri}: {page}");
            out.extend(page[key].as_array().expect("records").iter().cloned());
            next = page["next_page_uri"].as_str().map(str::to_string);
        }
        out
    }
}

/// Parses an RFC 2822 date of the wire.
pub fn rfc2822(v: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc2822(v.as_str().expect("date string"))
        .expect("rfc 2822")
        .timestamp()
}

/// Asserts a Twilio error body.
pub fn assert_error(status: u16, body: &Value, want_status: u16, want_code: u64) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["code"].as_u64(), Some(want_code), "{body}");
    assert_eq!(body["status"].as_u64(), Some(want_status as u64));
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(
        body["more_info"].as_str(),
        Some(format!("https://www.twilio.com/docs/errors/{want_code}").as_str())
    );
}
