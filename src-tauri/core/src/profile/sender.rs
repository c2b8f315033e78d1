//! A WhatsApp sender's profile and standing as Twilio reports them (Senders API v2), in the
//! shape the WhatsApp screen and `passerelle profile` show: status, quality rating, messaging
//! limit, the profile as a [`ProfileDraft`], and where a display-name change stands.

use super::{display_name_declined_help, DisplayNameReview, ProfileDraft};
use crate::error::Result;
use crate::lang::Lang;
use crate::twilio::senders::{OfflineReason, SenderDetail};
use crate::twilio::Client;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// A sender as the WhatsApp screen shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SenderProfile {
    /// XE…
    pub sid: String,
    /// `whatsapp:+…`
    pub address: String,
    /// ONLINE, OFFLINE, ONLINE:UPDATING, TWILIO_REVIEW… as Twilio sends it.
    pub status: String,
    /// Why it is OFFLINE.
    pub offline_reasons: Vec<OfflineReason>,
    /// `HIGH`, `MEDIUM`, `LOW`…
    pub quality_rating: Option<String>,
    /// `10K Customers/24hr`…
    pub messaging_limit: Option<String>,
    /// The profile customers see now (the display name is the approved one).
    pub profile: ProfileDraft,
    /// The last display-name change, when there is one.
    pub name_review: Option<NameReview>,
}

/// Where a display-name change stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameReview {
    /// The name asked for.
    pub pending_name: String,
    /// Meta's verdict so far.
    pub status: DisplayNameReview,
    /// The state in plain words.
    pub label: String,
    /// ISO 8601: when it reached this state.
    pub date: Option<String>,
    /// What to know or do (a declined name: Twilio does not pass on Meta's reason).
    pub help: Option<String>,
}

impl NameReview {
    /// Whether Meta has not decided yet (a second change would be refused: 63128).
    pub fn in_review(&self) -> bool {
        self.status == DisplayNameReview::PendingReview
    }
}

/// Every WhatsApp sender of the account with its profile, labels in `lang`.
pub async fn sender_profiles(client: &Client, lang: Lang) -> Result<Vec<SenderProfile>> {
    let details = client.whatsapp_sender_details().await?;
    Ok(details.iter().map(|d| from_detail(d, lang)).collect())
}

/// What the Senders API says of one sender, in the screen's shape.
pub fn from_detail(d: &SenderDetail, lang: Lang) -> SenderProfile {
    let properties = d.properties.clone().unwrap_or_default();
    SenderProfile {
        sid: d.sid.to_string(),
        address: d.sender_id.clone(),
        status: d.status.clone(),
        offline_reasons: d.offline_reasons.clone().unwrap_or_default(),
        quality_rating: properties.quality_rating,
        messaging_limit: properties.messaging_limit,
        profile: draft_from_profile(&d.profile),
        name_review: name_review(d, lang),
    }
}

fn name_review(d: &SenderDetail, lang: Lang) -> Option<NameReview> {
    let status = DisplayNameReview::from(d.pending_display_name_status.clone()?);
    let help = match status {
        DisplayNameReview::Declined => Some(display_name_declined_help(lang).to_string()),
        _ => None,
    };
    Some(NameReview {
        pending_name: d.pending_display_name.clone().unwrap_or_default(),
        label: status.label(lang),
        status,
        date: d.pending_display_name_status_date.clone(),
        help,
    })
}

/// The Senders API's `profile` object read as a draft (the first email; every website).
pub fn draft_from_profile(profile: &Value) -> ProfileDraft {
    let text = |key: &str| {
        profile
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let listed = |key: &str, inner: &str| -> Vec<String> {
        profile
            .get(key)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.get(inner).and_then(Value::as_str).or_else(|| i.as_str()))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    ProfileDraft {
        display_name: text("name"),
        about: text("about"),
        description: text("description"),
        address: text("address"),
        email: listed("emails", "email")
            .into_iter()
            .next()
            .unwrap_or_default(),
        websites: listed("websites", "website"),
        vertical: text("vertical"),
        logo_url: text("logo_url"),
    }
}

/// The fields of `draft` that differ from `current`, in form order.
pub fn changed_fields(current: &ProfileDraft, draft: &ProfileDraft) -> Vec<String> {
    let pairs: [(&str, bool); 8] = [
        ("display_name", super::changes_display_name(current, draft)),
        ("about", current.about != draft.about),
        ("description", current.description != draft.description),
        ("address", current.address != draft.address),
        ("email", current.email != draft.email),
        ("websites", current.websites != draft.websites),
        ("vertical", current.vertical != draft.vertical),
        ("logo_url", current.logo_url != draft.logo_url),
    ];
    pairs
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(field, _)| field.to_string())
        .collect()
}

