"""Notes and disconnecting, in the real window on the demo: linked conversations become notes,
Settings disconnects Twilio step by step, the Notes screen opens a note as text; afterwards the
keychain holds no Passerelle secret and the archive still opens and searches offline."""
import json
import sqlite3
import subprocess
import time

from selenium.webdriver.common.by import By

from conftest import REPO, app_binary, launch, strings

EN = strings("en")
DEMO_SECONDS = 180


def link_two_conversations(db) -> None:
    """Links the two most recent demo conversations to a new contact (what the inbox's link
    button does; the demo has no contacts of its own)."""
    conn = sqlite3.connect(db, timeout=30)
    with conn:
        owner = conn.execute("SELECT id FROM users WHERE is_owner = 1").fetchone()[0]
        now = int(time.time())
        conn.execute(
            "INSERT INTO contacts (name, created_at, updated_at) VALUES ('Zoé <b>Démo</b>', ?, ?)", (now, now)
        )
        contact = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        for (conversation,) in conn.execute(
            "SELECT id FROM conversations ORDER BY last_message_at DESC LIMIT 2"
        ).fetchall():
            conn.execute(
                "INSERT INTO conversation_links (conversation_id, contact_id, linked_by, linked_at) VALUES (?, ?, ?, ?)",
                (conversation, contact, owner, now),
            )
    conn.close()


def cli(*args) -> str:
    binary = app_binary().parent / "passerelle"
    out = subprocess.run([str(binary), *args], capture_output=True, text=True, env={"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_disconnecting_the_demo_keeps_notes_and_an_offline_archive(profile):
    db = profile.app_data / "demo" / "passerelle.db"
    with launch(profile, locale="en_US.UTF-8") as app:
        app.find("#choice-demo").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
            "the demo never reached the conversation list",
            seconds=DEMO_SECONDS,
        )
        link_two_conversations(db)

        app.find("#nav-settings").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-backups-list[data-loaded=true]"),
                 "the backups never loaded")
        app.driver.execute_script("document.querySelector('#settings-disconnect-card').scrollIntoView()")
        assert app.inner_text("#settings-disconnect-what") == EN["settings.disconnect_what"]
        app.find("#settings-disconnect").click()
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#settings-disconnect-confirm").is_displayed(),
                 "no confirmation")
        app.screenshot("disconnect-confirm")
        app.find("#settings-disconnect-yes").click()
        app.wait(
            lambda d: d.find_element(By.CSS_SELECTOR, "#settings-disconnect-done").is_displayed()
            or d.find_element(By.CSS_SELECTOR, "#settings-disconnect-error").is_displayed(),
            "the disconnect never finished",
            seconds=120,
        )
        assert not app.find("#settings-disconnect-error").is_displayed(), app.inner_text("#settings-disconnect-error")
        states = [li.get_attribute("data-state") for li in app.driver.find_elements(By.CSS_SELECTOR, "#settings-disconnect-steps li")]
        assert states == ["done"] * 5, states
        app.screenshot("disconnect-done")
        app.driver.execute_script("document.querySelector('#settings-backups').scrollIntoView()")
        app.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".backup-row")) >= 1, "the disconnect's backup is not listed")
        app.screenshot("settings-backups")

        app.find("#nav-notes").click()
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#notes-list[data-loaded=true]"), "the notes never loaded")
        rows = app.driver.find_elements(By.CSS_SELECTOR, "#notes-list .note-open")
        assert len(rows) == 2, f"one note per linked conversation, got {len(rows)}"
        rows[0].click()
        app.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#note-reader").is_displayed(), "the note never opened")
        text = app.inner_text("#note-text")
        assert text.startswith("WhatsApp conversation"), text
        assert "Zoé <b>Démo</b>" in text, "the name is shown as text"
        assert not app.driver.find_elements(By.CSS_SELECTOR, "#note-text b"), "no markup from the note"
        app.screenshot("notes-open")

    # No Passerelle secret left in the keychain; the archive reads and searches offline (the
    # demo's simulator stopped with the window).
    found = subprocess.run(["secret-tool", "search", "--all", "service", "eu.passerelle.desktop"],
                           capture_output=True, text=True)
    assert "secret" not in found.stdout, found.stdout
    notes = json.loads(cli("--db", str(db), "notes", "--json"))
    assert len(notes) == 2
    hits = json.loads(cli("--db", str(db), "search", "--json", "merci"))
    assert hits, "the archive still searches offline"
    backups = json.loads(cli("--db", str(db), "backups", "--json"))
    assert any(b["reason"] == "disconnect" for b in backups), backups
