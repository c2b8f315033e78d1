"""Settings → Photos and documents in the real window, on the demo: the card shows the media
folder next to the archive, the files downloaded, nothing left to fetch and the free space;
"Move…" is prefilled with the current folder, moves every file to the typed one, the archive
switches to it and the old folder is cleaned away. A sync whose media clearly will not fit
stops before downloading them, with the figures and what to do."""
import sqlite3
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import launch, scroll_to, strings

EN = strings("en")
DEMO_SECONDS = 180


def files_under(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_the_media_card_shows_the_folder_and_moves_it(profile, tmp_path):
    db = profile.app_data / "demo" / "passerelle.db"
    old = profile.app_data / "demo" / "media"
    new = tmp_path / "Big disk" / "Passerelle media"
    with launch(profile, locale="en_US.UTF-8") as app:
        app.find("#choice-demo").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                 "the demo never reached the conversation list", seconds=DEMO_SECONDS)
        before = files_under(old)
        assert before, "the demo downloads media"

        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-media[data-loaded=true]"),
                 "the media card never loaded")
        scroll_to(app, "#settings-media")
        assert app.text("#settings-media-title") == EN["media.title"]
        assert app.text("#settings-media-folder") == f"{old} {EN['media.default']}"
        assert app.text("#settings-media-present").startswith(f"{len(before)} files · ")
        assert app.text("#settings-media-pending") == EN["media.pending_none"]
        assert app.text("#settings-media-free").endswith("GB") or app.text("#settings-media-free").endswith("MB")
        assert not app.find("#settings-media-room").is_displayed()
        app.screenshot("media-card")

        app.find("#settings-media-move").click()
        field = app.find("#settings-media-dir")
        assert field.get_attribute("value") == str(old)
        field.clear()
        field.send_keys(str(new))
        app.screenshot("media-move-form")
        app.find("#settings-media-confirm").click()
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#settings-media-status").text.startswith("Moved to"),
                 "the move never finished")
        assert app.text("#settings-media-status") == f"Moved to {new}: {len(before)} files, " + \
            app.text("#settings-media-status").split(", ", 1)[1]
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#settings-media-folder").text == str(new),
                 "the card never showed the new folder")
        assert not app.find("#settings-media-error").is_displayed()
        scroll_to(app, "#settings-media")
        app.screenshot("media-moved")

    assert files_under(new) == before, "every file, whole"
    assert not old.exists(), "the old folder is cleaned away"
    with sqlite3.connect(db) as conn:
        chosen = conn.execute("SELECT value FROM settings WHERE key = 'media_folder'").fetchone()
    assert chosen == (str(new),)



def test_a_sync_whose_media_will_not_fit_stops_with_the_figures_and_keeps_the_messages(profile, tmp_path):
    """The demo's media folder switched to a 1 MB disk with every file to fetch again: the next
    sync stops before downloading and says how much they will take, what is free, what to do."""
    db = profile.app_data / "demo" / "passerelle.db"
    small = tmp_path / "small-disk"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)],
                      stderr=subprocess.DEVNULL).returncode != 0:
        pytest.skip("mounting a tmpfs needs root, as in CI")
    try:
        with launch(profile, locale="en_US.UTF-8") as app:
            app.find("#choice-demo").click()
            app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                     "the demo never reached the conversation list", seconds=DEMO_SECONDS)
            with sqlite3.connect(db) as conn:
                conn.execute("INSERT INTO settings (key, value) VALUES ('media_folder', ?)", (str(small),))
                conn.execute("UPDATE media SET file_path = NULL, size_bytes = NULL, downloaded_at = NULL")
            app.find("#nav-settings").click()
            scroll_to(app, "#settings-recheck")
            app.find("#settings-recheck").click()
            app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#sync-error").is_displayed(),
                     "the sync never stopped", seconds=DEMO_SECONDS)
            message = app.text("#sync-error")
            assert app.find("#sync-error").get_attribute("data-code") == "not_enough_space", message
            assert message.startswith("The photos and documents to download will take about "), message
            assert str(small) in message and "Settings › Photos and documents" in message
            app.screenshot("media-will-not-fit")
            assert not any(small.iterdir()), "nothing downloaded"
            # The messages are kept: the archive opens.
            app.find("#sync-open").click()
            app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                     "the archive never opened")
    finally:
        subprocess.run(["umount", "-l", str(small)], check=False)
