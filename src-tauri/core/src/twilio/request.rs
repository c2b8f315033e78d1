//! A Twilio request as data (method, host, path, query, form), the one `execute` that sends it
//! under the retry policy and the concurrency cap, and the one place a non-2xx answer becomes a
//! typed error.

use super::{wire, Client, Host};
use crate::error::{Error, Result};
use crate::http::{self, Failure, Method, Outcome};
use serde::de::DeserializeOwned;
use url::Url;

/// A request as data: what to send, not how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Product host.
    pub host: Host,
    /// Path from the host root, starting with `/`.
    pub path: String,
    /// Query parameters (decoded; encoded when sent).
    pub query: Vec<(String, String)>,
    /// Form body for POSTs (decoded).
    pub form: Vec<(String, String)>,
}

impl Request {
    /// A GET of `path` on `host`.
    pub fn get(host: Host, path: impl Into<String>) -> Request {
        Request {
            method: Method::Get,
            host,
            path: path.into(),
            query: Vec::new(),
            form: Vec::new(),
        }
    }

    /// A form POST of `path` on `host`.
    pub fn post(host: Host, path: impl Into<String>, form: Vec<(String, String)>) -> Request {
        Request {
            method: Method::Post,
            host,
            path: path.into(),
            query: Vec::new(),
            form,
        }
    }

    /// A DELETE of `path` on `host` (answered 204 No Content).
    pub fn delete(host: Host, path: impl Into<String>) -> Request {
        Request {
            method: Method::Delete,
            host,
            path: path.into(),
            query: Vec::new(),
            form: Vec::new(),
        }
    }

    /// Adds a query parameter.
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Request {
        self.query.push((key.into(), value.into()));
        self
    }

    /// A GET of a link Twilio gave: a relative `next_page_uri` (2010 API) or an absolute
    /// `meta.next_page_url` (product APIs; its host is replaced by our endpoint for `host`).
    pub fn follow(host: Host, link: &str) -> Result<Request> {
        let base = Url::parse("https://placeholder.invalid").expect("static URL");
        let url = base
            .join(link)
            .map_err(|e| Error::Internal(format!("bad paging link {link:?}: {e}")))?;
        let query = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok(Request {
            method: Method::Get,
            host,
            path: url.path().to_owned(),
            query,
            form: Vec::new(),
        })
    }
}

impl Client {
    /// Sends `request` (retrying as the policy allows) and decodes the JSON answer.
    pub async fn execute<T: DeserializeOwned>(&self, request: &Request) -> Result<T> {
        let inner = &self.inner;
        inner
            .policy
            .run(request.method.idempotence(), &request.path, |attempt| {
                self.attempt(request, attempt)
            })
            .await
    }

    /// One attempt: sent under the concurrency cap, the answer read whole, then decoded.
    async fn attempt<T: DeserializeOwned>(
        &self,
        request: &Request,
        attempt: u32,
    ) -> std::result::Result<T, Failure> {
        let inner = &self.inner;
        let (status, body, retry_after) = match self.send_once(request, attempt).await {
            Ok(answer) => answer,
            Err(failure) => {
                inner.counters.interrupted();
                return Err(failure);
            }
        };
        if (200..300).contains(&status) {
            inner.throttle.on_success();
            // A DELETE answers 204 with no body: decoded as JSON `null` (into `()`).
            let body = if status == 204 {
                bytes::Bytes::from_static(b"null")
            } else {
                body
            };
            return http::decode_json(&body).map_err(|message| {
                Failure::new(
                    Outcome::Garbled,
                    Error::Twilio {
                        status: 200,
                        code: None,
                        message,
                    },
                )
            });
        }
        inner.counters.answered(status);
        if status == 429 {
            inner.throttle.on_throttled();
        }
        Err(Failure {
            outcome: Outcome::Status(status),
            error: error_from_response(status, &body),
            retry_after,
        })
    }

