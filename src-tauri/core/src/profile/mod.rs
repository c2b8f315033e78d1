//! The WhatsApp sender profile as the user edits it, checked against WhatsApp's limits before
//! anything is sent to Twilio (Senders API v2 `profile` object).
//!
//! - [`limits`]: each field's limit and check, and the length rule ([`whatsapp_len`]).
//! - [`verticals`]: the business categories the Senders API accepts.
//! - [`sender`]: a sender's profile and standing as Twilio reports them.
//! - [`save`]: saving a profile (checked first, changed fields only) and its local history.
//! - [`last_known`]: the profiles as last read, shown when Twilio cannot be reached.
//! - [`logo`]: the logo fetched under limits for the preview, as a `data:` URL.

pub mod last_known;
pub mod limits;
pub mod logo;
pub mod save;
pub mod sender;
pub mod verticals;

pub use crate::field::{whatsapp_len, FieldError, FieldErrorBody, Rule};
pub use limits::{FieldLimit, FIELD_LIMITS};
pub use save::{current_user_name, history, save_profile, ProfileSaved};
pub use sender::{sender_profiles, NameReview, SenderProfile};
pub use verticals::{is_vertical, vertical_label, VERTICALS};

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A sender profile as the user wants it. An empty optional field means "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileDraft {
    /// Display name (required, 1–255; a change goes to Meta's review).
    pub display_name: String,
    /// About text (required, 1–139).
    pub about: String,
    /// Description (≤ 512).
    pub description: String,
    /// Business address (≤ 256).
    pub address: String,
    /// Email (≤ 128, valid).
    pub email: String,
    /// Up to two websites (each ≤ 256, http or https).
    pub websites: Vec<String>,
    /// Business category, one of [`VERTICALS`] (empty: not set).
    pub vertical: String,
    /// Logo (profile picture) URL, https.
    pub logo_url: String,
}

/// Checks every field of `draft`; the error lists each wrong field, in form order.
pub fn check_profile(draft: &ProfileDraft) -> Result<(), Vec<FieldError>> {
    let mut errors: Vec<FieldError> = [
        ("display_name", &draft.display_name),
        ("about", &draft.about),
        ("description", &draft.description),
        ("address", &draft.address),
    ]
    .into_iter()
    .filter_map(|(field, text)| limits::check_text(field, text))
    .collect();
    errors.extend(limits::check_email("email", &draft.email));
    errors.extend(limits::check_websites(&draft.websites));
    errors.extend(check_vertical(&draft.vertical));
    errors.extend(limits::check_logo_url("logo_url", &draft.logo_url));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_vertical(vertical: &str) -> Option<FieldError> {
    (!vertical.is_empty() && !is_vertical(vertical)).then(|| {
        FieldError::new(
            "vertical",
            Rule::NotAllowed,
            format!("« {vertical} » n'est pas une catégorie WhatsApp : choisissez-en une dans la liste."),
            format!("“{vertical}” is not a WhatsApp business category: pick one from the list."),
        )
    })
}

/// Whether saving `draft` over `current` changes the display name, which sends it to Meta's
/// review (compare before warning with [`display_name_review_notice`]).
pub fn changes_display_name(current: &ProfileDraft, draft: &ProfileDraft) -> bool {
    current.display_name.trim() != draft.display_name.trim()
}

/// The warning shown before a display-name change is sent.
pub fn display_name_review_notice(lang: Lang) -> &'static str {
    lang.pick(
        "Un nouveau nom d'affichage part en vérification chez Meta : vos clients voient l'ancien nom jusqu'à son approbation. Meta n'autorise que peu de changements de nom par période de 30 jours, et un seul changement peut être en cours à la fois.",
        "A new display name goes to Meta for review: your customers see the old name until it is approved. Meta allows only a few name changes per 30-day period, and only one change can be in review at a time.",
    )
}

/// The explanation shown when Meta declines a display name. Twilio does not pass on Meta's
/// reason (63060), so say so; the reference has no list of usual causes (not found), only
/// that the name must follow Meta's display name guidelines (63124) and the consequence of a
/// refusal (reference §1b, §3, [24][47]).
pub fn display_name_declined_help(lang: Lang) -> &'static str {
    lang.pick(
        "Meta a refusé ce nom d'affichage. Twilio ne transmet pas la raison donnée par Meta : elle se consulte dans le WhatsApp Manager de Meta. Le nom doit respecter les règles de Meta sur les noms d'affichage. Tant qu'un nom n'est pas approuvé, Meta peut limiter le numéro à 250 messages à l'initiative de l'entreprise par 24 h, voire le déconnecter : proposez un autre nom.",
        "Meta declined this display name. Twilio does not pass on Meta's reason: it can be read in Meta's WhatsApp Manager. The name must follow Meta's display name guidelines. Until a name is approved, Meta may limit the number to 250 business-initiated messages per 24 hours, or even disconnect it: propose another name.",
    )
}

/// Where a display-name change stands (`pending_display_name_status` of the Senders API;
/// unknown values are kept as they come).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum DisplayNameReview {
    /// Waiting for Meta.
    PendingReview,
    /// Approved by Meta, not applied yet.
    Approved,
    /// Declined by Meta.
    Declined,
    /// The registration PIN did not match.
    PinMismatch,
    /// Re-registering the sender with the new name failed.
    RegistrationFailed,
    /// Meta's 14-day window to apply an approved name passed.
    Expired,
    /// The new name is live.
    Completed,
    /// A state this version does not know, as Twilio sent it.
    Other(String),
}

