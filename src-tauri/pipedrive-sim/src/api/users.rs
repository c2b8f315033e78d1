//! `GET /v1/users/me`: the token's user and the company.

use serde_json::json;

use crate::dates;
use crate::reply::{ok, Reply};
use crate::world::{User, World};

/// The user of the token, with the company's name and domain.
pub fn me(w: &World, u: &User) -> Reply {
    let created = dates::v1(1_600_000_000);
    ok(json!({
        "id": u.id, "name": u.name, "default_currency": "EUR", "locale": "fr_FR", "lang": 1,
        "email": u.email, "phone": null, "activated": true, "last_login": created,
        "created": created, "modified": created, "has_created_company": u.is_admin,
        "access": [{"app": "sales", "admin": u.is_admin, "permission_set_id": format!("ps-{}", u.id)}],
        "active_flag": true, "timezone_name": "Europe/Paris", "timezone_offset": "+01:00",
        "role_id": 1, "icon_url": null, "is_you": true, "is_deleted": false,
        "is_admin": u.is_admin as u8,
        "company_id": w.company_id, "company_name": w.company_name,
        "company_domain": w.company_domain, "company_country": "FR",
        "company_industry": "Retail",
        "language": {"language_code": "fr", "country_code": "FR"},
    }))
}
