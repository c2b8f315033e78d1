//! `GET /api/v2/persons`, `GET /api/v2/deals` (cursor pagination, `updated_since`,
//! `updated_until`, `sort_by`, `sort_direction`) and the single-record reads.
//!
//! Deleted records leave the lists (as in Pipedrive); `status=deleted` lists deleted deals;
//! a single read of a deleted record still answers it, with `is_deleted: true`.

use serde_json::{json, Value};
use sim_kit::Request;

use super::{id_filter, limit};
use crate::cursor::{page, Cursor};
use crate::dates::{self, parse_rfc3339};
use crate::reply::{bad_request, error, ok, ok_with, Reply};
use crate::world::{Deal, Person, World};

/// The list parameters both endpoints share.
struct ListQuery {
    limit: usize,
    field: &'static str,
    desc: bool,
    after: Option<Cursor>,
    since: Option<i64>,
    until: Option<i64>,
    owner: Option<u64>,
}

fn list_query(req: &Request) -> Result<ListQuery, Reply> {
    let field = match req.q("sort_by").unwrap_or("id") {
        "id" => "id",
        "update_time" => "update_time",
        "add_time" => "add_time",
        other => {
            return Err(bad_request(format!(
                "sort_by must be one of id, update_time, add_time (got {other})"
            )))
        }
    };
    let desc = match req.q("sort_direction").unwrap_or("asc") {
        "asc" => false,
        "desc" => true,
        _ => return Err(bad_request("sort_direction must be asc or desc")),
    };
    let after = match req.q("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(text) => match Cursor::decode(text) {
            Some(c) if c.field == field && (c.dir == "desc") == desc => Some(c),
            _ => return Err(bad_request("Invalid cursor")),
        },
    };
    Ok(ListQuery {
        limit: limit(req, 100, 500)?,
        field,
        desc,
        after,
        since: time_filter(req, "updated_since")?,
        until: time_filter(req, "updated_until")?,
        owner: id_filter(req, "owner_id")?,
    })
}

fn time_filter(req: &Request, key: &str) -> Result<Option<i64>, Reply> {
    match req.q(key).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_rfc3339(s).map(Some).ok_or_else(|| {
            bad_request(format!(
                "{key} must be an RFC 3339 time, e.g. 2025-01-01T10:20:00Z"
            ))
        }),
    }
}

impl ListQuery {
    /// Whether a record's update time and owner pass the filters (`updated_since` is
    /// inclusive, `updated_until` exclusive).
    fn keeps(&self, update: i64, owner: u64) -> bool {
        self.since.is_none_or(|s| update >= s)
            && self.until.is_none_or(|u| update < u)
            && self.owner.is_none_or(|o| o == owner)
    }

    fn key(&self, id: u64, add: i64, update: i64) -> (i64, u64) {
        match self.field {
            "update_time" => (update, id),
            "add_time" => (add, id),
            _ => (id as i64, id),
        }
    }

    fn answer<T>(
        &self,
        items: Vec<&T>,
        key: impl Fn(&T) -> (i64, u64),
        json: impl Fn(&T) -> Value,
    ) -> Reply {
        let (items, next) = page(
            items,
            |t| key(t),
            self.field,
            self.desc,
            self.after.as_ref(),
            self.limit,
        );
        let data: Vec<Value> = items.into_iter().map(json).collect();
        ok_with(
            json!(data),
            json!({"next_cursor": next.map(|c| c.encode())}),
        )
    }
}

/// A person in v2's shape.
pub fn person_json(p: &Person) -> Value {
    json!({
        "id": p.id, "name": p.name(), "first_name": p.first, "last_name": p.last,
        "owner_id": p.owner, "org_id": null,
        "add_time": dates::rfc3339(p.add), "update_time": dates::rfc3339(p.update),
        "emails": [{"value": p.email, "primary": true, "label": "work"}],
        "phones": [{"value": p.phone, "primary": true, "label": "mobile"}],
        "is_deleted": p.deleted, "visible_to": 3, "label_ids": [], "picture_id": null,
        "custom_fields": {},
    })
}

