//! Sending a message under WhatsApp's rules, in three steps so the window can run the request
//! off its database thread:
//!
//! 1. [`prepare`]: every rule first — the viewer may reply, one recipient in E.164 (no
//!    broadcast), a body within Twilio's limit, free text only inside the 24-hour window, a
//!    template only when approved and with every variable filled. A refusal writes nothing and
//!    makes no request. Accepted, the message is written to the archive as `sending` (the
//!    conversation's summary kept in step) and the send is audited, in one transaction.
//! 2. One create request ([`crate::twilio::Client::create_message`]), never repeated blindly.
//! 3. [`finish`]: Twilio's SID and status are recorded. A request whose answer never came is
//!    marked `unknown` and **never resent automatically**: the next sync finds it at Twilio
//!    (same From, To and body, within minutes) and gives it its SID, or, not finding it,
//!    marks it `failed` so the user may resend it ([`resend_request`]).
//!
//! [`send`] runs the three steps in a row (the command line and the tests).

use super::visibility::{Action, Viewer};
use crate::connect;
use crate::error::{Error, Result};
use crate::number_move;
use crate::store::audit::{self, AuditAction};
use crate::store::conversations::{self, AddedMessage, SummaryDelta};
use crate::store::messages::{self, Created, MessageRow, LOCAL_SID_PREFIX};
use crate::store::{senders, template_sends, Store};
use crate::templates::{self, ApprovalState};
use crate::twilio::content::ContentWithApproval;
use crate::twilio::messages::MessageContent;
use crate::twilio::wire::{self, parse_date};
use crate::twilio::{Client, Request};
use crate::window::{check_body, check_free_text_allowed, check_recipients, reply_window};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::resend::resend_request;

/// What to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Compose {
    /// Free text (inside the 24-hour window only).
    Text {
        /// The message.
        body: String,
    },
    /// An approved template, each of its variables filled.
    Template {
        /// HX…
        content_sid: String,
        /// Values by variable key (`"1" → "Marie"`).
        #[serde(default)]
        variables: BTreeMap<String, String>,
    },
}

/// A send as asked: recipients (exactly one is accepted), the business number, the content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendRequest {
    /// The recipients asked for: `+33612345678` or `whatsapp:+33612345678`. More than one is
    /// refused (no broadcast).
    pub to: Vec<String>,
    /// The business number to send from; `None`: the one this customer talked to last, or
    /// the account's only sender.
    #[serde(default)]
    pub from: Option<String>,
    /// What to send.
    pub compose: Compose,
}

/// An approved template the composer offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovedTemplate {
    /// HX…
    pub sid: String,
    /// Its name.
    pub name: String,
    /// Language code (`fr`, `en_US`…).
    pub language: Option<String>,
    /// The text with its `{{1}}` placeholders.
    pub body: String,
    /// Its variables in order of appearance, each required.
    pub variables: Vec<String>,
    /// Example values Twilio keeps with it (`{"1": "Marie"}`), for the form's hints.
    pub examples: BTreeMap<String, String>,
}

/// The approved templates among an account's content (others are never offered).
pub fn approved_templates(contents: Vec<ContentWithApproval>) -> Vec<ApprovedTemplate> {
    contents
        .into_iter()
        .filter(|c| {
            c.approval_requests
                .as_ref()
                .is_some_and(|a| ApprovalState::from(a.status.as_str()).can_send())
        })
        .map(|c| {
            let c = c.content;
            let body = body_of(&c.types);
            let examples = c
                .variables
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            ApprovedTemplate {
                sid: c.sid.to_string(),
                name: c.friendly_name.unwrap_or_default(),
                language: c.language,
                variables: templates::variables(&body),
                body,
                examples,
            }
        })
        .collect()
}

/// The text of a template: the `body` of its first content type that has one.
fn body_of(types: &serde_json::Value) -> String {
    types
        .as_object()
        .and_then(|o| o.values().find_map(|v| v.get("body")?.as_str()))
        .unwrap_or_default()
        .to_owned()
}

/// The account's approved templates, read from Twilio's Content API.
pub async fn fetch_approved(client: &Client) -> Result<Vec<ApprovedTemplate>> {
    Ok(approved_templates(client.contents_with_approvals().await?))
}

/// A send accepted and written as `sending`, waiting for its one request.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The archive row of the message.
    pub message_id: i64,
    /// The conversation it belongs to.
    pub conversation: i64,
    /// The create request to make, once.
    pub request: Request,
}

