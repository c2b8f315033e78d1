//! The `sync_shards` and `sync_runs` tables: where each slice of the history stands, and the
//! record of each run. A shard's `next_page_uri` is committed in the same transaction as the
//! page it follows, so a killed run resumes exactly where it stopped.

use crate::error::Result;
use crate::rfc3339;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Which messages of a sender a shard lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ShardDirection {
    /// Sent to the sender (`To` = sender).
    Inbound,
    /// Sent by the sender (`From` = sender).
    Outbound,
}

impl ShardDirection {
    /// Both, in the order shards are created.
    pub(crate) const BOTH: [ShardDirection; 2] =
        [ShardDirection::Inbound, ShardDirection::Outbound];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ShardDirection::Inbound => "inbound",
            ShardDirection::Outbound => "outbound",
        }
    }
}

/// A slice of the whole history, or the window of an incremental pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShardKind {
    Backfill,
    Incremental,
}

impl ShardKind {
    fn as_str(self) -> &'static str {
        match self {
            ShardKind::Backfill => "backfill",
            ShardKind::Incremental => "incremental",
        }
    }
}

/// Whether a run is a (resumed) backfill or an incremental pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// The whole history (or what is missing of it).
    Full,
    /// Only what changed since the newest archived message.
    Incremental,
}

impl RunKind {
    /// `full` or `incremental`, as stored and serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Full => "full",
            RunKind::Incremental => "incremental",
        }
    }
}

impl std::fmt::Display for RunKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A shard to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NewShard {
    pub sender_id: i64,
    pub direction: ShardDirection,
    pub kind: ShardKind,
    /// `None`: open towards the past.
    pub from: Option<i64>,
    /// `None`: open towards the future.
    pub to: Option<i64>,
}

/// An unfinished shard, as a fetcher needs it.
#[derive(Clone, Debug)]
pub(crate) struct ShardTask {
    pub id: i64,
    pub sender: String,
    pub inbound: bool,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub next_page_uri: Option<String>,
    /// New inbound messages of an incremental shard count as unread; a backfill's do not.
    pub incremental: bool,
}

/// How far a sender's backfill went: shards created, and those not done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BackfillCounts {
    pub shards: u64,
    pub unfinished: u64,
}

/// Forgets every shard (a `--full` run walks the whole history again).
pub(crate) fn clear_shards(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_shards", [])?;
    Ok(())
}

/// The backfill shards of a sender.
pub(crate) fn backfill_counts(conn: &Connection, sender_id: i64) -> Result<BackfillCounts> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(state <> 'done'), 0) FROM sync_shards WHERE sender_id = ?1 AND kind = 'backfill'",
        [sender_id],
        |r| {
            Ok(BackfillCounts {
                shards: r.get::<_, i64>(0)? as u64,
                unfinished: r.get::<_, i64>(1)? as u64,
            })
        },
    )?)
}

/// Whether an incremental pass of a sender in one direction was interrupted.
pub(crate) fn incremental_unfinished(
    conn: &Connection,
    sender_id: i64,
    direction: ShardDirection,
) -> Result<bool> {
    let unfinished: i64 = conn.query_row(
        "SELECT count(*) FROM sync_shards WHERE sender_id = ?1 AND direction = ?2 AND kind = 'incremental' AND state <> 'done'",
        params![sender_id, direction.as_str()],
        |r| r.get(0),
    )?;
    Ok(unfinished > 0)
}

/// Forgets the finished incremental shards of a sender in one direction.
pub(crate) fn drop_incremental(
    conn: &Connection,
    sender_id: i64,
    direction: ShardDirection,
) -> Result<()> {
    conn.execute(
        "DELETE FROM sync_shards WHERE sender_id = ?1 AND direction = ?2 AND kind = 'incremental'",
        params![sender_id, direction.as_str()],
    )?;
    Ok(())
}

/// Creates a pending shard.
pub(crate) fn add_shard(conn: &Connection, shard: &NewShard, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_shards (sender_id, direction, kind, date_from, date_to, state, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
    )?
    .execute(params![
        shard.sender_id,
        shard.direction.as_str(),
        shard.kind.as_str(),
        shard.from,
        shard.to,
        now
    ])?;
    Ok(())
}

