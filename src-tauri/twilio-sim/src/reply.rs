//! What a handler answers, before faults and logging: status, body, a few headers.

use serde::Serialize;

/// An HTTP answer of the simulator.
#[derive(Clone, Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Content-Type.
    pub content_type: &'static str,
    /// Location header (redirects).
    pub location: Option<String>,
    /// Whether to ask for Basic credentials (`WWW-Authenticate`).
    pub challenge: bool,
}

impl Reply {
    /// A JSON answer.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        Reply {
            status,
            body: serde_json::to_vec(value).unwrap_or_default(),
            content_type: "application/json; charset=utf-8",
            location: None,
            challenge: false,
        }
    }

    /// Twilio's error body `{code, message, more_info, status}`.
    pub fn error(status: u16, code: u32, message: impl Into<String>) -> Reply {
        let body = serde_json::json!({
            "code": code,
            "message": message.into(),
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status,
        });
        let mut r = Reply::json(status, &body);
        r.challenge = status == 401;
        r
    }

    /// 401 / 20003, as Twilio answers bad or insufficient credentials.
    pub fn unauthorized() -> Reply {
        Reply::error(401, 20003, "Authenticate")
    }

    /// 404 / 20404 for a path.
    pub fn not_found(path: &str) -> Reply {
        Reply::error(
            404,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    /// 204 No Content.
    pub fn no_content() -> Reply {
        Reply {
            status: 204,
            body: Vec::new(),
            content_type: "text/plain",
            location: None,
            challenge: false,
        }
    }

    /// Raw bytes of a content type.
    pub fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            body,
            content_type,
            location: None,
            challenge: false,
        }
    }

    /// A redirect.
    pub fn redirect(location: String) -> Reply {
        Reply {
            status: 302,
            body: Vec::new(),
            content_type: "text/plain",
            location: Some(location),
            challenge: false,
        }
    }
}
