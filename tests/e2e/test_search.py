"""Search and Insights in the real window on the demo archive: a word of an old message is
found (filtered to its customer), the match is marked, the hit opens the thread at that very
message; a word found nowhere says what to try; Insights draws the months and their table. No
content-security violation on the way. Settings opens a backup to read (Search then reads it)
and erase asks twice before anything goes."""
import re
import sqlite3

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from conftest import launch, strings

EN = strings("en")
DEMO_SECONDS = 180
CANVAS_WIDTH = "return document.querySelector('#insights-month-chart canvas').getBoundingClientRect().width"
# Whether a chart's canvas (by its box's id, the month chart's by default) holds pixels of each
# series' colour (by default received, sent), read from the stylesheet as the chart does.
PAINTED = """
const box = document.getElementById(arguments[0] || 'insights-month-chart');
const canvas = box.querySelector('canvas');
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
const probe = document.createElement('canvas').getContext('2d');
return (arguments[1] || ['--chart-received', '--chart-sent']).map((name) => {
  probe.fillStyle = getComputedStyle(box).getPropertyValue(name).trim();
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
  for (let i = 0; i < pixels.length; i += 4) {
    if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 12) return true;
  }
  return false;
});
"""


def old_message(db):
    """The oldest message with a long word in the demo's longest conversation: (sid, customer, word)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        conversation, customer = conn.execute(
            "SELECT id, customer FROM conversations ORDER BY message_count DESC LIMIT 1").fetchone()
        for sid, body in conn.execute(
            "SELECT sid, body FROM messages WHERE conversation_id = ? AND body <> '' "
            "ORDER BY coalesce(date_sent, date_created) LIMIT 50", (conversation,)):
            words = [w for w in re.findall(r"[^\W\d_]{7,}", body)]
            if words:
                return sid, customer, words[0]
    finally:
        conn.close()
    raise AssertionError("no old message with a long word in the demo")


def test_search_finds_an_old_message_and_opens_the_thread_there(profile):
    db = profile.app_data / "demo" / "passerelle.db"
    with launch(profile, locale="en_US.UTF-8") as app:
        app.find("#choice-demo").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
            "the demo never reached the conversation list",
            seconds=DEMO_SECONDS,
        )
        sid, customer, word = old_message(db)

        app.find("#nav-search").click()
        app.wait_text("#search-title", EN["search.title"])
        assert app.find("#search-empty").get_attribute("data-kind") == "start"
        app.screenshot("search-start")

        app.find("#search-customer").send_keys(customer.removeprefix("whatsapp:"))
        app.find("#search-text").send_keys(word)
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"li.search-hit[data-sid='{sid}']"),
                 f"the message with {word!r} was not found")
        marks = app.driver.execute_script(
            "return [...document.querySelectorAll('#search-results mark')].map(m => m.textContent)")
        assert marks and all(m.lower().startswith(word[:3].lower()) for m in marks), marks
        app.screenshot("search-results")

        app.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", f"hit-{sid}")
        app.find(f"#hit-{sid}").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f".message.message-found[data-sid='{sid}']"),
                 "the thread did not open at the message", seconds=60)
        found = app.find(f".message.message-found[data-sid='{sid}']")
        assert found.is_displayed()
        assert app.driver.execute_script("return document.activeElement.dataset.sid") == sid
        app.screenshot("search-opened-at-message")

        # The inbox's box offers the whole archive for its words.
        app.find("#inbox-filter").send_keys(word)
        app.wait(lambda d: app.find("#inbox-search-archive").is_displayed(), "no whole-archive offer")
        app.find("#inbox-search-archive").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "li.search-hit"), "the inbox's words were not searched")
        assert app.find("#search-text").get_attribute("value") == word

        app.find("#search-text").clear()
        app.find("#search-text").send_keys("zzqxjwv")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-empty[data-kind=no_result]"), "no empty state")
        assert app.inner_text("#search-no-result") == EN["search.empty_no_result"].replace("{text}", "zzqxjwv")
        app.screenshot("search-no-result")

        app.find("#nav-insights").click()
        app.wait_text("#insights-title", EN["insights.title"])
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights-body[data-loaded=true]"), "no insights")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights-month-chart canvas"), "uPlot drew no chart")
        assert app.driver.execute_script(PAINTED) == [True, True], "received and sent bars are painted"
        assert EN["insights.col_received"] in app.inner_text("#insights-month-chart .u-legend")
        rows = app.driver.find_elements(By.CSS_SELECTOR, "#insights-months-table tbody tr")
        assert len(rows) >= 2, "every month drawn is in the table"
        app.screenshot("insights")
        # Hovering a month names it in the legend; the chart follows its box's width.
        over = app.find("#insights-month-chart .u-over")
        ActionChains(app.driver).move_to_element_with_offset(over, over.size["width"] // 2 - 4, 0).perform()
        app.wait(lambda d: " – " not in app.inner_text("#insights-month-chart .u-legend"), "hovering names no month")
        app.screenshot("insights-hover")
        app.driver.execute_script("document.getElementById('insights-months').style.width = '480px'")
        app.wait(lambda d: d.execute_script(CANVAS_WIDTH) < 480, "the chart did not follow its box")
        app.screenshot("insights-narrow")
        app.driver.execute_script("document.getElementById('insights-months').style.width = ''")
        app.wait(lambda d: d.execute_script(CANVAS_WIDTH) > 480, "the chart did not widen again")
        app.driver.execute_script("document.getElementById('insights-spend').scrollIntoView({block: 'center'})")
        assert "US$" in app.inner_text("#insights-spend-total"), "the simulator's prices are summed"
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights-spend-chart-USD canvas"), "no spend chart")
        assert app.driver.execute_script(PAINTED, "insights-spend-chart-USD", ["--chart-sent"]) == [True], "spend bars are painted"
        app.screenshot("insights-spend")
        app.driver.execute_script("document.getElementById('insights-response').scrollIntoView({block: 'center'})")
        if app.driver.find_elements(By.CSS_SELECTOR, "#insights-response-table"):
            app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights-response-chart canvas"), "no response chart")
            app.driver.execute_script("document.getElementById('insights-response-chart').scrollIntoView({block: 'center'})")
            assert app.driver.execute_script(PAINTED, "insights-response-chart", ["--chart-received"]) == [True]
            over = app.find("#insights-response-chart .u-over")
            ActionChains(app.driver).move_to_element_with_offset(over, over.size["width"] // 2 - 4, 0).perform()
            app.wait(lambda d: "—" not in app.inner_text("#insights-response-chart .u-legend"), "hovering gives no median")
        app.screenshot("insights-response")
        app.driver.execute_script("document.getElementById('insights-failures').scrollIntoView({block: 'center'})")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights-failures-chart canvas"), "no failure chart")
        app.driver.execute_script("document.getElementById('insights-failures-chart').scrollIntoView({block: 'center'})")
        assert app.driver.execute_script(PAINTED, "insights-failures-chart", ["--chart-failed"]) == [True], "failure bars are painted"
        over = app.find("#insights-failures-chart .u-over")
        ActionChains(app.driver).move_to_element_with_offset(over, -over.size["width"] // 2 + 8, 0).perform()
        app.wait(lambda d: " — " in app.inner_text("#insights-failures-chart .u-legend"), "hovering a code gives no reason")
        app.screenshot("insights-failures")

        # Settings: a backup opened to read is what Search shows; closing it goes back.
        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-backups-list[data-loaded=true]"), "no backups")
        app.find("#settings-backup-make").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-backups-list .backup-row"), "no backup made")
        app.driver.execute_script("document.getElementById('settings-open-card').scrollIntoView()")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-open-backup option"), "the backup is not offered")
        app.find("#settings-open-backup-button").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-open-current"), "the backup did not open")
        assert "(read-only)" in app.inner_text("#settings-open-current")
        app.screenshot("settings-open-archive")
        app.find("#nav-search").click()
        app.find("#search-text").send_keys(word)
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "li.search-hit"), "the opened backup is not searched")
        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-open-close"), "no close button")
        app.driver.execute_script("document.getElementById('settings-open-card').scrollIntoView()")
        app.find("#settings-open-close").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-open-none"), "the backup did not close")

        # Erase a customer: the counts first, then "for good"; cancelled here, nothing erased.
        app.driver.execute_script("document.getElementById('settings-erase-card').scrollIntoView()")
        app.find("#settings-erase-number").send_keys(customer.removeprefix("whatsapp:"))
        app.find("#settings-erase-check").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-erase-summary"), "no erase preview")
        assert "message" in app.inner_text("#settings-erase-summary")
        app.find("#settings-erase-twilio").click()
        app.find("#settings-erase-continue").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-erase-final"), "no second confirmation")
        app.driver.execute_script("document.getElementById('settings-erase-card').scrollIntoView()")
        app.screenshot("settings-erase-confirm")
        app.find("#settings-erase-cancel").click()
        conn = sqlite3.connect(db, timeout=30)
        assert conn.execute("SELECT count(*) FROM messages WHERE sid = ?", (sid,)).fetchone()[0] == 1, "nothing erased"
        conn.close()

        assert app.driver.execute_script("return window.passerelleCspViolations") == []
