#!/usr/bin/env python3
"""The peer a technical user would write instead of Passerelle.

Twilio's official Python SDK streams every message of the account
(``client.messages.stream(page_size=1000)``) and each batch of 1000 is written to SQLite
with ``executemany`` in one transaction. The only non-default piece is the HTTP client: it
sends every request to the simulator's base URL while keeping the original ``Host`` header,
so the simulator routes it exactly as Twilio's hosts would.

Prints one JSON line: {"messages", "wall_s", "msgs_per_s", "db"}.

Usage: sdk_peer.py --url http://127.0.0.1:PORT --account-sid AC… --auth-token … --db out.db
(each flag also read from SIM_URL / TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).
"""
import argparse
import json
import os
import sqlite3
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

BATCH = 1000

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    sid TEXT PRIMARY KEY,
    account_sid TEXT,
    from_ TEXT,
    to_ TEXT,
    body TEXT,
    status TEXT,
    direction TEXT,
    date_created TEXT,
    date_sent TEXT,
    date_updated TEXT,
    num_media INTEGER,
    num_segments INTEGER,
    error_code INTEGER,
    error_message TEXT,
    price TEXT,
    price_unit TEXT,
    messaging_service_sid TEXT
)
"""

INSERT = "INSERT OR REPLACE INTO messages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"


class SimulatorHttpClient(TwilioHttpClient):
    """Sends every Twilio request to one base URL, keeping the Twilio host in `Host`."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base = urlsplit(base_url)

    def request(self, method, url, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        original = urlsplit(url)
        headers = dict(headers or {})
        headers["Host"] = original.netloc
        rewritten = urlunsplit((self.base.scheme, self.base.netloc, original.path,
                                original.query, original.fragment))
        return super().request(method, rewritten, params=params, data=data, headers=headers,
                               auth=auth, timeout=timeout, allow_redirects=allow_redirects)


def iso(value):
    return value.isoformat() if value is not None else None


def row(m):
    return (m.sid, m.account_sid, m.from_, m.to, m.body, m.status, m.direction,
            iso(m.date_created), iso(m.date_sent), iso(m.date_updated),
            int(m.num_media or 0), int(m.num_segments or 0), m.error_code, m.error_message,
            m.price, m.price_unit, m.messaging_service_sid)


def copy_history(client: Client, db: sqlite3.Connection) -> int:
    count = 0
    batch = []
    for message in client.messages.stream(page_size=BATCH):
        batch.append(row(message))
        if len(batch) == BATCH:
            count += write(db, batch)
            batch = []
    if batch:
        count += write(db, batch)
    return count


def write(db: sqlite3.Connection, batch) -> int:
    with db:
        db.executemany(INSERT, batch)
    return len(batch)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("SIM_URL"))
    parser.add_argument("--account-sid", default=os.environ.get("TWILIO_ACCOUNT_SID"))
    parser.add_argument("--auth-token", default=os.environ.get("TWILIO_AUTH_TOKEN"))
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    if not (args.url and args.account_sid and args.auth_token):
        print("sdk_peer: --url, --account-sid and --auth-token are required", file=sys.stderr)
        return 2

    client = Client(args.account_sid, args.auth_token,
                    http_client=SimulatorHttpClient(args.url))
    db = sqlite3.connect(args.db)
    db.execute(SCHEMA)
    db.commit()

    started = time.monotonic()
    count = copy_history(client, db)
    wall = time.monotonic() - started
    db.close()
    print(json.dumps({"messages": count, "wall_s": round(wall, 3),
                      "msgs_per_s": round(count / wall, 1) if wall > 0 else None,
                      "db": args.db}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
