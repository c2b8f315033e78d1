//! Notes (v1): `POST /v1/notes`, `PUT /v1/notes/{id}`, `GET /v1/notes/{id}` and
//! `GET /v1/notes` (filters `deal_id`, `person_id`, `lead_id`, `user_id`; `start`/`limit`;
//! `sort`).
//!
//! `add_time` ("YYYY-MM-DD HH:MM:SS", UTC) and `user_id` (the author) are honoured for an
//! admin's token only. A non-admin's are ignored, silently as far as the client can tell: the
//! note is created (200) with the time it was received and the caller as author, and the
//! request log carries a warning. Pipedrive documents the field as "requires admin user API
//! token" without saying what happens otherwise; ignoring it is the case a client must be
//! ready for (it has to read `add_time` back to know whether its date was kept).

use serde_json::{json, Map, Value};
use sim_kit::Request;

use super::{body_fields, flag, id_field, id_filter, limit, start, text, v1_page};
use crate::dates;
use crate::generate::is_uuid;
use crate::reply::{bad_request, error, ok, ok_with, Reply};
use crate::world::{Note, User, World};

/// A note in v1's shape, as `viewer` sees it.
pub fn note_json(w: &World, n: &Note, viewer: &User) -> Value {
    let author = w.user(n.user);
    json!({
        "id": n.id, "active_flag": true, "add_time": dates::v1(n.add), "content": n.content,
        "deal": n.deal.and_then(|d| w.deal(d)).map(|d| json!({"title": d.title})),
        "lead_id": n.lead, "deal_id": n.deal, "last_update_user_id": n.last_update_user,
        "org_id": null, "organization": null,
        "person": n.person.and_then(|p| w.person(p)).map(|p| json!({"name": p.name()})),
        "person_id": n.person, "project_id": null, "project": null,
        "pinned_to_lead_flag": n.pinned[0], "pinned_to_deal_flag": n.pinned[1],
        "pinned_to_organization_flag": false, "pinned_to_person_flag": n.pinned[2],
        "pinned_to_project_flag": false, "update_time": dates::v1(n.update),
        "user": author.map(|a| json!({
            "email": a.email, "icon_url": null, "is_you": a.id == viewer.id, "name": a.name,
        })),
        "user_id": n.user,
    })
}

/// What a create or an update asks for, checked against the company.
struct Fields {
    content: Option<String>,
    deal: Option<u64>,
    person: Option<u64>,
    lead: Option<String>,
    /// `Some` only when given by an admin.
    add: Option<i64>,
    author: Option<u64>,
    pinned: [Option<bool>; 3],
    /// Why something was ignored (written in the request log).
    warning: Option<String>,
}

fn fields(w: &World, u: &User, f: &Map<String, Value>) -> Result<Fields, Reply> {
    let deal = id_field(f, "deal_id")?;
    let person = id_field(f, "person_id")?;
    let lead = text(f, "lead_id").filter(|s| !s.is_empty());
    if deal.is_some_and(|d| w.deal(d).is_none_or(|d| d.deleted)) {
        return Err(error(404, "Deal not found"));
    }
    if person.is_some_and(|p| w.person(p).is_none_or(|p| p.deleted)) {
        return Err(error(404, "Person not found"));
    }
    if let Some(l) = &lead {
        if !is_uuid(l) {
            return Err(bad_request("lead_id must be a UUID"));
        }
        if w.lead(l).is_none() {
            return Err(error(404, "Lead not found"));
        }
    }
    let mut ignored = Vec::new();
    let add = match text(f, "add_time").filter(|s| !s.is_empty()) {
        None => None,
        Some(_) if !u.is_admin => {
            ignored.push("add_time");
            None
        }
        Some(s) => Some(
            dates::parse_v1(&s)
                .ok_or_else(|| bad_request("add_time must be in the format YYYY-MM-DD HH:MM:SS"))?,
        ),
    };
    let author = match id_field(f, "user_id")? {
        Some(_) if !u.is_admin => {
            ignored.push("user_id");
            None
        }
        Some(id) if w.user(id).is_none() => return Err(error(404, "User not found")),
        other => other,
    };
    Ok(Fields {
        content: text(f, "content"),
        deal,
        person,
        lead,
        add,
        author,
        pinned: [
            flag(f, "pinned_to_lead_flag"),
            flag(f, "pinned_to_deal_flag"),
            flag(f, "pinned_to_person_flag"),
        ],
        warning: (!ignored.is_empty()).then(|| {
            format!(
                "{} ignored: the token is not an admin's",
                ignored.join(" and ")
            )
        }),
    })
}

