//! The simulator's state: accounts, senders, the message history (compact fixed-size records,
//! indexed per account and per address in date order), templates, and the sim clock.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::sid::{Kind, SidCodec};
use crate::texts::Lang;

mod filter;
pub use filter::MsgFilter;

/// Which way a message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A customer wrote to a sender.
    Inbound,
    /// Sent through the REST API.
    OutboundApi,
    /// Sent as a reply from a webhook (TwiML).
    OutboundReply,
}

impl Direction {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::OutboundApi => "outbound-api",
            Direction::OutboundReply => "outbound-reply",
        }
    }
}

/// A message status (the subset of Twilio's enum that WhatsApp messages reach).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Accepted, not yet handed to WhatsApp.
    Queued,
    /// Handed to WhatsApp.
    Sent,
    /// On the customer's phone.
    Delivered,
    /// Opened by the customer (WhatsApp only).
    Read,
    /// Not sent (`error_code` set).
    Failed,
    /// Sent but not delivered (`error_code` set).
    Undelivered,
    /// An inbound message.
    Received,
    /// Cancelled before sending.
    Canceled,
}

impl Status {
    /// Whether a message in this status has a `date_sent` (not while queued, nor once
    /// canceled before sending).
    pub fn has_send_date(self) -> bool {
        !matches!(self, Status::Queued | Status::Canceled)
    }

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Delivered => "delivered",
            Status::Read => "read",
            Status::Failed => "failed",
            Status::Undelivered => "undelivered",
            Status::Received => "received",
            Status::Canceled => "canceled",
        }
    }
}

/// Flag: deleted through the API (404 from then on).
pub const DELETED: u8 = 1;
/// Flag: body redacted (empty string).
pub const REDACTED: u8 = 2;
/// Flag: created at run time; body and fate live in `World::extras`.
pub const LIVE: u8 = 4;

/// One message, 32 bytes: everything else is derived from these fields and the seed.
#[derive(Clone, Copy, Debug)]
pub struct Msg {
    /// `date_created` = `date_sent` (Unix seconds).
    pub t: i64,
    /// Address id of the WhatsApp sender (business side).
    pub sender: u32,
    /// Address id of the customer.
    pub contact: u32,
    /// Script (bits 16..), line (8..16) and variant (0..8) of the generated body.
    pub body: u32,
    /// Owning account index.
    pub account: u16,
    /// Error code when failed/undelivered (0 = none).
    pub error: u16,
    /// Direction.
    pub dir: Direction,
    /// Final status (for generated messages).
    pub status: Status,
    /// Number of media items.
    pub media: u8,
    /// `DELETED`, `REDACTED`, `LIVE`.
    pub flags: u8,
}

/// What happens to a message created at run time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// queued → sent → delivered → read.
    Deliver,
    /// queued → failed with this code.
    Fail(u16),
    /// An inbound message (received at once).
    Receive,
    /// Cancelled by an update.
    Cancel(i64),
}

/// The parts of a run-time message that do not fit the compact record.
#[derive(Clone, Debug)]
pub struct Extra {
    /// The body as sent.
    pub body: String,
    /// Where its status goes.
    pub fate: Fate,
    /// Content types of its media (inbound with NumMedia, or MediaUrl sends).
    pub media_types: Vec<String>,
}

/// A phone address (`whatsapp:+…`), business or customer.
#[derive(Clone, Debug)]
pub struct Address {
    /// `whatsapp:+33612345678`.
    pub text: String,
    /// The customer's first name (used in generated bodies).
    pub first: String,
    /// The WhatsApp profile name, when the customer set one.
    pub profile_name: Option<String>,
    /// The language the customer writes in.
    pub lang: Lang,
}

/// An account (main, subaccount, trial, …).
#[derive(Clone, Debug)]
pub struct Account {
    /// `AC…`.
    pub sid: String,
    /// Its auth token.
    pub token: String,
    /// Shown as `friendly_name`.
    pub friendly_name: String,
    /// `Full` or `Trial`.
    pub kind: &'static str,
    /// `active`, `suspended` or `closed`.
    pub status: &'static str,
    /// Index of the owner account (itself for a parent account).
    pub owner: usize,
    /// Creation time.
    pub created: i64,
    /// Last update time.
    pub updated: i64,
    /// Its messages in date order.
    pub msgs: Vec<u32>,
}

/// A pending display-name change of a sender.
#[derive(Clone, Debug)]
pub struct NameChange {
    /// The requested name.
    pub name: String,
    /// When it was submitted (sim clock).
    pub submitted: i64,
    /// Whether Meta will decline it.
    pub declined: bool,
    /// The name before the change.
    pub previous: String,
}

