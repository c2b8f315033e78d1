"""Settings → Photos and documents in the real window, on the demo: the card shows the media
folder next to the archive, the files downloaded, nothing left to fetch and the free space;
"Move…" is prefilled with the current folder, moves every file to the typed one, the archive
switches to it and the old folder is cleaned away."""
import sqlite3
from pathlib import Path

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
