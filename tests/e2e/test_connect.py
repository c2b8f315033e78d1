"""Connecting a Twilio account from the window, against the Twilio simulator over real HTTP
(PASSERELLE_TWILIO_URL points every Twilio host at it): the form's own checks, Twilio's
refusals explained, then the senders, the first sync, the keychain and a restart."""
import pytest
from selenium.webdriver.common.by import By

from conftest import launch, strings

FR, EN = strings("fr"), strings("en")
SYNC_SECONDS = 180


def open_connect_form(app, catalogue):
    app.wait_text("#welcome-title", catalogue["welcome.title"])
    app.find("#choice-connect").click()
    app.wait_text("#connect-title", catalogue["connect.title"])


def fill(app, css, value):
    field = app.find(css)
    field.clear()
    if value:
        field.send_keys(value)


def submit(app, owner, account_sid, token):
    fill(app, "#owner-name", owner)
    fill(app, "#account-sid", account_sid)
    fill(app, "#auth-token", token)
    app.find("#connect-submit").click()


def wait_refusal(app):
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#connect-error:not([hidden])"), "no refusal was shown")
    alert = app.find("#connect-error")
    return alert.get_attribute("data-code"), app.inner_text("#connect-error")


def test_the_form_explains_what_is_missing_before_asking_twilio(profile):
    with launch(profile, locale="fr_FR.UTF-8") as app:
        open_connect_form(app, FR)
        app.find("#connect-submit").click()
        app.wait(lambda d: app.find("#owner-name-error").is_displayed(), "no message for the empty name")
        assert app.inner_text("#owner-name-error") == FR["connect.error_owner"]
        assert app.inner_text("#account-sid-error") == FR["connect.error_account_sid_empty"]
        assert app.inner_text("#auth-token-error") == FR["connect.error_auth_token"]
        assert app.driver.execute_script("return document.activeElement.id") == "owner-name"

        submit(app, "Camille", "AC123", "x")
        app.wait(lambda d: app.inner_text("#account-sid-error") == FR["connect.error_account_sid_shape"],
                 "no message for a malformed Account SID")
        assert not app.find("#owner-name-error").is_displayed()

        app.find("#method-key").click()
        assert app.find("#api-key-sid").is_displayed() and not app.find("#auth-token").is_displayed()
        fill(app, "#account-sid", "AC" + "0" * 32)
        fill(app, "#api-key-sid", "SK12")
        app.find("#connect-submit").click()
        app.wait(lambda d: app.inner_text("#api-key-sid-error") == FR["connect.error_api_key_sid_shape"],
                 "no message for a malformed API key SID")
        assert app.inner_text("#api-key-secret-error") == FR["connect.error_api_key_secret"]
        app.screenshot("connect-form-errors-fr")


@pytest.mark.parametrize(
    "account, token, code",
    [
        ("account_sid", "wrong", "bad_credentials"),
        ("trial_account_sid", "trial_auth_token", "trial_account"),
        ("suspended_account_sid", "suspended_auth_token", "account_suspended"),
        ("no_sender_account_sid", "no_sender_auth_token", "no_whatsapp_sender"),
        ("offline_sender_account_sid", "offline_sender_auth_token", "sender_not_online"),
    ],
)
def test_twilio_refusals_are_explained_in_plain_words(profile, twilio_sim, account, token, code):
    secret = twilio_sim.get(token, "f" * 32)
    with launch(profile, locale="en_US.UTF-8", extra_env={"PASSERELLE_TWILIO_URL": twilio_sim["url"]}) as app:
        open_connect_form(app, EN)
        submit(app, "Camille Martin", twilio_sim[account], secret)
        got_code, message = wait_refusal(app)
        assert got_code == code, message
        assert len(message) > 40, f"a refusal must explain itself: {message!r}"
        assert secret not in message, "the secret must never appear in an error"
        assert app.find("#connect-title").is_displayed(), "a refusal keeps the user on the form"
        app.screenshot(f"connect-refused-{code}")


def test_connecting_an_account_copies_its_history_and_survives_a_restart(profile, twilio_sim):
    env = {"PASSERELLE_TWILIO_URL": twilio_sim["url"]}
    token = twilio_sim["auth_token"]
    with launch(profile, locale="en_US.UTF-8", extra_env=env) as app:
        open_connect_form(app, EN)
        submit(app, "Camille Martin", twilio_sim["account_sid"], token)
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-screen=senders]"),
                 "the senders were never listed", seconds=60)
        numbers = [e.get_attribute("value") for e in app.driver.find_elements(By.CSS_SELECTOR, "#sender-items input")]
        assert set(twilio_sim["senders"]) <= set(numbers), numbers
        assert "Camille Martin" in app.inner_text("#senders-owner")
        app.screenshot("connect-senders")

        app.find("#senders-confirm").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]")
            or d.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden]), #senders-error:not([hidden])"),
            "the first sync never reached the conversation list",
            seconds=SYNC_SECONDS,
        )
        failures = app.driver.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden]), #senders-error:not([hidden])")
        assert not failures, app.driver.execute_script("return arguments[0].innerText", failures[0])
        assert not app.find("#conversations-demo").is_displayed(), "a real account is not demo data"
        assert len(app.driver.find_elements(By.CSS_SELECTOR, "#conversation-list .conversation")) > 5
        app.screenshot("connect-conversations")

    db = profile.app_data / "passerelle.db"
    assert db.exists()
    for path in [db, *db.parent.glob("passerelle.db-*"), *(profile.app_data / "logs").glob("*")]:
        assert token.encode() not in path.read_bytes(), f"the auth token leaked into {path.name}"

    # After a restart the window opens on the archive, and a new sync takes the secret from
    # the keychain (nothing typed again).
    with launch(profile, locale="en_US.UTF-8", extra_env=env) as app:
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]"),
                 "a connected archive should open on its conversations")
        app.find("#conversations-sync").click()
        app.wait(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation-list[data-loaded=true]")
            or d.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])"),
            "the second sync never finished",
            seconds=SYNC_SECONDS,
        )
        failures = app.driver.find_elements(By.CSS_SELECTOR, "#sync-error:not([hidden])")
        assert not failures, app.inner_text("#sync-error")
