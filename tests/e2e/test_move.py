"""Move my number on the real window, against the Twilio simulator: the wizard runs from
"before you start" through the completeness check to the checklist, where a "no" keeps it;
after a restart it resumes at the same step (the sidebar's badge says 4); the ticket text names
the Account SID and the number, never the token."""
import shutil
import subprocess

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, launch, strings
from test_connect import open_connect_form, submit

EN = strings("en")
SYNC_SECONDS = 180


def click(app, css: str) -> None:
    """Clicks `css` once scrolled to the middle (not under the fixed top bar)."""
    app.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css)
    app.find(css).click()


def read(app, css: str, what: str = "textContent"):
    """A property of the first match, read in one script (the step's body is redrawn after each
    answer, so an element found a moment ago may be gone)."""
    return app.driver.execute_script(
        "const el = document.querySelector(arguments[0]); return el ? el[arguments[1]] : null", css, what)


def act(app, css: str, seconds: float = 30) -> None:
    """Clicks an action of the step and waits until the step is drawn again with the answer."""
    shown = "return document.querySelector('#move-body').dataset.shown"
    before = app.driver.execute_script(shown)
    click(app, css)
    app.wait(lambda d: d.execute_script(shown) != before,
             f"{css} was never answered", seconds=seconds)


def at_step(app, name: str, seconds: float = 30) -> None:
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"#move-body[data-step={name}]"),
             f"the wizard never showed step {name}", seconds=seconds)


def open_move(app) -> None:
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
             "the archive never opened on its conversations", seconds=SYNC_SECONDS)
    app.find("#nav-migration").click()
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#move-body[data-step]"), "the wizard never showed")


