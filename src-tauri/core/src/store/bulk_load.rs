//! The `deferred_structures` table: a first backfill's bulk phase.
//!
//! Filling an empty archive, most of the writer's time went to what can be derived from the
//! messages afterwards: the secondary indexes of `messages`, the search index, the month
//! counts and the conversation summaries, each kept in step row by row. A first backfill
//! sets the indexes and insert triggers of `messages` aside (their definitions saved here),
//! writes the rows alone, then builds everything once, in one transaction, when the last
//! backfill shard is done. While a row is here, the derived data is still to be built: a
//! process killed at any moment — including during that final build, whose transaction then
//! rolls back — resumes in the bulk phase and builds it at the end of the next run.

use super::{conversation_summaries, insight_rows, message_search, month_counts};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};

/// Whether an archive is in its bulk phase (derived data not built yet).
pub(crate) fn pending(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM deferred_structures LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the archive holds no message yet (the only state a bulk phase starts from).
pub(crate) fn archive_empty(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM messages LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_none())
}

/// Sets aside every secondary index and insert trigger of `messages` (the unique SID index,
/// which the upserts need, stays). Run inside the transaction that plans the run.
pub(crate) fn begin(conn: &Connection) -> Result<usize> {
    let deferred: Vec<(String, String, String)> = conn
        .prepare(
            // Unique indexes are either automatic (no SQL) or named UNIQUE: both stay.
            "SELECT type, name, sql FROM sqlite_master
             WHERE tbl_name = 'messages' AND sql IS NOT NULL
               AND ((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%')
                 OR (type = 'trigger' AND sql LIKE '%AFTER INSERT ON messages%'))",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, sql) in &deferred {
        conn.execute(
            "INSERT OR IGNORE INTO deferred_structures (name, sql) VALUES (?1, ?2)",
            [name, sql],
        )?;
        let drop = if kind == "index" { "INDEX" } else { "TRIGGER" };
        conn.execute_batch(&format!(
            "DROP {drop} IF EXISTS \"{}\"",
            name.replace('"', "\"\"")
        ))?;
    }
    Ok(deferred.len())
}

/// Builds what the bulk phase deferred: the indexes and triggers again (first, so the
/// summaries below can use them), then every table an insert trigger of `messages` keeps (the
/// month counts and the spend per month), the search index and the conversation summaries.
/// A new insert trigger on `messages` needs its rebuild here too (the schema test below fails
/// until it has one). Run inside one transaction: all of it lands, or none.
pub(crate) fn finish(conn: &Connection) -> Result<()> {
    let deferred: Vec<String> = conn
        .prepare("SELECT sql FROM deferred_structures ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let step = |name: &str, run: &dyn Fn() -> Result<()>| -> Result<()> {
        let started = std::time::Instant::now();
        run()?;
        tracing::debug!(
            step = name,
            secs = started.elapsed().as_secs_f64(),
            "bulk phase build"
        );
        Ok(())
    };
    step("indexes and triggers", &|| {
        deferred
            .iter()
            .try_for_each(|sql| Ok(conn.execute_batch(sql)?))
    })?;
    step("search index", &|| message_search::rebuild(conn))?;
    step("month counts", &|| month_counts::rebuild(conn))?;
    step("spend", &|| insight_rows::rebuild_spend(conn))?;
    step("summaries", &|| conversation_summaries::rebuild(conn))?;
    conn.execute("DELETE FROM deferred_structures", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn schema(conn: &Connection) -> Vec<(String, String)> {
        conn.prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn every_insert_trigger_on_messages_has_its_rebuild_in_finish() {
        // `finish` rebuilds what these triggers keep; a new one needs a rebuild step there,
        // then its name here.
        const REBUILT: [&str; 2] = ["message_month_spend_added", "message_months_added"];
        let store = Store::open_in_memory().unwrap();
        let names: Vec<String> = store
            .conn()
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messages'
                   AND sql LIKE '%AFTER INSERT ON messages%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names, REBUILT);
    }

    #[test]
    fn the_bulk_phase_sets_aside_secondary_indexes_and_insert_triggers_and_restores_them_exactly() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let before = schema(conn);
        assert!(!pending(conn).unwrap());

        let set_aside = begin(conn).unwrap();
        assert!(set_aside >= 3, "indexes and the month trigger: {set_aside}");
        assert!(pending(conn).unwrap());
        let during = schema(conn);
        let names: Vec<&str> = during.iter().map(|(n, _)| n.as_str()).collect();
        assert!(!names.contains(&"messages_by_thread"));
        assert!(!names.contains(&"message_months_added"));
        // What the upserts and the other writers rely on stays.
        assert!(
            names.contains(&"message_search_changed"),
            "update triggers stay"
        );
        let unique: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_index_list('messages') WHERE \"unique\" = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(unique >= 1, "the unique SID index stays");

        finish(conn).unwrap();
        assert!(!pending(conn).unwrap());
        let mut after = schema(conn);
        let mut expected = before;
        after.sort();
        expected.sort();
        assert_eq!(after, expected, "the schema is exactly what it was");
    }
}
