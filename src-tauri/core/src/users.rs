//! The people using this installation: the owner (who connected Twilio), other
//! administrators and members. Add, rename, remove; switch user with an optional PIN, kept as
//! a salted Argon2id hash, never in clear. Every change is written in the audit log.

use crate::error::{Error, Result};
use crate::inbox::visibility::{Action, Viewer};
use crate::store::audit::{self, AuditAction, AuditEntry, AuditQuery};
use crate::store::users::{self as table, Role, User};
use crate::store::{now_unix, Store};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;

/// Longest user name, in characters.
pub const NAME_MAX: usize = 80;

/// Adds a user who is not the owner (owner or administrators only).
pub fn add_user(store: &Store, viewer: &Viewer, name: &str, role: Role) -> Result<User> {
    viewer.check(store, Action::ManageUsers)?;
    let name = checked_name(name)?;
    let tx = store.conn().unchecked_transaction()?;
    let now = now_unix();
    let id = table::add(&tx, name, role, now)?;
    let subject = format!("user:{id}");
    let detail = format!("{name} ({})", role.as_str());
    audit::record(
        &tx,
        now,
        &viewer.user,
        AuditAction::UserAdded,
        Some(&subject),
        Some(&detail),
    )?;
    let user = table::by_id(&tx, id)?.ok_or_else(|| Error::Internal("user vanished".into()))?;
    tx.commit()?;
    Ok(user)
}

/// Renames a user (anyone renames themself; the owner and administrators rename anyone).
pub fn rename_user(store: &Store, viewer: &Viewer, id: i64, name: &str) -> Result<()> {
    if id != viewer.user.id {
        viewer.check(store, Action::ManageUsers)?;
    }
    let name = checked_name(name)?;
    let tx = store.conn().unchecked_transaction()?;
    let before = existing(&tx, id)?;
    table::rename(&tx, id, name)?;
    let subject = format!("user:{id}");
    let detail = format!("{} → {name}", before.name);
    audit::record(
        &tx,
        now_unix(),
        &viewer.user,
        AuditAction::UserRenamed,
        Some(&subject),
        Some(&detail),
    )?;
    tx.commit()?;
    Ok(())
}

/// Removes a user; the owner cannot be removed.
pub fn remove_user(store: &Store, viewer: &Viewer, id: i64) -> Result<()> {
    viewer.check(store, Action::ManageUsers)?;
    let tx = store.conn().unchecked_transaction()?;
    let user = existing(&tx, id)?;
    if user.is_owner {
        return Err(Error::PermissionDenied {
            fr: "le propriétaire ne peut pas être retiré.".into(),
            en: "the owner cannot be removed.".into(),
        });
    }
    table::remove(&tx, id)?;
    let subject = format!("user:{id}");
    audit::record(
        &tx,
        now_unix(),
        &viewer.user,
        AuditAction::UserRemoved,
        Some(&subject),
        Some(&user.name),
    )?;
    tx.commit()?;
    Ok(())
}

/// Sets (`Some`) or clears (`None`) user `id`'s PIN: 4 to 8 digits, stored as a salted
/// Argon2id hash. A user sets their own; the owner and administrators anyone's.
pub fn set_pin(store: &Store, viewer: &Viewer, id: i64, pin: Option<&str>) -> Result<()> {
    if id != viewer.user.id {
        viewer.check(store, Action::ManageUsers)?;
    }
    let hash = pin.map(hash_pin).transpose()?;
    let tx = store.conn().unchecked_transaction()?;
    existing(&tx, id)?;
    table::set_pin_hash(&tx, id, hash.as_deref())?;
    let subject = format!("user:{id}");
    let detail = if hash.is_some() { "set" } else { "cleared" };
    audit::record(
        &tx,
        now_unix(),
        &viewer.user,
        AuditAction::PinChanged,
        Some(&subject),
        Some(detail),
    )?;
    tx.commit()?;
    Ok(())
}

/// Switches to user `id`: their [`Viewer`], once their PIN (when they have one) matches.
pub fn switch_to(store: &Store, id: i64, pin: Option<&str>) -> Result<Viewer> {
    if let Some(hash) = table::pin_hash(store.conn(), id)? {
        let given = pin.unwrap_or("");
        if !pin_matches(given, &hash)? {
            return Err(Error::invalid("pin", "code PIN incorrect.", "wrong PIN."));
        }
    }
    Viewer::as_user(store, id)
}

/// The audit log, newest first, `limit` entries before entry `before` (owner and
/// administrators only).
pub fn audit_log(
    store: &Store,
    viewer: &Viewer,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    viewer.check(store, Action::SeeAudit)?;
    audit::latest(store.conn(), before, limit.clamp(1, 1_000))
}

/// The audit entries `query` asks for (action, user, text), newest first, at most 1,000 a
/// page (owner and administrators only).
pub fn audit_page(store: &Store, viewer: &Viewer, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
    viewer.check(store, Action::SeeAudit)?;
    let query = AuditQuery {
        limit: query.limit.clamp(1, 1_000),
        ..query.clone()
    };
    audit::page(store.conn(), &query)
}

/// Checks that `viewer` may disconnect the Twilio account and writes it in the audit log;
/// the disconnect itself follows.
pub fn record_disconnect(store: &Store, viewer: &Viewer, account_sid: &str) -> Result<()> {
    viewer.check(store, Action::Disconnect)?;
    audit::record(
        store.conn(),
        now_unix(),
        &viewer.user,
        AuditAction::Disconnect,
        Some(&format!("account:{account_sid}")),
        None,
    )
}

fn existing(conn: &rusqlite::Connection, id: i64) -> Result<User> {
    table::by_id(conn, id)?.ok_or_else(|| {
        Error::invalid(
            "user",
            format!("aucun utilisateur n° {id}."),
            format!("no user number {id}."),
        )
    })
}

fn checked_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(Error::invalid(
            "name",
            format!("un nom de 1 à {NAME_MAX} caractères."),
            format!("a name of 1 to {NAME_MAX} characters."),
        ));
    }
    Ok(name)
}

/// The PHC string of `pin` under a fresh random salt.
fn hash_pin(pin: &str) -> Result<String> {
    if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            "pin",
            "le code PIN compte de 4 à 8 chiffres.",
            "the PIN has 4 to 8 digits.",
        ));
    }
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| Error::Internal(format!("hashing the PIN: {e}")))?
        .to_string())
}

fn pin_matches(pin: &str, hash: &str) -> Result<bool> {
    let parsed =
        PasswordHash::new(hash).map_err(|e| Error::Internal(format!("stored PIN hash: {e}")))?;
    Ok(Argon2::default()
        .verify_password(pin.as_bytes(), &parsed)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_stored_salted_and_never_in_clear() {
        let (a, b) = (hash_pin("1234").unwrap(), hash_pin("1234").unwrap());
        assert_ne!(a, b, "a fresh salt each time");
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert!(!a.contains("1234"));
        assert!(pin_matches("1234", &a).unwrap());
        assert!(!pin_matches("4321", &a).unwrap());
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        for bad in ["", "123", "123456789", "12a4", "12 34"] {
            assert!(hash_pin(bad).is_err(), "{bad:?}");
        }
    }
}
