//! `content.twilio.com/v1`: Content templates, ContentAndApprovals, WhatsApp approval requests.

use serde_json::{json, Value};

use crate::ctx::{Auth, Ctx};
use crate::dates::iso;
use crate::product::{self, auth_active, bad, find, or_404};
use crate::reply::{Reply, TwilioReply as _};
use crate::sid::Kind;
use crate::world::*;

const SUBMITTED_TWICE: &str = "The template associated with this SID has already been submitted for approval. Please recreate a new template to make any changes.";

/// Routes reads.
pub fn get(w: &World, ctx: &Ctx) -> Reply {
    let auth = match auth_active(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let now = w.peek_now();
    let segs = ctx.segments();
    let mine = || {
        w.contents
            .iter()
            .enumerate()
            .filter(|(_, c)| c.account == auth.account && !c.deleted)
            .map(|(i, c)| (i, c.sid.clone()))
    };
    match segs.as_slice() {
        ["v1", "Content"] => {
            let items = mine()
                .map(|(i, sid)| (sid, content_json(w, ctx, i)))
                .collect();
            product::page(ctx, "/v1/Content", "contents", &[], items, 50)
        }
        ["v1", "ContentAndApprovals"] => {
            let items = mine()
                .map(|(i, sid)| (sid, with_approvals(w, i, now)))
                .collect();
            product::page(ctx, "/v1/ContentAndApprovals", "contents", &[], items, 50)
        }
        ["v1", "Content", sid] => or_404(find(&w.contents, &auth, sid), ctx, |i| {
            Reply::json(200, &content_json(w, ctx, i))
        }),
        ["v1", "Content", sid, "ApprovalRequests"] => {
            or_404(find(&w.contents, &auth, sid), ctx, |i| {
                let c = &w.contents[i];
                let mut wa = approval_json(c, now);
                wa["type"] = json!("whatsapp");
                wa["flows"] = Value::Null;
                Reply::json(
                    200,
                    &json!({
                        "sid": c.sid, "account_sid": w.accounts[c.account].sid, "whatsapp": wa,
                        "url": format!("{}/v1/Content/{}/ApprovalRequests", ctx.product_base, c.sid),
                    }),
                )
            })
        }
        _ => Reply::not_found(&ctx.path),
    }
}

/// Routes writes.
pub fn write(w: &mut World, ctx: &Ctx) -> Reply {
    let auth = match auth_active(w, ctx) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let segs = ctx.segments();
    match (ctx.method.as_str(), segs.as_slice()) {
        ("POST", ["v1", "Content"]) => create(w, ctx, &auth),
        ("PUT", ["v1", "Content", sid]) => {
            or_404(find(&w.contents, &auth, sid), ctx, |i| update(w, ctx, i))
        }
        ("DELETE", ["v1", "Content", sid]) => or_404(find(&w.contents, &auth, sid), ctx, |i| {
            w.contents[i].deleted = true;
            Reply::no_content()
        }),
        ("POST", ["v1", "Content", sid, "ApprovalRequests", "whatsapp"]) => {
            or_404(find(&w.contents, &auth, sid), ctx, |i| submit(w, ctx, i))
        }
        (_, ["v1", "Content", ..] | ["v1", "ContentAndApprovals"]) => {
            Reply::error(405, 20004, "Method not allowed")
        }
        _ => Reply::not_found(&ctx.path),
    }
}

fn content_json(w: &World, ctx: &Ctx, i: usize) -> Value {
    let c = &w.contents[i];
    let url = format!("{}/v1/Content/{}", ctx.product_base, c.sid);
    json!({
        "date_created": iso(c.created), "date_updated": iso(c.updated),
        "sid": c.sid, "account_sid": w.accounts[c.account].sid,
        "friendly_name": c.friendly_name, "language": c.language,
        "variables": c.variables, "types": c.types, "url": url,
        "links": {"approval_create": format!("{url}/ApprovalRequests/whatsapp"), "approval_fetch": format!("{url}/ApprovalRequests")},
    })
}

fn approval_json(c: &Content, now: i64) -> Value {
    match &c.approval {
        None => {
            json!({"name": "", "category": "", "content_type": "", "status": "unsubmitted", "rejection_reason": "", "allow_category_change": true})
        }
        Some(a) => {
            let (status, reason) = a.state(now);
            json!({
                "name": a.name, "category": a.category, "content_type": c.content_type(),
                "status": status, "rejection_reason": reason, "allow_category_change": status != "approved",
            })
        }
    }
}

fn with_approvals(w: &World, i: usize, now: i64) -> Value {
    let c = &w.contents[i];
    json!({
        "date_created": iso(c.created), "date_updated": iso(c.updated),
        "sid": c.sid, "account_sid": w.accounts[c.account].sid,
        "friendly_name": c.friendly_name, "language": c.language,
        "variables": c.variables, "types": c.types,
        "approval_requests": approval_json(c, now),
    })
}

struct Fields {
    friendly_name: Option<String>,
    language: Option<String>,
    variables: Option<Value>,
    types: Option<Value>,
}

fn fields(ctx: &Ctx, creating: bool) -> Result<Fields, Reply> {
    let b = product::json_body(ctx)?;
    for k in b.keys() {
        if !["friendly_name", "language", "variables", "types"].contains(&k.as_str()) {
            return Err(bad(format!("Unknown field: {k}")));
        }
    }
    let friendly_name = match b.get("friendly_name") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad("friendly_name must be a string")),
    };
    let language = match b.get("language") {
        Some(Value::String(s)) if (2..=8).contains(&s.len()) => Some(s.clone()),
        None if !creating => None,
        None => return Err(bad("Missing required parameter language")),
        Some(_) => return Err(bad("language must be an ISO 639-1 code such as \"en\"")),
    };
    let variables = match b.get("variables") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) if o.values().all(Value::is_string) => {
            Some(Value::Object(o.clone()))
        }
        Some(_) => return Err(bad("variables must be an object of strings")),
    };
    let types = b.get("types").map(|t| {
        product::without_nulls(t)
            .map(Value::Object)
            .unwrap_or_else(|| t.clone())
    });
    let types = match types.as_ref() {
        Some(Value::Object(o))
            if !o.is_empty()
                && o.iter().all(|(k, v)| {
                    (k.starts_with("twilio/") || k.starts_with("whatsapp/")) && v.is_object()
                }) =>
        {
            Some(Value::Object(o.clone()))
        }
        None => return Err(bad("Missing required parameter types")),
        Some(_) => {
            return Err(bad(
                "types must map content types such as \"twilio/text\" to objects",
            ))
        }
    };
    Ok(Fields {
        friendly_name,
        language,
        variables,
        types,
    })
}

