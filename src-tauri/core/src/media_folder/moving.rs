//! Moving the media folder: copy every downloaded file to the new folder, switch the setting in
//! one write, then delete the old files. A kill at any moment loses nothing: before the switch
//! the old folder is complete and still the one in use; after it the new one is complete. A
//! move run again after a kill skips the files already copied (same size).

use super::{choose, cleaned, current, free_bytes, previous};
use crate::error::{Error, Result};
use crate::store::{media, Store};
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};
use tokio_util::sync::CancellationToken;

/// Stage of a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveStep {
    /// Copying the files (cancellable; the old folder stays in use).
    Copying,
    /// The new folder is in use; the old files are being deleted.
    Cleaning,
    /// Finished.
    Done,
}

/// Progress of a move, sent every few files.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MoveProgress {
    /// Stage.
    pub step: MoveStep,
    /// Files handled so far.
    pub files_done: u64,
    /// Files to handle.
    pub files_total: u64,
    /// Bytes handled so far.
    pub bytes_done: u64,
    /// Bytes to handle.
    pub bytes_total: u64,
}

/// What a move did.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct MoveReport {
    /// The folder the media were in.
    pub from: PathBuf,
    /// The folder they are in now.
    pub to: PathBuf,
    /// Files copied (or linked, on the same disk).
    pub files_copied: u64,
    /// Files already in the new folder with the same size (an earlier, interrupted move).
    pub files_already_there: u64,
    /// Files recorded as downloaded but missing from the old folder: the next sync fetches
    /// them again.
    pub files_missing: u64,
    /// Bytes of the media now in the new folder.
    pub bytes: u64,
}

/// One file to carry over.
struct Item {
    sid: String,
    from: PathBuf,
    to: PathBuf,
    /// The old file's size, `None` when it is missing.
    size: Option<u64>,
    /// Already in the new folder with that size.
    there: bool,
}

/// Files between two progress reports.
const REPORT_EVERY: u64 = 25;

/// Moves the media folder of `store` to `new_dir` (see the module). Refuses a target inside the
/// current folder, one that cannot be written, or one without the room for the files, before
/// copying anything. `cancel` stops the copy; the old folder then stays in use, complete.
pub fn move_to(
    store: &Store,
    new_dir: &Path,
    progress: &dyn Fn(&MoveProgress),
    cancel: &CancellationToken,
) -> Result<MoveReport> {
    finish_cleaning(store)?;
    let from = resolved(&current(store)?)?;
    let to = resolved(new_dir)?;
    let mut report = MoveReport {
        from: from.clone(),
        to: to.clone(),
        files_copied: 0,
        files_already_there: 0,
        files_missing: 0,
        bytes: 0,
    };
    if to == from {
        return Ok(report);
    }
    if to.starts_with(&from) {
        return Err(Error::invalid(
            "folder",
            format!("{} est à l'intérieur du dossier des médias actuel ({}) : choisissez un dossier ailleurs", to.display(), from.display()),
            format!("{} is inside the current media folder ({}): choose a folder elsewhere", to.display(), from.display()),
        ));
    }
    writable(&to)?;
    let items = plan(store, &from, &to)?;
    let bytes_total: u64 = items.iter().filter_map(|i| i.size).sum();
    check_room(&items, &from, &to)?;

    let mut step = MoveProgress {
        step: MoveStep::Copying,
        files_done: 0,
        files_total: items.len() as u64,
        bytes_done: 0,
        bytes_total,
    };
    progress(&step);
    let same_disk = same_disk(&from, &to);
    for item in &items {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        match item.size {
            None => report.files_missing += 1,
            Some(_) if item.there => report.files_already_there += 1,
            Some(_) => {
                carry(item, same_disk)?;
                report.files_copied += 1;
            }
        }
        step.files_done += 1;
        step.bytes_done += item.size.unwrap_or(0);
        if step.files_done.is_multiple_of(REPORT_EVERY) {
            progress(&step);
        }
    }
    report.bytes = bytes_total;

    // The switch: from here on the new folder is the one in use.
    choose(store, &to, Some(&from))?;
    for item in items.iter().filter(|i| i.size.is_none()) {
        media::forget_download(store, &item.sid)?;
    }
    step.step = MoveStep::Cleaning;
    progress(&step);
    clean(&items, &from);
    cleaned(store)?;
    step.step = MoveStep::Done;
    progress(&step);
    tracing::info!(
        copied = report.files_copied,
        already = report.files_already_there,
        missing = report.files_missing,
        "media folder moved"
    );
    Ok(report)
}

