//! `passerelle media` shows the media folder, its counts, the estimate and the free space;
//! `passerelle media move <DIR>` moves it, and every later command follows it.

use std::path::Path;
use std::process::Command;

use crate::support::{archive, as_main, files_under, json, ok, recorded_media, run, sim};

#[test]
fn media_status_shows_the_folder_the_counts_the_estimate_and_the_free_space() {
    let sim = sim(2_000);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    ok(as_main(&a.db, info), &["sync", "--media", "metadata"]);

    let status = json(as_main(&a.db, info), &["media", "--json"]);
    let pending = status["files_pending"].as_u64().unwrap();
    assert!(pending > 10, "listed, not downloaded: {status}");
    assert_eq!(status["files_present"], 0);
    assert!(
        status["estimate_bytes"].as_u64().unwrap() >= pending * 250_000,
        "typical sizes before any download: {status}"
    );
    assert!(status["free_bytes"].as_u64().unwrap() > 0);
    assert_eq!(status["is_default"], true);
    assert_eq!(
        Path::new(status["folder"].as_str().unwrap()),
        a.dir.path().join("media")
    );

    let human = ok(as_main(&a.db, info), &["media"]);
    for line in ["Media folder:", "to download · about", "Free on its disk:"] {
        assert!(human.contains(line), "{line} in {human}");
    }
    let french = ok(as_main(&a.db, info), &["media", "--lang", "fr"]);
    assert!(french.contains("Dossier des médias") && french.contains("environ"));
    assert!(
        !a.dir.path().join("media").exists(),
        "reading creates nothing"
    );
}

#[test]
fn media_move_carries_every_file_and_later_syncs_follow_the_new_folder() {
    let sim = sim(2_000);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    ok(as_main(&a.db, info), &["sync"]);
    let old = a.dir.path().join("media");
    let reference = files_under(&old);
    assert!(reference.len() > 10, "the history has media");

    let new = a.dir.path().join("elsewhere").join("Media");
    let out = ok(
        as_main(&a.db, info),
        &["media", "move", new.to_str().unwrap()],
    );
    assert!(out.contains("Media moved to"), "{out}");
    assert_eq!(files_under(&new), reference, "every file, whole");
    assert!(!old.exists(), "the old folder is cleaned away");
    assert_eq!(recorded_media(&a.db), reference);
    let status = json(as_main(&a.db, info), &["media", "--json"]);
    assert_eq!(Path::new(status["folder"].as_str().unwrap()), new);
    assert_eq!(status["is_default"], false);
    assert_eq!(
        status["files_present"].as_u64().unwrap(),
        reference.len() as u64
    );

    // Moved again to where it is: nothing to do.
    let again = ok(
        as_main(&a.db, info),
        &["media", "move", new.to_str().unwrap()],
    );
    assert!(again.contains("already in"), "{again}");
    // A sync afterwards writes nothing to the old place.
    ok(as_main(&a.db, info), &["sync"]);
    assert!(!old.exists());
    assert_eq!(files_under(&new), reference);
}

#[test]
fn media_move_refuses_a_folder_inside_the_current_one_in_plain_words() {
    let sim = sim(200);
    let info = sim.info();
    let a = archive();
    ok(as_main(&a.db, info), &["connect"]);
    let inside = a.dir.path().join("media").join("sub");
    let out = run(
        as_main(&a.db, info),
        &["media", "move", inside.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("inside the current media folder"),
        "{stderr}"
    );
    let out = run(
        as_main(&a.db, info),
        &["--lang", "fr", "media", "move", inside.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("à l'intérieur du dossier des médias"),
        "{stderr}"
    );
}

#[test]
fn a_sync_whose_media_clearly_will_not_fit_stops_and_names_the_folder_and_the_figures() {
    let sim = sim(2_000);
    let info = sim.info();
    let a = archive();
    let media = a.dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&media)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED: mounting a tmpfs needs root, as in CI");
        return;
    }
    ok(as_main(&a.db, info), &["connect"]);
    let out = run(as_main(&a.db, info), &["sync"]);
    let _ = Command::new("umount").arg("-l").arg(&media).status();
    assert!(!out.status.success(), "the sync stops");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("will take about")
            && stderr.contains(&media.display().to_string())
            && stderr.contains("MB is free")
            && stderr.contains("passerelle media move"),
        "{stderr}"
    );
    assert!(files_under(&media).is_empty(), "nothing downloaded");
    let status = json(as_main(&a.db, info), &["media", "--json"]);
    assert!(
        status["files_pending"].as_u64().unwrap() > 10,
        "listed for later"
    );
}
