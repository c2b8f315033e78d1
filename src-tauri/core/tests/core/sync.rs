//! Full, repeated, incremental and interrupted syncs against the simulator.

use crate::support::*;
use passerelle_core::store::{conversations, messages};
use passerelle_core::sync::{
    self, CancellationToken, MediaMode, Progress, RunKind, SyncMode, SyncOptions,
};
use passerelle_core::{archive, inbox, Store};
use std::sync::atomic::{AtomicU64, Ordering};

/// Invariants that must hold after any sync: summaries, index and messages agree.
pub fn assert_consistent(store: &Store) {
    let index = messages::check_search_index(store).expect("FTS index intact");
    assert_eq!(index.indexed, index.messages, "one index row per message");
    let summaries = conversations::check_summaries(store).unwrap();
    assert_eq!(summaries.counted, summaries.messages, "summary counts");
    assert_eq!(summaries.wrong_last_message, 0, "summary last message date");
    assert_eq!(summaries.wrong_last_inbound, 0, "summary last inbound date");
}

#[test]
fn a_full_sync_archives_exactly_the_simulators_history_and_a_resync_changes_nothing() {
    let sim = sim_with(2_000, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);

    let pages = AtomicU64::new(0);
    let last = std::sync::Mutex::new(None::<Progress>);
    let progress = |p: &Progress| {
        pages.store(p.pages, Ordering::Relaxed);
        *last.lock().unwrap() = Some(p.clone());
    };
    let first = rt
        .block_on(sync::sync_history(
            &archive.path,
            &client,
            &options(MediaMode::Skip),
            &progress,
            &CancellationToken::new(),
        ))
        .unwrap();
    assert_eq!(first.kind, RunKind::Full);
    assert_eq!(first.messages_new, info.messages, "{first:?}");
    assert!(
        first.shards_done > 2,
        "the history is split into shards: {first:?}"
    );
    assert!(pages.load(Ordering::Relaxed) >= first.shards_done);
    let last = last.lock().unwrap().clone().unwrap();
    assert_eq!(last.phase, sync::Phase::Done);
    assert_eq!(last.messages_new, info.messages);
    assert_archive_equals_sim(&info, &archive.path);
    assert_consistent(&archive.store());

    let again = sync_now(
        &rt,
        &archive,
        &client,
        &SyncOptions {
            mode: SyncMode::Full,
            ..options(MediaMode::Skip)
        },
    );
    assert_eq!(
        (again.messages_new, again.messages_updated),
        (0, 0),
        "{again:?}"
    );
    assert!(again.messages_fetched >= info.messages);
    let incremental = sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    assert_eq!(incremental.kind, RunKind::Incremental);
    assert_eq!(
        (incremental.messages_new, incremental.messages_updated),
        (0, 0),
        "{incremental:?}"
    );
    assert!(
        incremental.messages_fetched < info.messages / 4,
        "an incremental pass re-reads only a recent window: {incremental:?}"
    );
    assert_archive_equals_sim(&info, &archive.path);

    // What the archive shows without network.
    let store = archive.store();
    let status = archive::status(&store).unwrap();
    assert_eq!(status.messages, info.messages);
    assert_eq!(
        status.senders.iter().map(|s| s.messages).sum::<u64>(),
        info.messages
    );
    assert_eq!(
        status
            .months
            .iter()
            .map(|m| m.inbound + m.outbound)
            .sum::<u64>(),
        info.messages
    );
    assert_eq!(
        status.last_sync.as_ref().unwrap().outcome.as_deref(),
        Some("done")
    );
    assert!(status.checkpoints.iter().all(|c| c.state == "done"));
    let json = serde_json::to_value(&status).unwrap();
    for key in [
        "messages",
        "conversations",
        "media_files",
        "senders",
        "last_sync",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let conversations = inbox::conversations(&store, 10_000).unwrap();
    assert_eq!(conversations.len() as u64, status.conversations);
    assert!(
        conversations
            .windows(2)
            .all(|w| w[0].last_message_at >= w[1].last_message_at),
        "most recent first"
    );
    assert!(
        conversations.iter().all(|c| c.unread_count == 0),
        "history from the backfill is not unread"
    );

    // Search finds a word of a real body, accents and case ignored.
    let mut body = None;
    messages::for_each(&store, |m| {
        if body.is_none() && m.body.chars().count() > 20 {
            body = Some(m.body);
        }
    })
    .unwrap();
    let body = body.unwrap();
    let word = body
        .split_whitespace()
        .find(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .unwrap()
        .to_owned();
    let hits = archive::search(&store, &word.to_uppercase(), 50).unwrap();
    assert!(!hits.is_empty(), "searching {word:?}");
    assert!(hits
        .iter()
        .all(|h| h.body.to_lowercase().contains(&word.to_lowercase()) || !h.snippet.is_empty()));
    let hit = serde_json::to_value(&hits[0]).unwrap();
    for key in ["sid", "conversation", "date_sent", "body"] {
        assert!(hit.get(key).is_some(), "{key}");
    }
}

#[test]
fn an_incremental_sync_picks_up_new_messages_and_status_changes() {
    let sim = sim_with(1_000, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    sync_now(&rt, &archive, &client, &options(MediaMode::Skip));

    let sender = info.senders[0].clone();
    let customer = "whatsapp:+33699887766";
    sim_control(
        &info,
        "/__sim/inbound",
        &[
            ("From", customer),
            ("To", &sender),
            ("Body", "Bonjour, ma commande zèbre est arrivée ?"),
            ("ProfileName", "Zoé Martin"),
        ],
    );
    // Our reply, sent through the API: queued, then sent, delivered, read on the sim clock.
    let reply = rt.block_on(async {
        reqwest::Client::new()
            .post(format!(
                "{}/2010-04-01/Accounts/{}/Messages.json",
                info.url, info.account_sid
            ))
            .basic_auth(&info.account_sid, Some(&info.auth_token))
            .form(&[
                ("From", sender.as_str()),
                ("To", customer),
                ("Body", "Oui, livrée ce matin."),
            ])
            .send()
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    });
    let reply_sid = reply["sid"].as_str().unwrap().to_owned();
    sim_control(&info, "/__sim/clock", &[("advance_seconds", "2")]);

    let report = sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    assert_eq!(report.kind, RunKind::Incremental);
    assert_eq!(report.messages_new, 2, "{report:?}");
    let store = archive.store();
    let status_of =
        |store: &Store| -> String { messages::by_sid(store, &reply_sid).unwrap().unwrap().status };
    let before = status_of(&store);
    assert_ne!(before, "read");
    let conversation = inbox::conversations(&store, 5)
        .unwrap()
        .into_iter()
        .find(|c| c.customer == customer)
        .expect("new conversation");
    assert_eq!(
        conversation.unread_count, 1,
        "the new inbound message is unread"
    );
    // The latest by date, ties on the second broken by SID.
    let latest = messages::of_conversation(&store, conversation.id)
        .unwrap()
        .pop()
        .unwrap()
        .body;
    assert_eq!(
        conversation.last_message_body.as_deref(),
        Some(latest.as_str())
    );
    assert!(conversation.last_inbound_at.is_some());
    let hits = passerelle_core::archive::search(&store, "zebre arrivee", 5).unwrap();
    assert_eq!(
        hits.len(),
        1,
        "accent-insensitive search finds the new message"
    );

    sim_control(&info, "/__sim/clock", &[("advance_seconds", "120")]);
    let report = sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    assert_eq!(report.messages_new, 0, "{report:?}");
    assert!(report.messages_updated >= 1, "{report:?}");
    assert_eq!(status_of(&archive.store()), "read");
    assert_archive_equals_sim(&info, &archive.path);
    assert_consistent(&archive.store());
}

#[test]
fn a_sync_cancelled_at_many_moments_resumes_to_exactly_the_same_archive() {
    let sim = sim_with(4_000, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    let small_pages = SyncOptions {
        page_size: 50,
        shard_days: 90,
        workers: 4,
        ..options(MediaMode::Skip)
    };
    // Seeded stopping points (in committed pages since the start of each attempt).
    let mut seed = 0x5eed_u64;
    let mut cancelled_runs = 0;
    for _ in 0..10 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let stop_after = 1 + (seed >> 33) % 12;
        let cancel = CancellationToken::new();
        let progress = |p: &Progress| {
            if p.pages >= stop_after {
                cancel.cancel();
            }
        };
        let report = rt
            .block_on(sync::sync_history(
                &archive.path,
                &client,
                &small_pages,
                &progress,
                &cancel,
            ))
            .unwrap();
        if report.cancelled {
            cancelled_runs += 1;
        }
        // A first copy interrupted in its bulk phase says so; its search index and summaries
        // are built when it finishes. Any other state is consistent.
        let store = archive.store();
        if !archive::status(&store).unwrap().index_pending {
            assert_consistent(&store);
        }
    }
    assert!(
        cancelled_runs >= 5,
        "the runs must really be interrupted ({cancelled_runs})"
    );
    let done = sync_now(&rt, &archive, &client, &small_pages);
    assert!(!done.cancelled);
    assert_archive_equals_sim(&info, &archive.path);
    assert_consistent(&archive.store());
    let status = archive::status(&archive.store()).unwrap();
    assert_eq!(status.messages, info.messages);
    assert!(!status.index_pending, "the finished copy built its indexes");
}

#[test]
fn a_sender_added_later_gets_its_whole_history() {
    let sim = sim_with(1_500, |_| {});
    let info = sim.info().clone();
    assert!(info.senders.len() >= 2, "the main account has two senders");
    let rt = runtime();
    let archive = Archive::new();
    let client = main_client(&info);
    let check = rt
        .block_on(passerelle_core::connect::check(&client))
        .unwrap();
    let owner = passerelle_core::connect::Owner {
        name: "Camille".into(),
        email: None,
    };
    let mut store = archive.store();
    passerelle_core::connect::save(
        &mut store,
        &check,
        &info.senders[..1],
        &owner,
        client.credentials(),
        client.endpoints(),
    )
    .unwrap();
    let first = sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    assert!(
        first.messages_new > 0 && first.messages_new < info.messages,
        "{first:?}"
    );
    passerelle_core::connect::save(
        &mut store,
        &check,
        &[],
        &owner,
        client.credentials(),
        client.endpoints(),
    )
    .unwrap();
    let second = sync_now(&rt, &archive, &client, &options(MediaMode::Skip));
    assert_eq!(second.kind, RunKind::Full, "the new sender is backfilled");
    assert_eq!(
        first.messages_new + second.messages_new,
        info.messages,
        "{second:?}"
    );
    assert_archive_equals_sim(&info, &archive.path);
    assert_consistent(&archive.store());
}

#[test]
fn a_second_sync_of_an_archive_being_synced_is_refused_and_the_first_loses_nothing() {
    // The window's background sync and `passerelle sync` in a terminal, on one archive.
    let sim = sim_with(3_000, |c| c.latency_ms = 10);
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    let small_pages = SyncOptions {
        page_size: 50,
        workers: 2,
        ..options(MediaMode::Skip)
    };
    let first_page_in = std::sync::atomic::AtomicBool::new(false);
    let never = CancellationToken::new();
    let note_first_page = |p: &Progress| {
        if p.pages >= 1 {
            first_page_in.store(true, Ordering::SeqCst);
        }
    };
    let quiet = |_: &Progress| {};
    let (first, second) = rt.block_on(async {
        let first = sync::sync_history(
            &archive.path,
            &client,
            &small_pages,
            &note_first_page,
            &never,
        );
        let second = async {
            while !first_page_in.load(Ordering::SeqCst) {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            sync::sync_history(&archive.path, &client, &small_pages, &quiet, &never).await
        };
        tokio::join!(first, second)
    });
    let refused = second.expect_err("a second sync while the first runs");
    assert_eq!(refused.code(), passerelle_core::Code::SyncRunning);
    assert!(
        refused
            .message(passerelle_core::Lang::En)
            .contains("already being copied"),
        "{}",
        refused.message(passerelle_core::Lang::En)
    );
    let report = first.expect("the first sync goes on");
    assert!(!report.cancelled);
    assert_archive_equals_sim(&info, &archive.path);
    assert_consistent(&archive.store());
    // Once it has ended, the next sync runs.
    sync_now(&rt, &archive, &client, &small_pages);
}
