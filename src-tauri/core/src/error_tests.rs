//! Tests of `error.rs`, kept beside it so the module stays short.
use super::*;

#[test]
fn codes_serialise_as_snake_case_names() {
    for code in [
        Code::BadCredentials,
        Code::NoWhatsappSender,
        Code::KeychainUnavailable,
        Code::DatabaseNewer,
    ] {
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
    }
}

#[test]
fn every_error_has_distinct_french_and_english_text() {
    let errors = [
        Error::BadCredentials,
        Error::TrialAccount,
        Error::AccountSuspended,
        Error::AccountClosed,
        Error::NoWhatsappSender,
        Error::SenderNotOnline {
            senders: vec![("whatsapp:+33612345678".into(), "OFFLINE".into())],
        },
        Error::KeychainUnavailable {
            detail: "no bus".into(),
        },
        Error::Network {
            detail: "reset".into(),
        },
        Error::RateLimited,
        Error::ApiKeyRestricted,
        Error::Unreachable {
            address: "127.0.0.1:9".into(),
            local: true,
            waited_secs: 3,
            detail: "refused".into(),
        },
        Error::Unreachable {
            address: "api.twilio.com:443".into(),
            local: false,
            waited_secs: 15,
            detail: "timeout".into(),
        },
        Error::DiskFull {
            what: "media".into(),
        },
        Error::NotEnoughSpace {
            folder: "/media".into(),
            needed: 1_200_000_000,
            free: 300_000_000,
            moving: false,
        },
        Error::Cancelled,
        Error::DatabaseNewer {
            found: 9,
            supported: 1,
        },
        Error::NotConnected,
        Error::ArchiveMissing {
            path: "/x.db".into(),
        },
        Error::NotAnArchive {
            path: "/x.db".into(),
            why: NotArchive::OtherTables(vec!["t".into()]),
        },
        Error::NotAnArchive {
            path: "/x.db".into(),
            why: NotArchive::NegativeVersion(-1),
        },
        Error::NotAnArchive {
            path: "/x.db".into(),
            why: NotArchive::MissingTables(vec!["t".into()]),
        },
        Error::NotAnArchive {
            path: "/x.db".into(),
            why: NotArchive::NotSqlite,
        },
        Error::ArchiveOutdated {
            path: "/x.db".into(),
            found: 1,
            supported: 2,
        },
        Error::ArchiveReadOnly {
            path: "/x.db".into(),
            upgrade: Some((1, 2)),
        },
        Error::ArchiveReadOnly {
            path: "/x.db".into(),
            upgrade: None,
        },
        Error::NotImplemented("x"),
    ];
    for e in errors {
        let (fr, en) = (e.message(Lang::Fr), e.message(Lang::En));
        assert!(
            !fr.is_empty() && !en.is_empty(),
            "{:?} needs both texts",
            e.code()
        );
        assert_ne!(fr, en, "{:?} must be translated", e.code());
    }
}

#[test]
fn severity_table() {
    use Severity::*;
    let twilio = |status| Error::Twilio {
        status,
        code: None,
        message: String::new(),
    };
    let io = || Error::io("x", std::io::Error::other("disk full"));
    let cases = [
        (
            Error::Network {
                detail: "reset".into(),
            },
            Transient,
        ),
        (Error::RateLimited, Transient),
        (twilio(500), Transient),
        (twilio(503), Transient),
        (twilio(404), Item),
        (twilio(400), Item),
        (Error::BadCredentials, Fatal),
        (Error::ApiKeyRestricted, Fatal),
        (
            Error::Unreachable {
                address: "127.0.0.1:9".into(),
                local: true,
                waited_secs: 3,
                detail: String::new(),
            },
            Fatal,
        ),
        (Error::DiskFull { what: "x".into() }, Fatal),
        (Error::AccountSuspended, Fatal),
        (
            Error::KeychainUnavailable {
                detail: "no bus".into(),
            },
            Fatal,
        ),
        (Error::Database(rusqlite::Error::InvalidQuery), Fatal),
        (io(), Fatal),
        (Error::Internal("bug".into()), Fatal),
        (Error::Cancelled, Fatal),
    ];
    for (error, want) in cases {
        assert_eq!(error.severity(), want, "{error:?}");
        assert_eq!(error.is_transient(), want == Transient, "{error:?}");
        assert_eq!(error.is_fatal(), want == Fatal, "{error:?}");
    }
}
