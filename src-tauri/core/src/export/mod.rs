//! Exports: files a person opens without Passerelle — an HTML folder, CSV, JSON (re-importable,
//! see [`import`]) and a PDF of one conversation.
//!
//! Every format streams: the conversations in the scope are listed (small), then each one's
//! messages are read and written row by row, so the archive is never in memory. Output goes to
//! a `.partial` name first and takes its real name only when complete; a cancelled or failed
//! export leaves nothing behind. Progress is reported every [`PROGRESS_EVERY`] messages and
//! the cancel token is checked as often.

mod csv;
mod html;
pub mod import;
mod json;
pub mod names;
mod pdf;
pub mod pdf_doc;
#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::inbox::visibility::{Action, Viewer};
use crate::store::export_rows::{self, ScopedConversation};
use crate::store::Store;
use chrono::{DateTime, FixedOffset, TimeZone};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tokio_util::sync::CancellationToken;

pub use crate::store::export_rows::ExportScope;
pub use import::{import, ImportReport};

/// The file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A folder: index, one page per conversation, media, offline search.
    Html,
    /// Two files: messages, and conversations beside it (`<name>-conversations.csv`).
    Csv,
    /// One file, re-importable.
    Json,
    /// One conversation.
    Pdf,
}

/// Which clock dates are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The computer's time zone (what a person reading the export expects).
    Local,
    /// UTC (tests, snapshots).
    Utc,
}

impl Zone {
    /// `unix` in this zone.
    pub fn at(self, unix: i64) -> DateTime<FixedOffset> {
        let utc = DateTime::from_timestamp(unix, 0).unwrap_or_default();
        match self {
            Zone::Utc => utc.fixed_offset(),
            Zone::Local => chrono::Local
                .from_utc_datetime(&utc.naive_utc())
                .fixed_offset(),
        }
    }
}

/// What to export, and where.
#[derive(Clone, Debug)]
pub struct ExportRequest {
    /// The format.
    pub format: Format,
    /// Everything, one conversation, a date range.
    pub scope: ExportScope,
    /// A folder for HTML, a file otherwise. Must not exist yet.
    pub out: PathBuf,
    /// The archive's media folder (HTML copies the files it shows).
    pub media_dir: Option<PathBuf>,
    /// The clock of the dates written.
    pub zone: Zone,
    /// The language of the words an export adds (titles, labels).
    pub lang: crate::Lang,
    /// Who exports: the window's current user, who gets only what they may read (the one
    /// visibility rule of the inbox). `None` is the owner: the command line, which also
    /// exports archives with no account connected (an imported JSON).
    pub viewer: Option<Viewer>,
}

/// How far an export is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportProgress {
    /// Messages written.
    pub messages_done: u64,
    /// Messages in the scope.
    pub messages_total: u64,
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportReport {
    /// Files written (the folder itself for HTML).
    pub files: Vec<PathBuf>,
    /// Conversations exported.
    pub conversations: u64,
    /// Messages exported.
    pub messages: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Stopped by the user: nothing was left behind.
    pub cancelled: bool,
}

/// How often progress is reported and the cancel token checked.
pub const PROGRESS_EVERY: u64 = 1000;

/// Why a writer stopped early.
pub(crate) enum Stop {
    Cancelled,
    Failed(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Failed(e)
    }
}

impl From<rusqlite::Error> for Stop {
    fn from(e: rusqlite::Error) -> Self {
        Stop::Failed(e.into())
    }
}

/// An I/O error while writing `path`, as a [`Stop`].
pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Stop + '_ {
    move |e| Stop::Failed(write_error(path, e))
}

/// An I/O error while writing `path`, said plainly when the user can act on it: a folder
/// they may not write in, one that does not exist, a full disk ([`Error::DiskFull`] speaks of
/// a sync, which resumes; an export starts again from nothing).
fn write_error(path: &Path, e: std::io::Error) -> Error {
    use std::io::ErrorKind::{NotFound, PermissionDenied, ReadOnlyFilesystem, StorageFull};
    let folder = path
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    match e.kind() {
        PermissionDenied | ReadOnlyFilesystem => Error::invalid(
            "destination",
            format!("impossible d'écrire dans {folder} : choisissez un dossier qui vous appartient (par exemple Documents)"),
            format!("cannot write in {folder}: choose a folder of yours (Documents, for example)"),
        ),
        NotFound => Error::invalid(
            "destination",
            format!("le dossier {folder} n'existe pas : créez-le ou choisissez-en un autre"),
            format!("the folder {folder} does not exist: create it or choose another one"),
        ),
        StorageFull => Error::invalid(
            "destination",
            format!("le disque de {folder} est plein : l'export s'est arrêté sans rien laisser. Libérez de la place ou choisissez un autre disque, puis recommencez"),
            format!("the disk of {folder} is full: the export stopped and left nothing. Free some space or choose another disk, then export again"),
        ),
        _ => Error::io(format!("writing {}", path.display()), e),
    }
}

/// `scope` as `viewer` may export it: everything for whoever sees the inbox (the owner;
/// everyone when it is Shared), else the conversations linked to a record — the same rule as
/// search ([`crate::archive::search_as`]) and insights.
fn visible_scope(
    store: &Store,
    viewer: Option<&Viewer>,
    scope: &ExportScope,
) -> Result<ExportScope> {
    let mut scope = scope.clone();
    if let Some(viewer) = viewer {
        if !viewer.may(store, Action::SeeInbox)? {
            viewer.check(store, Action::SeeLinkedOnRecord)?;
            scope.linked_only = true;
        }
    }
    Ok(scope)
}

