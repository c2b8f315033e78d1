//! What the product APIs (messaging v2, content v1) share: credentials of an active account,
//! records owned by it, JSON bodies, `meta` paging with absolute URLs and a `key`.

use serde_json::{json, Map, Value};

use crate::api::paging::{page_size, page_uri};
use crate::ctx::{authenticate, Auth, Ctx};
use crate::reply::{Reply, TwilioReply as _};
use crate::world::{Content, Sender, World};

/// Authenticates a request; a suspended or closed account may use no product API.
pub fn auth_active(w: &World, ctx: &Ctx) -> Result<Auth, Reply> {
    let auth = authenticate(w, ctx)?;
    if w.accounts[auth.account].status != "active" {
        return Err(Reply::unauthorized());
    }
    Ok(auth)
}

/// A record of a product API that belongs to one account.
pub trait Owned {
    /// Its SID.
    fn sid(&self) -> &str;
    /// The owning account's index.
    fn account(&self) -> usize;
    /// Whether it still exists (not deleted).
    fn live(&self) -> bool {
        true
    }
}

impl Owned for Content {
    fn sid(&self) -> &str {
        &self.sid
    }
    fn account(&self) -> usize {
        self.account
    }
    fn live(&self) -> bool {
        !self.deleted
    }
}

impl Owned for Sender {
    fn sid(&self) -> &str {
        &self.sid
    }
    fn account(&self) -> usize {
        self.account
    }
}

/// The index of record `sid` if the credential's account owns it (and it is not deleted).
pub fn find<T: Owned>(items: &[T], auth: &Auth, sid: &str) -> Option<usize> {
    items
        .iter()
        .position(|x| x.sid() == sid && x.account() == auth.account && x.live())
}

/// `answer` for the record found (an index from [`find`]), or a 404 for the request's path.
pub fn or_404(found: Option<usize>, ctx: &Ctx, answer: impl FnOnce(usize) -> Reply) -> Reply {
    found.map_or_else(|| Reply::not_found(&ctx.path), answer)
}

/// 400 / 20001: the code the product APIs use for a bad field.
pub fn bad(msg: impl Into<String>) -> Reply {
    Reply::error(400, 20001, msg)
}

/// One page of a product list: items are (sid, value) in list order.
pub fn page(
    ctx: &Ctx,
    path: &str,
    key: &str,
    extra: &[(&str, String)],
    items: Vec<(String, Value)>,
    default_size: usize,
) -> Reply {
    let size = match page_size(ctx, default_size) {
        Ok(s) => s,
        Err(r) => return r,
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
        let link = page_uri(path, extra, size, p, tok.as_deref());
        format!("{}{link}", ctx.product_base)
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