/// A deal in v2's shape.
pub fn deal_json(d: &Deal) -> Value {
    let closed = (d.status != "open").then(|| dates::rfc3339(d.update));
    json!({
        "id": d.id, "title": d.title, "creator_user_id": d.owner, "owner_id": d.owner,
        "value": d.value, "person_id": d.person, "org_id": null, "stage_id": d.stage,
        "pipeline_id": 1, "currency": d.currency, "archive_time": null,
        "add_time": dates::rfc3339(d.add), "update_time": dates::rfc3339(d.update),
        "stage_change_time": dates::rfc3339(d.update),
        "status": if d.deleted { "deleted" } else { d.status },
        "is_archived": false, "is_deleted": d.deleted, "probability": null,
        "lost_reason": (d.status == "lost").then_some("Budget"), "visible_to": 3,
        "close_time": closed, "won_time": (d.status == "won").then(|| dates::rfc3339(d.update)),
        "lost_time": (d.status == "lost").then(|| dates::rfc3339(d.update)),
        "expected_close_date": dates::day(d.add + 30 * 86_400), "label_ids": [],
        "origin": "ManuallyCreated", "origin_id": null, "channel": null, "channel_id": null,
        "source_lead_id": null, "arr": null, "mrr": null, "acv": null, "custom_fields": {},
    })
}

/// `GET /api/v2/persons` (also `org_id`, `deal_id` are accepted and filter).
pub fn persons(w: &World, req: &Request) -> Reply {
    let q = match list_query(req) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let deal_person = match id_filter(req, "deal_id") {
        Ok(id) => id.map(|id| w.deal(id).and_then(|d| d.person)),
        Err(r) => return r,
    };
    let items: Vec<&Person> = w
        .persons
        .iter()
        .filter(|p| !p.deleted && q.keeps(p.update, p.owner))
        .filter(|p| deal_person.is_none_or(|dp| dp == Some(p.id)))
        .collect();
    q.answer(items, |p| q.key(p.id, p.add, p.update), person_json)
}

/// `GET /api/v2/deals` (also `person_id` and `status`, a comma list of open, won, lost,
/// deleted).
pub fn deals(w: &World, req: &Request) -> Reply {
    let q = match list_query(req) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let person = match id_filter(req, "person_id") {
        Ok(p) => p,
        Err(r) => return r,
    };
    let statuses: Vec<&str> = req
        .q("status")
        .map(|s| s.split(',').map(str::trim).collect())
        .unwrap_or_default();
    if let Some(bad) = statuses
        .iter()
        .find(|s| !["open", "won", "lost", "deleted"].contains(s))
    {
        return bad_request(format!(
            "status must be open, won, lost or deleted (got {bad})"
        ));
    }
    let wanted = |d: &Deal| {
        if d.deleted {
            statuses.contains(&"deleted")
        } else {
            statuses.is_empty() || statuses.contains(&d.status)
        }
    };
    let items: Vec<&Deal> = w
        .deals
        .iter()
        .filter(|d| wanted(d) && q.keeps(d.update, d.owner))
        .filter(|d| person.is_none_or(|p| d.person == Some(p)))
        .collect();
    q.answer(items, |d| q.key(d.id, d.add, d.update), deal_json)
}

/// `GET /api/v2/persons/{id}`.
pub fn person(w: &World, id: &str) -> Reply {
    match id.parse().ok().and_then(|id| w.person(id)) {
        Some(p) => ok(person_json(p)),
        None => error(404, "Person not found"),
    }
}

/// `GET /api/v2/deals/{id}`.
pub fn deal(w: &World, id: &str) -> Reply {
    match id.parse().ok().and_then(|id| w.deal(id)) {
        Some(d) => ok(deal_json(d)),
        None => error(404, "Deal not found"),
    }
}
