//! Step 3's export: the whole archive as an HTML folder anyone can open (index, one page per
//! conversation, media, offline search), written where the user keeps documents under a name
//! that never overwrites an earlier export. The same export as `passerelle export --format
//! html`, so what the wizard offers is what the user actually gets.

use crate::error::Result;
use crate::export::{self, ExportReport, ExportRequest, ExportScope, Format, Zone};
use crate::store::{media_dir_for, Store};
use std::path::{Path, PathBuf};
use tokio_util::sync::CancellationToken;

/// A folder name in `parent` that does not exist yet: `passerelle-archive-<day>`, then
/// `-2`, `-3`…
pub fn free_name(parent: &Path, day: &str) -> PathBuf {
    export::names::free_path(parent, &format!("passerelle-archive-{day}"), "")
}

/// Exports the archive at `db` as an HTML folder in the Documents folder (else the home
/// folder); returns what was written.
pub fn export_archive(db: &Path, lang: crate::Lang) -> Result<ExportReport> {
    export_archive_to(db, &export::names::documents_folder(), lang)
}

/// [`export_archive`] into `parent` (tests).
pub fn export_archive_to(db: &Path, parent: &Path, lang: crate::Lang) -> Result<ExportReport> {
    let day = chrono::Local::now().format("%Y-%m-%d").to_string();
    let store = Store::open_read_only(db)?;
    let request = ExportRequest {
        format: Format::Html,
        scope: ExportScope::default(),
        out: free_name(parent, &day),
        media_dir: Some(media_dir_for(db)),
        zone: Zone::Local,
        lang,
        viewer: None,
    };
    export::export(&store, &request, &|_| {}, &CancellationToken::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_earlier_export_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_name(dir.path(), "2026-12-03");
        assert!(first.ends_with("passerelle-archive-2026-12-03"));
        std::fs::create_dir(&first).unwrap();
        let second = free_name(dir.path(), "2026-12-03");
        assert!(second.ends_with("passerelle-archive-2026-12-03-2"));
    }
}
