//! `twilio-sim`: runs the simulator and prints one JSON line (its Info) once ready.

use std::net::SocketAddr;

use clap::Parser;

/// A faithful Twilio simulator (WhatsApp messages, senders, templates) on one loopback port.
#[derive(Parser, Debug)]
#[command(name = "twilio-sim", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Messages of the main account.
    #[arg(long, default_value_t = 2_000)]
    messages: u64,
    /// Customers of the main account.
    #[arg(long, default_value_t = 200)]
    contacts: u32,
    /// Years of history.
    #[arg(long, default_value_t = 3)]
    years: u32,
    /// Seed of the data and of the faults.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Delay added to every API request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Requests in flight above this answer 429 / 20429.
    #[arg(long)]
    max_concurrency: Option<usize>,
    /// Share (0..1) of API requests answered 500 or 503.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Share (0..1) of API responses cut mid-body.
    #[arg(long, default_value_t = 0.0)]
    cut_rate: f64,
    /// Customers who wrote in the last hours (their 24-hour windows open at start).
    #[arg(long, default_value_t = 0)]
    open_windows: u32,
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let sim = twilio_sim::Sim::start(twilio_sim::Config {
        addr: a.addr,
        messages: a.messages,
        contacts: a.contacts,
        years: a.years,
        seed: a.seed,
        latency_ms: a.latency_ms,
        max_concurrency: a.max_concurrency,
        error_rate: a.error_rate,
        cut_rate: a.cut_rate,
        open_windows: a.open_windows,
    })?;
    sim_kit::announce_and_serve_forever(sim.info())?;
    Ok(())
}
