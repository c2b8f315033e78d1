"""The inbox on the real window, against the demo's simulator: read a conversation, reply inside
the 24-hour window and watch the status reach delivered then read, send a template where the
window is closed, receive an injected message, import contacts from a CSV and link a
conversation, then switch to a member in Private mode and see the inbox empty."""
import json
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import launch, strings

EN = strings("en")
DEMO_SECONDS = 180
NEW_CUSTOMER = "+33655555555"


def sim_url(profile) -> str:
    """The demo simulator's address, from the app's log ("demo simulator started url=…")."""
    deadline = time.time() + 30
    while time.time() < deadline:
        for log in Path(profile.data).rglob("passerelle*"):
            if log.is_file():
                found = re.search(r"url=(http://127\.0\.0\.1:\d+).*demo simulator started|demo simulator started.*url=(http://127\.0\.0\.1:\d+)",
                                  log.read_text(errors="replace"))
                if found:
                    return found.group(1) or found.group(2)
        time.sleep(0.5)
    raise AssertionError("the demo simulator's address is not in the app's log")


def sim_post(url: str, path: str, form: dict) -> dict:
    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(urllib.request.Request(url + path, data=data), timeout=10) as r:
        return json.loads(r.read() or b"null")


def sim_get(url: str, path: str):
    with urllib.request.urlopen(url + path, timeout=10) as r:
        return json.loads(r.read())


def click(app, css: str):
    """Clicks `css` once it is scrolled into view (the thread pane scrolls on its own)."""
    element = app.find(css)
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def sync_now(app):
    """An incremental sync, as the background timer or the window's focus starts it."""
    app.driver.execute_script("window.__TAURI__.core.invoke('start_sync')")


def open_row(app, css: str):
    row = app.find(css)
    conversation = row.get_attribute("data-id")
    row.click()
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"#thread-pane[data-conversation='{conversation}'][data-loaded=true]"),
             "the thread never opened")
    return conversation


def status_of(app, text: str):
    """The status of the outbound message reading `text` in the open thread (one DOM read, so
    a redraw in between cannot leave a stale element)."""
    return app.driver.execute_script(
        "const m = [...document.querySelectorAll('#thread-messages .message.outbound')]"
        ".find((m) => (m.querySelector('.message-body') || {}).textContent === arguments[0]);"
        "return m ? m.dataset.status : null;",
        text,
    )


def test_inbox_reply_template_inbound_contacts_and_private_member(profile):
    with launch(profile, locale="en_US.UTF-8") as app:
        app.wait_text("#welcome-title", EN["welcome.title"])
        app.find("#choice-demo").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true] .conversation"),
                 "the demo never reached the inbox", seconds=DEMO_SECONDS)
        url = sim_url(profile)

        # Read a conversation whose window is open (the demo gives some a recent message).
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list .conversation[data-window=open]"),
                 "the demo has no open window")
        open_row(app, "#conversation-list .conversation[data-window=open]")
        assert app.text("#thread-no-calls") == EN["thread.no_calls"]
        assert "left" in app.text("#composer-window")
        app.screenshot("inbox-thread-open-window")

        # Reply: archived first, one request, then delivered and read as the sim's clock moves.
        reply = "Merci, nous regardons tout de suite !"
        app.find("#composer-body").send_keys(reply)
        click(app, "#composer-send")
        app.wait(lambda d: status_of(app, reply) in ("queued", "sent", "delivered", "read"), "the reply never appeared")
        time.sleep(4)
        sync_now(app)
        app.wait(lambda d: status_of(app, reply) == "delivered", "the reply never showed delivered", seconds=60)
        app.screenshot("inbox-reply-delivered")
        sim_post(url, "/__sim/clock", {"advance_seconds": "120"})
        sync_now(app)
        app.wait(lambda d: status_of(app, reply) == "read", "the reply never showed read", seconds=60)
        app.screenshot("inbox-reply-read")

        # A closed window: the composer is a template picker; send a template instead.
        open_row(app, "#conversation-list .conversation[data-window=closed]")
        assert not app.driver.find_elements(By.CSS_SELECTOR, "#composer-body"), "no free text outside the window"
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#template-picker[data-loaded=true]"), "no approved template offered")
        for field in app.driver.find_elements(By.CSS_SELECTOR, "#template-vars input[data-var]"):
            field.send_keys("Camille")
        preview = app.text("#template-preview")
        assert "{{" not in preview, preview
        app.screenshot("inbox-template-picker")
        click(app, "#template-send")
        app.wait(lambda d: status_of(app, preview) is not None, "the template message never appeared")
        app.screenshot("inbox-template-sent")

        # An inbound message arrives: the list shows it after the next sync, without a reload.
        sender = sim_get(url, "/__sim/info")["senders"][0]
        sim_post(url, "/__sim/inbound", {"From": f"whatsapp:{NEW_CUSTOMER}", "To": sender, "Body": "Bonjour, une question", "ProfileName": "Zoé"})
        sync_now(app)
        app.wait(lambda d: "Bonjour, une question" in app.inner_text("#conversation-list"),
                 "the injected message never appeared in the list", seconds=60)
        app.driver.execute_script("window.scrollTo(0, 0)")
        app.screenshot("inbox-inbound")

        # Contacts: import a CSV (one bad row listed), then link the new conversation.
        app.find("#nav-contacts").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#contact-list[data-loaded=true]"), "contacts never loaded")
        csv = f"ID,Name,Phone\n101,Zoé Importée,06 55 55 55 55\n102,Sans numéro,12\n"
        app.driver.execute_script("document.querySelector('#import-text').value = arguments[0]", csv)
        click(app, "#import-preview")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#import-mapping"), "no import preview")
        assert app.driver.find_elements(By.CSS_SELECTOR, "#import-bad li"), "the bad row is listed"
        app.screenshot("contacts-import-preview")
        click(app, "#import-run")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#import-done"), "the import never finished")
        app.wait(lambda d: "Zoé Importée" in app.inner_text("#contact-list"), "the imported contact is not listed")
        app.screenshot("contacts-imported")

        app.find("#nav-conversations").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true] .conversation"), "inbox")
        app.find("#inbox-filter").send_keys("655555555")
        time.sleep(1)
        open_row(app, "#conversation-list .conversation")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#thread-link-button:not([disabled])"), "no contact to link")
        click(app, "#thread-link-button")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#thread-linked"), "the conversation was never linked")
        assert "Zoé Importée" in app.text("#thread-linked")
        app.screenshot("inbox-linked")

        # A member in Private mode (the default): the inbox is empty and says why.
        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-user-list li"), "users never listed")
        app.find("#settings-user-name").send_keys("Morgan")
        click(app, "#settings-add-user")
        app.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#settings-user-list li")) == 2, "the member was not added")
        click(app, "#settings-user-list li:last-child button")
        app.wait(lambda d: "Morgan" in app.text("#settings-current-user"), "never switched to the member")
        app.screenshot("settings-member")
        app.find("#nav-conversations").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversations-empty[data-code=permission_denied]"),
                 "a member of a Private inbox should see it empty with the reason")
        assert "Private" in app.text("#conversations-empty")
        assert not app.driver.find_elements(By.CSS_SELECTOR, "#conversation-list .conversation")
        app.screenshot("inbox-member-private")
