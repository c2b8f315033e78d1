"""Validates the simulator's JSON answers against Twilio's OpenAPI specs (openapi-core).

Fields newer than the spec snapshot (2026-04) that the simulator sends because Twilio's SDK
9.13.0 (2026-11) knows them are removed before validation; they are listed in NEWER_FIELDS.
"""

import json
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

SPEC_OF_HOST = {
    "api.twilio.com": "twilio_api_v2010.json",
    "messaging.twilio.com": "twilio_messaging_v2.json",
    "content.twilio.com": "twilio_content_v1.json",
}

# Sender fields of SDK 9.13.0 that the spec snapshot does not have.
NEWER_FIELDS = {
    "messaging.twilio.com": [
        "display_name_status",
        "pending_display_name",
        "pending_display_name_status",
        "pending_display_name_status_date",
    ],
}


# Nullable enums that Twilio answers with null (the spec's own examples do too), which
# openapi-core rejects because null is not among the enum's values: dropped when null.
NULL_ENUMS = {"verification_method", "account_type", "callback_method", "fallback_method", "status_callback_method"}


def _strip(obj, fields):
    if isinstance(obj, dict):
        return {k: _strip(v, fields) for k, v in obj.items()
                if k not in fields and not (v is None and k in NULL_ENUMS)}
    if isinstance(obj, list):
        return [_strip(v, fields) for v in obj]
    return obj


class SpecChecker:
    def __init__(self, spec_dir: Path):
        self.spec_dir = Path(spec_dir)
        if not self.spec_dir.is_dir():
            raise RuntimeError(f"Twilio OpenAPI specs not found in {self.spec_dir}")
        self._apis = {}

    def _api(self, host):
        if host not in self._apis:
            with open(self.spec_dir / SPEC_OF_HOST[host], encoding="utf-8") as f:
                self._apis[host] = OpenAPI.from_dict(json.load(f))
        return self._apis[host]

    def check(self, method, url, params, status, text):
        """Raises AssertionError when `text` is not what the spec's operation answers."""
        host = urlsplit(url).hostname
        if host not in SPEC_OF_HOST:
            return
        body = _strip(json.loads(text), set(NEWER_FIELDS.get(host, [])))
        full = url
        if params:
            full = url + ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        req = requests.Request(method, full).prepare()
        resp = requests.Response()
        resp.status_code = status
        resp._content = json.dumps(body).encode()
        resp.headers["Content-Type"] = "application/json"
        try:
            self._api(host).validate_response(RequestsOpenAPIRequest(req), RequestsOpenAPIResponse(resp))
        except Exception as e:  # openapi-core raises a tree of validation errors
            errors = getattr(getattr(e, "__cause__", None), "schema_errors", None) or [e]
            detail = "; ".join(str(x).splitlines()[0][:300] for x in errors)
            raise AssertionError(f"{method} {url} -> {status} does not match the spec: {detail}") from None