def test_the_wizard_resumes_after_a_restart_and_the_ticket_holds_no_token(profile, twilio_sim):
    env = {"PASSERELLE_TWILIO_URL": twilio_sim["url"]}
    token = twilio_sim["auth_token"]
    # Step 3's export goes to the Documents folder: the profile's own, never the real one.
    documents = profile.root / "Documents"
    documents.mkdir()
    (profile.config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{documents}"\n', encoding="utf-8")
    with launch(profile, locale="en_US.UTF-8", extra_env=env) as app:
        open_connect_form(app, EN)
        submit(app, "Camille Martin", twilio_sim["account_sid"], token)
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-screen=senders]"), "no senders", seconds=60)
        app.find("#senders-confirm").click()
        open_move(app)

        at_step(app, "before_you_start")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#move-quality"), "no facts from Twilio", seconds=60)
        assert read(app, "#move-quality") != "—"
        assert read(app, "#move-template-quality") == EN["move.template_quality"]
        app.screenshot("move-1-before-you-start")
        click(app, "#move-continue")

        at_step(app, "archive")
        click(app, "#move-check")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#move-proof[data-passed=true]")
                 or d.find_elements(By.CSS_SELECTOR, "#move-proof[data-passed=false], #move-error:not([hidden])"),
                 "the check never finished", seconds=SYNC_SECONDS)
        assert read(app, "#move-proof[data-passed=true]", "id") == "move-proof", read(app, "#move-body", "innerText")
        assert len(read(app, "#move-proof-sha")) == len("sha256 ") + 64
        app.screenshot("move-2-archive-proof")
        click(app, "#move-continue")

        at_step(app, "notes_exports")
        # The real things, not links: the notes written, the archive exported (HTML folder).
        click(app, "#move-write-notes")
        app.wait(lambda d: read(app, "#move-notes-done"), "writing the notes said nothing")
        assert "linked conversations" in read(app, "#move-notes-done")
        click(app, "#move-export")
        app.wait(lambda d: "messages exported to" in (read(app, "#move-export-done") or ""),
                 "the export never finished", seconds=SYNC_SECONDS)
        exported = list(documents.glob("passerelle-archive-*"))
        assert len(exported) == 1 and (exported[0] / "index.html").exists(), exported
        assert str(exported[0]) in read(app, "#move-export-done")
        app.screenshot("move-3-notes-exports")
        act(app, "#move-notes-ack")
        app.wait(lambda d: read(app, "#move-continue", "disabled") is False,
                 "the acknowledgement never unlocked Continue")
        click(app, "#move-continue")

        at_step(app, "checklist")
        app.find("#move-bm-id").send_keys("1234 5678 9012 345")
        act(app, "#move-bm-save")
        app.wait(lambda d: read(app, "#move-bm-id", "value") == "123456789012345",
                 "the Business Manager ID was never saved")
        act(app, "#move-q-owns_account-yes")
        act(app, "#move-q-has_phone-no")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#move-q-has_phone-help"), "a no never explained itself")
        assert read(app, "#move-q-has_phone-help") == EN["move.q.has_phone_no"]
        assert read(app, "#move-continue", "disabled") is True
        app.screenshot("move-4-checklist-no")

    with launch(profile, locale="en_US.UTF-8", extra_env=env) as app:
        open_move(app)
        at_step(app, "checklist")
        assert EN["move.step.checklist"] in read(app, "[aria-current=step]", "innerText")
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#nav-migration-badge").is_displayed(), "no step badge")
        assert read(app, "#nav-migration-badge .nav-badge-value") == "4"
        assert read(app, "#move-bm-id", "value") == "123456789012345"
        app.screenshot("move-4-resumed-after-restart")

        act(app, "#move-q-has_phone-yes")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#move-q-display_name_approved-yes"), "no questions")
        act(app, "#move-q-display_name_approved-yes")
        app.wait(lambda d: read(app, "#move-continue", "disabled") is False,
                 "three yes never unlocked Continue")
        click(app, "#move-continue")
        at_step(app, "ticket")
        app.wait(lambda d: read(app, "#move-ticket-text", "value"), "no ticket text")
        text = read(app, "#move-ticket-text", "value")
        assert twilio_sim["account_sid"] in text
        number = app.driver.execute_script("return document.querySelector('#move-sender').value")
        assert number in twilio_sim["senders"], number
        assert number.removeprefix("whatsapp:") in text
        assert token not in text
        click(app, "#move-copy")
        app.wait(lambda d: read(app, "#move-copied"), "copy said nothing")
        assert read(app, "#move-copied") in (EN["move.copied"], EN["move.copy_select"])
        app.screenshot("move-5-ticket")

        # --- To the end: ticket sent and confirmed, the provider named, finished, the report.
        act(app, "#move-ticket-sent")
        app.wait(lambda d: read(app, "#move-ticket-confirmed", "disabled") is False,
                 "sending never unlocked the confirmation")
        act(app, "#move-ticket-confirmed")
        app.wait(lambda d: read(app, "#move-continue", "disabled") is False,
                 "the confirmation never unlocked Continue")
        click(app, "#move-continue")
        at_step(app, "new_provider")
        app.find("#move-provider").send_keys("Meta Cloud API <b>")
        act(app, "#move-provider-save")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#move-started"), "the start was never recorded")
        click(app, "#move-finish")
        at_step(app, "done", seconds=SYNC_SECONDS)
        app.wait(lambda d: read(app, "#nav-migration-badge .nav-badge-value") == "7", "the badge never said 7")
        report = profile.root / "handover.html"
        field = app.find("#move-report-path")
        field.clear()
        field.send_keys(str(report))
        click(app, "#move-report-save")
        app.wait(lambda d: read(app, "#move-report-done"), "the report was never saved")
        # The same report as a PDF: the name's extension follows the format.
        click(app, "#move-report-pdf")
        pdf = profile.root / "handover.pdf"
        app.wait(lambda d: str(pdf) in (read(app, "#move-report-done") or ""), "the PDF was never saved")
        app.screenshot("move-7-done")
    page = report.read_text(encoding="utf-8")
    assert "Meta Cloud API &lt;b&gt;" in page and "<b>" not in page
    assert token not in page
    assert "sha256" in page
    # The PDF: real text (poppler reads it back), looked at as a PNG.
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext") and shutil.which("pdftoppm"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Number handover report" in text and "Meta Cloud API <b>" in text, text
        assert "sha256" in text and token not in text
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(ARTIFACTS / "move-7-report-pdf")], check=True)
