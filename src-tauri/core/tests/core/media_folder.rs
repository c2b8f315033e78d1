//! The media folder: the estimate a sync carries while downloading, a sync that stops before
//! downloading what clearly will not fit, and moving the folder without losing a file, even
//! when the move is cut off and run again.

use crate::support::*;
use passerelle_core::media_folder::{self, MoveProgress, MoveStep};
use passerelle_core::store::media;
use passerelle_core::sync::{self, CancellationToken, MediaMode, Phase, Progress};
use passerelle_core::{Code, Error, Lang};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Every downloaded file's path and recorded size.
fn recorded(archive: &Archive) -> BTreeMap<String, u64> {
    media::all(&archive.store())
        .unwrap()
        .into_iter()
        .filter_map(|m| Some((m.file_path?, m.size_bytes?)))
        .collect()
}

/// Files under `dir` (relative path → size), `.part` included.
fn on_disk(dir: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let Ok(folders) = std::fs::read_dir(dir) else {
        return out;
    };
    for folder in folders.flatten().filter(|d| d.path().is_dir()) {
        for file in std::fs::read_dir(folder.path()).unwrap().flatten() {
            let name = format!(
                "{}/{}",
                folder.file_name().to_string_lossy(),
                file.file_name().to_string_lossy()
            );
            out.insert(name, file.metadata().unwrap().len());
        }
    }
    out
}

/// A synced archive with its media downloaded, and the estimates its progress carried.
fn synced_with_media() -> (Connected, Vec<u64>) {
    let c = connected(2_000);
    let estimates = Mutex::new(Vec::new());
    let progress = |p: &Progress| {
        if p.phase == Phase::MediaFiles {
            estimates.lock().unwrap().extend(p.media_estimate_bytes);
        }
    };
    c.rt.block_on(sync::sync_history(
        &c.archive.path,
        &c.client,
        &options(MediaMode::Files),
        &progress,
        &CancellationToken::new(),
    ))
    .expect("sync succeeds");
    let estimates = estimates.into_inner().unwrap();
    (c, estimates)
}

#[test]
fn the_media_phase_carries_an_estimate_refined_by_the_files_downloaded() {
    let (c, estimates) = synced_with_media();
    let files = recorded(&c.archive);
    assert!(files.len() > 10, "the history has media");
    let first = *estimates.first().expect("an estimate while downloading");
    // Before any file: typical sizes (a PNG at 250 kB, a PDF at 300 kB).
    assert!(
        first >= files.len() as u64 * 250_000,
        "{first} for {}",
        files.len()
    );
    assert_eq!(*estimates.last().unwrap(), 0, "nothing left at the end");
    assert!(estimates.windows(2).all(|w| w[1] <= w[0]), "{estimates:?}");
    let status = media_folder::status(&c.archive.store()).unwrap();
    assert_eq!(status.files_present, files.len() as u64);
    assert_eq!(status.bytes_present, files.values().sum::<u64>());
    assert_eq!((status.files_pending, status.estimate_bytes), (0, 0));
    assert!(status.is_default);
    assert_eq!(status.folder, c.archive.dir.path().join("media"));
}

#[test]
fn moving_the_media_folder_copies_switches_then_cleans_and_a_cut_off_move_resumes() {
    let (c, _) = synced_with_media();
    let old = c.archive.dir.path().join("media");
    let files = recorded(&c.archive);
    assert_eq!(on_disk(&old), files);
    let target = tempfile::tempdir().unwrap();
    let new = target.path().join("Passerelle media");
    let store = c.archive.store();

    // Cancelled after the first progress report: the old folder stays in use, complete.
    let cancel = CancellationToken::new();
    let cut = |p: &MoveProgress| {
        if p.files_done > 0 {
            cancel.cancel();
        }
    };
    let err = media_folder::move_to(&store, &new, &cut, &cancel).unwrap_err();
    assert_eq!(err.code(), Code::Cancelled);
    assert_eq!(media_folder::current(&store).unwrap(), old);
    assert_eq!(on_disk(&old), files, "nothing lost");
    let copied = on_disk(&new);
    assert!(
        !copied.is_empty() && copied.len() < files.len(),
        "cut mid-copy: {} of {}",
        copied.len(),
        files.len()
    );
    // What a kill mid-file leaves: a truncated copy and a stray `.part`.
    let names: Vec<&String> = files.keys().collect();
    let victim = names[names.len() - 1];
    std::fs::create_dir_all(new.join(victim).parent().unwrap()).unwrap();
    std::fs::write(new.join(victim), b"trunc").unwrap();
    std::fs::write(new.join(format!("{victim}.part")), b"tr").unwrap();
    // And a file lost from the old folder before the move: the next sync fetches it again.
    let lost = names[names.len() - 2];
    std::fs::remove_file(old.join(lost)).unwrap();

    let report = media_folder::move_to(&store, &new, &|_| {}, &CancellationToken::new())
        .expect("the resumed move ends");
    assert_eq!(report.files_missing, 1);
    assert_eq!(
        report.files_already_there + report.files_copied,
        files.len() as u64 - 1
    );
    assert!(
        report.files_already_there >= copied.len() as u64 - 1,
        "{report:?}"
    );
    assert_eq!(
        media_folder::current(&store).unwrap(),
        new.canonicalize().unwrap()
    );
    let mut moved = on_disk(&new);
    moved.retain(|name, _| !name.ends_with(".part"));
    let mut expected = files.clone();
    expected.remove(lost);
    assert_eq!(moved, expected, "every file, none truncated");
    assert!(!old.exists(), "the old folder is cleaned away");

    // The next sync puts the lost file in the new folder, none in the old one.
    sync_now(&c.rt, &c.archive, &c.client, &options(MediaMode::Files));
    assert_eq!(recorded(&c.archive), files);
    moved = on_disk(&new);
    moved.retain(|name, _| !name.ends_with(".part"));
    assert_eq!(moved, files);
    assert!(!old.exists(), "nothing written to the old folder");
}

