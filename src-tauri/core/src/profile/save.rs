//! Saving a sender profile: every limit checked before anything is sent, only the changed
//! fields sent, and each attempt recorded in the local history with Twilio's answer.

use super::sender::{changed_fields, from_detail, profile_update, SenderProfile};
use super::{check_profile, FieldError, ProfileDraft, Rule};
use crate::error::{Error, Result};
use crate::ids::SenderSid;
use crate::lang::Lang;
use crate::store::profile_versions::{self, NewProfileVersion, ProfileVersion, TwilioAnswer};
use crate::store::{users, Store};
use crate::twilio::Client;
use serde::Serialize;
use std::path::Path;

/// How many recorded versions the screen shows per sender.
pub const HISTORY_SHOWN: usize = 50;

/// What a save did.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileSaved {
    /// The sender as Twilio answered.
    pub sender: SenderProfile,
    /// The fields sent (empty: nothing changed, nothing sent).
    pub fields: Vec<String>,
    /// Whether the display name went to Meta's review.
    pub name_in_review: bool,
}

/// The name recorded as "who" changed the profile: the installation's owner for now (users
/// other than the owner come with the inbox's users).
pub fn current_user_name(store: &Store) -> Result<String> {
    Ok(users::all(store)?
        .into_iter()
        .find(|u| u.is_owner)
        .map(|u| u.name)
        .unwrap_or_else(|| "—".into()))
}

/// The first wrong field of `draft` as the error a save returns (`field` named in the message).
pub fn refusal(errors: Vec<FieldError>) -> Error {
    errors
        .into_iter()
        .next()
        .map(Error::from)
        .unwrap_or_else(|| Error::Internal("a refused profile with no field".into()))
}

/// Checks `draft`, then sends the fields that differ from the sender's profile at Twilio now,
/// and records the attempt (accepted or refused) in the archive at `db`. A display-name change
/// while another is in review is refused here (Twilio would answer 63128).
pub async fn save_profile(
    client: &Client,
    db: &Path,
    sender: &SenderSid,
    draft: &ProfileDraft,
    lang: Lang,
) -> Result<ProfileSaved> {
    check_profile(draft).map_err(refusal)?;
    let current = from_detail(&client.fetch_whatsapp_sender(sender).await?, lang);
    let fields = changed_fields(&current.profile, draft);
    if fields.is_empty() {
        return Ok(ProfileSaved {
            sender: current,
            fields,
            name_in_review: false,
        });
    }
    let renaming = fields.iter().any(|f| f == "display_name");
    if renaming && current.name_review.as_ref().is_some_and(|r| r.in_review()) {
        return Err(FieldError::new(
            "display_name",
            Rule::NotAllowed,
            "un changement de nom est déjà en cours de vérification chez Meta : attendez sa décision avant d'en proposer un autre.",
            "a name change is already in review at Meta: wait for its decision before proposing another one.",
        )
        .into());
    }
    let sent = client
        .update_whatsapp_profile(sender, profile_update(draft, &fields))
        .await;
    let answer = match &sent {
        Ok(d) => TwilioAnswer {
            accepted: true,
            display_name_status: d.display_name_status.clone(),
            error_code: None,
            error_message: None,
        },
        Err(e) => TwilioAnswer {
            accepted: false,
            display_name_status: None,
            error_code: match e {
                Error::Twilio { code, .. } => *code,
                _ => None,
            },
            error_message: Some(e.message(lang)),
        },
    };
    record(db, &current, &fields, draft, &answer)?;
    let detail = sent?;
    Ok(ProfileSaved {
        name_in_review: renaming && detail.display_name_status.as_deref() == Some("pending_review"),
        sender: from_detail(&detail, lang),
        fields,
    })
}

fn record(
    db: &Path,
    sender: &SenderProfile,
    fields: &[String],
    draft: &ProfileDraft,
    answer: &TwilioAnswer,
) -> Result<()> {
    let store = Store::open_existing(db)?;
    let who = current_user_name(&store)?;
    profile_versions::record(
        &store,
        &NewProfileVersion {
            sender_address: &sender.address,
            sender_sid: Some(&sender.sid),
            changed_by: &who,
            changed_at: chrono::Utc::now().timestamp(),
            fields,
            profile: draft,
            answer,
        },
    )?;
    Ok(())
}

/// The recorded versions of a sender's profile, newest first.
pub fn history(store: &Store, address: &str) -> Result<Vec<ProfileVersion>> {
    profile_versions::for_sender(store, address, HISTORY_SHOWN)
}
