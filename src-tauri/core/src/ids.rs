//! Twilio identifiers as types: a two-letter prefix and 32 hexadecimal digits, checked once where
//! they enter (a form, an environment variable, a Twilio answer, the archive), then carried as
//! values that cannot be mixed up (an `AccountSid` is never passed where a `MessageSid` goes).
//! They serialise as plain strings.

use crate::error::{Error, Result};
use std::fmt;

/// Whether `sid` is one of `prefixes` followed by 32 hexadecimal digits.
fn well_formed(prefixes: &[&str], sid: &str) -> bool {
    sid.len() == 34
        && prefixes.iter().any(|p| sid.starts_with(p))
        && sid[2..].chars().all(|c| c.is_ascii_hexdigit())
}

macro_rules! sid_type {
    ($(#[$doc:meta])* $name:ident, [$($prefix:literal),+], $field:literal, $fr:literal, $en:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The prefixes this kind of SID starts with.
            pub const PREFIXES: &'static [&'static str] = &[$($prefix),+];

            /// Checks `text` (surrounding spaces ignored); the error explains the expected form
            /// in French and English.
            pub fn parse(text: &str) -> Result<$name> {
                let text = text.trim();
                if well_formed(Self::PREFIXES, text) {
                    Ok($name(text.to_owned()))
                } else {
                    Err(Error::invalid($field, $fr, $en))
                }
            }

            /// The SID as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> std::result::Result<$name, String> {
                if well_formed(Self::PREFIXES, &text) {
                    Ok($name(text))
                } else {
                    Err(format!(
                        "{text:?} is not a {} SID ({} followed by 32 hexadecimal digits)",
                        stringify!($name),
                        Self::PREFIXES.join(" or ")
                    ))
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(text: &str) -> Result<$name> {
                $name::parse(text)
            }
        }

        impl From<$name> for String {
            fn from(sid: $name) -> String {
                sid.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<$name> {
                let text = String::column_result(value)?;
                $name::try_from(text).map_err(|e| rusqlite::types::FromSqlError::Other(e.into()))
            }
        }
    };
}

sid_type!(
    /// An account or subaccount (`AC…`).
    AccountSid, ["AC"], "account_sid",
    "un Account SID Twilio commence par AC suivi de 32 caractères hexadécimaux (console Twilio, page d'accueil du compte)",
    "a Twilio Account SID starts with AC followed by 32 hexadecimal characters (Twilio Console, account home page)"
);

sid_type!(
    /// An API key (`SK…`).
    ApiKeySid, ["SK"], "api_key",
    "une clé API Twilio commence par SK suivi de 32 caractères hexadécimaux",
    "a Twilio API key starts with SK followed by 32 hexadecimal characters"
);

sid_type!(
    /// A message (`SM…`, or `MM…` for one sent with media).
    MessageSid, ["SM", "MM"], "message_sid",
    "un identifiant de message Twilio commence par SM ou MM suivi de 32 caractères hexadécimaux",
    "a Twilio message SID starts with SM or MM followed by 32 hexadecimal characters"
);

sid_type!(
    /// A media item of a message (`ME…`).
    MediaSid, ["ME"], "media_sid",
    "un identifiant de média Twilio commence par ME suivi de 32 caractères hexadécimaux",
    "a Twilio media SID starts with ME followed by 32 hexadecimal characters"
);

sid_type!(
    /// A WhatsApp sender of the Senders API (`XE…`).
    SenderSid, ["XE"], "sender_sid",
    "un identifiant d'expéditeur Twilio commence par XE suivi de 32 caractères hexadécimaux",
    "a Twilio sender SID starts with XE followed by 32 hexadecimal characters"
);

sid_type!(
    /// A content template (`HX…`).
    ContentSid, ["HX"], "content_sid",
    "un identifiant de modèle Twilio commence par HX suivi de 32 caractères hexadécimaux",
    "a Twilio content template SID starts with HX followed by 32 hexadecimal characters"
);

sid_type!(
    /// A messaging service (`MG…`).
    MessagingServiceSid, ["MG"], "messaging_service_sid",
    "un identifiant de service de messagerie Twilio commence par MG suivi de 32 caractères hexadécimaux",
    "a Twilio messaging service SID starts with MG followed by 32 hexadecimal characters"
);

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "0123456789abcdef0123456789ABCDEF";

    #[test]
    fn sids_are_checked_for_prefix_and_32_hex_digits() {
        let cases: &[(&str, bool, bool, bool)] = &[
            // (text, account?, message?, media?)
            (&format!("AC{HEX}"), true, false, false),
            (&format!("  AC{HEX} "), true, false, false), // spaces around are ignored
            (&format!("SM{HEX}"), false, true, false),
            (&format!("MM{HEX}"), false, true, false),
            (&format!("ME{HEX}"), false, false, true),
            ("AC12", false, false, false),               // too short
            (&format!("AC{HEX}0"), false, false, false), // too long
            (&format!("AC{}", "g".repeat(32)), false, false, false), // not hex
            (&format!("ac{HEX}"), false, false, false),  // prefix is upper case
            ("", false, false, false),
        ];
        for (text, account, message, media) in cases {
            assert_eq!(
                AccountSid::parse(text).is_ok(),
                *account,
                "account {text:?}"
            );
            assert_eq!(
                MessageSid::parse(text).is_ok(),
                *message,
                "message {text:?}"
            );
            assert_eq!(MediaSid::parse(text).is_ok(), *media, "media {text:?}");
        }
        assert_eq!(
            AccountSid::parse("AC12").unwrap_err().code(),
            crate::Code::InvalidInput
        );
    }

    #[test]
    fn sids_travel_as_plain_strings() {
        let sid = MessageSid::parse(&format!("SM{HEX}")).unwrap();
        let json = serde_json::to_string(&sid).unwrap();
        assert_eq!(json, format!("\"SM{HEX}\""));
        assert_eq!(serde_json::from_str::<MessageSid>(&json).unwrap(), sid);
        assert!(serde_json::from_str::<MessageSid>(&format!("\"ME{HEX}\"")).is_err());
        assert_eq!(sid.to_string(), format!("SM{HEX}"));
        assert!(sid == format!("SM{HEX}").as_str());

        let db = rusqlite::Connection::open_in_memory().unwrap();
        let back: MessageSid = db.query_row("SELECT ?1", [&sid], |r| r.get(0)).unwrap();
        assert_eq!(back, sid);
        let bad: rusqlite::Result<MessageSid> = db.query_row("SELECT 'SM1'", [], |r| r.get(0));
        assert!(
            bad.is_err(),
            "a malformed SID in the archive is an error, not a value"
        );
    }
}
