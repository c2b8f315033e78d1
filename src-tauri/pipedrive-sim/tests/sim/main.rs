//! Integration tests of the Pipedrive simulator over real HTTP on loopback.

mod auth;
mod limits;
mod notes;
mod paging;

use pipedrive_sim::{Config, Info, Sim};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// A running simulator and an HTTP client for it.
pub struct Harness {
    pub sim: Sim,
    pub http: reqwest::Client,
}

/// Status, headers and JSON body (Null when not JSON) of an answer.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
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

    async fn send(&self, r: reqwest::RequestBuilder) -> Answer {
        let r = r.send().await.expect("request");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        Answer {
            status,
            headers,
            body: r.json().await.unwrap_or(Value::Null),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.info().url, path)
    }

    /// GET with a token in the `x-api-token` header.
    pub async fn get_as(&self, token: &str, path: &str) -> Answer {
        self.send(self.http.get(self.url(path)).header("x-api-token", token))
            .await
    }

    /// GET as the admin.
    pub async fn get(&self, path: &str) -> Answer {
        let token = self.info().api_token.clone();
        self.get_as(&token, path).await
    }

    /// POST or PUT a JSON body with a token.
    pub async fn write_as(&self, method: &str, token: &str, path: &str, body: Value) -> Answer {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        self.send(
            self.http
                .request(m, self.url(path))
                .header("x-api-token", token)
                .json(&body),
        )
        .await
    }

    /// POST a JSON body as the admin.
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        let token = self.info().api_token.clone();
        self.write_as("POST", &token, path, body).await
    }

    /// POST a form to a control endpoint (no auth).
    pub async fn control(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        self.send(self.http.post(self.url(path)).form(form)).await
    }

    /// The request log.
    pub async fn requests(&self) -> Vec<Value> {
        let r = self.send(self.http.get(self.url("/__sim/requests"))).await;
        r.body.as_array().expect("log").clone()
    }

    /// Every record of a v2 list, following `next_cursor`; also returns the page count.
    pub async fn walk(&self, path: &str) -> (Vec<Value>, usize) {
        let sep = if path.contains('?') { '&' } else { '?' };
        let (mut out, mut pages) = (Vec::new(), 0);
        let mut cursor: Option<String> = None;
        loop {
            let p = match &cursor {
                Some(c) => format!("{path}{sep}cursor={c}"),
                None => path.to_string(),
            };
            let a = self.get(&p).await;
            assert_eq!(a.status, 200, "{p}: {}", a.body);
            pages += 1;
            out.extend(a.body["data"].as_array().expect("data").iter().cloned());
            match a.body["additional_data"]["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        (out, pages)
    }
}

/// Asserts Pipedrive's error body.
pub fn assert_error(a: &Answer, status: u16) {
    assert_eq!(a.status, status, "{}", a.body);
    let b = &a.body;
    assert_eq!(b["success"], Value::Bool(false), "{b}");
    assert!(b["error"].as_str().is_some_and(|e| !e.is_empty()), "{b}");
    assert_eq!(b["errorCode"].as_u64(), Some(status as u64), "{b}");
    assert_eq!(b["error_info"], "Please check developers.pipedrive.com");
    assert!(b["data"].is_null() && b["additional_data"].is_null(), "{b}");
}
