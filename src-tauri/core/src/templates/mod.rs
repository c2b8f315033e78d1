//! WhatsApp message templates (Twilio Content API): their categories, approval states and
//! variables, the preview a customer gets, and the checks made before a submission.
//!
//! - [`check`]: a draft's checks before it is created and submitted (92009 is never hit: a
//!   submitted template is changed by submitting a copy under a new name).
//! - [`rejection`]: what a rejection reason means and what to change.
//! - [`library`]: the account's templates in the archive — refresh, list, submit a new one or
//!   a copy in place of an old one, delete.

pub mod check;
pub mod library;
pub mod rejection;

pub use check::{check_template, suggest_copy_name, template_name_from, TemplateDraft};
pub use library::{
    check_draft, copy_draft, delete_template, delete_warning, list_templates, refresh_templates,
    submit_template, Template, TemplateFilter,
};
pub use rejection::{classify_rejection, explain_rejection, RejectionKind};

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A template's category (Meta's three since April 2023, reference §2.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Transactional updates the customer expects (order, delivery, appointment).
    #[serde(alias = "UTILITY")]
    Utility,
    /// Promotions, offers, news; anything that is neither utility nor authentication.
    #[serde(alias = "MARKETING")]
    Marketing,
    /// One-time codes.
    #[serde(alias = "AUTHENTICATION")]
    Authentication,
}

impl Category {
    /// Every category, in the order a form lists them.
    pub const ALL: [Category; 3] = [
        Category::Utility,
        Category::Marketing,
        Category::Authentication,
    ];

    /// Reads a category in any case (`utility`, `UTILITY`); `None` for anything else, including
    /// the legacy `TRANSACTIONAL`.
    pub fn parse(s: &str) -> Option<Category> {
        match s.trim().to_ascii_lowercase().as_str() {
            "utility" => Some(Category::Utility),
            "marketing" => Some(Category::Marketing),
            "authentication" => Some(Category::Authentication),
            _ => None,
        }
    }

    /// The value the Content API's approval request takes (`UTILITY`, …).
    pub fn as_twilio(self) -> &'static str {
        match self {
            Category::Utility => "UTILITY",
            Category::Marketing => "MARKETING",
            Category::Authentication => "AUTHENTICATION",
        }
    }

    /// The name shown to the user.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Category::Utility => lang.pick("Utilitaire", "Utility"),
            Category::Marketing => lang.pick("Marketing", "Marketing"),
            Category::Authentication => lang.pick("Authentification", "Authentication"),
        }
    }
}

/// A template's WhatsApp approval state. Unknown states are kept as they come
/// ([`ApprovalState::Other`]), serialised back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum ApprovalState {
    /// Created, never submitted: the only state in which it can still be submitted.
    Unsubmitted,
    /// Submitted, received by Twilio.
    Received,
    /// Under Meta's review.
    Pending,
    /// Usable.
    Approved,
    /// Rejected: see its `rejection_reason`.
    Rejected,
    /// Paused after negative customer feedback; cannot be sent for now.
    Paused,
    /// Disabled for good after negative feedback.
    Disabled,
    /// A state this version does not know, as Twilio sent it.
    Other(String),
}

impl From<String> for ApprovalState {
    fn from(s: String) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "unsubmitted" => ApprovalState::Unsubmitted,
            "received" => ApprovalState::Received,
            "pending" => ApprovalState::Pending,
            "approved" => ApprovalState::Approved,
            "rejected" => ApprovalState::Rejected,
            "paused" => ApprovalState::Paused,
            "disabled" => ApprovalState::Disabled,
            _ => ApprovalState::Other(s),
        }
    }
}

impl From<&str> for ApprovalState {
    fn from(s: &str) -> Self {
        ApprovalState::from(s.to_string())
    }
}

impl From<ApprovalState> for String {
    fn from(s: ApprovalState) -> String {
        match s {
            ApprovalState::Other(raw) => raw,
            known => known.as_str().to_string(),
        }
    }
}

impl ApprovalState {
    /// The state as Twilio spells it (lowercase for the known ones).
    pub fn as_str(&self) -> &str {
        match self {
            ApprovalState::Unsubmitted => "unsubmitted",
            ApprovalState::Received => "received",
            ApprovalState::Pending => "pending",
            ApprovalState::Approved => "approved",
            ApprovalState::Rejected => "rejected",
            ApprovalState::Paused => "paused",
            ApprovalState::Disabled => "disabled",
            ApprovalState::Other(raw) => raw,
        }
    }

    /// Whether a message can be sent with the template (approved only).
    pub fn can_send(&self) -> bool {
        *self == ApprovalState::Approved
    }

    /// Whether it was submitted, so that any change needs a copy under a new name (Twilio
    /// answers 92009 to a second submission). Unknown states count as submitted.
    pub fn is_submitted(&self) -> bool {
        *self != ApprovalState::Unsubmitted
    }

    /// The state in plain words; an unknown state is shown as Twilio sent it.
    pub fn label(&self, lang: Lang) -> String {
        let (fr, en) = match self {
            ApprovalState::Unsubmitted => ("non soumis", "not submitted"),
            ApprovalState::Received => ("reçu par Twilio", "received by Twilio"),
            ApprovalState::Pending => ("en cours de vérification par Meta", "in review at Meta"),
            ApprovalState::Approved => ("approuvé", "approved"),
            ApprovalState::Rejected => ("refusé", "rejected"),
            ApprovalState::Paused => (
                "en pause (avis négatifs de clients)",
                "paused (negative customer feedback)",
            ),
            ApprovalState::Disabled => (
                "désactivé (avis négatifs de clients)",
                "disabled (negative customer feedback)",
            ),
            ApprovalState::Other(raw) => return raw.clone(),
        };
        lang.pick(fr, en).to_string()
    }
}

