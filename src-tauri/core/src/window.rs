//! Who may be sent what: WhatsApp's 24-hour customer-service window, one recipient per message,
//! a number in E.164, Twilio's body limit. Pure decisions; the send path calls them before it
//! makes any request to Twilio.
//!
//! The window opens when the customer writes to the business number and lasts 24 hours from
//! their **most recent inbound** message; inside it free text is allowed, outside it only an
//! approved template (reference `whatsapp-codes-and-limits.md` §4.3; error 63016).

use crate::error::Error;
use crate::field::whatsapp_len;
use serde::{Deserialize, Serialize};

/// The window's length: 24 hours.
pub const WINDOW_SECS: i64 = 24 * 3_600;
/// Twilio's limit on a message `Body`: 1,600 characters (error 21617), counted by
/// [`whatsapp_len`].
pub const BODY_LIMIT: usize = 1_600;

/// Whether the business may reply with free text now. Times are unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReplyWindow {
    /// Free text allowed until `closes_at`.
    Open {
        /// When the window closes (last inbound + 24 h).
        closes_at: i64,
        /// Seconds left, at least 1.
        remaining_secs: i64,
    },
    /// Templates only.
    Closed {
        /// When it closed; `None` when the customer never wrote.
        since: Option<i64>,
    },
}

/// What the composer may send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sendable {
    /// Free text (and templates).
    FreeText,
    /// Approved templates only.
    TemplateOnly,
}

/// The window at `now`, given the time of the customer's last message **to this business
/// number** (inbound only: the business's own messages never open it). Open for 23:59:59
/// after that message, closed from 24:00:00 on.
pub fn reply_window(last_inbound: Option<i64>, now: i64) -> ReplyWindow {
    match last_inbound {
        None => ReplyWindow::Closed { since: None },
        Some(at) => {
            let closes_at = at + WINDOW_SECS;
            if now < closes_at {
                ReplyWindow::Open {
                    closes_at,
                    remaining_secs: closes_at - now,
                }
            } else {
                ReplyWindow::Closed {
                    since: Some(closes_at),
                }
            }
        }
    }
}

/// The latest time among a conversation's inbound messages that were sent to `business`
/// (`whatsapp:` prefixes ignored): messages to another of the account's numbers open no
/// window for this one. Each item is `(business number the customer wrote to, time)`.
pub fn last_inbound_to<'a>(
    business: &str,
    inbound: impl IntoIterator<Item = (&'a str, i64)>,
) -> Option<i64> {
    let business = bare(business);
    inbound
        .into_iter()
        .filter(|(to, _)| bare(to) == business)
        .map(|(_, at)| at)
        .max()
}

fn bare(address: &str) -> &str {
    address.trim().trim_start_matches("whatsapp:")
}

/// What can be sent in `window`.
pub fn what_can_be_sent(window: &ReplyWindow) -> Sendable {
    match window {
        ReplyWindow::Open { .. } => Sendable::FreeText,
        ReplyWindow::Closed { .. } => Sendable::TemplateOnly,
    }
}

/// Refuses a free-text send when the window is closed, before any request (63016).
pub fn check_free_text_allowed(window: &ReplyWindow) -> Result<(), Error> {
    match what_can_be_sent(window) {
        Sendable::FreeText => Ok(()),
        Sendable::TemplateOnly => Err(Error::invalid(
            "body",
            "le client n'a pas écrit depuis plus de 24 heures (ou jamais) : WhatsApp n'autorise alors qu'un modèle approuvé. Envoyez un modèle.",
            "the customer has not written in the last 24 hours (or ever): WhatsApp then allows only an approved template. Send a template.",
        )),
    }
}

/// The one recipient of a message. WhatsApp through Passerelle is one message, one recipient:
/// no broadcast, whatever the caller asks. The number is checked as E.164.
pub fn check_recipients<'a>(recipients: &[&'a str]) -> Result<&'a str, Error> {
    match recipients {
        [] => Err(Error::invalid(
            "to",
            "aucun destinataire : indiquez un numéro.",
            "no recipient: give a number.",
        )),
        [one] => {
            check_e164(bare(one))?;
            Ok(one)
        }
        many => Err(Error::invalid(
            "to",
            format!("{} destinataires : un message WhatsApp part vers un seul destinataire. Les envois groupés (diffusion) ne sont pas possibles.", many.len()),
            format!("{} recipients: a WhatsApp message goes to one recipient only. Broadcasts are not possible.", many.len()),
        )),
    }
}

