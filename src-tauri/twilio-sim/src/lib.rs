//! A faithful Twilio simulator for Passerelle's tests, benchmarks and demo mode.
//!
//! It serves, on one loopback port, the parts of `api.twilio.com/2010-04-01` (Accounts,
//! Messages, Media), `messaging.twilio.com/v2/Channels/Senders` and `content.twilio.com/v1`
//! that Passerelle uses, with Twilio's wire formats, errors and WhatsApp rules, over a seeded
//! history of up to millions of messages. Depends on nothing of Passerelle's.

mod api;
mod content;
mod ctx;
mod dates;
mod generate;
mod http;
mod media;
mod product;
mod reply;
mod senders;
pub mod sid;
mod texts;
mod world;

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

/// How to build and run a simulator.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (`127.0.0.1:0` picks a free port).
    pub addr: SocketAddr,
    /// Messages of the main account.
    pub messages: u64,
    /// Customers of the main account.
    pub contacts: u32,
    /// Years of history.
    pub years: u32,
    /// Seed of the data (and of the faults, unless changed at run time).
    pub seed: u64,
    /// Delay added to every API request.
    pub latency_ms: u64,
    /// Requests in flight above this answer 429 / 20429.
    pub max_concurrency: Option<usize>,
    /// Share (0..1) of API requests answered 500 or 503.
    pub error_rate: f64,
    /// Share (0..1) of API responses whose connection is cut mid-body.
    pub cut_rate: f64,
    /// Customers of the main account's first sender who wrote in the last hours, so their
    /// 24-hour windows are open at start (the demo uses it).
    pub open_windows: u32,
}

impl Default for Config {
    /// A small data set: 2000 messages, 200 contacts, 3 years, seed 7, no faults.
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            messages: 2_000,
            contacts: 200,
            years: 3,
            seed: 7,
            latency_ms: 0,
            max_concurrency: None,
            error_rate: 0.0,
            cut_rate: 0.0,
            open_windows: 0,
        }
    }
}

/// What a client needs to talk to a running simulator (the binary prints it as one JSON line).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Info {
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    /// The main (paid) account.
    pub account_sid: String,
    /// Its auth token.
    pub auth_token: String,
    /// An API key of the main account.
    pub api_key_sid: String,
    /// Its secret.
    pub api_key_secret: String,
    /// A Standard API key of the main account: refused on the Accounts resource, accepted
    /// everywhere else.
    pub standard_api_key_sid: String,
    /// Its secret.
    pub standard_api_key_secret: String,
    /// A subaccount of the main account (own sender, small history).
    pub subaccount_sid: String,
    /// Its auth token.
    pub subaccount_auth_token: String,
    /// A trial account.
    pub trial_account_sid: String,
    /// Its auth token.
    pub trial_auth_token: String,
    /// A paid account without any WhatsApp sender.
    pub no_sender_account_sid: String,
    /// Its auth token.
    pub no_sender_auth_token: String,
    /// A suspended account.
    pub suspended_account_sid: String,
    /// Its auth token.
    pub suspended_auth_token: String,
    /// A paid account whose only WhatsApp sender is not ONLINE.
    pub offline_sender_account_sid: String,
    /// Its auth token.
    pub offline_sender_auth_token: String,
    /// The main account's WhatsApp senders (`whatsapp:+…`).
    pub senders: Vec<String>,
    /// Messages the main account holds.
    pub messages: u64,
}

/// A running simulator; dropping it stops it. `Sim::start(config)` builds the data, starts
/// listening and returns once requests are answered (its own tokio runtime on a background
/// thread, so it works from sync code, async code and Tauri); `info()` says where it listens
/// and which credentials it accepts.
pub type Sim = sim_kit::Running<Info>;

impl sim_kit::Launch for Info {
    type Config = Config;

    fn launch(config: Config) -> anyhow::Result<Sim> {
        let listener = sim_kit::Listener::bind(config.addr)?;
        let url = listener.url().to_string();
        let day = sim_kit::today();
        let plan = generate::Plan {
            messages: config.messages,
            contacts: config.contacts,
            years: config.years,
            seed: config.seed,
            anchor: day,
        };
        let mut world = generate::world(&plan);
        api::messages::open_windows(&mut world, config.open_windows, day);
        let info = info_of(&world, &url, config.messages);
        let faults = sim_kit::Faults {
            latency_ms: config.latency_ms,
            max_concurrency: config.max_concurrency,
            error_rate: config.error_rate,
            cut_rate: config.cut_rate,
            seed: config.seed,
        };
        Sim::serve(
            listener,
            http::Twilio::new(world, url),
            "twilio-sim",
            faults,
            info,
        )
    }
}

fn info_of(w: &world::World, url: &str, messages: u64) -> Info {
    let a = &w.accounts;
    Info {
        url: url.to_string(),
        account_sid: a[0].sid.clone(),
        auth_token: a[0].token.clone(),
        api_key_sid: w.api_keys[0].0.clone(),
        api_key_secret: w.api_keys[0].1.clone(),
        standard_api_key_sid: w.api_keys[1].0.clone(),
        standard_api_key_secret: w.api_keys[1].1.clone(),
        subaccount_sid: a[1].sid.clone(),
        subaccount_auth_token: a[1].token.clone(),
        trial_account_sid: a[2].sid.clone(),
        trial_auth_token: a[2].token.clone(),
        no_sender_account_sid: a[3].sid.clone(),
        no_sender_auth_token: a[3].token.clone(),
        suspended_account_sid: a[4].sid.clone(),
        suspended_auth_token: a[4].token.clone(),
        offline_sender_account_sid: a[5].sid.clone(),
        offline_sender_auth_token: a[5].token.clone(),
        senders: w
            .senders
            .iter()
            .filter(|s| s.account == 0)
            .map(|s| w.addrs[s.addr as usize].text.clone())
            .collect(),
        messages,
    }
}
