"""The demo: "Try with demo data" starts the built-in simulator, syncs from it through the same
code path as a real account, and shows the conversation list."""
from selenium.webdriver.common.by import By

from conftest import launch, strings

EN, FR = strings("en"), strings("fr")

# Starting the simulator and syncing a few thousand messages on a busy 2-core machine.
DEMO_SECONDS = 180


def test_demo_data_fills_the_conversation_list(profile):
    with launch(profile, locale="en_US.UTF-8") as app:
        app.wait_text("#welcome-title", EN["welcome.title"])
        app.find("#choice-demo").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-screen=sync]"), "the sync screen never appeared")
        assert app.text("#sync-title") == EN["sync.title_demo"]
        app.screenshot("demo-sync")

        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]")
            or d.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])"),
            "the demo never reached the conversation list",
            seconds=DEMO_SECONDS,
        )
        errors = app.driver.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])")
        assert not errors, f"the demo sync failed: {errors[0].text}"

        app.screenshot("demo-conversations")
        items = app.driver.find_elements(By.CSS_SELECTOR, "#conversation-list .conversation")
        assert len(items) >= 10, f"expected the demo's conversations, got {len(items)}"
        assert app.find("#conversations-demo").is_displayed(), "the demo archive must say it is demo data"
        first = "#conversation-list .conversation:first-child"
        # innerText: WebKitWebDriver's element text calls ellipsis-clipped (overflow: hidden)
        # spans invisible although they are drawn (see the screenshot).
        assert app.inner_text(f"{first} .conversation-name").strip(), "a conversation shows who it is with"
        assert app.inner_text(f"{first} .conversation-preview").strip(), "a conversation shows its last message"
        unread = app.driver.find_elements(By.CSS_SELECTOR, "#conversation-list .unread")
        assert all(u.text.strip().isdigit() for u in unread), [u.text for u in unread]
        summary = app.text("#conversations-summary")
        assert "messages" in summary and "conversations" in summary, summary
        app.screenshot("demo-conversations")

    # The demo archive is kept apart from the user's own.
    assert (profile.app_data / "demo" / "passerelle.db").exists()
    assert not (profile.app_data / "passerelle.db").exists(), "the demo must not create the user's archive"


def test_the_demo_sync_shows_progress_and_can_be_stopped_then_resumed(profile):
    # A slow simulator (latency per request) so there is time to watch and to press Stop.
    with launch(profile, locale="fr_FR.UTF-8", extra_env={"PASSERELLE_DEMO_LATENCY_MS": "400"}) as app:
        app.wait_text("#welcome-title", FR["welcome.title"])
        app.find("#choice-demo").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#sync-phase[data-phase='sync.phase_messages']"),
            "the sync never reported copying messages",
            seconds=DEMO_SECONDS,
        )
        app.wait(lambda d: app.inner_text("#sync-fetched") not in ("", "0"), "no message count shown")
        assert app.find("#sync-demo-badge").is_displayed()
        app.screenshot("demo-sync-progress")

        app.find("#sync-cancel").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#sync-outcome:not([hidden])"),
            "stopping the sync never said what was kept",
            seconds=DEMO_SECONDS,
        )
        assert app.inner_text("#sync-phase") == FR["sync.phase_cancelled"]
        assert app.inner_text("#sync-retry") == FR["sync.resume"]
        app.screenshot("demo-sync-cancelled")

        app.find("#sync-retry").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]")
            or d.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])"),
            "the resumed demo sync never reached the conversation list",
            seconds=DEMO_SECONDS,
        )
        errors = app.driver.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])")
        assert not errors, f"the resumed sync failed: {app.inner_text('#sync-error')}"
        summary = app.inner_text("#conversations-summary")
        # The history (3,000) plus the 8 customer messages of the last hours that keep some
        # 24-hour windows open (twilio-sim --open-windows).
        assert "3\u202f008 messages" in summary or "3 008 messages" in summary, summary
