//! Twilio's JSON shapes, as the 2010 API and the product APIs send them. Unknown fields are
//! ignored; numbers Twilio sends as strings (`num_media`) are accepted either way.

use crate::http::Page;
use crate::ids::{AccountSid, ContentSid, MediaSid, MessageSid, MessagingServiceSid, SenderSid};
use serde::{Deserialize, Deserializer};

/// `GET /2010-04-01/Accounts/{Sid}.json`.
#[derive(Clone, Debug, Deserialize)]
pub struct Account {
    /// AC…
    pub sid: AccountSid,
    /// Name chosen in the console.
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// `Full` or `Trial`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `active`, `suspended` or `closed`.
    pub status: String,
    /// The parent account for a subaccount (its own SID otherwise).
    #[serde(default)]
    pub owner_account_sid: Option<AccountSid>,
    /// RFC 2822.
    #[serde(default)]
    pub date_created: Option<String>,
}

/// One message of the 2010 Messages list.
#[derive(Clone, Debug, Deserialize)]
pub struct Message {
    /// SM… / MM…
    pub sid: MessageSid,
    /// AC…
    pub account_sid: AccountSid,
    /// `whatsapp:+…`
    pub from: String,
    /// `whatsapp:+…`
    pub to: String,
    /// Text (may be null or empty for media-only messages).
    #[serde(default)]
    pub body: Option<String>,
    /// queued, sent, delivered, read, failed, undelivered, received, …
    pub status: String,
    /// inbound, outbound-api, outbound-reply, outbound-call.
    pub direction: String,
    /// RFC 2822.
    #[serde(default)]
    pub date_created: Option<String>,
    /// RFC 2822.
    #[serde(default)]
    pub date_sent: Option<String>,
    /// RFC 2822.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// A string on the wire ("0").
    #[serde(default, deserialize_with = "lenient_int")]
    pub num_media: Option<i64>,
    /// A string on the wire ("1").
    #[serde(default, deserialize_with = "lenient_int")]
    pub num_segments: Option<i64>,
    /// Set when failed / undelivered.
    #[serde(default, deserialize_with = "lenient_int")]
    pub error_code: Option<i64>,
    /// Twilio's text for the error.
    #[serde(default)]
    pub error_message: Option<String>,
    /// e.g. "-0.00500".
    #[serde(default, deserialize_with = "lenient_string")]
    pub price: Option<String>,
    /// e.g. "USD".
    #[serde(default)]
    pub price_unit: Option<String>,
    /// MG…
    #[serde(default)]
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// The customer's WhatsApp profile name, when the source gives one (webhooks do; the
    /// simulator may add it to list items).
    #[serde(default, alias = "ProfileName")]
    pub profile_name: Option<String>,
}

/// A page of the 2010 Messages list.
#[derive(Clone, Debug, Deserialize)]
pub struct MessagePage {
    /// The records.
    pub messages: Vec<Message>,
    /// Relative URI of the next page; absent or null on the last one.
    #[serde(default)]
    pub next_page_uri: Option<String>,
}

/// A media item of a message.
#[derive(Clone, Debug, Deserialize)]
pub struct Media {
    /// ME…
    pub sid: MediaSid,
    /// The message (SM/MM…).
    #[serde(default)]
    pub parent_sid: Option<MessageSid>,
    /// e.g. image/jpeg.
    #[serde(default)]
    pub content_type: Option<String>,
    /// RFC 2822.
    #[serde(default)]
    pub date_created: Option<String>,
    /// `/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME….json`
    pub uri: String,
}

/// A page of a message's media list (key `media_list`).
#[derive(Clone, Debug, Deserialize)]
pub struct MediaPage {
    /// The records.
    pub media_list: Vec<Media>,
    /// Relative URI of the next page.
    #[serde(default)]
    pub next_page_uri: Option<String>,
}

/// A WhatsApp sender (Messaging v2 Channels/Senders).
#[derive(Clone, Debug, Deserialize)]
pub struct Sender {
    /// XE…
    pub sid: SenderSid,
    /// `whatsapp:+…`
    pub sender_id: String,
    /// ONLINE, OFFLINE, CREATING, …
    pub status: String,
    /// Business profile.
    #[serde(default)]
    pub profile: Option<SenderProfile>,
}

