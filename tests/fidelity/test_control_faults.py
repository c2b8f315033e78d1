"""The control endpoints: request log and seeded faults."""

import threading
import time

import pytest
import requests
from twilio.base.exceptions import TwilioRestException


@pytest.fixture
def faults(control):
    yield control
    control.faults(latency_ms=0, max_concurrency=0, error_rate=0, cut_rate=0, seed=1)


def test_request_log_names_the_credential_never_the_secret(client, control, sim):
    client.messages.list(limit=1)
    log = control.requests()
    last = [e for e in log if e["path"].endswith("/Messages.json")][-1]
    assert last["host"] == "api.twilio.com" and last["method"] == "GET"
    assert last["credential"] == sim["account_sid"] and last["status"] == 200
    assert "PageSize=1" in last["query"]
    text = requests.get(sim["url"] + "/__sim/requests", timeout=10).text
    assert sim["auth_token"] not in text and sim["api_key_secret"] not in text


def test_error_rate_gives_500_or_503(client, faults):
    faults.faults(error_rate=1, seed=3)
    with pytest.raises(TwilioRestException) as e:
        client.messages("SM" + "0" * 32).fetch()
    assert e.value.status in (500, 503)


def _statuses(sim, n):
    out = []
    for _ in range(n):
        r = requests.get(f"{sim['url']}/2010-04-01/Accounts/{sim['account_sid']}.json",
                         auth=(sim["account_sid"], sim["auth_token"]), timeout=10)
        out.append(r.status_code)
    return out


def test_faults_replay_with_the_same_seed(sim, faults):
    faults.faults(error_rate=0.5, seed=42)
    first = _statuses(sim, 30)
    faults.faults(error_rate=0.5, seed=42)
    assert _statuses(sim, 30) == first
    assert {200} < set(first) <= {200, 500, 503}


def test_cut_connections(sim, faults):
    faults.faults(cut_rate=1, seed=5)
    with pytest.raises(requests.exceptions.RequestException):
        r = requests.get(f"{sim['url']}/2010-04-01/Accounts/{sim['account_sid']}/Messages.json?PageSize=200",
                         auth=(sim["account_sid"], sim["auth_token"]), timeout=10)
        r.json()


def test_latency_is_added(sim, faults):
    faults.faults(latency_ms=300)
    start = time.monotonic()
    _statuses(sim, 1)
    assert time.monotonic() - start >= 0.3


def test_concurrency_cap_answers_20429(client, sim, faults):
    faults.faults(max_concurrency=1, latency_ms=1500)
    results = []

    def one():
        r = requests.get(f"{sim['url']}/2010-04-01/Accounts/{sim['account_sid']}.json",
                         auth=(sim["account_sid"], sim["auth_token"]), timeout=10)
        results.append((r.status_code, r.json().get("code")))

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (429, 20429) in results and any(s == 200 for s, _ in results)
