//! The HTTP front: Host-header (or path) routing to the three Twilio hosts, the control
//! endpoints under `/__sim/`, the CDN path, seeded faults, and the request log.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use base64::Engine;
use bytes::Bytes;
use serde::Serialize;
use serde_json::json;

use crate::ctx::Ctx;
use crate::reply::Reply;
use crate::sid::Rng;
use crate::world::World;
use crate::{api, content, senders};

/// Fault settings in force, and the seeded generator that decides each request's fate.
pub struct Faults {
    /// Delay added to every API request.
    pub latency_ms: u64,
    /// Requests in flight above this answer 429 / 20429.
    pub max_concurrency: Option<usize>,
    /// Share of requests answered 500 or 503.
    pub error_rate: f64,
    /// Share of responses cut mid-body.
    pub cut_rate: f64,
    /// The fault seed.
    pub seed: u64,
    /// Draws, in request arrival order.
    pub rng: Rng,
}

/// One entry of `GET /__sim/requests`.
#[derive(Clone, Debug, Serialize)]
pub struct Logged {
    method: String,
    host: String,
    path: String,
    query: String,
    credential: Option<String>,
    status: u16,
    at: String,
}

/// State shared by every connection.
pub struct Shared {
    /// The simulated Twilio.
    pub world: RwLock<World>,
    /// Fault settings.
    pub faults: Mutex<Faults>,
    /// Requests in flight.
    pub inflight: AtomicUsize,
    /// What the sim received (newest last, bounded).
    pub log: Mutex<VecDeque<Logged>>,
    /// The Info JSON, for `GET /__sim/info`.
    pub info: serde_json::Value,
}

const LOG_LIMIT: usize = 200_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Domain {
    Api,
    Messaging,
    Content,
    Unknown,
}

