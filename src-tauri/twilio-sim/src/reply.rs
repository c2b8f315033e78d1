//! Twilio's error answers, on top of the kit's [`Reply`].

pub use sim_kit::Reply;

/// Twilio's error bodies, as constructors of [`Reply`] (`Reply::error(…)` with this in scope).
pub trait TwilioReply {
    /// Twilio's error body `{code, message, more_info, status}`; a 401 also asks for Basic
    /// credentials (`WWW-Authenticate`).
    fn error(status: u16, code: u32, message: impl Into<String>) -> Reply;
    /// 401 / 20003, as Twilio answers bad or insufficient credentials.
    fn unauthorized() -> Reply;
    /// 404 / 20404 for a path.
    fn not_found(path: &str) -> Reply;
}

impl TwilioReply for Reply {
    fn error(status: u16, code: u32, message: impl Into<String>) -> Reply {
        let body = serde_json::json!({
            "code": code,
            "message": message.into(),
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status,
        });
        let r = Reply::json(status, &body);
        if status == 401 {
            r.with_header("www-authenticate", "Basic realm=\"Twilio API\"")
        } else {
            r
        }
    }

    fn unauthorized() -> Reply {
        Reply::error(401, 20003, "Authenticate")
    }

    fn not_found(path: &str) -> Reply {
        Reply::error(
            404,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }
}
