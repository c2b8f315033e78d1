//! Onboarding: connect a Twilio account (check, then confirm its senders), or start the demo.
//! Each command adapts one core call; blocking work (SQLite, the keychain, starting the
//! simulator) runs off the async runtime's threads.

use passerelle_core::connect::{self, ConnectCheck, KeepSecret, Owner, SavedConnection};
use passerelle_core::twilio::{Client, Credentials, Endpoints};
use passerelle_core::{demo, Error, Secret};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::preferences::CurrentLanguage;
use crate::session::{ArchiveKind, PendingAccount, Session, SyncTarget};
use crate::wire::{answer, blocking, Answer};

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

/// Checks the account behind the form against Twilio (or `PASSERELLE_TWILIO_URL`); on success
/// keeps it until the user confirms which senders to archive.
#[tauri::command]
pub async fn check_account(
    form: AccountForm,
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<ConnectCheck> {
    answer(lang.get(), check(form, &session).await)
}

async fn check(form: AccountForm, session: &Session) -> passerelle_core::Result<ConnectCheck> {
    let credentials = form.credentials()?;
    let client = Client::new(Endpoints::resolve(None)?, credentials)?;
    let check = connect::check(&client).await?;
    tracing::info!(account = %check.account.sid, senders = check.senders.len(), "account checked");
    session.set_pending(PendingAccount {
        check: check.clone(),
        client,
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
) -> Answer<SavedConnection> {
    answer(lang.get(), confirm(confirmation, &session).await)
}

async fn confirm(
    confirmation: Confirmation,
    session: &Session,
) -> passerelle_core::Result<SavedConnection> {
    let owner_name = confirmation.owner_name.trim().to_owned();
    if owner_name.is_empty() {
        return Err(Error::invalid(
            "owner_name",
            "indiquez votre nom",
            "enter your name",
        ));
    }
    let pending = session.take_pending().ok_or(Error::NotConnected)?;
    let db_path = session.own_db_path();
    let confirmed = connect::Confirmation {
        senders: confirmation.senders,
        owner: Owner {
            name: owner_name,
            email: None,
        },
        secret: KeepSecret::InKeychain,
    };
    let (path, check, client) = (
        db_path.clone(),
        pending.check.clone(),
        pending.client.clone(),
    );
    let saved = blocking(move || connect::confirm(&path, &check, &confirmed, &client)).await;
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
            Err(e)
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
/// connects a fresh demo archive to it (see [`demo::connect`]).
#[tauri::command]
pub async fn start_demo(
    session: State<'_, Session>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<DemoStarted> {
    answer(lang.get(), start(&session).await)
}

async fn start(session: &Session) -> passerelle_core::Result<DemoStarted> {
    session.stop_demo();
    let demo_dir = session.demo_dir();
    let sim = blocking(move || {
        demo::clear(&demo_dir)?;
        let config = twilio_sim::Config {
            messages: demo::MESSAGES,
            contacts: demo::CONTACTS,
            latency_ms: demo::latency_ms(),
            open_windows: demo::OPEN_WINDOWS,
            ..Default::default()
        };
        twilio_sim::Sim::start(config)
            .map_err(|e| Error::Internal(format!("demo simulator: {e:#}")))
    })
    .await?;
    let info = sim.info().clone();
    session.keep_demo(sim);
    tracing::info!(url = %info.url, messages = info.messages, "demo simulator started");
    let access = demo::SimAccess {
        url: info.url,
        account_sid: info.account_sid,
        auth_token: info.auth_token,
    };
    let demo = demo::connect(&session.demo_dir(), &access).await?;
    session.set_target(SyncTarget {
        kind: ArchiveKind::Demo,
        db_path: demo.db_path,
        client: demo.client,
    });
    Ok(DemoStarted {
        check: demo.check,
        messages: info.messages,
    })
}