/// One `{{…}}` in a body, with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// What is between the braces, as written (`1`, ` 2 `, `name`).
    pub key: String,
    /// Byte offset of the first `{`.
    pub start: usize,
    /// Byte offset just after the last `}`.
    pub end: usize,
}

/// Every placeholder of `body` in order, and the byte offset of a `{{` never closed, if any
/// (what follows it is not read).
pub fn placeholders(body: &str) -> (Vec<Placeholder>, Option<usize>) {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = body[from..].find("{{").map(|i| from + i) {
        let Some(close) = body[open + 2..].find("}}").map(|i| open + 2 + i) else {
            return (found, Some(open));
        };
        found.push(Placeholder {
            key: body[open + 2..close].to_string(),
            start: open,
            end: close + 2,
        });
        from = close + 2;
    }
    (found, None)
}

/// The variables of a body, each once, in the order they first appear (`["1", "2"]`).
pub fn variables(body: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for p in placeholders(body).0 {
        if !keys.contains(&p.key) {
            keys.push(p.key);
        }
    }
    keys
}

/// The message a customer gets: every `{{key}}` with a value replaced by it; a placeholder
/// without a value stays as written, so a preview shows what is still missing.
pub fn render(body: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut from = 0;
    for p in placeholders(body).0 {
        out.push_str(&body[from..p.start]);
        match values.get(&p.key) {
            Some(v) => out.push_str(v),
            None => out.push_str(&body[p.start..p.end]),
        }
        from = p.end;
    }
    out.push_str(&body[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn variables_are_listed_once_in_order() {
        let cases: [(&str, &[&str]); 7] = [
            ("Bonjour", &[]),
            ("Bonjour {{1}}, votre colis {{2}} arrive.", &["1", "2"]),
            ("{{2}} puis {{1}} puis {{2}}", &["2", "1"]),
            ("Code {{ 1 }} !", &[" 1 "]),
            ("Hi {{name}}!", &["name"]),
            ("Ouvert {{1}} et {{2", &["1"]),
            ("", &[]),
        ];
        for (body, want) in cases {
            assert_eq!(variables(body), want, "{body:?}");
        }
    }

    #[test]
    fn an_unclosed_placeholder_is_located() {
        assert_eq!(placeholders("a {{1}} b {{2").1, Some(10));
        assert_eq!(placeholders("a {{1}} b").1, None);
    }

    #[test]
    fn the_preview_fills_known_values_and_keeps_the_others() {
        let v = vals(&[("1", "Marie"), ("2", "A-42")]);
        let cases = [
            ("Bonjour {{1}}, colis {{2}}.", "Bonjour Marie, colis A-42."),
            ("{{1}} {{1}}", "Marie Marie"),
            ("Bonjour {{3}} !", "Bonjour {{3}} !"),
            ("Sans variable", "Sans variable"),
            ("Café {{1}} 😀 {{2", "Café Marie 😀 {{2"),
        ];
        for (body, want) in cases {
            assert_eq!(render(body, &v), want, "{body:?}");
        }
    }

    #[test]
    fn approval_states_keep_unknown_values_as_they_come() {
        let cases = [
            ("unsubmitted", ApprovalState::Unsubmitted),
            ("received", ApprovalState::Received),
            ("pending", ApprovalState::Pending),
            ("approved", ApprovalState::Approved),
            ("APPROVED", ApprovalState::Approved),
            ("rejected", ApprovalState::Rejected),
            ("paused", ApprovalState::Paused),
            ("disabled", ApprovalState::Disabled),
            ("IN_APPEAL", ApprovalState::Other("IN_APPEAL".into())),
        ];
        for (raw, want) in cases {
            let got: ApprovalState = serde_json::from_str(&format!("\"{raw}\"")).unwrap();
            assert_eq!(got, want, "{raw}");
            assert_ne!(got.label(Lang::Fr), "", "{raw}");
        }
        let back = serde_json::to_string(&ApprovalState::Other("IN_APPEAL".into())).unwrap();
        assert_eq!(back, "\"IN_APPEAL\"");
        assert_eq!(
            serde_json::to_string(&ApprovalState::Paused).unwrap(),
            "\"paused\""
        );
        assert!(ApprovalState::Approved.can_send());
        assert!(!ApprovalState::Paused.can_send());
        assert!(!ApprovalState::Unsubmitted.is_submitted());
        assert!(ApprovalState::Other("x".into()).is_submitted());
    }

    #[test]
    fn categories_read_in_any_case() {
        let cases = [
            ("utility", Some(Category::Utility)),
            ("MARKETING", Some(Category::Marketing)),
            (" Authentication ", Some(Category::Authentication)),
            ("TRANSACTIONAL", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(Category::parse(raw), want, "{raw:?}");
        }
        let c: Category = serde_json::from_str("\"UTILITY\"").unwrap();
        assert_eq!(c, Category::Utility);
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"utility\"");
        assert_eq!(Category::Utility.as_twilio(), "UTILITY");
    }
}