fn domain(host: &str, path: &str) -> (Domain, bool) {
    let h = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    match h.as_str() {
        "api.twilio.com" => (Domain::Api, true),
        "messaging.twilio.com" => (Domain::Messaging, true),
        "content.twilio.com" => (Domain::Content, true),
        _ if h.ends_with("twilio.com") => (Domain::Unknown, true),
        _ if path.starts_with("/2010-04-01/") => (Domain::Api, false),
        _ if path.starts_with("/v2/Channels") => (Domain::Messaging, false),
        _ if path.starts_with("/v1/Content") => (Domain::Content, false),
        _ => (Domain::Unknown, false),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

fn pairs(s: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(s).into_owned().collect()
}

struct InFlight<'a>(&'a AtomicUsize, usize);

impl<'a> InFlight<'a> {
    fn enter(c: &'a AtomicUsize) -> Self {
        let n = c.fetch_add(1, Ordering::SeqCst) + 1;
        InFlight(c, n)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The one handler: everything is routed here.
pub async fn handle(State(sh): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, 32 << 20).await {
        Ok(b) => b,
        Err(_) => {
            return to_response(
                Reply::error(413, 20001, "Request body too large or unreadable"),
                None,
                0,
            )
        }
    };
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or("").to_string();
    let sim_url = sh.info["url"].as_str().unwrap_or("").to_string();
    let (dom, twilio_host) = domain(&host, &path);
    let form_body = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    let ctx = Ctx {
        method: parts.method.as_str().to_string(),
        segs: path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect(),
        path: path.clone(),
        query: pairs(query.as_bytes()),
        form: if form_body || (parts.method == Method::POST && !body.starts_with(b"{")) {
            pairs(&body)
        } else {
            Vec::new()
        },
        body: body.to_vec(),
        cred: basic(&parts.headers),
        product_base: if twilio_host {
            format!("https://{host}")
        } else {
            format!("http://{host}")
        },
        sim_url,
    };
    if !twilio_host && path.starts_with("/__sim/") {
        return to_response(guarded(|| control(&sh, &ctx)), None, 0);
    }
    if !twilio_host && path.starts_with("/__cdn/") {
        let sid = ctx.segs.get(1).cloned().unwrap_or_default();
        let reply = {
            let w = sh.world.read().unwrap_or_else(|e| e.into_inner());
            api::cdn(
                &w,
                &ctx,
                &sid,
                parts.headers.contains_key(header::AUTHORIZATION),
            )
        };
        log(&sh, &ctx, &host, &query, reply.status);
        return to_response(reply, None, 0);
    }

    let guard = InFlight::enter(&sh.inflight);
    let (latency, cap, fail, cut) = {
        let mut f = sh.faults.lock().unwrap_or_else(|e| e.into_inner());
        let fail_draw = f.rng.unit();
        let kind_draw = f.rng.unit();
        let cut_draw = f.rng.unit();
        let fail = (fail_draw < f.error_rate).then_some(if kind_draw < 0.5 { 500 } else { 503 });
        (f.latency_ms, f.max_concurrency, fail, cut_draw < f.cut_rate)
    };
    if cap.is_some_and(|c| guard.1 > c) {
        let reply = Reply::error(429, 20429, "Too Many Requests");
        log(&sh, &ctx, &host, &query, 429);
        return to_response(reply, None, guard.1);
    }
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let reply = if let Some(status) = fail {
        if status == 500 {
            Reply::error(500, 20500, "Internal Server Error")
        } else {
            Reply::error(503, 20503, "Service Unavailable")
        }
    } else {
        guarded(|| dispatch(&sh, &ctx, dom))
    };
    log(&sh, &ctx, &host, &query, reply.status);
    to_response(reply, cut.then_some(()), guard.1)
}

/// Runs a handler; a bug in the simulator becomes a 500 / 20500 answer instead of a dropped
/// connection, so a test sees it (the locks recover from poisoning).
fn guarded(f: impl FnOnce() -> Reply) -> Reply {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Reply::error(500, 20500, "Internal Server Error (simulator bug)"))
}

fn dispatch(sh: &Shared, ctx: &Ctx, dom: Domain) -> Reply {
    let read = ctx.method == "GET" || ctx.method == "HEAD";
    if !read && !["POST", "PUT", "DELETE"].contains(&ctx.method.as_str()) {
        return Reply::error(405, 20004, "Method not allowed");
    }
    if read {
        let w = sh.world.read().unwrap_or_else(|e| e.into_inner());
        match dom {
            Domain::Api => api::get(&w, ctx),
            Domain::Messaging => senders::get(&w, ctx),
            Domain::Content => content::get(&w, ctx),
            Domain::Unknown => Reply::not_found(&ctx.path),
        }
    } else {
        let mut w = sh.world.write().unwrap_or_else(|e| e.into_inner());
        match dom {
            Domain::Api => api::write(&mut w, ctx),
            Domain::Messaging => senders::write(&mut w, ctx),
            Domain::Content => content::write(&mut w, ctx),
            Domain::Unknown => Reply::not_found(&ctx.path),
        }
    }
}

fn log(sh: &Shared, ctx: &Ctx, host: &str, query: &str, status: u16) {
    let at = {
        let w = sh.world.read().unwrap_or_else(|e| e.into_inner());
        crate::dates::iso(w.peek_now())
    };
    let entry = Logged {
        method: ctx.method.clone(),
        host: host.to_string(),
        path: ctx.path.clone(),
        query: query.to_string(),
        credential: ctx.cred.as_ref().map(|(u, _)| u.clone()),
        status,
        at,
    };
    let mut l = sh.log.lock().unwrap_or_else(|e| e.into_inner());
    if l.len() >= LOG_LIMIT {
        l.pop_front();
    }
    l.push_back(entry);
}

fn to_response(reply: Reply, cut: Option<()>, inflight: usize) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let len = reply.body.len();
    let body = if cut.is_some() && len > 1 {
        let half = Bytes::copy_from_slice(&reply.body[..len / 2]);
        // The half body and the headers go out first; the connection dies a moment later.
        let stream = futures_util::stream::unfold(0u8, move |state| {
            let half = half.clone();
            async move {
                match state {
                    0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(30)).await;
                        let cut = std::io::Error::new(
                            std::io::ErrorKind::ConnectionReset,
                            "connection cut by the simulator",
                        );
                        Some((Err(cut), 2))
                    }
                    _ => None,
                }
            }
        });
        Body::from_stream(stream)
    } else {
        Body::from(reply.body)
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    if status != StatusCode::NO_CONTENT {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(reply.content_type),
        );
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    if let Some(loc) = reply.location {
        if let Ok(v) = HeaderValue::from_str(&loc) {
            h.insert(header::LOCATION, v);
        }
    }
    if reply.challenge {
        h.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Twilio API\""),
        );
    }
    if inflight > 0 {
        h.insert("Twilio-Concurrent-Requests", HeaderValue::from(inflight));
        static REQUESTS: AtomicUsize = AtomicUsize::new(0);
        let n = REQUESTS.fetch_add(1, Ordering::Relaxed) as u64;
        if let Ok(v) = HeaderValue::from_str(&format!("RQ{}", Rng::stream(0x5251, n).hex32())) {
            h.insert("Twilio-Request-Id", v);
        }
    }
    resp
}

