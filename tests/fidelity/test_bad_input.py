"""Bad input answers like Twilio: a 4xx with Twilio's error body, never a 500 or a crash."""

import pytest
import requests

API, MSG, CONTENT = "api.twilio.com", "messaging.twilio.com", "content.twilio.com"


def call(sim, host, method, path, body=None, ctype=None, auth=True):
    headers = {"Host": host} if host else {}
    if ctype:
        headers["Content-Type"] = ctype
    creds = (sim["account_sid"], sim["auth_token"]) if auth else None
    path = path.replace("{AC}", sim["account_sid"])
    return requests.request(method, sim["url"] + path, data=body, headers=headers, auth=creds, timeout=10)


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MSGS = "/2010-04-01/Accounts/{AC}/Messages.json"

CASES = [
    # (host, method, path, body, content type, status, code)
    (API, "GET", MSGS + "?PageSize=abc", None, None, 400, 20001),
    (API, "GET", MSGS + "?PageSize=0", None, None, 400, 20001),
    (API, "GET", MSGS + "?Page=-1", None, None, 400, 20001),
    (API, "GET", MSGS + "?DateSent=31/02/2024", None, None, 400, 20001),
    (API, "GET", MSGS + "?DateSent%3E=yesterday", None, None, 400, 20001),
    (API, "GET", MSGS + "?PageToken=PAxyz", None, None, 400, 21481),
    (API, "GET", MSGS + "?PageToken=PASM" + "f" * 32, None, None, 400, 21481),
    (API, "GET", "/2010-04-01/Accounts/{AC}/Messages/SMnot-a-sid.json", None, None, 404, 20404),
    (API, "GET", "/2010-04-01/Accounts/{AC}/Messages/SM" + "0" * 32 + "/Media.json", None, None, 404, 20404),
    (API, "GET", "/2010-04-01/Accounts/ACdeadbeef.json", None, None, 404, 20404),
    (API, "GET", "/2010-04-01/Nothing/Here", None, None, 404, 20404),
    (API, "POST", MSGS, b"\xff\xfe\x00garbage", FORM, 400, 21604),
    (API, "POST", MSGS, b'{"To": "whatsapp:+33612345678"}', JSON, 400, 21604),
    (API, "POST", MSGS, "To=%ZZ&From=%&Body=%E9", FORM, 400, 21211),
    (API, "POST", MSGS, "To=whatsapp%3A%2B33612345678&From=&Body=x", FORM, 400, 21603),
    (API, "POST", MSGS, "To=whatsapp%3A%2B33612345678&From=whatsapp%3A%2B33187650001&ContentVariables=%7B%7D&Body=x", FORM, 400, 21656),
    (API, "DELETE", "/2010-04-01/Accounts.json", None, None, 405, 20004),
    (API, "PATCH", MSGS, None, None, 405, 20004),
    (MSG, "GET", "/v2/Channels/Senders", None, None, 400, 20001),
    (MSG, "GET", "/v2/Channels/Senders?Channel=fax", None, None, 400, 20001),
    (MSG, "GET", "/v2/Channels/Senders/XEbad", None, None, 404, 20404),
    (MSG, "GET", "/v2/Channels/Senders?Channel=whatsapp&PageToken=PAnope", None, None, 400, 21481),
    (MSG, "POST", "/v2/Channels/Senders/{XE}", b"{", JSON, 400, 20001),
    (MSG, "POST", "/v2/Channels/Senders/{XE}", b"[]", JSON, 400, 20001),
    (MSG, "POST", "/v2/Channels/Senders/{XE}", b'{"profile": "x"}', JSON, 400, 20001),
    (MSG, "POST", "/v2/Channels/Senders/{XE}", b'{"profile": {"colour": "red"}}', JSON, 400, 20001),
    (MSG, "POST", "/v2/Channels/Senders/{XE}", b'{"profile": {"about": 5}}', JSON, 400, 20001),
    (CONTENT, "POST", "/v1/Content", b"{}", JSON, 400, 20001),
    (CONTENT, "POST", "/v1/Content", b'{"language": "fr", "types": {"text": "x"}}', JSON, 400, 20001),
    (CONTENT, "POST", "/v1/Content", b'{"language": "fr", "types": {"twilio/text": {"body": "x"}}, "variables": {"1": 2}}', JSON, 400, 20001),
    (CONTENT, "GET", "/v1/Content/HXbad", None, None, 404, 20404),
    (CONTENT, "PUT", "/v1/Content/{HX}", b'{"types": {"twilio/text": {"body": "x"}}}', JSON, 400, 92009),
    (CONTENT, "POST", "/v1/Content/{HX}/ApprovalRequests/whatsapp", b'{"name": "x"}', JSON, 400, 92009),
    (CONTENT, "GET", "/v1/Content?PageSize=-3", None, None, 400, 20001),
    (None, "POST", "/__sim/clock", "advance_seconds=-5", FORM, 400, 20001),
    (None, "POST", "/__sim/clock", "advance_seconds=abc", FORM, 400, 20001),
    (None, "POST", "/__sim/inbound", "To=whatsapp%3A%2B33187650001", FORM, 400, 21604),
    (None, "POST", "/__sim/inbound", "From=whatsapp%3A%2B3361&To=whatsapp%3A%2B33187650001", FORM, 400, 21211),
    (None, "POST", "/__sim/inbound", "From=whatsapp%3A%2B33612345678&To=whatsapp%3A%2B19999999999", FORM, 400, 63007),
    (None, "POST", "/__sim/inbound", "From=whatsapp%3A%2B33612345678&To=whatsapp%3A%2B33187650001&NumMedia=99", FORM, 400, 20001),
    (None, "POST", "/__sim/faults", "error_rate=2", FORM, 400, 20001),
    (None, "GET", "/__sim/nothing", None, None, 404, 20404),
]


