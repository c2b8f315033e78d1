"""Fixtures of the simulator's fidelity tests.

Twilio's official Python SDK talks to https://api.twilio.com, https://messaging.twilio.com and
https://content.twilio.com. A custom HTTP client sends those requests to the simulator instead,
keeping the original host in the Host header (the simulator routes on it), and checks every
successful JSON answer against the matching operation of Twilio's OpenAPI specs.
"""

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from spec_check import SpecChecker

REPO = Path(__file__).resolve().parents[2]


def _sim_binary() -> str:
    if os.environ.get("TWILIO_SIM_BIN"):
        return os.environ["TWILIO_SIM_BIN"]
    target = os.environ.get("CARGO_TARGET_DIR", str(REPO / "target"))
    return str(Path(target) / "debug" / "twilio-sim")


def _spec_dir() -> Path:
    if os.environ.get("TWILIO_OAI_DIR"):
        return Path(os.environ["TWILIO_OAI_DIR"])
    return Path(__file__).resolve().parent / "twilio-oai"


@pytest.fixture(scope="session")
def checker():
    return SpecChecker(_spec_dir())


@pytest.fixture(scope="session")
def sim():
    """A simulator with the default small data set; yields its Info (a dict)."""
    proc = subprocess.Popen(
        [_sim_binary(), "--messages", "3000", "--contacts", "150", "--seed", "11"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise RuntimeError("twilio-sim printed nothing: " + proc.stderr.read())
    info = json.loads(line)
    yield info
    proc.kill()
    proc.wait()


class SimHttpClient(TwilioHttpClient):
    """Sends https://*.twilio.com requests to the simulator, keeping the Host header, and
    validates every 2xx JSON answer against the OpenAPI spec of that host."""

    def __init__(self, base_url, checker, **kw):
        super().__init__(**kw)
        self.base = urlsplit(base_url)
        self.checker = checker
        self.checked = []

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        original = url
        parts = urlsplit(url)
        headers = dict(headers or {})
        if parts.hostname and parts.hostname.endswith("twilio.com"):
            headers["Host"] = parts.netloc
            url = urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, parts.fragment))
        response = super().request(method, url, params=params, data=data, headers=headers, auth=auth,
                                   timeout=timeout, allow_redirects=allow_redirects)
        if 200 <= response.status_code < 300 and response.text:
            self.checker.check(method, original, params, response.status_code, response.text)
            self.checked.append((method, urlsplit(original).path))
        return response


@pytest.fixture
def http_client(sim, checker):
    return SimHttpClient(sim["url"], checker)


@pytest.fixture
def client(sim, http_client):
    """The SDK as the main account (auth token)."""
    return Client(sim["account_sid"], sim["auth_token"], http_client=http_client)


@pytest.fixture
def make_client(sim, checker):
    """An SDK client for other credentials: make_client(username, password, account_sid=None)."""

    def make(username, password, account_sid=None):
        return Client(username, password, account_sid=account_sid,
                      http_client=SimHttpClient(sim["url"], checker))

    return make


@pytest.fixture
def control(sim):
    """Calls the simulator's control endpoints (no auth)."""

    class Control:
        def inbound(self, **form):
            r = requests.post(sim["url"] + "/__sim/inbound", data=form, timeout=10)
            assert r.status_code == 201, r.text
            return r.json()

        def advance(self, seconds):
            r = requests.post(sim["url"] + "/__sim/clock", data={"advance_seconds": str(seconds)}, timeout=10)
            assert r.status_code == 200, r.text
            return r.json()

        def requests(self):
            return requests.get(sim["url"] + "/__sim/requests", timeout=10).json()

        def faults(self, **form):
            r = requests.post(sim["url"] + "/__sim/faults", data={k: str(v) for k, v in form.items()}, timeout=10)
            assert r.status_code == 200, r.text
            return r.json()

    return Control()