/// A WhatsApp sender (`XE…`).
#[derive(Clone, Debug)]
pub struct Sender {
    /// `XE…`.
    pub sid: String,
    /// Owning account index.
    pub account: usize,
    /// Its address id.
    pub addr: u32,
    /// `ONLINE`, `OFFLINE`, …
    pub status: &'static str,
    /// The WABA id.
    pub waba_id: String,
    /// The profile as Twilio shows it (object with every profile key).
    pub profile: Value,
    /// The webhook section.
    pub webhook: Value,
    /// `HIGH`, `MEDIUM`, `LOW`.
    pub quality_rating: &'static str,
    /// e.g. `10K Customers/24hr`.
    pub messaging_limit: &'static str,
    /// Offline reasons (OFFLINE senders only).
    pub offline_reasons: Option<Value>,
    /// The last display-name change, if any.
    pub name_change: Option<NameChange>,
}

/// A WhatsApp approval request of a template.
#[derive(Clone, Debug)]
pub struct Approval {
    /// WhatsApp template name.
    pub name: String,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`.
    pub category: String,
    /// A status fixed at generation; `None` means it follows `submitted`.
    pub fixed: Option<&'static str>,
    /// Submission time (sim clock).
    pub submitted: i64,
    /// Rejection reason once rejected (empty otherwise).
    pub rejection: String,
}

/// A content template (`HX…`).
#[derive(Clone, Debug)]
pub struct Content {
    /// `HX…`.
    pub sid: String,
    /// Owning account index.
    pub account: usize,
    /// `friendly_name`.
    pub friendly_name: String,
    /// ISO 639-1 code.
    pub language: String,
    /// Default variables.
    pub variables: Value,
    /// Content types (e.g. `twilio/text`).
    pub types: Value,
    /// Creation time.
    pub created: i64,
    /// Last update.
    pub updated: i64,
    /// Deleted through the API.
    pub deleted: bool,
    /// The WhatsApp approval request, once submitted.
    pub approval: Option<Approval>,
}

impl Content {
    /// The first content type (`twilio/text`, …).
    pub fn content_type(&self) -> String {
        self.types
            .as_object()
            .and_then(|o| o.keys().next().cloned())
            .unwrap_or_default()
    }

    /// The body of its text type, if any.
    pub fn body(&self) -> String {
        self.types
            .as_object()
            .and_then(|o| {
                o.values()
                    .find_map(|v| v.get("body"))
                    .and_then(|b| b.as_str())
            })
            .unwrap_or_default()
            .to_string()
    }
}

/// Seconds a submitted template stays `received`, then `pending`, before Meta decides.
pub const APPROVAL_RECEIVED_SECS: i64 = 60;
/// See [`APPROVAL_RECEIVED_SECS`].
pub const APPROVAL_DECISION_SECS: i64 = 3_600;
/// Seconds Meta takes to review a display name.
pub const NAME_REVIEW_SECS: i64 = 86_400;

impl Approval {
    /// Status and rejection reason at time `now`.
    pub fn state(&self, now: i64) -> (&'static str, &str) {
        if let Some(s) = self.fixed {
            return (s, if s == "rejected" { &self.rejection } else { "" });
        }
        let age = now - self.submitted;
        if age < APPROVAL_RECEIVED_SECS {
            ("received", "")
        } else if age < APPROVAL_DECISION_SECS {
            ("pending", "")
        } else if self.rejection.is_empty() {
            ("approved", "")
        } else {
            ("rejected", &self.rejection)
        }
    }
}

/// The whole simulated Twilio, as one value behind a lock.
pub struct World {
    /// SID codec of this seed.
    pub codec: SidCodec,
    /// The seed.
    pub seed: u64,
    /// Seconds added to the wall clock by `/__sim/clock`.
    pub clock_offset: i64,
    /// The last time handed out (the clock never goes back).
    pub last_now: i64,
    /// Accounts: 0 main, 1 subaccount, 2 trial, 3 no sender, 4 suspended, 5 offline sender.
    pub accounts: Vec<Account>,
    /// API keys: (SK sid, secret, account index).
    pub api_keys: Vec<(String, String, usize, bool)>,
    /// Address table.
    pub addrs: Vec<Address>,
    /// Address text → id.
    pub addr_ids: HashMap<String, u32>,
    /// Every message, the index being its SID's payload.
    pub msgs: Vec<Msg>,
    /// Run-time message parts.
    pub extras: HashMap<u32, Extra>,
    /// (account, address) → messages sent to it, in date order.
    pub by_to: HashMap<(u16, u32), Vec<u32>>,
    /// (account, address) → messages sent from it, in date order.
    pub by_from: HashMap<(u16, u32), Vec<u32>>,
    /// (sender, contact) → last inbound time (the 24-hour window).
    pub last_inbound: HashMap<(u32, u32), i64>,
    /// WhatsApp senders.
    pub senders: Vec<Sender>,
    /// Templates.
    pub contents: Vec<Content>,
    /// Deleted media SIDs' indices.
    pub media_deleted: HashSet<u64>,
    /// Secret that signs CDN links.
    pub cdn_key: u64,
}

impl World {
    /// The sim clock (wall clock + advances), never going back.
    pub fn now(&mut self) -> i64 {
        let t = (chrono::Utc::now().timestamp() + self.clock_offset).max(self.last_now);
        self.last_now = t;
        t
    }

    /// The sim clock for readers (no update of `last_now`).
    pub fn peek_now(&self) -> i64 {
        (chrono::Utc::now().timestamp() + self.clock_offset).max(self.last_now)
    }

    /// Message SID of index `i`.
    pub fn msg_sid(&self, i: u32) -> String {
        let prefix = if self.msgs[i as usize].media > 0 {
            "MM"
        } else {
            "SM"
        };
        self.codec.sid(prefix, Kind::Message, i as u64)
    }

    /// Index of a message SID (`SM…` or `MM…`), if it exists and is not deleted.
    pub fn find_msg(&self, sid: &str) -> Option<u32> {
        if !(sid.starts_with("SM") || sid.starts_with("MM")) {
            return None;
        }
        let i = self.codec.decode(Kind::Message, sid)?;
        let m = self.msgs.get(i as usize)?;
        if m.flags & DELETED != 0 || self.msg_sid(i as u32) != sid {
            return None;
        }
        Some(i as u32)
    }

    /// The address id of a text, adding it if new.
    pub fn intern(&mut self, text: &str, profile_name: Option<String>) -> u32 {
        if let Some(&id) = self.addr_ids.get(text) {
            if profile_name.is_some() {
                self.addrs[id as usize].profile_name = profile_name;
            }
            return id;
        }
        let id = self.addrs.len() as u32;
        let first = profile_name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
            .unwrap_or("")
            .to_string();
        let lang = if text.contains("+33") {
            Lang::Fr
        } else {
            Lang::En
        };
        self.addrs.push(Address {
            text: text.to_string(),
            first,
            profile_name,
            lang,
        });
        self.addr_ids.insert(text.to_string(), id);
        id
    }

    /// Appends a message to the history and its indexes (the newest message so far).
    pub fn push_msg(&mut self, m: Msg) -> u32 {
        let i = self.msgs.len() as u32;
        let (from, to) = if m.dir == Direction::Inbound {
            (m.contact, m.sender)
        } else {
            (m.sender, m.contact)
        };
        self.by_from.entry((m.account, from)).or_default().push(i);
        self.by_to.entry((m.account, to)).or_default().push(i);
        self.accounts[m.account as usize].msgs.push(i);
        if m.dir == Direction::Inbound {
            let e = self
                .last_inbound
                .entry((m.sender, m.contact))
                .or_insert(m.t);
            *e = (*e).max(m.t);
        }
        self.msgs.push(m);
        i
    }

    /// Status, error code and the time of the last status change, at time `now`.
    pub fn status_at(&self, i: u32, now: i64) -> (Status, u16, i64) {
        let m = &self.msgs[i as usize];
        if m.flags & LIVE == 0 {
            let settle = if m.dir == Direction::Inbound {
                0
            } else {
                2 + (m.body as i64 % 40)
            };
            return (m.status, m.error, m.t + settle);
        }
        let Some(extra) = self.extras.get(&i) else {
            return (m.status, m.error, m.t);
        };
        let age = now - m.t;
        match &extra.fate {
            Fate::Receive => (Status::Received, 0, m.t),
            Fate::Cancel(at) => (Status::Canceled, 0, *at),
            Fate::Fail(code) => {
                if age < 1 {
                    (Status::Queued, 0, m.t)
                } else {
                    (Status::Failed, *code, m.t + 1)
                }
            }
            Fate::Deliver => {
                if age < 1 {
                    (Status::Queued, 0, m.t)
                } else if age < 3 {
                    (Status::Sent, 0, m.t + 1)
                } else if age < 60 {
                    (Status::Delivered, 0, m.t + 3)
                } else {
                    (Status::Read, 0, m.t + 60)
                }
            }
        }
    }

    /// The sender a `From` address names in an account, if any.
    pub fn sender_by_addr(&self, account: usize, addr: &str) -> Option<usize> {
        let id = *self.addr_ids.get(addr)?;
        self.senders
            .iter()
            .position(|s| s.account == account && s.addr == id)
    }
}

/// Where to start a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Skip this many matching records from the newest.
    Offset(u64),
    /// Records older than this message (`PA` token).
    After(u32),
    /// Records newer than this message (`PB` token).
    Before(u32),
}
