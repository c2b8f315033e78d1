//! `api.twilio.com/2010-04-01`: Accounts, Messages, Media.

use std::borrow::Cow;

use serde_json::{json, Value};

use crate::ctx::{authenticate, can_access, Auth, Ctx};
use crate::dates::{self, parse_filter, rfc2822};
use crate::generate::error_message;
use crate::media;
use crate::reply::Reply;
use crate::sid::Kind;
use crate::texts;
use crate::world::*;

const V: &str = "/2010-04-01";

/// Routes a request of the 2010 API that only reads.
pub fn get(w: &World, ctx: &Ctx) -> Reply {
    let auth = match authenticate(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let segs = ctx.segments();
    match segs.as_slice() {
        ["2010-04-01", "Accounts.json"] => list_accounts(w, ctx, &auth),
        ["2010-04-01", "Accounts", file] if file.ends_with(".json") => {
            match account_for(w, ctx, &auth, &file[..file.len() - 5], true) {
                Ok(a) => Reply::json(200, &account_json(w, a)),
                Err(r) => r,
            }
        }
        ["2010-04-01", "Accounts", acct, rest @ ..] => {
            let a = match account_for(w, ctx, &auth, acct, false) {
                Ok(a) => a,
                Err(r) => return r,
            };
            let now = w.peek_now();
            match rest {
                ["Messages.json"] => list_messages(w, ctx, a, now),
                ["Messages", file] if file.ends_with(".json") => {
                    match message_in(w, a, &file[..file.len() - 5]) {
                        Some(i) => message_json(w, i, now),
                        None => Reply::not_found(&ctx.path),
                    }
                }
                ["Messages", msid, "Media.json"] => match message_in(w, a, msid) {
                    Some(i) => list_media(w, ctx, i),
                    None => Reply::not_found(&ctx.path),
                },
                ["Messages", msid, "Media", file] => {
                    let Some(i) = message_in(w, a, msid) else {
                        return Reply::not_found(&ctx.path);
                    };
                    let (sid, json_ext) = match file.strip_suffix(".json") {
                        Some(s) => (s, true),
                        None => (*file, false),
                    };
                    let Some(k) = media_in(w, i, sid) else {
                        return Reply::not_found(&ctx.path);
                    };
                    if json_ext {
                        Reply::json(200, &media_json(w, i, k))
                    } else {
                        cdn_redirect(w, ctx, i, k, now)
                    }
                }
                _ => Reply::not_found(&ctx.path),
            }
        }
        _ => Reply::not_found(&ctx.path),
    }
}

/// Routes a request of the 2010 API that writes (POST, DELETE).
pub fn write(w: &mut World, ctx: &Ctx) -> Reply {
    let auth = match authenticate(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let segs = ctx.segments();
    let post = ctx.method == "POST";
    let delete = ctx.method == "DELETE";
    match segs.as_slice() {
        ["2010-04-01", "Accounts", file] if file.ends_with(".json") && post => {
            match account_for(w, ctx, &auth, &file[..file.len() - 5], true) {
                Ok(a) => update_account(w, ctx, &auth, a),
                Err(r) => r,
            }
        }
        ["2010-04-01", "Accounts", acct, rest @ ..] => {
            let a = match account_for(w, ctx, &auth, acct, false) {
                Ok(a) => a,
                Err(r) => return r,
            };
            match rest {
                ["Messages.json"] if post => create_message(w, ctx, a),
                ["Messages", file] if file.ends_with(".json") => {
                    let Some(i) = message_in(w, a, &file[..file.len() - 5]) else {
                        return Reply::not_found(&ctx.path);
                    };
                    if delete {
                        w.msgs[i as usize].flags |= DELETED;
                        Reply::no_content()
                    } else if post {
                        update_message(w, ctx, i)
                    } else {
                        Reply::error(405, 20004, "Method not allowed")
                    }
                }
                ["Messages", msid, "Media", file] if delete => {
                    let Some(i) = message_in(w, a, msid) else {
                        return Reply::not_found(&ctx.path);
                    };
                    match media_in(w, i, file.strip_suffix(".json").unwrap_or(file)) {
                        Some(k) => {
                            w.media_deleted.insert(i as u64 * 16 + k as u64);
                            Reply::no_content()
                        }
                        None => Reply::not_found(&ctx.path),
                    }
                }
                _ => Reply::error(405, 20004, "Method not allowed"),
            }
        }
        ["2010-04-01", "Accounts.json"] => Reply::error(405, 20004, "Method not allowed"),
        _ => Reply::not_found(&ctx.path),
    }
}

/// The account a path names, if the credential may use it. A suspended or closed account can
/// still read its own Account resource (so a client can tell why it is refused), nothing else.
fn account_for(
    w: &World,
    ctx: &Ctx,
    auth: &Auth,
    sid: &str,
    account_resource: bool,
) -> Result<usize, Reply> {
    let Some(a) = w.accounts.iter().position(|x| x.sid == sid) else {
        return Err(Reply::not_found(&ctx.path));
    };
    if !can_access(w, auth, a) {
        return Err(Reply::unauthorized());
    }
    if w.accounts[auth.account].status != "active" && !(account_resource && ctx.method == "GET") {
        return Err(Reply::unauthorized());
    }
    Ok(a)
}

fn account_json(w: &World, a: usize) -> Value {
    let acc = &w.accounts[a];
    let base = format!("{V}/Accounts/{}", acc.sid);
    let sub = |name: &str| format!("{base}/{name}.json");
    json!({
        "auth_token": acc.token,
        "date_created": rfc2822(acc.created),
        "date_updated": rfc2822(acc.updated),
        "friendly_name": acc.friendly_name,
        "owner_account_sid": w.accounts[acc.owner].sid,
        "sid": acc.sid,
        "status": acc.status,
        "subresource_uris": {
            "addresses": sub("Addresses"), "conferences": sub("Conferences"),
            "signing_keys": sub("SigningKeys"), "transcriptions": sub("Transcriptions"),
            "connect_apps": sub("ConnectApps"), "sip": sub("SIP"),
            "authorized_connect_apps": sub("AuthorizedConnectApps"), "usage": sub("Usage"),
            "keys": sub("Keys"), "applications": sub("Applications"), "recordings": sub("Recordings"),
            "short_codes": sub("SMS/ShortCodes"), "calls": sub("Calls"), "notifications": sub("Notifications"),
            "incoming_phone_numbers": sub("IncomingPhoneNumbers"), "queues": sub("Queues"),
            "messages": sub("Messages"), "outgoing_caller_ids": sub("OutgoingCallerIds"),
            "available_phone_numbers": sub("AvailablePhoneNumbers"), "balance": sub("Balance"),
        },
        "type": acc.kind,
        "uri": format!("{base}.json"),
    })
}

fn list_accounts(w: &World, ctx: &Ctx, auth: &Auth) -> Reply {
    if auth.via_key || w.accounts[auth.account].status != "active" {
        return Reply::unauthorized();
    }
    let (size, page) = match paging(ctx, 50) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let name = ctx.q("FriendlyName");
    let status = ctx.q("Status");
    let items: Vec<Value> = (0..w.accounts.len())
        .filter(|&a| a == auth.account || w.accounts[a].owner == auth.account)
        .filter(|&a| name.is_none_or(|n| w.accounts[a].friendly_name == n))
        .filter(|&a| status.is_none_or(|s| w.accounts[a].status == s))
        .skip(size * page as usize)
        .take(size)
        .map(|a| account_json(w, a))
        .collect();
    let mut filters = Vec::new();
    for k in ["FriendlyName", "Status"] {
        if let Some(v) = ctx.q(k) {
            filters.push((k.to_string(), v.to_string()));
        }
    }
    let path = format!("{V}/Accounts.json");
    let uri = page_uri(&path, &filters, size, page, None);
    let first = page_uri(&path, &filters, size, 0, None);
    envelope(
        "accounts",
        values(items),
        page,
        size,
        uri,
        first,
        None,
        None,
    )
}

fn update_account(w: &mut World, ctx: &Ctx, auth: &Auth, a: usize) -> Reply {
    if auth.via_key {
        return Reply::unauthorized();
    }
    if let Some(name) = ctx.f("FriendlyName") {
        if name.chars().count() > 64 {
            return Reply::error(400, 20001, "FriendlyName must be 64 characters or fewer");
        }
        w.accounts[a].friendly_name = name.to_string();
    }
    if let Some(s) = ctx.f("Status") {
        let s: &'static str = match s {
            "active" => "active",
            "suspended" => "suspended",
            "closed" => "closed",
            _ => return Reply::error(400, 20001, format!("Invalid Status: {s}")),
        };
        if a == auth.account {
            return Reply::error(400, 20001, "An account cannot change its own status");
        }
        w.accounts[a].status = s;
    }
    let now = w.now();
    w.accounts[a].updated = now;
    Reply::json(200, &account_json(w, a))
}

/// PageSize (1..=1000, larger values capped) and Page.
fn paging(ctx: &Ctx, default: usize) -> Result<(usize, u64), Reply> {
    let size = match ctx.q("PageSize") {
        None => default,
        Some(s) => match s.trim().parse::<i64>() {
            Ok(n) if n >= 1 => n.min(1000) as usize,
            _ => return Err(Reply::error(400, 20001, format!("Invalid PageSize: {s}"))),
        },
    };
    let page = match ctx.q("Page") {
        None => 0,
        Some(s) => match s.trim().parse::<u64>() {
            Ok(n) => n,
            Err(_) => return Err(Reply::error(400, 20001, format!("Invalid Page: {s}"))),
        },
    };
    Ok((size, page))
}

fn page_uri(
    path: &str,
    filters: &[(String, String)],
    size: usize,
    page: u64,
    token: Option<&str>,
) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters {
        s.append_pair(k, v);
    }
    s.append_pair("PageSize", &size.to_string());
    s.append_pair("Page", &page.to_string());
    if let Some(t) = token {
        s.append_pair("PageToken", t);
    }
    format!("{path}?{}", s.finish())
}

