//! Messages without a send date yet (queued, scheduled, or canceled before sending): Twilio's
//! date-filtered lists leave them out, so the shards never see them. After the shards, each
//! selected sender's unfiltered list (newest first) is walked back over the refresh window, or
//! to the oldest archived message still waiting, and its unsent messages are archived; when
//! they move on (sent, failed, canceled) the same walk or the shards update them.

use super::{plan, Run};
use crate::error::Result;
use crate::twilio::Request;
use futures_util::pin_mut;

impl Run<'_> {
    /// Walks every selected sender's recent outbound messages for the unsent ones.
    pub(super) async fn sweep_unsent(&self) -> Result<()> {
        let (senders, state) = self.writer.run(|w| w.sweep_targets()).await??;
        let since = plan::unsent_since(self.now, self.options, state);
        let recent = plan::sweep_recent(self.now, self.options);
        for sender in senders {
            if self.cancel.is_cancelled() {
                return Ok(());
            }
            self.sweep_sender(&sender, since, recent).await?;
        }
        Ok(())
    }

    async fn sweep_sender(&self, sender: &str, since: i64, recent: i64) -> Result<()> {
        let first = Request::messages(self.client.account_sid())
            .param("From", sender)
            .param(
                "PageSize",
                self.options.page_size.clamp(1, 1000).to_string(),
            );
        let pages = self.client.message_pages(first, None);
        pin_mut!(pages);
        while let Some(paged) = self.next_page(&mut pages).await? {
            let (unsent, more) = plan::sweep_page(paged.page.messages, since, recent);
            if !unsent.is_empty() {
                let count = unsent.len() as u64;
                let outcome = self
                    .writer
                    .run(move |w| w.commit_page(None, &unsent, None, false))
                    .await??;
                self.count_page(count, outcome);
            }
            if !more || paged.next.is_none() {
                break;
            }
        }
        Ok(())
    }
}
