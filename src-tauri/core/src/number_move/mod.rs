//! The "Move my number" wizard: taking a WhatsApp business number from Twilio to a new
//! provider, step by step, with proof that nothing is lost first (PRODUCT.md, "Moving the
//! number to a new provider").
//!
//! - [`state`]: the wizard as one serde enum and its pure transition [`state::next`].
//! - [`completeness`]: step 2's check of the archive against Twilio's own list.
//! - [`ticket`]: step 5's text for Twilio support.
//! - [`exports`]: step 3's export of the archive (an HTML folder).
//! - [`report`]: step 7's handover report (HTML and PDF).
//!
//! One migration per business number; the state is saved after every accepted event, so the
//! wizard resumes at the same step after a restart. Reaching Done marks the number moved away
//! (the sync stops asking Twilio for it, the inbox shows it read-only); going back clears it.

pub mod completeness;
pub mod exports;
pub mod report;
pub mod state;
pub mod ticket;

pub use completeness::{CheckTarget, Proof};
pub use state::{Event, MoveState};

use crate::error::{Error, Result};
use crate::store::{number_moves, templates, Store};
use crate::templates::ApprovalState;
use crate::twilio::Client;
use serde::{Deserialize, Serialize};

/// The wizard of `sender` as saved, or a new one at step 1.
pub fn load(store: &Store, sender: &str) -> Result<MoveState> {
    parse(number_moves::load(store, sender)?, sender)
}

fn parse(saved: Option<String>, sender: &str) -> Result<MoveState> {
    match saved {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| Error::Internal(format!("saved wizard state unreadable: {e}"))),
        None => Ok(MoveState::start(sender)),
    }
}

/// Applies `event` to the wizard of `sender` and saves the result (nothing changes when the
/// event is refused), in one transaction. Entering Done marks the number moved away; leaving
/// it clears the mark.
pub fn apply(store: &Store, sender: &str, event: Event) -> Result<MoveState> {
    number_moves::update(store, sender, |saved| {
        let before = parse(saved, sender)?;
        let was_done = matches!(before, MoveState::Done(_));
        let after = state::next(before, event)?;
        let json = serde_json::to_string(&after)
            .map_err(|e| Error::Internal(format!("wizard state not serialisable: {e}")))?;
        let moved = match (&after, was_done) {
            (MoveState::Done(r), false) => Some(r.done_at),
            (MoveState::Done(_), true) | (_, false) => None,
            (_, true) => Some(None),
        };
        Ok((json, moved, after))
    })
}

/// One business number's wizard, for `passerelle migrate status` and the sidebar badge.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NumberStatus {
    /// `whatsapp:+E164`.
    pub sender: String,
    /// 1..=7.
    pub step: usize,
    /// Whether the wizard was started for this number (the sidebar's badge shows only then).
    pub started: bool,
    /// Why the step cannot be left forward yet, if it cannot.
    pub blocker: Option<state::Blocker>,
    /// The whole state.
    pub state: MoveState,
}

/// The wizard of every business number (started or not).
pub fn status(store: &Store) -> Result<Vec<NumberStatus>> {
    number_moves::business_numbers(store)?
        .into_iter()
        .map(|sender| {
            let state = load(store, &sender)?;
            Ok(NumberStatus {
                step: state.index() + 1,
                started: number_moves::load(store, &sender)?.is_some(),
                blocker: state::blocker(&state),
                sender,
                state,
            })
        })
        .collect()
}

/// When the number moved away, if it did: the inbox is read-only for it and says why.
pub fn read_only_since(store: &Store, sender: &str) -> Result<Option<i64>> {
    number_moves::moved_away_at(store, sender)
}

/// Step 1's facts, the user's own values from Twilio.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Facts {
    /// `HIGH`, `MEDIUM`, `LOW`… as Meta rates the sender.
    pub quality_rating: Option<String>,
    /// e.g. `10K Customers/24hr`.
    pub messaging_limit: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
    /// Names of the approved templates (Twilio gives no quality per template: Meta carries
    /// over the high-quality ones).
    pub approved_templates: Vec<String>,
}

