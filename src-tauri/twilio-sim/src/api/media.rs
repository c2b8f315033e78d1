//! `…/Messages/{sid}/Media`: media of a message, and the signed CDN links their bytes live at.

use serde_json::{json, Value};

use super::paging::{paging, Pages};
use super::V;
use crate::ctx::Ctx;
use crate::dates::rfc2822;
use crate::media;
use crate::reply::{Reply, TwilioReply as _};
use crate::sid::Kind;
use crate::world::World;

/// A media item's index: its message's index × 16 + its position.
fn index(i: u32, k: u32) -> u64 {
    i as u64 * 16 + k as u64
}

/// The position of media `sid` in message `i`, if it is there and not deleted.
fn media_in(w: &World, i: u32, sid: &str) -> Option<u32> {
    if !sid.starts_with("ME") {
        return None;
    }
    let x = w.codec.decode(Kind::Media, sid)?;
    let (mi, k) = ((x / 16) as u32, (x % 16) as u32);
    (mi == i && k < w.msgs[i as usize].media as u32 && !w.media_deleted.contains(&x)).then_some(k)
}

fn media_type(w: &World, i: u32, k: u32) -> String {
    match w.extras.get(&i) {
        Some(e) if !e.media_types.is_empty() => e
            .media_types
            .get(k as usize)
            .cloned()
            .unwrap_or_else(|| "image/png".into()),
        _ => media::content_type(w.seed, i, k).to_string(),
    }
}

fn media_json(w: &World, i: u32, k: u32) -> Value {
    let m = &w.msgs[i as usize];
    let acct = &w.accounts[m.account as usize].sid;
    let msid = w.msg_sid(i);
    let sid = w.codec.sid("ME", Kind::Media, index(i, k));
    json!({
        "account_sid": acct,
        "content_type": media_type(w, i, k),
        "date_created": rfc2822(m.t),
        "date_updated": rfc2822(m.t),
        "parent_sid": msid,
        "sid": sid,
        "uri": format!("{V}/Accounts/{acct}/Messages/{msid}/Media/{sid}.json"),
    })
}

/// `GET …/Media.json`: the media list of message `i`.
pub fn list(w: &World, ctx: &Ctx, i: u32) -> Reply {
    let (size, page) = match paging(ctx, 50) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let m = &w.msgs[i as usize];
    let items: Vec<Value> = (0..m.media as u32)
        .filter(|&k| !w.media_deleted.contains(&index(i, k)))
        .skip(page as usize * size)
        .take(size)
        .map(|k| media_json(w, i, k))
        .collect();
    let pages = Pages {
        path: format!(
            "{V}/Accounts/{}/Messages/{}/Media.json",
            w.accounts[m.account as usize].sid,
            w.msg_sid(i)
        ),
        filters: &[],
        size,
        page,
    };
    pages.envelope("media_list", None).values(items)
}

/// `GET …/Media/{ME}.json` (the resource) or `…/Media/{ME}` (a redirect to its bytes).
pub fn fetch(w: &World, ctx: &Ctx, i: u32, file: &str, now: i64) -> Reply {
    let (sid, json_ext) = match file.strip_suffix(".json") {
        Some(s) => (s, true),
        None => (file, false),
    };
    match media_in(w, i, sid) {
        None => Reply::not_found(&ctx.path),
        Some(k) if json_ext => Reply::json(200, &media_json(w, i, k)),
        Some(k) => cdn_redirect(w, ctx, index(i, k), now),
    }
}

/// `DELETE …/Media/{ME}[.json]`.
pub fn delete(w: &mut World, ctx: &Ctx, i: u32, file: &str) -> Reply {
    match media_in(w, i, file.strip_suffix(".json").unwrap_or(file)) {
        Some(k) => {
            w.media_deleted.insert(index(i, k));
            Reply::no_content()
        }
        None => Reply::not_found(&ctx.path),
    }
}

fn cdn_redirect(w: &World, ctx: &Ctx, index: u64, now: i64) -> Reply {
    let expires = now + media::CDN_TTL_SECS;
    let sig = media::sign(w.cdn_key, index, expires);
    let sid = w.codec.sid("ME", Kind::Media, index);
    Reply::redirect(format!(
        "{}/__cdn/{sid}?Expires={expires}&Signature={sig}",
        ctx.sim_url
    ))
}

/// An S3-style XML error, as the media CDN answers.
fn cdn_error(status: u16, code: &str, msg: &str) -> Reply {
    Reply::bytes(
        status,
        "application/xml",
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{msg}</Message></Error>").into_bytes(),
    )
}

/// Serves a CDN link: no credentials allowed, signature and expiry checked on the sim clock.
pub fn cdn(w: &World, ctx: &Ctx, sid: &str, has_auth: bool) -> Reply {
    const NO_KEY: &str = "The specified key does not exist.";
    if has_auth {
        return cdn_error(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
    }
    let Some(index) = w.codec.decode(Kind::Media, sid) else {
        return cdn_error(404, "NoSuchKey", NO_KEY);
    };
    let expires = ctx.q("Expires").and_then(|e| e.parse::<i64>().ok());
    let sig = ctx.q("Signature").unwrap_or("");
    match expires {
        Some(e) if media::sign(w.cdn_key, index, e) == sig => {
            if e < w.peek_now() {
                return cdn_error(403, "AccessDenied", "Request has expired");
            }
        }
        _ => return cdn_error(403, "AccessDenied", "Access Denied"),
    }
    let (i, k) = ((index / 16) as u32, (index % 16) as u32);
    if i as usize >= w.msgs.len()
        || k >= w.msgs[i as usize].media as u32
        || w.media_deleted.contains(&index)
    {
        return cdn_error(404, "NoSuchKey", NO_KEY);
    }
    let ct = media_type(w, i, k);
    let body = media::bytes(&ct, w.seed, index);
    let ct: &'static str = match ct.as_str() {
        "application/pdf" => "application/pdf",
        "image/jpeg" => "image/jpeg",
        "image/gif" => "image/gif",
        _ => "image/png",
    };
    Reply::bytes(200, ct, body)
}