/// The part of the sender profile Passerelle shows when connecting.
#[derive(Clone, Debug, Deserialize)]
pub struct SenderProfile {
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A page of senders (product-API envelope).
#[derive(Clone, Debug, Deserialize)]
pub struct SenderPage {
    /// The records.
    pub senders: Vec<Sender>,
    /// Paging links.
    #[serde(default)]
    pub meta: Option<PageMeta>,
}

/// A content template (Content v1).
#[derive(Clone, Debug, Deserialize)]
pub struct Content {
    /// HX…
    pub sid: ContentSid,
    /// The name chosen when creating it.
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// Language code (`fr`, `en_US`…).
    #[serde(default)]
    pub language: Option<String>,
    /// Placeholder values by number (`{"1": "Marie"}`).
    #[serde(default)]
    pub variables: serde_json::Value,
    /// The content by type (`twilio/text`, `twilio/media`…), as Twilio sends it.
    #[serde(default)]
    pub types: serde_json::Value,
    /// ISO 8601.
    #[serde(default)]
    pub date_created: Option<String>,
    /// ISO 8601.
    #[serde(default)]
    pub date_updated: Option<String>,
}

/// A page of content templates (product-API envelope).
#[derive(Clone, Debug, Deserialize)]
pub struct ContentPage {
    /// The records.
    pub contents: Vec<Content>,
    /// Paging links.
    #[serde(default)]
    pub meta: Option<PageMeta>,
}

/// A content template with its WhatsApp approval (Content v1 `ContentAndApprovals`).
#[derive(Clone, Debug, Deserialize)]
pub struct ContentWithApproval {
    /// The template.
    #[serde(flatten)]
    pub content: Content,
    /// The WhatsApp approval request (`status`: approved, rejected, …).
    #[serde(default)]
    pub approval_requests: Option<ApprovalRequest>,
}

/// A template's WhatsApp approval, as ContentAndApprovals gives it.
#[derive(Clone, Debug, Deserialize)]
pub struct ApprovalRequest {
    /// The WhatsApp template name.
    #[serde(default)]
    pub name: Option<String>,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`.
    #[serde(default)]
    pub category: Option<String>,
    /// unsubmitted, received, pending, approved, rejected, paused, disabled.
    #[serde(default)]
    pub status: Option<String>,
}

/// A page of ContentAndApprovals (product-API envelope, records under `contents`).
#[derive(Clone, Debug, Deserialize)]
pub struct ContentWithApprovalPage {
    /// The records.
    pub contents: Vec<ContentWithApproval>,
    /// Paging links.
    #[serde(default)]
    pub meta: Option<PageMeta>,
}

/// Product-API paging metadata; URLs are absolute.
#[derive(Clone, Debug, Deserialize)]
pub struct PageMeta {
    /// Absolute URL of the next page.
    #[serde(default)]
    pub next_page_url: Option<String>,
}

/// Twilio's error body.
#[derive(Clone, Debug, Deserialize)]
pub struct ErrorBody {
    /// Twilio error code (20003, 20404, 20429…).
    #[serde(default, deserialize_with = "lenient_int")]
    pub code: Option<i64>,
    /// Twilio's message.
    #[serde(default)]
    pub message: Option<String>,
    /// Link to the error's documentation.
    #[serde(default)]
    pub more_info: Option<String>,
    /// HTTP status as Twilio repeats it.
    #[serde(default, deserialize_with = "lenient_int")]
    pub status: Option<i64>,
}

/// Implements [`Page`] for a list page: its records field, and how its next link is read.
macro_rules! page {
    ($page:ty, $item:ty, $records:ident, |$p:ident| $next:expr) => {
        impl Page for $page {
            type Item = $item;
            fn next_link(&self) -> Option<&str> {
                let $p = self;
                $next
            }
            fn into_items(self) -> Vec<$item> {
                self.$records
            }
        }
    };
}

page!(MessagePage, Message, messages, |p| p
    .next_page_uri
    .as_deref());
page!(MediaPage, Media, media_list, |p| p.next_page_uri.as_deref());
page!(SenderPage, Sender, senders, |p| p
    .meta
    .as_ref()?
    .next_page_url
    .as_deref());
page!(
    ContentWithApprovalPage,
    ContentWithApproval,
    contents,
    |p| p.meta.as_ref()?.next_page_url.as_deref()
);
page!(ContentPage, Content, contents, |p| p
    .meta
    .as_ref()?
    .next_page_url
    .as_deref());

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrString {
    Int(i64),
    Float(f64),
    Str(String),
}

fn lenient_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<IntOrString>::deserialize(d)? {
        None => None,
        Some(IntOrString::Int(i)) => Some(i),
        Some(IntOrString::Float(f)) => Some(f as i64),
        Some(IntOrString::Str(s)) => s.trim().parse().ok(),
    })
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<IntOrString>::deserialize(d)? {
        None => None,
        Some(IntOrString::Int(i)) => Some(i.to_string()),
        Some(IntOrString::Float(f)) => Some(f.to_string()),
        Some(IntOrString::Str(s)) => Some(s),
    })
}

/// Parses Twilio's RFC 2822 dates (2010 API) or ISO 8601 ones (product APIs) to unix seconds.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    chrono::DateTime::parse_from_rfc2822(text)
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(text))
        .map(|d| d.timestamp())
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_fields_decode_from_twilio_shapes() {
        let json = r#"{"sid":"MM0123456789abcdef0123456789abcdef","account_sid":"AC0123456789abcdef0123456789abcdef","from":"whatsapp:+33612345678",
            "to":"whatsapp:+15005550006","body":"Bonjour 👋","status":"read","direction":"outbound-api",
            "date_created":"Fri, 24 May 2019 17:44:46 +0000","date_sent":"Fri, 24 May 2019 17:44:50 +0000",
            "date_updated":null,"num_media":"1","num_segments":"1","error_code":null,"error_message":null,
            "price":"-0.00500","price_unit":"EUR","messaging_service_sid":null,"extra":{"x":1}}"#;
        let m: Message = serde_json::from_str(json).unwrap();
        assert_eq!(m.num_media, Some(1));
        assert_eq!(m.price.as_deref(), Some("-0.00500"));
        assert_eq!(
            parse_date(m.date_sent.as_deref().unwrap()),
            Some(1558719890)
        );
        assert_eq!(parse_date("2019-05-24T17:44:50Z"), Some(1558719890));
        assert_eq!(parse_date("not a date"), None);
    }
}
