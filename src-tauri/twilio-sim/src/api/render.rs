//! Messages as Twilio's JSON, written by hand into one buffer: a 1000-message page renders
//! 1000 of these.

use std::borrow::Cow;

use sim_kit::JSON;

use super::V;
use crate::dates::rfc2822;
use crate::generate::error_message;
use crate::reply::Reply;
use crate::texts;
use crate::world::{Direction, Status, World, LIVE, REDACTED};

/// The body a message shows.
fn body_of(w: &World, i: u32) -> Cow<'_, str> {
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
    Reply::bytes(200, JSON, out.into_bytes())
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
    let sent = status.has_send_date();
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
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
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
