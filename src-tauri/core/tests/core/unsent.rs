//! Messages without a send date (queued, canceled before sending) are left out of Twilio's
//! date-filtered lists, so the date shards never see them: the sync archives them anyway, and
//! updates them when they move on.

use crate::support::*;
use passerelle_core::store::messages;
use passerelle_core::sync::MediaMode;
use serde_json::Value;

/// Sends a message through the simulator's API and cancels it while it is still queued: it
/// never gets a send date.
fn send_and_cancel(info: &twilio_sim::Info, from: &str, to: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let base = format!("{}/2010-04-01/Accounts/{}", info.url, info.account_sid);
        let sent: Value = http
            .post(format!("{base}/Messages.json"))
            .basic_auth(&info.account_sid, Some(&info.auth_token))
            .form(&[("From", from), ("To", to), ("Body", "Rendez-vous annulé")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let sid = sent["sid"].as_str().expect("a message SID").to_owned();
        let canceled: Value = http
            .post(format!("{base}/Messages/{sid}.json"))
            .basic_auth(&info.account_sid, Some(&info.auth_token))
            .form(&[("Status", "canceled")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(canceled["status"], "canceled", "{canceled}");
        assert!(canceled["date_sent"].is_null(), "{canceled}");
        sid
    })
}

#[test]
fn a_message_without_a_send_date_is_archived_and_updated_when_it_moves_on() {
    let sim = sim_with(300, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));

    let sid = send_and_cancel(&info, &info.senders[0], "whatsapp:+33611223344");
    let report = sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    assert_eq!(report.messages_new, 1, "{report:?}");
    let stored = messages::by_sid(&archive.store(), &sid)
        .unwrap()
        .expect("the unsent message is archived");
    assert_eq!(stored.status, "canceled");
    assert_archive_equals_sim(&info, &archive.path);

    // As an earlier run would have stored it while it was queued: the next run, whatever
    // its date window, sees that it moved on.
    let conn = rusqlite::Connection::open(&archive.path).unwrap();
    passerelle_core::store::register_functions(&conn).expect("the archive's SQL functions");
    conn.execute(
        "UPDATE messages SET status = 'queued', date_created = date_created - 30 * 86400 WHERE sid = ?1",
        [&sid],
    )
    .unwrap();
    drop(conn);
    let report = sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    assert_eq!(report.messages_updated, 1, "{report:?}");
    let stored = messages::by_sid(&archive.store(), &sid).unwrap().unwrap();
    assert_eq!(stored.status, "canceled", "updated once it moved on");
}
