//! The media phases of a run: list the media metadata of every message that has media, then
//! download the files not downloaded yet. A failure of one item is recorded and tried again on
//! the next run; only a fatal error stops the run.

use super::progress::{Phase, Tally};
use super::{Run, SkippedMedia};
use crate::error::{Error, Result, Severity};
use crate::ids::MessageSid;
use crate::media_folder::{self, Room, Tallies};
use crate::store::media::PendingMedia;
use crate::twilio::wire;
use futures_util::stream::StreamExt;
use std::path::Path;

/// How many messages' media metadata, or media files, are handled per batch.
const MEDIA_BATCH: usize = 200;

impl Run<'_> {
    /// Fetches the media metadata of every message that has media.
    pub(super) async fn list_media(&self) -> Result<()> {
        self.meter.set_phase(Phase::MediaMetadata);
        let total = self.writer.run(|w| w.media_metadata_pending()).await??;
        self.meter.tally.start_media(total);
        self.emit();
        let mut after = 0i64;
        loop {
            let batch = self
                .writer
                .run(move |w| w.messages_needing_media(after, MEDIA_BATCH))
                .await??;
            let Some(&(last, _)) = batch.last() else {
                return Ok(());
            };
            after = last;
            let fetched: Vec<(MessageSid, Result<Vec<wire::Media>>)> =
                futures_util::stream::iter(batch)
                    .map(|(_, sid)| async move {
                        let media = tokio::select! {
                            () = self.cancel.cancelled() => Err(Error::Cancelled),
                            media = self.client.media_of(&sid) => media,
                        };
                        (sid, media)
                    })
                    .buffer_unordered(self.options.workers.max(1))
                    .collect()
                    .await;
            let mut listed = Vec::new();
            for (sid, media) in fetched {
                match media {
                    Ok(media) => listed.push((sid, media)),
                    Err(Error::Cancelled) => {}
                    Err(e) => match e.severity() {
                        Severity::Fatal => return Err(e),
                        // Left unlisted: tried again on the next run.
                        Severity::Transient | Severity::Item => {
                            tracing::warn!(message = %sid, "media list failed: {e}")
                        }
                    },
                }
            }
            let handled = listed.len() as u64;
            let count = self.writer.run(move |w| w.record_media(&listed)).await??;
            Tally::add(&self.meter.tally.media_listed, count);
            Tally::add(&self.meter.tally.media_done, handled);
            self.emit();
            if self.cancel.is_cancelled() {
                return Ok(());
            }
        }
    }

    /// Downloads every media file not downloaded yet into the media folder.
    pub(super) async fn download_media(&self) -> Result<()> {
        self.meter.set_phase(Phase::MediaFiles);
        let dir = match &self.options.media_dir {
            Some(dir) => dir.clone(),
            None => self.writer.run(|w| w.media_folder()).await??,
        };
        let total = self.writer.run(|w| w.media_files_pending()).await??;
        self.meter.tally.start_media(total);
        let sizes = self.writer.run(|w| w.media_sizes()).await??;
        self.check_room(&dir, &sizes)?;
        *self
            .meter
            .tally
            .media_sizes
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(sizes);
        self.emit();
        let mut after = String::new();
        loop {
            let from = after.clone();
            let batch = self
                .writer
                .run(move |w| w.media_to_download(&from, MEDIA_BATCH))
                .await??;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            after = last.sid.to_string();
            let results: Vec<(PendingMedia, String, Result<u64>)> =
                futures_util::stream::iter(batch)
                    .map(|item| {
                        let dir = &dir;
                        async move {
                            let relative = media_file_name(&item);
                            let dest = dir.join(&relative);
                            let result = match tokio::fs::metadata(&dest).await {
                                // Downloaded by a run killed before recording it: the file is only
                                // renamed into place once complete.
                                Ok(meta) if meta.is_file() => Ok(meta.len()),
                                _ => tokio::select! {
                                    () = self.cancel.cancelled() => Err(Error::Cancelled),
                                    r = self.client.download_media(&item.uri, &dest) => r,
                                },
                            };
                            (item, relative, result)
                        }
                    })
                    .buffer_unordered(self.options.workers.max(1))
                    .collect()
                    .await;
            // Every file of the batch that arrived is recorded before a fatal error stops the
            // run (a full disk leaves the others for the next run).
            let mut fatal = None;
            for (item, relative, result) in results {
                match self.record_download(item, relative, result).await {
                    Ok(()) => Tally::add(&self.meter.tally.media_done, 1),
                    Err(e) => fatal = fatal.or(Some(e)),
                }
            }
            if let Some(e) = fatal {
                return Err(e);
            }
            self.emit();
            if self.cancel.is_cancelled() {
                return Ok(());
            }
        }
    }

    /// Stops the run before any download when the files clearly will not fit on `dir`'s disk.
    fn check_room(&self, dir: &Path, sizes: &Tallies) -> Result<()> {
        let needed = sizes.remaining_bytes();
        let free = media_folder::free_bytes(dir);
        match (media_folder::estimate::room(needed, free), free) {
            (Room::WontFit, Some(free)) if self.options.check_space => Err(Error::NotEnoughSpace {
                folder: dir.display().to_string(),
                needed,
                free,
                moving: false,
            }),
            _ => Ok(()),
        }
    }

    /// Records one download's outcome: the file, or why it is skipped this time.
    async fn record_download(
        &self,
        item: PendingMedia,
        relative: String,
        result: Result<u64>,
    ) -> Result<()> {
        match result {
            Ok(size) => {
                self.meter
                    .tally
                    .measured(item.content_type.as_deref(), size);
                let sid = item.sid.clone();
                self.writer
                    .run(move |w| w.record_download(&sid, &relative, size))
                    .await??;
                Tally::add(&self.meter.tally.media_downloaded, 1);
            }
            Err(Error::Cancelled) => {}
            Err(e) if e.severity() == Severity::Fatal => return Err(e),
            // Transient or this item only: recorded, tried again on the next run.
            Err(e) => {
                let reason = e.message(crate::Lang::En);
                let (sid, why) = (item.sid.clone(), reason.clone());
                self.writer
                    .run(move |w| w.record_skip(&sid, &why))
                    .await??;
                self.meter
                    .tally
                    .skipped
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(SkippedMedia {
                        media_sid: item.sid,
                        message_sid: item.message_sid,
                        reason,
                    });
            }
        }
        Ok(())
    }
}

/// `<message sid>/<media sid>.<ext>` under the media folder.
fn media_file_name(item: &PendingMedia) -> String {
    let ext = match item.content_type.as_deref().unwrap_or("") {
        "image/jpeg" | "image/jpg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/amr" => "amr",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        "text/vcard" | "text/x-vcard" => "vcf",
        _ => "bin",
    };
    format!("{}/{}.{ext}", item.message_sid, item.sid)
}
