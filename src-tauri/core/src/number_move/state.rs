//! The wizard as one state machine: a serde enum of steps (each carrying what was recorded so
//! far), events, and the pure transition [`next`], tested as a table (each step × each event).

use super::completeness::Proof;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What the wizard has recorded so far; carried from step to step (going back keeps it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// The business number, `whatsapp:+E164`.
    pub sender: String,
    /// The completeness proof of step 2 (the last one run, passed or not).
    pub proof: Option<Proof>,
    /// When the user acknowledged the notes and exports offer (unix seconds).
    pub notes_acknowledged_at: Option<i64>,
    /// The Meta Business Manager ID entered (digits only, shape checked).
    pub business_manager_id: Option<String>,
    /// The checklist's answers.
    pub checklist: Checklist,
    /// When the Twilio ticket was marked sent.
    pub ticket_sent_at: Option<i64>,
    /// When Twilio confirmed two-step verification is off.
    pub ticket_confirmed_at: Option<i64>,
    /// The new provider's name.
    pub provider: Option<String>,
    /// When the migration started at the new provider.
    pub migration_started_at: Option<i64>,
    /// The quick re-run of the completeness check made before Done.
    pub final_proof: Option<Proof>,
    /// When the wizard reached Done.
    pub done_at: Option<i64>,
    /// When each step was first entered, by step name (for the handover report).
    #[serde(default)]
    pub entered: std::collections::BTreeMap<String, i64>,
}

/// The checklist's yes/no answers (`None`: not answered yet).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// The Business Manager owns the WhatsApp account (access is not enough).
    pub owns_account: Option<bool>,
    /// Someone has the physical phone for the six-digit PIN.
    pub has_phone: Option<bool>,
    /// The display name is approved.
    pub display_name_approved: Option<bool>,
}

/// A checklist question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItem {
    /// The Business Manager owns the account.
    OwnsAccount,
    /// Someone has the phone.
    HasPhone,
    /// The display name is approved.
    DisplayNameApproved,
}

/// The wizard, at one of its seven steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MoveState {
    /// 1. What moves and what does not.
    BeforeYouStart(Recorded),
    /// 2. Archive everything, then the completeness check.
    Archive(Recorded),
    /// 3. Notes and exports (offered; the acknowledgement is recorded).
    NotesExports(Recorded),
    /// 4. The checklist.
    Checklist(Recorded),
    /// 5. The Twilio ticket.
    Ticket(Recorded),
    /// 6. The new provider.
    NewProvider(Recorded),
    /// 7. Done: the number is read-only here.
    Done(Recorded),
}

/// What the user (or the check) does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// One step back (from Done too: the number becomes active again here).
    Back,
    /// One step forward, when the current step is complete.
    Continue {
        /// Unix seconds.
        at: i64,
    },
    /// The completeness check ran (step 2).
    ProofRecorded {
        /// Its result.
        proof: Proof,
    },
    /// The user has seen the notes and exports offer (step 3).
    NotesAcknowledged {
        /// Unix seconds.
        at: i64,
    },
    /// The Business Manager ID entered (step 4).
    BusinessManagerId {
        /// As typed (spaces allowed).
        id: String,
    },
    /// A checklist answer (step 4).
    Answer {
        /// Which question.
        item: ChecklistItem,
        /// Yes or no.
        yes: bool,
    },
    /// The Twilio ticket was sent (step 5).
    TicketSent {
        /// Unix seconds.
        at: i64,
    },
    /// Twilio confirmed two-step verification is off (step 5).
    TicketConfirmed {
        /// Unix seconds.
        at: i64,
    },
    /// The new provider and when the migration started (step 6).
    Provider {
        /// The provider's name.
        name: String,
        /// Unix seconds.
        started_at: i64,
    },
    /// Finish (step 6 → 7), with the quick re-run of the completeness check.
    Finish {
        /// The quick re-run's result.
        proof: Proof,
        /// Unix seconds.
        at: i64,
    },
}

/// The step names, in order (`type` in JSON; the UI's badge is the index + 1).
pub const STEPS: [&str; 7] = [
    "before_you_start",
    "archive",
    "notes_exports",
    "checklist",
    "ticket",
    "new_provider",
    "done",
];

/// The recorded data of whichever step a state is at, by reference or by value: one list of
/// the steps for both accessors.
macro_rules! recorded_of {
    ($state:expr) => {
        match $state {
            MoveState::BeforeYouStart(r)
            | MoveState::Archive(r)
            | MoveState::NotesExports(r)
            | MoveState::Checklist(r)
            | MoveState::Ticket(r)
            | MoveState::NewProvider(r)
            | MoveState::Done(r) => r,
        }
    };
}

impl MoveState {
    /// A new wizard for `sender`, at step 1.
    pub fn start(sender: &str) -> MoveState {
        MoveState::BeforeYouStart(Recorded {
            sender: sender.to_owned(),
            ..Recorded::default()
        })
    }

