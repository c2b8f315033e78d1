//! Disconnecting the Twilio account (the integration's "uninstall"), as a persisted state
//! machine that a kill at any moment cannot break: each step is idempotent and the state is
//! written after it, so a resumed disconnect redoes at most the step it was in.
//!
//! Steps, in order ([`Step::next`]): a backup of the archive (`VACUUM INTO` a dated file in
//! the backups folder) → notes for every linked conversation → the notes pushed to the
//! connected CRM, if any ([`Hooks::push_to_crm`]: Pipedrive's push by default, resumable and
//! never twice) → the secret removed from the keychain → the connection marked disconnected. The archive stays, read-only for
//! Twilio actions ([`is_disconnected`]); connecting again lifts that.
//!
//! Only the owner (the administrator who connected the integration) disconnects; the start is
//! written in the audit log.

use crate::connect::{self, SavedConnection};
use crate::error::{Error, Result};
use crate::inbox::visibility::{Action, Viewer};
use crate::lang::Lang;
use crate::notes::{self, ConvertOptions, ConvertReport};
use crate::pipedrive::notes::{push_on_disconnect, ArchivePush};
use crate::store::{backups, disconnects as table, now_unix, Store};
use serde::{Deserialize, Serialize};

/// The step a disconnect runs next (persisted; the UI switches on `type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    /// Back up the archive.
    Backup,
    /// Write notes for every linked conversation.
    Notes,
    /// Push the notes to the connected CRM (nothing when none is connected).
    CrmPush,
    /// Remove the secret from the keychain.
    RemoveSecret,
    /// Mark the connection disconnected.
    MarkDisconnected,
    /// Finished.
    Done,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 6] = [
        Step::Backup,
        Step::Notes,
        Step::CrmPush,
        Step::RemoveSecret,
        Step::MarkDisconnected,
        Step::Done,
    ];

    /// The step after this one.
    pub fn next(self) -> Step {
        match self {
            Step::Backup => Step::Notes,
            Step::Notes => Step::CrmPush,
            Step::CrmPush => Step::RemoveSecret,
            Step::RemoveSecret => Step::MarkDisconnected,
            Step::MarkDisconnected | Step::Done => Step::Done,
        }
    }
}

/// A disconnect and what its steps did so far, as persisted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disconnect {
    /// Row id.
    pub id: i64,
    /// The account being disconnected.
    pub account_sid: String,
    /// Who asked (the owner).
    pub actor_id: i64,
    /// What runs next.
    pub step: Step,
    /// The backup made by the first step.
    pub backup: Option<String>,
    /// What the notes step wrote.
    pub notes: Option<ConvertReport>,
    /// What the CRM step pushed, and the notes that failed with their reasons (`None`:
    /// not run yet, or no CRM connected).
    #[serde(default)]
    pub crm: Option<ArchivePush>,
    /// How the notes are written (kept from the start so a resumed run writes the same).
    pub options: ConvertOptions,
}

/// What the steps call outside the archive: the default removes the secret from the OS
/// keychain and pushes the notes to the connected Pipedrive company (none connected: nothing).
pub struct Hooks<'a> {
    /// Removes the connection's secret (absent must be fine: a resumed step repeats it).
    pub remove_secret: &'a dyn Fn(&SavedConnection) -> Result<()>,
    /// Pushes the notes to the connected CRM in the notes' language, `None` when no CRM is
    /// connected; must be idempotent (a resumed step repeats it).
    pub push_to_crm: &'a dyn Fn(&Store, Lang) -> Result<Option<ArchivePush>>,
}

impl Default for Hooks<'_> {
    fn default() -> Self {
        Hooks {
            remove_secret: &crate::keychain::delete,
            push_to_crm: &push_to_connected_crm,
        }
    }
}

/// The CRM step of a disconnect without a window to report to: no progress, never cancelled
/// (a kill stops it; the resumed step pushes only what is missing).
fn push_to_connected_crm(store: &Store, lang: Lang) -> Result<Option<ArchivePush>> {
    push_on_disconnect(
        store,
        lang,
        &|_| {},
        &tokio_util::sync::CancellationToken::new(),
    )
}

