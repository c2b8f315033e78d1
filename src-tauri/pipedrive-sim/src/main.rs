//! `pipedrive-sim`: runs the simulator and prints one JSON line (its Info) once ready.

use std::net::SocketAddr;

use clap::Parser;

/// A Pipedrive simulator (persons, deals, leads, notes) on one loopback port.
#[derive(Parser, Debug)]
#[command(name = "pipedrive-sim", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Persons (person i+1 has the number of twilio-sim's customer i for the same seed).
    #[arg(long, default_value_t = 200)]
    persons: u32,
    /// Deals.
    #[arg(long, default_value_t = 150)]
    deals: u32,
    /// Leads.
    #[arg(long, default_value_t = 60)]
    leads: u32,
    /// Seed of the data and of the faults.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Delay added to every API request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share (0..1) of API requests answered 500 or 503.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Requests per 2-second window per token before a 429.
    #[arg(long, default_value_t = 80)]
    burst: u32,
    /// POST/PUT requests per UTC day per token before a 429.
    #[arg(long, default_value_t = 10_000)]
    daily_writes: u32,
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let sim = pipedrive_sim::Sim::start(pipedrive_sim::Config {
        addr: a.addr,
        persons: a.persons,
        deals: a.deals,
        leads: a.leads,
        seed: a.seed,
        latency_ms: a.latency_ms,
        error_rate: a.error_rate,
        limits: pipedrive_sim::Limits {
            burst: a.burst.max(1),
            daily_writes: a.daily_writes,
        },
    })?;
    sim_kit::announce_and_serve_forever(sim.info())?;
    Ok(())
}
