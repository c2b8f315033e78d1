//! `GET /v1/leads` (offset pagination: `start`, `limit`; filters `owner_id`, `person_id`,
//! `archived_status`; `sort`) and `GET /v1/leads/{id}`.

use serde_json::{json, Value};
use sim_kit::Request;

use super::{id_filter, limit, start, v1_page};
use crate::dates;
use crate::reply::{bad_request, error, ok, ok_with, Reply};
use crate::world::{Lead, World};

/// A lead in the leads API's shape.
pub fn lead_json(w: &World, l: &Lead) -> Value {
    json!({
        "id": l.id, "title": l.title, "owner_id": l.owner, "creator_id": l.owner,
        "label_ids": [], "person_id": l.person, "organization_id": null,
        "source_name": "Manually created", "origin": "ManuallyCreated", "origin_id": null,
        "channel": null, "channel_id": null, "source_deal_id": null,
        "is_archived": l.archived, "was_seen": l.seen,
        "value": l.value.map(|(amount, currency)| json!({"amount": amount, "currency": currency})),
        "expected_close_date": null, "next_activity_id": null,
        "add_time": dates::rfc3339_millis(l.add), "update_time": dates::rfc3339_millis(l.update),
        "visible_to": "3",
        "cc_email": format!("{}+{}@pipedrivemail.com", w.company_domain, &l.id[..8]),
    })
}

/// `GET /v1/leads`.
pub fn list(w: &World, req: &Request) -> Reply {
    let (start, limit) = match (start(req), limit(req, 100, 500)) {
        (Ok(s), Ok(l)) => (s, l),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let (owner, person) = match (id_filter(req, "owner_id"), id_filter(req, "person_id")) {
        (Ok(o), Ok(p)) => (o, p),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let archived: Option<bool> = match req.q("archived_status").unwrap_or("all") {
        "all" => None,
        "archived" => Some(true),
        "not_archived" => Some(false),
        _ => return bad_request("archived_status must be archived, not_archived or all"),
    };
    let mut items: Vec<&Lead> = w
        .leads
        .iter()
        .filter(|l| archived.is_none_or(|a| l.archived == a))
        .filter(|l| {
            owner.is_none_or(|o| l.owner == o) && person.is_none_or(|p| l.person == Some(p))
        })
        .collect();
    if let Err(r) = sort(&mut items, req.q("sort")) {
        return r;
    }
    let (page, additional) = v1_page(&items, start, limit);
    let data: Vec<Value> = page.into_iter().map(|l| lead_json(w, l)).collect();
    ok_with(json!(data), additional)
}

/// `sort`: `field` or `field ASC|DESC`, on id, title, add_time or update_time; default is
/// creation order.
fn sort(items: &mut [&Lead], spec: Option<&str>) -> Result<(), Reply> {
    let Some(spec) = spec.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    let mut words = spec.split_whitespace();
    let field = words.next().unwrap_or_default();
    let desc = match words.next().map(|d| d.to_ascii_uppercase()) {
        None => false,
        Some(d) if d == "ASC" => false,
        Some(d) if d == "DESC" => true,
        Some(_) => return Err(bad_request("sort direction must be ASC or DESC")),
    };
    match field {
        "id" => items.sort_by(|a, b| a.id.cmp(&b.id)),
        "title" => items.sort_by(|a, b| a.title.cmp(&b.title)),
        "add_time" => items.sort_by_key(|l| l.add),
        "update_time" => items.sort_by_key(|l| l.update),
        _ => return Err(bad_request(format!("Cannot sort leads by {field}"))),
    }
    if desc {
        items.reverse();
    }
    Ok(())
}

/// `GET /v1/leads/{id}`.
pub fn get(w: &World, id: &str) -> Reply {
    match w.lead(id) {
        Some(l) => ok(lead_json(w, l)),
        None => error(404, "Lead not found"),
    }
}
