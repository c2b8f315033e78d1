//! The Pipedrive front on the kit: authentication by API token, rate limits, routing of the
//! v1 and v2 paths, the Pipedrive-specific control endpoints, and Pipedrive's spelling of the
//! kit's failures.

use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use sim_kit::{Failure, Lane, Request, Simulator};

use crate::api::{leads, notes, users, v2};
use crate::dates;
use crate::ratelimit::{Limiter, Limits};
use crate::reply::{self, bad_request, error, unknown_method, Reply};
use crate::world::{Deal, Person, User, World};

/// A record a control request edits.
enum Record<'a> {
    Person(&'a mut Person),
    Deal(&'a mut Deal),
}

/// The warning logged when a client puts its token in the URL.
pub const TOKEN_IN_URL: &str = "api_token sent in the URL query (use the x-api-token header)";

/// The simulated Pipedrive, as the kit serves it.
pub struct Pipedrive {
    world: RwLock<World>,
    limiter: Mutex<Limiter>,
    /// The token of the latest API request, whose rate-limit headers the kit's own failures
    /// (injected faults) carry.
    last_token: Mutex<String>,
}

// Locks recover from poisoning: a handler bug answers 500 and the simulator goes on.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

/// The token of a request and whether it came in the URL.
fn token_of(req: &Request) -> (String, bool) {
    if let Some(t) = req.header("x-api-token") {
        return (t.trim().to_string(), false);
    }
    match req.q("api_token") {
        Some(t) => (t.trim().to_string(), true),
        None => (String::new(), false),
    }
}

impl Pipedrive {
    /// Serves `world` with the given limits.
    pub fn new(world: World, limits: Limits) -> Pipedrive {
        Pipedrive {
            world: RwLock::new(world),
            limiter: Mutex::new(Limiter::new(limits)),
            last_token: Mutex::new(String::new()),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, World> {
        self.world.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, World> {
        self.world.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Routes an authenticated request.
    fn route(&self, user: &User, req: &Request) -> Reply {
        let segs = req.segments();
        let (version, rest) = match segs.as_slice() {
            ["v1", rest @ ..] | ["api", "v1", rest @ ..] => (1, rest),
            ["api", "v2", rest @ ..] => (2, rest),
            _ => return unknown_method(),
        };
        match (version, req.method.as_str(), rest) {
            (1, "GET", ["users", "me"]) => users::me(&self.read(), user),
            (1, "GET", ["leads"]) => leads::list(&self.read(), req),
            (1, "GET", ["leads", id]) => leads::get(&self.read(), id),
            (1, "GET", ["notes"]) => notes::list(&self.read(), user, req),
            (1, "GET", ["notes", id]) => notes::get(&self.read(), user, id),
            (1, "POST", ["notes"]) => notes::create(&mut self.write(), user, req),
            (1, "PUT", ["notes", id]) => notes::update(&mut self.write(), user, id, req),
            (2, "GET", ["persons"]) => v2::persons(&self.read(), req),
            (2, "GET", ["persons", id]) => v2::person(&self.read(), id),
            (2, "GET", ["deals"]) => v2::deals(&self.read(), req),
            (2, "GET", ["deals", id]) => v2::deal(&self.read(), id),
            _ => unknown_method(),
        }
    }

    /// `POST /__sim/delete` (`type` = person | deal, `id`): soft-deletes a record, which
    /// leaves the lists and gets `is_deleted: true` and a new `update_time`.
    fn delete(&self, req: &Request) -> Reply {
        self.edit(req, |record| match record {
            Record::Person(p) => p.deleted = true,
            Record::Deal(d) => d.deleted = true,
        })
    }

    /// `POST /__sim/touch` (`type` = person | deal, `id`, optional `name` "First Last" and
    /// `phone` for a person, `title` for a deal): updates a record now, as an edit in
    /// Pipedrive would.
    fn touch(&self, req: &Request) -> Reply {
        self.edit(req, |record| match record {
            Record::Person(p) => {
                if let Some((first, last)) = req.f("name").and_then(|n| n.split_once(' ')) {
                    (p.first, p.last) = (first.to_string(), last.to_string());
                }
                if let Some(phone) = req.f("phone") {
                    p.phone = phone.to_string();
                }
            }
            Record::Deal(d) => {
                if let Some(t) = req.f("title") {
                    d.title = t.to_string();
                }
            }
        })
    }

    /// Applies `change` to the record named by the form's `type` and `id`, stamps its
    /// `update_time` now and answers it.
    fn edit(&self, req: &Request, change: impl FnOnce(Record<'_>)) -> Reply {
        let index = req
            .f("id")
            .and_then(|i| i.trim().parse::<usize>().ok())
            .and_then(|i| i.checked_sub(1));
        let mut w = self.write();
        let now = dates::now();
        match (req.f("type"), index) {
            (Some("person"), Some(i)) => match w.persons.get_mut(i) {
                Some(p) => {
                    change(Record::Person(p));
                    p.update = now;
                    Reply::json(200, &v2::person_json(p))
                }
                None => error(404, "Person not found"),
            },
            (Some("deal"), Some(i)) => match w.deals.get_mut(i) {
                Some(d) => {
                    change(Record::Deal(d));
                    d.update = now;
                    Reply::json(200, &v2::deal_json(d))
                }
                None => error(404, "Deal not found"),
            },
            _ => bad_request("type (person or deal) and a numeric id are required"),
        }
    }

    /// `GET|POST /__sim/rate_limit` (`burst`, `daily_writes`).
    fn rate_limit(&self, req: &Request) -> Reply {
        let mut l = lock(&self.limiter);
        if req.method == "POST" {
            let parse = |k: &str| req.f(k).map(|v| v.trim().parse::<u32>());
            match (parse("burst"), parse("daily_writes")) {
                (Some(Err(_)), _) | (_, Some(Err(_))) | (Some(Ok(0)), _) => {
                    return bad_request("burst (at least 1) and daily_writes must be whole numbers")
                }
                (burst, daily) => {
                    if let Some(Ok(b)) = burst {
                        l.limits.burst = b;
                    }
                    if let Some(Ok(d)) = daily {
                        l.limits.daily_writes = d;
                    }
                }
            }
        }
        Reply::json(200, &l.limits)
    }
}

impl Simulator for Pipedrive {
    fn lane(&self, req: &Request) -> Lane {
        if req.path.starts_with("/__sim/") {
            Lane::Control
        } else {
            Lane::Api
        }
    }

    fn api(&self, req: &Request) -> Reply {
        let (token, in_url) = token_of(req);
        *lock(&self.last_token) = token.clone();
        let user = self.read().user_by_token(&token).cloned();
        let write = matches!(req.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE");
        let reply = match &user {
            // Pipedrive's gateway refuses a bad token before anything else, on any path.
            None => {
                let headers = lock(&self.limiter).peek(&token, now_ms()).headers();
                with_headers(reply::status(401), headers)
            }
            Some(u) => {
                let verdict = lock(&self.limiter).check(&token, write, now_ms());
                let reply = if verdict.retry_after.is_some() {
                    reply::status(429)
                } else {
                    self.route(u, req)
                };
                with_headers(reply, verdict.headers())
            }
        };
        if in_url {
            let warning = match &reply.warning {
                Some(w) => format!("{TOKEN_IN_URL}; {w}"),
                None => TOKEN_IN_URL.to_string(),
            };
            reply.with_warning(warning)
        } else {
            reply
        }
    }

    fn control(&self, req: &Request) -> Reply {
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", "/__sim/delete") => self.delete(req),
            ("POST", "/__sim/touch") => self.touch(req),
            ("GET" | "POST", "/__sim/rate_limit") => self.rate_limit(req),
            _ => unknown_method(),
        }
    }

    fn failure(&self, failure: Failure) -> Reply {
        let reply = match failure {
            Failure::BodyTooLarge => error(413, "Request body too large"),
            Failure::TooManyRequests => reply::status(429),
            Failure::Injected(status) => reply::status(status),
            Failure::Panicked => error(500, "Internal server error (simulator bug)"),
            Failure::BadRequest(message) => bad_request(message),
            Failure::NotFound(_) => unknown_method(),
        };
        let token = lock(&self.last_token).clone();
        let mut verdict = lock(&self.limiter).peek(&token, now_ms());
        if reply.status == 429 {
            verdict.retry_after = Some(verdict.reset);
        }
        with_headers(reply, verdict.headers())
    }

    fn log_time(&self) -> String {
        dates::rfc3339(dates::now())
    }
}

fn with_headers(mut reply: Reply, headers: Vec<(&'static str, String)>) -> Reply {
    reply.headers.extend(headers);
    reply
}
