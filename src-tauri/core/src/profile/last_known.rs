//! The WhatsApp screen when Twilio cannot be reached: the senders' profiles as last read from
//! Twilio are kept in the archive (one JSON value per account in `settings`, replaced at each
//! successful read), and shown instead, with the time they were read. Only a network failure
//! falls back: a refused credential or a suspended account is said as it is.

use super::SenderProfile;
use crate::error::{Code, Error, ErrorBody, Result};
use crate::lang::Lang;
use crate::store::{settings, Store};
use serde::{Deserialize, Serialize};

/// The senders the screen shows, and whether they are the last known ones.
#[derive(Clone, Debug, Serialize)]
pub struct ProfilesView {
    /// The senders, live or as last read.
    pub senders: Vec<SenderProfile>,
    /// Set when Twilio could not be reached and the last known profiles are shown.
    pub offline: Option<Offline>,
}

/// Why and as of when the screen shows the last known profiles.
#[derive(Clone, Debug, Serialize)]
pub struct Offline {
    /// When they were read from Twilio (unix seconds).
    pub as_of: i64,
    /// Why Twilio could not be read (code `network`, the message in the user's language).
    pub reason: ErrorBody,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    at: i64,
    senders: Vec<SenderProfile>,
}

fn key(account_sid: &str) -> String {
    format!("last_known_profiles:{account_sid}")
}

/// Keeps `senders` as the account's last known profiles, read at `at`.
pub fn remember(
    store: &Store,
    account_sid: &str,
    senders: &[SenderProfile],
    at: i64,
) -> Result<()> {
    let json = serde_json::to_string(&Saved {
        at,
        senders: senders.to_vec(),
    })
    .map_err(|e| Error::Internal(format!("profiles not serialisable: {e}")))?;
    settings::set(store, &key(account_sid), &json)
}

/// The account's last known profiles and when they were read, if any were kept.
pub fn last_known(store: &Store, account_sid: &str) -> Result<Option<(i64, Vec<SenderProfile>)>> {
    let Some(json) = settings::get(store, &key(account_sid))? else {
        return Ok(None);
    };
    // A value written by an older Passerelle that no longer parses is as good as none.
    Ok(serde_json::from_str::<Saved>(&json)
        .ok()
        .map(|s| (s.at, s.senders)))
}

/// Whether `error` means Twilio could not be reached (the screen then falls back).
pub fn is_offline(error: &Error) -> bool {
    error.code() == Code::Network
}

/// What the screen shows after reading Twilio: the live profiles (kept as the last known
/// ones), or on a network failure the last known ones with the reason; any other failure, or
/// a network failure with nothing kept, is returned as it is.
pub fn live_or_last_known(
    store: &Store,
    account_sid: &str,
    read: Result<Vec<SenderProfile>>,
    now: i64,
    lang: Lang,
) -> Result<ProfilesView> {
    match read {
        Ok(senders) => {
            remember(store, account_sid, &senders, now)?;
            Ok(ProfilesView {
                senders,
                offline: None,
            })
        }
        Err(e) if is_offline(&e) => match last_known(store, account_sid)? {
            Some((as_of, senders)) => Ok(ProfilesView {
                senders,
                offline: Some(Offline {
                    as_of,
                    reason: e.to_body(lang),
                }),
            }),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileDraft;

    fn sender(about: &str) -> SenderProfile {
        SenderProfile {
            sid: "XE00000000000000000000000000000001".into(),
            address: "whatsapp:+33612345678".into(),
            status: "ONLINE".into(),
            offline_reasons: Vec::new(),
            quality_rating: Some("HIGH".into()),
            messaging_limit: None,
            profile: ProfileDraft {
                about: about.into(),
                ..ProfileDraft::default()
            },
            name_review: None,
        }
    }

    fn offline() -> Error {
        Error::Network {
            detail: "connection refused".into(),
        }
    }

    #[test]
    fn only_a_network_failure_falls_back_and_only_to_what_was_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        let account = "AC00000000000000000000000000000001";
        // (what Twilio answered, live profiles shown, offline as of, error code)
        type Case = (
            Result<Vec<SenderProfile>>,
            Option<&'static str>,
            Option<i64>,
            Option<Code>,
        );
        let cases: Vec<(i64, Case)> = vec![
            (10, (Err(offline()), None, None, Some(Code::Network))), // nothing kept yet
            (20, (Ok(vec![sender("v1")]), Some("v1"), None, None)),
            (30, (Err(offline()), Some("v1"), Some(20), None)),
            (
                40,
                (
                    Err(Error::BadCredentials),
                    None,
                    None,
                    Some(Code::BadCredentials),
                ),
            ),
            (50, (Ok(vec![sender("v2")]), Some("v2"), None, None)),
            (60, (Err(offline()), Some("v2"), Some(50), None)),
        ];
        for (now, (read, about, as_of, code)) in cases {
            let got = live_or_last_known(&store, account, read, now, Lang::En);
            match got {
                Ok(view) => {
                    assert_eq!(view.senders[0].profile.about, about.unwrap(), "at {now}");
                    assert_eq!(view.offline.as_ref().map(|o| o.as_of), as_of, "at {now}");
                    if let Some(o) = view.offline {
                        assert_eq!(o.reason.code, Code::Network);
                    }
                }
                Err(e) => assert_eq!(Some(e.code()), code, "at {now}"),
            }
        }
        assert!(
            last_known(&store, "AC_other").unwrap().is_none(),
            "kept per account"
        );
    }
}