impl From<String> for DisplayNameReview {
    fn from(s: String) -> Self {
        match s.to_ascii_uppercase().as_str() {
            "PENDING_REVIEW" => DisplayNameReview::PendingReview,
            "APPROVED" => DisplayNameReview::Approved,
            "DECLINED" => DisplayNameReview::Declined,
            "PIN_MISMATCH" => DisplayNameReview::PinMismatch,
            "REGISTRATION_FAILED" => DisplayNameReview::RegistrationFailed,
            "EXPIRED" => DisplayNameReview::Expired,
            "COMPLETED" => DisplayNameReview::Completed,
            _ => DisplayNameReview::Other(s),
        }
    }
}

impl From<DisplayNameReview> for String {
    fn from(r: DisplayNameReview) -> String {
        match r {
            DisplayNameReview::PendingReview => "PENDING_REVIEW".into(),
            DisplayNameReview::Approved => "APPROVED".into(),
            DisplayNameReview::Declined => "DECLINED".into(),
            DisplayNameReview::PinMismatch => "PIN_MISMATCH".into(),
            DisplayNameReview::RegistrationFailed => "REGISTRATION_FAILED".into(),
            DisplayNameReview::Expired => "EXPIRED".into(),
            DisplayNameReview::Completed => "COMPLETED".into(),
            DisplayNameReview::Other(s) => s,
        }
    }
}

impl DisplayNameReview {
    /// The state in plain words.
    pub fn label(&self, lang: Lang) -> String {
        let (fr, en) = match self {
            DisplayNameReview::PendingReview => {
                ("en cours de vérification par Meta", "in review at Meta")
            }
            DisplayNameReview::Approved => (
                "approuvé, en cours d'application",
                "approved, being applied",
            ),
            DisplayNameReview::Declined => ("refusé par Meta", "declined by Meta"),
            DisplayNameReview::PinMismatch => ("échec : code PIN incorrect", "failed: wrong PIN"),
            DisplayNameReview::RegistrationFailed => (
                "échec de l'enregistrement du numéro",
                "registering the number failed",
            ),
            DisplayNameReview::Expired => (
                "expiré (non appliqué dans les 14 jours)",
                "expired (not applied within 14 days)",
            ),
            DisplayNameReview::Completed => ("appliqué", "applied"),
            DisplayNameReview::Other(s) => return s.clone(),
        };
        lang.pick(fr, en).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ProfileDraft {
        ProfileDraft {
            display_name: "Fleurs de Lyon".into(),
            about: "Fleuriste à Lyon depuis 1998 🌷".into(),
            description: "Bouquets, mariages, livraisons.".into(),
            address: "3 rue de la République, 69002 Lyon".into(),
            email: "contact@fleurs-lyon.fr".into(),
            websites: vec!["https://fleurs-lyon.fr".into()],
            vertical: "Shopping and Retail".into(),
            logo_url: "https://fleurs-lyon.fr/logo.png".into(),
        }
    }

    #[test]
    fn a_minimal_and_a_full_profile_pass() {
        assert_eq!(check_profile(&good()), Ok(()));
        let minimal = ProfileDraft {
            display_name: "F".into(),
            about: "a".into(),
            ..ProfileDraft::default()
        };
        assert_eq!(check_profile(&minimal), Ok(()));
    }

    #[test]
    fn each_wrong_field_is_named() {
        type Edit = fn(&mut ProfileDraft);
        let cases: [(Edit, &[&str]); 10] = [
            (|d| d.display_name.clear(), &["display_name"]),
            (|d| d.about.clear(), &["about"]),
            (|d| d.about = "a".repeat(140), &["about"]),
            (|d| d.description = "a".repeat(513), &["description"]),
            (|d| d.address = "a".repeat(257), &["address"]),
            (|d| d.email = "contact@".into(), &["email"]),
            (|d| d.websites.push("fleurs.fr".into()), &["websites[1]"]),
            (|d| d.vertical = "Florist".into(), &["vertical"]),
            (|d| d.logo_url = "http://x.fr/l.png".into(), &["logo_url"]),
            (
                |d| {
                    d.about.clear();
                    d.email = "x".into();
                    d.vertical = "restaurant".into();
                },
                &["about", "email", "vertical"],
            ),
        ];
        for (edit, want) in cases {
            let mut d = good();
            edit(&mut d);
            let errors = check_profile(&d).expect_err("must be refused");
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, want);
            for e in &errors {
                assert!(!e.fr.is_empty() && !e.en.is_empty());
                assert_ne!(e.fr, e.en, "{} must be translated", e.field);
            }
        }
    }

    #[test]
    fn display_name_review_states_keep_unknown_values() {
        let cases = [
            ("PENDING_REVIEW", DisplayNameReview::PendingReview),
            ("approved", DisplayNameReview::Approved),
            ("DECLINED", DisplayNameReview::Declined),
            ("EXPIRED", DisplayNameReview::Expired),
            ("NEW_STATE", DisplayNameReview::Other("NEW_STATE".into())),
        ];
        for (raw, want) in cases {
            let got: DisplayNameReview = serde_json::from_str(&format!("\"{raw}\"")).unwrap();
            assert_eq!(got, want);
        }
        let json = serde_json::to_string(&DisplayNameReview::Other("X_Y".into())).unwrap();
        assert_eq!(json, "\"X_Y\"");
        assert_ne!(
            DisplayNameReview::Declined.label(Lang::Fr),
            DisplayNameReview::Declined.label(Lang::En)
        );
    }

    #[test]
    fn a_display_name_change_is_detected() {
        let mut d = good();
        assert!(!changes_display_name(&good(), &d));
        d.display_name = "Fleurs de Lyon ".into();
        assert!(!changes_display_name(&good(), &d));
        d.display_name = "Fleurs Lyon".into();
        assert!(changes_display_name(&good(), &d));
        assert_ne!(
            display_name_review_notice(Lang::Fr),
            display_name_review_notice(Lang::En)
        );
    }
}
