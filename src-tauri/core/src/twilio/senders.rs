//! The account's WhatsApp senders (Messaging v2 Channels/Senders, absolute `meta` links).

use super::{wire, Client, Host, Request};
use crate::error::Result;
use crate::http::{pages, Paged};
use futures_util::Stream;

impl Client {
    /// The pages of the account's WhatsApp senders, lazily.
    pub fn whatsapp_sender_pages(
        &self,
    ) -> impl Stream<Item = Result<Paged<wire::SenderPage>>> + '_ {
        let first = Request::get(Host::Messaging, "/v2/Channels/Senders")
            .param("Channel", "whatsapp")
            .param("PageSize", "1000");
        self.pages(first, None)
    }

    /// Every WhatsApp sender of the account (a short list, needed whole to connect).
    pub async fn whatsapp_senders(&self) -> Result<Vec<wire::Sender>> {
        pages::collect_items(self.whatsapp_sender_pages()).await
    }
}
