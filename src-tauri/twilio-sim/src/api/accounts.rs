//! `/2010-04-01/Accounts`: the account and its subaccounts; which accounts a credential may use.

use serde_json::{json, Value};

use super::paging::{paging, Pages};
use super::V;
use crate::ctx::{can_access, Auth, Ctx};
use crate::dates::rfc2822;
use crate::reply::{Reply, TwilioReply as _};
use crate::world::World;

/// The account a path names, if the credential may use it. A suspended or closed account can
/// still read its own Account resource (so a client can tell why it is refused), nothing else.
pub fn named(
    w: &World,
    ctx: &Ctx,
    auth: &Auth,
    sid: &str,
    account_resource: bool,
) -> Result<usize, Reply> {
    let Some(a) = w.accounts.iter().position(|x| x.sid == sid) else {
        return Err(Reply::not_found(&ctx.path));
    };
    if !can_access(w, auth, a) {
        return Err(Reply::unauthorized());
    }
    // Standard API keys cover every resource except /Accounts (and /Keys): refused as Twilio
    // refuses any credential, with nothing saying it is the key's kind.
    if account_resource && auth.standard_key {
        return Err(Reply::unauthorized());
    }
    if w.accounts[auth.account].status != "active" && !(account_resource && ctx.method == "GET") {
        return Err(Reply::unauthorized());
    }
    Ok(a)
}

/// An Account resource as Twilio renders it.
pub fn account_json(w: &World, a: usize) -> Value {
    let acc = &w.accounts[a];
    let base = format!("{V}/Accounts/{}", acc.sid);
    let sub = |name: &str| format!("{base}/{name}.json");
    json!({
        "auth_token": acc.token,
        "date_created": rfc2822(acc.created),
        "date_updated": rfc2822(acc.updated),
        "friendly_name": acc.friendly_name,
        "owner_account_sid": w.accounts[acc.owner].sid,
        "sid": acc.sid,
        "status": acc.status,
        "subresource_uris": {
            "addresses": sub("Addresses"), "conferences": sub("Conferences"),
            "signing_keys": sub("SigningKeys"), "transcriptions": sub("Transcriptions"),
            "connect_apps": sub("ConnectApps"), "sip": sub("SIP"),
            "authorized_connect_apps": sub("AuthorizedConnectApps"), "usage": sub("Usage"),
            "keys": sub("Keys"), "applications": sub("Applications"), "recordings": sub("Recordings"),
            "short_codes": sub("SMS/ShortCodes"), "calls": sub("Calls"), "notifications": sub("Notifications"),
            "incoming_phone_numbers": sub("IncomingPhoneNumbers"), "queues": sub("Queues"),
            "messages": sub("Messages"), "outgoing_caller_ids": sub("OutgoingCallerIds"),
            "available_phone_numbers": sub("AvailablePhoneNumbers"), "balance": sub("Balance"),
        },
        "type": acc.kind,
        "uri": format!("{base}.json"),
    })
}

/// `GET /Accounts.json`: the account and its subaccounts (auth token only), filtered by
/// `FriendlyName` and `Status`.
pub fn list(w: &World, ctx: &Ctx, auth: &Auth) -> Reply {
    if auth.via_key || w.accounts[auth.account].status != "active" {
        return Reply::unauthorized();
    }
    let (size, page) = match paging(ctx, 50) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let name = ctx.q("FriendlyName");
    let status = ctx.q("Status");
    let items: Vec<Value> = (0..w.accounts.len())
        .filter(|&a| a == auth.account || w.accounts[a].owner == auth.account)
        .filter(|&a| name.is_none_or(|n| w.accounts[a].friendly_name == n))
        .filter(|&a| status.is_none_or(|s| w.accounts[a].status == s))
        .skip(size * page as usize)
        .take(size)
        .map(|a| account_json(w, a))
        .collect();
    let filters: Vec<(String, String)> = ["FriendlyName", "Status"]
        .into_iter()
        .filter_map(|k| ctx.q(k).map(|v| (k.to_string(), v.to_string())))
        .collect();
    let pages = Pages {
        path: format!("{V}/Accounts.json"),
        filters: &filters,
        size,
        page,
    };
    pages.envelope("accounts", None).values(items)
}

/// `POST /Accounts/{AC}.json`: `FriendlyName`, and `Status` of a subaccount (auth token only).
pub fn update(w: &mut World, ctx: &Ctx, auth: &Auth, a: usize) -> Reply {
    if auth.via_key {
        return Reply::unauthorized();
    }
    if let Some(name) = ctx.f("FriendlyName") {
        if name.chars().count() > 64 {
            return Reply::error(400, 20001, "FriendlyName must be 64 characters or fewer");
        }
        w.accounts[a].friendly_name = name.to_string();
    }
    if let Some(s) = ctx.f("Status") {
        let s: &'static str = match s {
            "active" => "active",
            "suspended" => "suspended",
            "closed" => "closed",
            _ => return Reply::error(400, 20001, format!("Invalid Status: {s}")),
        };
        if a == auth.account {
            return Reply::error(400, 20001, "An account cannot change its own status");
        }
        w.accounts[a].status = s;
    }
    let now = w.now();
    w.accounts[a].updated = now;
    Reply::json(200, &account_json(w, a))
}
