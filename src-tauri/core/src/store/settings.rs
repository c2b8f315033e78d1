//! The `settings` table: small key/value preferences kept in the archive.

use super::Store;
use crate::error::Result;
use rusqlite::OptionalExtension;

/// Reads a setting.
pub fn get(store: &Store, key: &str) -> Result<Option<String>> {
    Ok(store
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Writes a setting (replacing its previous value).
pub fn set(store: &Store, key: &str, value: &str) -> Result<()> {
    store.conn().execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Writes several settings in one transaction: all of them, or none after a crash.
pub fn set_all(store: &Store, pairs: &[(&str, &str)]) -> Result<()> {
    let tx = store.conn().unchecked_transaction()?;
    for (key, value) in pairs {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Removes a setting (nothing happens when it is absent).
pub fn remove(store: &Store, key: &str) -> Result<()> {
    store
        .conn()
        .execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}