/// Where a send stands once its request is done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendOutcome {
    /// The conversation.
    pub conversation: i64,
    /// Twilio's SID, or the local one while the outcome is unknown.
    pub sid: String,
    /// Twilio's status (`queued`…), or `unknown` when the answer never came (checked by the
    /// next sync; never resent automatically).
    pub status: String,
}

impl SendOutcome {
    /// Whether the answer never came.
    pub fn is_unknown(&self) -> bool {
        self.status == "unknown"
    }
}

/// Checks a send against every rule and, accepted, writes it as `sending` and audits it.
/// Refused, nothing is written and no request is to be made.
pub fn prepare(
    store: &Store,
    viewer: &Viewer,
    ask: &SendRequest,
    approved: &[ApprovedTemplate],
    now: i64,
) -> Result<Prepared> {
    viewer.check(store, Action::Reply)?;
    let recipients: Vec<&str> = ask.to.iter().map(String::as_str).collect();
    let to = address(check_recipients(&recipients)?);
    let (content, body) = content_of(&ask.compose, approved)?;
    let saved = connect::saved(store)?.ok_or(Error::NotConnected)?;
    let conn = store.conn();
    let from = choose_sender(conn, &saved.senders, ask.from.as_deref(), &to)?;
    let sender_id = *senders::ids_by_address(conn)?
        .get(&from)
        .ok_or_else(|| unknown_sender(&from))?;
    if let Some(since) = number_move::read_only_since(store, &from)? {
        return Err(moved_away(&from, since));
    }
    let last_inbound = conversations::last_inbound(conn, sender_id, &to)?.and_then(|c| c.1);
    if matches!(content, MessageContent::Text(_)) {
        check_free_text_allowed(&reply_window(last_inbound, now))?;
    }
    let tx = conn.unchecked_transaction()?;
    let conversation = conversations::id_for(&tx, sender_id, &to)?;
    let local_sid = local_sid();
    let row = MessageRow {
        sid: &local_sid,
        account_sid: &saved.account_sid,
        conversation_id: conversation,
        direction: "outbound-api",
        from: &from,
        to: &to,
        body: &body,
        status: "sending",
        error_code: None,
        error_message: None,
        num_media: 0,
        num_segments: None,
        price: None,
        price_unit: None,
        messaging_service_sid: None,
        date_created: Some(now),
        date_sent: None,
        date_updated: None,
        synced_at: now,
        profile_name: None,
    };
    let message_id = messages::insert_local(&tx, &row)?;
    if let Compose::Template {
        content_sid,
        variables,
    } = &ask.compose
    {
        messages::set_content_sid(&tx, message_id, content_sid)?;
        template_sends::record(&tx, message_id, variables)?;
    }
    let mut delta = SummaryDelta::default();
    delta.add(&AddedMessage {
        when: now,
        sid: &local_sid,
        body: &body,
        direction: "outbound-api",
        inbound: false,
        unread: false,
        profile_name: None,
    });
    conversations::apply_summary(&tx, conversation, &delta)?;
    let detail = match &ask.compose {
        Compose::Text { .. } => format!("text to {}", bare(&to)),
        Compose::Template { content_sid, .. } => {
            format!("template {content_sid} to {}", bare(&to))
        }
    };
    audit::record(
        &tx,
        now,
        &viewer.user,
        AuditAction::Send,
        Some(&format!("conversation:{conversation}")),
        Some(&detail),
    )?;
    tx.commit()?;
    let account = crate::ids::AccountSid::parse(&saved.account_sid)?;
    Ok(Prepared {
        message_id,
        conversation,
        request: Request::create_message(&account, &from, &to, &content),
    })
}

/// Records the answer of the one create request. A refusal by Twilio (4xx) marks the message
/// `failed` with Twilio's code and returns the error; no answer (connection cut, 5xx, a
/// garbled body) marks it `unknown`, to be settled by the next sync.
pub fn finish(
    store: &Store,
    prepared: &Prepared,
    answer: Result<wire::Message>,
) -> Result<SendOutcome> {
    let conn = store.conn();
    let tx = conn.unchecked_transaction()?;
    let outcome = match answer {
        Ok(m) => {
            let old = messages::record_created(
                &tx,
                prepared.message_id,
                &Created {
                    sid: &m.sid,
                    status: m.status.as_str(),
                    error_code: m.error_code,
                    error_message: m.error_message.as_deref(),
                    price: m.price.as_deref(),
                    price_unit: m.price_unit.as_deref(),
                    date_created: m.date_created.as_deref().and_then(parse_date),
                    date_sent: m.date_sent.as_deref().and_then(parse_date),
                },
            )?;
            conversations::rename_latest_sid(&tx, &old, &m.sid)?;
            Ok(SendOutcome {
                conversation: prepared.conversation,
                sid: m.sid.to_string(),
                status: m.status.as_str().to_owned(),
            })
        }
        Err(e) if outcome_unknown(&e) => {
            tracing::warn!(code = %e.code(), "send outcome unknown; the next sync checks it: {e:?}");
            messages::set_local_status(&tx, prepared.message_id, "unknown", None, None)?;
            Ok(SendOutcome {
                conversation: prepared.conversation,
                sid: local_sid_of(&tx, prepared.message_id)?,
                status: "unknown".into(),
            })
        }
        Err(e) => {
            let code = match &e {
                Error::Twilio { code, .. } => *code,
                _ => None,
            };
            let text = e.message(crate::Lang::En);
            messages::set_local_status(&tx, prepared.message_id, "failed", code, Some(&text))?;
            Err(e)
        }
    };
    tx.commit()?;
    outcome
}