fn create(w: &mut World, ctx: &Ctx, auth: &Auth) -> Reply {
    let f = match fields(ctx, true) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let now = w.now();
    let index = w.contents.len() as u64;
    w.contents.push(Content {
        sid: w.codec.sid("HX", Kind::Content, index),
        account: auth.account,
        friendly_name: f.friendly_name.unwrap_or_default(),
        language: f.language.unwrap_or_default(),
        variables: f.variables.unwrap_or_else(|| json!({})),
        types: f.types.unwrap_or_else(|| json!({})),
        created: now,
        updated: now,
        deleted: false,
        approval: None,
    });
    Reply::json(201, &content_json(w, ctx, index as usize))
}

fn update(w: &mut World, ctx: &Ctx, i: usize) -> Reply {
    if w.contents[i].approval.is_some() {
        return Reply::error(400, 92009, SUBMITTED_TWICE);
    }
    let f = match fields(ctx, false) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let now = w.now();
    let c = &mut w.contents[i];
    if let Some(n) = f.friendly_name {
        c.friendly_name = n;
    }
    if let Some(l) = f.language {
        c.language = l;
    }
    if let Some(v) = f.variables {
        c.variables = v;
    }
    if let Some(t) = f.types {
        c.types = t;
    }
    c.updated = now;
    Reply::json(200, &content_json(w, ctx, i))
}

/// Meta's verdict on a template body, decided at submission (reason empty = approved).
fn review(body: &str, category: &str) -> String {
    let trimmed = body.trim();
    if trimmed.starts_with("{{") || trimmed.ends_with("}}") {
        return "INVALID_FORMAT. Variables can't be at the start or end of the template.".into();
    }
    if body.contains("!!!") || body.contains("FREE") {
        return "PROMOTIONAL. The template violates WhatsApp Commerce Policy: misleading or abusive promotional content.".into();
    }
    if category == "UTILITY"
        && ["promo", "soldes", "-20 %", "discount", "sale"]
            .iter()
            .any(|k| body.to_lowercase().contains(k))
    {
        return "TAG_CONTENT_MISMATCH. The template's content does not match the UTILITY category."
            .into();
    }
    String::new()
}

fn submit(w: &mut World, ctx: &Ctx, i: usize) -> Reply {
    if w.contents[i].approval.is_some() {
        return Reply::error(400, 92009, SUBMITTED_TWICE);
    }
    let b = match product::json_body(ctx) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let name = match b.get("name") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return bad("Missing required parameter name"),
    };
    let category = match b.get("category") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return bad("Missing required parameter category"),
    };
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || name.len() > 512
    {
        return bad("Template name can only contain lowercase letters, numbers and underscores");
    }
    if !["UTILITY", "MARKETING", "AUTHENTICATION"].contains(&category.as_str()) {
        return bad(format!(
            "Invalid category: {category}. Use UTILITY, MARKETING or AUTHENTICATION."
        ));
    }
    let account = w.contents[i].account;
    let taken = w.contents.iter().any(|c| {
        c.account == account
            && c.approval.as_ref().is_some_and(|a| a.name == name)
            && c.language == w.contents[i].language
    });
    if taken {
        return bad(format!(
            "A template named {name} already exists in this language; use a different name."
        ));
    }
    let now = w.now();
    let rejection = review(&w.contents[i].body(), &category);
    let c = &mut w.contents[i];
    c.approval = Some(Approval {
        name,
        category,
        fixed: None,
        submitted: now,
        rejection,
    });
    c.updated = now;
    let mut v = approval_json(c, now);
    v["allow_category_change"] = json!(true);
    Reply::json(201, &v)
}
