"""Settings → CRM in the real window against pipedrive-sim (PASSERELLE_PIPEDRIVE_URL points the
connection at it), on the demo: the empty card teaches, a wrong token is refused in plain words,
the right one connects, an import brings the records and links the demo's conversations by
number; disconnecting Twilio then sends each note to its Pipedrive person with its original
date; disconnecting Pipedrive leaves no token in the keychain."""
import datetime
import json
import sqlite3
import subprocess
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, app_binary, launch, scroll_to, simulator, strings

EN = strings("en")
DEMO_SECONDS = 180


@pytest.fixture
def pipedrive_sim(tmp_path):
    """A running Pipedrive simulator (seed 7: its persons are the demo's customers)."""
    with running_sim(tmp_path, "--persons", "200") as info:
        yield info


def running_sim(tmp_path, *args):
    """Runs pipedrive-sim with `args`; yields its Info line."""
    binary = app_binary().parent / "pipedrive-sim"
    if not binary.exists():
        subprocess.run(["cargo", "build", "-p", "pipedrive-sim"], cwd=REPO, check=True, timeout=1800)
    return simulator(binary, tmp_path / "pipedrive-sim.log", *args)


def remote_notes(sim) -> list:
    request = urllib.request.Request(f"{sim['url']}/v1/notes?limit=500", headers={"x-api-token": sim["api_token"]})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["data"] or []


def pipedrive_time(unix: int) -> str:
    return datetime.datetime.fromtimestamp(unix, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def shows(app, css: str) -> bool:
    found = app.driver.find_elements(By.CSS_SELECTOR, css)
    return bool(found) and found[0].is_displayed()


def open_crm_card(app, loaded: str) -> None:
    app.find("#nav-settings").click()
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"#settings-crm-body[data-loaded={loaded}]"),
             f"the CRM card never showed {loaded}")
    scroll_to(app, "#settings-crm")


def connect_with(app, domain: str, token: str) -> None:
    for css, value in (("#settings-crm-domain", domain), ("#settings-crm-token", token)):
        field = app.find(css)
        field.clear()
        field.send_keys(value)
    app.find("#settings-crm-connect").click()


def test_connect_pipedrive_import_and_send_the_notes_when_twilio_is_disconnected(profile, pipedrive_sim):
    sim = pipedrive_sim
    db = profile.app_data / "demo" / "passerelle.db"
    with launch(profile, locale="en_US.UTF-8", extra_env={"PASSERELLE_PIPEDRIVE_URL": sim["url"]}) as app:
        app.find("#choice-demo").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                 "the demo never reached the conversation list", seconds=DEMO_SECONDS)

        # Nothing connected: the card says what the link does and where the token is.
        open_crm_card(app, "empty")
        assert app.inner_text("#settings-crm-teach").startswith(EN["crm.what"])
        assert app.find("#settings-crm-token").get_attribute("type") == "password"
        app.screenshot("crm-empty")

        # A wrong token: Pipedrive's 401 in plain words, where the form is.
        connect_with(app, sim["company_domain"], "not-a-real-token-0000")
        app.wait(lambda d: shows(app, "#settings-crm-error"), "a wrong token was not refused")
        assert app.find("#settings-crm-error").get_attribute("data-code") == "crm_bad_token"
        assert "refused this API token" in app.inner_text("#settings-crm-error")
        app.screenshot("crm-wrong-token")

        # The right one: who and which company, never the token.
        connect_with(app, sim["company_domain"], sim["api_token"])
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-crm-body[data-loaded=connected]"),
                 "the right token did not connect")
        assert not shows(app, "#settings-crm-error")
        assert app.inner_text("#settings-crm-company") == "Atelier Lumière (atelier-lumiere.pipedrive.com)"
        assert app.inner_text("#settings-crm-last-import") == EN["crm.never"]
        assert sim["api_token"] not in app.driver.page_source
        scroll_to(app, "#settings-crm")
        app.screenshot("crm-connected")

        # Import: records counted, conversations linked by number.
        app.find("#settings-crm-import").click()
        app.wait(lambda d: app.inner_text("#settings-crm-status").startswith("Import finished"),
                 "the import never finished", seconds=120)
        assert not shows(app, "#settings-crm-error")
        assert app.inner_text("#settings-crm-records") == "200 contacts, 150 deals, 60 leads"
        assert app.inner_text("#settings-crm-last-import") != EN["crm.never"]
        scroll_to(app, "#settings-crm")
        app.screenshot("crm-imported")
        conn = sqlite3.connect(db, timeout=30)
        linked = conn.execute(
            "SELECT count(*) FROM conversation_links l JOIN contacts c ON c.id = l.contact_id WHERE c.crm_id IS NOT NULL"
        ).fetchone()[0]
        conn.close()
        assert linked > 50, f"the demo's conversations are linked by number: {linked}"

        # The imported persons are contacts of the archive.
        app.find("#nav-contacts").click()
        app.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#contact-list li")) >= 20, "no imported contact listed")
        assert "Élise" not in app.inner_text("#contact-list"), "the token's user is not a person"
        app.screenshot("crm-contacts")
        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-crm-body[data-loaded=connected]"),
                 "the CRM card never came back")

        # Disconnecting Twilio writes the notes and sends them to Pipedrive.
        scroll_to(app, "#settings-disconnect-card")
        app.find("#settings-disconnect").click()
        app.wait(lambda d: shows(app, "#settings-disconnect-confirm"), "no confirmation")
        app.find("#settings-disconnect-yes").click()
        app.wait(lambda d: shows(app, "#settings-disconnect-done") or shows(app, "#settings-disconnect-error"),
                 "the disconnect never finished", seconds=300)
        assert not shows(app, "#settings-disconnect-error"), app.inner_text("#settings-disconnect-error")

        conn = sqlite3.connect(db, timeout=30)
        local = conn.execute(
            "SELECT n.first_message_at, c.crm_id, n.remote_id FROM notes n JOIN contacts c ON c.id = n.record_id WHERE n.record_kind = 'contact'"
        ).fetchall()
        conn.close()
        assert len(local) == linked, (len(local), linked)
        remote = {str(n["id"]): n for n in remote_notes(sim)}
        assert len(remote) == len(local), "one note in Pipedrive per note"
        for first, person, remote_id in local:
            note = remote[remote_id]
            assert str(note["person_id"]) == person
            assert note["add_time"] == pipedrive_time(first), "the note keeps its original date"

        # The card counts them; then Pipedrive is disconnected (its token leaves the keychain).
        app.find("#nav-notes").click()
        open_crm_card(app, "connected")
        assert app.inner_text("#settings-crm-notes") == f"{linked} sent · 0 waiting · 0 failed"
        app.screenshot("crm-notes-sent")
        app.find("#settings-crm-disconnect").click()
        app.wait(lambda d: shows(app, "#settings-crm-disconnect-confirm"), "no confirmation")
        app.find("#settings-crm-disconnect-yes").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-crm-body[data-loaded=empty]"),
                 "Pipedrive was not disconnected")
        assert app.inner_text("#settings-crm-status") == EN["crm.disconnected"]

    found = subprocess.run(["secret-tool", "search", "--all", "service", "eu.passerelle.desktop"],
                           capture_output=True, text=True)
    assert "pipedrive" not in found.stdout, found.stdout


