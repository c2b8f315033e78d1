//! `api.twilio.com/2010-04-01`: Accounts, Messages, Media. This module routes; one module per
//! resource answers, `paging` frames lists and `render` writes messages as JSON.

mod accounts;
mod media;
pub(crate) mod messages;
pub mod paging;
mod render;

use crate::ctx::{authenticate, Ctx};
use crate::reply::{Reply, TwilioReply as _};
use crate::world::World;

pub use media::cdn;
pub use messages::inbound;

/// The 2010 API's path prefix.
const V: &str = "/2010-04-01";

fn method_not_allowed() -> Reply {
    Reply::error(405, 20004, "Method not allowed")
}

/// Routes a request of the 2010 API that only reads.
pub fn get(w: &World, ctx: &Ctx) -> Reply {
    let auth = match authenticate(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let segs = ctx.segments();
    match segs.as_slice() {
        ["2010-04-01", "Accounts.json"] => accounts::list(w, ctx, &auth),
        ["2010-04-01", "Accounts", file] if file.ends_with(".json") => {
            match accounts::named(w, ctx, &auth, &file[..file.len() - 5], true) {
                Ok(a) => Reply::json(200, &accounts::account_json(w, a)),
                Err(r) => r,
            }
        }
        ["2010-04-01", "Accounts", acct, rest @ ..] => {
            match accounts::named(w, ctx, &auth, acct, false) {
                Ok(a) => get_under_account(w, ctx, a, rest),
                Err(r) => r,
            }
        }
        _ => Reply::not_found(&ctx.path),
    }
}

/// Reads of the resources under `/Accounts/{AC}/`.
fn get_under_account(w: &World, ctx: &Ctx, a: usize, rest: &[&str]) -> Reply {
    let now = w.peek_now();
    let message = |sid: &str| messages::owned(w, a, sid).ok_or_else(|| Reply::not_found(&ctx.path));
    let answer = match rest {
        ["Messages.json"] => Ok(messages::list(w, ctx, a, now)),
        ["Messages", file] if file.ends_with(".json") => {
            message(&file[..file.len() - 5]).map(|i| render::message_json(w, i, now))
        }
        ["Messages", msid, "Media.json"] => message(msid).map(|i| media::list(w, ctx, i)),
        ["Messages", msid, "Media", file] => {
            message(msid).map(|i| media::fetch(w, ctx, i, file, now))
        }
        _ => Err(Reply::not_found(&ctx.path)),
    };
    answer.unwrap_or_else(|r| r)
}

/// Routes a request of the 2010 API that writes (POST, DELETE).
pub fn write(w: &mut World, ctx: &Ctx) -> Reply {
    let auth = match authenticate(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let segs = ctx.segments();
    match segs.as_slice() {
        ["2010-04-01", "Accounts", file] if file.ends_with(".json") && ctx.method == "POST" => {
            match accounts::named(w, ctx, &auth, &file[..file.len() - 5], true) {
                Ok(a) => accounts::update(w, ctx, &auth, a),
                Err(r) => r,
            }
        }
        ["2010-04-01", "Accounts", acct, rest @ ..] => {
            match accounts::named(w, ctx, &auth, acct, false) {
                Ok(a) => write_under_account(w, ctx, a, rest),
                Err(r) => r,
            }
        }
        ["2010-04-01", "Accounts.json"] => method_not_allowed(),
        _ => Reply::not_found(&ctx.path),
    }
}

/// Writes of the resources under `/Accounts/{AC}/`.
fn write_under_account(w: &mut World, ctx: &Ctx, a: usize, rest: &[&str]) -> Reply {
    let (post, delete) = (ctx.method == "POST", ctx.method == "DELETE");
    let message = |w: &World, sid: &str| {
        messages::owned(w, a, sid).ok_or_else(|| Reply::not_found(&ctx.path))
    };
    let answer = match rest {
        ["Messages.json"] if post => Ok(messages::create(w, ctx, a)),
        ["Messages", file] if file.ends_with(".json") => {
            message(w, &file[..file.len() - 5]).map(|i| {
                if delete {
                    messages::delete(w, i)
                } else if post {
                    messages::update(w, ctx, i)
                } else {
                    method_not_allowed()
                }
            })
        }
        ["Messages", msid, "Media", file] if delete => {
            message(w, msid).map(|i| media::delete(w, ctx, i, file))
        }
        _ => Ok(method_not_allowed()),
    };
    answer.unwrap_or_else(|r| r)
}