/// The Senders API's `profile` object carrying only the `fields` of `draft` (a `name` only when
/// the display name changes: that is what sends it to Meta's review).
pub fn profile_update(draft: &ProfileDraft, fields: &[String]) -> Value {
    let mut out = Map::new();
    for field in fields {
        let (key, value) = match field.as_str() {
            "display_name" => ("name", json!(draft.display_name.trim())),
            "about" => ("about", json!(draft.about)),
            "description" => ("description", json!(draft.description)),
            "address" => ("address", json!(draft.address)),
            "email" if draft.email.is_empty() => ("emails", json!([])),
            "email" => (
                "emails",
                json!([{ "email": draft.email, "label": "Email" }]),
            ),
            "websites" => (
                "websites",
                Value::Array(
                    draft
                        .websites
                        .iter()
                        .map(|w| json!({ "website": w, "label": "Website" }))
                        .collect(),
                ),
            ),
            "vertical" => ("vertical", json!(draft.vertical)),
            "logo_url" => ("logo_url", json!(draft.logo_url)),
            _ => continue,
        };
        out.insert(key.to_string(), value);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_round_trips_through_the_senders_api_shape() {
        let profile = json!({
            "name": "Fleurs de Lyon", "about": "Bonjour 🌷", "address": "3 rue X",
            "emails": [{"email": "a@b.fr", "label": "Email"}],
            "websites": [{"website": "https://a.fr", "label": "Site"}, {"website": "http://b.fr"}],
            "vertical": "Restaurant", "logo_url": "https://a.fr/l.png", "description": null,
        });
        let draft = draft_from_profile(&profile);
        assert_eq!(draft.display_name, "Fleurs de Lyon");
        assert_eq!(draft.email, "a@b.fr");
        assert_eq!(draft.websites, ["https://a.fr", "http://b.fr"]);
        assert_eq!(draft.description, "");
        let mut edited = draft.clone();
        edited.about = "Nouveau".into();
        edited.websites.pop();
        let fields = changed_fields(&draft, &edited);
        assert_eq!(fields, ["about", "websites"]);
        let update = profile_update(&edited, &fields);
        assert_eq!(
            update,
            json!({"about": "Nouveau", "websites": [{"website": "https://a.fr", "label": "Website"}]})
        );
        assert!(
            update.get("name").is_none(),
            "an unchanged name is not sent to review"
        );
    }

    #[test]
    fn the_display_name_is_sent_only_when_it_changes() {
        let current = ProfileDraft {
            display_name: "Fleurs".into(),
            email: "a@b.fr".into(),
            ..ProfileDraft::default()
        };
        let cases: [(&str, &str, &[&str]); 3] = [
            ("Fleurs", "a@b.fr", &[]),
            (" Fleurs ", "a@b.fr", &[]),
            ("Fleurs Lyon", "", &["display_name", "email"]),
        ];
        for (name, email, want) in cases {
            let draft = ProfileDraft {
                display_name: name.into(),
                email: email.into(),
                ..current.clone()
            };
            assert_eq!(changed_fields(&current, &draft), want, "{name:?}");
        }
        let draft = ProfileDraft {
            display_name: " Fleurs Lyon ".into(),
            ..ProfileDraft::default()
        };
        let update = profile_update(&draft, &["display_name".into(), "email".into()]);
        assert_eq!(update, json!({"name": "Fleurs Lyon", "emails": []}));
    }
}
