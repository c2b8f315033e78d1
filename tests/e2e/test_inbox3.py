"""The inbox, third pass, on the real window against the demo's simulator: the layout at the
default 1000 px window (whole names in the list, the thread header kept in view), the "sent as
a template" mark, images shown inline from the archive, leads and deals with a record page
listing its linked conversations (link, open, unlink), a number moved to another provider
shown read-only (and refused by the core), and Settings' user tools with the activity log."""
import sqlite3
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import launch, strings
from test_inbox import click, status_of

EN = strings("en")
DEMO_SECONDS = 180


def archive(profile) -> sqlite3.Connection:
    """The demo archive the app writes (WAL: read and written beside the running app)."""
    db = profile.app_data / "demo" / "passerelle.db"
    conn = sqlite3.connect(db, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def filter_inbox(app, text: str):
    box = app.find("#inbox-filter")
    box.clear()
    box.send_keys(text)
    # One DOM read per check: the list redraws its rows while it filters.
    app.wait(lambda d: d.execute_script(
        "const rows = [...document.querySelectorAll('#conversation-list .conversation')];"
        "return rows.length > 0 && rows.every((r) => r.innerText.replace(/\\s/g, '').includes(arguments[0]));", text),
        f"the list never filtered to {text}")


def open_row(app, css: str) -> str:
    """Opens the first row matching `css` (found and clicked in one DOM call: the list redraws
    its rows as syncs finish) and waits for its thread."""
    conversation = None

    def clicked(d):
        nonlocal conversation
        conversation = d.execute_script(
            "const r = document.querySelector(arguments[0]); if (!r) return null; r.click(); return r.dataset.id;", css)
        return conversation

    app.wait(clicked, f"no row {css}")
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"#thread-pane[data-conversation='{conversation}'][data-loaded=true]"),
             "the thread never opened")
    return conversation


def cut_names(app) -> list:
    """Names of drawn rows the list cuts with an ellipsis (their text wider than their box)."""
    return app.driver.execute_script(
        "return [...document.querySelectorAll('#conversation-list .conversation-name')]"
        ".filter((n) => n.scrollWidth > n.clientWidth + 1).map((n) => n.textContent);")


