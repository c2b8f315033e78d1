//! What the product APIs (messaging v2, content v1) share: JSON bodies, `meta` paging with
//! absolute URLs and a `key`, ISO 8601 dates.

use serde_json::{json, Map, Value};

use crate::ctx::Ctx;
use crate::reply::Reply;

/// One page of a product list: items are (sid, value) in list order.
pub fn page(
    ctx: &Ctx,
    path: &str,
    key: &str,
    extra: &[(&str, String)],
    items: Vec<(String, Value)>,
    default_size: usize,
) -> Reply {
    let size = match ctx.q("PageSize") {
        None => default_size,
        Some(s) => match s.trim().parse::<i64>() {
            Ok(n) if n >= 1 => n.min(1000) as usize,
            _ => return Reply::error(400, 20001, format!("Invalid PageSize: {s}")),
        },
    };
    let page = match ctx.q("Page").map(|p| p.trim().parse::<u64>()) {
        None => 0,
        Some(Ok(p)) => p,
        Some(Err(_)) => return Reply::error(400, 20001, "Invalid Page"),
    };
    let token = ctx.q("PageToken");
    let start = match token {
        None => page as usize * size,
        Some(t) => {
            let pos = t
                .get(2..)
                .and_then(|sid| items.iter().position(|(s, _)| s == sid));
            match (t.get(..2), pos) {
                (Some("PA"), Some(p)) => p + 1,
                (Some("PB"), Some(p)) => p.saturating_sub(size),
                _ => return Reply::error(400, 21481, "Invalid PageToken"),
            }
        }
    };
    let start = start.min(items.len());
    let end = (start + size).min(items.len());
    let url = |p: u64, tok: Option<String>| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in extra {
            s.append_pair(k, v);
        }
        s.append_pair("PageSize", &size.to_string());
        s.append_pair("Page", &p.to_string());
        if let Some(t) = tok {
            s.append_pair("PageToken", &t);
        }
        format!("{}{path}?{}", ctx.product_base, s.finish())
    };
    let next = (end < items.len() && end > start)
        .then(|| url(page + 1, Some(format!("PA{}", items[end - 1].0))));
    let previous = (start > 0 && page > 0 && start < items.len())
        .then(|| url(page - 1, Some(format!("PB{}", items[start].0))));
    let this = url(page, token.map(str::to_string));
    let slice: Vec<Value> = items[start..end].iter().map(|(_, v)| v.clone()).collect();
    let mut m = Map::new();
    m.insert(key.to_string(), Value::Array(slice));
    m.insert(
        "meta".into(),
        json!({
            "page": page, "page_size": size, "first_page_url": url(0, None),
            "previous_page_url": previous, "url": this, "next_page_url": next, "key": key,
        }),
    );
    Reply::json(200, &Value::Object(m))
}

/// Parses a JSON request body into an object (400 / 20001 otherwise, like Twilio's product APIs).
pub fn json_body(ctx: &Ctx) -> Result<Map<String, Value>, Reply> {
    if ctx.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&ctx.body) {
        // The SDK sends `null` for every field it was not given: null means "not provided".
        Ok(Value::Object(o)) => Ok(o.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        Ok(_) => Err(Reply::error(
            400,
            20001,
            "Request body must be a JSON object",
        )),
        Err(e) => Err(Reply::error(
            400,
            20001,
            format!("Invalid JSON in request body: {e}"),
        )),
    }
}

/// An object with its `null` members dropped (see [`json_body`]).
pub fn without_nulls(v: &Value) -> Option<Map<String, Value>> {
    v.as_object().map(|o| {
        o.iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    })
}
