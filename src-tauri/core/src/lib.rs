//! Passerelle's product core. Knows nothing of Tauri or of the UI.
//!
//! - [`store`]: the local SQLite archive and its migrations.
//! - [`http`]: retry, throttle, lazy pages and downloads, shared by every remote API.
//! - [`twilio`]: the Twilio REST client over [`http`]; [`ids`] and [`message`]: Twilio's
//!   identifiers and message states as types.
//! - [`connect`] and [`keychain`]: checking and saving a Twilio account, secrets in the OS
//!   keychain; [`demo`]: the same for the built-in simulator's throwaway account.
//! - [`sync`]: pulling the WhatsApp history into the archive.
//! - [`archive`]: reading the archive back (status, search).
//! - [`inbox`]: conversations, threads, read state and links, seen through the one visibility
//!   rule; [`users`]: the installation's users, PINs and the audit log; [`records`]: contacts,
//!   leads and deals and their CSV import; [`phone`]: numbers to E.164 and back.
//! - [`pipedrive`]: the Pipedrive connector (import persons, deals, leads; push notes).
//! - [`notes`]: linked conversations written down on their records; [`disconnect`]: the
//!   resumable uninstall; [`backups`]: list, make, restore; [`erase`]: a customer's data erased.
//! - [`number_move`]: the "Move my number" wizard (state machine, completeness proof, ticket,
//!   handover report).
//! - [`media_folder`]: where media files go, the room they will take, moving the folder.
//! - [`text`]: outside text made harmless to print on a terminal.
//! - [`logging`], [`Error`], [`Lang`]: the plumbing every caller shares.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod archive;
pub mod backups;
pub mod connect;
pub mod demo;
pub mod disconnect;
pub mod erase;
pub mod error;
pub mod export;
pub mod failures;
pub mod field;
pub mod file_lock;
pub mod http;
pub mod ids;
pub mod inbox;
pub mod keychain;
pub mod lang;
pub mod logging;
pub mod media_folder;
pub mod message;
pub mod notes;
pub mod number_move;
pub mod phone;
pub mod pipedrive;
pub mod profile;
pub mod records;
pub mod secret;
pub mod store;
pub mod sync;
pub mod templates;
pub mod text;
pub mod twilio;
pub mod users;
pub mod window;

pub use error::{Code, Error, ErrorBody, Result, Severity};
pub use lang::Lang;
pub use secret::Secret;
pub use store::Store;

/// Formats unix seconds as RFC 3339 UTC (`2024-05-01T09:30:00Z`) for JSON outputs.
pub fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}
