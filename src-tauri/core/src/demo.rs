//! The demo: a throwaway archive filled from the built-in Twilio simulator, connected through
//! the same checks as a real account.
//!
//! The simulator itself is started by the caller (the app) and handed over as a [`SimAccess`]:
//! the core does not depend on `twilio-sim`, a test tool with its own HTTP server that the
//! command line has no use for. Everything else about the demo — its size, its folder, the
//! connection — is decided here.

use crate::connect::{self, Confirmation, ConnectCheck, KeepSecret, Owner};
use crate::error::{Error, Result};
use crate::twilio::{Client, Credentials, Endpoints};
use crate::Secret;
use std::path::{Path, PathBuf};

/// Messages in the demo archive: enough to feel real, quick to sync.
pub const MESSAGES: u64 = 3_000;
/// Contacts in the demo archive.
pub const CONTACTS: u32 = 120;
/// Demo customers who wrote in the last hours, so a new user can reply at once (the others
/// show what a closed 24-hour window looks like).
pub const OPEN_WINDOWS: u32 = 8;
/// Optional latency (ms) the demo simulator adds to each request, to watch or test the
/// progress bar and the cancel button on a sync that would otherwise finish in a blink.
pub const LATENCY_ENV: &str = "PASSERELLE_DEMO_LATENCY_MS";

/// The latency asked through [`LATENCY_ENV`], 0 when unset or not a number.
pub fn latency_ms() -> u64 {
    std::env::var(LATENCY_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The demo archive inside the demo folder.
pub fn db_path(demo_dir: &Path) -> PathBuf {
    demo_dir.join("passerelle.db")
}

/// Empties the demo folder: each demo starts from an empty archive, since the simulator's
/// history is generated afresh. Blocking.
pub fn clear(demo_dir: &Path) -> Result<()> {
    if demo_dir.exists() {
        std::fs::remove_dir_all(demo_dir)
            .map_err(|e| Error::io("clearing the previous demo archive", e))?;
    }
    Ok(())
}

/// How to reach the running simulator.
#[derive(Clone, Debug)]
pub struct SimAccess {
    /// Its base URL (`http://127.0.0.1:…`).
    pub url: String,
    /// The simulated account.
    pub account_sid: String,
    /// The simulator's throwaway token.
    pub auth_token: String,
}

/// A demo connected and ready to sync.
pub struct Demo {
    /// The archive.
    pub db_path: PathBuf,
    /// The client that fills it from the simulator.
    pub client: Client,
    /// The simulated account and its senders.
    pub check: ConnectCheck,
}

/// Connects a fresh demo archive in `demo_dir` to the simulator, through the same checks as a
/// real account. The secret is the simulator's own throwaway token, so it does not go to the
/// keychain.
pub async fn connect(demo_dir: &Path, sim: &SimAccess) -> Result<Demo> {
    let credentials =
        Credentials::auth_token(&sim.account_sid, Secret::new(sim.auth_token.clone()))?;
    let client = Client::new(Endpoints::single(&sim.url)?, credentials)?;
    let check = connect::check(&client).await?;
    let db_path = db_path(demo_dir);
    let confirmation = Confirmation {
        senders: Vec::new(),
        owner: Owner {
            name: "Demo".into(),
            email: None,
        },
        secret: KeepSecret::Nowhere,
    };
    let (path, checked, demo_client) = (db_path.clone(), check.clone(), client.clone());
    tokio::task::spawn_blocking(move || {
        connect::confirm(&path, &checked, &confirmation, &demo_client)
    })
    .await
    .map_err(|e| Error::Internal(format!("background task failed: {e}")))??;
    Ok(Demo {
        db_path,
        client,
        check,
    })
}
