"""The WhatsApp and Templates screens when Twilio cannot be reached, on the real window: read
once online, then with the simulator stopped, each shows what the archive last read under a
dated "offline" banner, and the buttons that need Twilio are disabled with the reason shown."""
from selenium.webdriver.common.by import By

from conftest import launch, strings
from test_connect import open_connect_form, submit

EN = strings("en")
SYNC_SECONDS = 180
# Twilio counts as unreachable after the client's budget (about 3 s on loopback), then the
# screen draws the last known profile.
OFFLINE_SECONDS = 90


def stop(process):
    process.terminate()
    process.wait(timeout=10)


def shown(app, css: str) -> bool:
    """Whether `css` is drawn, read in one script (a redrawn element cannot go stale)."""
    return app.driver.execute_script(
        "const el = document.querySelector(arguments[0]);"
        "return Boolean(el) && el.getClientRects().length > 0", css)


def test_offline_screens_show_the_last_known_values_and_disable_twilio_buttons(profile, twilio_sim_process):
    process, info = twilio_sim_process
    env = {"PASSERELLE_TWILIO_URL": info["url"]}
    with launch(profile, locale="en_US.UTF-8", extra_env=env) as app:
        open_connect_form(app, EN)
        submit(app, "Camille Martin", info["account_sid"], info["auth_token"])
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-screen=senders]"), "no senders", seconds=60)
        app.find("#senders-confirm").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                 "the sync never reached the conversation list", seconds=SYNC_SECONDS)

        # Online first: the profile and the templates are read from Twilio (and kept).
        app.find("#nav-whatsapp").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#wa-panel[data-loaded=true][data-offline=false]"),
                 "no profile read online")
        name = app.inner_text("#wa-preview-name")
        assert name
        app.find("#nav-templates").click()
        app.wait(lambda d: shown(app, "#templates-done"), "the templates were never refreshed online", seconds=60)

        stop(process)

        # The WhatsApp screen, drawn again: the last known profile, said offline.
        app.find("#nav-whatsapp").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#wa-panel[data-loaded=true][data-offline=true]"),
                 "the screen never fell back to the last known profile", seconds=OFFLINE_SECONDS)
        assert shown(app, "#wa-offline")
        title = app.text("#wa-offline-title")
        assert title.startswith("Offline: Twilio cannot be reached. Shown as last read from Twilio, on "), title
        assert app.text("#wa-offline-reason"), "Twilio's reason is given"
        assert app.inner_text("#wa-preview-name") == name, "the last known profile is shown"
        for css in ("#wa-save", "#wa-refresh"):
            button = app.find(css)
            assert not button.is_enabled(), css
            assert button.get_attribute("title") == EN["whatsapp.offline_why"], css
        assert app.text("#wa-save-offline") == EN["whatsapp.offline_why"], "the reason is visible text"
        assert app.find("#wa-offline-retry").is_enabled()
        app.screenshot("whatsapp-offline")

        # The Templates screen: the archive's list, the Twilio-only buttons disabled.
        app.find("#nav-templates").click()
        app.wait(lambda d: shown(app, "#templates-offline"), "the templates never said offline",
                 seconds=OFFLINE_SECONDS)
        assert app.text("#templates-offline-title").startswith("Offline: Twilio cannot be reached.")
        rows = app.driver.find_elements(By.CSS_SELECTOR, ".template-row")
        assert rows, "the archive's templates are still listed"
        buttons = app.driver.find_elements(
            By.CSS_SELECTOR, "#templates-refresh, #templates-new, .template-edit, .template-delete")
        assert len(buttons) == 2 + 2 * len(rows)
        assert all(not b.is_enabled() and b.get_attribute("title") == EN["whatsapp.offline_why"] for b in buttons)
        assert app.text("#templates-offline-why") == EN["whatsapp.offline_why"]
        assert not shown(app, "#templates-error"), "offline is not shown as a failure"
        app.screenshot("templates-offline")
