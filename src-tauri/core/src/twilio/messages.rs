//! The 2010 Messages list of an account, page by page (relative `next_page_uri` links).

use super::{wire, Client, Host, Request};
use crate::error::Result;
use crate::http::Paged;
use crate::ids::AccountSid;
use futures_util::Stream;

impl Request {
    /// The first page of an account's Messages list.
    pub fn messages(account_sid: &AccountSid) -> Request {
        Request::get(
            Host::Api,
            format!("/2010-04-01/Accounts/{account_sid}/Messages.json"),
        )
    }
}

impl Client {
    /// One page of the Messages list.
    pub async fn messages_page(&self, request: &Request) -> Result<wire::MessagePage> {
        self.execute(request).await
    }

    /// The pages of a Messages list, fetched one at a time as the stream is polled, starting
    /// with `first` (a [`Request::messages`] with its filters, or the [`Request::follow`] of a
    /// saved link, given as `resumed_from`). Each page comes with the link the walk follows
    /// next, already checked by the loop guard: what a checkpoint saves.
    pub fn message_pages<'a>(
        &'a self,
        first: Request,
        resumed_from: Option<&str>,
    ) -> impl Stream<Item = Result<Paged<wire::MessagePage>>> + 'a {
        self.pages(first, resumed_from)
    }
}

impl Client {
    /// Deletes a message at Twilio (`DELETE …/Messages/{SID}.json`). Its media are deleted
    /// separately ([`Client::delete_media`]), before it.
    pub async fn delete_message(&self, message_sid: &str) -> Result<()> {
        let request = Request::delete(
            Host::Api,
            format!(
                "/2010-04-01/Accounts/{}/Messages/{message_sid}.json",
                self.account_sid()
            ),
        );
        self.execute::<()>(&request).await
    }
}