#[test]
fn a_move_killed_after_its_switch_loses_nothing_and_run_again_deletes_the_old_files() {
    let (c, _) = synced_with_media();
    let old = c.archive.dir.path().join("media");
    let files = recorded(&c.archive);
    let target = tempfile::tempdir().unwrap();
    let new = target.path().join("media");
    let store = c.archive.store();
    // The process dies right after the switch, before any old file is deleted.
    let die = |p: &MoveProgress| {
        assert!(p.step != MoveStep::Cleaning, "killed");
    };
    let killed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        media_folder::move_to(&store, &new, &die, &CancellationToken::new())
    }));
    assert!(killed.is_err());
    let new = new.canonicalize().unwrap();
    assert_eq!(media_folder::current(&store).unwrap(), new, "switched");
    assert_eq!(on_disk(&new), files, "the new folder is complete");
    assert_eq!(on_disk(&old), files, "the old files are still there");

    let again = media_folder::move_to(&store, &new, &|_| {}, &CancellationToken::new()).unwrap();
    assert_eq!(again.from, again.to, "nothing more to copy");
    assert!(!old.exists(), "the old files are deleted this time");
    assert_eq!(on_disk(&new), files);
}

#[test]
fn a_move_is_refused_inside_the_current_folder_or_where_it_cannot_write() {
    let archive = Archive::new();
    let store = archive.store();
    let old = archive.dir.path().join("media");
    let none = CancellationToken::new();
    let inside = media_folder::move_to(&store, &old.join("sub"), &|_| {}, &none).unwrap_err();
    assert_eq!(inside.code(), Code::InvalidInput);
    assert!(inside
        .message(Lang::En)
        .contains("inside the current media folder"));
    assert!(inside.message(Lang::Fr).contains("à l'intérieur"));

    // A folder under a file can never be created (root ignores permission bits).
    let file = archive.dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let blocked = media_folder::move_to(&store, &file.join("media"), &|_| {}, &none).unwrap_err();
    assert_eq!(blocked.code(), Code::InvalidInput);
    assert!(
        blocked.message(Lang::En).contains("cannot write"),
        "{blocked}"
    );
    assert!(blocked.message(Lang::Fr).contains("impossible d'écrire"));
    assert_eq!(
        media_folder::current(&store).unwrap(),
        old,
        "nothing switched"
    );
}

/// A tmpfs of `size` mounted at `path` (root only); unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(path: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(path).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(path.to_owned()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn media_that_clearly_will_not_fit_stop_the_sync_before_downloading_and_nothing_is_lost() {
    let c = connected(2_000);
    let small = c.archive.dir.path().join("small-disk");
    let Some(_disk) = Tmpfs::mount(&small, "8m") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root");
        return;
    };
    let options = sync::SyncOptions {
        media_dir: Some(small.clone()),
        ..options(MediaMode::Files)
    };
    let err =
        c.rt.block_on(sync::sync_history(
            &c.archive.path,
            &c.client,
            &options,
            &|_| {},
            &CancellationToken::new(),
        ))
        .unwrap_err();
    assert_eq!(err.code(), Code::NotEnoughSpace, "{err}");
    let Error::NotEnoughSpace { needed, free, .. } = &err else {
        unreachable!()
    };
    assert!(*free <= 8 << 20 && *needed > *free);
    let (en, fr) = (err.message(Lang::En), err.message(Lang::Fr));
    for text in [&en, &fr] {
        assert!(text.contains(&small.display().to_string()), "{text}");
    }
    assert!(
        en.contains("move the media folder") && en.contains("free some space"),
        "{en}"
    );
    assert!(fr.contains("déplacez le dossier des médias"), "{fr}");
    assert!(on_disk(&small).is_empty(), "nothing written");
    assert_archive_equals_sim(&c.info, &c.archive.path);
    let status = media_folder::status(&c.archive.store()).unwrap();
    assert!(
        status.files_pending > 10,
        "the media are listed, to fetch later"
    );

    // Asked to go ahead anyway, the (tiny) simulator files do fit.
    let anyway = sync::SyncOptions {
        check_space: false,
        ..options
    };
    sync_now(&c.rt, &c.archive, &c.client, &anyway);
    assert_eq!(on_disk(&small).len() as u64, status.files_pending);
}

#[test]
fn a_move_to_a_disk_without_the_room_is_refused_before_copying() {
    let (c, _) = synced_with_media();
    let total: u64 = recorded(&c.archive).values().sum();
    let small = c.archive.dir.path().join("small-disk");
    let Some(_disk) = Tmpfs::mount(&small, "4k") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root");
        return;
    };
    let store = c.archive.store();
    let err = media_folder::move_to(
        &store,
        &small.join("media"),
        &|_| {},
        &CancellationToken::new(),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::NotEnoughSpace, "{err} ({total} bytes)");
    assert!(err.message(Lang::En).contains("Nothing was moved"));
    assert!(on_disk(&small.join("media")).is_empty());
    assert_eq!(
        media_folder::current(&store).unwrap(),
        c.archive.dir.path().join("media")
    );
}
