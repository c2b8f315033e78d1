//! How much room the media still to download will take, before any of it is fetched: Twilio's
//! Media resource gives a content type but no size, so the estimate is a count per kind times a
//! typical size, refined by the real sizes of the files of that kind already downloaded.

use serde::{Deserialize, Serialize};

/// The kinds of media whose sizes differ by orders of magnitude.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Photos and stickers.
    Image,
    /// Video clips.
    Video,
    /// Voice notes and audio files.
    Audio,
    /// PDFs, contact cards and anything else.
    Document,
}

const KINDS: [Kind; 4] = [Kind::Image, Kind::Video, Kind::Audio, Kind::Document];

impl Kind {
    /// The kind of a MIME type (`image/jpeg` → image); unknown or missing types count as
    /// documents, the catch-all WhatsApp itself uses.
    pub fn of(content_type: Option<&str>) -> Kind {
        let main = content_type
            .and_then(|t| t.split('/').next())
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match main.as_str() {
            "image" => Kind::Image,
            "video" => Kind::Video,
            "audio" => Kind::Audio,
            _ => Kind::Document,
        }
    }

    fn index(self) -> usize {
        match self {
            Kind::Image => 0,
            Kind::Video => 1,
            Kind::Audio => 2,
            Kind::Document => 3,
        }
    }

    /// A typical WhatsApp file of this kind, in bytes, used until real files are measured.
    ///
    /// Where the figures come from: WhatsApp re-encodes what users send before it reaches
    /// Twilio. Meta's Cloud API media limits (image 5 MB, audio and video 16 MB, document
    /// 100 MB; Twilio caps WhatsApp media at 16 MB) are ceilings, not typical sizes. Photos are
    /// recompressed to JPEG at about 1600 px on the long edge: 100–400 kB, so 250 kB. Voice
    /// notes are Opus at about 16–32 kbit/s and mostly under a minute: about 150 kB. Videos are
    /// re-encoded to roughly 1–2 Mbit/s and are mostly short clips (15–30 s): about 4 MB.
    /// Business documents are mostly one- or two-page PDFs (quotes, invoices): about 300 kB.
    /// These are engineering assumptions, not measurements; the estimate moves to the real
    /// averages as files are downloaded (see [`expected_size`]).
    pub fn typical_bytes(self) -> u64 {
        match self {
            Kind::Image => 250_000,
            Kind::Video => 4_000_000,
            Kind::Audio => 150_000,
            Kind::Document => 300_000,
        }
    }
}

/// How many downloaded files of a kind weigh as much as the typical size: with a few files the
/// typical size still counts, with many the real average takes over (a shrunk mean, so one
/// large first file does not swing the estimate tenfold).
const PRIOR_WEIGHT: u64 = 5;

/// The size to expect for one more file of `kind`, given `downloaded` files of that kind
/// weighing `bytes` in all.
pub fn expected_size(kind: Kind, downloaded: u64, bytes: u64) -> u64 {
    let prior = kind.typical_bytes() * PRIOR_WEIGHT;
    (prior + bytes) / (PRIOR_WEIGHT + downloaded)
}

/// Counts per kind: files still to download, files downloaded and their total size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    /// Files listed but not downloaded yet.
    pub pending: u64,
    /// Files downloaded.
    pub downloaded: u64,
    /// Their total size in bytes.
    pub downloaded_bytes: u64,
}

/// The counts of every kind, updated as files arrive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tallies([KindCounts; 4]);

impl Tallies {
    /// Adds `count` files of `content_type` (downloaded ones with their total `bytes`).
    pub fn add(&mut self, content_type: Option<&str>, downloaded: bool, count: u64, bytes: u64) {
        let k = &mut self.0[Kind::of(content_type).index()];
        if downloaded {
            k.downloaded += count;
            k.downloaded_bytes += bytes;
        } else {
            k.pending += count;
        }
    }

    /// One file of `content_type` arrived with `size` bytes: one fewer to fetch, one more
    /// measured.
    pub fn downloaded(&mut self, content_type: Option<&str>, size: u64) {
        let k = &mut self.0[Kind::of(content_type).index()];
        k.pending = k.pending.saturating_sub(1);
        k.downloaded += 1;
        k.downloaded_bytes += size;
    }

    /// The counts of one kind.
    pub fn of(&self, kind: Kind) -> KindCounts {
        self.0[kind.index()]
    }

    /// Files still to download, every kind together.
    pub fn pending(&self) -> u64 {
        self.0.iter().map(|k| k.pending).sum()
    }

