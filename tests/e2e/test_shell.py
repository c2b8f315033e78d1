"""The app shell on the real window: after the demo's first copy, the sidebar and the top bar
frame the inbox; the screens still to come explain themselves; Settings switches the language
at once (every visible label) and the choice is remembered; the user menu and Ctrl+K work
from the keyboard."""
import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import launch, strings

EN, FR = strings("en"), strings("fr")
DEMO_SECONDS = 180
NAV_KEYS = ["nav.inbox", "nav.contacts", "nav.notes", "nav.search", "nav.insights",
            "nav.whatsapp", "nav.templates", "nav.move_number", "nav.settings"]


def nav_labels(app):
    return app.driver.execute_script(
        "return [...document.querySelectorAll('#sidebar .nav-label')].map(e => e.innerText)")


def assert_frame_in(app, catalogue):
    assert nav_labels(app) == [catalogue[k] for k in NAV_KEYS]
    assert app.inner_text("#user-role") == catalogue["user.role_owner"]
    state = app.inner_text("#sync-state-text")
    today = catalogue["sync_state.up_to_date"].split(" · ")[0]
    assert state.startswith(today + " · "), f"the top bar should say the copy is up to date: {state!r}"


def test_the_shell_frames_the_demo_and_switches_language_at_once(profile):
    with launch(profile, locale="fr_FR.UTF-8") as app:
        app.wait_text("#welcome-title", FR["welcome.title"])
        assert not app.find("#sidebar").is_displayed(), "onboarding shows without the sidebar"
        app.find("#choice-demo").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]")
            or d.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])"),
            "the demo never reached the conversation list",
            seconds=DEMO_SECONDS,
        )
        assert not app.driver.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])")

        # The inbox inside the frame: sidebar, sync state, demo badge, owner.
        assert app.find("#sidebar").is_displayed() and app.find("#appbar").is_displayed()
        app.wait(lambda d: app.inner_text("#sync-state-text").startswith("À jour"), "the top bar never said up to date")
        assert_frame_in(app, FR)
        assert app.find("#nav-conversations").get_attribute("aria-current") == "page"
        assert app.find("#appbar-demo").is_displayed()
        # The inbox badge is the count of unread messages, or absent when there are none.
        unread = app.driver.execute_script(
            "return [...document.querySelectorAll('#conversation-list .unread')].length")
        badge = app.inner_text("#nav-conversations-badge .nav-badge-value")
        if app.find("#nav-conversations-badge").is_displayed():
            assert re.fullmatch(r"[\d\u202f\u00a0 ]+", badge), f"the inbox badge is a count: {badge!r}"
        else:
            assert unread == 0, "unread conversations are listed but the inbox has no badge"
        app.screenshot("shell-inbox-fr")

        # The Notes screen: the demo links nothing, so it says how notes come.
        app.find("#nav-notes").click()
        app.wait_text("#notes-title", FR["notes.title"])
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#notes-empty").is_displayed(), "no empty state")
        assert app.inner_text("#notes-empty") == FR["notes.empty"]
        app.screenshot("shell-notes-empty")

        # Insights: the demo's months, drawn and given as a table.
        app.find("#nav-insights").click()
        app.wait_text("#insights-title", FR["insights.title"])
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights-body[data-loaded=true]"), "no insights")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights-month-chart canvas"), "uPlot drew no chart")
        assert FR["insights.col_received"] in app.inner_text("#insights-month-chart .u-legend")
        app.screenshot("shell-insights")

        # Settings: the connection, the interval (every minute by default), the language.
        app.find("#nav-settings").click()
        app.wait_text("#settings-title", FR["settings.title"])
        app.wait(lambda d: "••••" in app.inner_text("#settings-account-sid"), "the SID is never shown masked")
        assert app.driver.find_elements(By.CSS_SELECTOR, "#settings-senders li")
        app.wait(lambda d: app.find("#settings-interval-1").is_selected(), "the interval is every minute by default")
        assert app.find("#settings-interval-1").is_enabled()
        app.screenshot("shell-settings-fr")
        app.driver.execute_script("document.getElementById('settings-sync').scrollIntoView({block: 'end'})")
        app.screenshot("shell-settings-connection-fr")
        app.driver.execute_script("window.scrollTo(0, 0)")

        app.find("#settings-lang-en").click()
        app.wait_text("#settings-title", EN["settings.title"])
        # At once, everywhere: the frame, the screen, the page's language.
        assert_frame_in(app, EN)
        assert app.inner_text("#settings-sync-title") == EN["settings.interval_title"]
        assert app.driver.execute_script("return document.documentElement.lang") == "en"
        app.screenshot("shell-settings-en")

        # The user menu: keyboard open, the language switch inside, Escape closes.
        app.find("#user-menu-button").click()
        app.wait(lambda d: app.find("#user-menu").is_displayed(), "the user menu never opened")
        assert app.find("#user-menu-lang-en").get_attribute("aria-checked") == "true"
        app.screenshot("shell-user-menu")
        ActionChains(app.driver).send_keys(Keys.ESCAPE).perform()
        app.wait(lambda d: not app.find("#user-menu").is_displayed(), "Escape never closed the menu")
        assert app.driver.execute_script("return document.activeElement.id") == "user-menu-button"

        app.find("#user-menu-button").click()
        app.wait(lambda d: app.find("#user-menu-lang-fr").is_displayed(), "the user menu never opened")
        app.find("#user-menu-lang-fr").click()
        app.wait_text("#settings-title", FR["settings.title"])
        assert_frame_in(app, FR)

        # Ctrl+K: the search.
        ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
        app.wait_text("#search-title", FR["search.title"])
        app.wait(lambda d: d.execute_script("return document.activeElement.id") == "search-text", "the box has no focus")

        # A narrow window: the sidebar becomes a row above the screen.
        app.find("#nav-conversations").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"), "no inbox")
        app.driver.set_window_size(760, 720)
        app.wait(lambda d: app.driver.execute_script(
            "const s = document.getElementById('sidebar').getBoundingClientRect();"
            "const m = document.getElementById('view').getBoundingClientRect();"
            "return s.bottom <= m.top + 1"), "below 900 px the sidebar should sit above the screen")
        app.screenshot("shell-narrow")

    assert profile.settings().get("language") == "fr", profile.settings()
