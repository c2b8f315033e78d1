//! A Twilio that cannot be reached is reported, and the process ends, whatever phase it
//! happens in: the connection check, the messages, the media downloads. One unreachable budget
//! covers every request (about 15 s for Twilio, about 3 s for a closed port on this computer);
//! the times are printed, not asserted. A loopback address is never blamed on the Internet.

use std::process::Stdio;
use std::time::{Duration, Instant};

use twilio_sim::{Config, Sim};

use crate::support::{archive, as_main, ends_within, files_under, ok, run, wait_for, with_token};

/// Longer than any budget with its retries: a process still running after this hangs.
const HANG: Duration = Duration::from_secs(120);

/// A port nobody listens on: bind, note the port, close.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn assert_local_unreachable(stderr: &str, port: u16) {
    assert!(
        stderr.contains(&format!("Nothing answers at 127.0.0.1:{port}")),
        "names the local address: {stderr}"
    );
    assert!(
        !stderr.contains("Internet"),
        "a loopback address is not blamed on the Internet: {stderr}"
    );
}

#[test]
fn connect_to_a_closed_local_port_is_reported_without_blaming_the_internet() {
    let a = archive();
    let port = closed_port();
    let started = Instant::now();
    let out = run(
        with_token(
            &a.db,
            &format!("http://127.0.0.1:{port}"),
            "AC00000000000000000000000000000000",
            "tok-unreachable-1234",
        ),
        &["connect"],
    );
    eprintln!(
        "closed port reported by connect after {:.2} s",
        started.elapsed().as_secs_f64()
    );
    assert!(!out.status.success());
    assert_local_unreachable(&String::from_utf8_lossy(&out.stderr), port);
}

#[test]
fn sync_with_twilio_gone_is_reported_and_ends() {
    let sim = crate::support::sim(200);
    let info = sim.info().clone();
    let a = archive();
    ok(as_main(&a.db, &info), &["connect"]);
    let port: u16 = info.url.rsplit(':').next().unwrap().parse().unwrap();
    sim.shutdown();
    let started = Instant::now();
    let child = as_main(&a.db, &info)
        .args(["sync"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sync starts");
    let out = ends_within(child, HANG, "sync with Twilio gone");
    eprintln!(
        "Twilio gone: sync ended after {:.2} s",
        started.elapsed().as_secs_f64()
    );
    assert!(!out.status.success());
    assert_local_unreachable(&String::from_utf8_lossy(&out.stderr), port);
}

#[test]
fn twilio_going_away_during_media_downloads_is_reported_and_the_sync_ends() {
    // Latency keeps the media phase going long enough to pull the plug in the middle of it.
    let sim = Sim::start(Config {
        messages: 3_000,
        contacts: 300,
        years: 1,
        seed: 7,
        latency_ms: 40,
        ..Config::default()
    })
    .expect("the simulator starts");
    let info = sim.info().clone();
    let port: u16 = info.url.rsplit(':').next().unwrap().parse().unwrap();
    let a = archive();
    ok(as_main(&a.db, &info), &["connect"]);
    let media = a.dir.path().join("media");
    let child = as_main(&a.db, &info)
        .args(["sync"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sync starts");
    assert!(
        wait_for(HANG, || files_under(&media).len() >= 3),
        "media downloads started"
    );
    sim.shutdown();
    let gone = Instant::now();
    let out = ends_within(child, HANG, "sync whose Twilio went away during media");
    eprintln!(
        "Twilio gone during media downloads: reported after {:.2} s ({} files were in)",
        gone.elapsed().as_secs_f64(),
        files_under(&media).len()
    );
    assert!(!out.status.success(), "the sync fails");
    assert_local_unreachable(&String::from_utf8_lossy(&out.stderr), port);
    assert!(
        files_under(&media)
            .iter()
            .all(|(name, _)| !name.ends_with(".part")),
        "no half-written file left"
    );
}
