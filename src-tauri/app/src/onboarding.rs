//! Onboarding: connect a Twilio account (check, then confirm its senders), or start the demo.
//! Each command adapts one core call; blocking work (SQLite, starting the simulator) runs off
//! the async runtime's threads.

use passerelle_core::connect::{self, ConnectCheck, Owner, SavedConnection};
use passerelle_core::twilio::{Client, Credentials, Endpoints};
use passerelle_core::{keychain, Error, Lang, Secret, Store};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::{ArchiveKind, PendingAccount, Session, SyncTarget};
use crate::wire::WireError;

/// Messages in the demo archive: enough to feel real, quick to sync.
const DEMO_MESSAGES: u64 = 3_000;
/// Contacts in the demo archive.
const DEMO_CONTACTS: u32 = 120;
/// Optional latency (ms) the demo simulator adds to each request, to watch or test the
/// progress bar and the cancel button on a sync that would otherwise finish in a blink.
const DEMO_LATENCY_ENV: &str = "PASSERELLE_DEMO_LATENCY_MS";

fn demo_latency_ms() -> u64 {
    std::env::var(DEMO_LATENCY_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The connect form as typed by the user.
#[derive(Deserialize)]
pub struct AccountForm {
    account_sid: String,
    /// `auth_token` or `api_key`.
    method: String,
    #[serde(default)]
    auth_token: String,
    #[serde(default)]
    api_key_sid: String,
    #[serde(default)]
    api_key_secret: String,
}

impl AccountForm {
    fn credentials(self) -> passerelle_core::Result<Credentials> {
        if self.method == "api_key" {
            Credentials::api_key(
                &self.account_sid,
                &self.api_key_sid,
                Secret::new(self.api_key_secret),
            )
        } else {
            Credentials::auth_token(&self.account_sid, Secret::new(self.auth_token))
        }
    }
}

/// Runs blocking work on the blocking pool; a panic there becomes an internal error.
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> passerelle_core::Result<T> + Send + 'static,
) -> passerelle_core::Result<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(format!("background task failed: {e}")))?
}

/// Checks the account behind the form against Twilio (or `PASSERELLE_TWILIO_URL`); on success
/// keeps it until the user confirms which senders to archive.
#[tauri::command]
pub async fn check_account(
    form: AccountForm,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Result<ConnectCheck, WireError> {
    let lang = lang.get();
    let fail = |e: Error| WireError::from_core(&e, lang);
    let credentials = form.credentials().map_err(fail)?;
    let client =
        Client::new(Endpoints::resolve(None).map_err(fail)?, credentials.clone()).map_err(fail)?;
    let check = connect::check(&client).await.map_err(fail)?;
    tracing::info!(account = %check.account.sid, senders = check.senders.len(), "account checked");
    session.set_pending(PendingAccount {
        check: check.clone(),
        client,
        credentials,
    });
    Ok(check)
}

/// The user's confirmation of a checked account.
#[derive(Deserialize)]
pub struct Confirmation {
    /// Sender addresses (`whatsapp:+…`) to archive.
    senders: Vec<String>,
    /// The name of the person connecting: they become the owner.
    owner_name: String,
}

/// Saves the checked account: the secret into the OS keychain (refused when there is none),
/// the account, its chosen senders and its owner into the archive. The archive becomes the one
/// the window shows and syncs.
#[tauri::command]
pub async fn confirm_account(
    confirmation: Confirmation,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Result<SavedConnection, WireError> {
    let lang = lang.get();
    let owner_name = confirmation.owner_name.trim().to_owned();
    if owner_name.is_empty() {
        let e = Error::invalid("owner_name", "indiquez votre nom", "enter your name");
        return Err(WireError::from_core(&e, lang));
    }
    let Some(pending) = session.take_pending() else {
        return Err(WireError::from_core(&Error::NotConnected, lang));
    };
    let db_path = session.own_db_path();
    let owner = Owner {
        name: owner_name,
        email: None,
    };
    let (check, credentials, chosen) = (
        pending.check.clone(),
        pending.credentials.clone(),
        confirmation.senders,
    );
    let endpoints = pending.client.endpoints().clone();
    let path = db_path.clone();
    let saved = off_thread(move || {
        keychain::save(&credentials)?;
        let mut store = Store::open(&path)?;
        connect::save(
            &mut store,
            &check,
            &chosen,
            &owner,
            &credentials,
            &endpoints,
        )
    })
    .await;
    match saved {
        Ok(saved) => {
            tracing::info!(account = %saved.account_sid, senders = saved.senders.len(), "account connected");
            session.set_target(SyncTarget {
                kind: ArchiveKind::Own,
                db_path,
                client: pending.client,
            });
            Ok(saved)
        }
        Err(e) => {
            session.restore_pending(pending);
            Err(WireError::from_core(&e, lang))
        }
    }
}

/// What the demo started.
#[derive(Serialize)]
pub struct DemoStarted {
    /// The simulated account and its senders.
    check: ConnectCheck,
    /// Messages the simulator holds.
    messages: u64,
}

/// Starts the built-in Twilio simulator on a loopback port with a few thousand messages and
/// connects a fresh demo archive to it through the same checks as a real account. The secret is
/// the simulator's own throwaway token, so it does not go to the keychain.
#[tauri::command]
pub async fn start_demo(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Result<DemoStarted, WireError> {
    let lang: Lang = lang.get();
    let fail = |e: Error| WireError::from_core(&e, lang);
    session.stop_demo();
    let demo_dir = session.demo_dir();
    let sim = off_thread(move || {
        // Each demo starts from an empty archive: the simulator's history is generated afresh.
        if demo_dir.exists() {
            std::fs::remove_dir_all(&demo_dir)
                .map_err(|e| Error::io("clearing the previous demo archive", e))?;
        }
        let config = twilio_sim::Config {
            messages: DEMO_MESSAGES,
            contacts: DEMO_CONTACTS,
            latency_ms: demo_latency_ms(),
            ..Default::default()
        };
        twilio_sim::Sim::start(config)
            .map_err(|e| Error::Internal(format!("demo simulator: {e:#}")))
    })
    .await
    .map_err(fail)?;
    let info = sim.info().clone();
    session.keep_demo(sim);
    tracing::info!(url = %info.url, messages = info.messages, "demo simulator started");

    let credentials =
        Credentials::auth_token(&info.account_sid, Secret::new(info.auth_token.clone()))
            .map_err(fail)?;
    let endpoints = Endpoints::single(&info.url).map_err(fail)?;
    let client = Client::new(endpoints.clone(), credentials.clone()).map_err(fail)?;
    let check = connect::check(&client).await.map_err(fail)?;

    let db_path = session.demo_dir().join("passerelle.db");
    let (path, saved_check) = (db_path.clone(), check.clone());
    off_thread(move || {
        let mut store = Store::open(&path)?;
        let owner = Owner {
            name: "Demo".into(),
            email: None,
        };
        connect::save(
            &mut store,
            &saved_check,
            &[],
            &owner,
            &credentials,
            &endpoints,
        )
    })
    .await
    .map_err(fail)?;
    session.set_target(SyncTarget {
        kind: ArchiveKind::Demo,
        db_path,
        client,
    });
    Ok(DemoStarted {
        check,
        messages: info.messages,
    })
}