#[allow(clippy::too_many_arguments)]
fn envelope(
    key: &str,
    (count, items): (usize, String),
    page: u64,
    size: usize,
    uri: String,
    first: String,
    next: Option<String>,
    previous: Option<String>,
) -> Reply {
    envelope_with(
        key,
        count,
        page,
        size,
        [uri, first],
        [next, previous],
        |out| out.push_str(&items),
    )
}

/// Writes a 2010 page straight into one buffer; `items` appends the JSON array of records.
fn envelope_with(
    key: &str,
    count: usize,
    page: u64,
    size: usize,
    [uri, first]: [String; 2],
    [next, previous]: [Option<String>; 2],
    items: impl FnOnce(&mut String),
) -> Reply {
    use std::fmt::Write;
    let start = page as usize * size;
    let end = if count == 0 { start } else { start + count - 1 };
    let s = |v: &Option<String>| serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(count * 1_100 + 1_024);
    let _ = write!(
        out,
        "{{\"end\":{end},\"first_page_uri\":{},\"{key}\":",
        s(&Some(first))
    );
    items(&mut out);
    let _ = write!(
        out,
        ",\"next_page_uri\":{},\"page\":{page},\"page_size\":{size},\"previous_page_uri\":{},\"start\":{start},\"uri\":{}}}",
        s(&next),
        s(&previous),
        s(&Some(uri)),
    );
    Reply::bytes(200, "application/json; charset=utf-8", out.into_bytes())
}