/// Checks a phone number in E.164: `+`, then 8 to 15 digits, the first not 0, nothing else.
pub fn check_e164(number: &str) -> Result<(), Error> {
    let refuse = |fr: String, en: String| Err(Error::invalid("to", fr, en));
    let example_fr = "par exemple +33612345678";
    let example_en = "for example +33612345678";
    if number.is_empty() {
        return refuse(
            format!("le numéro est vide ({example_fr})."),
            format!("the number is empty ({example_en})."),
        );
    }
    let Some(digits) = number.strip_prefix('+') else {
        return refuse(
            format!("« {number} » : le numéro doit commencer par + et l'indicatif du pays ({example_fr})."),
            format!("“{number}”: the number must start with + and the country code ({example_en})."),
        );
    };
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        let what_fr = if c.is_whitespace() {
            "d'espace".to_string()
        } else {
            format!("de « {c} »")
        };
        let what_en = if c.is_whitespace() {
            "spaces".to_string()
        } else {
            format!("“{c}”")
        };
        return refuse(
            format!("« {number} » : après le +, uniquement des chiffres, sans {what_fr} ({example_fr})."),
            format!("“{number}”: after the +, digits only, no {what_en} ({example_en})."),
        );
    }
    if digits.starts_with('0') {
        return refuse(
            format!("« {number} » : après le +, l'indicatif du pays ne commence jamais par 0 ; retirez le 0 du numéro national ({example_fr})."),
            format!("“{number}”: after the +, the country code never starts with 0; drop the national 0 ({example_en})."),
        );
    }
    let n = digits.len();
    if !(8..=15).contains(&n) {
        let (fr, en) = if n < 8 {
            ("trop court", "too short")
        } else {
            ("trop long", "too long")
        };
        return refuse(
            format!("« {number} » : {n} chiffres, c'est {fr} (de 8 à 15 chiffres après le +)."),
            format!("“{number}”: {n} digits is {en} (8 to 15 digits after the +)."),
        );
    }
    Ok(())
}