/// Reads step 1's facts from Twilio (the sender) and the archive (the templates, refreshed by
/// the sync).
pub async fn facts(client: &Client, db_path: &std::path::Path, sender: &str) -> Result<Facts> {
    let detail = client
        .whatsapp_sender_details()
        .await?
        .into_iter()
        .find(|d| d.sender_id == sender);
    let properties = detail.as_ref().and_then(|d| d.properties.clone());
    let store = Store::open_read_only(db_path)?;
    let approved_templates = templates::all(&store, client.account_sid().as_str())?
        .into_iter()
        .filter(|t| t.state == ApprovalState::Approved)
        .map(|t| t.name)
        .collect();
    Ok(Facts {
        quality_rating: properties.as_ref().and_then(|p| p.quality_rating.clone()),
        messaging_limit: properties.and_then(|p| p.messaging_limit),
        display_name: detail.and_then(|d| {
            d.profile
                .get("name")
                .and_then(|n| n.as_str())
                .map(str::to_owned)
        }),
        approved_templates,
    })
}

/// Runs the completeness check of `sender` (whole, or `quick`: only what changed since the
/// recorded proof) with repairs, and records the proof in the wizard when it is at step 2.
pub async fn run_check(
    client: &Client,
    db_path: &std::path::Path,
    sender: &str,
    quick: bool,
) -> Result<Proof> {
    let since = if quick {
        let store = Store::open_read_only(db_path)?;
        load(&store, sender)?
            .recorded()
            .proof
            .as_ref()
            // Messages created a little before the proof may have been listed late.
            .map(|p| p.at - QUICK_MARGIN_SECS)
    } else {
        None
    };
    let target = CheckTarget {
        db_path,
        media_dir: None,
        sender,
        since,
        repair: true,
    };
    let proof = completeness::check(client, &target).await?;
    let store = Store::open_existing(db_path)?;
    if matches!(load(&store, sender)?, MoveState::Archive(_)) {
        apply(
            &store,
            sender,
            Event::ProofRecorded {
                proof: proof.clone(),
            },
        )?;
    }
    Ok(proof)
}

/// How far before the recorded proof a quick re-run looks again.
const QUICK_MARGIN_SECS: i64 = 3600;

/// The business numbers to act on: the one the user named (`+33…` or `whatsapp:+33…`),
/// checked to be one of the archive's, or all of them when none is named.
pub fn business_numbers(store: &Store, named: Option<&str>) -> Result<Vec<String>> {
    let all = number_moves::business_numbers(store)?;
    let Some(named) = named else { return Ok(all) };
    let named = named.trim();
    let address = if named.starts_with("whatsapp:") {
        named.to_owned()
    } else {
        format!("whatsapp:{named}")
    };
    if all.contains(&address) {
        Ok(vec![address])
    } else {
        Err(Error::invalid(
            "sender",
            format!("{named} n'est pas un numéro WhatsApp de cette archive."),
            format!("{named} is not a WhatsApp number of this archive."),
        ))
    }
}

/// Step 5's ticket text for `sender`, with the connected Account SID (never a secret).
pub fn ticket_text(store: &Store, sender: &str) -> Result<String> {
    let saved = crate::connect::saved(store)?.ok_or(Error::NotConnected)?;
    Ok(ticket::text(&saved.account_sid, sender))
}

/// Finishes the wizard of `sender` (step 6 → 7): a quick re-run of the completeness check
/// (only what changed since its proof), then Done if it passes.
pub async fn finish(client: &Client, db_path: &std::path::Path, sender: &str) -> Result<MoveState> {
    let proof = run_check(client, db_path, sender, true).await?;
    let store = Store::open_existing(db_path)?;
    apply(
        &store,
        sender,
        Event::Finish {
            at: proof.at,
            proof,
        },
    )
}

/// The handover report's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// A self-contained HTML page.
    Html,
    /// A PDF with real text.
    Pdf,
}

/// Writes the handover report of `sender` (HTML or PDF, the same content) to `path` (a bare
/// file name goes to the user's Documents folder, else the home folder); returns where it went.
pub fn write_report(
    store: &Store,
    sender: &str,
    path: &std::path::Path,
    format: ReportFormat,
    lang: crate::Lang,
) -> Result<std::path::PathBuf> {
    let path = if path.is_absolute() {
        path.to_owned()
    } else {
        dirs::document_dir()
            .or_else(dirs::home_dir)
            .unwrap_or_default()
            .join(path)
    };
    let state = load(store, sender)?;
    let account = crate::connect::saved(store)?.map(|s| s.account_sid.to_string());
    let names: Vec<String> = match account {
        Some(account) => templates::all(store, &account)?
            .into_iter()
            .filter(|t| t.state == ApprovalState::Approved)
            .map(|t| t.name)
            .collect(),
        None => Vec::new(),
    };
    let bytes = match format {
        ReportFormat::Html => report::html(&state, &names, lang).into_bytes(),
        ReportFormat::Pdf => report::pdf(&state, &names, lang)?,
    };
    std::fs::write(&path, bytes)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    Ok(path)
}
