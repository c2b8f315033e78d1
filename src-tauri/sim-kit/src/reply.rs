//! What a handler answers: status, body, content type and a few headers. The kit turns it into
//! an HTTP response (and may cut it, see [`crate::Faults::cut_rate`]).

use serde::Serialize;

/// Content type of every JSON answer.
pub const JSON: &str = "application/json; charset=utf-8";

/// An HTTP answer of a simulator.
#[derive(Clone, Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Body bytes.
    pub body: Vec<u8>,
    /// `Content-Type` (not sent with a 204).
    pub content_type: &'static str,
    /// Further headers, in order (`Location`, `WWW-Authenticate`, …). Names are
    /// case-insensitive; a value that is not a valid header value is dropped.
    pub headers: Vec<(&'static str, String)>,
    /// A warning written beside the request in the request log (e.g. a credential sent in the
    /// URL), so tests can assert a client never does it. Not sent to the client.
    pub warning: Option<String>,
}

impl Reply {
    /// Raw bytes of a content type.
    pub fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            body,
            content_type,
            headers: Vec::new(),
            warning: None,
        }
    }

    /// A JSON answer.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        Reply::bytes(status, JSON, serde_json::to_vec(value).unwrap_or_default())
    }

    /// 204 No Content.
    pub fn no_content() -> Reply {
        Reply::bytes(204, "text/plain", Vec::new())
    }

    /// A 302 redirect to `location`.
    pub fn redirect(location: String) -> Reply {
        Reply::bytes(302, "text/plain", Vec::new()).with_header("location", location)
    }

    /// The same answer with another status (a 201 for a created resource, say).
    pub fn with_status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// The same answer, logged with a warning (see [`Reply::warning`]).
    pub fn with_warning(mut self, warning: impl Into<String>) -> Reply {
        self.warning = Some(warning.into());
        self
    }
}
