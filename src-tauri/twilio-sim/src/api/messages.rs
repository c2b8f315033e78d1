//! `/Accounts/{AC}/Messages`: the history (filtered, paged by date), sending, redacting,
//! cancelling, deleting, and the inbound messages tests inject.

use serde_json::Value;

use super::paging::{paging, Pages};
use super::render::{message_json, write_message};
use super::V;
use crate::ctx::Ctx;
use crate::dates::{self, parse_filter};
use crate::media;
use crate::reply::{Reply, TwilioReply as _};
use crate::sid::Kind;
use crate::world::*;

/// The index of message `sid` if account `a` owns it.
pub fn owned(w: &World, a: usize, sid: &str) -> Option<u32> {
    let i = w.find_msg(sid)?;
    (w.msgs[i as usize].account as usize == a).then_some(i)
}

/// `GET …/Messages.json`: newest first, filtered by `To`, `From` and `DateSent` bounds.
pub fn list(w: &World, ctx: &Ctx, a: usize, now: i64) -> Reply {
    let (size, page) = match paging(ctx, 50) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (filters, mut f) = match filter(w, ctx) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if f.lo != i64::MIN || f.hi != i64::MAX {
        f.sent_by = Some(now);
    }
    let token = ctx.q("PageToken");
    let cursor = match token {
        None => Cursor::Offset(page * size as u64),
        Some(t) => match decode_token(w, t) {
            Some(c) => c,
            None => return Reply::error(400, 21481, "Invalid PageToken"),
        },
    };
    let items = w.page(a, &f, cursor, size);
    let pages = Pages {
        path: format!("{V}/Accounts/{}/Messages.json", w.accounts[a].sid),
        filters: &filters,
        size,
        page,
    };
    let mut envelope = pages.envelope("messages", token);
    envelope.next = match items.last() {
        Some(&last) if items.len() == size && w.has_older(a, &f, last) => {
            Some(pages.link(page + 1, Some(&format!("PA{}", w.msg_sid(last)))))
        }
        _ => None,
    };
    envelope.previous = match items.first() {
        Some(&first) if page > 0 && w.has_newer(a, &f, first) => {
            Some(pages.link(page - 1, Some(&format!("PB{}", w.msg_sid(first)))))
        }
        _ => None,
    };
    envelope.write(items.len(), |out| {
        out.push('[');
        for (n, &i) in items.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            write_message(out, w, i, now);
        }
        out.push(']');
    })
}

/// The list filters given (to repeat in page links), and what they select.
fn filter(w: &World, ctx: &Ctx) -> Result<(Vec<(String, String)>, MsgFilter), Reply> {
    let mut given = Vec::new();
    let mut f = MsgFilter {
        lo: i64::MIN,
        hi: i64::MAX,
        ..Default::default()
    };
    for key in ["To", "From"] {
        if let Some(v) = ctx.q(key) {
            given.push((key.to_string(), v.to_string()));
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
            given.push((key.to_string(), v.to_string()));
            let Some(d) = parse_filter(v) else {
                return Err(Reply::error(
                    400,
                    20001,
                    format!(
                        "Invalid {key} value: {v}. Use YYYY-MM-DD or an ISO 8601 date and time."
                    ),
                ));
            };
            bounds[n] = Some(d);
        }
    }
    (f.lo, f.hi) = dates::filter_range(bounds[0], bounds[1], bounds[2]);
    Ok((given, f))
}

/// A `PageToken`: `PA` + the last SID of the previous page, or `PB` + the first of the next.
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

/// `DELETE …/Messages/{SM}.json`.
pub fn delete(w: &mut World, i: u32) -> Reply {
    w.msgs[i as usize].flags |= DELETED;
    Reply::no_content()
}

/// `POST …/Messages/{SM}.json`: `Body=""` redacts, `Status=canceled` cancels while queued.
pub fn update(w: &mut World, ctx: &Ctx, i: u32) -> Reply {
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

/// Whether `addr` is `whatsapp:+` and 7 to 15 digits, not starting with 0.
fn valid_whatsapp(addr: &str) -> bool {
    let Some(num) = addr.strip_prefix("whatsapp:+") else {
        return false;
    };
    (7..=15).contains(&num.len())
        && num.bytes().all(|b| b.is_ascii_digit())
        && !num.starts_with('0')
}

/// What a send asks for, its form fields checked.
struct Outgoing<'a> {
    to: &'a str,
    from: &'a str,
    service: &'a str,
    body: &'a str,
    content_sid: &'a str,
    media_urls: Vec<&'a str>,
}