/// Ends the cleaning of a move killed after its switch: the old files whose copy is in the
/// folder now in use are deleted.
fn finish_cleaning(store: &Store) -> Result<()> {
    let Some(old) = previous(store)? else {
        return Ok(());
    };
    let now = resolved(&current(store)?)?;
    if old != now {
        clean(&plan(store, &old, &now)?, &old);
    }
    cleaned(store)
}

/// `path` made absolute, with its existing part's links and `..` resolved, so two spellings of
/// one folder compare equal.
fn resolved(path: &Path) -> Result<PathBuf> {
    let absolute =
        std::path::absolute(path).map_err(|e| Error::io("reading the folder's path", e))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            return Ok(absolute);
        };
        rest.push(name.to_owned());
        existing = parent;
    }
    let mut out = existing
        .canonicalize()
        .map_err(|e| Error::io("reading the folder's path", e))?;
    out.extend(rest.iter().rev());
    Ok(out)
}

/// Creates `dir` and proves a file can be written in it.
fn writable(dir: &Path) -> Result<()> {
    let refused = |why: &std::io::Error| {
        Error::invalid(
            "folder",
            format!("impossible d'écrire dans {} ({why}) : choisissez un dossier qui vous appartient, sur un disque branché", dir.display()),
            format!("cannot write in {} ({why}): choose a folder you own, on a connected disk", dir.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| refused(&e))?;
    let probe = dir.join(".passerelle-write-test");
    std::fs::write(&probe, b"ok").map_err(|e| refused(&e))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Every downloaded file, with where it is and where it goes.
fn plan(store: &Store, from: &Path, to: &Path) -> Result<Vec<Item>> {
    let files = media::downloaded_files(store)?;
    Ok(files
        .into_iter()
        .map(|f| {
            let relative = Path::new(&f.relative_path);
            // A path that leaves the folder was never written by a sync: treated as missing.
            let plain = relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
            let (old, new) = (from.join(relative), to.join(relative));
            let size = std::fs::metadata(&old)
                .ok()
                .filter(|m| plain && m.is_file())
                .map(|m| m.len());
            let there = size.is_some()
                && std::fs::metadata(&new).is_ok_and(|m| m.is_file() && Some(m.len()) == size);
            Item {
                sid: f.sid,
                from: old,
                to: new,
                size,
                there,
            }
        })
        .collect())
}

/// Refuses a move whose files clearly do not fit (a move on the same disk links them: no room
/// needed).
fn check_room(items: &[Item], from: &Path, to: &Path) -> Result<()> {
    if same_disk(from, to) {
        return Ok(());
    }
    let needed: u64 = items
        .iter()
        .filter(|i| !i.there)
        .filter_map(|i| i.size)
        .sum();
    match free_bytes(to) {
        Some(free) if free < needed => Err(Error::NotEnoughSpace {
            folder: to.display().to_string(),
            needed,
            free,
            moving: true,
        }),
        _ => Ok(()),
    }
}

/// Whether both folders are on one disk (then a file is linked, not copied).
#[cfg(unix)]
fn same_disk(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let dev = |p: &Path| {
        p.ancestors()
            .find_map(|q| std::fs::metadata(q).ok())
            .map(|m| m.dev())
    };
    matches!((dev(a), dev(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(not(unix))]
fn same_disk(_a: &Path, _b: &Path) -> bool {
    false
}

/// Puts one file in the new folder: written as `.part`, renamed once complete, so a kill never
/// leaves a truncated file under the real name.
fn carry(item: &Item, same_disk: bool) -> Result<()> {
    let parent = item.to.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io("creating a media folder", e))?;
    let mut part = item.to.clone().into_os_string();
    part.push(".part");
    let part = PathBuf::from(part);
    let _ = std::fs::remove_file(&part);
    let linked = same_disk && std::fs::hard_link(&item.from, &part).is_ok();
    if !linked {
        std::fs::copy(&item.from, &part).map_err(|e| Error::io("copying a media file", e))?;
    }
    std::fs::rename(&part, &item.to).map_err(|e| Error::io("copying a media file", e))
}

/// Deletes the old files whose copy is in the new folder (same size) and the folders left
/// empty. What cannot be deleted stays: nothing is lost, only space.
fn clean(items: &[Item], from: &Path) {
    for item in items {
        let copied = std::fs::metadata(&item.to).is_ok_and(|m| Some(m.len()) == item.size);
        if copied {
            let _ = std::fs::remove_file(&item.from);
        }
        if let Some(parent) = item.from.parent() {
            let _ = std::fs::remove_dir(parent);
        }
    }
    let _ = std::fs::remove_dir(from);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_one_folder_resolve_alike() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let plain = resolved(&dir.path().join("a/new")).unwrap();
        let dotted = resolved(&dir.path().join("a/../a/./new")).unwrap();
        assert_eq!(plain, dotted);
        assert!(plain.is_absolute());
    }
}
