//! The kit serving a toy simulator over loopback: what any simulator built on it gets.

use serde_json::{json, Value};
use sim_kit::{Failure, Faults, Lane, Listener, Options, Reply, Request, Server, Simulator};

/// A toy API: `GET /echo` answers its query and form, `GET /boom` panics, `/files/…` is direct.
struct Toy;

impl Simulator for Toy {
    fn lane(&self, req: &Request) -> Lane {
        match req.segments().first() {
            Some(&"__sim") => Lane::Control,
            Some(&"files") => Lane::Direct,
            _ => Lane::Api,
        }
    }

    fn api(&self, req: &Request) -> Reply {
        match req.segments().as_slice() {
            ["echo"] => Reply::json(200, &json!({"q": req.q("q"), "f": req.f_all("f")})),
            ["boom"] => panic!("a toy bug"),
            _ => self.failure(Failure::NotFound(req.path.clone())),
        }
    }

    fn direct(&self, req: &Request) -> Reply {
        Reply::bytes(200, "text/plain", req.segs.join("/").into_bytes())
    }

    fn failure(&self, f: Failure) -> Reply {
        let status = match &f {
            Failure::BodyTooLarge => 413,
            Failure::TooManyRequests => 429,
            Failure::Injected(s) => *s,
            Failure::Panicked => 500,
            Failure::BadRequest(_) => 400,
            Failure::NotFound(_) => 404,
        };
        Reply::json(status, &json!({"failure": format!("{f:?}")}))
    }

    fn log_time(&self) -> String {
        "2026-01-01T00:00:00Z".into()
    }

    fn api_headers(&self, in_flight: usize) -> Vec<(&'static str, String)> {
        vec![("X-In-Flight", in_flight.to_string())]
    }
}

fn start(faults: Faults) -> (Server, String) {
    let listener = Listener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let url = listener.url().to_string();
    let options = Options {
        name: "toy-sim".into(),
        faults,
        info: json!({"url": url}),
    };
    (listener.serve(Toy, options).unwrap(), url)
}

async fn get(url: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let r = reqwest::get(url).await.unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, headers, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn api_requests_are_parsed_answered_and_logged() {
    let (_server, url) = start(Faults::default());
    let client = reqwest::Client::new();
    let r = client
        .post(format!("{url}/echo?q=a%20b"))
        .basic_auth("alice", Some("secret"))
        .form(&[("f", "1"), ("f", "2")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-in-flight"], "1");
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"q": "a b", "f": ["1", "2"]})
    );
    let (status, _, log) = get(&format!("{url}/__sim/requests")).await;
    assert_eq!(status, 200);
    assert_eq!(
        log,
        json!([{"method": "POST", "host": url.trim_start_matches("http://"), "path": "/echo",
                "query": "q=a%20b", "credential": "alice", "status": 200,
                "at": "2026-01-01T00:00:00Z"}])
    );
}

#[tokio::test]
async fn control_requests_are_not_logged_and_direct_ones_are() {
    let (_server, url) = start(Faults::default());
    assert_eq!(
        get(&format!("{url}/__sim/info")).await.2,
        json!({"url": url})
    );
    assert_eq!(get(&format!("{url}/__sim/nothing")).await.0, 404);
    let r = reqwest::get(format!("{url}/files/a.txt")).await.unwrap();
    assert!(r.headers().get("x-in-flight").is_none());
    assert_eq!(r.text().await.unwrap(), "files/a.txt");
    let log = get(&format!("{url}/__sim/requests")).await.2;
    assert_eq!(log.as_array().unwrap().len(), 1);
    let cleared = reqwest::Client::new()
        .delete(format!("{url}/__sim/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert_eq!(get(&format!("{url}/__sim/requests")).await.2, json!([]));
}

#[tokio::test]
async fn a_panicking_handler_answers_and_the_server_goes_on() {
    let (_server, url) = start(Faults::default());
    let (status, _, body) = get(&format!("{url}/boom")).await;
    assert_eq!((status, body), (500, json!({"failure": "Panicked"})));
    assert_eq!(get(&format!("{url}/echo")).await.0, 200);
}

#[tokio::test]
async fn faults_are_injected_and_changed_at_run_time() {
    let (_server, url) = start(Faults {
        error_rate: 1.0,
        seed: 5,
        ..Default::default()
    });
    let (status, _, body) = get(&format!("{url}/echo")).await;
    assert!(status == 500 || status == 503);
    assert_eq!(body, json!({"failure": format!("Injected({status})")}));
    let client = reqwest::Client::new();
    let set = |form: &'static [(&'static str, &'static str)]| {
        client.post(format!("{url}/__sim/faults")).form(form).send()
    };
    let refused = set(&[("error_rate", "2")]).await.unwrap();
    assert_eq!(refused.status(), 400);
    let changed: Value = set(&[("error_rate", "0")])
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(changed["error_rate"], json!(0.0));
    assert_eq!(changed["seed"], json!(5));
    assert_eq!(get(&format!("{url}/echo")).await.0, 200);
}

#[tokio::test]
async fn a_cut_response_fails_mid_body() {
    let (_server, url) = start(Faults {
        cut_rate: 1.0,
        ..Default::default()
    });
    let r = reqwest::get(format!("{url}/echo?q=some%20text"))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.is_err());
}