impl<'a> Outgoing<'a> {
    /// The fields of a send, in the order Twilio checks them.
    fn read(ctx: &'a Ctx) -> Result<Outgoing<'a>, Reply> {
        let to = ctx.f("To").map(str::trim).unwrap_or("");
        if to.is_empty() {
            return Err(Reply::error(400, 21604, "A 'To' phone number is required."));
        }
        let from = ctx.f("From").map(str::trim).unwrap_or("");
        let service = ctx.f("MessagingServiceSid").unwrap_or("");
        if from.is_empty() && service.is_empty() {
            return Err(Reply::error(
                400,
                21603,
                "A 'From' phone number is required.",
            ));
        }
        let out = Outgoing {
            to,
            from,
            service,
            body: ctx.f("Body").unwrap_or(""),
            content_sid: ctx.f("ContentSid").unwrap_or(""),
            media_urls: ctx.f_all("MediaUrl"),
        };
        out.check_content()?;
        Ok(out)
    }

    /// Something to send, within Twilio's limits, to a valid number.
    fn check_content(&self) -> Result<(), Reply> {
        if self.body.is_empty() && self.content_sid.is_empty() && self.media_urls.is_empty() {
            return Err(Reply::error(400, 21602, "Message body is required."));
        }
        if self.body.chars().count() > 1600 {
            return Err(Reply::error(
                400,
                21617,
                "The concatenated message body exceeds the 1600 character limit.",
            ));
        }
        if self.media_urls.len() > 10 {
            return Err(Reply::error(
                400,
                21623,
                "The number of media files exceeds the limit of 10.",
            ));
        }
        let bare = self.to.strip_prefix("whatsapp:").unwrap_or(self.to);
        if !valid_whatsapp(&format!("whatsapp:{bare}")) {
            return Err(Reply::error(
                400,
                21211,
                format!("The 'To' number {} is not a valid phone number.", self.to),
            ));
        }
        Ok(())
    }

    /// The ONLINE sender it goes from: `From`, or the account's first ONLINE sender for a
    /// Messaging Service.
    fn sender(&self, w: &World, a: usize) -> Result<usize, Reply> {
        let sender = if self.from.is_empty() {
            if !(self.service.starts_with("MG") && self.service.len() == 34) {
                return Err(Reply::error(
                    400,
                    21701,
                    format!("The Messaging Service Sid {} is invalid.", self.service),
                ));
            }
            w.senders
                .iter()
                .position(|s| s.account == a && s.status == "ONLINE")
        } else {
            w.sender_by_addr(a, self.from)
        };
        match sender {
            Some(s) if w.senders[s].status == "ONLINE" => Ok(s),
            _ => Err(Reply::error(
                400,
                63007,
                "Twilio could not find a Channel with the specified From address",
            )),
        }
    }

    /// Content types of the media sent (PDF by extension, PNG otherwise).
    fn media_types(&self) -> Vec<String> {
        self.media_urls
            .iter()
            .map(|u| {
                if u.to_ascii_lowercase().ends_with(".pdf") {
                    "application/pdf".into()
                } else {
                    "image/png".into()
                }
            })
            .collect()
    }
}

/// The text sent and whether it is an approved template: the `Body`, or the `ContentSid`
/// template with its variables (defaults overridden by `ContentVariables`).
fn text(w: &World, ctx: &Ctx, a: usize, out: &Outgoing) -> Result<(String, bool), Reply> {
    let bad_variables = || Reply::error(400, 21656, "The ContentVariables Parameter is invalid");
    if out.content_sid.is_empty() {
        return match ctx.f("ContentVariables") {
            Some(_) => Err(bad_variables()),
            None => Ok((out.body.to_string(), false)),
        };
    }
    let Some(c) = w
        .contents
        .iter()
        .find(|c| c.sid == out.content_sid && c.account == a && !c.deleted)
    else {
        return Err(Reply::error(400, 21655, "The ContentSid is Invalid"));
    };
    let mut vars = c.variables.as_object().cloned().unwrap_or_default();
    if let Some(raw) = ctx.f("ContentVariables") {
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(o)) if o.values().all(|v| v.is_string() || v.is_number()) => {
                vars.extend(o);
            }
            _ => return Err(bad_variables()),
        }
    }
    let approved = c
        .approval
        .as_ref()
        .is_some_and(|ap| ap.state(w.peek_now()).0 == "approved");
    let mut text = c.body();
    for (k, v) in vars {
        let v = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        text = text.replace(&format!("{{{{{k}}}}}"), &v);
    }
    Ok((text, approved))
}

/// `POST …/Messages.json`: queues a message. It is delivered if the customer wrote to that
/// sender in the last 24 h or if it is an approved template; otherwise it fails with 63016.
pub fn create(w: &mut World, ctx: &Ctx, a: usize) -> Reply {
    match send(w, ctx, a) {
        Ok((i, now)) => message_json(w, i, now).with_status(201),
        Err(r) => r,
    }
}

