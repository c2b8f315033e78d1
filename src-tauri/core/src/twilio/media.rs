//! The media of a message: their list (relative `next_page_uri` links) and the files
//! themselves, downloaded with Basic auth to Twilio's URL only.

use super::{request::error_from_response, wire, Client, Host, Request};
use crate::error::{Error, Result};
use crate::http::{self, download, pages, Failure, Idempotence, Outcome, Paged};
use crate::ids::MessageSid;
use futures_util::Stream;
use std::path::Path;
use url::Url;

impl Client {
    /// The pages of a message's media list, lazily.
    pub fn media_pages(
        &self,
        message_sid: &MessageSid,
    ) -> impl Stream<Item = Result<Paged<wire::MediaPage>>> + '_ {
        let first = Request::get(
            Host::Api,
            format!(
                "/2010-04-01/Accounts/{}/Messages/{message_sid}/Media.json",
                self.account_sid()
            ),
        )
        .param("PageSize", "100");
        self.pages(first, None)
    }

    /// Every media item of a message (a handful at most).
    pub async fn media_of(&self, message_sid: &MessageSid) -> Result<Vec<wire::Media>> {
        pages::collect_items(self.media_pages(message_sid)).await
    }

    /// Downloads a media file to `dest` (through `dest.part`, renamed when complete). Basic
    /// auth goes to Twilio's media URL only; its redirect (a signed CDN link) is followed
    /// without credentials. Returns the number of bytes written.
    pub async fn download_media(&self, media_uri: &str, dest: &Path) -> Result<u64> {
        let path = media_uri.strip_suffix(".json").unwrap_or(media_uri);
        self.inner
            .policy
            .run(
                Idempotence::Safe,
                path,
                &self.inner.reach,
                |attempt| async move {
                    let result = {
                        let _slot = self.inner.throttle.acquire().await;
                        self.download_once(path, dest, attempt).await
                    };
                    match &result {
                        Ok(_) => self.inner.throttle.on_success(),
                        Err(f) if f.outcome == Outcome::Status(429) => {
                            self.inner.throttle.on_throttled()
                        }
                        Err(_) => {}
                    }
                    result
                },
            )
            .await
    }

    async fn download_once(
        &self,
        path: &str,
        dest: &Path,
        attempt: u32,
    ) -> std::result::Result<u64, Failure> {
        let inner = &self.inner;
        let api_url = Url::parse(&inner.endpoints.url_for(Host::Api, path)).map_err(|e| {
            Failure::new(
                Outcome::Status(400),
                Error::Internal(format!("media URL: {e}")),
            )
        })?;
        let (user, pass) = inner.credentials.basic();
        inner.counters.sent(attempt);
        let response = inner
            .http
            .get(api_url.clone())
            .basic_auth(user, Some(pass))
            .send()
            .await
            .map_err(|e| http::network_failure(&e))?;
        let response =
            download::follow_redirects(&inner.cdn, &api_url, response, &inner.counters).await?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let body = response.bytes().await.unwrap_or_default();
            return Err(Failure::new(
                Outcome::Status(status),
                error_from_response(status, &body),
            ));
        }
        download::to_file(response, dest).await
    }
}

impl Client {
    /// Deletes one media file of a message at Twilio (`DELETE …/Media/{ME}.json`).
    pub async fn delete_media(&self, message_sid: &str, media_sid: &str) -> Result<()> {
        let request = Request::delete(
            Host::Api,
            format!(
                "/2010-04-01/Accounts/{}/Messages/{message_sid}/Media/{media_sid}.json",
                self.account_sid()
            ),
        );
        self.execute::<()>(&request).await
    }
}
