//! What a Twilio error code on a message (or a sender's offline reason) means and what to do,
//! in plain French and English. The texts are a table ([`table`]) so they can be updated
//! without touching the logic; nothing branches on their wording.

mod table;

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A failure code explained, in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureHelp {
    /// Twilio's error code.
    pub code: i64,
    /// Whether Passerelle knows the code (otherwise the texts are the generic hint).
    pub known: bool,
    /// What happened, in plain words.
    pub meaning: String,
    /// What the user can do.
    pub what_to_do: String,
    /// Whether to offer the template picker next to it (63016: the window closed meanwhile).
    pub offer_template: bool,
}

/// The codes Passerelle explains, in table order.
pub fn known_codes() -> impl Iterator<Item = i64> {
    table::ROWS.iter().map(|row| row.0)
}

/// The explanation of Twilio error `code` in `lang`. An unknown code gets its number and a
/// link-free hint to look it up.
pub fn explain_failure(code: i64, lang: Lang) -> FailureHelp {
    let row = table::ROWS.iter().find(|row| row.0 == code);
    let (meaning, what_to_do) = match (row, lang) {
        (Some(&(_, fr, fr_do, _, _)), Lang::Fr) => (fr.to_string(), fr_do.to_string()),
        (Some(&(_, _, _, en, en_do)), Lang::En) => (en.to_string(), en_do.to_string()),
        (None, lang) => unknown_code(code, lang),
    };
    FailureHelp {
        code,
        known: row.is_some(),
        meaning,
        what_to_do,
        offer_template: code == 63016,
    }
}

/// The generic texts for a code Passerelle does not know: its number and where to look it up.
fn unknown_code(code: i64, lang: Lang) -> (String, String) {
    match lang {
        Lang::Fr => (
            format!("Twilio a signalé l'erreur {code}, que Passerelle ne sait pas encore expliquer."),
            format!("Cherchez « Twilio error {code} » dans le dictionnaire des erreurs de Twilio (Error and Warning Dictionary), ou transmettez ce code au support Twilio avec l'identifiant du message."),
        ),
        Lang::En => (
            format!("Twilio reported error {code}, which Passerelle cannot explain yet."),
            format!("Look up “Twilio error {code}” in Twilio's Error and Warning Dictionary, or give this code to Twilio support with the message's identifier."),
        ),
    }
}

/// Like [`explain_failure`] for a code given as text (a sender's `offline_reasons[].code` is a
/// string, such as `"30008"`); `None` when it is not a number.
pub fn explain_failure_str(code: &str, lang: Lang) -> Option<FailureHelp> {
    code.trim().parse().ok().map(|c| explain_failure(c, lang))
}

/// One line for a list or a notification: `Erreur 63016 : meaning what to do`.
pub fn failure_line(code: i64, lang: Lang) -> String {
    let help = explain_failure(code, lang);
    match lang {
        Lang::Fr => format!("Erreur {code} : {} {}", help.meaning, help.what_to_do),
        Lang::En => format!("Error {code}: {} {}", help.meaning, help.what_to_do),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes the inbox and templates issues name (issues 9 and 11).
    const REQUIRED: [i64; 19] = [
        63016, 63003, 63018, 63024, 63032, 63049, 63007, 30003, 30004, 30005, 30006, 30007, 30008,
        21211, 21408, 21610, 21614, 21617, 92009,
    ];

    #[test]
    fn every_listed_code_is_explained_in_both_languages() {
        let codes: Vec<i64> = known_codes().collect();
        for code in REQUIRED {
            assert!(codes.contains(&code), "{code} is missing from the table");
        }
        for code in codes {
            let (fr, en) = (
                explain_failure(code, Lang::Fr),
                explain_failure(code, Lang::En),
            );
            assert!(fr.known && en.known, "{code}");
            for text in [&fr.meaning, &fr.what_to_do, &en.meaning, &en.what_to_do] {
                assert!(!text.trim().is_empty(), "{code} has an empty text");
                assert!(!text.contains("http"), "{code}: no links");
            }
            assert_ne!(fr.meaning, en.meaning, "{code} must be translated");
            assert_ne!(fr.what_to_do, en.what_to_do, "{code} must be translated");
            for (help, lang) in [(&fr, Lang::Fr), (&en, Lang::En)] {
                let (meaning, what_to_do) = unknown_code(code, lang);
                assert_ne!(
                    help.meaning, meaning,
                    "{code} must differ from the fallback"
                );
                assert_ne!(
                    help.what_to_do, what_to_do,
                    "{code} must differ from the fallback"
                );
            }
        }
    }

    #[test]
    fn each_code_appears_once() {
        let mut codes: Vec<i64> = known_codes().collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }

    #[test]
    fn unknown_codes_give_the_code_and_a_hint() {
        let cases = [(Lang::Fr, "dictionnaire"), (Lang::En, "Dictionary")];
        for (lang, hint) in cases {
            let help = explain_failure(63999, lang);
            assert!(!help.known);
            assert!(help.meaning.contains("63999"));
            assert!(help.what_to_do.contains("63999") && help.what_to_do.contains(hint));
            assert!(!help.what_to_do.contains("http"));
        }
    }

    #[test]
    fn only_the_closed_window_offers_a_template() {
        for code in known_codes() {
            assert_eq!(
                explain_failure(code, Lang::En).offer_template,
                code == 63016,
                "{code}"
            );
        }
    }

    #[test]
    fn codes_given_as_text() {
        let cases = [
            ("30008", Some(30008)),
            (" 63016 ", Some(63016)),
            ("abc", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(
                explain_failure_str(raw, Lang::En).map(|h| h.code),
                want,
                "{raw:?}"
            );
        }
        assert!(failure_line(63016, Lang::Fr).starts_with("Erreur 63016 : "));
        assert!(failure_line(63016, Lang::En).starts_with("Error 63016: "));
    }
}