fn values(items: Vec<Value>) -> (usize, String) {
    (
        items.len(),
        serde_json::to_string(&items).unwrap_or_default(),
    )
}

fn with_status(status: u16, mut r: Reply) -> Reply {
    r.status = status;
    r
}

fn list_messages(w: &World, ctx: &Ctx, a: usize, now: i64) -> Reply {
    let (size, page) = match paging(ctx, 50) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut filters = Vec::new();
    let mut f = MsgFilter {
        lo: i64::MIN,
        hi: i64::MAX,
        ..Default::default()
    };
    for key in ["To", "From"] {
        if let Some(v) = ctx.q(key) {
            filters.push((key.to_string(), v.to_string()));
            let id = w.addr_ids.get(v.trim()).copied();
            if key == "To" {
                f.to = Some(id);
            } else {
                f.from = Some(id);
            }
        }
    }
    let mut bounds = [None, None, None];
    for (n, key) in ["DateSent", "DateSent<", "DateSent>"].iter().enumerate() {
        if let Some(v) = ctx.q(key) {
            filters.push((key.to_string(), v.to_string()));
            match parse_filter(v) {
                Some(d) => bounds[n] = Some(d),
                None => {
                    return Reply::error(
                        400,
                        20001,
                        format!(
                        "Invalid {key} value: {v}. Use YYYY-MM-DD or an ISO 8601 date and time."
                    ),
                    )
                }
            }
        }
    }
    (f.lo, f.hi) = dates::filter_range(bounds[0], bounds[1], bounds[2]);
    let token = ctx.q("PageToken");
    let cursor = match token {
        None => Cursor::Offset(page * size as u64),
        Some(t) => match decode_token(w, t) {
            Some(c) => c,
            None => return Reply::error(400, 21481, "Invalid PageToken"),
        },
    };
    let items = w.page(a, &f, cursor, size);
    let path = format!("{V}/Accounts/{}/Messages.json", w.accounts[a].sid);
    let uri = page_uri(&path, &filters, size, page, token);
    let first = page_uri(&path, &filters, size, 0, None);
    let next = match items.last() {
        Some(&last) if items.len() == size && w.has_older(a, &f, last) => Some(page_uri(
            &path,
            &filters,
            size,
            page + 1,
            Some(&format!("PA{}", w.msg_sid(last))),
        )),
        _ => None,
    };
    let previous = match items.first() {
        Some(&first_i) if page > 0 && w.has_newer(a, &f, first_i) => Some(page_uri(
            &path,
            &filters,
            size,
            page - 1,
            Some(&format!("PB{}", w.msg_sid(first_i))),
        )),
        _ => None,
    };
    envelope_with(
        "messages",
        items.len(),
        page,
        size,
        [uri, first],
        [next, previous],
        |out| {
            out.push('[');
            for (n, &i) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_message(out, w, i, now);
            }
            out.push(']');
        },
    )
}