/// Whether a create request may have reached Twilio although no usable answer came back: a
/// broken connection, a server error, an unreadable 2xx body.
pub fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Network { .. } => true,
        Error::Twilio { status, .. } => *status >= 500 || (200..300).contains(status),
        _ => false,
    }
}

/// Prepares, sends once, and records the outcome.
pub async fn send(
    store: &Store,
    client: &Client,
    viewer: &Viewer,
    ask: &SendRequest,
    approved: &[ApprovedTemplate],
    now: i64,
) -> Result<SendOutcome> {
    let prepared = prepare(store, viewer, ask, approved, now)?;
    let answer = client.create_message(&prepared.request).await;
    finish(store, &prepared, answer)
}

/// The request's content and the text the archive keeps for it.
fn content_of(
    compose: &Compose,
    approved: &[ApprovedTemplate],
) -> Result<(MessageContent, String)> {
    match compose {
        Compose::Text { body } => {
            check_body(body)?;
            Ok((MessageContent::Text(body.clone()), body.clone()))
        }
        Compose::Template {
            content_sid,
            variables,
        } => {
            let template = approved
                .iter()
                .find(|t| &t.sid == content_sid)
                .ok_or_else(|| not_approved(content_sid, approved.is_empty()))?;
            check_variables(template, variables)?;
            let text = templates::render(&template.body, variables);
            Ok((
                MessageContent::Template {
                    content_sid: content_sid.clone(),
                    variables: variables.clone(),
                },
                text,
            ))
        }
    }
}

/// Each variable of the template filled, and no other.
fn check_variables(template: &ApprovedTemplate, given: &BTreeMap<String, String>) -> Result<()> {
    if let Some(missing) = template
        .variables
        .iter()
        .find(|k| given.get(*k).is_none_or(|v| v.trim().is_empty()))
    {
        return Err(Error::invalid(
            "variables",
            format!("la variable {{{{{missing}}}}} du modèle « {} » est vide : chaque variable doit être remplie.", template.name),
            format!("variable {{{{{missing}}}}} of template “{}” is empty: every variable must be filled in.", template.name),
        ));
    }
    if let Some(extra) = given.keys().find(|k| !template.variables.contains(k)) {
        return Err(Error::invalid(
            "variables",
            format!(
                "le modèle « {} » n'a pas de variable {{{{{extra}}}}}.",
                template.name
            ),
            format!(
                "template “{}” has no variable {{{{{extra}}}}}.",
                template.name
            ),
        ));
    }
    Ok(())
}

fn not_approved(content_sid: &str, none_at_all: bool) -> Error {
    if none_at_all {
        Error::invalid(
            "template",
            "aucun modèle approuvé sur ce compte : faites approuver un modèle avant d'écrire à ce client.",
            "no approved template on this account: get a template approved before writing to this customer.",
        )
    } else {
        Error::invalid(
            "template",
            format!("le modèle {content_sid} n'est pas approuvé (ou n'existe pas sur ce compte) : choisissez un modèle approuvé."),
            format!("template {content_sid} is not approved (or not on this account): choose an approved template."),
        )
    }
}

/// The business number to send from: the one asked, else the one the customer talked to
/// last, else the account's only sender.
fn choose_sender(
    conn: &rusqlite::Connection,
    selected: &[String],
    asked: Option<&str>,
    to: &str,
) -> Result<String> {
    if let Some(asked) = asked {
        let asked = address(asked);
        return if selected.contains(&asked) {
            Ok(asked)
        } else {
            Err(unknown_sender(&asked))
        };
    }
    let talked = conversations::senders_of_customer(conn, to)?;
    if let Some(s) = talked.into_iter().find(|s| selected.contains(s)) {
        return Ok(s);
    }
    match selected {
        [one] => Ok(one.clone()),
        _ => Err(Error::invalid(
            "from",
            "ce compte a plusieurs numéros WhatsApp : indiquez celui d'où envoyer.",
            "this account has several WhatsApp numbers: say which one to send from.",
        )),
    }
}

