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

/// What one create request carries: free text, or an approved template with its variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageContent {
    /// `Body`.
    Text(String),
    /// `ContentSid` and `ContentVariables` (`{"1": "Marie"}`).
    Template {
        /// HX…
        content_sid: String,
        /// Values by variable key.
        variables: std::collections::BTreeMap<String, String>,
    },
}

impl Request {
    /// `POST …/Messages.json`: one message from `from` to `to` (both `whatsapp:+…`).
    pub fn create_message(
        account_sid: &AccountSid,
        from: &str,
        to: &str,
        content: &MessageContent,
    ) -> Request {
        let mut form = vec![
            ("From".to_owned(), from.to_owned()),
            ("To".to_owned(), to.to_owned()),
        ];
        match content {
            MessageContent::Text(body) => form.push(("Body".into(), body.clone())),
            MessageContent::Template {
                content_sid,
                variables,
            } => {
                form.push(("ContentSid".into(), content_sid.clone()));
                if !variables.is_empty() {
                    let json = serde_json::to_string(variables).unwrap_or_else(|_| "{}".into());
                    form.push(("ContentVariables".into(), json));
                }
            }
        }
        Request::post(
            Host::Api,
            format!("/2010-04-01/Accounts/{account_sid}/Messages.json"),
            form,
        )
    }
}

impl Client {
    /// Sends a create request once: a POST is never repeated blindly (see
    /// [`crate::http::retry`]), so a broken connection after sending surfaces as an error
    /// whose outcome the caller must treat as unknown.
    pub async fn create_message(&self, request: &Request) -> Result<wire::Message> {
        self.execute(request).await
    }
}