def test_layout_template_mark_images_records_read_only_and_audit(profile):
    with launch(profile, locale="en_US.UTF-8") as app:
        # One DOM read and click per try: the welcome screen redraws once its strings load.
        app.wait(lambda d: d.execute_script(
            "const t = document.querySelector('#welcome-title'), b = document.querySelector('#choice-demo');"
            "if (!t || t.textContent !== arguments[0] || !b) return false; b.click(); return true;",
            EN["welcome.title"]), "the welcome screen never offered the demo")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true] .conversation"),
                 "the demo never reached the inbox", seconds=DEMO_SECONDS)
        assert app.driver.execute_script("return window.innerWidth") == 1000, "the default window"

        # 1. Layout: no name cut in the list; the thread header stays below the app bar.
        time.sleep(1)
        app.screenshot("inbox3-layout-list")
        assert cut_names(app) == [], cut_names(app)
        open_row(app, "#conversation-list .conversation[data-window=open]")
        app.screenshot("inbox3-layout-thread")
        app.driver.execute_script("document.querySelector('#thread-scroll').scrollTop = 0; window.scrollTo(0, 600)")
        time.sleep(1)
        header_top, bar_bottom, composer_bottom, height = app.driver.execute_script(
            "return [document.querySelector('#thread-header').getBoundingClientRect().top,"
            " document.querySelector('.appbar').getBoundingClientRect().bottom,"
            " document.querySelector('#composer-slot').getBoundingClientRect().bottom, window.innerHeight]")
        assert header_top >= bar_bottom, (header_top, bar_bottom)
        assert composer_bottom <= height, "the composer stays in view too"
        assert app.find("#composer-body").is_displayed()
        assert cut_names(app) == [], cut_names(app)
        app.screenshot("inbox3-layout-scrolled")
        app.driver.execute_script("window.scrollTo(0, 0)")

        # 2. A template sent where the window is closed carries the mark.
        open_row(app, "#conversation-list .conversation[data-window=closed]")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#template-picker[data-loaded=true]"), "no approved template offered")
        for field in app.driver.find_elements(By.CSS_SELECTOR, "#template-vars input[data-var]"):
            field.send_keys("Camille")
        preview = app.text("#template-preview")
        click(app, "#template-send")
        app.wait(lambda d: status_of(app, preview) is not None, "the template message never appeared")
        marked = app.driver.execute_script(
            "const m = [...document.querySelectorAll('#thread-messages .message[data-template]')]"
            ".find((m) => m.querySelector('.message-body').textContent === arguments[0]);"
            "return m ? m.querySelector('.template-mark').textContent : null;", preview)
        assert marked == EN["thread.sent_as_template"], marked
        app.screenshot("inbox3-template-mark")

        # 3. An image from the archive, inline; a click enlarges it, Escape closes it.
        with archive(profile) as db:
            found = db.execute(
                "SELECT c.customer FROM media md JOIN messages m ON m.sid = md.message_sid"
                " JOIN conversations c ON c.id = m.conversation_id"
                " WHERE md.file_path IS NOT NULL AND md.content_type LIKE 'image/%'"
                " ORDER BY m.date_sent DESC LIMIT 1").fetchone()
        assert found, "the demo downloads images"
        digits = found[0].split("+")[1]
        filter_inbox(app, digits)
        open_row(app, "#conversation-list .conversation")
        app.driver.execute_script("document.querySelector('#thread-scroll').scrollTop = 0")
        app.wait(lambda d: app.driver.execute_script(
            "return [...document.querySelectorAll('.media-thumb[data-loaded=true] img')].some((i) => i.complete && i.naturalWidth > 0)"),
            "no image was shown inline")
        thumb = app.find(".media-thumb[data-loaded=true]")
        app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", thumb)
        app.screenshot("inbox3-image-inline")
        thumb.click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#media-overlay img"), "the image never enlarged")
        app.screenshot("inbox3-image-enlarged")
        app.find("#media-close").send_keys(Keys.ESCAPE)
        app.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "#media-overlay"), "Escape did not close the image")

        # 4. A deal, linked from the thread, with its page listing the conversation.
        app.find("#nav-contacts").click()
        click(app, "#tab-deals")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#deal-list[data-loaded=true]"), "deals never listed")
        app.find("#deal-title").send_keys("Vitrine 2027")
        app.find("#deal-value").send_keys("1200.00")
        app.find("#deal-currency").send_keys("EUR")
        app.find("#deal-stage").send_keys("Proposal")
        click(app, "#deal-add")
        app.wait(lambda d: "Vitrine 2027" in app.inner_text("#deal-list"), "the deal is not listed")
        app.screenshot("inbox3-deals-tab")
        app.find("#nav-conversations").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true] .conversation"), "inbox")
        filter_inbox(app, digits)
        open_row(app, "#conversation-list .conversation")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#thread-link-select optgroup option[value^='deal:']"), "no deal offered")
        app.driver.execute_script(
            "const s = document.querySelector('#thread-link-select');"
            "s.value = s.querySelector(\"option[value^='deal:']\").value;")
        click(app, "#thread-link-button")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#thread-open-record"), "never linked to the deal")
        click(app, "#thread-open-record")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#record-body[data-loaded=true] #record-conversations li"),
                 "the record page does not list its conversation")
        assert app.text("#record-title") == "Vitrine 2027"
        app.screenshot("inbox3-record-page-top")
        assert "1200.00 EUR" in app.inner_text(".record-facts")
        click(app, ".record-open")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ".record #thread-pane[data-loaded=true]"), "the thread never opened on the page")
        app.screenshot("inbox3-record-page")
        click(app, ".record-unlink")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#record-no-conversations"), "unlinking did not empty the page")
        click(app, "#record-edit-button")
        title = app.find("#edit-title")
        title.clear()
        title.send_keys("Vitrine 2027 — signée")
        click(app, "#record-save")
        app.wait(lambda d: d.execute_script(
            "const t = document.querySelector('#record-title'); return t && t.textContent === arguments[0];",
            "Vitrine 2027 — signée"), "the edit was not saved")

        # 5. A number moved to another provider: read-only in the inbox, refused by the core.
        with archive(profile) as db:
            sender = db.execute(
                "SELECT s.address FROM conversations c JOIN senders s ON s.id = c.sender_id WHERE c.customer = ?",
                (found[0],)).fetchone()[0]
            db.execute("UPDATE senders SET moved_away_at = strftime('%s', '2026-11-02') WHERE address = ?", (sender,))
        app.find("#nav-conversations").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true] .conversation"), "inbox")
        filter_inbox(app, digits)
        open_row(app, "#conversation-list .conversation")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#composer-read-only"), "the composer was not replaced")
        assert app.find("#conversation-list .conversation").get_attribute("data-window") == "read-only"
        assert not app.driver.find_elements(By.CSS_SELECTOR, "#composer-body, #template-picker")
        app.driver.execute_script("document.querySelector('#composer-read-only').scrollIntoView({block: 'nearest'})")
        notice = app.text("#composer-read-only")
        assert "Read-only since" in notice and "2026" in notice, notice
        app.screenshot("inbox3-read-only")
        refusal = app.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI__.core.invoke('send_message', {request: {to: [arguments[0]], from: arguments[1],"
            " compose: {kind: 'text', body: 'x'}}}).then(() => done(null), (e) => done(e));",
            found[0], sender)
        assert refusal and refusal["code"] == "invalid_input", refusal
        assert "moved to another provider" in refusal["message"], refusal

        # 6. Settings: a user added, renamed, given a PIN; the activity log says so, as text.
        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-user-list li"), "users never listed")
        app.find("#settings-user-name").send_keys("<b>Morgan</b>")
        click(app, "#settings-add-user")
        app.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#settings-user-list li")) == 2, "the member was not added")
        user = app.find("#settings-user-list li:last-child").get_attribute("data-user")
        click(app, f"#settings-tools-{user} summary")
        name = app.find(f"#settings-rename-name-{user}")
        name.clear()
        name.send_keys("Morgan Martin")
        click(app, f"#settings-rename-button-{user}")
        app.wait(lambda d: "Morgan Martin" in app.inner_text("#settings-user-list"), "never renamed")
        click(app, f"#settings-tools-{user} summary")
        app.find(f"#settings-new-pin-{user}").send_keys("2468")
        click(app, f"#settings-pin-button-{user}")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"#settings-pin-{user}"), "the PIN was never set")
        app.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#audit-list .audit-entry[data-action=pin_changed]")) == 1,
                 "the PIN change is not in the activity log")
        log = app.inner_text("#audit-list")
        assert "<b>Morgan</b> → Morgan Martin" in log, log
        assert "2468" not in log
        app.driver.execute_script("document.querySelector('#settings-audit').scrollIntoView()")
        app.screenshot("inbox3-settings-audit")
        app.driver.execute_script(
            "const s = document.querySelector('#audit-action'); s.value = 'user_renamed'; s.dispatchEvent(new Event('change'));")
        app.wait(lambda d: d.execute_script(
            "const a = [...document.querySelectorAll('#audit-list .audit-entry')].map((e) => e.dataset.action);"
            "return a.length > 0 && a.every((x) => x === 'user_renamed');"), "the filter by action did not apply")
        app.screenshot("inbox3-settings-audit-filtered")
