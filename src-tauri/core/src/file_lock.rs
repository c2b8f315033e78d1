//! An exclusive advisory lock on a file, taken without waiting: one holder at a time across
//! processes, and the kernel releases it when its holder ends — a crash or a kill never leaves
//! it taken. Used for one sync of an archive at a time and for one window per user.

use std::fs::File;
use std::path::Path;

/// A lock held for as long as this value lives.
pub struct FileLock {
    _file: File,
}

/// Takes the lock on `path` (created if missing): `Ok(None)` when another holder has it.
/// Systems without `flock` (Windows) always answer `Ok(Some)`: no guard there.
pub fn try_lock(path: &Path) -> std::io::Result<Option<FileLock>> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    if locked_elsewhere(&file)? {
        return Ok(None);
    }
    Ok(Some(FileLock { _file: file }))
}

#[cfg(unix)]
fn locked_elsewhere(file: &File) -> std::io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(false),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(true),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(unix))]
fn locked_elsewhere(_file: &File) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_then_free_again() {
        let path = std::env::temp_dir().join(format!("passerelle-lock-{}", std::process::id()));
        let first = try_lock(&path).unwrap().expect("the first takes it");
        assert!(try_lock(&path).unwrap().is_none(), "the second waits");
        drop(first);
        assert!(
            try_lock(&path).unwrap().is_some(),
            "free once the first has ended"
        );
        let _ = std::fs::remove_file(&path);
    }
}
