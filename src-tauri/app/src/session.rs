//! What the window works on between commands: the archive it shows, the Twilio client to sync
//! it, the account checked but not yet confirmed, the running sync and the demo simulator.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use passerelle_core::archive::OpenedArchive;
use passerelle_core::connect::ConnectCheck;
use passerelle_core::inbox::ApprovedTemplate;
use passerelle_core::sync::CancellationToken;
use passerelle_core::twilio::Client;

/// Which archive the window shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveKind {
    /// The user's own archive (their Twilio account).
    Own,
    /// The throwaway archive filled from the built-in simulator.
    Demo,
}

/// An archive and the client that fills it.
#[derive(Clone)]
pub struct SyncTarget {
    /// Own or demo.
    pub kind: ArchiveKind,
    /// The SQLite file.
    pub db_path: PathBuf,
    /// The Twilio (or simulator) client that fills it.
    pub client: Client,
}

/// An account that passed the check and waits for the user to confirm its senders.
pub struct PendingAccount {
    /// What Twilio said about it.
    pub check: ConnectCheck,
    /// The client that checked it, with the credentials typed in (kept for the first sync;
    /// the secret goes to the keychain on confirmation).
    pub client: Client,
}

/// The window's working state, managed by Tauri.
pub struct Session {
    /// The app's data folder (`$XDG_DATA_HOME/eu.passerelle.desktop`).
    pub data_dir: PathBuf,
    target: Mutex<Option<SyncTarget>>,
    pending: Mutex<Option<PendingAccount>>,
    running: Mutex<Option<CancellationToken>>,
    demo: Mutex<Option<twilio_sim::Sim>>,
    /// The user acting in the window (`None`: the owner), for the archive shown.
    user: Mutex<Option<i64>>,
    /// The account's approved templates, read once from Twilio per archive shown.
    templates: Mutex<Option<Vec<ApprovedTemplate>>>,
    /// An archive file opened to read (File → Open archive): its copy is what the screens
    /// show until it is closed; Twilio actions are refused meanwhile.
    opened: Mutex<Option<OpenedArchive>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another command must not make the window unusable.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Session {
    /// An empty session over the app's data folder.
    pub fn new(data_dir: PathBuf) -> Self {
        Session {
            data_dir,
            target: Mutex::new(None),
            pending: Mutex::new(None),
            running: Mutex::new(None),
            demo: Mutex::new(None),
            user: Mutex::new(None),
            templates: Mutex::new(None),
            opened: Mutex::new(None),
        }
    }

    /// The user's own archive (the same file the `passerelle` command line uses).
    pub fn own_db_path(&self) -> PathBuf {
        self.data_dir.join("passerelle.db")
    }

    /// The demo archive, kept apart so trying the demo never mixes with real data.
    pub fn demo_dir(&self) -> PathBuf {
        self.data_dir.join("demo")
    }

    /// The archive file the window reads now: an opened file's copy, else the chosen one,
    /// else the user's own.
    pub fn shown_db_path(&self) -> PathBuf {
        if let Some(opened) = self.opened() {
            return opened.copy;
        }
        self.target()
            .map_or_else(|| self.own_db_path(), |target| target.db_path)
    }

    /// The archive shown now, if any.
    pub fn target(&self) -> Option<SyncTarget> {
        lock(&self.target).clone()
    }

    /// Shows (and syncs) this archive from now on; its owner acts until another user is
    /// switched to.
    pub fn set_target(&self, target: SyncTarget) {
        let changed = lock(&self.target)
            .as_ref()
            .is_none_or(|t| t.db_path != target.db_path);
        *lock(&self.target) = Some(target);
        if changed {
            *lock(&self.user) = None;
            *lock(&self.templates) = None;
        }
    }

    /// The archive shown: an opened file's copy, else the chosen one, else the user's own.
    pub fn db_path(&self) -> PathBuf {
        self.shown_db_path()
    }

    /// Where the copy of an opened archive file is kept.
    pub fn opened_folder(&self) -> PathBuf {
        self.data_dir.join("opened")
    }

    /// The archive file opened to read, if any.
    pub fn opened(&self) -> Option<OpenedArchive> {
        lock(&self.opened).clone()
    }

    /// Shows `opened` (or, with `None`, the archive shown before) from now on; its owner acts.
    pub fn set_opened(&self, opened: Option<OpenedArchive>) {
        *lock(&self.opened) = opened;
        *lock(&self.user) = None;
        *lock(&self.templates) = None;
    }

    /// The user acting now (`None`: the owner).
    pub fn user(&self) -> Option<i64> {
        *lock(&self.user)
    }

    /// Acts as `user` from now on.
    pub fn set_user(&self, user: i64) {
        *lock(&self.user) = Some(user);
    }

    /// The approved templates read earlier, if any.
    pub fn templates(&self) -> Option<Vec<ApprovedTemplate>> {
        lock(&self.templates).clone()
    }

    /// Keeps the approved templates read from Twilio.
    pub fn keep_templates(&self, templates: Vec<ApprovedTemplate>) {
        *lock(&self.templates) = Some(templates);
    }

    /// Keeps a checked account until the user confirms it.
    pub fn set_pending(&self, pending: PendingAccount) {
        *lock(&self.pending) = Some(pending);
    }

    /// Takes the checked account out (confirmation consumes it).
    pub fn take_pending(&self) -> Option<PendingAccount> {
        lock(&self.pending).take()
    }

    /// Puts a checked account back (its confirmation failed and may be retried).
    pub fn restore_pending(&self, pending: PendingAccount) {
        *lock(&self.pending) = Some(pending);
    }

    /// Marks a sync as running; `None` when one already runs.
    pub fn begin_sync(&self) -> Option<CancellationToken> {
        let mut running = lock(&self.running);
        if running.is_some() {
            return None;
        }
        let token = CancellationToken::new();
        *running = Some(token.clone());
        Some(token)
    }

    /// Marks the sync as finished.
    pub fn end_sync(&self) {
        *lock(&self.running) = None;
    }

    /// Asks the running sync to stop; false when none runs.
    pub fn cancel_sync(&self) -> bool {
        match lock(&self.running).as_ref() {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Keeps the demo simulator running (replacing and stopping a previous one).
    pub fn keep_demo(&self, sim: twilio_sim::Sim) {
        if let Some(previous) = lock(&self.demo).replace(sim) {
            previous.shutdown();
        }
    }

    /// Stops the demo simulator, if one runs.
    pub fn stop_demo(&self) {
        if let Some(sim) = lock(&self.demo).take() {
            sim.shutdown();
        }
    }
}
