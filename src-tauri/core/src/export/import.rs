//! `passerelle import FILE`: a JSON export read back into a fresh archive, streamed (the file
//! is never held in memory), through the same table functions the sync writes with, so the
//! summaries, month counts and search index come out as a sync would leave them.
//!
//! The archive is built under a `.partial` name and takes its real name only when complete;
//! an archive that already holds an account, a sender or a message is refused (merging two
//! histories is not something an import decides silently).

use super::json::{JsonAccount, JsonMessage, JsonSender, FORMAT, FORMAT_VERSION};
use super::{partial_path, ExportProgress, PROGRESS_EVERY};
use crate::error::{Error, Result};
use crate::store::conversations::{self, AddedMessage, SummaryDelta};
use crate::store::media::{self, NewMedia};
use crate::store::messages::{self, MessageRow, Upserter};
use crate::store::{accounts, export_rows, now_unix, senders, Store};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use tokio_util::sync::CancellationToken;

/// What an import wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    /// Conversations created.
    pub conversations: u64,
    /// Messages imported.
    pub messages: u64,
    /// Media references imported.
    pub media: u64,
    /// Stopped by the user: no archive was created.
    pub cancelled: bool,
}

/// Messages per transaction.
const BATCH: u64 = 5000;

/// Imports the JSON export `file` into a new archive at `db_path`.
pub fn import(
    file: &Path,
    db_path: &Path,
    progress: &(dyn Fn(&ExportProgress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<ImportReport> {
    if db_path.exists() {
        let existing = Store::open_read_only(db_path)?;
        if !export_rows::is_empty(existing.conn())? {
            return Err(Error::InvalidInput {
                field: "db".into(),
                fr: format!(
                    "{} contient déjà des données : importez dans une nouvelle archive (--db)",
                    db_path.display()
                ),
                en: format!(
                    "{} already holds data: import into a new archive (--db)",
                    db_path.display()
                ),
            });
        }
    }
    let reader = std::fs::File::open(file)
        .map_err(|e| Error::io(format!("opening {}", file.display()), e))?;
    let staged = partial_path(db_path);
    remove_archive(&staged);
    let outcome = build(&staged, std::io::BufReader::new(reader), progress, cancel);
    match outcome {
        Ok(report) if !report.cancelled => {
            remove_archive(db_path);
            std::fs::rename(&staged, db_path)
                .map_err(|e| Error::io(format!("naming {}", db_path.display()), e))?;
            Ok(report)
        }
        other => {
            remove_archive(&staged);
            other
        }
    }
}

fn remove_archive(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(&name);
    }
}

fn build(
    staged: &Path,
    reader: impl std::io::Read,
    progress: &(dyn Fn(&ExportProgress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<ImportReport> {
    let store = Store::open(staged)?;
    let mut ctx = Ctx {
        store: &store,
        senders: HashMap::new(),
        indexed_upto: 0,
        report: ImportReport::default(),
        failure: None,
        progress,
        cancel,
    };
    store.conn().execute_batch("BEGIN")?;
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let parsed = de::Deserializer::deserialize_map(&mut deserializer, Top(&mut ctx));
    let parsed = parsed.and_then(|()| deserializer.end());
    if let Some(failure) = ctx.failure.take() {
        let _ = store.conn().execute_batch("ROLLBACK");
        return match failure {
            Failure::Cancelled => Ok(ImportReport {
                cancelled: true,
                ..ctx.report
            }),
            Failure::Error(e) => Err(e),
        };
    }
    if let Err(e) = parsed {
        let _ = store.conn().execute_batch("ROLLBACK");
        return Err(Error::InvalidInput {
            field: "file".into(),
            fr: format!("ce fichier n'est pas un export JSON de Passerelle lisible : {e}"),
            en: format!("this file is not a readable Passerelle JSON export: {e}"),
        });
    }
    ctx.commit(false)?;
    Ok(ctx.report)
}

enum Failure {
    Cancelled,
    Error(Error),
}

struct Ctx<'a> {
    store: &'a Store,
    senders: HashMap<String, i64>,
    indexed_upto: i64,
    report: ImportReport,
    failure: Option<Failure>,
    progress: &'a (dyn Fn(&ExportProgress) + Send + Sync),
    cancel: &'a CancellationToken,
}

impl Ctx<'_> {
    /// Keeps the real error and hands serde one that stops the parse.
    fn fail<E: de::Error>(&mut self, failure: Failure) -> E {
        self.failure = Some(failure);
        E::custom("import stopped")
    }

    /// Indexes the batch and commits it; opens the next one when `more`.
    fn commit(&mut self, more: bool) -> Result<()> {
        let conn = self.store.conn();
        messages::index_new(conn, self.indexed_upto)?;
        self.indexed_upto = messages::max_id(conn)?;
        conn.execute_batch(if more { "COMMIT; BEGIN" } else { "COMMIT" })?;
        Ok(())
    }

    fn account(&mut self, a: JsonAccount) -> Result<()> {
        let account = accounts::Account {
            sid: a.sid,
            friendly_name: a.friendly_name,
            kind: a.kind,
            status: a.status,
            owner_account_sid: a.owner_account_sid,
            auth_kind: a.auth_kind,
            api_key_sid: a.api_key_sid,
            base_url: a.base_url,
            date_created: parse_date(a.date_created.as_deref())?,
        };
        accounts::save(self.store.conn(), &account, now_unix())
    }

    fn senders(&mut self, list: Vec<JsonSender>) -> Result<()> {
        let conn = self.store.conn();
        for s in &list {
            let sender = senders::NewSender {
                account_sid: &s.account_sid,
                sender_sid: s.sender_sid.as_deref().unwrap_or(""),
                address: &s.address,
                status: &s.status,
                display_name: s.display_name.as_deref(),
                selected: s.selected,
            };
            senders::save(conn, &sender, now_unix())?;
        }
        self.senders = senders::ids_by_address(conn)?;
        Ok(())
    }

    fn message(&mut self, m: &JsonMessage, conversation: &mut OpenConversation) -> Result<()> {
        let conn = self.store.conn();
        let row = MessageRow {
            sid: &m.sid,
            account_sid: &m.account_sid,
            conversation_id: conversation.id,
            direction: &m.direction,
            from: &m.from,
            to: &m.to,
            body: &m.body,
            status: &m.status,
            error_code: m.error_code,
            error_message: m.error_message.as_deref(),
            num_media: m.num_media,
            num_segments: m.num_segments,
            price: m.price.as_deref(),
            price_unit: m.price_unit.as_deref(),
            messaging_service_sid: m.messaging_service_sid.as_deref(),
            date_created: parse_date(m.date_created.as_deref())?,
            date_sent: parse_date(m.date_sent.as_deref())?,
            date_updated: parse_date(m.date_updated.as_deref())?,
            synced_at: now_unix(),
            profile_name: None,
        };
        Upserter::new(conn)?.upsert(&row)?;
        if m.media_listed {
            messages::mark_media_listed(conn, &m.sid)?;
        }
        for x in &m.media {
            let item = NewMedia {
                sid: &x.sid,
                content_type: x.content_type.as_deref(),
                date_created: parse_date(x.date_created.as_deref())?,
                uri: &x.uri,
            };
            media::record(conn, &m.sid, &item)?;
            if let Some(file) = &x.file {
                let at = parse_date(x.downloaded_at.as_deref())?.unwrap_or(0);
                media::record_download(conn, &x.sid, file, x.size_bytes.unwrap_or(0) as u64, at)?;
            }
            if let Some(reason) = &x.skip_reason {
                media::record_skip(conn, &x.sid, reason)?;
            }
            self.report.media += 1;
        }
        let inbound = m.direction == "inbound";
        let unread = inbound && conversation.unread_left > 0;
        if unread {
            conversation.unread_left -= 1;
        }
        conversation.delta.add(&AddedMessage {
            when: row.date_sent.or(row.date_created).unwrap_or(0),
            sid: &m.sid,
            body: &m.body,
            direction: &m.direction,
            inbound,
            unread,
            profile_name: conversation.profile_name.as_deref(),
        });
        self.report.messages += 1;
        if self.report.messages.is_multiple_of(PROGRESS_EVERY) {
            (self.progress)(&ExportProgress {
                messages_done: self.report.messages,
                messages_total: 0,
            });
        }
        if self.report.messages.is_multiple_of(BATCH) {
            self.commit(true)?;
        }
        Ok(())
    }
}

fn parse_date(text: Option<&str>) -> Result<Option<i64>> {
    text.map(|t| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.timestamp())
            .map_err(|_| Error::InvalidInput {
                field: "file".into(),
                fr: format!("date illisible dans le fichier : {t}"),
                en: format!("unreadable date in the file: {t}"),
            })
    })
    .transpose()
}

/// The conversation whose messages are being read.
struct OpenConversation {
    id: i64,
    profile_name: Option<String>,
    unread_left: i64,
    delta: SummaryDelta,
}

/// The top-level object.
struct Top<'c, 'a>(&'c mut Ctx<'a>);

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Passerelle JSON export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let ctx = self.0;
        let mut known = false;
        while let Some(key) = map.next_key::<String>()? {
            let done = match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    known = format == FORMAT;
                    Ok(())
                }
                "format_version" => {
                    let version: u32 = map.next_value()?;
                    if !known || version > FORMAT_VERSION {
                        return Err(ctx.fail(Failure::Error(Error::InvalidInput {
                            field: "file".into(),
                            fr: format!("export de format inconnu ou plus récent (version {version}) : mettez Passerelle à jour"),
                            en: format!("unknown or newer export format (version {version}): update Passerelle"),
                        })));
                    }
                    Ok(())
                }
                "account" => match map.next_value::<Option<JsonAccount>>()? {
                    Some(account) => ctx.account(account),
                    None => Ok(()),
                },
                "senders" => {
                    let list: Vec<JsonSender> = map.next_value()?;
                    ctx.senders(list)
                }
                "conversations" => {
                    if !known {
                        return Err(de::Error::custom("`format` must come first"));
                    }
                    map.next_value_seed(Conversations(ctx))?;
                    Ok(())
                }
                // Records, links and notes arrive with the CRM features; skipped until then.
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    Ok(())
                }
            };
            done.map_err(|e| ctx.fail(Failure::Error(e)))?;
        }
        Ok(())
    }
}