    /// Sends once and reads the whole answer: status, body and `Retry-After`.
    async fn send_once(
        &self,
        request: &Request,
        attempt: u32,
    ) -> std::result::Result<(u16, bytes::Bytes, Option<std::time::Duration>), Failure> {
        let inner = &self.inner;
        let _slot = inner.throttle.acquire().await;
        inner.counters.sent(attempt);
        let url = inner.endpoints.url_for(request.host, &request.path);
        let (user, pass) = inner.credentials.basic();
        let mut builder = inner
            .http
            .request(request.method.to_reqwest(), &url)
            .basic_auth(user, Some(pass))
            .header("Accept", "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if request.method == Method::Post {
            builder = builder.form(&request.form);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| http::network_failure(&e))?;
        let status = response.status().as_u16();
        let retry_after = http::retry_after(&response);
        let body = response
            .bytes()
            .await
            .map_err(|e| Failure::new(Outcome::Interrupted, http::network_error(&e)))?;
        Ok((status, body, retry_after))
    }
}

/// The one place a non-2xx answer becomes an error: Twilio's `{code, message, more_info,
/// status}` body is parsed when present.
pub fn error_from_response(status: u16, body: &[u8]) -> Error {
    let parsed: Option<wire::ErrorBody> = serde_json::from_slice(body).ok();
    let code = parsed.as_ref().and_then(|b| b.code);
    if status == 401 || code == Some(20003) {
        return Error::BadCredentials;
    }
    if status == 429 || code == Some(20429) {
        return Error::RateLimited;
    }
    let message = parsed
        .and_then(|b| b.message)
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    Error::Twilio {
        status,
        code,
        message: crate::secret::redact(&message).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Endpoints;
    use super::*;

    #[test]
    fn error_bodies_become_typed_errors() {
        let cases: &[(u16, &str, crate::Code)] = &[
            (
                401,
                r#"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#,
                crate::Code::BadCredentials,
            ),
            (
                403,
                r#"{"code":20003,"message":"Permission Denied","status":403}"#,
                crate::Code::BadCredentials,
            ),
            (
                429,
                r#"{"code":20429,"message":"Too Many Requests","status":429}"#,
                crate::Code::RateLimited,
            ),
            (
                404,
                r#"{"code":20404,"message":"not found","status":404}"#,
                crate::Code::Twilio,
            ),
            (502, "<html>bad gateway</html>", crate::Code::Twilio),
        ];
        for (status, body, want) in cases {
            assert_eq!(
                error_from_response(*status, body.as_bytes()).code(),
                *want,
                "{status} {body}"
            );
        }
        match error_from_response(
            404,
            br#"{"code":20404,"message":"The requested resource was not found","status":404}"#,
        ) {
            Error::Twilio {
                status: 404,
                code: Some(20404),
                message,
            } => assert!(message.contains("not found")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paging_links_become_requests_on_our_endpoint() {
        let r = Request::follow(Host::Api, "/2010-04-01/Accounts/AC1/Messages.json?To=whatsapp%3A%2B331&DateSent%3E=2024-01-01&PageSize=2&Page=1&PageToken=PASM1").unwrap();
        assert_eq!(r.path, "/2010-04-01/Accounts/AC1/Messages.json");
        assert!(r.query.contains(&("To".into(), "whatsapp:+331".into())));
        assert!(r.query.contains(&("DateSent>".into(), "2024-01-01".into())));
        let r = Request::follow(
            Host::Messaging,
            "https://messaging.twilio.com/v2/Channels/Senders?PageSize=10&Page=1&Channel=whatsapp",
        )
        .unwrap();
        assert_eq!(r.path, "/v2/Channels/Senders");
        let e = Endpoints::single("http://127.0.0.1:4010/").unwrap();
        assert_eq!(
            e.url_for(Host::Messaging, &r.path),
            "http://127.0.0.1:4010/v2/Channels/Senders"
        );
        assert_eq!(e.single_base().as_deref(), Some("http://127.0.0.1:4010"));
        assert_eq!(Endpoints::twilio().single_base(), None);
        assert!(Endpoints::single("ftp://x").is_err());
    }
}
