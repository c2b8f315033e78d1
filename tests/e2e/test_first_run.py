"""The first-run screen: it appears in the system's language, switches language, remembers it."""
import os
import shutil

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import REPO, launch, strings

FR, EN = strings("fr"), strings("en")

# The strings a user reads on the first-run screen, by element.
WELCOME_TEXTS = {
    "#welcome-title": "welcome.title",
    "#choice-connect .choice-title": "welcome.connect_title",
    "#choice-connect .choice-text": "welcome.connect_text",
    "#choice-demo .choice-title": "welcome.demo_title",
    "#choice-demo .choice-text": "welcome.demo_text",
    ".brand-tagline": "app.tagline",
}


def assert_welcome_in(app, catalogue, lang):
    for css, key in WELCOME_TEXTS.items():
        assert app.text(css) == catalogue[key], f"{css} should read the {lang} string {key}"
    assert app.driver.execute_script("return document.documentElement.lang") == lang
    pressed = {b.get_attribute("data-lang"): b.get_attribute("aria-pressed") for b in
               app.driver.find_elements("css selector", "[data-lang]")}
    assert pressed == {"fr": str(lang == "fr").lower(), "en": str(lang == "en").lower()}, pressed


@pytest.mark.parametrize(
    "locale, lang",
    [("fr_FR.UTF-8", "fr"), ("en_US.UTF-8", "en"), ("de_DE.UTF-8", "en")],
    ids=["french-system", "english-system", "other-system-falls-back-to-english"],
)
def test_first_run_screen_appears_in_the_system_language(profile, locale, lang):
    with launch(profile, locale=locale) as app:
        catalogue = FR if lang == "fr" else EN
        app.wait_text("#welcome-title", catalogue["welcome.title"])
        assert app.driver.title == "Passerelle"
        assert_welcome_in(app, catalogue, lang)
        app.screenshot(f"first-run-{locale.split('.')[0]}")
    assert "language" not in profile.settings(), "nothing is remembered until the user chooses"


def test_switching_to_english_changes_the_visible_strings(profile):
    with launch(profile, locale="fr_FR.UTF-8") as app:
        app.wait_text("#welcome-title", FR["welcome.title"])
        assert_welcome_in(app, FR, "fr")
        app.find("#lang-en").click()
        app.wait_text("#welcome-title", EN["welcome.title"])
        assert_welcome_in(app, EN, "en")
        app.screenshot("first-run-switched-to-english")
        app.find("#lang-fr").click()
        app.wait_text("#welcome-title", FR["welcome.title"])
        assert_welcome_in(app, FR, "fr")


def test_the_language_choice_is_remembered_after_a_restart(profile):
    with launch(profile, locale="fr_FR.UTF-8") as app:
        app.wait_text("#welcome-title", FR["welcome.title"])
        app.find("#lang-en").click()
        app.wait_text("#welcome-title", EN["welcome.title"])
    assert profile.settings().get("language") == "en", profile.settings()

    # Same profile, same French system: the saved choice wins over the locale.
    with launch(profile, locale="fr_FR.UTF-8") as app:
        app.wait_text("#welcome-title", EN["welcome.title"])
        assert_welcome_in(app, EN, "en")
        shot = app.screenshot("first-run-remembered-english")
    if os.environ.get("PASSERELLE_UPDATE_README_SHOT") == "1":
        # The README shows the real first-run window (refresh it on purpose, not on every run).
        shutil.copyfile(shot, REPO / "tests" / "e2e" / "screenshots" / "first-run.png")


def test_keyboard_reaches_the_language_and_the_choices(profile):
    with launch(profile, locale="en_US.UTF-8") as app:
        app.wait_text("#welcome-title", EN["welcome.title"])
        reached = []
        for _ in range(6):
            ActionChains(app.driver).send_keys(Keys.TAB).perform()
            reached.append(app.driver.execute_script("return document.activeElement.id"))
        for wanted in ("lang-fr", "lang-en", "choice-connect", "choice-demo"):
            assert wanted in reached, f"Tab never reached #{wanted}: {reached}"