struct Conversations<'c, 'a>(&'c mut Ctx<'a>);

impl<'de> DeserializeSeed<'de> for Conversations<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Conversations<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of conversations")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element_seed(Conversation(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

struct Conversation<'c, 'a>(&'c mut Ctx<'a>);

impl<'de> DeserializeSeed<'de> for Conversation<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Conversation<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a conversation")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let ctx = self.0;
        let (mut sender, mut customer, mut profile_name, mut unread) = (None, None, None, 0);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "sender" => sender = Some(map.next_value::<String>()?),
                "customer" => customer = Some(map.next_value::<String>()?),
                "profile_name" => profile_name = map.next_value::<Option<String>>()?,
                "unread_count" => unread = map.next_value::<i64>()?,
                "messages" => {
                    let (Some(sender), Some(customer)) = (&sender, &customer) else {
                        return Err(de::Error::custom("`messages` before `sender`/`customer`"));
                    };
                    let Some(&sender_id) = ctx.senders.get(sender) else {
                        return Err(de::Error::custom(format!("unknown sender {sender}")));
                    };
                    let id = conversations::id_for(ctx.store.conn(), sender_id, customer)
                        .map_err(|e| ctx.fail(Failure::Error(e)))?;
                    let mut open = OpenConversation {
                        id,
                        profile_name: profile_name.clone(),
                        unread_left: unread,
                        delta: SummaryDelta::default(),
                    };
                    map.next_value_seed(Messages(&mut *ctx, &mut open))?;
                    conversations::apply_summary(ctx.store.conn(), id, &open.delta)
                        .map_err(|e| ctx.fail(Failure::Error(e)))?;
                    ctx.report.conversations += 1;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Messages<'c, 'a, 'o>(&'c mut Ctx<'a>, &'o mut OpenConversation);

impl<'de> DeserializeSeed<'de> for Messages<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of messages")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let (ctx, open) = (self.0, self.1);
        while let Some(m) = seq.next_element::<JsonMessage>()? {
            if ctx.cancel.is_cancelled() {
                return Err(ctx.fail(Failure::Cancelled));
            }
            ctx.message(&m, open)
                .map_err(|e| ctx.fail(Failure::Error(e)))?;
        }
        Ok(())
    }
}
