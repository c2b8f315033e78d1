"""The WhatsApp profile and the templates on the real window, against the demo's simulator:
an About text past 139 characters shows the counter and the core's error, then fixed it saves
and enters the history; a new display name is confirmed, shows "in review", and after the sim
clock moves, "approved"; a rejected template explains itself, "Edit" submits a copy under a new
name in its place, and the copy is approved on the sim clock."""
import sqlite3
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import launch, strings

EN = strings("en")
DEMO_SECONDS = 180


def sim_url(profile) -> str:
    """The demo simulator's address, as the demo archive records it."""
    db = profile.app_data / "demo" / "passerelle.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        (url,) = conn.execute("SELECT base_url FROM accounts").fetchone()
    return url


def advance_sim_clock(url: str, seconds: int) -> None:
    data = urllib.parse.urlencode({"advance_seconds": seconds}).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{url}/__sim/clock", data=data)) as r:
        assert r.status == 200


def show(app, css: str) -> None:
    app.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css)


def click(app, css: str) -> None:
    """Clicks `css` once scrolled to the middle (not under the fixed top bar)."""
    show(app, css)
    app.find(css).click()


def visible(app, css: str) -> bool:
    """Whether `css` is drawn, read in one script: the panel is redrawn after a save, so an
    element found a moment ago may be gone before a second WebDriver call reaches it."""
    return app.driver.execute_script(
        "const el = document.querySelector(arguments[0]);"
        "return Boolean(el) && el.getClientRects().length > 0", css)


def retype(app, css: str, text: str) -> None:
    field = app.find(css)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text)


def test_profile_limits_name_review_and_template_resubmission(profile):
    with launch(profile, locale="en_US.UTF-8") as app:
        app.find("#choice-demo").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                 "the demo never reached the conversation list", seconds=DEMO_SECONDS)
        url = sim_url(profile)

        # --- The profile: the About limit, counted as WhatsApp counts it.
        app.find("#nav-whatsapp").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#wa-panel[data-loaded=true]"), "no profile shown")
        assert app.driver.find_elements(By.CSS_SELECTOR, ".wa-tab"), "one tab per number"
        assert app.text("#wa-status") and app.text("#wa-quality") != "—"
        app.screenshot("whatsapp-profile")

        retype(app, "#wa-field-about", "Fleurs fraîches à Lyon " + "x" * 117)  # 140 characters
        app.wait_text("#wa-count-about", "140 / 139")
        app.wait(lambda d: visible(app, "#wa-error-about"), "the core's error never showed")
        assert "139" in app.text("#wa-error-about")
        assert app.find("#wa-field-about").get_attribute("aria-invalid") == "true"
        show(app, "#wa-field-about")
        app.screenshot("whatsapp-about-too-long")

        app.find("#wa-field-about").send_keys(Keys.BACKSPACE)
        app.wait_text("#wa-count-about", "139 / 139")
        app.wait(lambda d: not visible(app, "#wa-error-about"), "the error never went away")
        click(app, "#wa-save")
        app.wait(lambda d: visible(app, "#wa-saved"), "the profile was never saved", seconds=60)
        assert app.text("#wa-saved") == EN["whatsapp.saved"]
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#wa-history li"), "the history stayed empty")
        assert "About" in app.text("#wa-history li")
        assert app.text("#wa-preview-about").startswith("Fleurs fraîches à Lyon")

        # --- A new display name: warned first, then in review, then approved on the sim clock.
        retype(app, "#wa-field-display_name", "Fleurs de Lyon")
        click(app, "#wa-save")
        app.wait(lambda d: visible(app, "#wa-review-warning"), "no warning before Meta's review")
        show(app, "#wa-review-warning")
        app.screenshot("whatsapp-name-review-warning")
        click(app, "#wa-review-confirm")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#wa-name-review[data-status=PENDING_REVIEW]"),
                 "the name never showed as pending review", seconds=60)
        assert "Fleurs de Lyon" in app.text("#wa-name-review")
        assert app.text("#wa-name-review-help") == EN["whatsapp.review_pending_help"]
        show(app, "#wa-standing-title")
        app.screenshot("whatsapp-name-pending")

        advance_sim_clock(url, 25 * 3600)
        click(app, "#wa-refresh")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#wa-name-review[data-status=APPROVED]"),
                 "the name never showed as approved", seconds=60)
        app.wait_text("#wa-display-name", "Fleurs de Lyon")
        show(app, "#wa-standing-title")
        app.screenshot("whatsapp-name-approved")

        # --- Templates: a rejected one explained, edited as a new template, approved.
        app.find("#nav-templates").click()
        app.wait(lambda d: visible(app, "#templates-done"), "the templates were never read from Twilio", seconds=60)
        Select(app.find("#templates-filter-state")).select_by_value("rejected")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ".template-row[data-state=rejected]")
                 and not d.find_elements(By.CSS_SELECTOR, ".template-row:not([data-state=rejected])"),
                 "the filter never kept only the rejected templates")
        row = app.find(".template-row[data-state=rejected]")
        old_sid = row.get_attribute("data-sid")
        old_name = row.find_element(By.CSS_SELECTOR, ".template-name").text
        assert row.find_element(By.CSS_SELECTOR, ".template-reason").text
        assert row.find_element(By.CSS_SELECTOR, ".template-explanation").text
        show(app, f".template-row[data-sid={old_sid}]")
        app.screenshot("templates-rejected-explained")

        click(app, f".template-row[data-sid={old_sid}] .template-edit")
        app.wait(lambda d: visible(app, "#template-editor"), "the editor never opened")
        app.wait(lambda d: app.find("#tpl-name").get_attribute("value").startswith(old_name.split("_v")[0]),
                 "the copy has no name")
        new_name = app.find("#tpl-name").get_attribute("value")
        assert new_name != old_name
        retype(app, "#tpl-body", "Bonjour {{1}}, votre commande vous attend au magasin.")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#tpl-sample-1"), "no sample field for {{1}}")
        retype(app, "#tpl-sample-1", "Marie")
        app.wait_text("#template-preview", "Bonjour Marie, votre commande vous attend au magasin.")
        show(app, "#template-editor")
        app.screenshot("templates-edit-copy")
        click(app, "#template-submit")
        app.wait(lambda d: visible(app, "#templates-done") and new_name in app.text("#templates-done"),
                 "the copy was never submitted", seconds=60)

        show(app, "#templates-filter-state")
        Select(app.find("#templates-filter-state")).select_by_value("")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f".template-row[data-sid={old_sid}] .template-replaced"),
                 "the old template is not marked replaced")
        assert new_name in app.text(f".template-row[data-sid={old_sid}] .template-replaced")

        advance_sim_clock(url, 2 * 3600)
        click(app, "#templates-refresh")

        # Read in one script: the list is redrawn as the refresh lands, so element handles
        # taken one call earlier may be gone by the next.
        def copy_approved(d):
            return d.execute_script(
                "for (const r of document.querySelectorAll('.template-row')) {"
                "  if (r.querySelector('.template-name').textContent.trim() === arguments[0])"
                "    return r.dataset.state === 'approved';"
                "} return false;", new_name)

        app.wait(copy_approved, "the copy never moved to approved", seconds=60)
        new_row = [r for r in app.driver.find_elements(By.CSS_SELECTOR, ".template-row")
                   if r.find_element(By.CSS_SELECTOR, ".template-name").text == new_name][0]
        app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", new_row)
        app.screenshot("templates-copy-approved")
