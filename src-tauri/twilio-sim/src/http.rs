//! The Twilio front on the kit: Host-header (or path) routing to the three Twilio hosts, the
//! CDN path, the Twilio-specific control endpoints (`/__sim/inbound`, `/__sim/clock`), and
//! Twilio's spelling of the kit's failures and headers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use serde_json::json;
use sim_kit::{Failure, Lane, Request, Rng, Simulator};

use crate::ctx::Ctx;
use crate::reply::{Reply, TwilioReply as _};
use crate::world::World;
use crate::{api, content, senders};

/// The simulated Twilio, as the kit serves it.
pub struct Twilio {
    world: RwLock<World>,
    sim_url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Domain {
    Api,
    Messaging,
    Content,
    Unknown,
}

/// Which Twilio product a request is for, and whether it named a Twilio host (otherwise the
/// path decides, so one base URL serves every product).
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

impl Twilio {
    /// Serves `world` from a simulator listening at `sim_url`.
    pub fn new(world: World, sim_url: String) -> Twilio {
        Twilio {
            world: RwLock::new(world),
            sim_url,
        }
    }

    // The locks recover from poisoning: a handler bug answers 500 and the sim goes on.
    fn read(&self) -> RwLockReadGuard<'_, World> {
        self.world.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, World> {
        self.world.write().unwrap_or_else(|e| e.into_inner())
    }

    fn ctx<'a>(&'a self, req: &'a Request) -> (Ctx<'a>, Domain) {
        let (dom, twilio_host) = domain(&req.host, &req.path);
        (Ctx::new(req, twilio_host, &self.sim_url), dom)
    }

    /// `POST /__sim/clock`: moves the sim clock forward.
    fn advance_clock(&self, ctx: &Ctx) -> Reply {
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
        let mut w = self.write();
        w.clock_offset += secs;
        let now = w.now();
        Reply::json(
            200,
            &json!({"now": crate::dates::iso(now), "offset_seconds": w.clock_offset}),
        )
    }
}

impl Simulator for Twilio {
    fn lane(&self, req: &Request) -> Lane {
        let (_, twilio_host) = domain(&req.host, &req.path);
        if twilio_host {
            Lane::Api
        } else if req.path.starts_with("/__sim/") {
            Lane::Control
        } else if req.path.starts_with("/__cdn/") {
            Lane::Direct
        } else {
            Lane::Api
        }
    }

    fn api(&self, req: &Request) -> Reply {
        let (ctx, dom) = self.ctx(req);
        let read = ctx.method == "GET" || ctx.method == "HEAD";
        if !read && !["POST", "PUT", "DELETE"].contains(&ctx.method.as_str()) {
            return Reply::error(405, 20004, "Method not allowed");
        }
        if read {
            let w = self.read();
            match dom {
                Domain::Api => api::get(&w, &ctx),
                Domain::Messaging => senders::get(&w, &ctx),
                Domain::Content => content::get(&w, &ctx),
                Domain::Unknown => Reply::not_found(&ctx.path),
            }
        } else {
            let mut w = self.write();
            match dom {
                Domain::Api => api::write(&mut w, &ctx),
                Domain::Messaging => senders::write(&mut w, &ctx),
                Domain::Content => content::write(&mut w, &ctx),
                Domain::Unknown => Reply::not_found(&ctx.path),
            }
        }
    }

    /// `/__cdn/{ME}`: media bytes behind signed links.
    fn direct(&self, req: &Request) -> Reply {
        let (ctx, _) = self.ctx(req);
        let sid = ctx.segs.get(1).map(String::as_str).unwrap_or_default();
        let has_auth = req.headers.contains_key("authorization");
        api::cdn(&self.read(), &ctx, sid, has_auth)
    }

    fn control(&self, req: &Request) -> Reply {
        let (ctx, _) = self.ctx(req);
        match (ctx.method.as_str(), ctx.path.as_str()) {
            ("POST", "/__sim/inbound") => api::inbound(&mut self.write(), &ctx),
            ("POST", "/__sim/clock") => self.advance_clock(&ctx),
            ("GET", "/__sim/clock") => {
                let w = self.read();
                Reply::json(
                    200,
                    &json!({"now": crate::dates::iso(w.peek_now()), "offset_seconds": w.clock_offset}),
                )
            }
            _ => Reply::not_found(&ctx.path),
        }
    }

    fn failure(&self, failure: Failure) -> Reply {
        match failure {
            Failure::BodyTooLarge => {
                Reply::error(413, 20001, "Request body too large or unreadable")
            }
            Failure::TooManyRequests => Reply::error(429, 20429, "Too Many Requests"),
            Failure::Injected(500) => Reply::error(500, 20500, "Internal Server Error"),
            Failure::Injected(_) => Reply::error(503, 20503, "Service Unavailable"),
            Failure::Panicked => Reply::error(500, 20500, "Internal Server Error (simulator bug)"),
            Failure::BadRequest(message) => Reply::error(400, 20001, message),
            Failure::NotFound(path) => Reply::not_found(&path),
        }
    }

    fn log_time(&self) -> String {
        crate::dates::iso(self.read().peek_now())
    }

    fn api_headers(&self, in_flight: usize) -> Vec<(&'static str, String)> {
        static REQUESTS: AtomicUsize = AtomicUsize::new(0);
        let n = REQUESTS.fetch_add(1, Ordering::Relaxed) as u64;
        vec![
            ("Twilio-Concurrent-Requests", in_flight.to_string()),
            (
                "Twilio-Request-Id",
                format!("RQ{}", Rng::stream(0x5251, n).hex32()),
            ),
        ]
    }
}
