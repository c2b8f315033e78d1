//! A form field's verdict, and the one rule that counts a text's length "the way WhatsApp
//! counts it", shared by the profile, template and message checks and exposed to the UI so the
//! counter the user sees and the check the core makes always agree.

use crate::error::Error;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The length of `text` as Passerelle counts it against every WhatsApp and Twilio limit:
/// **UTF-16 code units**.
///
/// The reference (`shared/reference/whatsapp-codes-and-limits.md` §3 and §4) gives every
/// limit in "characters" and no source says how Meta or Twilio count them (not found). We count
/// UTF-16 code units because:
/// - it is never smaller than a count in Unicode scalar values or in grapheme clusters, so a
///   text Passerelle accepts fits whichever of those Meta or Twilio applies: we never send a
///   text that is refused for its length;
/// - it is what Java, Objective-C's `NSString` and JavaScript's `String.length` report, the
///   usual way mobile apps and web forms enforce a length, so the UI counter can be checked
///   against plain JS;
/// - emoji are counted consistently, by their parts: a letter or accented letter of the basic
///   plane (`é` as one code point) is 1, a combining accent adds 1 (`e` + U+0301 is 2), an emoji
///   outside the basic plane (😀) is 2, a skin tone adds 2 (👍🏽 is 4), a zero-width joiner adds
///   1 (👨‍👩‍👧 is 8).
pub fn whatsapp_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Which rule a field breaks; the UI may branch on it, the user reads the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The field must not be empty.
    Required,
    /// The text is longer than the limit.
    TooLong,
    /// Too many items (websites, variables).
    TooMany,
    /// The value is not written the expected way (email, URL, name, placeholder).
    BadFormat,
    /// The value is not one of the allowed choices.
    NotAllowed,
    /// The name is already used.
    Taken,
}

/// One wrong field, named, with the reason in French and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name as the draft spells it (`about`, `websites[1]`, `samples.2`).
    pub field: String,
    /// The rule broken.
    pub rule: Rule,
    /// The reason, in French.
    pub fr: String,
    /// The reason, in English.
    pub en: String,
}

/// A [`FieldError`] in one language, as sent to the UI and printed by the CLI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrorBody {
    /// The field's name.
    pub field: String,
    /// The rule broken.
    pub rule: Rule,
    /// The reason, in the requested language.
    pub message: String,
}

impl FieldError {
    /// A wrong field.
    pub fn new(
        field: impl Into<String>,
        rule: Rule,
        fr: impl Into<String>,
        en: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            rule,
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.fr, &self.en)
    }

    /// The one-language shape for the UI and `--json`.
    pub fn to_body(&self, lang: Lang) -> FieldErrorBody {
        FieldErrorBody {
            field: self.field.clone(),
            rule: self.rule,
            message: self.message(lang).to_string(),
        }
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Error {
        Error::invalid(e.field, e.fr, e.en)
    }
}

/// The required-field error.
pub fn required(field: &str) -> FieldError {
    FieldError::new(
        field,
        Rule::Required,
        "ce champ est obligatoire.",
        "this field is required.",
    )
}

/// Checks `text` against at most `max` (counted by [`whatsapp_len`]); `None` when it fits.
pub fn check_max_len(field: &str, text: &str, max: usize) -> Option<FieldError> {
    let len = whatsapp_len(text);
    (len > max).then(|| {
        FieldError::new(
            field,
            Rule::TooLong,
            format!(
                "{len} caractères, {max} au maximum : retirez-en {}.",
                len - max
            ),
            format!("{len} characters, at most {max}: remove {}.", len - max),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatsapp_length_counts_utf16_code_units() {
        let cases = [
            ("", 0),
            ("a", 1),
            ("é", 1),                      // U+00E9, one code point
            ("e\u{301}", 2),               // e + combining acute accent
            ("😀", 2),                     // outside the basic plane: a surrogate pair
            ("👍🏽", 4),                     // thumbs up + skin tone
            ("👨\u{200d}👩\u{200d}👧", 8), // family: 3 × 2 + 2 joiners
            ("❤", 1),                      // U+2764, basic plane
            ("❤\u{fe0f}", 2),              // with the emoji variation selector
            ("Ça va ?", 7),
            ("中文", 2),
        ];
        for (text, want) in cases {
            assert_eq!(whatsapp_len(text), want, "{text:?}");
        }
    }

    #[test]
    fn max_length_check_on_its_edges() {
        let cases = [
            ("", 3, false),
            ("abc", 3, false),
            ("abcd", 3, true),
            ("ab😀", 3, true), // 4 units
            ("a😀", 3, false), // 3 units
        ];
        for (text, max, refused) in cases {
            assert_eq!(check_max_len("f", text, max).is_some(), refused, "{text:?}");
        }
    }

    #[test]
    fn a_field_error_becomes_an_invalid_input_error() {
        let e: Error = check_max_len("about", "abcd", 3).unwrap().into();
        assert_eq!(e.code(), crate::Code::InvalidInput);
        assert!(e.message(Lang::Fr).contains("about"));
        assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
    }
}
