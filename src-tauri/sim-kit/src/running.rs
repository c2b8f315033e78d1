//! A started simulator with what a client needs to talk to it: each simulator crate's `Sim`
//! is a [`Running`] of its own `Info`, started by its [`Launch`].

use serde::Serialize;

use crate::{Faults, Listener, Options, Server, Simulator};

/// How a simulator crate builds its data and starts from its configuration; implemented by its
/// `Info` (what a client needs: URL, credentials…), so that `Sim::start(config)` reads the
/// same in every crate.
pub trait Launch: Sized {
    /// The crate's configuration.
    type Config;
    /// Builds the data, starts listening and returns once requests are answered.
    fn launch(config: Self::Config) -> anyhow::Result<Running<Self>>;
}

/// A running simulator and its info; dropping it stops it.
pub struct Running<I> {
    info: I,
    server: Server,
}

impl<I: Launch> Running<I> {
    /// Builds the data, starts listening and returns once requests are answered (on its own
    /// runtime thread, so it works from sync code, async code and GUI shells alike).
    pub fn start(config: I::Config) -> anyhow::Result<Self> {
        I::launch(config)
    }
}

impl<I: Serialize> Running<I> {
    /// Serves `sim` on `listener` in a thread called `name`, with `faults` at start-up;
    /// `GET /__sim/info` answers `info`.
    pub fn serve<S: Simulator>(
        listener: Listener,
        sim: S,
        name: &str,
        faults: Faults,
        info: I,
    ) -> anyhow::Result<Self> {
        let options = Options {
            name: name.into(),
            faults,
            info: serde_json::to_value(&info)?,
        };
        let server = listener.serve(sim, options)?;
        Ok(Running { info, server })
    }
}

impl<I> Running<I> {
    /// Where it listens and which credentials it accepts.
    pub fn info(&self) -> &I {
        &self.info
    }

    /// Stops it and waits for its thread.
    pub fn shutdown(self) {
        self.server.shutdown();
    }
}

/// Unix seconds of today's midnight (UTC): the anchor of a simulator's generated dates.
pub fn today() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    now.div_euclid(86_400) * 86_400
}