fn decode_token(w: &World, t: &str) -> Option<Cursor> {
    let (kind, sid) = (t.get(..2)?, t.get(2..)?);
    if !(sid.starts_with("SM") || sid.starts_with("MM")) {
        return None;
    }
    let i = w.codec.decode(Kind::Message, sid)? as u32;
    if i as usize >= w.msgs.len() {
        return None;
    }
    match kind {
        "PA" => Some(Cursor::After(i)),
        "PB" => Some(Cursor::Before(i)),
        _ => None,
    }
}

fn message_in(w: &World, a: usize, sid: &str) -> Option<u32> {
    let i = w.find_msg(sid)?;
    (w.msgs[i as usize].account as usize == a).then_some(i)
}

/// The body a message shows.
pub fn body_of(w: &World, i: u32) -> Cow<'_, str> {
    let m = &w.msgs[i as usize];
    if m.flags & REDACTED != 0 {
        return Cow::Borrowed("");
    }
    if m.flags & LIVE != 0 {
        return Cow::Borrowed(w.extras.get(&i).map(|e| e.body.as_str()).unwrap_or(""));
    }
    let c = &w.addrs[m.contact as usize];
    let (script, line, variant) = (
        (m.body >> 16) as usize,
        ((m.body >> 8) & 0xff) as usize,
        m.body & 0xff,
    );
    Cow::Owned(texts::render(c.lang, script, line, variant, &c.first))
}

/// Renders one message at time `now` as Twilio's JSON (field order as Twilio's).
pub fn message_json(w: &World, i: u32, now: i64) -> Reply {
    let mut out = String::with_capacity(1_024);
    write_message(&mut out, w, i, now);
    Reply::bytes(200, "application/json; charset=utf-8", out.into_bytes())
}