/// The shards not done of the selected senders, newest first: a user watching the first sync
/// sees recent conversations early.
pub(crate) fn unfinished(conn: &Connection) -> Result<Vec<ShardTask>> {
    let mut stmt = conn.prepare(
        "SELECT k.id, s.address, k.direction, k.date_from, k.date_to, k.next_page_uri, k.kind
         FROM sync_shards k JOIN senders s ON s.id = k.sender_id
         WHERE k.state <> 'done' AND s.selected = 1
         ORDER BY coalesce(k.date_to, 9223372036854775807) DESC, k.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ShardTask {
                id: r.get(0)?,
                sender: r.get(1)?,
                inbound: r.get::<_, String>(2)? == "inbound",
                from: r.get(3)?,
                to: r.get(4)?,
                next_page_uri: r.get(5)?,
                incremental: r.get::<_, String>(6)? == "incremental",
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Records a committed page of a shard: the link to the next page (`None`: the shard is done).
pub(crate) fn checkpoint(
    conn: &Connection,
    shard_id: i64,
    next_page_uri: Option<&str>,
    messages: u64,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sync_shards SET next_page_uri = ?2, pages = pages + 1, messages = messages + ?3,
                state = CASE WHEN ?2 IS NULL THEN 'done' ELSE 'running' END, updated_at = ?4
         WHERE id = ?1",
    )?
    .execute(params![shard_id, next_page_uri, messages as i64, now])?;
    Ok(())
}

/// Records the start of a run; returns its id.
pub(crate) fn start_run(conn: &Connection, kind: RunKind, now: i64) -> Result<i64> {
    conn.execute(
        "INSERT INTO sync_runs (kind, started_at) VALUES (?1, ?2)",
        params![kind.as_str(), now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// How a run ended and what it changed.
pub(crate) struct RunEnd<'a> {
    /// `done`, `cancelled` or `failed`.
    pub outcome: &'a str,
    pub new: u64,
    pub updated: u64,
    pub error_code: Option<&'a str>,
}

/// Closes a run's record.
pub(crate) fn finish_run(conn: &Connection, run_id: i64, end: &RunEnd<'_>, now: i64) -> Result<()> {
    conn.execute(
        "UPDATE sync_runs SET finished_at = ?2, outcome = ?3, messages_new = ?4, messages_updated = ?5, error_code = ?6 WHERE id = ?1",
        params![run_id, now, end.outcome, end.new as i64, end.updated as i64, end.error_code],
    )?;
    Ok(())
}

/// The latest sync run.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct LastSync {
    /// `full` or `incremental`.
    pub kind: String,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339, when finished.
    pub finished_at: Option<String>,
    /// `done`, `cancelled`, `failed`, or null while running / after a crash.
    pub outcome: Option<String>,
    /// New messages.
    pub messages_new: u64,
    /// Changed messages.
    pub messages_updated: u64,
}

/// When the last run that ended well (`done`) started.
pub(crate) fn last_done_start(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT max(started_at) FROM sync_runs WHERE outcome = 'done'",
        [],
        |r| r.get(0),
    )?)
}

/// The latest run, if any.
pub(crate) fn last_run(conn: &Connection) -> Result<Option<LastSync>> {
    Ok(conn
        .query_row(
            "SELECT kind, started_at, finished_at, outcome, messages_new, messages_updated
             FROM sync_runs ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(LastSync {
                    kind: r.get(0)?,
                    started_at: rfc3339(r.get(1)?),
                    finished_at: r.get::<_, Option<i64>>(2)?.map(rfc3339),
                    outcome: r.get(3)?,
                    messages_new: r.get::<_, i64>(4)? as u64,
                    messages_updated: r.get::<_, i64>(5)? as u64,
                })
            },
        )
        .optional()?)
}

/// Where a shard of the history stands.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Checkpoint {
    /// `whatsapp:+…`
    pub sender: String,
    /// `inbound` or `outbound`.
    pub direction: String,
    /// `backfill` or `incremental`.
    pub kind: String,
    /// RFC 3339 lower bound, null when open.
    pub date_from: Option<String>,
    /// RFC 3339 upper bound, null when open.
    pub date_to: Option<String>,
    /// `pending`, `running` or `done`.
    pub state: String,
    /// Pages committed.
    pub pages: u64,
    /// Messages seen.
    pub messages: u64,
}

/// Every shard, by sender, direction, kind and date.
pub(crate) fn checkpoints(conn: &Connection) -> Result<Vec<Checkpoint>> {
    let mut stmt = conn.prepare(
        "SELECT s.address, k.direction, k.kind, k.date_from, k.date_to, k.state, k.pages, k.messages
         FROM sync_shards k JOIN senders s ON s.id = k.sender_id
         ORDER BY s.address, k.direction, k.kind, k.date_from",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Checkpoint {
                sender: r.get(0)?,
                direction: r.get(1)?,
                kind: r.get(2)?,
                date_from: r.get::<_, Option<i64>>(3)?.map(rfc3339),
                date_to: r.get::<_, Option<i64>>(4)?.map(rfc3339),
                state: r.get(5)?,
                pages: r.get::<_, i64>(6)? as u64,
                messages: r.get::<_, i64>(7)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
