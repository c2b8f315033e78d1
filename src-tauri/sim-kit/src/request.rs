//! One request as a simulator's handlers see it: read whole, path split and decoded, query and
//! form parsed, Basic credentials decoded.

use axum::http::{header, HeaderMap, Method};
use base64::Engine;

/// Largest body the kit reads; a larger one is answered with [`crate::Failure::BodyTooLarge`].
pub const BODY_LIMIT: usize = 32 << 20;

/// A parsed request.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The `Host` header (empty if absent).
    pub host: String,
    /// The path as requested (not decoded).
    pub path: String,
    /// Path segments, percent-decoded, empty ones dropped.
    pub segs: Vec<String>,
    /// The raw query string (without `?`; empty if none).
    pub raw_query: String,
    /// Query pairs in order.
    pub query: Vec<(String, String)>,
    /// Form pairs: from a form-encoded body, or any POST body that does not look like JSON.
    pub form: Vec<(String, String)>,
    /// Raw body.
    pub body: Vec<u8>,
    /// HTTP Basic credentials (username, password), if sent and well formed.
    pub basic: Option<(String, String)>,
    /// Every header as received.
    pub headers: HeaderMap,
}

impl Request {
    /// Reads and parses an axum request; `None` when the body is unreadable or over
    /// [`BODY_LIMIT`].
    pub async fn read(req: axum::extract::Request) -> Option<Request> {
        let (parts, body) = req.into_parts();
        let body = axum::body::to_bytes(body, BODY_LIMIT).await.ok()?;
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_string();
        let path = parts.uri.path().to_string();
        let raw_query = parts.uri.query().unwrap_or("").to_string();
        let form_body = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        // Lenient like the real APIs' clients expect: a POST body that is not JSON is a form.
        let form = if form_body || (parts.method == Method::POST && !body.starts_with(b"{")) {
            pairs(&body)
        } else {
            Vec::new()
        };
        Some(Request {
            method: parts.method.as_str().to_string(),
            segs: path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(percent_decode)
                .collect(),
            query: pairs(raw_query.as_bytes()),
            basic: basic(&parts.headers),
            host,
            path,
            raw_query,
            form,
            body: body.to_vec(),
            headers: parts.headers,
        })
    }

    /// The path segments as string slices, for matching routes on slice patterns.
    pub fn segments(&self) -> Vec<&str> {
        self.segs.iter().map(String::as_str).collect()
    }

    /// First query value of a key.
    pub fn q(&self, key: &str) -> Option<&str> {
        first(&self.query, key)
    }

    /// First form value of a key.
    pub fn f(&self, key: &str) -> Option<&str> {
        first(&self.form, key)
    }

    /// Every form value of a key.
    pub fn f_all(&self, key: &str) -> Vec<&str> {
        self.form
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn pairs(s: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(s).into_owned().collect()
}

/// `%XX` decoding of one path segment (`+` stays `+`; invalid escapes stay as they are).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_of_segments() {
        for (raw, decoded) in [
            ("plain", "plain"),
            ("whatsapp%3A%2B33", "whatsapp:+33"),
            ("a+b", "a+b"),
            ("bad%zz", "bad%zz"),
            ("%C3%A9t%C3%A9", "été"),
        ] {
            assert_eq!(percent_decode(raw), decoded, "{raw}");
        }
    }

    #[test]
    fn basic_credentials() {
        let mut h = HeaderMap::new();
        assert_eq!(basic(&h), None);
        h.insert(header::AUTHORIZATION, "Basic dXNlcjpwYXNz".parse().unwrap());
        assert_eq!(basic(&h), Some(("user".into(), "pass".into())));
        h.insert(
            header::AUTHORIZATION,
            "Bearer dXNlcjpwYXNz".parse().unwrap(),
        );
        assert_eq!(basic(&h), None);
    }
}