/// Appends one message's JSON to `out`. Written by hand because a 1000-message page renders
/// 1000 of these: no intermediate values, one buffer.
pub fn write_message(out: &mut String, w: &World, i: u32, now: i64) {
    use std::fmt::Write;
    let m = &w.msgs[i as usize];
    let acct = &w.accounts[m.account as usize].sid;
    let sid = w.msg_sid(i);
    let (status, error, changed) = w.status_at(i, now);
    let (from, to) = if m.dir == Direction::Inbound {
        (m.contact, m.sender)
    } else {
        (m.sender, m.contact)
    };
    let created = rfc2822(m.t);
    let sent = status != Status::Queued && status != Status::Canceled;
    let price = !matches!(status, Status::Queued | Status::Failed | Status::Canceled);
    let _ = write!(
        out,
        "{{\"account_sid\":\"{acct}\",\"api_version\":\"2010-04-01\",\"body\":"
    );
    escape_into(out, &body_of(w, i));
    let _ = write!(out, ",\"date_created\":\"{created}\",\"date_sent\":");
    if sent {
        let _ = write!(out, "\"{created}\"");
    } else {
        out.push_str("null");
    }
    let _ = write!(
        out,
        ",\"date_updated\":\"{}\",\"direction\":\"{}\",\"error_code\":",
        rfc2822(changed),
        m.dir.as_str()
    );
    match error_message(error) {
        Some(msg) => {
            let _ = write!(out, "{error},\"error_message\":");
            escape_into(out, msg);
        }
        None => out.push_str("null,\"error_message\":null"),
    }
    out.push_str(",\"from\":");
    escape_into(out, &w.addrs[from as usize].text);
    let _ = write!(
        out,
        ",\"messaging_service_sid\":null,\"num_media\":\"{}\",\"num_segments\":\"1\",\"price\":{},\"price_unit\":\"USD\",\"sid\":\"{sid}\",\"status\":\"{}\",",
        m.media,
        if price { "\"-0.00500\"" } else { "null" },
        status.as_str()
    );
    let base = format!("{V}/Accounts/{acct}/Messages/{sid}");
    let _ = write!(out, "\"subresource_uris\":{{\"media\":\"{base}/Media.json\",\"feedback\":\"{base}/Feedback.json\"}},\"to\":");
    escape_into(out, &w.addrs[to as usize].text);
    let _ = write!(out, ",\"uri\":\"{base}.json\"}}");
}