    /// The step's index (0..7).
    pub fn index(&self) -> usize {
        match self {
            MoveState::BeforeYouStart(_) => 0,
            MoveState::Archive(_) => 1,
            MoveState::NotesExports(_) => 2,
            MoveState::Checklist(_) => 3,
            MoveState::Ticket(_) => 4,
            MoveState::NewProvider(_) => 5,
            MoveState::Done(_) => 6,
        }
    }

    /// The step's name (as in JSON).
    pub fn name(&self) -> &'static str {
        STEPS[self.index()]
    }

    /// What was recorded.
    pub fn recorded(&self) -> &Recorded {
        recorded_of!(self)
    }

    fn into_recorded(self) -> Recorded {
        recorded_of!(self)
    }

    fn at_index(index: usize, r: Recorded) -> MoveState {
        match index {
            0 => MoveState::BeforeYouStart(r),
            1 => MoveState::Archive(r),
            2 => MoveState::NotesExports(r),
            3 => MoveState::Checklist(r),
            4 => MoveState::Ticket(r),
            5 => MoveState::NewProvider(r),
            _ => MoveState::Done(r),
        }
    }
}

/// Why the current step is not complete yet (`None`: the user may go on). A "no" in the
/// checklist keeps the wizard on that step; the UI explains what to do for each.
pub fn blocker(state: &MoveState) -> Option<Blocker> {
    let r = state.recorded();
    match state {
        MoveState::BeforeYouStart(_) => None,
        MoveState::Archive(_) => match &r.proof {
            Some(p) if p.passed => None,
            Some(_) => Some(Blocker::ArchiveIncomplete),
            None => Some(Blocker::CheckNotRun),
        },
        MoveState::NotesExports(_) => r
            .notes_acknowledged_at
            .is_none()
            .then_some(Blocker::NotesNotAcknowledged),
        MoveState::Checklist(_) => checklist_blocker(r),
        MoveState::Ticket(_) => match (r.ticket_sent_at, r.ticket_confirmed_at) {
            (None, _) => Some(Blocker::TicketNotSent),
            (Some(_), None) => Some(Blocker::TicketNotConfirmed),
            _ => None,
        },
        MoveState::NewProvider(_) => r.provider.is_none().then_some(Blocker::ProviderMissing),
        MoveState::Done(_) => Some(Blocker::Finished),
    }
}

fn checklist_blocker(r: &Recorded) -> Option<Blocker> {
    if r.business_manager_id.is_none() {
        return Some(Blocker::BusinessManagerIdMissing);
    }
    let c = r.checklist;
    let answers = [
        (c.owns_account, Blocker::NotOwner),
        (c.has_phone, Blocker::NoPhone),
        (c.display_name_approved, Blocker::DisplayNameNotApproved),
    ];
    for (answer, no) in answers {
        match answer {
            None => return Some(Blocker::ChecklistUnanswered),
            Some(false) => return Some(no),
            Some(true) => {}
        }
    }
    None
}

/// Why a step cannot be left forward yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocker {
    /// Step 2: the check has not run.
    CheckNotRun,
    /// Step 2: the check found differences.
    ArchiveIncomplete,
    /// Step 3: not acknowledged.
    NotesNotAcknowledged,
    /// Step 4: no Business Manager ID.
    BusinessManagerIdMissing,
    /// Step 4: a question not answered.
    ChecklistUnanswered,
    /// Step 4: the Business Manager does not own the account.
    NotOwner,
    /// Step 4: nobody has the phone.
    NoPhone,
    /// Step 4: the display name is not approved.
    DisplayNameNotApproved,
    /// Step 5: not sent.
    TicketNotSent,
    /// Step 5: sent, not confirmed.
    TicketNotConfirmed,
    /// Step 6: no provider named.
    ProviderMissing,
    /// Step 7: nothing after.
    Finished,
}

/// Checks a Meta Business Manager ID's shape: digits only (spaces removed), a non-zero number
/// that fits in 64 bits (at most 20 digits).
///
/// Why not "15 or 16 digits": Meta documents the business ID only as a Graph API "numeric
/// string" (Marketing API reference, Business node `id`; found under Business settings →
/// Business info), and neither PRODUCT.md nor the reference notes give a length. The IDs seen
/// today have 15 or 16 digits, but a length rule Meta never stated could refuse a real ID, so
/// the check stops at what is documented: a Graph object ID, a 64-bit number.
pub fn business_manager_id(text: &str) -> Result<String> {
    let id: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let numeric = !id.is_empty() && id.chars().all(|c| c.is_ascii_digit());
    if numeric && id.parse::<u64>().is_ok_and(|n| n > 0) {
        Ok(id)
    } else {
        Err(Error::invalid(
            "business_manager_id",
            "l'identifiant Business Manager de Meta est un nombre, uniquement des chiffres (en général 15 ou 16), affiché dans Paramètres de l'entreprise → Infos sur l'entreprise.",
            "Meta's Business Manager ID is a number, digits only (usually 15 or 16), shown in Business settings → Business info.",
        ))
    }
}

