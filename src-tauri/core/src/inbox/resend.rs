//! Sending a failed message again, asked explicitly by the user (never automatic): the same
//! words to the same customer from the same number — as the same template, with the same
//! variables, when it was sent from one, since outside the 24-hour window free text is refused.

use super::send::{Compose, SendRequest};
use super::visibility::{Action, Viewer};
use crate::error::{Error, Result};
use crate::store::template_sends::{self, TemplateSend};
use crate::store::{messages, Store};

/// The request to send a failed message again: only for a message known to have failed
/// (never for one still being checked). [`super::send::prepare`] then applies every rule again.
pub fn resend_request(store: &Store, viewer: &Viewer, sid: &str) -> Result<SendRequest> {
    viewer.check(store, Action::Reply)?;
    let m = messages::by_sid(store, sid)?.ok_or_else(|| {
        Error::invalid(
            "sid",
            format!("aucun message {sid} dans l'archive."),
            format!("no message {sid} in the archive."),
        )
    })?;
    if m.direction == "inbound" || !matches!(m.status.as_str(), "failed" | "undelivered") {
        return Err(Error::invalid(
            "sid",
            "seul un message dont l'échec est connu peut être renvoyé (un message en cours de vérification ne l'est jamais, pour ne pas l'envoyer deux fois).",
            "only a message known to have failed can be sent again (one still being checked never is, so it is not sent twice).",
        ));
    }
    let compose = match template_sends::of_message(store.conn(), sid)? {
        None => Compose::Text { body: m.body },
        Some(TemplateSend {
            content_sid,
            variables: Some(variables),
        }) => Compose::Template {
            content_sid,
            variables,
        },
        Some(TemplateSend {
            content_sid,
            variables: None,
        }) => {
            return Err(Error::invalid(
                "sid",
                format!("ce message a été envoyé avec le modèle {content_sid} avant que Passerelle n'en garde les valeurs : choisissez ce modèle à nouveau sous la conversation et remplissez ses variables."),
                format!("this message was sent from template {content_sid} before Passerelle kept its values: choose that template again below the conversation and fill in its variables."),
            ))
        }
    };
    Ok(SendRequest {
        to: vec![m.to],
        from: Some(m.from),
        compose,
    })
}
