//! The account's content templates (Content v1, absolute `meta` links): the list with each
//! template's WhatsApp approval, creating a template, submitting it for WhatsApp approval once,
//! and deleting it. Nothing here ever updates or resubmits a submitted template (Twilio answers
//! 92009): a change is a new template, see [`crate::templates::library`].

use super::{wire, Client, Host, Request};
use crate::error::Result;
use crate::http::{pages, Page, Paged};
use crate::ids::ContentSid;
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

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

    /// Every content template of the account with its WhatsApp approval.
    pub async fn contents_with_approvals(&self) -> Result<Vec<ContentWithApproval>> {
        let first = Request::get(Host::Content, "/v1/ContentAndApprovals").param("PageSize", "500");
        pages::collect_items(self.pages::<ContentWithApprovalPage>(first, None)).await
    }

    /// Creates a `twilio/text` template (`friendly_name` = its name) with sample values.
    pub async fn create_text_content(&self, new: &NewTextContent<'_>) -> Result<wire::Content> {
        let body = json!({
            "friendly_name": new.name,
            "language": new.language,
            "variables": new.samples,
            "types": { "twilio/text": { "body": new.body } },
        });
        self.execute(&Request::post_json(Host::Content, "/v1/Content", body))
            .await
    }

    /// Submits a template for WhatsApp approval, under WhatsApp name `name` in `category`
    /// (`UTILITY`…). Call it once per template: a second submission is refused (92009).
    pub async fn submit_for_whatsapp(
        &self,
        sid: &ContentSid,
        name: &str,
        category: &str,
    ) -> Result<ApprovalRequest> {
        let path = format!("/v1/Content/{sid}/ApprovalRequests/whatsapp");
        let body = json!({ "name": name, "category": category });
        self.execute(&Request::post_json(Host::Content, path, body))
            .await
    }

    /// A template's WhatsApp approval now.
    pub async fn fetch_approval(&self, sid: &ContentSid) -> Result<ApprovalRequest> {
        #[derive(Deserialize)]
        struct Fetched {
            whatsapp: ApprovalRequest,
        }
        let path = format!("/v1/Content/{sid}/ApprovalRequests");
        let fetched: Fetched = self.execute(&Request::get(Host::Content, path)).await?;
        Ok(fetched.whatsapp)
    }

    /// Deletes a template at Twilio (for every sender of the account at once).
    pub async fn delete_content(&self, sid: &ContentSid) -> Result<()> {
        let path = format!("/v1/Content/{sid}");
        self.execute::<Value>(&Request::delete(Host::Content, path))
            .await
            .map(|_| ())
    }
}

/// A text template to create.
#[derive(Clone, Debug)]
pub struct NewTextContent<'a> {
    /// Name (also its future WhatsApp name).
    pub name: &'a str,
    /// Language code.
    pub language: &'a str,
    /// Text with `{{1}}`… variables.
    pub body: &'a str,
    /// A sample value per variable.
    pub samples: &'a BTreeMap<String, String>,
}

/// A template's WhatsApp approval request (`approval_requests` / `whatsapp`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ApprovalRequest {
    /// WhatsApp name (empty before submission).
    #[serde(default)]
    pub name: String,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION` (or a legacy value).
    #[serde(default)]
    pub category: String,
    /// `unsubmitted`, `received`, `pending`, `approved`, `rejected`, `paused`, `disabled`…
    #[serde(default)]
    pub status: String,
    /// Meta's reason, `""` unless rejected.
    #[serde(default)]
    pub rejection_reason: String,
}

/// A template of `/v1/ContentAndApprovals`.
#[derive(Clone, Debug, Deserialize)]
pub struct ContentWithApproval {
    /// The template itself.
    #[serde(flatten)]
    pub content: wire::Content,
    /// Its WhatsApp approval.
    #[serde(default)]
    pub approval_requests: Option<ApprovalRequest>,
}

/// A page of `/v1/ContentAndApprovals`.
#[derive(Clone, Debug, Deserialize)]
pub struct ContentWithApprovalPage {
    /// The records.
    pub contents: Vec<ContentWithApproval>,
    /// Paging links.
    #[serde(default)]
    pub meta: Option<wire::PageMeta>,
}

impl Page for ContentWithApprovalPage {
    type Item = ContentWithApproval;
    fn next_link(&self) -> Option<&str> {
        self.meta.as_ref()?.next_page_url.as_deref()
    }
    fn into_items(self) -> Vec<ContentWithApproval> {
        self.contents
    }
}
