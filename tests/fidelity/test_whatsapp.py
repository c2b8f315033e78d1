"""Media, sending and the WhatsApp rules (24-hour window, templates, status progress)."""

import json

import pytest
import requests
from twilio.base.exceptions import TwilioRestException


def _media_message(client):
    for m in client.messages.list(page_size=1000):
        if m.num_media != "0":
            return m
    raise AssertionError("no message with media in the history")


def test_media_list_fetch_and_bytes(client, sim, control):
    m = _media_message(client)
    assert m.sid.startswith("MM")
    media = client.messages(m.sid).media.list()
    assert len(media) == int(m.num_media)
    one = client.messages(m.sid).media(media[0].sid).fetch()
    assert one.parent_sid == m.sid and one.content_type in ("image/png", "application/pdf")
    # The bytes: no extension, Basic auth, answered with a redirect to an unauthenticated CDN.
    uri = "https://api.twilio.com" + one.uri[: -len(".json")]
    r = client.request("GET", uri)
    assert r.status_code == 302
    location = r.headers["Location"]
    cdn = requests.get(location, timeout=10)
    assert cdn.status_code == 200 and cdn.headers["Content-Type"] == one.content_type
    assert cdn.content[:4] in (b"\x89PNG", b"%PDF")
    with_creds = requests.get(location, auth=(sim["account_sid"], sim["auth_token"]), timeout=10)
    assert with_creds.status_code == 400
    no_creds = requests.get(uri.replace("https://api.twilio.com", sim["url"]), timeout=10)
    assert no_creds.status_code == 401 and no_creds.json()["code"] == 20003
    control.advance(5 * 3600)
    assert requests.get(location, timeout=10).status_code == 403


def test_free_form_outside_window_fails_with_63016(client, sim, control):
    msg = client.messages.create(from_=sim["senders"][0], to="whatsapp:+33699990001", body="Bonjour, des nouvelles ?")
    assert msg.status == "queued" and msg.direction == "outbound-api"
    control.advance(2)
    later = client.messages(msg.sid).fetch()
    assert (later.status, later.error_code) == ("failed", 63016)


def test_free_form_inside_window_progresses_to_read(client, sim, control):
    contact = "whatsapp:+33699990002"
    inbound = control.inbound(From=contact, To=sim["senders"][0], Body="Bonjour ! Ma commande est prête ? 😊", ProfileName="Zoé")
    assert inbound["status"] == "received" and inbound["direction"] == "inbound"
    assert client.messages(inbound["sid"]).fetch().body == "Bonjour ! Ma commande est prête ? 😊"
    msg = client.messages.create(from_=sim["senders"][0], to=contact, body="Oui, elle vous attend à l'atelier.")
    seen = [msg.status]
    for step in (2, 2, 60):
        control.advance(step)
        seen.append(client.messages(msg.sid).fetch().status)
    assert seen == ["queued", "sent", "delivered", "read"]
    newest = client.messages.list(limit=2)
    assert newest[0].sid == msg.sid and newest[1].sid == inbound["sid"]
    control.advance(25 * 3600)
    late = client.messages.create(from_=sim["senders"][0], to=contact, body="Vous êtes passée ?")
    control.advance(2)
    assert client.messages(late.sid).fetch().error_code == 63016


def test_approved_template_is_delivered_outside_window(client, sim, control):
    approved = [c for c in client.content.v1.content_and_approvals.list()
                if c.approval_requests["status"] == "approved" and "{{2}}" in json.dumps(c.types)]
    tpl = approved[0]
    msg = client.messages.create(from_=sim["senders"][0], to="whatsapp:+33699990003", content_sid=tpl.sid,
                                 content_variables=json.dumps({"1": "Amélie", "2": "51234"}))
    assert "Amélie" in msg.body and "51234" in msg.body
    control.advance(5)
    assert client.messages(msg.sid).fetch().status == "delivered"


@pytest.mark.parametrize(
    "fields,status,code",
    [
        ({"to": "", "body": "x"}, 400, 21604),
        ({"to": "whatsapp:+12", "body": "x"}, 400, 21211),
        ({"to": "+33612345678", "body": "x"}, 400, 21910),
        ({"to": "whatsapp:+33612345678", "body": "x", "from_": "whatsapp:+33100000000"}, 400, 63007),
        ({"to": "whatsapp:+33612345678"}, 400, 21602),
        ({"to": "whatsapp:+33612345678", "body": "é" * 1601}, 400, 21617),
        ({"to": "whatsapp:+33612345678", "content_sid": "HX" + "0" * 32}, 400, 21655),
    ],
)
def test_create_refusals(client, sim, fields, status, code):
    fields = dict(fields)
    fields.setdefault("from_", sim["senders"][0])
    with pytest.raises(TwilioRestException) as e:
        client.messages.create(**fields)
    assert (e.value.status, e.value.code) == (status, code)


def test_bad_content_variables(client, sim):
    tpl = client.content.v1.contents.list()[0]
    with pytest.raises(TwilioRestException) as e:
        client.messages.create(from_=sim["senders"][0], to="whatsapp:+33612345678", content_sid=tpl.sid,
                               content_variables="{not json")
    assert e.value.code == 21656


def test_offline_sender_is_refused(make_client, sim):
    c = make_client(sim["offline_sender_account_sid"], sim["offline_sender_auth_token"])
    senders = c.messaging.v2.channels_senders.list(channel="whatsapp")
    assert [s.status for s in senders] == ["OFFLINE"] and senders[0].offline_reasons
    with pytest.raises(TwilioRestException) as e:
        c.messages.create(from_=senders[0].sender_id, to="whatsapp:+33612345678", body="x")
    assert e.value.code == 63007


def test_no_sender_account(make_client, sim):
    c = make_client(sim["no_sender_account_sid"], sim["no_sender_auth_token"])
    assert c.messaging.v2.channels_senders.list(channel="whatsapp") == []
    assert c.messages.list(limit=5) == []


def test_redact_and_delete(client, sim, control):
    inbound = control.inbound(From="whatsapp:+33699990004", To=sim["senders"][1], Body="Secret code 1234")
    redacted = client.messages(inbound["sid"]).update(body="")
    assert redacted.body == ""
    assert client.messages(inbound["sid"]).delete() is True
    with pytest.raises(TwilioRestException) as e:
        client.messages(inbound["sid"]).fetch()
    assert e.value.code == 20404


def test_inbound_with_media(client, sim, control):
    inbound = control.inbound(From="whatsapp:+447700900123", To=sim["senders"][1], Body="", NumMedia="2")
    assert inbound["sid"].startswith("MM") and inbound["num_media"] == "2"
    assert len(client.messages(inbound["sid"]).media.list()) == 2
