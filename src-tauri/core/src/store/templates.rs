//! The `templates` table: the account's content templates with their WhatsApp approval, as last
//! read from Twilio, and which template replaced which (ours: kept across refreshes).

use super::Store;
use crate::error::Result;
use crate::templates::ApprovalState;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A template as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTemplate {
    /// HX…
    pub sid: String,
    /// AC…
    pub account_sid: String,
    /// WhatsApp name (the friendly name before submission).
    pub name: String,
    /// Language code.
    pub language: String,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`, a legacy value, or empty before submission.
    pub category: String,
    /// Text with its `{{1}}`… variables.
    pub body: String,
    /// Sample values by variable.
    pub samples: BTreeMap<String, String>,
    /// Approval state (unknown ones as they came).
    pub state: ApprovalState,
    /// Meta's reason, empty unless rejected.
    pub rejection_reason: String,
    /// Unix seconds.
    pub date_created: Option<i64>,
    /// Unix seconds: the last change at Twilio.
    pub date_updated: Option<i64>,
    /// HX of the copy submitted in its place.
    pub replaced_by: Option<String>,
}

const COLUMNS: &str = "sid, account_sid, name, language, category, body, samples, state,
    rejection_reason, date_created, date_updated, replaced_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredTemplate> {
    let samples: String = r.get(6)?;
    Ok(StoredTemplate {
        sid: r.get(0)?,
        account_sid: r.get(1)?,
        name: r.get(2)?,
        language: r.get(3)?,
        category: r.get(4)?,
        body: r.get(5)?,
        samples: serde_json::from_str(&samples).unwrap_or_default(),
        state: ApprovalState::from(r.get::<_, String>(7)?),
        rejection_reason: r.get(8)?,
        date_created: r.get(9)?,
        date_updated: r.get(10)?,
        replaced_by: r.get(11)?,
    })
}

/// Records a template, or refreshes what Twilio says of it (its `replaced_by` is kept).
pub(crate) fn save(conn: &Connection, t: &StoredTemplate, now: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO templates (sid, account_sid, name, language, category, body, samples, state,
             rejection_reason, date_created, date_updated, replaced_by, refreshed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (sid) DO UPDATE SET account_sid = excluded.account_sid, name = excluded.name,
             language = excluded.language, category = excluded.category, body = excluded.body,
             samples = excluded.samples, state = excluded.state,
             rejection_reason = excluded.rejection_reason, date_created = excluded.date_created,
             date_updated = excluded.date_updated,
             replaced_by = coalesce(templates.replaced_by, excluded.replaced_by),
             refreshed_at = excluded.refreshed_at",
        params![
            t.sid,
            t.account_sid,
            t.name,
            t.language,
            t.category,
            t.body,
            serde_json::to_string(&t.samples).unwrap_or_else(|_| "{}".into()),
            t.state.as_str(),
            t.rejection_reason,
            t.date_created,
            t.date_updated,
            t.replaced_by,
            now
        ],
    )?;
    Ok(())
}

/// Replaces an account's templates by the list Twilio gave, in one transaction: those gone at
/// Twilio are removed, the others refreshed.
pub fn replace_all(
    store: &mut Store,
    account_sid: &str,
    list: &[StoredTemplate],
    now: i64,
) -> Result<()> {
    let tx = store.conn_mut().transaction()?;
    for t in list {
        save(&tx, t, now)?;
    }
    tx.execute(
        "DELETE FROM templates WHERE account_sid = ?1 AND refreshed_at <> ?2",
        params![account_sid, now],
    )?;
    tx.commit()?;
    Ok(())
}

/// Records one template (just created or submitted).
pub fn put(store: &Store, t: &StoredTemplate, now: i64) -> Result<()> {
    save(store.conn(), t, now)
}

/// Marks `old` as replaced by `new`.
pub fn mark_replaced(store: &Store, old: &str, new: &str) -> Result<()> {
    store.conn().execute(
        "UPDATE templates SET replaced_by = ?2 WHERE sid = ?1",
        params![old, new],
    )?;
    Ok(())
}

/// Forgets a template deleted at Twilio.
pub fn remove(store: &Store, sid: &str) -> Result<()> {
    store
        .conn()
        .execute("DELETE FROM templates WHERE sid = ?1", [sid])?;
    Ok(())
}

/// One template.
pub fn get(store: &Store, sid: &str) -> Result<Option<StoredTemplate>> {
    let sql = format!("SELECT {COLUMNS} FROM templates WHERE sid = ?1");
    Ok(store.conn().query_row(&sql, [sid], from_row).optional()?)
}

/// Every template of the account, by name then language.
pub fn all(store: &Store, account_sid: &str) -> Result<Vec<StoredTemplate>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM templates WHERE account_sid = ?1 ORDER BY name, language, sid"
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt
        .query_map([account_sid], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// When the account's templates were last read from Twilio (unix seconds), if ever: what the
/// Templates screen shows "as of" when Twilio cannot be reached.
pub fn last_refreshed(store: &Store, account_sid: &str) -> Result<Option<i64>> {
    Ok(store.conn().query_row(
        "SELECT MAX(refreshed_at) FROM templates WHERE account_sid = ?1",
        [account_sid],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(sid: &str, state: &str) -> StoredTemplate {
        StoredTemplate {
            sid: sid.into(),
            account_sid: "AC1".into(),
            name: format!("name_{sid}"),
            language: "fr".into(),
            category: "UTILITY".into(),
            body: "Bonjour {{1}} !".into(),
            samples: [("1".to_string(), "Marie".to_string())].into(),
            state: ApprovalState::from(state),
            rejection_reason: String::new(),
            date_created: Some(1),
            date_updated: Some(2),
            replaced_by: None,
        }
    }

    #[test]
    fn a_refresh_keeps_replaced_by_and_drops_what_twilio_no_longer_has() {
        let mut store = Store::open_in_memory().unwrap();
        replace_all(
            &mut store,
            "AC1",
            &[template("HX1", "rejected"), template("HX2", "IN_APPEAL")],
            10,
        )
        .unwrap();
        mark_replaced(&store, "HX1", "HX3").unwrap();
        replace_all(
            &mut store,
            "AC1",
            &[template("HX1", "rejected"), template("HX3", "received")],
            20,
        )
        .unwrap();
        let got = all(&store, "AC1").unwrap();
        let sids: Vec<&str> = got.iter().map(|t| t.sid.as_str()).collect();
        assert_eq!(sids, ["HX1", "HX3"]);
        assert_eq!(got[0].replaced_by.as_deref(), Some("HX3"));
        assert_eq!(got[0].samples["1"], "Marie");
        assert_eq!(get(&store, "HX2").unwrap(), None);
        remove(&store, "HX3").unwrap();
        assert_eq!(all(&store, "AC1").unwrap().len(), 1);
        replace_all(&mut store, "AC1", &[template("HX9", "IN_APPEAL")], 30).unwrap();
        assert_eq!(
            get(&store, "HX9").unwrap().unwrap().state,
            ApprovalState::Other("IN_APPEAL".into())
        );
    }
}
