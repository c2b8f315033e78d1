//! One request as the Twilio handlers see it, and who made it.

use std::ops::Deref;

use sim_kit::Request;

use crate::reply::{Reply, TwilioReply as _};
use crate::world::World;

/// A parsed request (the kit's [`Request`], which it derefs to) and the base URLs answers
/// put in their links.
pub struct Ctx<'a> {
    req: &'a Request,
    /// Scheme and host that product APIs put in absolute URLs: `https://<twilio host>` when
    /// called with a Twilio host, the sim's own URL otherwise.
    pub product_base: String,
    /// The simulator's own base URL (CDN links).
    pub sim_url: &'a str,
}

impl<'a> Ctx<'a> {
    /// The context of `req` on a simulator listening at `sim_url`.
    pub fn new(req: &'a Request, twilio_host: bool, sim_url: &'a str) -> Ctx<'a> {
        let scheme = if twilio_host { "https" } else { "http" };
        Ctx {
            product_base: format!("{scheme}://{}", req.host),
            req,
            sim_url,
        }
    }
}

impl Deref for Ctx<'_> {
    type Target = Request;
    fn deref(&self) -> &Request {
        self.req
    }
}

/// Who a request authenticated as.
#[derive(Clone, Debug)]
pub struct Auth {
    /// The account the credential belongs to.
    pub account: usize,
    /// Whether an API key (SK…) was used rather than the auth token.
    pub via_key: bool,
    /// Whether that key is a Standard one: every resource but `/Accounts` and `/Keys`.
    pub standard_key: bool,
}

/// Checks HTTP Basic credentials: Account SID + auth token, or API key SID + secret.
pub fn authenticate(w: &World, ctx: &Ctx) -> Result<Auth, Reply> {
    let Some((user, pass)) = &ctx.basic else {
        return Err(Reply::unauthorized());
    };
    if let Some(a) = w.accounts.iter().position(|a| &a.sid == user) {
        if !ct_eq(w.accounts[a].token.as_bytes(), pass.as_bytes()) {
            return Err(Reply::unauthorized());
        }
        return Ok(Auth {
            account: a,
            via_key: false,
            standard_key: false,
        });
    }
    if let Some((_, secret, a, standard)) = w.api_keys.iter().find(|(sid, ..)| sid == user) {
        if !ct_eq(secret.as_bytes(), pass.as_bytes()) {
            return Err(Reply::unauthorized());
        }
        return Ok(Auth {
            account: *a,
            via_key: true,
            standard_key: *standard,
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
