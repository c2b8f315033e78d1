//! Shared fixtures: a simulator, a connected archive, raw reads of the simulator.

use passerelle_core::connect::{self, Owner};
use passerelle_core::sync::{
    self, CancellationToken, MediaMode, Progress, SyncOptions, SyncReport,
};
use passerelle_core::twilio::{Client, Credentials, Endpoints, RetryPolicy};
use passerelle_core::{Secret, Store};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use twilio_sim::{Config, Info, Sim};

/// A multi-thread runtime for one test.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A simulator with `messages` messages and the given tweaks.
pub fn sim_with(messages: u64, tweak: impl FnOnce(&mut Config)) -> Sim {
    let mut config = Config {
        messages,
        contacts: (messages / 10).clamp(20, 2000) as u32,
        ..Config::default()
    };
    tweak(&mut config);
    Sim::start(config).expect("simulator starts")
}

/// A client for the main account with a fast retry policy (tests should not sleep long).
pub fn main_client(info: &Info) -> Client {
    let creds =
        Credentials::auth_token(&info.account_sid, Secret::new(info.auth_token.clone())).unwrap();
    Client::with_limits(
        Endpoints::single(&info.url).unwrap(),
        creds,
        fast_retries(),
        8,
        16,
    )
    .unwrap()
}

/// Retries quick enough for tests, numerous enough to ride out injected faults.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(400),
        ..RetryPolicy::default()
    }
}

/// An archive file in a fresh temporary folder.
pub struct Archive {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Archive {
    pub fn new() -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("passerelle.db");
        Archive { dir, path }
    }

    pub fn store(&self) -> Store {
        Store::open(&self.path).unwrap()
    }
}

/// Checks and saves the main account of `info` (all ONLINE senders) into `archive`.
pub fn connect_main(rt: &tokio::runtime::Runtime, info: &Info, archive: &Archive) -> Client {
    let client = main_client(info);
    let check = rt
        .block_on(connect::check(&client))
        .expect("main account connects");
    let mut store = archive.store();
    connect::save(
        &mut store,
        &check,
        &[],
        &Owner {
            name: "Camille Test".into(),
            email: None,
        },
        client.credentials(),
        client.endpoints(),
    )
    .unwrap();
    client
}

/// Options for tests: small shards so several run in parallel even on small histories.
pub fn options(media: MediaMode) -> SyncOptions {
    SyncOptions {
        media,
        shard_days: 60,
        workers: 8,
        ..SyncOptions::default()
    }
}

pub fn sync_now(
    rt: &tokio::runtime::Runtime,
    archive: &Archive,
    client: &Client,
    options: &SyncOptions,
) -> SyncReport {
    let progress = |_: &Progress| {};
    rt.block_on(sync::sync_history(
        &archive.path,
        client,
        options,
        &progress,
        &CancellationToken::new(),
    ))
    .expect("sync succeeds")
}

/// A message as compared between the simulator and the archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub direction: String,
    pub from: String,
    pub to: String,
    pub body: String,
    pub status: String,
    pub num_media: i64,
    pub error_code: Option<i64>,
    pub price: Option<String>,
}

/// Every message of the account as the simulator lists it, read with raw HTTP (not our client).
pub fn sim_messages(info: &Info) -> BTreeMap<String, Row> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let mut url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json?PageSize=1000",
            info.url, info.account_sid
        );
        let mut all = BTreeMap::new();
        loop {
            let page: Value = http
                .get(&url)
                .basic_auth(&info.account_sid, Some(&info.auth_token))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            for m in page["messages"].as_array().unwrap() {
                let s = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
                all.insert(
                    s("sid"),
                    Row {
                        direction: s("direction"),
                        from: s("from"),
                        to: s("to"),
                        body: s("body"),
                        status: s("status"),
                        num_media: s("num_media").parse().unwrap_or(0),
                        error_code: m["error_code"].as_i64(),
                        price: m["price"].as_str().map(str::to_owned),
                    },
                );
            }
            match page["next_page_uri"].as_str() {
                Some(next) => url = format!("{}{next}", info.url),
                None => return all,
            }
        }
    })
}

/// Every message in the archive, in the same shape.
pub fn archived_messages(path: &Path) -> BTreeMap<String, Row> {
    let store = Store::open(path).unwrap();
    let mut rows = BTreeMap::new();
    passerelle_core::store::messages::for_each(&store, |m| {
        let row = Row {
            direction: m.direction,
            from: m.from,
            to: m.to,
            body: m.body,
            status: m.status,
            num_media: m.num_media,
            error_code: m.error_code,
            price: m.price,
        };
        rows.insert(m.sid, row);
    })
    .unwrap();
    rows
}

/// Asserts the archive holds exactly the simulator's messages.
pub fn assert_archive_equals_sim(info: &Info, path: &Path) {
    let want = sim_messages(info);
    let got = archived_messages(path);
    let missing: Vec<_> = want
        .keys()
        .filter(|k| !got.contains_key(*k))
        .take(5)
        .collect();
    let extra: Vec<_> = got
        .keys()
        .filter(|k| !want.contains_key(*k))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?} ({} vs {})",
        want.len(),
        got.len()
    );
    for (sid, row) in &want {
        assert_eq!(&got[sid], row, "message {sid} differs");
    }
}

/// The simulator's request log.
pub fn sim_requests(info: &Info) -> Vec<Value> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::get(format!("{}/__sim/requests", info.url))
            .await
            .unwrap()
            .json::<Vec<Value>>()
            .await
            .unwrap()
    })
}

/// POSTs a form to a simulator control endpoint.
pub fn sim_control(info: &Info, path: &str, form: &[(&str, &str)]) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{}{path}", info.url))
            .form(form)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json::<Value>().await.unwrap_or(Value::Null)
    })
}

/// Variants of the test options.
pub trait SyncOptionsExt {
    /// Pages of 100 so that faults hit many requests.
    fn small(self) -> SyncOptions;
}

impl SyncOptionsExt for SyncOptions {
    fn small(self) -> SyncOptions {
        SyncOptions {
            page_size: 100,
            ..self
        }
    }
}

/// A simulator of `messages` messages and an archive connected to its main account.
pub struct Connected {
    /// Keeps the simulator running.
    pub _sim: Sim,
    pub info: Info,
    pub rt: tokio::runtime::Runtime,
    pub archive: Archive,
    pub client: Client,
}

/// A simulator with its main account connected to a fresh archive.
pub fn connected(messages: u64) -> Connected {
    let sim = sim_with(messages, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    Connected {
        _sim: sim,
        info,
        rt,
        archive,
        client,
    }
}
