"""The demo: "Try with demo data" starts the built-in simulator, syncs from it through the same
code path as a real account, and shows the conversation list."""
from selenium.webdriver.common.by import By

from conftest import launch, strings

EN = strings("en")

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