/// Checks a free-text body: not empty, at most [`BODY_LIMIT`] characters (21617).
pub fn check_body(body: &str) -> Result<(), Error> {
    if body.trim().is_empty() {
        return Err(Error::invalid(
            "body",
            "le message est vide.",
            "the message is empty.",
        ));
    }
    let len = whatsapp_len(body);
    if len > BODY_LIMIT {
        return Err(Error::invalid(
            "body",
            format!("{len} caractères : Twilio en accepte {BODY_LIMIT} au maximum (erreur 21617). Raccourcissez le message ou envoyez-le en plusieurs fois."),
            format!("{len} characters: Twilio accepts at most {BODY_LIMIT} (error 21617). Shorten the message or send it in several parts."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    const T: i64 = 1_700_000_000;

    #[test]
    fn the_window_on_its_edges() {
        let h = 3_600;
        let cases = [
            (None, T, ReplyWindow::Closed { since: None }),
            (
                Some(T),
                T,
                ReplyWindow::Open {
                    closes_at: T + 24 * h,
                    remaining_secs: 24 * h,
                },
            ),
            (
                Some(T),
                T + 1,
                ReplyWindow::Open {
                    closes_at: T + 24 * h,
                    remaining_secs: 24 * h - 1,
                },
            ),
            (
                Some(T),
                T + 24 * h - 1,
                ReplyWindow::Open {
                    closes_at: T + 24 * h,
                    remaining_secs: 1,
                },
            ), // 23:59:59
            (
                Some(T),
                T + 24 * h,
                ReplyWindow::Closed {
                    since: Some(T + 24 * h),
                },
            ), // 24:00:00
            (
                Some(T),
                T + 24 * h + 1,
                ReplyWindow::Closed {
                    since: Some(T + 24 * h),
                },
            ),
            (
                Some(T),
                T + 30 * 24 * h,
                ReplyWindow::Closed {
                    since: Some(T + 24 * h),
                },
            ),
        ];
        for (last, now, want) in cases {
            let got = reply_window(last, now);
            assert_eq!(got, want, "last {last:?}, now {now}");
            let sendable = if matches!(want, ReplyWindow::Open { .. }) {
                Sendable::FreeText
            } else {
                Sendable::TemplateOnly
            };
            assert_eq!(what_can_be_sent(&got), sendable);
            assert_eq!(
                check_free_text_allowed(&got).is_ok(),
                sendable == Sendable::FreeText
            );
        }
    }

    #[test]
    fn only_inbound_to_this_business_number_counts() {
        let ours = "whatsapp:+33180000001";
        let other = "whatsapp:+33180000002";
        type Inbound<'a> = &'a [(&'a str, i64)];
        let cases: [(Inbound, Option<i64>); 5] = [
            (&[], None),
            (&[(other, T)], None),
            (&[(ours, T - 100), (other, T)], Some(T - 100)),
            (&[("+33180000001", T - 5), (ours, T - 100)], Some(T - 5)),
            (&[(ours, T), (ours, T - 100)], Some(T)),
        ];
        for (inbound, want) in cases {
            assert_eq!(
                last_inbound_to(ours, inbound.iter().copied()),
                want,
                "{inbound:?}"
            );
        }
        // A customer who wrote only to the other number an hour ago: template only here.
        let last = last_inbound_to(ours, [(other, T - 3_600)]);
        assert_eq!(
            what_can_be_sent(&reply_window(last, T)),
            Sendable::TemplateOnly
        );
    }

    #[test]
    fn the_window_serialises_with_its_state() {
        let open = serde_json::to_value(reply_window(Some(T), T + 10)).unwrap();
        assert_eq!(open["state"], "open");
        assert_eq!(open["remaining_secs"], WINDOW_SECS - 10);
        let closed = serde_json::to_value(reply_window(None, T)).unwrap();
        assert_eq!(
            closed,
            serde_json::json!({"state": "closed", "since": null})
        );
    }

    #[test]
    fn one_recipient_only() {
        let cases: [(&[&str], bool); 6] = [
            (&[], false),
            (&["+33612345678"], true),
            (&["whatsapp:+33612345678"], true),
            (&["+33612345678", "+33698765432"], false),
            (&["+33612345678", "+33612345678"], false),
            (&["0612345678"], false),
        ];
        for (to, ok) in cases {
            assert_eq!(check_recipients(to).is_ok(), ok, "{to:?}");
        }
        let err = check_recipients(&["+33612345678", "+33698765432"]).unwrap_err();
        assert!(err.message(Lang::Fr).contains("diffusion"));
        assert!(err.message(Lang::En).contains("Broadcast"));
    }

    #[test]
    fn e164_numbers() {
        let cases = [
            ("+33612345678", true),
            ("+12025550123", true),
            ("+12345678", true),          // 8 digits
            ("+1234567", false),          // 7
            ("+123456789012345", true),   // 15
            ("+1234567890123456", false), // 16
            ("", false),
            ("+", false),
            ("33612345678", false),
            ("0612345678", false),
            ("+0612345678", false),
            ("+33 6 12 34 56 78", false),
            ("+33-612345678", false),
            ("+33612345678 ", false),
            ("++33612345678", false),
            ("+３３612345678", false), // full-width digits
        ];
        for (number, ok) in cases {
            let got = check_e164(number);
            assert_eq!(got.is_ok(), ok, "{number:?}");
            if let Err(e) = got {
                assert_ne!(e.message(Lang::Fr), e.message(Lang::En), "{number:?}");
            }
        }
    }

    #[test]
    fn body_limit_on_its_edges() {
        let a = |n: usize| "a".repeat(n);
        let cases = [
            (String::new(), false),
            (" \n".into(), false),
            (a(1), true),
            (a(BODY_LIMIT), true),
            (a(BODY_LIMIT + 1), false),
            (a(BODY_LIMIT - 2) + "😀", true),
            (a(BODY_LIMIT - 1) + "😀", false),
            (a(BODY_LIMIT - 2) + "e\u{301}", true),
            (a(BODY_LIMIT - 1) + "e\u{301}", false),
        ];
        for (body, ok) in cases {
            assert_eq!(
                check_body(&body).is_ok(),
                ok,
                "{} units",
                whatsapp_len(&body)
            );
        }
        let msg = check_body(&a(BODY_LIMIT + 1))
            .unwrap_err()
            .message(Lang::En);
        assert!(msg.contains("21617"), "{msg}");
    }
}