/// Checks a send and records it: the message's index and the time it was queued.
fn send(w: &mut World, ctx: &Ctx, a: usize) -> Result<(u32, i64), Reply> {
    let out = Outgoing::read(ctx)?;
    let sender = out.sender(w, a)?;
    if !out.to.starts_with("whatsapp:") {
        return Err(Reply::error(
            400,
            21910,
            "Invalid From and To pair. From and To should be of the same channel",
        ));
    }
    let (body, approved_template) = text(w, ctx, a, &out)?;
    let now = w.now();
    let sender = w.senders[sender].addr;
    let contact = w.intern(out.to, None);
    check_trial(w, a, contact, out.to)?;
    let window_open = w
        .last_inbound
        .get(&(sender, contact))
        .is_some_and(|&t| now - t < 86_400);
    let fate = if window_open || approved_template {
        Fate::Deliver
    } else {
        Fate::Fail(63016)
    };
    let media_types = out.media_types();
    let m = live(
        now,
        (sender, contact),
        a,
        Direction::OutboundApi,
        media_types.len(),
    );
    let i = record(w, m, |_, _| Extra {
        body,
        fate,
        media_types,
    });
    Ok((i, now))
}

/// Trial accounts may only write to numbers they already talk to (Twilio: verified numbers).
fn check_trial(w: &World, a: usize, contact: u32, to: &str) -> Result<(), Reply> {
    let known =
        w.by_to.contains_key(&(a as u16, contact)) || w.by_from.contains_key(&(a as u16, contact));
    if w.accounts[a].kind == "Trial" && !known {
        return Err(Reply::error(
            400,
            21608,
            format!("The number {to} is unverified. Trial accounts cannot send messages to unverified numbers; verify {to} at twilio.com/user/account/phone-numbers/verified, or purchase a Twilio number to send messages to unverified numbers"),
        ));
    }
    Ok(())
}

/// A message made at run time between (sender, contact) addresses: queued when sent,
/// received when inbound.
fn live(
    t: i64,
    (sender, contact): (u32, u32),
    account: usize,
    dir: Direction,
    media: usize,
) -> Msg {
    Msg {
        t,
        sender,
        contact,
        body: 0,
        account: account as u16,
        error: 0,
        dir,
        status: if dir == Direction::Inbound {
            Status::Received
        } else {
            Status::Queued
        },
        media: media as u8,
        flags: LIVE,
    }
}

/// Appends a run-time message; `extra` gives its body, fate and media once its index is known.
fn record(w: &mut World, m: Msg, extra: impl FnOnce(&World, u32) -> Extra) -> u32 {
    let i = w.push_msg(m);
    let e = extra(w, i);
    w.extras.insert(i, e);
    i
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
    let m = live(
        now,
        (s.addr, contact),
        s.account,
        Direction::Inbound,
        num_media as usize,
    );
    let i = record(w, m, |w, i| Extra {
        body: ctx.f("Body").unwrap_or("").to_string(),
        fate: Fate::Receive,
        media_types: (0..num_media)
            .map(|k| media::content_type(w.seed, i, k as u32).to_string())
            .collect(),
    });
    message_json(w, i, now).with_status(201)
}

/// Customer messages the demo adds so some windows are open: one per conversation, in the
/// last hours, alternating French and English.
const OPENING_BODIES: [(&str, &str); 4] = [
    (
        "Bonjour, ma commande est-elle partie ?",
        "Hello, has my order shipped?",
    ),
    ("Vous êtes ouverts samedi ?", "Are you open on Saturday?"),
    ("Merci ! Je passe demain.", "Thanks! I'll come by tomorrow."),
    (
        "Pouvez-vous me rappeler le prix ?",
        "Could you remind me of the price?",
    ),
];

/// Gives the `n` most recently active customers of the main account's first sender a message
/// written in the last hours (never before `not_before`, the end of the generated history),
/// so their 24-hour windows are open and a new user can reply at once.
pub fn open_windows(w: &mut World, n: u32, not_before: i64) {
    let Some(sender) = w
        .senders
        .iter()
        .position(|s| s.account == 0 && s.status == "ONLINE")
    else {
        return;
    };
    let sender_addr = w.senders[sender].addr;
    let mut contacts: Vec<u32> = Vec::new();
    for &i in w.accounts[0].msgs.iter().rev() {
        if contacts.len() >= n as usize {
            break;
        }
        let m = &w.msgs[i as usize];
        if m.sender == sender_addr && !contacts.contains(&m.contact) {
            contacts.push(m.contact);
        }
    }
    let now = w.now();
    // Oldest first, so the list stays in time order.
    for (k, &contact) in contacts.iter().enumerate().rev() {
        let t = (now - 1_800 * (k as i64 + 1)).max(not_before).min(now);
        let (fr, en) = OPENING_BODIES[k % OPENING_BODIES.len()];
        let body = if w.addrs[contact as usize].lang == crate::texts::Lang::Fr {
            fr
        } else {
            en
        };
        let m = live(t, (sender_addr, contact), 0, Direction::Inbound, 0);
        record(w, m, |_, _| Extra {
            body: body.to_string(),
            fate: Fate::Receive,
            media_types: Vec::new(),
        });
    }
}
