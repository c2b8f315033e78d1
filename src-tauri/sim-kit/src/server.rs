//! The server: a loopback listener, a tokio runtime on its own thread, the one handler every
//! request goes through, and the kit's control endpoints.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;

use crate::faults::{FaultState, Faults};
use crate::log::RequestLog;
use crate::{Failure, Lane, Reply, Request, Simulator};

/// A bound loopback socket, not yet serving: bind first to learn the URL (a simulator usually
/// puts it in its data and its info), then [`Listener::serve`].
pub struct Listener {
    socket: std::net::TcpListener,
    url: String,
}

/// How to run a simulator.
#[derive(Clone, Debug)]
pub struct Options {
    /// Name of the server thread (`<name>-worker` for the runtime's workers).
    pub name: String,
    /// Fault settings at start-up.
    pub faults: Faults,
    /// What `GET /__sim/info` answers (typically the URL and the credentials to use).
    pub info: serde_json::Value,
}

/// A running server; dropping it stops it.
pub struct Server {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// State shared by every connection.
struct Kit<S> {
    sim: S,
    faults: Mutex<FaultState>,
    in_flight: AtomicUsize,
    log: Mutex<RequestLog>,
    info: serde_json::Value,
}

impl Listener {
    /// Binds `addr` (`127.0.0.1:0` picks a free port).
    pub fn bind(addr: SocketAddr) -> anyhow::Result<Listener> {
        let socket = std::net::TcpListener::bind(addr)?;
        socket.set_nonblocking(true)?;
        let url = format!("http://{}", socket.local_addr()?);
        Ok(Listener { socket, url })
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Starts serving `sim` on a runtime of its own (2 workers, on a background thread), so it
    /// works from sync code, async code and GUI shells alike. Returns once requests are
    /// answered.
    pub fn serve<S: Simulator>(self, sim: S, options: Options) -> anyhow::Result<Server> {
        let kit = Arc::new(Kit {
            sim,
            faults: Mutex::new(FaultState::new(options.faults)),
            in_flight: AtomicUsize::new(0),
            log: Mutex::new(RequestLog::default()),
            info: options.info,
        });
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<anyhow::Result<()>>();
        let socket = self.socket;
        let workers = format!("{}-worker", options.name);
        let thread = std::thread::Builder::new()
            .name(options.name)
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name(workers)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.into()));
                        return;
                    }
                };
                rt.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(socket) {
                        Ok(l) => l,
                        Err(e) => {
                            let _ = ready_tx.send(Err(e.into()));
                            return;
                        }
                    };
                    let app = axum::Router::new().fallback(handle::<S>).with_state(kit);
                    let _ = ready_tx.send(Ok(()));
                    tokio::select! {
                        _ = axum::serve(listener, app) => {}
                        _ = stop_rx => {}
                    }
                });
                rt.shutdown_timeout(Duration::from_millis(500));
            })?;
        ready_rx
            .recv()
            .map_err(|_| anyhow::anyhow!("the simulator thread stopped before listening"))??;
        Ok(Server {
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }
}

impl Server {
    /// Stops it and waits for its thread.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// A lock that outlives a panicking holder (a handler bug must not take the server down).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The one handler: everything is routed here.
async fn handle<S: Simulator>(
    State(kit): State<Arc<Kit<S>>>,
    req: axum::extract::Request,
) -> Response {
    let Some(req) = Request::read(req).await else {
        return to_response(kit.sim.failure(Failure::BodyTooLarge), false, Vec::new());
    };
    match kit.sim.lane(&req) {
        Lane::Control => to_response(guarded(&kit.sim, || kit.control(&req)), false, Vec::new()),
        Lane::Direct => {
            let reply = guarded(&kit.sim, || kit.sim.direct(&req));
            kit.record(&req, &reply);
            to_response(reply, false, Vec::new())
        }
        Lane::Api => kit.api(&req).await,
    }
}

/// Runs a handler; a panic becomes [`Failure::Panicked`] instead of a dropped connection, so a
/// test sees it.
fn guarded<S: Simulator>(sim: &S, f: impl FnOnce() -> Reply) -> Reply {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| sim.failure(Failure::Panicked))
}

impl<S: Simulator> Kit<S> {
    /// The API lane: in-flight count, the request's fate, then the handler.
    async fn api(&self, req: &Request) -> Response {
        let guard = InFlight::enter(&self.in_flight);
        let fate = lock(&self.faults).draw();
        if fate.max_concurrency.is_some_and(|c| guard.1 > c) {
            let reply = self.sim.failure(Failure::TooManyRequests);
            self.record(req, &reply);
            return to_response(reply, false, self.sim.api_headers(guard.1));
        }
        if fate.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(fate.latency_ms)).await;
        }
        let reply = match fate.fail {
            Some(status) => self.sim.failure(Failure::Injected(status)),
            None => guarded(&self.sim, || self.sim.api(req)),
        };
        self.record(req, &reply);
        to_response(reply, fate.cut, self.sim.api_headers(guard.1))
    }

    fn record(&self, req: &Request, reply: &Reply) {
        let at = self.sim.log_time();
        lock(&self.log).record(req, reply.status, at, reply.warning.clone());
    }

    /// `/__sim/…`: the kit's endpoints, then the simulator's.
    fn control(&self, req: &Request) -> Reply {
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/__sim/requests") => Reply::json(200, &lock(&self.log).entries()),
            ("DELETE", "/__sim/requests") => {
                lock(&self.log).clear();
                Reply::no_content()
            }
            ("GET", "/__sim/info") => Reply::json(200, &self.info),
            ("GET", "/__sim/faults") => Reply::json(200, &lock(&self.faults).to_json()),
            ("POST", "/__sim/faults") => {
                let mut f = lock(&self.faults);
                match f.update(|k| req.f(k)) {
                    Ok(()) => Reply::json(200, &f.to_json()),
                    Err(message) => self.sim.failure(Failure::BadRequest(message)),
                }
            }
            _ => self.sim.control(req),
        }
    }
}

/// Counts a request in flight for as long as it lives; `.1` is the count including it.
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

fn to_response(reply: Reply, cut: bool, extra: Vec<(&'static str, String)>) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let len = reply.body.len();
    let body = if cut && len > 1 {
        cut_body(Bytes::copy_from_slice(&reply.body[..len / 2]))
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
    for (name, value) in reply.headers.into_iter().chain(extra) {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            h.insert(n, v);
        }
    }
    resp
}

/// A body that sends `half` (after the headers, which announced the full length), then resets
/// the connection a moment later.
fn cut_body(half: Bytes) -> Body {
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
}
