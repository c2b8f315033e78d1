//! The `audit_log` table: who did what, when — sends, links, visibility changes, user
//! changes, disconnects and imports. Entries are only ever added.

use super::users::User;
use crate::error::{Error, Result};
use crate::rfc3339;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// What was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A message was sent.
    Send,
    /// A conversation was linked to a record.
    Link,
    /// A conversation's link was removed.
    Unlink,
    /// The inbox's visibility changed.
    VisibilityChanged,
    /// A user was added.
    UserAdded,
    /// A user was renamed.
    UserRenamed,
    /// A user was removed.
    UserRemoved,
    /// A user's PIN was set or cleared.
    PinChanged,
    /// The Twilio account was disconnected.
    Disconnect,
    /// Records were imported from a file.
    Import,
    /// A customer's messages, media, notes and links were erased (counts only, no content).
    EraseCustomer,
    /// A backup of the archive was restored.
    BackupRestored,
}

impl AuditAction {
    /// Every action, in the order above.
    pub const ALL: [AuditAction; 12] = [
        AuditAction::Send,
        AuditAction::Link,
        AuditAction::Unlink,
        AuditAction::VisibilityChanged,
        AuditAction::UserAdded,
        AuditAction::UserRenamed,
        AuditAction::UserRemoved,
        AuditAction::PinChanged,
        AuditAction::Disconnect,
        AuditAction::Import,
        AuditAction::EraseCustomer,
        AuditAction::BackupRestored,
    ];

    /// The name stored in the archive.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Send => "send",
            AuditAction::Link => "link",
            AuditAction::Unlink => "unlink",
            AuditAction::VisibilityChanged => "visibility_changed",
            AuditAction::UserAdded => "user_added",
            AuditAction::UserRenamed => "user_renamed",
            AuditAction::UserRemoved => "user_removed",
            AuditAction::PinChanged => "pin_changed",
            AuditAction::Disconnect => "disconnect",
            AuditAction::Import => "import",
            AuditAction::EraseCustomer => "erase_customer",
            AuditAction::BackupRestored => "backup_restored",
        }
    }

    fn parse(text: &str) -> Result<AuditAction> {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.as_str() == text)
            .ok_or_else(|| Error::Internal(format!("unknown audit action {text:?}")))
    }
}

/// One entry of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Row id (entries are numbered in the order they happened).
    pub id: i64,
    /// RFC 3339.
    pub at: String,
    /// Who, while they exist.
    pub actor_id: Option<i64>,
    /// Who, as named when it happened.
    pub actor_name: String,
    /// What.
    pub action: AuditAction,
    /// On what (`conversation:12`, `user:3`, …).
    pub subject: Option<String>,
    /// Details in plain words.
    pub detail: Option<String>,
}

/// Adds an entry.
pub(crate) fn record(
    conn: &Connection,
    at: i64,
    actor: &User,
    action: AuditAction,
    subject: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        at,
        actor.id,
        actor.name,
        action.as_str(),
        subject,
        detail
    ])?;
    Ok(())
}

/// Which entries to read: every filter is optional and they combine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// Only this action.
    pub action: Option<AuditAction>,
    /// Only what this user did (by id, while they exist).
    pub actor_id: Option<i64>,
    /// Text found in the actor's name, the subject or the detail (ASCII case ignored).
    pub text: Option<String>,
    /// Entries before this one (the previous page's last id); `None` for the newest.
    pub before: Option<i64>,
    /// Entries per page.
    pub limit: usize,
}

/// The `limit` latest entries, newest first, before entry `before` when given.
pub(crate) fn latest(
    conn: &Connection,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    page(
        conn,
        &AuditQuery {
            before,
            limit,
            ..AuditQuery::default()
        },
    )
}

/// The entries `query` asks for, newest first (walks the table backwards by id).
pub(crate) fn page(conn: &Connection, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor_id, actor_name, action, subject, detail FROM audit_log
         WHERE (?1 IS NULL OR id < ?1) AND (?3 IS NULL OR action = ?3)
           AND (?4 IS NULL OR actor_id = ?4)
           AND (?5 IS NULL OR instr(lower(actor_name || ' ' || coalesce(subject, '') || ' '
                                          || coalesce(detail, '')), ?5) > 0)
         ORDER BY id DESC LIMIT ?2",
    )?;
    let text = query
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase);
    let rows = stmt
        .query_map(
            params![
                query.before,
                query.limit as i64,
                query.action.map(AuditAction::as_str),
                query.actor_id,
                text
            ],
            |r| {
                Ok((
                    AuditEntry {
                        id: r.get(0)?,
                        at: rfc3339(r.get(1)?),
                        actor_id: r.get(2)?,
                        actor_name: r.get(3)?,
                        action: AuditAction::Send,
                        subject: r.get(5)?,
                        detail: r.get(6)?,
                    },
                    r.get::<_, String>(4)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(mut entry, action)| {
            entry.action = AuditAction::parse(&action)?;
            Ok(entry)
        })
        .collect()
}
