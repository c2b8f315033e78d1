//! `messaging.twilio.com/v2/Channels/Senders`: WhatsApp senders and their profile, with the
//! display-name review moving on with the sim clock.

use serde_json::{json, Map, Value};

use crate::ctx::Ctx;
use crate::dates::iso;
use crate::product::{self, auth_active, bad, find, or_404};
use crate::reply::{Reply, TwilioReply as _};
use crate::world::*;

const VERTICALS: &[&str] = &[
    "Alcohol",
    "Automotive",
    "Beauty, Spa and Salon",
    "Clothing and Apparel",
    "Education",
    "Entertainment",
    "Event Planning and Service",
    "Finance and Banking",
    "Food and Grocery",
    "Hotel and Lodging",
    "Matrimony Service",
    "Medical and Health",
    "Non-profit",
    "Online Gambling",
    "OTC Drugs",
    "Other",
    "Physical Gambling",
    "Professional Services",
    "Public Service",
    "Restaurant",
    "Shopping and Retail",
    "Travel and Transportation",
];

/// Routes reads.
pub fn get(w: &World, ctx: &Ctx) -> Reply {
    let auth = match auth_active(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let now = w.peek_now();
    let segs = ctx.segments();
    match segs.as_slice() {
        ["v2", "Channels", "Senders"] => {
            let channel = match ctx.q("Channel") {
                None => {
                    return Reply::error(
                        400,
                        20001,
                        "Missing required parameter Channel in the query",
                    )
                }
                Some(c) => c.to_string(),
            };
            if channel != "whatsapp" && channel != "rcs" {
                return Reply::error(400, 20001, format!("Invalid Channel: {channel}"));
            }
            let items: Vec<(String, Value)> = w
                .senders
                .iter()
                .enumerate()
                .filter(|(_, s)| s.account == auth.account && channel == "whatsapp")
                .map(|(i, s)| (s.sid.clone(), sender_json(w, ctx, i, now, true)))
                .collect();
            product::page(
                ctx,
                "/v2/Channels/Senders",
                "senders",
                &[("Channel", channel)],
                items,
                20,
            )
        }
        ["v2", "Channels", "Senders", sid] => or_404(find(&w.senders, &auth, sid), ctx, |i| {
            Reply::json(200, &sender_json(w, ctx, i, now, true))
        }),
        _ => Reply::not_found(&ctx.path),
    }
}

/// Routes writes (profile / webhook / configuration updates).
pub fn write(w: &mut World, ctx: &Ctx) -> Reply {
    let auth = match auth_active(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let segs = ctx.segments();
    match (ctx.method.as_str(), segs.as_slice()) {
        ("POST", ["v2", "Channels", "Senders", sid]) => {
            or_404(find(&w.senders, &auth, sid), ctx, |i| update(w, ctx, i))
        }
        ("POST", ["v2", "Channels", "Senders"]) => Reply::error(
            400,
            20001,
            "Sender registration is not available in the simulator",
        ),
        (_, ["v2", "Channels", "Senders", ..]) => Reply::error(405, 20004, "Method not allowed"),
        _ => Reply::not_found(&ctx.path),
    }
}

/// The display name state at `now`: (effective profile name, pending name, status, status date).
fn name_state(s: &Sender, now: i64) -> (String, Option<String>, Option<&'static str>, Option<i64>) {
    let current = s
        .profile
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let Some(nc) = &s.name_change else {
        return (current, None, None, None);
    };
    if now - nc.submitted < NAME_REVIEW_SECS {
        return (
            nc.previous.clone(),
            Some(nc.name.clone()),
            Some("PENDING_REVIEW"),
            Some(nc.submitted),
        );
    }
    let decided = nc.submitted + NAME_REVIEW_SECS;
    if nc.declined {
        (
            nc.previous.clone(),
            Some(nc.name.clone()),
            Some("DECLINED"),
            Some(decided),
        )
    } else {
        (
            nc.name.clone(),
            Some(nc.name.clone()),
            Some("APPROVED"),
            Some(decided),
        )
    }
}

fn sender_json(w: &World, ctx: &Ctx, i: usize, now: i64, full: bool) -> Value {
    let s = &w.senders[i];
    let (name, pending, pending_status, pending_date) = name_state(s, now);
    let mut profile = s.profile.clone();
    profile["name"] = json!(name);
    let display_name_status = match pending_status {
        Some("PENDING_REVIEW") => "pending_review",
        _ => "no_change",
    };
    let mut v = json!({
        "sid": s.sid,
        "status": s.status,
        "sender_id": w.addrs[s.addr as usize].text,
        "configuration": {
            "waba_id": s.waba_id, "verification_method": null, "verification_code": null,
            "voice_application_sid": null, "account_type": null,
        },
        "webhook": s.webhook,
        "profile": profile,
        "properties": {"quality_rating": s.quality_rating, "messaging_limit": s.messaging_limit},
        "offline_reasons": s.offline_reasons,
        "compliance": null,
        "url": format!("{}/v2/Channels/Senders/{}", ctx.product_base, s.sid),
    });
    // Fields of SDK 9.13.0, newer than the 2026-04 spec snapshot.
    v["display_name_status"] = json!(display_name_status);
    v["pending_display_name"] = json!(pending);
    v["pending_display_name_status"] = json!(pending_status);
    v["pending_display_name_status_date"] = json!(pending_date.map(iso));
    if !full {
        v["configuration"] = Value::Null;
        v["webhook"] = Value::Null;
    }
    v
}

fn check_profile(p: &Map<String, Value>) -> Result<(), Reply> {
    let text = |k: &str| p.get(k).and_then(Value::as_str);
    for (k, v) in p {
        let known = [
            "name",
            "about",
            "address",
            "description",
            "logo_url",
            "banner_url",
            "privacy_url",
            "terms_of_service_url",
            "accent_color",
            "vertical",
            "websites",
            "emails",
            "phone_numbers",
        ];
        if !known.contains(&k.as_str()) {
            return Err(bad(format!("Unknown profile field: {k}")));
        }
        let ok = match k.as_str() {
            "websites" | "emails" | "phone_numbers" => v.is_array() || v.is_null(),
            _ => v.is_string() || v.is_null(),
        };
        if !ok {
            return Err(bad(format!("Invalid type for profile.{k}")));
        }
    }
    if let Some(n) = text("name") {
        let len = n.chars().count();
        if len == 0 || len > 255 {
            return Err(Reply::error(
                400,
                63124,
                "Display name was declined: it must be between 1 and 255 characters",
            ));
        }
    }
    if let Some(a) = text("about") {
        let len = a.chars().count();
        if len == 0 || len > 139 {
            return Err(bad("profile.about must be between 1 and 139 characters"));
        }
    }
    if text("address").is_some_and(|a| a.chars().count() > 256) {
        return Err(bad("profile.address must be 256 characters or fewer"));
    }
    if text("description").is_some_and(|a| a.chars().count() > 512) {
        return Err(bad("profile.description must be 512 characters or fewer"));
    }
    if let Some(v) = text("vertical") {
        if !VERTICALS.contains(&v) {
            return Err(bad(format!("Invalid profile.vertical: {v}")));
        }
    }
    if let Some(Value::Array(sites)) = p.get("websites") {
        if sites.len() > 2 {
            return Err(bad("At most 2 websites are allowed"));
        }
        for s in sites {
            let url = s.get("website").and_then(Value::as_str).unwrap_or("");
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 256 {
                return Err(bad(format!("Invalid website: {url}")));
            }
        }
    }
    if let Some(Value::Array(emails)) = p.get("emails") {
        for e in emails {
            let email = e.get("email").and_then(Value::as_str).unwrap_or("");
            if !email.contains('@') || email.len() > 128 {
                return Err(bad(format!("Invalid email: {email}")));
            }
        }
    }
    Ok(())
}

fn update(w: &mut World, ctx: &Ctx, i: usize) -> Reply {
    let body = match product::json_body(ctx) {
        Ok(b) => b,
        Err(r) => return r,
    };
    for k in body.keys() {
        if !["profile", "webhook", "configuration", "friendly_name"].contains(&k.as_str()) {
            return bad(format!("Unknown field: {k}"));
        }
    }
    let now = w.now();
    let mut name_status = "no_change";
    if let Some(p) = body.get("profile") {
        let Some(p) = product::without_nulls(p) else {
            return bad("profile must be an object");
        };
        let p = &p;
        if let Err(r) = check_profile(p) {
            return r;
        }
        let s = &mut w.senders[i];
        let (effective, _, state, _) = name_state(s, now);
        if let Some(new_name) = p.get("name").and_then(Value::as_str) {
            if new_name != effective {
                if state == Some("PENDING_REVIEW") {
                    return Reply::error(
                        409,
                        63128,
                        "A display name change is already in progress",
                    );
                }
                let lower = new_name.to_lowercase();
                s.name_change = Some(NameChange {
                    name: new_name.to_string(),
                    submitted: now,
                    declined: lower.contains("whatsapp")
                        || lower.contains("twilio")
                        || new_name.chars().count() < 3,
                    previous: effective.clone(),
                });
                name_status = "pending_review";
            }
        }
        let mut profile = s.profile.as_object().cloned().unwrap_or_default();
        for (k, v) in p {
            if k != "name" && k != "use_case" {
                profile.insert(k.clone(), v.clone());
            }
        }
        // The visible name stays the approved one; name_state() overlays review results.
        profile.insert("name".into(), json!(effective));
        if s.name_change
            .as_ref()
            .is_some_and(|nc| nc.submitted == now && name_status == "pending_review")
        {
            profile.insert(
                "name".into(),
                json!(s.name_change.as_ref().map(|n| n.previous.clone())),
            );
        }
        s.profile = Value::Object(profile);
    }
    if let Some(hook) = body.get("webhook") {
        let Some(h) = product::without_nulls(hook) else {
            return bad("webhook must be an object");
        };
        let s = &mut w.senders[i];
        for (k, v) in &h {
            s.webhook[k] = v.clone();
        }
    }
    let mut v = sender_json(w, ctx, i, now, true);
    if !body.contains_key("configuration") {
        v["configuration"] = Value::Null;
    }
    if !body.contains_key("webhook") {
        v["webhook"] = Value::Null;
    }
    v["display_name_status"] = json!(name_status);
    Reply::json(202, &v)
}
