//! Media metadata and files: Basic auth on Twilio's URL only, never on the CDN redirect.

use crate::support::*;
use passerelle_core::store::{media, messages};
use passerelle_core::sync::MediaMode;

#[test]
fn media_files_are_downloaded_without_sending_credentials_to_the_cdn_and_resume() {
    let sim = sim_with(2_000, |_| {});
    let info = sim.info().clone();
    let rt = runtime();
    let archive = Archive::new();
    let client = connect_main(&rt, &info, &archive);
    let report = sync_now(&rt, &archive, &client, &options(MediaMode::Files));
    assert!(
        report.media_listed > 0,
        "about 1 message in 40 has media: {report:?}"
    );
    assert_eq!(report.media_downloaded, report.media_listed, "{report:?}");
    assert!(
        report.media_skipped.is_empty(),
        "{:?}",
        report.media_skipped
    );

    let store = archive.store();
    let mut expected = 0i64;
    messages::for_each(&store, |m| expected += m.num_media).unwrap();
    assert_eq!(
        report.media_listed as i64, expected,
        "one media row per announced medium"
    );
    let files: Vec<(String, i64)> = media::all(&store)
        .unwrap()
        .into_iter()
        .map(|m| (m.file_path.unwrap(), m.size_bytes.unwrap() as i64))
        .collect();
    let media_dir = archive.dir.path().join("media");
    for (relative, size) in &files {
        let bytes = std::fs::read(media_dir.join(relative)).unwrap();
        assert_eq!(bytes.len() as i64, *size);
        assert!(
            bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"%PDF"),
            "{relative} is a real file"
        );
    }
    assert!(
        !std::fs::read_dir(&media_dir).unwrap().flatten().any(|d| {
            std::fs::read_dir(d.path())
                .unwrap()
                .flatten()
                .any(|f| f.path().extension().is_some_and(|e| e == "part"))
        }),
        "no partial file left"
    );

    let log = sim_requests(&info);
    let cdn: Vec<_> = log
        .iter()
        .filter(|e| e["path"].as_str().unwrap_or("").starts_with("/__cdn/"))
        .collect();
    assert_eq!(cdn.len(), files.len(), "one CDN fetch per file");
    for entry in &cdn {
        assert!(
            entry["credential"].is_null(),
            "credentials were sent to the CDN: {entry}"
        );
        assert_eq!(entry["status"], 200);
    }
    let media_fetches: Vec<_> = log
        .iter()
        .filter(|e| {
            e["path"]
                .as_str()
                .is_some_and(|p| p.contains("/Media/ME") && !p.ends_with(".json"))
        })
        .collect();
    assert_eq!(media_fetches.len(), files.len());
    for entry in media_fetches {
        assert_eq!(
            entry["credential"].as_str(),
            Some(info.account_sid.as_str()),
            "Twilio's own media URL uses Basic auth"
        );
    }

    // A run killed after writing a file but before recording it: the file is kept, not
    // fetched again; a second run downloads nothing new.
    let forgotten = media::all(&store).unwrap()[0].sid.clone();
    // No core function forgets a download: the crash is simulated on the file itself.
    rusqlite::Connection::open(&archive.path)
        .unwrap()
        .execute(
            "UPDATE media SET file_path = NULL WHERE sid = ?1",
            [&forgotten],
        )
        .unwrap();
    let before = sim_requests(&info).len();
    let again = sync_now(&rt, &archive, &client, &options(MediaMode::Files));
    assert_eq!(again.media_downloaded, 1, "{again:?}");
    assert_eq!(again.media_listed, 0);
    let new_requests = &sim_requests(&info)[before..];
    assert!(
        !new_requests
            .iter()
            .any(|e| e["path"].as_str().unwrap_or("").contains(&forgotten)),
        "the kept file is not fetched again"
    );
    let recorded = media::by_sid(&archive.store(), &forgotten)
        .unwrap()
        .unwrap()
        .file_path;
    assert!(recorded.is_some());
}
