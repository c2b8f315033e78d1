"""Settings → Export in the real window, on the demo: the card offers the conversations and a
free path in Documents; an HTML export shows its progress and ends with where it went, a folder
holding index.html; the next suggestion never names that folder again; a folder the user may
not write in is refused in plain words and leaves nothing."""
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

        # A folder nobody may write in: said plainly, nothing left behind.
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        field = app.find("#settings-export-path")
        field.clear()
        field.send_keys(str(locked / "out.json"))
        app.driver.execute_script(
            "const s = document.querySelector('#settings-export-format'); s.value = 'json';"
            "s.dispatchEvent(new Event('change', {bubbles: true}))")
        app.find("#settings-export-start").click()
        try:
            app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#settings-export-error").is_displayed()
                     or d.find_element(By.CSS_SELECTOR, "#settings-export").get_attribute("data-result") == "done"
                     and "out.json" in d.find_element(By.CSS_SELECTOR, "#settings-export-status").text,
                     "the locked folder was never answered", seconds=60)
            if app.find("#settings-export-error").is_displayed():
                assert f"cannot write in {locked}" in app.text("#settings-export-error"), app.text("#settings-export-error")
                assert list(locked.iterdir()) == []
                scroll_to(app, "#settings-export")
                app.screenshot("export-refused")
            # Else the tests run as root, whom no folder refuses: nothing to check there.
        finally:
            locked.chmod(0o700)
