//! The local archive: one SQLite file in the user's data folder.
//!
//! Opened with WAL, foreign keys, a busy timeout and `synchronous=NORMAL`; versioned migrations
//! are applied all-or-nothing and a file written by a newer Passerelle is refused untouched.
//!
//! One module per table, each the only place that reads and writes it (a read may join the
//! tables it summarises): [`accounts`], [`senders`], [`conversations`] (with the summary every
//! writer of messages keeps in step), [`messages`], [`message_search`] (the full-text index),
//! [`month_counts`] (per sender and month, kept by triggers), [`export_rows`] (streamed reads
//! for exports), [`media`], [`sync_state`] (shards and runs), [`users`], [`settings`], and for
//! the inbox [`installation`] (visibility), [`audit`], [`contacts`], [`opportunities`] (leads
//! and deals) and [`links`] (a conversation to a record); [`profile_versions`] (the sender
//! profile's local history) and [`templates`] (message templates and their approval); for the
//! CRM connector [`crm`] (connection, walks, deletion marks) and [`crm_pushes`] (notes pushed); [`notes`] (notes made from linked
//! conversations, with their full-text index), [`disconnects`] and [`backups`] (copies of the
//! archive file); [`number_moves`] (the "Move my number" wizard's state per business number,
//! and the flag that stops the sync asking Twilio for a moved number). Functions taking a
//! `&Connection` are crate-private so the core can compose them in one transaction; the
//! public ones take a [`Store`] and are what the CLI, the app and the tests call.

pub mod accounts;
pub mod audit;
pub mod backups;
pub mod bulk_load;
pub mod contacts;
pub mod conversation_summaries;
pub mod conversations;
pub mod crm;
pub mod crm_pushes;
pub mod disconnects;
pub mod export_rows;
pub mod insight_rows;
mod inspect;
pub mod installation;
pub mod links;
pub mod media;
pub mod message_search;
pub mod messages;
mod migrate;
pub mod month_counts;
pub mod notes;
pub mod number_moves;
mod open;
pub mod opportunities;
pub mod profile_versions;
pub mod reply_times;
pub mod senders;
pub mod settings;
pub mod sync_state;
pub mod template_sends;
pub mod templates;
pub mod users;

pub use inspect::Inspection;
pub use migrate::{MIGRATIONS, SCHEMA_VERSION};

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The app identifier: the folder name under the user's data directory (shared with the
/// Tauri app, whose identifier is the same).
pub const APP_ID: &str = "eu.passerelle.desktop";

/// How long a statement waits for another connection's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// `dirs::data_dir()/eu.passerelle.desktop`: where the archive, media and logs live.
pub fn default_data_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join(APP_ID))
        .ok_or_else(|| Error::Internal("no user data directory on this system".into()))
}

/// `dirs::data_dir()/eu.passerelle.desktop/passerelle.db`, the archive the app and the CLI share.
pub fn default_db_path() -> Result<PathBuf> {
    Ok(default_data_dir()?.join("passerelle.db"))
}

/// The folder where downloaded media files go for the archive at `db_path`.
pub fn media_dir_for(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("media")
}

/// An open archive.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens the archive at `path` for writing, creating it (and its folders) when missing —
    /// for `connect` and the app. An older archive is backed up, then upgraded; another
    /// program's database, a negative or newer schema version are refused untouched.
    pub fn open(path: &Path) -> Result<Store> {
        open::open(path, open::Access::Create)
    }

    /// Opens an existing archive for writing (`sync`): like [`Store::open`], but a missing file
    /// is [`Error::ArchiveMissing`] and nothing is created.
    pub fn open_existing(path: &Path) -> Result<Store> {
        open::open(path, open::Access::Existing)
    }

    /// Opens an existing archive read-only (`status`, `search`): never creates, upgrades or
    /// writes, and reads a read-only file in a read-only folder.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        open::open(path, open::Access::ReadOnly)
    }

    /// A fresh in-memory archive with every migration applied (tests, previews).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let store = Store { conn, path: None };
        store.configure()?;
        migrate::apply(&store.conn)?;
        Ok(store)
    }

    /// The file this archive lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Backs the archive up to `backups/<name>-backup-<date>.db` beside it (`VACUUM INTO`:
    /// consistent while the app or a sync writes) and returns the copy's path. Works on a
    /// read-only connection; an archive in memory has nothing to back up.
    pub fn back_up(&self) -> Result<PathBuf> {
        let path = self
            .path
            .as_deref()
            .ok_or_else(|| Error::Internal("an archive in memory has no backups folder".into()))?;
        // A reader's connection is `query_only`, which refuses even VACUUM INTO (that writes
        // only the copy): lifted for this one statement.
        let query_only: bool = self.conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "query_only", false)?;
        let copy = backups::back_up(&self.conn, path, "backup");
        self.conn.pragma_update(None, "query_only", query_only)?;
        copy
    }

    /// Writes a consistent copy of the archive to `target` (`VACUUM INTO`; `target` must not
    /// exist). Works on a read-only connection and writes nothing beside the archive itself:
    /// opening someone else's file to read it leaves their folder untouched.
    pub fn copy_into(&self, target: &Path) -> Result<()> {
        let query_only: bool = self.conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "query_only", false)?;
        let copied = self
            .conn
            .execute("VACUUM INTO ?1", [target.to_string_lossy()]);
        self.conn.pragma_update(None, "query_only", query_only)?;
        copied?;
        Ok(())
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(migrate::user_version(&self.conn)?)
    }

    /// The underlying connection, for the table modules only: everything else goes through
    /// their functions.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Mutable access to the connection (transactions spanning several tables).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    fn configure(&self) -> Result<()> {
        configure_connection(&self.conn, self.path.is_some())
    }
}

/// Connection settings shared by every connection to the archive (the sync writer opens its
/// own). Rare WAL checkpoints double bulk ingest; the cache is 64 MB (256 MB pushed a 1M sync
/// to 343 MB peak RSS, over the 250 MB budget; 64 MB measured 125 MB).
pub(crate) fn configure_connection(conn: &Connection, on_disk: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if on_disk {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Internal(format!(
                "could not switch the archive to WAL (got {mode})"
            )));
        }
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;
         PRAGMA wal_autocheckpoint = 100000;",
    )?;
    // The search index's triggers call it: every connection that may write needs it.
    message_search::register(conn)?;
    Ok(())
}

/// Registers the SQL functions the archive's triggers call (`passerelle_search_text`, which
/// re-indexes a changed body). Every [`Store`] connection has them; a connection opened
/// outside it (a diagnostic tool, a test that plants data with plain SQL) needs them before it
/// changes a message.
pub fn register_functions(conn: &Connection) -> Result<()> {
    Ok(message_search::register(conn)?)
}

/// Current UTC time as unix seconds.
pub(crate) fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Tests' smallest archive: an account, its sender 1 (`whatsapp:+1`) and conversation 1 with
/// `whatsapp:+2` — for tests of what the schema's triggers keep.
#[cfg(test)]
pub(crate) fn one_conversation(conn: &Connection) {
    conn.execute_batch(
        "INSERT INTO accounts (sid, friendly_name, type, status, auth_kind, connected_at)
             VALUES ('AC1', 'Shop', 'Full', 'active', 'auth_token', 0);
         INSERT INTO senders (id, account_sid, address, status, added_at)
             VALUES (1, 'AC1', 'whatsapp:+1', 'ONLINE', 0);
         INSERT INTO conversations (id, sender_id, customer) VALUES (1, 1, 'whatsapp:+2');",
    )
    .expect("the fixture fits the schema");
}
