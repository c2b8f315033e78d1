//! Paging of lists: the `PageSize` / `Page` query parameters, page links, and the 2010 API's
//! page envelope. (The product APIs' `meta` paging, in `product.rs`, shares the first two.)

use serde_json::Value;
use sim_kit::JSON;

use crate::ctx::Ctx;
use crate::reply::{Reply, TwilioReply as _};

/// `PageSize`: 1..=1000 (larger values capped), `default` when absent.
pub fn page_size(ctx: &Ctx, default: usize) -> Result<usize, Reply> {
    match ctx.q("PageSize") {
        None => Ok(default),
        Some(s) => match s.trim().parse::<i64>() {
            Ok(n) if n >= 1 => Ok(n.min(1000) as usize),
            _ => Err(Reply::error(400, 20001, format!("Invalid PageSize: {s}"))),
        },
    }
}

/// `PageSize` and `Page` of a 2010 list.
pub fn paging(ctx: &Ctx, default: usize) -> Result<(usize, u64), Reply> {
    let size = page_size(ctx, default)?;
    let page = match ctx.q("Page") {
        None => 0,
        Some(s) => match s.trim().parse::<u64>() {
            Ok(n) => n,
            Err(_) => return Err(Reply::error(400, 20001, format!("Invalid Page: {s}"))),
        },
    };
    Ok((size, page))
}

/// A page link: `path?<filters>&PageSize=…&Page=…[&PageToken=…]`, form-encoded.
pub fn page_uri<K: AsRef<str>, V: AsRef<str>>(
    path: &str,
    filters: &[(K, V)],
    size: usize,
    page: u64,
    token: Option<&str>,
) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters {
        s.append_pair(k.as_ref(), v.as_ref());
    }
    s.append_pair("PageSize", &size.to_string());
    s.append_pair("Page", &page.to_string());
    if let Some(t) = token {
        s.append_pair("PageToken", t);
    }
    format!("{path}?{}", s.finish())
}

/// Where a 2010 list lives and which page of it is asked for.
pub struct Pages<'a> {
    /// The list's path (`/2010-04-01/Accounts/{AC}/Messages.json`).
    pub path: String,
    /// The filters given, repeated in every link.
    pub filters: &'a [(String, String)],
    /// Records per page.
    pub size: usize,
    /// Page number.
    pub page: u64,
}

impl Pages<'_> {
    /// The link to page `page` (with a `PageToken` when it continues from a record).
    pub fn link(&self, page: u64, token: Option<&str>) -> String {
        page_uri(&self.path, self.filters, self.size, page, token)
    }

    /// The envelope of this page, asked for with `token`; no next or previous page yet.
    pub fn envelope(&self, key: &'static str, token: Option<&str>) -> Envelope {
        Envelope {
            key,
            page: self.page,
            size: self.size,
            uri: self.link(self.page, token),
            first: self.link(0, None),
            next: None,
            previous: None,
        }
    }
}

/// One page of a 2010 list as Twilio frames it (keys in Twilio's order).
pub struct Envelope {
    /// The member holding the records: `accounts`, `messages`, `media_list`.
    pub key: &'static str,
    /// Page number.
    pub page: u64,
    /// Records per page.
    pub size: usize,
    /// This page's URI.
    pub uri: String,
    /// The first page's URI.
    pub first: String,
    /// The next page's URI, if there are more records.
    pub next: Option<String>,
    /// The previous page's URI.
    pub previous: Option<String>,
}

impl Envelope {
    /// The page of these records.
    pub fn values(self, items: Vec<Value>) -> Reply {
        let json = serde_json::to_string(&items).unwrap_or_default();
        self.write(items.len(), |out| out.push_str(&json))
    }

    /// Writes the page straight into one buffer; `items` appends the JSON array of its
    /// `count` records.
    pub fn write(self, count: usize, items: impl FnOnce(&mut String)) -> Reply {
        use std::fmt::Write;
        let Envelope {
            key,
            page,
            size,
            uri,
            first,
            next,
            previous,
        } = self;
        let start = page as usize * size;
        let end = if count == 0 { start } else { start + count - 1 };
        let s = |v: &Option<String>| serde_json::to_string(v).unwrap_or_default();
        let mut out = String::with_capacity(count * 1_100 + 1_024);
        let _ = write!(
            out,
            "{{\"end\":{end},\"first_page_uri\":{},\"{key}\":",
            s(&Some(first))
        );
        items(&mut out);
        let _ = write!(
            out,
            ",\"next_page_uri\":{},\"page\":{page},\"page_size\":{size},\"previous_page_uri\":{},\"start\":{start},\"uri\":{}}}",
            s(&next),
            s(&previous),
            s(&Some(uri)),
        );
        Reply::bytes(200, JSON, out.into_bytes())
    }
}
