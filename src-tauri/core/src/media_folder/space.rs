//! Free space on the disk that holds a folder.

use std::path::Path;

/// Bytes an unprivileged user can still write on the disk of `dir` (or of its nearest existing
/// parent, for a folder not created yet); `None` when the system cannot tell.
pub fn free_bytes(dir: &Path) -> Option<u64> {
    let existing = dir.ancestors().find(|p| p.exists())?;
    available(existing)
}

#[cfg(unix)]
fn available(path: &Path) -> Option<u64> {
    let stats = rustix::fs::statvfs(path).ok()?;
    // `f_bavail`, not `f_bfree`: the blocks reserved for root are not ours to fill.
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
}

#[cfg(not(unix))]
fn available(_path: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_not_created_yet_reads_its_parents_disk() {
        let dir = tempfile::tempdir().unwrap();
        let here = free_bytes(dir.path()).expect("a temp folder's disk");
        let later = free_bytes(&dir.path().join("not/yet")).expect("its parent's disk");
        // Other processes write meanwhile: same disk, same order of magnitude.
        assert!(here > 0 && later > 0);
        assert!(
            here.abs_diff(later) < here / 2 + (1 << 30),
            "{here} {later}"
        );
    }
}
