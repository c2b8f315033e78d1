//! The account's WhatsApp senders (Messaging v2 Channels/Senders, absolute `meta` links): the
//! list, one sender with its whole profile, and profile updates (JSON bodies).

use super::{wire, Client, Host, Request};
use crate::error::Result;
use crate::http::{pages, Page, Paged};
use crate::ids::SenderSid;
use futures_util::Stream;
use serde::Deserialize;
use serde_json::Value;

impl Client {
    /// The pages of the account's WhatsApp senders, lazily.
    pub fn whatsapp_sender_pages(
        &self,
    ) -> impl Stream<Item = Result<Paged<wire::SenderPage>>> + '_ {
        self.pages(senders_list(), None)
    }

    /// Every WhatsApp sender of the account (a short list, needed whole to connect).
    pub async fn whatsapp_senders(&self) -> Result<Vec<wire::Sender>> {
        pages::collect_items(self.whatsapp_sender_pages()).await
    }

    /// Every WhatsApp sender with its whole profile, properties and display-name review.
    pub async fn whatsapp_sender_details(&self) -> Result<Vec<SenderDetail>> {
        pages::collect_items(self.pages::<SenderDetailPage>(senders_list(), None)).await
    }

    /// One sender with its whole profile.
    pub async fn fetch_whatsapp_sender(&self, sid: &SenderSid) -> Result<SenderDetail> {
        let path = format!("/v2/Channels/Senders/{sid}");
        self.execute(&Request::get(Host::Messaging, path)).await
    }

    /// Updates a sender's profile: `profile` is the Senders API's `profile` object holding only
    /// the fields to change (a `name` sends the display name to Meta's review).
    pub async fn update_whatsapp_profile(
        &self,
        sid: &SenderSid,
        profile: Value,
    ) -> Result<SenderDetail> {
        let path = format!("/v2/Channels/Senders/{sid}");
        let body = serde_json::json!({ "profile": profile });
        self.execute(&Request::post_json(Host::Messaging, path, body))
            .await
    }
}

fn senders_list() -> Request {
    Request::get(Host::Messaging, "/v2/Channels/Senders")
        .param("Channel", "whatsapp")
        .param("PageSize", "1000")
}

/// A WhatsApp sender as the Senders API describes it in full.
#[derive(Clone, Debug, Deserialize)]
pub struct SenderDetail {
    /// XE…
    pub sid: SenderSid,
    /// `whatsapp:+…`
    pub sender_id: String,
    /// ONLINE, OFFLINE, ONLINE:UPDATING, TWILIO_REVIEW…
    pub status: String,
    /// The profile as customers see it (`name`, `about`, `websites[]`…), kept as sent.
    #[serde(default)]
    pub profile: Value,
    /// `quality_rating`, `messaging_limit`.
    #[serde(default)]
    pub properties: Option<SenderProperties>,
    /// Why the sender is OFFLINE.
    #[serde(default)]
    pub offline_reasons: Option<Vec<OfflineReason>>,
    /// `updating`, `no_change`, `pending_review`, `error` (on an update's answer).
    #[serde(default)]
    pub display_name_status: Option<String>,
    /// The display name in review.
    #[serde(default)]
    pub pending_display_name: Option<String>,
    /// `PENDING_REVIEW`, `APPROVED`, `DECLINED`…
    #[serde(default)]
    pub pending_display_name_status: Option<String>,
    /// ISO 8601.
    #[serde(default)]
    pub pending_display_name_status_date: Option<String>,
}

/// What Meta says of a sender.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SenderProperties {
    /// `HIGH`, `MEDIUM`, `LOW`…
    #[serde(default)]
    pub quality_rating: Option<String>,
    /// `10K Customers/24hr`…
    #[serde(default)]
    pub messaging_limit: Option<String>,
}

/// One reason a sender is OFFLINE (the code is a string: `"30008"`).
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct OfflineReason {
    /// Twilio's code.
    #[serde(default)]
    pub code: Option<Value>,
    /// Twilio's text.
    #[serde(default)]
    pub message: Option<String>,
    /// A documentation link.
    #[serde(default)]
    pub more_info: Option<String>,
}

/// A page of full senders.
#[derive(Clone, Debug, Deserialize)]
pub struct SenderDetailPage {
    /// The records.
    pub senders: Vec<SenderDetail>,
    /// Paging links.
    #[serde(default)]
    pub meta: Option<wire::PageMeta>,
}

impl Page for SenderDetailPage {
    type Item = SenderDetail;
    fn next_link(&self) -> Option<&str> {
        self.meta.as_ref()?.next_page_url.as_deref()
    }
    fn into_items(self) -> Vec<SenderDetail> {
        self.senders
    }
}