/// A conversation the export screen offers to choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationChoice {
    /// Its id (`ExportScope::conversation`).
    pub id: i64,
    /// Who it is with: the WhatsApp name and number, or the number.
    pub who: String,
    /// Messages in it.
    pub messages: u64,
    /// Unix seconds of its last message.
    pub last_at: i64,
}

/// The conversations `viewer` may export, most recent first.
pub fn choices(store: &Store, viewer: &Viewer) -> Result<Vec<ConversationChoice>> {
    let scope = visible_scope(store, Some(viewer), &ExportScope::default())?;
    Ok(export_rows::conversations(store.conn(), &scope)?
        .iter()
        .map(|c| ConversationChoice {
            id: c.id,
            who: who(c),
            messages: c.messages,
            last_at: c.last_at,
        })
        .collect())
}

/// Counts messages written, reports progress and watches the cancel token.
pub(crate) struct Tracker<'a> {
    progress: ExportProgress,
    report: &'a (dyn Fn(&ExportProgress) + Send + Sync),
    cancel: &'a CancellationToken,
}

impl Tracker<'_> {
    /// Stops when the user asked to (between conversations).
    pub(crate) fn check(&self) -> std::result::Result<(), Stop> {
        if self.cancel.is_cancelled() {
            Err(Stop::Cancelled)
        } else {
            Ok(())
        }
    }

    /// One more message written.
    pub(crate) fn tick(&mut self) -> std::result::Result<(), Stop> {
        self.progress.messages_done += 1;
        if self.progress.messages_done.is_multiple_of(PROGRESS_EVERY) {
            (self.report)(&self.progress);
            if self.cancel.is_cancelled() {
                return Err(Stop::Cancelled);
            }
        }
        Ok(())
    }
}

/// What every writer receives.
pub(crate) struct Job<'a> {
    pub store: &'a Store,
    pub request: &'a ExportRequest,
    pub conversations: Vec<ScopedConversation>,
    /// Where to write (the `.partial` name of the output).
    pub target: PathBuf,
}

/// Exports `request.scope` of the archive. Stops cleanly when `cancel` fires (nothing is left
/// behind; the report says `cancelled`).
pub fn export(
    store: &Store,
    request: &ExportRequest,
    progress: &(dyn Fn(&ExportProgress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<ExportReport> {
    if final_paths(request).iter().any(|p| p.exists()) {
        return Err(Error::InvalidInput {
            field: "destination".into(),
            fr: format!(
                "{} existe déjà : choisissez un autre nom",
                request.out.display()
            ),
            en: format!(
                "{} already exists: choose another name",
                request.out.display()
            ),
        });
    }
    let scope = visible_scope(store, request.viewer.as_ref(), &request.scope)?;
    let conversations = export_rows::conversations(store.conn(), &scope)?;
    if request.format == Format::Pdf && conversations.len() > 1 {
        return Err(Error::InvalidInput {
            field: "conversation".into(),
            fr: "un PDF contient une seule conversation : indiquez laquelle (--conversation)"
                .into(),
            en: "a PDF holds one conversation: say which (--conversation)".into(),
        });
    }
    let total = conversations.iter().map(|c| c.messages).sum();
    let mut tracker = Tracker {
        progress: ExportProgress {
            messages_done: 0,
            messages_total: total,
        },
        report: progress,
        cancel,
    };
    let job = Job {
        store,
        request,
        conversations,
        target: partial_path(&request.out),
    };
    let outcome = match request.format {
        Format::Json => json::write(&job, &mut tracker),
        Format::Csv => csv::write(&job, &mut tracker),
        Format::Html => html::write(&job, &mut tracker),
        Format::Pdf => pdf::write(&job, &mut tracker),
    };
    let finals = final_paths(request);
    let staged: Vec<PathBuf> = finals.iter().map(|p| partial_path(p)).collect();
    match outcome {
        Ok(()) => {
            for (from, to) in staged.iter().zip(&finals) {
                std::fs::rename(from, to)
                    .map_err(|e| Error::io(format!("naming {}", to.display()), e))?;
            }
            progress(&tracker.progress);
            Ok(ExportReport {
                bytes: finals.iter().map(|p| size_of(p)).sum(),
                files: finals,
                conversations: job.conversations.len() as u64,
                messages: tracker.progress.messages_done,
                cancelled: false,
            })
        }
        Err(stop) => {
            for path in &staged {
                remove(path);
            }
            match stop {
                Stop::Cancelled => Ok(ExportReport {
                    files: Vec::new(),
                    conversations: 0,
                    messages: tracker.progress.messages_done,
                    bytes: 0,
                    cancelled: true,
                }),
                Stop::Failed(e) => Err(e),
            }
        }
    }
}

/// The files (or folder) an export produces.
fn final_paths(request: &ExportRequest) -> Vec<PathBuf> {
    match request.format {
        Format::Csv => vec![request.out.clone(), csv::conversations_path(&request.out)],
        _ => vec![request.out.clone()],
    }
}

/// `dir/.name.partial`: where `path` is written until complete.
pub(crate) fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.partial"))
}

fn remove(path: &Path) {
    let _ = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
}

/// Bytes of a file, or of a folder's files.
fn size_of(path: &Path) -> u64 {
    match std::fs::read_dir(path) {
        Ok(entries) => entries.flatten().map(|e| size_of(&e.path())).sum(),
        Err(_) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

/// A customer's number without the channel prefix (`+33612345678`).
pub(crate) fn number(address: &str) -> &str {
    address.strip_prefix("whatsapp:").unwrap_or(address)
}

/// Who a conversation is with, for titles: the WhatsApp name, else the number.
pub(crate) fn who(c: &ScopedConversation) -> String {
    match c.profile_name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(name) => format!("{name} ({})", number(&c.customer)),
        None => number(&c.customer).to_owned(),
    }
}