fn refused(blocker: Blocker) -> Error {
    let (fr, en) = match blocker {
        Blocker::Finished => (
            "l'assistant est terminé pour ce numéro.",
            "the wizard is finished for this number.",
        ),
        _ => (
            "cette étape n'est pas terminée.",
            "this step is not complete yet.",
        ),
    };
    Error::invalid("step", fr, en)
}

fn wrong_step() -> Error {
    Error::invalid(
        "event",
        "cette action n'appartient pas à l'étape en cours.",
        "this action does not belong to the current step.",
    )
}

/// The same step with `change` applied to what is recorded.
fn record(state: MoveState, change: impl FnOnce(&mut Recorded)) -> MoveState {
    let index = state.index();
    let mut r = state.into_recorded();
    change(&mut r);
    MoveState::at_index(index, r)
}

/// The transition: the state after `event`, or why it is refused (the state is unchanged).
pub fn next(state: MoveState, event: Event) -> Result<MoveState> {
    let index = state.index();
    match (&state, event) {
        (_, Event::Back) => {
            if index == 0 {
                return Err(Error::invalid(
                    "step",
                    "c'est la première étape.",
                    "this is the first step.",
                ));
            }
            let mut r = state.into_recorded();
            if index == 6 {
                r.done_at = None;
            }
            Ok(MoveState::at_index(index - 1, r))
        }
        (MoveState::NewProvider(_), Event::Continue { .. }) => Err(Error::invalid(
            "step",
            "terminer refait d'abord la vérification rapide de l'archive.",
            "finishing runs the quick archive check first.",
        )),
        (_, Event::Continue { at }) => {
            if let Some(b) = blocker(&state) {
                return Err(refused(b));
            }
            let mut r = state.into_recorded();
            // Step 1 has no event of its own: leaving it dates it.
            r.entered.entry(STEPS[index].to_owned()).or_insert(at);
            r.entered.entry(STEPS[index + 1].to_owned()).or_insert(at);
            Ok(MoveState::at_index(index + 1, r))
        }
        (MoveState::Archive(_), Event::ProofRecorded { proof }) => {
            Ok(record(state, |r| r.proof = Some(proof)))
        }
        (MoveState::NotesExports(_), Event::NotesAcknowledged { at }) => {
            Ok(record(state, |r| r.notes_acknowledged_at = Some(at)))
        }
        (MoveState::Checklist(_), Event::BusinessManagerId { id }) => {
            let id = business_manager_id(&id)?;
            Ok(record(state, |r| r.business_manager_id = Some(id)))
        }
        (MoveState::Checklist(_), Event::Answer { item, yes }) => Ok(record(state, |r| {
            let c = &mut r.checklist;
            let slot = match item {
                ChecklistItem::OwnsAccount => &mut c.owns_account,
                ChecklistItem::HasPhone => &mut c.has_phone,
                ChecklistItem::DisplayNameApproved => &mut c.display_name_approved,
            };
            *slot = Some(yes);
        })),
        (MoveState::Ticket(_), Event::TicketSent { at }) => {
            Ok(record(state, |r| r.ticket_sent_at = Some(at)))
        }
        (MoveState::Ticket(r), Event::TicketConfirmed { at }) => {
            if r.ticket_sent_at.is_none() {
                return Err(refused(Blocker::TicketNotSent));
            }
            Ok(record(state, |r| r.ticket_confirmed_at = Some(at)))
        }
        (MoveState::NewProvider(_), Event::Provider { name, started_at }) => {
            let name = name.trim().to_owned();
            if name.is_empty() {
                return Err(Error::invalid(
                    "provider",
                    "indiquez le nom du nouveau fournisseur.",
                    "name the new provider.",
                ));
            }
            Ok(record(state, |r| {
                r.provider = Some(name);
                r.migration_started_at = Some(started_at);
            }))
        }
        (MoveState::NewProvider(r), Event::Finish { proof, at }) => {
            if r.provider.is_none() {
                return Err(refused(Blocker::ProviderMissing));
            }
            if !proof.passed {
                return Err(Error::invalid(
                    "archive",
                    "la vérification rapide a trouvé des messages absents de l'archive : relancez l'étape 2.",
                    "the quick check found messages missing from the archive: run step 2 again.",
                ));
            }
            let mut r = state.into_recorded();
            r.final_proof = Some(proof);
            r.done_at = Some(at);
            r.entered.entry(STEPS[6].to_owned()).or_insert(at);
            Ok(MoveState::Done(r))
        }
        _ => Err(wrong_step()),
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