fn with_warning(reply: Reply, warning: Option<String>) -> Reply {
    match warning {
        Some(w) => reply.with_warning(w),
        None => reply,
    }
}

/// `POST /v1/notes`.
pub fn create(w: &mut World, u: &User, req: &Request) -> Reply {
    let f = match body_fields(req).and_then(|b| fields(w, u, &b)) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(content) = f.content.filter(|c| !c.trim().is_empty()) else {
        return bad_request("content is required");
    };
    if f.deal.is_none() && f.person.is_none() && f.lead.is_none() {
        return bad_request("One of deal_id, person_id, org_id, lead_id or project_id is required");
    }
    let now = dates::now();
    let note = Note {
        id: w.notes.len() as u64 + 1,
        content,
        deal: f.deal,
        person: f.person,
        lead: f.lead,
        user: f.author.unwrap_or(u.id),
        last_update_user: u.id,
        add: f.add.unwrap_or(now),
        update: now,
        pinned: f.pinned.map(|p| p.unwrap_or(false)),
    };
    w.notes.push(note);
    let reply = ok(note_json(w, w.notes.last().expect("just pushed"), u));
    with_warning(reply, f.warning)
}

/// `PUT /v1/notes/{id}`: changes the fields given.
pub fn update(w: &mut World, u: &User, id: &str, req: &Request) -> Reply {
    let Some(index) = id.parse::<u64>().ok().filter(|&i| w.note(i).is_some()) else {
        return error(404, "Note not found");
    };
    let f = match body_fields(req).and_then(|b| fields(w, u, &b)) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if f.content.as_deref().is_some_and(|c| c.trim().is_empty()) {
        return bad_request("content cannot be empty");
    }
    let n = &mut w.notes[index as usize - 1];
    if let Some(c) = f.content {
        n.content = c;
    }
    if f.deal.is_some() || f.person.is_some() || f.lead.is_some() {
        n.deal = f.deal.or(n.deal);
        n.person = f.person.or(n.person);
        n.lead = f.lead.or(n.lead.take());
    }
    if let Some(t) = f.add {
        n.add = t;
    }
    if let Some(a) = f.author {
        n.user = a;
    }
    for (slot, given) in n.pinned.iter_mut().zip(f.pinned) {
        *slot = given.unwrap_or(*slot);
    }
    n.update = dates::now();
    n.last_update_user = u.id;
    let reply = ok(note_json(w, &w.notes[index as usize - 1], u));
    with_warning(reply, f.warning)
}

/// `GET /v1/notes/{id}`.
pub fn get(w: &World, u: &User, id: &str) -> Reply {
    match id.parse().ok().and_then(|id| w.note(id)) {
        Some(n) => ok(note_json(w, n, u)),
        None => error(404, "Note not found"),
    }
}

/// `GET /v1/notes`.
pub fn list(w: &World, u: &User, req: &Request) -> Reply {
    let parsed = (|| {
        Ok::<_, Reply>((
            start(req)?,
            limit(req, 100, 500)?,
            id_filter(req, "deal_id")?,
            id_filter(req, "person_id")?,
            id_filter(req, "user_id")?,
        ))
    })();
    let (start, limit, deal, person, user) = match parsed {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lead = req.q("lead_id").filter(|l| !l.is_empty());
    let mut items: Vec<&Note> = w
        .notes
        .iter()
        .filter(|n| deal.is_none_or(|d| n.deal == Some(d)))
        .filter(|n| person.is_none_or(|p| n.person == Some(p)))
        .filter(|n| lead.is_none_or(|l| n.lead.as_deref() == Some(l)))
        .filter(|n| user.is_none_or(|a| n.user == a))
        .collect();
    let sort = req.q("sort").unwrap_or("").to_ascii_lowercase();
    if sort.starts_with("add_time") {
        items.sort_by_key(|n| (n.add, n.id));
    } else if sort.starts_with("update_time") {
        items.sort_by_key(|n| (n.update, n.id));
    }
    if sort.ends_with("desc") {
        items.reverse();
    }
    let (page, additional) = v1_page(&items, start, limit);
    let data: Vec<Value> = page.into_iter().map(|n| note_json(w, n, u)).collect();
    ok_with(json!(data), additional)
}
