//! The account's content templates (Content v1, absolute `meta` links): what the templates
//! screen will list. Only reading for now.

use super::{wire, Client, Host, Request};
use crate::error::Result;
use crate::http::Paged;
use futures_util::Stream;

impl Client {
    /// The pages of the account's content templates, lazily (`page_size` per page, 1..=1000).
    pub fn content_pages(
        &self,
        page_size: u32,
    ) -> impl Stream<Item = Result<Paged<wire::ContentPage>>> + '_ {
        let first =
            Request::get(Host::Content, "/v1/Content").param("PageSize", page_size.to_string());
        self.pages(first, None)
    }
}
