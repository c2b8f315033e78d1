"""Settings → Export in the real window, on the demo: the card offers the conversations and a
free path in Documents; an HTML export shows its progress and ends with where it went, a folder
holding index.html; the next suggestion never names that folder again; overwriting it, or
writing into a folder that does not exist, is refused in plain words and leaves nothing."""
from selenium.webdriver.common.by import By

from conftest import launch, scroll_to, strings

EN = strings("en")
DEMO_SECONDS = 180


def test_the_export_card_writes_an_html_folder_of_the_demo(profile, tmp_path):
    # Exports go to the Documents folder: the profile's own, never the real one.
    documents = profile.root / "Documents"
    documents.mkdir()
    (profile.config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{documents}"\n', encoding="utf-8")
    with launch(profile, locale="en_US.UTF-8") as app:
        app.find("#choice-demo").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                 "the demo never reached the conversation list", seconds=DEMO_SECONDS)

        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-export[data-loaded=true]"),
                 "the export card never loaded")
        scroll_to(app, "#settings-export")
        assert app.text("#settings-export-title") == EN["export.title"]
        assert int(app.find("#settings-export").get_attribute("data-choices")) >= 10
        path = app.find("#settings-export-path").get_attribute("value")
        assert path.startswith(str(documents / "Passerelle-export-")), path
        app.screenshot("export-card")

        app.find("#settings-export-start").click()
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#settings-export").get_attribute("data-result") == "done"
                 or d.find_element(By.CSS_SELECTOR, "#settings-export-error").is_displayed(),
                 "the export never finished", seconds=120)
        assert not app.find("#settings-export-error").is_displayed(), app.text("#settings-export-error")
        status = app.text("#settings-export-status")
        assert status.startswith(f"Exported to {path}: "), status
        folder = documents / path.rsplit("/", 1)[1]
        assert (folder / "index.html").is_file(), list(documents.iterdir())
        assert any((folder / "conversations").iterdir())
        assert not list(documents.glob(".*.partial")), "nothing half-written is left"
        following = app.find("#settings-export-path").get_attribute("value")
        assert following != path and following.endswith("-2"), following
        scroll_to(app, "#settings-export")
        app.screenshot("export-done")

        # Refusals said plainly, in the card, leaving nothing: an existing export is never
        # overwritten; a file in a folder that does not exist is not written.
        field = app.find("#settings-export-path")
        field.clear()
        field.send_keys(path)
        app.find("#settings-export-start").click()
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#settings-export-error").is_displayed(),
                 "overwriting the first export was never refused")
        assert "already exists: choose another name" in app.text("#settings-export-error"), app.text("#settings-export-error")
        missing = tmp_path / "nowhere"
        field.clear()
        field.send_keys(str(missing / "out.json"))
        app.driver.execute_script(
            "const s = document.querySelector('#settings-export-format'); s.value = 'json';"
            "s.dispatchEvent(new Event('change', {bubbles: true}))")
        app.find("#settings-export-start").click()
        app.wait(lambda d: "does not exist" in d.find_element(By.CSS_SELECTOR, "#settings-export-error").text,
                 "a missing folder was never refused")
        assert app.text("#settings-export-error") == \
            f"Invalid value for “destination”: the folder {missing} does not exist: create it or choose another one"
        assert not missing.exists()
        assert app.find("#settings-export-path").get_attribute("value") == str(missing / "out.json"), "kept to correct it"
        scroll_to(app, "#settings-export")
        app.screenshot("export-refused")