def test_a_slow_import_shows_its_progress_stops_and_resumes_in_french(profile, tmp_path):
    fr = strings("fr")
    with running_sim(tmp_path, "--persons", "3000", "--latency-ms", "400") as sim, \
            launch(profile, locale="fr_FR.UTF-8", extra_env={"PASSERELLE_PIPEDRIVE_URL": sim["url"]}) as app:
        app.find("#choice-demo").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                 "the demo never reached the conversation list", seconds=DEMO_SECONDS)
        open_crm_card(app, "empty")
        connect_with(app, sim["company_domain"], sim["member_api_token"])
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-crm-body[data-loaded=connected]"),
                 "the member's token did not connect", seconds=60)
        app.find("#settings-crm-import").click()
        app.wait(lambda d: "lus" in app.inner_text("#settings-crm-status"), "no progress shown", seconds=60)
        assert app.find("#settings-crm-stop").is_displayed()
        assert app.inner_text("#settings-crm-status").startswith("Import des personnes")
        scroll_to(app, "#settings-crm")
        app.screenshot("crm-import-progress-fr")
        app.find("#settings-crm-stop").click()
        # Stop may land after the last page on a loaded machine: then the import simply ended.
        app.wait(lambda d: app.inner_text("#settings-crm-last-import") not in ("", fr["crm.never"]),
                 "the stopped import is not told", seconds=60)
        assert not shows(app, "#settings-crm-error")
        if app.inner_text("#settings-crm-last-import") == fr["crm.import_unfinished"]:
            assert app.inner_text("#settings-crm-status").startswith("Opération annulée")
        app.screenshot("crm-import-stopped-fr")
        app.find("#settings-crm-import").click()
        app.wait(lambda d: app.inner_text("#settings-crm-status").startswith("Import terminé"),
                 "the resumed import never finished", seconds=240)
        assert app.inner_text("#settings-crm-records").startswith("3")
        assert app.inner_text("#settings-crm-records").endswith("60 prospects")
        scroll_to(app, "#settings-crm")
        app.screenshot("crm-import-resumed-fr")
        conn = sqlite3.connect(profile.app_data / "demo" / "passerelle.db", timeout=30)
        contacts, linked = conn.execute(
            "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM conversation_links)"
        ).fetchone()
        conn.close()
        assert contacts == 3000, "stopped and resumed: nothing doubled"
        assert linked > 50, "the demo's conversations are linked by number"
        app.find("#settings-crm-disconnect").click()
        app.find("#settings-crm-disconnect-yes").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-crm-body[data-loaded=empty]"),
                 "Pipedrive was not disconnected")