/// Starts disconnecting (or returns the disconnect already under way, to resume it). The
/// owner only; the start is written in the audit log.
pub fn start(store: &Store, viewer: &Viewer, options: ConvertOptions) -> Result<Disconnect> {
    viewer.check(store, Action::Disconnect)?;
    if let Some(run) = current(store)? {
        return Ok(run);
    }
    let saved = connect::saved(store)?.ok_or(Error::NotConnected)?;
    if is_disconnected(store)? {
        return Err(Error::NotConnected);
    }
    let tx = store.conn().unchecked_transaction()?;
    let mut run = Disconnect {
        id: 0,
        account_sid: saved.account_sid.to_string(),
        actor_id: viewer.user.id,
        step: Step::Backup,
        backup: None,
        notes: None,
        crm: None,
        options,
    };
    run.id = table::insert(
        &tx,
        &run.account_sid,
        run.actor_id,
        &encode(&run)?,
        now_unix(),
    )?;
    crate::users::record_disconnect(store, viewer, &saved.account_sid)?;
    tx.commit()?;
    Ok(run)
}

/// The disconnect under way, if one was interrupted.
pub fn current(store: &Store) -> Result<Option<Disconnect>> {
    table::unfinished(store.conn())?
        .map(|(id, state)| decode(id, &state))
        .transpose()
}

/// The latest disconnect, finished or not (what Settings shows).
pub fn latest(store: &Store) -> Result<Option<Disconnect>> {
    table::latest(store.conn())?
        .map(|(id, state)| decode(id, &state))
        .transpose()
}

/// Whether the connected account was disconnected: Twilio actions are refused, the archive
/// reads as before.
pub fn is_disconnected(store: &Store) -> Result<bool> {
    table::is_disconnected(store.conn())
}

/// Refuses a Twilio action (sync, send) on a disconnected account.
pub fn ensure_connected(store: &Store) -> Result<()> {
    if is_disconnected(store)? {
        Err(Error::NotConnected)
    } else {
        Ok(())
    }
}

/// Runs the next step of `run` and saves the state after it; the new state.
pub fn run_step(store: &Store, run: &Disconnect, hooks: &Hooks<'_>) -> Result<Disconnect> {
    let mut next = run.clone();
    match run.step {
        Step::Backup => {
            let path = store.path().ok_or_else(|| {
                Error::Internal("an archive in memory cannot be backed up".into())
            })?;
            let copy = backups::back_up(store.conn(), path, "disconnect")?;
            next.backup = Some(copy.to_string_lossy().into_owned());
        }
        Step::Notes => {
            let owner = Viewer::as_user(store, run.actor_id)?;
            next.notes = Some(notes::convert_all(store, &owner, &run.options, &|_, _| {})?);
        }
        Step::CrmPush => next.crm = (hooks.push_to_crm)(store, run.options.lang)?,
        Step::RemoveSecret => {
            if let Some(saved) = connect::saved(store)? {
                (hooks.remove_secret)(&saved)?;
            }
        }
        Step::MarkDisconnected | Step::Done => {}
    }
    next.step = run.step.next();
    let finished = run.step == Step::MarkDisconnected;
    table::save(store.conn(), run.id, &encode(&next)?, now_unix(), finished)?;
    Ok(next)
}

/// Runs every remaining step of `run`, calling `progress` after each.
pub fn run_to_end(
    store: &Store,
    run: Disconnect,
    hooks: &Hooks<'_>,
    progress: &dyn Fn(&Disconnect),
) -> Result<Disconnect> {
    let mut run = run;
    while run.step != Step::Done {
        run = run_step(store, &run, hooks)?;
        progress(&run);
    }
    Ok(run)
}

fn encode(run: &Disconnect) -> Result<String> {
    serde_json::to_string(run).map_err(|e| Error::Internal(format!("disconnect state: {e}")))
}

fn decode(id: i64, state: &str) -> Result<Disconnect> {
    let mut run: Disconnect = serde_json::from_str(state)
        .map_err(|e| Error::Internal(format!("disconnect state {id}: {e}")))?;
    run.id = id;
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_run_in_order_and_end_done() {
        let order: Vec<Step> = Step::ALL.windows(2).map(|w| w[0].next()).collect();
        assert_eq!(order, Step::ALL[1..].to_vec());
        assert_eq!(Step::Done.next(), Step::Done, "done stays done");
    }

    #[test]
    fn the_state_is_tagged_by_type() {
        let json = serde_json::to_value(Step::RemoveSecret).unwrap();
        assert_eq!(json, serde_json::json!({"type": "remove_secret"}));
    }
}
