//! Every refusal ends with a non-zero exit and exactly one plain line on stderr — the same
//! words the core shows everywhere — and writes nothing on stdout.

use std::process::Command;

use passerelle_core::{Error, Lang};

use crate::support::{archive, as_main, ok, passerelle, run, sim, with_token};

/// One refusal: the command to run and the line the user must read.
struct Case {
    name: &'static str,
    command: Command,
    args: &'static [&'static str],
    want: String,
}

fn assert_refused(case: Case) {
    let Case {
        name,
        command,
        args,
        want,
    } = case;
    let out = run(command, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "{name}: must fail, got {:?}",
        out.status
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "{name}: one line on stderr, got {stderr:?}"
    );
    assert_eq!(
        stderr.trim_end(),
        format!("passerelle: {want}"),
        "{name}: the exact message"
    );
    assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
}

fn flat(text: String) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn connect_refusals_give_one_plain_line_and_a_failure_status() {
    let sim = sim(200);
    let i = sim.info();
    let a = archive();
    let en = |e: Error| flat(e.message(Lang::En));
    let cases = vec![
        Case {
            name: "wrong auth token (20003)",
            command: with_token(&a.db, &i.url, &i.account_sid, "0123456789abcdef0123456789abcdef"),
            args: &["connect"],
            want: en(Error::BadCredentials),
        },
        Case {
            name: "trial account",
            command: with_token(&a.db, &i.url, &i.trial_account_sid, &i.trial_auth_token),
            args: &["connect"],
            want: en(Error::TrialAccount),
        },
        Case {
            name: "suspended account",
            command: with_token(&a.db, &i.url, &i.suspended_account_sid, &i.suspended_auth_token),
            args: &["connect"],
            want: en(Error::AccountSuspended),
        },
        Case {
            name: "no WhatsApp sender",
            command: with_token(&a.db, &i.url, &i.no_sender_account_sid, &i.no_sender_auth_token),
            args: &["connect"],
            want: en(Error::NoWhatsappSender),
        },
        Case {
            name: "no credentials at all",
            command: passerelle(&a.db, &i.url),
            args: &["connect"],
            want: "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET), or connect the account first with `passerelle connect --remember`.".into(),
        },
        Case {
            name: "account SID without its token",
            command: {
                let mut c = passerelle(&a.db, &i.url);
                c.env("TWILIO_ACCOUNT_SID", &i.account_sid);
                c
            },
            args: &["connect"],
            want: "incomplete Twilio credentials: TWILIO_AUTH_TOKEN (--auth-token) is missing.".into(),
        },
        Case {
            name: "sync before connect",
            command: as_main(&a.db, i),
            args: &["sync"],
            want: en(Error::NotConnected),
        },
    ];
    for case in cases {
        assert_refused(case);
    }
}

#[test]
fn a_sender_not_online_is_refused_with_its_status() {
    let sim = sim(200);
    let i = sim.info();
    let a = archive();
    let out = run(
        with_token(
            &a.db,
            &i.url,
            &i.offline_sender_account_sid,
            &i.offline_sender_auth_token,
        ),
        &["connect"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a sender that is not ONLINE is refused"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("passerelle: "), "prefixed: {stderr:?}");
}

#[test]
fn french_is_used_when_asked() {
    let sim = sim(200);
    let i = sim.info();
    let a = archive();
    let mut command = with_token(&a.db, &i.url, &i.trial_account_sid, &i.trial_auth_token);
    command.env("LANG", "fr_FR.UTF-8");
    assert_refused(Case {
        name: "trial account, French from LANG",
        command,
        args: &["connect"],
        want: flat(Error::TrialAccount.message(Lang::Fr)),
    });
    assert_refused(Case {
        name: "trial account, --lang fr",
        command: with_token(&a.db, &i.url, &i.trial_account_sid, &i.trial_auth_token),
        args: &["--lang", "fr", "connect"],
        want: flat(Error::TrialAccount.message(Lang::Fr)),
    });
}

#[test]
fn an_unreachable_twilio_is_a_network_failure_not_a_crash() {
    let a = archive();
    // A port nobody listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = run(
        with_token(
            &a.db,
            &url,
            "AC00000000000000000000000000000000",
            "tok-unreachable-1234",
        ),
        &["connect"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
}

#[test]
fn a_bad_language_is_a_usage_error() {
    let a = archive();
    let out = run(
        passerelle(&a.db, "http://127.0.0.1:9"),
        &["--lang", "de", "status"],
    );
    assert_eq!(out.status.code(), Some(2), "usage errors exit with 2");
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}

#[test]
fn connect_then_status_succeeds_with_exit_zero() {
    let sim = sim(200);
    let i = sim.info();
    let a = archive();
    let out = ok(as_main(&a.db, i), &["connect"]);
    for sender in &i.senders {
        assert!(
            out.contains(sender.trim_start_matches("whatsapp:")),
            "{sender} listed in {out}"
        );
    }
    ok(as_main(&a.db, i), &["status"]);
}

#[test]
fn an_api_key_connects_and_syncs_like_the_auth_token() {
    let sim = sim(500);
    let i = sim.info();
    let a = archive();
    let with_key = || {
        let mut c = passerelle(&a.db, &i.url);
        c.env("TWILIO_ACCOUNT_SID", &i.account_sid)
            .env("TWILIO_API_KEY", &i.api_key_sid)
            .env("TWILIO_API_SECRET", &i.api_key_secret);
        c
    };
    ok(with_key(), &["connect"]);
    let out = run(with_key(), &["sync", "--media", "skip"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(
            !text.contains(i.api_key_secret.as_str()),
            "the API secret is never printed"
        );
    }
}

#[test]
fn a_standard_api_key_is_told_it_lacks_a_permission_not_that_it_is_wrong() {
    let sim = sim(200);
    let i = sim.info();
    let a = archive();
    let with_key = |key: &str, secret: &str| {
        let mut c = passerelle(&a.db, &i.url);
        c.env("TWILIO_ACCOUNT_SID", &i.account_sid)
            .env("TWILIO_API_KEY", key)
            .env("TWILIO_API_SECRET", secret);
        c
    };
    assert_refused(Case {
        name: "a Standard API key",
        command: with_key(&i.standard_api_key_sid, &i.standard_api_key_secret),
        args: &["connect"],
        want: flat(Error::ApiKeyRestricted.message(Lang::En)),
    });
    assert_refused(Case {
        name: "a Standard API key, in French",
        command: with_key(&i.standard_api_key_sid, &i.standard_api_key_secret),
        args: &["--lang", "fr", "connect"],
        want: flat(Error::ApiKeyRestricted.message(Lang::Fr)),
    });
    // A wrong secret on the same key is still wrong credentials.
    assert_refused(Case {
        name: "a Standard API key with a wrong secret",
        command: with_key(&i.standard_api_key_sid, "0123456789abcdef0123456789abcdef"),
        args: &["connect"],
        want: flat(Error::BadCredentials.message(Lang::En)),
    });
}
