//! The `profile_versions` table: every sender profile change sent from this Passerelle — who
//! changed what, when, and what Twilio answered — newest first. Kept for the user (shown on the
//! WhatsApp screen) and for the migration wizard (what moved with the number).

use super::Store;
use crate::error::Result;
use crate::profile::ProfileDraft;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// A change to record.
#[derive(Clone, Debug)]
pub struct NewProfileVersion<'a> {
    /// `whatsapp:+…`
    pub sender_address: &'a str,
    /// XE…
    pub sender_sid: Option<&'a str>,
    /// The user's name.
    pub changed_by: &'a str,
    /// Unix seconds.
    pub changed_at: i64,
    /// The fields changed (`about`, `display_name`…).
    pub fields: &'a [String],
    /// The whole profile as sent.
    pub profile: &'a ProfileDraft,
    /// Twilio's answer.
    pub answer: &'a TwilioAnswer,
}

/// What Twilio answered to a profile change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwilioAnswer {
    /// Whether Twilio accepted it.
    pub accepted: bool,
    /// On acceptance: `pending_review` (the display name went to Meta), `no_change`…
    pub display_name_status: Option<String>,
    /// On refusal: Twilio's error code, when it gave one.
    pub error_code: Option<i64>,
    /// On refusal: Twilio's text.
    pub error_message: Option<String>,
}

/// One recorded change, as the screen and `--json` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileVersion {
    /// Row id.
    pub id: i64,
    /// `whatsapp:+…`
    pub sender_address: String,
    /// Who changed it.
    pub changed_by: String,
    /// RFC 3339.
    pub changed_at: String,
    /// The fields changed.
    pub fields: Vec<String>,
    /// The whole profile as sent.
    pub profile: ProfileDraft,
    /// Twilio's answer.
    pub answer: TwilioAnswer,
}

/// Records a change; returns its id.
pub fn record(store: &Store, v: &NewProfileVersion<'_>) -> Result<i64> {
    let conn = store.conn();
    conn.execute(
        "INSERT INTO profile_versions (sender_address, sender_sid, changed_by, changed_at, fields,
             profile, accepted, display_name_status, error_code, error_message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            v.sender_address,
            v.sender_sid,
            v.changed_by,
            v.changed_at,
            serde_json::to_string(v.fields).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(v.profile).unwrap_or_else(|_| "{}".into()),
            v.answer.accepted,
            v.answer.display_name_status,
            v.answer.error_code,
            v.answer.error_message,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The changes of one sender, newest first, at most `limit`.
pub fn for_sender(store: &Store, address: &str, limit: usize) -> Result<Vec<ProfileVersion>> {
    let mut stmt = store.conn().prepare(
        "SELECT id, sender_address, changed_by, changed_at, fields, profile, accepted,
                display_name_status, error_code, error_message
         FROM profile_versions WHERE sender_address = ?1
         ORDER BY changed_at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![address, limit as i64], |r| {
            let fields: String = r.get(4)?;
            let profile: String = r.get(5)?;
            Ok(ProfileVersion {
                id: r.get(0)?,
                sender_address: r.get(1)?,
                changed_by: r.get(2)?,
                changed_at: crate::rfc3339(r.get(3)?),
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                profile: serde_json::from_str(&profile).unwrap_or_default(),
                answer: TwilioAnswer {
                    accepted: r.get(6)?,
                    display_name_status: r.get(7)?,
                    error_code: r.get(8)?,
                    error_message: r.get(9)?,
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_back_newest_first_per_sender() {
        let store = Store::open_in_memory().unwrap();
        let draft = ProfileDraft {
            about: "Bonjour 😀".into(),
            ..ProfileDraft::default()
        };
        let fields = vec!["about".to_string()];
        let ok = TwilioAnswer {
            accepted: true,
            display_name_status: Some("no_change".into()),
            error_code: None,
            error_message: None,
        };
        for (address, at) in [
            ("whatsapp:+331", 10),
            ("whatsapp:+331", 20),
            ("whatsapp:+442", 30),
        ] {
            record(
                &store,
                &NewProfileVersion {
                    sender_address: address,
                    sender_sid: None,
                    changed_by: "Camille",
                    changed_at: at,
                    fields: &fields,
                    profile: &draft,
                    answer: &ok,
                },
            )
            .unwrap();
        }
        let got = for_sender(&store, "whatsapp:+331", 10).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].changed_at, "1970-01-01T00:00:20Z");
        assert_eq!(got[0].profile, draft);
        assert_eq!(got[0].fields, fields);
        assert_eq!(got[0].answer, ok);
        assert_eq!(for_sender(&store, "whatsapp:+331", 1).unwrap().len(), 1);
    }
}