@pytest.fixture
def sids(client):
    sender = client.messaging.v2.channels_senders.list(channel="whatsapp")[0].sid
    approved = [c.sid for c in client.content.v1.content_and_approvals.list()
                if c.approval_requests["status"] == "approved"][0]
    return {"{XE}": sender, "{HX}": approved}


@pytest.mark.parametrize("host,method,path,body,ctype,status,code", CASES)
def test_bad_input_answers_like_twilio(sim, sids, host, method, path, body, ctype, status, code):
    for k, v in sids.items():
        path = path.replace(k, v)
    r = call(sim, host, method, path, body, ctype)
    assert r.status_code == status, r.text
    err = r.json()
    assert err["code"] == code and err["status"] == status
    assert err["message"] and err["more_info"] == f"https://www.twilio.com/docs/errors/{code}"


@pytest.mark.parametrize("host,path", [(API, MSGS), (MSG, "/v2/Channels/Senders?Channel=whatsapp"), (CONTENT, "/v1/Content")])
def test_missing_or_wrong_credentials(sim, host, path):
    assert call(sim, host, "GET", path, auth=False).status_code == 401
    r = requests.get(sim["url"] + path.replace("{AC}", sim["account_sid"]), headers={"Host": host},
                     auth=(sim["trial_account_sid"], "wrong"), timeout=10)
    assert (r.status_code, r.json()["code"]) == (401, 20003)
    assert r.headers["WWW-Authenticate"].startswith("Basic")


def test_suspended_account_is_refused_except_its_own_resource(sim):
    auth = (sim["suspended_account_sid"], sim["suspended_auth_token"])
    own = requests.get(f"{sim['url']}/2010-04-01/Accounts/{sim['suspended_account_sid']}.json", auth=auth, timeout=10)
    assert own.status_code == 200 and own.json()["status"] == "suspended"
    msgs = requests.get(f"{sim['url']}/2010-04-01/Accounts/{sim['suspended_account_sid']}/Messages.json", auth=auth, timeout=10)
    assert (msgs.status_code, msgs.json()["code"]) == (401, 20003)


def test_page_size_above_1000_is_capped(sim):
    r = call(sim, API, "GET", MSGS + "?PageSize=5000")
    assert r.status_code == 200 and r.json()["page_size"] == 1000


def test_path_routing_without_twilio_host(sim):
    """A client configured with one base URL for every host reaches all three APIs."""
    for path in (MSGS + "?PageSize=1", "/v2/Channels/Senders?Channel=whatsapp", "/v1/ContentAndApprovals"):
        r = call(sim, None, "GET", path)
        assert r.status_code == 200, path
    meta = call(sim, None, "GET", "/v1/Content?PageSize=1").json()["meta"]
    assert meta["next_page_url"].startswith(sim["url"] + "/v1/Content?")
    assert requests.get(meta["next_page_url"], auth=(sim["account_sid"], sim["auth_token"]), timeout=10).status_code == 200