/// The refusal for a business number moved to another provider: its history stays readable,
/// but Twilio no longer carries its messages.
pub(crate) fn moved_away(from: &str, since: i64) -> Error {
    let day = crate::rfc3339(since);
    let day = day.get(..10).unwrap_or(&day);
    Error::invalid(
        "from",
        format!(
            "le numéro {} a été transféré vers un autre fournisseur le {day} : ses conversations restent lisibles ici, mais on ne peut plus y répondre depuis Passerelle. Répondez depuis votre nouveau fournisseur.",
            bare(from)
        ),
        format!(
            "number {} moved to another provider on {day}: its conversations stay readable here, but they can no longer be answered from Passerelle. Reply from your new provider.",
            bare(from)
        ),
    )
}

fn unknown_sender(from: &str) -> Error {
    Error::invalid(
        "from",
        format!(
            "« {} » n'est pas un numéro WhatsApp de ce compte.",
            bare(from)
        ),
        format!("“{}” is not a WhatsApp number of this account.", bare(from)),
    )
}

/// `whatsapp:+…` for a number given with or without the prefix.
fn address(number: &str) -> String {
    format!("whatsapp:{}", bare(number))
}

fn bare(address: &str) -> &str {
    address.trim().trim_start_matches("whatsapp:")
}

/// A SID for a message Twilio has not named yet.
fn local_sid() -> String {
    use rand::Rng;
    let n: u128 = rand::thread_rng().gen();
    format!("{LOCAL_SID_PREFIX}{n:032x}")
}

fn local_sid_of(conn: &rusqlite::Connection, id: i64) -> Result<String> {
    Ok(conn.query_row("SELECT sid FROM messages WHERE id = ?1", [id], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_errors_leave_the_outcome_unknown() {
        let twilio = |status, code| Error::Twilio {
            status,
            code,
            message: String::new(),
        };
        let cases = [
            (
                Error::Network {
                    detail: "reset".into(),
                },
                true,
            ),
            (twilio(500, None), true),
            (twilio(503, None), true),
            (twilio(200, None), true), // garbled body
            (twilio(400, Some(21211)), false),
            (twilio(400, Some(63007)), false),
            (Error::RateLimited, false),
            (Error::BadCredentials, false),
        ];
        for (error, unknown) in cases {
            assert_eq!(outcome_unknown(&error), unknown, "{error:?}");
        }
    }

    #[test]
    fn only_approved_templates_are_offered_with_their_variables() {
        let json = serde_json::json!([
            {"sid": "HX00000000000000000000000000000001", "friendly_name": "suivi", "language": "fr",
             "variables": {"1": "Marie", "2": "12"}, "types": {"twilio/text": {"body": "Bonjour {{1}}, commande {{2}} {{1}}"}},
             "approval_requests": {"status": "approved"}},
            {"sid": "HX00000000000000000000000000000002", "friendly_name": "promo", "types": {"twilio/text": {"body": "x"}},
             "approval_requests": {"status": "rejected"}},
            {"sid": "HX00000000000000000000000000000003", "friendly_name": "draft", "types": {"twilio/text": {"body": "y"}}}
        ]);
        let contents: Vec<ContentWithApproval> = serde_json::from_value(json).unwrap();
        let approved = approved_templates(contents);
        assert_eq!(approved.len(), 1, "{approved:?}");
        assert_eq!(approved[0].variables, ["1", "2"]);
        assert_eq!(approved[0].examples["1"], "Marie");
        let vars = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let compose = |v| Compose::Template {
            content_sid: "HX00000000000000000000000000000001".into(),
            variables: v,
        };
        let (_, text) = content_of(&compose(vars(&[("1", "Léa"), ("2", "7")])), &approved).unwrap();
        assert_eq!(text, "Bonjour Léa, commande 7 Léa");
        for bad in [
            vars(&[("1", "Léa")]),
            vars(&[("1", "Léa"), ("2", "  ")]),
            vars(&[("1", "Léa"), ("2", "7"), ("3", "x")]),
        ] {
            assert!(
                content_of(&compose(bad.clone()), &approved).is_err(),
                "{bad:?}"
            );
        }
        let rejected = Compose::Template {
            content_sid: "HX00000000000000000000000000000002".into(),
            variables: BTreeMap::new(),
        };
        assert!(content_of(&rejected, &approved).is_err());
    }
}
