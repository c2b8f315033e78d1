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

impl Client {
    /// Every content template of the account with its WhatsApp approval (ContentAndApprovals),
    /// all pages read.
    pub async fn contents_with_approvals(&self) -> Result<Vec<wire::ContentWithApproval>> {
        use futures_util::TryStreamExt;
        let first = Request::get(Host::Content, "/v1/ContentAndApprovals").param("PageSize", "500");
        let pages: Vec<Paged<wire::ContentWithApprovalPage>> =
            self.pages(first, None).try_collect().await?;
        Ok(pages
            .into_iter()
            .flat_map(|p| crate::http::Page::into_items(p.page))
            .collect())
    }
}
