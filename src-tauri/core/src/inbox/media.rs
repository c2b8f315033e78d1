//! A thread's media from the local archive: images shown inline, other files opened with the
//! system's app after a confirmation. Files are read only from the archive's media folder
//! (a path stored in the archive that leads elsewhere is refused), only for a viewer who may
//! read the conversation, and never run: images go to the page as bytes, and a file is
//! offered to the system only when its name has one of the known, non-executable extensions
//! the sync gives it.

use super::list;
use super::visibility::Viewer;
use crate::error::{Error, Result};
use crate::store::media::{self, MediaItem};
use crate::store::{messages, Store};
use std::path::{Path, PathBuf};

/// The image types shown inline (SVG never: it may carry script).
pub const INLINE_IMAGE_TYPES: [&str; 5] = [
    "image/jpeg",
    "image/jpg",
    "image/png",
    "image/gif",
    "image/webp",
];
/// The largest image read for the page.
pub const MAX_INLINE_BYTES: u64 = 16 * 1024 * 1024;
/// The extensions the sync gives files (`bin` for an unknown type is never opened).
const OPENABLE_EXTENSIONS: [&str; 10] = [
    "jpg", "png", "gif", "webp", "ogg", "mp3", "amr", "mp4", "pdf", "vcf",
];

/// A downloaded medium the viewer may read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaFile {
    /// The archive's record of it.
    pub item: MediaItem,
    /// Where it is, inside the media folder.
    pub path: PathBuf,
}

impl MediaFile {
    /// Whether the page shows it inline.
    pub fn is_inline_image(&self) -> bool {
        is_inline_image(self.item.content_type.as_deref())
    }

    /// Whether it may be handed to the system's app (a known, non-executable kind of file).
    pub fn is_openable(&self) -> bool {
        self.path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| OPENABLE_EXTENSIONS.contains(&e))
    }
}

/// Whether a MIME type is shown inline.
pub fn is_inline_image(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| INLINE_IMAGE_TYPES.contains(&t.to_ascii_lowercase().as_str()))
}

/// Medium `sid` of the archive whose media folder is `media_dir`, if `viewer` may read its
/// conversation and it was downloaded into that folder.
pub fn media_file(
    store: &Store,
    viewer: &Viewer,
    media_dir: &Path,
    sid: &str,
    now: i64,
) -> Result<MediaFile> {
    let item = media::by_sid(store, sid)?.ok_or_else(|| missing(sid))?;
    let message = messages::by_sid(store, &item.message_sid)?.ok_or_else(|| missing(sid))?;
    list::conversation(store, viewer, message.conversation, now)?;
    let relative = item.file_path.clone().ok_or_else(|| not_downloaded(sid))?;
    let path = inside(media_dir, &relative).ok_or_else(|| not_downloaded(sid))?;
    Ok(MediaFile { item, path })
}

/// The bytes and type of image `sid`, for the thread to show inline.
pub fn image_bytes(
    store: &Store,
    viewer: &Viewer,
    media_dir: &Path,
    sid: &str,
    now: i64,
) -> Result<(String, Vec<u8>)> {
    let file = media_file(store, viewer, media_dir, sid, now)?;
    if !file.is_inline_image() {
        return Err(Error::invalid(
            "media",
            "ce fichier n'est pas une image affichable ici.",
            "this file is not an image that can be shown here.",
        ));
    }
    let size = std::fs::metadata(&file.path)
        .map_err(|e| Error::io("reading a media file", e))?
        .len();
    if size > MAX_INLINE_BYTES {
        return Err(Error::invalid(
            "media",
            "image trop grande pour être affichée ici : ouvrez-la avec une autre application.",
            "image too large to show here: open it with another app.",
        ));
    }
    let bytes = std::fs::read(&file.path).map_err(|e| Error::io("reading a media file", e))?;
    let kind = file
        .item
        .content_type
        .unwrap_or_default()
        .to_ascii_lowercase();
    Ok((kind, bytes))
}

/// Medium `sid`'s file, to hand to the system's app once the user confirmed: refused for a
/// kind of file Passerelle does not know (never run).
pub fn file_to_open(
    store: &Store,
    viewer: &Viewer,
    media_dir: &Path,
    sid: &str,
    now: i64,
) -> Result<PathBuf> {
    let file = media_file(store, viewer, media_dir, sid, now)?;
    if !file.is_openable() {
        return Err(Error::invalid(
            "media",
            "type de fichier inconnu : Passerelle ne l'ouvre pas, par prudence. Il reste dans le dossier des médias de l'archive.",
            "unknown kind of file: Passerelle does not open it, to be safe. It stays in the archive's media folder.",
        ));
    }
    Ok(file.path)
}

/// `dir/relative` when `relative` is a plain relative path that stays inside `dir` and the
/// file exists there.
fn inside(dir: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    let plain = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !plain {
        return None;
    }
    let path = dir.join(rel);
    let (root, real) = (dir.canonicalize().ok()?, path.canonicalize().ok()?);
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

fn missing(sid: &str) -> Error {
    Error::invalid(
        "media",
        format!("aucun média {sid} dans l'archive."),
        format!("no media {sid} in the archive."),
    )
}

fn not_downloaded(sid: &str) -> Error {
    Error::invalid(
        "media",
        format!("le fichier du média {sid} n'est pas (ou plus) dans le dossier des médias ; la prochaine synchronisation le récupère s'il est encore chez Twilio."),
        format!("the file of media {sid} is not (or no longer) in the media folder; the next sync fetches it if Twilio still has it."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_media_folder_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("media");
        std::fs::create_dir_all(media.join("MM1")).unwrap();
        std::fs::write(media.join("MM1/ME1.png"), b"png").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"no").unwrap();
        let cases = [
            ("MM1/ME1.png", true),
            ("MM1/absent.png", false),
            ("../secret.txt", false),
            ("MM1/../../secret.txt", false),
            ("/etc/passwd", false),
            ("", false),
        ];
        for (relative, ok) in cases {
            assert_eq!(inside(&media, relative).is_some(), ok, "{relative:?}");
        }
    }

    #[test]
    fn inline_images_are_raster_images_only() {
        let cases = [
            (Some("image/png"), true),
            (Some("IMAGE/JPEG"), true),
            (Some("image/webp"), true),
            (Some("image/svg+xml"), false),
            (Some("application/pdf"), false),
            (Some("text/html"), false),
            (None, false),
        ];
        for (kind, inline) in cases {
            assert_eq!(is_inline_image(kind), inline, "{kind:?}");
        }
    }
}