fn control(sh: &Shared, ctx: &Ctx) -> Reply {
    match (ctx.method.as_str(), ctx.path.as_str()) {
        ("POST", "/__sim/inbound") => {
            let mut w = sh.world.write().unwrap_or_else(|e| e.into_inner());
            api::inbound(&mut w, ctx)
        }
        ("POST", "/__sim/clock") => {
            let Some(raw) = ctx.f("advance_seconds") else {
                return Reply::error(400, 20001, "advance_seconds is required");
            };
            let Ok(secs) = raw.trim().parse::<i64>() else {
                return Reply::error(
                    400,
                    20001,
                    "advance_seconds must be a whole number of seconds",
                );
            };
            if !(0..=100 * 365 * 86_400).contains(&secs) {
                return Reply::error(
                    400,
                    20001,
                    "advance_seconds must be between 0 and 100 years (the clock never goes back)",
                );
            }
            let mut w = sh.world.write().unwrap_or_else(|e| e.into_inner());
            w.clock_offset += secs;
            let now = w.now();
            Reply::json(
                200,
                &json!({"now": crate::dates::iso(now), "offset_seconds": w.clock_offset}),
            )
        }
        ("GET", "/__sim/clock") => {
            let w = sh.world.read().unwrap_or_else(|e| e.into_inner());
            Reply::json(
                200,
                &json!({"now": crate::dates::iso(w.peek_now()), "offset_seconds": w.clock_offset}),
            )
        }
        ("GET", "/__sim/requests") => {
            let l = sh.log.lock().unwrap_or_else(|e| e.into_inner());
            Reply::json(200, &l.iter().collect::<Vec<_>>())
        }
        ("DELETE", "/__sim/requests") => {
            sh.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
            Reply::no_content()
        }
        ("GET", "/__sim/info") => Reply::json(200, &sh.info),
        ("GET", "/__sim/faults") => faults_json(sh),
        ("POST", "/__sim/faults") => {
            let mut f = sh.faults.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(r) = set_faults(&mut f, ctx) {
                return r;
            }
            drop(f);
            faults_json(sh)
        }
        _ => Reply::not_found(&ctx.path),
    }
}

fn set_faults(f: &mut Faults, ctx: &Ctx) -> Result<(), Reply> {
    fn num<T: std::str::FromStr>(ctx: &Ctx, k: &str) -> Result<Option<T>, Reply> {
        match ctx.f(k).map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .parse::<T>()
                .map(Some)
                .map_err(|_| Reply::error(400, 20001, format!("Invalid {k}: {v}"))),
        }
    }
    let latency = num::<u64>(ctx, "latency_ms")?;
    let cap = num::<usize>(ctx, "max_concurrency")?;
    let error_rate = num::<f64>(ctx, "error_rate")?;
    let cut_rate = num::<f64>(ctx, "cut_rate")?;
    let seed = num::<u64>(ctx, "seed")?;
    for r in [error_rate, cut_rate].into_iter().flatten() {
        if !(0.0..=1.0).contains(&r) {
            return Err(Reply::error(400, 20001, "Rates must be between 0 and 1"));
        }
    }
    if let Some(l) = latency {
        f.latency_ms = l;
    }
    if ctx.f("max_concurrency").is_some() {
        f.max_concurrency = cap.filter(|&c| c > 0);
    }
    if let Some(r) = error_rate {
        f.error_rate = r;
    }
    if let Some(r) = cut_rate {
        f.cut_rate = r;
    }
    if let Some(s) = seed {
        f.seed = s;
        f.rng = Rng::stream(s, 0xfa17);
    }
    Ok(())
}

fn faults_json(sh: &Shared) -> Reply {
    let f = sh.faults.lock().unwrap_or_else(|e| e.into_inner());
    Reply::json(
        200,
        &json!({
            "latency_ms": f.latency_ms, "max_concurrency": f.max_concurrency,
            "error_rate": f.error_rate, "cut_rate": f.cut_rate, "seed": f.seed,
        }),
    )
}
