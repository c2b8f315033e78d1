//! A Pipedrive simulator for Passerelle's tests and demo mode.
//!
//! It serves, on one loopback port, the parts of Pipedrive's API that Passerelle's CRM
//! connector uses — the current user (`/v1/users/me`), persons and deals (v2, cursor
//! pagination), leads (v1, offset pagination) and notes (v1) — with Pipedrive's envelopes,
//! error bodies, API-token authentication and rate-limit headers, over a seeded company whose
//! persons carry the phone numbers of the Twilio simulator's customers (`sim_kit::people`).
//! Depends on nothing of Passerelle's but the simulator kit.

mod api;
mod cursor;
mod dates;
mod generate;
mod http;
mod ratelimit;
mod reply;
mod world;

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

pub use http::TOKEN_IN_URL;
pub use ratelimit::Limits;

/// How to build and run a simulator.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (`127.0.0.1:0` picks a free port).
    pub addr: SocketAddr,
    /// Persons (person `i + 1` has the number of the Twilio simulator's customer `i`).
    pub persons: u32,
    /// Deals.
    pub deals: u32,
    /// Leads.
    pub leads: u32,
    /// Seed of the data (and of the faults).
    pub seed: u64,
    /// Delay added to every API request.
    pub latency_ms: u64,
    /// Share (0..1) of API requests answered 500 or 503.
    pub error_rate: f64,
    /// Rate limits per token.
    pub limits: Limits,
}

impl Default for Config {
    /// 200 persons (the Twilio simulator's default customer count), 150 deals, 60 leads,
    /// seed 7 (twilio-sim's default), no faults.
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            persons: 200,
            deals: 150,
            leads: 60,
            seed: 7,
            latency_ms: 0,
            error_rate: 0.0,
            limits: Limits::default(),
        }
    }
}

/// What a client needs to talk to a running simulator (the binary prints it as one JSON line).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Info {
    /// Base URL, e.g. `http://127.0.0.1:40123` (v1 under `/v1` or `/api/v1`, v2 under
    /// `/api/v2`).
    pub url: String,
    /// An admin's API token (may set a note's `add_time`).
    pub api_token: String,
    /// A regular user's API token (its `add_time` is ignored).
    pub member_api_token: String,
    /// The admin's user id.
    pub admin_user_id: u64,
    /// The regular user's id.
    pub member_user_id: u64,
    /// The company domain (`{domain}.pipedrive.com`).
    pub company_domain: String,
    /// The company name.
    pub company_name: String,
    /// Persons held.
    pub persons: u32,
    /// Deals held.
    pub deals: u32,
    /// Leads held.
    pub leads: u32,
    /// The seed (the Twilio simulator started with the same seed has the same customers).
    pub seed: u64,
}

/// A running simulator; dropping it stops it. `Sim::start(config)` builds the data, starts
/// listening and returns once requests are answered; `info()` says where it listens and which
/// tokens it accepts.
pub type Sim = sim_kit::Running<Info>;

impl sim_kit::Launch for Info {
    type Config = Config;

    fn launch(config: Config) -> anyhow::Result<Sim> {
        let listener = sim_kit::Listener::bind(config.addr)?;
        let world = generate::world(&generate::Plan {
            persons: config.persons,
            deals: config.deals,
            leads: config.leads,
            seed: config.seed,
            anchor: sim_kit::today(),
        });
        let info = Info {
            url: listener.url().to_string(),
            api_token: world.users[0].token.clone(),
            member_api_token: world.users[1].token.clone(),
            admin_user_id: world.users[0].id,
            member_user_id: world.users[1].id,
            company_domain: world.company_domain.clone(),
            company_name: world.company_name.clone(),
            persons: config.persons,
            deals: config.deals,
            leads: config.leads,
            seed: config.seed,
        };
        let faults = sim_kit::Faults {
            latency_ms: config.latency_ms,
            error_rate: config.error_rate,
            seed: config.seed,
            ..Default::default()
        };
        let pipedrive = http::Pipedrive::new(world, config.limits);
        Sim::serve(listener, pipedrive, "pipedrive-sim", faults, info)
    }
}
