//! WhatsApp's limits on each sender profile field, one check per field.
//!
//! Twilio's spec states no length limit; the limits are Meta's (reference
//! `shared/reference/whatsapp-codes-and-limits.md` §3). Lengths are counted by
//! [`whatsapp_len`], the one rule the UI counter uses too.

pub use crate::field::whatsapp_len;
use crate::field::{check_max_len, required, FieldError, Rule};
use serde::Serialize;

/// Display name: 1–255 characters (error 63124, [24]).
pub const DISPLAY_NAME_MAX: usize = 255;
/// About: 1–139 characters, cannot be empty ([48]).
pub const ABOUT_MAX: usize = 139;
/// Description: at most 512 characters ([49]).
pub const DESCRIPTION_MAX: usize = 512;
/// Business address: at most 256 characters ([49]).
pub const ADDRESS_MAX: usize = 256;
/// Email: at most 128 characters (secondary sources [S7][S8]).
pub const EMAIL_MAX: usize = 128;
/// At most two websites ([48], secondary [S7][S8]).
pub const WEBSITES_MAX: usize = 2;
/// Each website: at most 256 characters, `http(s)://` included (secondary [S7][S8]).
pub const WEBSITE_MAX: usize = 256;

/// A field's length limits, for the UI's counters (`12 / 139`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FieldLimit {
    /// The field's name, as in [`super::ProfileDraft`].
    pub field: &'static str,
    /// Whether it must be filled.
    pub required: bool,
    /// Longest allowed, counted by [`whatsapp_len`].
    pub max: usize,
}

/// Every length-limited profile field.
pub const FIELD_LIMITS: [FieldLimit; 6] = [
    FieldLimit {
        field: "display_name",
        required: true,
        max: DISPLAY_NAME_MAX,
    },
    FieldLimit {
        field: "about",
        required: true,
        max: ABOUT_MAX,
    },
    FieldLimit {
        field: "description",
        required: false,
        max: DESCRIPTION_MAX,
    },
    FieldLimit {
        field: "address",
        required: false,
        max: ADDRESS_MAX,
    },
    FieldLimit {
        field: "email",
        required: false,
        max: EMAIL_MAX,
    },
    FieldLimit {
        field: "websites",
        required: false,
        max: WEBSITE_MAX,
    },
];

/// Checks a text field against its [`FIELD_LIMITS`] entry: filled when required, not too long.
/// Blank (only spaces) counts as empty.
pub fn check_text(field: &str, text: &str) -> Option<FieldError> {
    let limit = FIELD_LIMITS.iter().find(|l| l.field == field)?;
    if limit.required && text.trim().is_empty() {
        return Some(required(field));
    }
    check_max_len(field, text, limit.max)
}

/// Checks an email address: at most 128 characters and shaped `name@domain.tld` (one `@`, no
/// space, a domain of dot-separated labels of letters, digits and hyphens, ending in a label of
/// two letters or more). Empty means "no email" and passes.
pub fn check_email(field: &str, email: &str) -> Option<FieldError> {
    if email.is_empty() {
        return None;
    }
    if let Some(e) = check_max_len(field, email, EMAIL_MAX) {
        return Some(e);
    }
    (!is_email(email)).then(|| {
        FieldError::new(
            field,
            Rule::BadFormat,
            format!(
                "« {email} » n'est pas une adresse e-mail valide (exemple : contact@exemple.fr)."
            ),
            format!("“{email}” is not a valid email address (example: contact@example.com)."),
        )
    })
}

fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// Checks the websites: at most two, each at most 256 characters, an `http://` or `https://`
/// address with a host. Empty entries are ignored (an empty form row).
pub fn check_websites(websites: &[String]) -> Vec<FieldError> {
    let filled: Vec<(usize, &String)> = websites
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let mut errors = Vec::new();
    if filled.len() > WEBSITES_MAX {
        errors.push(FieldError::new(
            "websites",
            Rule::TooMany,
            format!(
                "{} sites web, WhatsApp en accepte {WEBSITES_MAX} au maximum.",
                filled.len()
            ),
            format!(
                "{} websites; WhatsApp accepts at most {WEBSITES_MAX}.",
                filled.len()
            ),
        ));
    }
    for (i, site) in filled {
        let field = format!("websites[{i}]");
        if let Some(e) = check_max_len(&field, site, WEBSITE_MAX)
            .or_else(|| check_url(&field, site, &["http", "https"]))
        {
            errors.push(e);
        }
    }
    errors
}

/// Checks the logo URL: an `https://` address with a host (Meta fetches the image; JPEG or PNG,
/// 640×640 recommended). Empty means "no logo" and passes.
pub fn check_logo_url(field: &str, url: &str) -> Option<FieldError> {
    if url.is_empty() {
        return None;
    }
    check_url(field, url, &["https"])
}