/// Appends `s` as a JSON string (quotes included), escaping as serde_json does. Copies runs of
/// plain text at once: this runs over every body of every page.
fn escape_into(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            use std::fmt::Write;
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

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
    let sid = w.codec.sid("ME", Kind::Media, i as u64 * 16 + k as u64);
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

fn list_media(w: &World, ctx: &Ctx, i: u32) -> Reply {
    let (size, page) = match paging(ctx, 50) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let m = &w.msgs[i as usize];
    let items: Vec<Value> = (0..m.media as u32)
        .filter(|k| !w.media_deleted.contains(&(i as u64 * 16 + *k as u64)))
        .skip(page as usize * size)
        .take(size)
        .map(|k| media_json(w, i, k))
        .collect();
    let path = format!(
        "{V}/Accounts/{}/Messages/{}/Media.json",
        w.accounts[m.account as usize].sid,
        w.msg_sid(i)
    );
    let uri = page_uri(&path, &[], size, page, None);
    let first = page_uri(&path, &[], size, 0, None);
    envelope(
        "media_list",
        values(items),
        page,
        size,
        uri,
        first,
        None,
        None,
    )
}

fn cdn_redirect(w: &World, ctx: &Ctx, i: u32, k: u32, now: i64) -> Reply {
    let index = i as u64 * 16 + k as u64;
    let expires = now + media::CDN_TTL_SECS;
    let sig = media::sign(w.cdn_key, index, expires);
    let sid = w.codec.sid("ME", Kind::Media, index);
    Reply::redirect(format!(
        "{}/__cdn/{sid}?Expires={expires}&Signature={sig}",
        ctx.sim_url
    ))
}

/// Serves a CDN link: no credentials allowed, signature and expiry checked on the sim clock.
pub fn cdn(w: &World, ctx: &Ctx, sid: &str, has_auth: bool) -> Reply {
    let xml = |status: u16, code: &str, msg: &str| {
        Reply::bytes(
            status,
            "application/xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{msg}</Message></Error>").into_bytes(),
        )
    };
    if has_auth {
        return xml(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
    }
    let Some(index) = w.codec.decode(Kind::Media, sid) else {
        return xml(404, "NoSuchKey", "The specified key does not exist.");
    };
    let expires = ctx.q("Expires").and_then(|e| e.parse::<i64>().ok());
    let sig = ctx.q("Signature").unwrap_or("");
    match expires {
        Some(e) if media::sign(w.cdn_key, index, e) == sig => {
            if e < w.peek_now() {
                return xml(403, "AccessDenied", "Request has expired");
            }
        }
        _ => return xml(403, "AccessDenied", "Access Denied"),
    }
    let (i, k) = ((index / 16) as u32, (index % 16) as u32);
    if i as usize >= w.msgs.len()
        || k >= w.msgs[i as usize].media as u32
        || w.media_deleted.contains(&index)
    {
        return xml(404, "NoSuchKey", "The specified key does not exist.");
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

fn valid_whatsapp(addr: &str) -> bool {
    let Some(num) = addr.strip_prefix("whatsapp:+") else {
        return false;
    };
    (7..=15).contains(&num.len())
        && num.bytes().all(|b| b.is_ascii_digit())
        && !num.starts_with('0')
}

fn create_message(w: &mut World, ctx: &Ctx, a: usize) -> Reply {
    let to = ctx.f("To").map(str::trim).unwrap_or("");
    if to.is_empty() {
        return Reply::error(400, 21604, "A 'To' phone number is required.");
    }
    let from = ctx.f("From").map(str::trim).unwrap_or("");
    let service = ctx.f("MessagingServiceSid").unwrap_or("");
    if from.is_empty() && service.is_empty() {
        return Reply::error(400, 21603, "A 'From' phone number is required.");
    }
    let body = ctx.f("Body").unwrap_or("");
    let content_sid = ctx.f("ContentSid").unwrap_or("");
    let media_urls = ctx.f_all("MediaUrl");
    if body.is_empty() && content_sid.is_empty() && media_urls.is_empty() {
        return Reply::error(400, 21602, "Message body is required.");
    }
    if body.chars().count() > 1600 {
        return Reply::error(
            400,
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        );
    }
    if media_urls.len() > 10 {
        return Reply::error(
            400,
            21623,
            "The number of media files exceeds the limit of 10.",
        );
    }
    let bare = to.strip_prefix("whatsapp:").unwrap_or(to);
    if !valid_whatsapp(&format!("whatsapp:{bare}")) {
        return Reply::error(
            400,
            21211,
            format!("The 'To' number {to} is not a valid phone number."),
        );
    }
    let sender = if from.is_empty() {
        if !(service.starts_with("MG") && service.len() == 34) {
            return Reply::error(
                400,
                21701,
                format!("The Messaging Service Sid {service} is invalid."),
            );
        }
        w.senders
            .iter()
            .position(|s| s.account == a && s.status == "ONLINE")
    } else {
        w.sender_by_addr(a, from)
    };
    let Some(sender) = sender else {
        return Reply::error(
            400,
            63007,
            "Twilio could not find a Channel with the specified From address",
        );
    };
    if w.senders[sender].status != "ONLINE" {
        return Reply::error(
            400,
            63007,
            "Twilio could not find a Channel with the specified From address",
        );
    }
    if !to.starts_with("whatsapp:") {
        return Reply::error(
            400,
            21910,
            "Invalid From and To pair. From and To should be of the same channel",
        );
    }
    let mut text = body.to_string();
    let mut approved_template = false;
    if !content_sid.is_empty() {
        let Some(c) = w
            .contents
            .iter()
            .find(|c| c.sid == content_sid && c.account == a && !c.deleted)
        else {
            return Reply::error(400, 21655, "The ContentSid is Invalid");
        };
        let mut vars = c.variables.as_object().cloned().unwrap_or_default();
        if let Some(raw) = ctx.f("ContentVariables") {
            match serde_json::from_str::<Value>(raw) {
                Ok(Value::Object(o)) if o.values().all(|v| v.is_string() || v.is_number()) => {
                    vars.extend(o)
                }
                _ => return Reply::error(400, 21656, "The ContentVariables Parameter is invalid"),
            }
        }
        let now = w.peek_now();
        approved_template = c
            .approval
            .as_ref()
            .is_some_and(|ap| ap.state(now).0 == "approved");
        text = c.body();
        for (k, v) in vars {
            let v = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            text = text.replace(&format!("{{{{{k}}}}}"), &v);
        }
    } else if ctx.f("ContentVariables").is_some() {
        return Reply::error(400, 21656, "The ContentVariables Parameter is invalid");
    }
    let now = w.now();
    let sender_addr = w.senders[sender].addr;
    let contact = w.intern(to, None);
    // Trial accounts may only write to numbers they already talk to (Twilio: verified numbers).
    let known =
        w.by_to.contains_key(&(a as u16, contact)) || w.by_from.contains_key(&(a as u16, contact));
    if w.accounts[a].kind == "Trial" && !known {
        return Reply::error(
            400,
            21608,
            format!("The number {to} is unverified. Trial accounts cannot send messages to unverified numbers; verify {to} at twilio.com/user/account/phone-numbers/verified, or purchase a Twilio number to send messages to unverified numbers"),
        );
    }
    let window_open = w
        .last_inbound
        .get(&(sender_addr, contact))
        .is_some_and(|&t| now - t < 86_400);
    let fate = if window_open || approved_template {
        Fate::Deliver
    } else {
        Fate::Fail(63016)
    };
    let media_types: Vec<String> = media_urls
        .iter()
        .map(|u| {
            if u.to_ascii_lowercase().ends_with(".pdf") {
                "application/pdf".into()
            } else {
                "image/png".into()
            }
        })
        .collect();
    let m = Msg {
        t: now,
        sender: sender_addr,
        contact,
        body: 0,
        account: a as u16,
        error: 0,
        dir: Direction::OutboundApi,
        status: Status::Queued,
        media: media_types.len() as u8,
        flags: LIVE,
    };
    let i = w.push_msg(m);
    w.extras.insert(
        i,
        Extra {
            body: text,
            fate,
            media_types,
        },
    );
    with_status(201, message_json(w, i, now))
}

fn update_message(w: &mut World, ctx: &Ctx, i: u32) -> Reply {
    let now = w.now();
    if let Some(b) = ctx.f("Body") {
        if !b.is_empty() {
            return Reply::error(
                400,
                20001,
                "Body can only be set to an empty string to redact a message",
            );
        }
        w.msgs[i as usize].flags |= REDACTED;
    }
    if let Some(s) = ctx.f("Status") {
        if s != "canceled" {
            return Reply::error(400, 20001, format!("Invalid Status: {s}"));
        }
        let (status, _, _) = w.status_at(i, now);
        if status != Status::Queued {
            return Reply::error(
                400,
                30409,
                "Message cannot be canceled: it is no longer queued or scheduled",
            );
        }
        if let Some(e) = w.extras.get_mut(&i) {
            e.fate = Fate::Cancel(now);
        }
    }
    message_json(w, i, now)
}

/// `POST /__sim/inbound`: a customer writes to a sender.
pub fn inbound(w: &mut World, ctx: &Ctx) -> Reply {
    let from = ctx.f("From").map(str::trim).unwrap_or("");
    let to = ctx.f("To").map(str::trim).unwrap_or("");
    if from.is_empty() || to.is_empty() {
        return Reply::error(400, 21604, "From and To are required");
    }
    if !valid_whatsapp(from) {
        return Reply::error(
            400,
            21211,
            format!("The 'From' number {from} is not a valid WhatsApp address."),
        );
    }
    let Some(sender) = w
        .addr_ids
        .get(to)
        .and_then(|&id| w.senders.iter().position(|s| s.addr == id))
    else {
        return Reply::error(
            400,
            63007,
            "Twilio could not find a Channel with the specified To address",
        );
    };
    let num_media = match ctx.f("NumMedia").map(|n| n.trim().parse::<u8>()) {
        None => 0,
        Some(Ok(n)) if n <= 10 => n,
        _ => return Reply::error(400, 20001, "NumMedia must be a number from 0 to 10"),
    };
    let profile = ctx
        .f("ProfileName")
        .map(str::to_string)
        .filter(|p| !p.is_empty());
    let now = w.now();
    let contact = w.intern(from, profile);
    let s = &w.senders[sender];
    let m = Msg {
        t: now,
        sender: s.addr,
        contact,
        body: 0,
        account: s.account as u16,
        error: 0,
        dir: Direction::Inbound,
        status: Status::Received,
        media: num_media,
        flags: LIVE,
    };
    let i = w.push_msg(m);
    let media_types = (0..num_media)
        .map(|k| media::content_type(w.seed, i, k as u32).to_string())
        .collect();
    w.extras.insert(
        i,
        Extra {
            body: ctx.f("Body").unwrap_or("").to_string(),
            fate: Fate::Receive,
            media_types,
        },
    );
    with_status(201, message_json(w, i, now))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hand_escaping_matches_serde_json() {
        for s in [
            "plain",
            "quote \" and \\ backslash",
            "line\nbreak\ttab\r",
            "\u{1}\u{1f}",
            "émoji 😊 « »",
            "",
        ] {
            let mut out = String::new();
            super::escape_into(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }
}
