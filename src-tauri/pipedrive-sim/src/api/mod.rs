//! The Pipedrive endpoints, and the parameter parsing they share.

pub mod leads;
pub mod notes;
pub mod users;
pub mod v2;

use serde_json::{json, Map, Value};
use sim_kit::Request;

use crate::reply::{bad_request, Reply};

/// `limit`: absent → `default`; above `max` or not a positive number → a 400.
pub fn limit(req: &Request, default: usize, max: usize) -> Result<usize, Reply> {
    match req.q("limit").map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            Ok(_) => Err(bad_request(format!(
                "limit must be a number between 1 and {max}"
            ))),
            Err(_) => Err(bad_request("limit must be a number")),
        },
    }
}

/// `start` (v1 offset pagination): absent → 0.
pub fn start(req: &Request) -> Result<usize, Reply> {
    match req.q("start").map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(0),
        Some(s) => s
            .parse::<usize>()
            .map_err(|_| bad_request("start must be a non-negative number")),
    }
}

/// A numeric query filter (`person_id=12`); absent → `None`, not a number → a 400.
pub fn id_filter(req: &Request, key: &str) -> Result<Option<u64>, Reply> {
    match req.q(key).map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<u64>()
            .map(Some)
            .map_err(|_| bad_request(format!("{key} must be a number"))),
    }
}

/// One v1 page of `items` from `start`: the page and `additional_data` with
/// `pagination` (`start`, `limit`, `more_items_in_collection`, and `next_start` when there is
/// more).
pub fn v1_page<T: Clone>(items: &[T], start: usize, limit: usize) -> (Vec<T>, Value) {
    let page: Vec<T> = items.iter().skip(start).take(limit).cloned().collect();
    let more = items.len() > start + limit;
    let mut pagination = json!({"start": start, "limit": limit, "more_items_in_collection": more});
    if more {
        pagination["next_start"] = json!(start + limit);
    }
    (page, json!({ "pagination": pagination }))
}

/// The fields of a write: a JSON object body, or form pairs (v1 accepts both).
pub fn body_fields(req: &Request) -> Result<Map<String, Value>, Reply> {
    let text = String::from_utf8_lossy(&req.body);
    if text.trim_start().starts_with('{') {
        return match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(bad_request("The request body is not valid JSON")),
        };
    }
    let pairs = if req.form.is_empty() {
        url_pairs(&text)
    } else {
        req.form.clone()
    };
    Ok(pairs
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect())
}

fn url_pairs(text: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(text).unwrap_or_default()
}

/// A field as text (`"12"` or `12` alike); `None` when absent or null.
pub fn text(fields: &Map<String, Value>, key: &str) -> Option<String> {
    match fields.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A numeric id field; absent → `None`, present but not a positive number → a 400.
pub fn id_field(fields: &Map<String, Value>, key: &str) -> Result<Option<u64>, Reply> {
    match text(fields, key) {
        None => Ok(None),
        Some(s) => s
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| bad_request(format!("{key} must be a number"))),
    }
}

/// A 0/1 flag field (`pinned_to_deal_flag`); true/false are accepted too.
pub fn flag(fields: &Map<String, Value>, key: &str) -> Option<bool> {
    text(fields, key).map(|s| matches!(s.trim(), "1" | "true"))
}
