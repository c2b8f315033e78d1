//! The `media` table: media metadata listed from Twilio, and where each file was downloaded
//! (or why it could not be).

use super::Store;
use crate::error::Result;
use crate::ids::{MediaSid, MessageSid};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A medium to record, as listed by Twilio.
pub(crate) struct NewMedia<'a> {
    /// ME…
    pub sid: &'a str,
    pub content_type: Option<&'a str>,
    /// Unix seconds.
    pub date_created: Option<i64>,
    /// Twilio's metadata URI.
    pub uri: &'a str,
}

/// A media file still to download.
#[derive(Clone, Debug)]
pub(crate) struct PendingMedia {
    pub sid: MediaSid,
    pub message_sid: MessageSid,
    pub uri: String,
    pub content_type: Option<String>,
}

/// A medium as archived.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct MediaItem {
    /// ME…
    pub sid: String,
    /// The message it belongs to.
    pub message_sid: String,
    /// MIME type.
    pub content_type: Option<String>,
    /// Path relative to the media folder, once downloaded.
    pub file_path: Option<String>,
    /// Size of the downloaded file.
    pub size_bytes: Option<u64>,
    /// Why the file could not be fetched (it is tried again next run).
    pub skip_reason: Option<String>,
}

/// Records one medium of `message_sid` (refreshing its type and URI when they changed).
pub(crate) fn record(conn: &Connection, message_sid: &str, item: &NewMedia<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO media (sid, message_sid, content_type, date_created, uri) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sid) DO UPDATE SET content_type = excluded.content_type, uri = excluded.uri
         WHERE media.content_type IS NOT excluded.content_type OR media.uri IS NOT excluded.uri",
    )?
    .execute(params![
        item.sid,
        message_sid,
        item.content_type,
        item.date_created,
        item.uri
    ])?;
    Ok(())
}

/// Media not downloaded yet, after `after_sid` (paging through them by SID).
pub(crate) fn to_download(
    conn: &Connection,
    after_sid: &str,
    limit: usize,
) -> Result<Vec<PendingMedia>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sid, message_sid, uri, content_type FROM media WHERE file_path IS NULL AND sid > ?1 ORDER BY sid LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after_sid, limit as i64], |r| {
            Ok(PendingMedia {
                sid: r.get(0)?,
                message_sid: r.get(1)?,
                uri: r.get(2)?,
                content_type: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many media files are not downloaded (pending or skipped).
pub(crate) fn count_missing(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM media WHERE file_path IS NULL",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// How many media files are downloaded.
pub(crate) fn count_downloaded(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM media WHERE file_path IS NOT NULL",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Records a downloaded file (path relative to the media folder).
pub(crate) fn record_download(
    conn: &Connection,
    sid: &str,
    relative_path: &str,
    size: u64,
    downloaded_at: i64,
) -> Result<()> {
    conn.execute(
        "UPDATE media SET file_path = ?2, size_bytes = ?3, downloaded_at = ?4, skip_reason = NULL WHERE sid = ?1",
        params![sid, relative_path, size as i64, downloaded_at],
    )?;
    Ok(())
}

/// Records why a file could not be downloaded.
pub(crate) fn record_skip(conn: &Connection, sid: &str, reason: &str) -> Result<()> {
    conn.execute(
        "UPDATE media SET skip_reason = ?2 WHERE sid = ?1",
        params![sid, reason],
    )?;
    Ok(())
}

const ITEM_COLUMNS: &str = "sid, message_sid, content_type, file_path, size_bytes, skip_reason";

fn item(r: &rusqlite::Row<'_>) -> rusqlite::Result<MediaItem> {
    Ok(MediaItem {
        sid: r.get(0)?,
        message_sid: r.get(1)?,
        content_type: r.get(2)?,
        file_path: r.get(3)?,
        size_bytes: r.get::<_, Option<i64>>(4)?.map(|s| s as u64),
        skip_reason: r.get(5)?,
    })
}

/// One medium by SID.
pub fn by_sid(store: &Store, sid: &str) -> Result<Option<MediaItem>> {
    Ok(store
        .conn()
        .query_row(
            &format!("SELECT {ITEM_COLUMNS} FROM media WHERE sid = ?1"),
            [sid],
            item,
        )
        .optional()?)
}

/// Every medium of the archive, by SID.
pub fn all(store: &Store) -> Result<Vec<MediaItem>> {
    let mut stmt = store
        .conn()
        .prepare(&format!("SELECT {ITEM_COLUMNS} FROM media ORDER BY sid"))?;
    let rows = stmt
        .query_map([], item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The media of one message, by SID.
pub(crate) fn of_message(conn: &Connection, message_sid: &str) -> Result<Vec<MediaItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM media WHERE message_sid = ?1 ORDER BY sid"
    ))?;
    let rows = stmt
        .query_map([message_sid], item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The media of a conversation's messages.
pub(crate) fn of_conversation(conn: &Connection, conversation: i64) -> Result<Vec<MediaItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM media WHERE message_sid IN
             (SELECT sid FROM messages WHERE conversation_id = ?1) ORDER BY sid"
    ))?;
    let rows = stmt
        .query_map([conversation], item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every medium of the messages `sender` (`whatsapp:+…`) sent or received, by SID: what the
/// "Move my number" completeness check verifies on disk.
pub(crate) fn of_sender(store: &Store, sender: &str) -> Result<Vec<MediaItem>> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {ITEM_COLUMNS} FROM media WHERE message_sid IN
             (SELECT sid FROM messages WHERE from_address = ?1 OR to_address = ?1)
         ORDER BY sid"
    ))?;
    let rows = stmt
        .query_map([sender], item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many messages of `sender` announce media whose list was never fetched.
pub(crate) fn unlisted_of_sender(store: &Store, sender: &str) -> Result<u64> {
    Ok(store.conn().query_row(
        "SELECT count(*) FROM messages WHERE num_media > 0 AND media_listed = 0
             AND (from_address = ?1 OR to_address = ?1)",
        [sender],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Forgets that a file was downloaded (it is missing or incomplete on disk), so the next sync
/// fetches it again.
pub(crate) fn forget_download(store: &Store, sid: &str) -> Result<()> {
    store.conn().execute(
        "UPDATE media SET file_path = NULL, size_bytes = NULL, downloaded_at = NULL WHERE sid = ?1",
        [sid],
    )?;
    Ok(())
}

/// Files of one content type, downloaded or not, and the downloaded ones' total size: what the
/// media space estimate starts from (a handful of rows, one per type and state).
pub(crate) struct SizeRow {
    pub content_type: Option<String>,
    pub downloaded: bool,
    pub count: u64,
    pub bytes: u64,
}

/// Counts and sizes per content type and state.
pub(crate) fn size_rows(conn: &Connection) -> Result<Vec<SizeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT content_type, file_path IS NOT NULL, count(*), coalesce(sum(size_bytes), 0)
         FROM media GROUP BY 1, 2",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(SizeRow {
                content_type: r.get(0)?,
                downloaded: r.get(1)?,
                count: r.get::<_, i64>(2)? as u64,
                bytes: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A downloaded file: its SID and path relative to the media folder.
pub(crate) struct DownloadedFile {
    pub sid: String,
    pub relative_path: String,
}

/// Every downloaded file, by SID (what moving the media folder copies).
pub(crate) fn downloaded_files(store: &Store) -> Result<Vec<DownloadedFile>> {
    let mut stmt = store.conn().prepare(
        "SELECT sid, file_path FROM media
         WHERE file_path IS NOT NULL ORDER BY sid",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(DownloadedFile {
                sid: r.get(0)?,
                relative_path: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
