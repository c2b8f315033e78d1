//! The states of a message as Twilio names them: its direction and its delivery status, as
//! enums that keep a value they do not know (Twilio adds statuses) instead of refusing it.

use std::fmt;

macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this version does not know, kept as Twilio sent it.
            Other(String),
        }

        impl $name {
            /// The value as Twilio writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> $name {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> $name {
                match $name::from(text.as_str()) {
                    $name::Other(_) => $name::Other(text),
                    known => known,
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                match value {
                    $name::Other(text) => text,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<$name> {
                String::column_result(value).map($name::from)
            }
        }
    };
}

open_enum!(
    /// Which way a message went.
    Direction {
        /// Sent by the customer to one of our senders.
        Inbound = "inbound",
        /// Sent through the API.
        OutboundApi = "outbound-api",
        /// Sent as a reply from a webhook (TwiML).
        OutboundReply = "outbound-reply",
        /// Sent during a call.
        OutboundCall = "outbound-call",
    }
);

impl Direction {
    /// Whether the customer wrote it (every other direction is ours).
    pub fn is_inbound(&self) -> bool {
        *self == Direction::Inbound
    }
}

open_enum!(
    /// Where a message is in its delivery.
    MessageStatus {
        /// Accepted by a messaging service, not queued yet.
        Accepted = "accepted",
        /// Scheduled for later.
        Scheduled = "scheduled",
        /// Waiting to be sent.
        Queued = "queued",
        /// Being sent.
        Sending = "sending",
        /// Handed to WhatsApp.
        Sent = "sent",
        /// Delivered to the phone.
        Delivered = "delivered",
        /// Read by the customer.
        Read = "read",
        /// Being received.
        Receiving = "receiving",
        /// Received from the customer.
        Received = "received",
        /// Could not be delivered (the carrier or WhatsApp refused it).
        Undelivered = "undelivered",
        /// Could not be sent.
        Failed = "failed",
        /// A scheduled message cancelled before sending.
        Canceled = "canceled",
        /// Partly delivered (multi-part messages).
        PartiallyDelivered = "partially_delivered",
    }
);

impl MessageStatus {
    /// Whether the message ended in error (`failed` or `undelivered`).
    pub fn is_failure(&self) -> bool {
        matches!(self, MessageStatus::Failed | MessageStatus::Undelivered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_directions_round_trip_and_keep_unknown_values() {
        let cases: &[(&str, MessageStatus)] = &[
            ("read", MessageStatus::Read),
            ("undelivered", MessageStatus::Undelivered),
            ("partially_delivered", MessageStatus::PartiallyDelivered),
            ("paused", MessageStatus::Other("paused".into())), // unknown: kept as is
            ("READ", MessageStatus::Other("READ".into())),     // Twilio writes lower case
        ];
        for (text, want) in cases {
            let got: MessageStatus = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(&got, want, "{text}");
            assert_eq!(serde_json::to_string(&got).unwrap(), format!("\"{text}\""));
            assert_eq!(got.as_str(), *text);
        }
        let cases: &[(&str, Direction, bool)] = &[
            ("inbound", Direction::Inbound, true),
            ("outbound-api", Direction::OutboundApi, false),
            ("outbound-reply", Direction::OutboundReply, false),
            ("outbound-call", Direction::OutboundCall, false),
            (
                "outbound-new",
                Direction::Other("outbound-new".into()),
                false,
            ),
        ];
        for (text, want, inbound) in cases {
            let got = Direction::from(*text);
            assert_eq!(&got, want, "{text}");
            assert_eq!(got.is_inbound(), *inbound, "{text}");
            assert_eq!(String::from(got), *text);
        }
        assert!(MessageStatus::Failed.is_failure() && !MessageStatus::Read.is_failure());
    }
}