    /// Files downloaded and their total size.
    pub fn downloaded_total(&self) -> (u64, u64) {
        self.0.iter().fold((0, 0), |(n, b), k| {
            (n + k.downloaded, b + k.downloaded_bytes)
        })
    }

    /// The estimated size of the files still to download.
    pub fn remaining_bytes(&self) -> u64 {
        KINDS
            .iter()
            .map(|&kind| {
                let k = self.of(kind);
                k.pending * expected_size(kind, k.downloaded, k.downloaded_bytes)
            })
            .sum()
    }
}

/// Whether the media to download fit in the free space of their folder's disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Room {
    /// Room to spare (or the free space is unknown: the full-disk stop still protects).
    Fits,
    /// Within the estimate's margin of error: the download goes ahead, and a full disk would
    /// still stop it cleanly.
    Tight,
    /// Even if the files were a quarter smaller than estimated, they would not fit: the sync
    /// stops before downloading.
    WontFit,
}

/// How far below the estimate real sizes may plausibly land (a quarter): beyond that margin a
/// shortfall is "clearly" one.
const MARGIN_PERCENT: u64 = 75;

/// Compares `needed` bytes with the `free` bytes of the disk.
pub fn room(needed: u64, free: Option<u64>) -> Room {
    let Some(free) = free else {
        return Room::Fits;
    };
    if needed.saturating_mul(MARGIN_PERCENT) / 100 > free {
        Room::WontFit
    } else if needed > free {
        Room::Tight
    } else {
        Room::Fits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_table() {
        let cases = [
            (Some("image/jpeg"), Kind::Image),
            (Some("IMAGE/webp"), Kind::Image),
            (Some("video/mp4"), Kind::Video),
            (Some("audio/ogg; codecs=opus"), Kind::Audio),
            (Some("application/pdf"), Kind::Document),
            (Some("text/vcard"), Kind::Document),
            (Some(""), Kind::Document),
            (None, Kind::Document),
        ];
        for (content_type, want) in cases {
            assert_eq!(Kind::of(content_type), want, "{content_type:?}");
        }
    }

    #[test]
    fn expected_size_table() {
        let cases = [
            // Nothing measured: the typical size.
            (Kind::Image, 0, 0, 250_000),
            (Kind::Video, 0, 0, 4_000_000),
            // One tiny file barely moves it; a thousand of them set it.
            (Kind::Image, 1, 1_000, 208_500),
            (Kind::Image, 1_000, 1_000_000, 2_238),
            // One huge first document does not make every document huge.
            (Kind::Document, 1, 60_000_000, 10_250_000),
        ];
        for (kind, downloaded, bytes, want) in cases {
            assert_eq!(
                expected_size(kind, downloaded, bytes),
                want,
                "{kind:?} {downloaded} {bytes}"
            );
        }
    }

    #[test]
    fn remaining_bytes_table() {
        let mut t = Tallies::default();
        assert_eq!(t.remaining_bytes(), 0, "nothing listed");
        t.add(Some("image/jpeg"), false, 4, 0);
        t.add(Some("video/mp4"), false, 1, 0);
        t.add(None, false, 2, 0);
        assert_eq!(t.pending(), 7);
        assert_eq!(t.remaining_bytes(), 4 * 250_000 + 4_000_000 + 2 * 300_000);
        // Refined as files arrive: one image of 10 kB.
        t.downloaded(Some("image/png"), 10_000);
        assert_eq!(t.of(Kind::Image).pending, 3);
        assert_eq!(t.remaining_bytes(), 3 * 210_000 + 4_000_000 + 2 * 300_000);
        assert_eq!(t.downloaded_total(), (1, 10_000));
        // A file more than was counted never makes the pending count wrap.
        t.downloaded(Some("audio/ogg"), 5);
        assert_eq!(t.of(Kind::Audio).pending, 0);
    }

    #[test]
    fn room_table() {
        let cases = [
            (0, Some(0), Room::Fits),
            (100, None, Room::Fits),
            (100, Some(100), Room::Fits),
            (100, Some(99), Room::Tight),
            (100, Some(75), Room::Tight),
            (100, Some(74), Room::WontFit),
            (1_200_000_000, Some(300_000_000), Room::WontFit),
            (u64::MAX, Some(u64::MAX / 2), Room::Tight),
        ];
        for (needed, free, want) in cases {
            assert_eq!(room(needed, free), want, "{needed} {free:?}");
        }
    }
}