/// Checks that `url` is an absolute address with a host, no space, in one of `schemes`.
pub fn check_url(field: &str, url: &str, schemes: &[&str]) -> Option<FieldError> {
    let parsed = url::Url::parse(url).ok().filter(|u| {
        !url.chars().any(char::is_whitespace)
            && schemes.contains(&u.scheme())
            && u.host_str().is_some_and(|h| !h.is_empty())
    });
    if parsed.is_some() {
        return None;
    }
    let starts = schemes
        .iter()
        .map(|s| format!("{s}://"))
        .collect::<Vec<_>>()
        .join(" / ");
    Some(FieldError::new(
        field,
        Rule::BadFormat,
        format!("« {url} » n'est pas une adresse web valide : elle doit commencer par {starts} (exemple : https://www.exemple.fr)."),
        format!("“{url}” is not a valid web address: it must start with {starts} (example: https://www.example.com)."),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(e: Option<FieldError>) -> bool {
        e.is_some()
    }

    #[test]
    fn text_fields_on_their_edges() {
        let a = |n: usize| "a".repeat(n);
        let emoji = |n: usize| "😀".repeat(n); // 2 units each
        let cases = [
            ("about", String::new(), true),                // 0: required
            ("about", "   ".into(), true),                 // blank is empty
            ("about", a(1), false),                        // 1
            ("about", a(139), false),                      // max
            ("about", a(140), true),                       // max + 1
            ("about", a(137) + "😀", false),               // 139 units
            ("about", a(138) + "😀", true),                // 140 units
            ("about", emoji(69) + "a", false),             // 139 units
            ("about", emoji(70), true),                    // 140 units, 70 emoji
            ("about", "e\u{301}".repeat(69) + "a", false), // combining accents count
            ("about", "e\u{301}".repeat(70), true),
            ("display_name", String::new(), true),
            ("display_name", a(255), false),
            ("display_name", a(256), true),
            ("description", String::new(), false), // optional
            ("description", a(1), false),
            ("description", a(512), false),
            ("description", a(513), true),
            ("description", a(510) + "😀", false),
            ("description", a(511) + "😀", true),
            ("address", a(256), false),
            ("address", a(257), true),
            ("email", a(129), true),
        ];
        for (field, text, want) in cases {
            assert_eq!(
                refused(check_text(field, &text)),
                want,
                "{field} of {} units",
                whatsapp_len(&text)
            );
        }
    }

    #[test]
    fn emails() {
        let local = "a".repeat(64);
        let at_max = format!("{local}@{}.fr", "b".repeat(EMAIL_MAX - 64 - 4)); // 128
        let over = format!("{local}@{}.fr", "b".repeat(EMAIL_MAX - 64 - 3)); // 129
        let cases = [
            ("", false),
            ("contact@exemple.fr", false),
            ("prenom.nom+crm@sous.domaine.co.uk", false),
            ("élodie@café.fr", false),
            (at_max.as_str(), false),
            (over.as_str(), true),
            ("contact", true),
            ("contact@", true),
            ("@exemple.fr", true),
            ("contact@exemple", true),
            ("contact@exemple.", true),
            ("contact@exemple.f", true),
            ("contact@exemple.123", true),
            ("con tact@exemple.fr", true),
            ("a@b@exemple.fr", true),
            ("a..b@exemple.fr", true),
            ("contact@-exemple.fr", true),
            ("contact@exemple..fr", true),
        ];
        for (email, want) in cases {
            assert_eq!(refused(check_email("email", email)), want, "{email:?}");
        }
    }

    #[test]
    fn websites() {
        let at_max = format!("https://{}.fr", "a".repeat(WEBSITE_MAX - 11)); // 256
        let over = format!("https://{}.fr", "a".repeat(WEBSITE_MAX - 10)); // 257
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let cases: Vec<(Vec<String>, Vec<&str>)> = vec![
            (s(&[]), vec![]),
            (s(&["https://exemple.fr"]), vec![]),
            (
                s(&["http://exemple.fr/boutique?x=1", "https://b.fr"]),
                vec![],
            ),
            (s(&["", "https://b.fr"]), vec![]),
            (vec![at_max.clone()], vec![]),
            (vec![over.clone()], vec!["websites[0]"]),
            (
                s(&["https://a.fr", "https://b.fr", "https://c.fr"]),
                vec!["websites"],
            ),
            (s(&["exemple.fr"]), vec!["websites[0]"]),
            (s(&["www.exemple.fr"]), vec!["websites[0]"]),
            (
                s(&["https://a.fr", "ftp://exemple.fr"]),
                vec!["websites[1]"],
            ),
            (s(&["mailto:contact@exemple.fr"]), vec!["websites[0]"]),
            (s(&["https://exe mple.fr"]), vec!["websites[0]"]),
            (s(&["https://"]), vec!["websites[0]"]),
        ];
        for (sites, want) in cases {
            let got: Vec<String> = check_websites(&sites)
                .into_iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(got, want, "{sites:?}");
        }
    }

    #[test]
    fn logo_urls() {
        let cases = [
            ("", false),
            ("https://cdn.exemple.fr/logo.png", false),
            ("http://cdn.exemple.fr/logo.png", true),
            ("cdn.exemple.fr/logo.png", true),
            ("file:///home/moi/logo.png", true),
            ("https://", true),
        ];
        for (url, want) in cases {
            assert_eq!(refused(check_logo_url("logo_url", url)), want, "{url:?}");
        }
    }
}
