//! One request as the handlers see it, and who made it.

use crate::reply::Reply;
use crate::world::World;

/// A parsed request.
pub struct Ctx {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as requested.
    pub path: String,
    /// Path segments (percent-decoded).
    pub segs: Vec<String>,
    /// Query pairs in order.
    pub query: Vec<(String, String)>,
    /// Form pairs of a form-encoded body.
    pub form: Vec<(String, String)>,
    /// Raw body.
    pub body: Vec<u8>,
    /// Basic credentials (username, password).
    pub cred: Option<(String, String)>,
    /// Scheme and host that product APIs put in absolute URLs.
    pub product_base: String,
    /// The simulator's own base URL (CDN links).
    pub sim_url: String,
}

impl Ctx {
    /// The path segments as string slices, for matching routes on slice patterns.
    pub fn segments(&self) -> Vec<&str> {
        self.segs.iter().map(String::as_str).collect()
    }
    /// First query value of a key.
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    /// First form value of a key.
    pub fn f(&self, key: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    /// Every form value of a key.
    pub fn f_all(&self, key: &str) -> Vec<&str> {
        self.form
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Who a request authenticated as.
#[derive(Clone, Debug)]
pub struct Auth {
    /// The account the credential belongs to.
    pub account: usize,
    /// Whether an API key (SK…) was used rather than the auth token.
    pub via_key: bool,
}

/// Checks HTTP Basic credentials: Account SID + auth token, or API key SID + secret.
pub fn authenticate(w: &World, ctx: &Ctx) -> Result<Auth, Reply> {
    let Some((user, pass)) = &ctx.cred else {
        return Err(Reply::unauthorized());
    };
    if let Some(a) = w.accounts.iter().position(|a| &a.sid == user) {
        if !ct_eq(w.accounts[a].token.as_bytes(), pass.as_bytes()) {
            return Err(Reply::unauthorized());
        }
        return Ok(Auth {
            account: a,
            via_key: false,
        });
    }
    if let Some((_, secret, a)) = w.api_keys.iter().find(|(sid, _, _)| sid == user) {
        if !ct_eq(secret.as_bytes(), pass.as_bytes()) {
            return Err(Reply::unauthorized());
        }
        return Ok(Auth {
            account: *a,
            via_key: true,
        });
    }
    Err(Reply::unauthorized())
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a credential may act on an account: its own, or (auth token only) a subaccount of
/// it. A subaccount's credentials never reach the parent.
pub fn can_access(w: &World, auth: &Auth, target: usize) -> bool {
    target == auth.account || (!auth.via_key && w.accounts[target].owner == auth.account)
}
