"""Accounts, auth and the message list, through Twilio's official Python SDK."""

from datetime import date, datetime, timedelta, timezone

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException


def test_fetch_main_account(client, sim):
    acct = client.api.v2010.accounts(sim["account_sid"]).fetch()
    assert acct.sid == sim["account_sid"]
    assert acct.type == "Full" and acct.status == "active"
    assert acct.owner_account_sid == sim["account_sid"]


def test_account_kinds(make_client, sim):
    cases = [
        ("trial_account_sid", "trial_auth_token", "Trial", "active"),
        ("suspended_account_sid", "suspended_auth_token", "Full", "suspended"),
        ("no_sender_account_sid", "no_sender_auth_token", "Full", "active"),
        ("offline_sender_account_sid", "offline_sender_auth_token", "Full", "active"),
    ]
    for sid_key, token_key, kind, status in cases:
        c = make_client(sim[sid_key], sim[token_key])
        acct = c.api.v2010.accounts(sim[sid_key]).fetch()
        assert (acct.type, acct.status) == (kind, status), sid_key


def test_list_subaccounts(client, sim):
    sids = {a.sid for a in client.api.v2010.accounts.list()}
    assert {sim["account_sid"], sim["subaccount_sid"]} <= sids
    assert sim["trial_account_sid"] not in sids


def test_subaccount_cannot_read_parent(make_client, sim):
    sub = make_client(sim["subaccount_sid"], sim["subaccount_auth_token"])
    assert sub.api.v2010.accounts(sim["subaccount_sid"]).fetch().owner_account_sid == sim["account_sid"]
    with pytest.raises(TwilioRestException) as e:
        sub.api.v2010.accounts(sim["account_sid"]).fetch()
    assert (e.value.status, e.value.code) == (401, 20003)
    with pytest.raises(TwilioException):
        sub.api.v2010.accounts(sim["account_sid"]).messages.list(limit=1)


def test_parent_reads_subaccount_messages(client, sim):
    msgs = client.api.v2010.accounts(sim["subaccount_sid"]).messages.list(limit=5)
    assert msgs and all(m.account_sid == sim["subaccount_sid"] for m in msgs)


@pytest.mark.parametrize("password", ["wrong", "", "x" * 32])
def test_bad_credentials(make_client, sim, password):
    c = make_client(sim["account_sid"], password)
    with pytest.raises(TwilioRestException) as e:
        c.api.v2010.accounts(sim["account_sid"]).fetch()
    assert (e.value.status, e.value.code) == (401, 20003)


def test_api_key(make_client, sim):
    c = make_client(sim["api_key_sid"], sim["api_key_secret"], account_sid=sim["account_sid"])
    msgs = c.messages.list(limit=3)
    assert len(msgs) == 3
    bad = make_client(sim["api_key_sid"], "nope", account_sid=sim["account_sid"])
    with pytest.raises(TwilioException):
        bad.messages.list(limit=1)


def test_standard_api_key_is_refused_on_accounts_only(make_client, sim):
    # Standard keys cover every resource except /Accounts and /Keys.
    c = make_client(sim["standard_api_key_sid"], sim["standard_api_key_secret"], account_sid=sim["account_sid"])
    assert len(c.messages.list(limit=2)) == 2
    with pytest.raises(TwilioRestException) as e:
        c.api.v2010.accounts(sim["account_sid"]).fetch()
    assert (e.value.status, e.value.code) == (401, 20003)


def test_date_sent_filters_leave_out_messages_without_a_send_date(client, sim):
    msg = client.messages.create(from_=sim["senders"][0], to="whatsapp:+33699990042", body="Annulé")
    try:
        canceled = client.messages(msg.sid).update(status="canceled")
        assert canceled.status == "canceled" and canceled.date_sent is None
        since = datetime.now(timezone.utc) - timedelta(days=2)
        dated = client.messages.list(from_=sim["senders"][0], date_sent_after=since, limit=200)
        assert msg.sid not in {m.sid for m in dated}
        undated = client.messages.list(from_=sim["senders"][0], limit=200)
        assert msg.sid in {m.sid for m in undated}
    finally:
        # The simulator is shared: leave no undated message for the tests that sort by date.
        client.messages(msg.sid).delete()


def test_paging_is_newest_first_and_complete(client):
    msgs = client.messages.list(page_size=70, limit=300)
    assert len(msgs) == 300
    assert len({m.sid for m in msgs}) == 300
    sent = [m.date_sent for m in msgs]
    assert sent == sorted(sent, reverse=True)
    for m in msgs:
        assert m.num_media.isdigit() and m.num_segments == "1"
        assert m.price_unit == "USD"
        assert m.from_.startswith("whatsapp:+") and m.to.startswith("whatsapp:+")
        assert m.status in {"received", "read", "delivered", "sent", "failed", "undelivered"}
        if m.status in ("failed", "undelivered"):
            assert isinstance(m.error_code, int) and m.error_message


def test_every_status_is_in_the_history(client):
    statuses = {m.status for m in client.messages.list(page_size=1000)}
    assert {"received", "read", "delivered", "sent", "failed", "undelivered"} <= statuses


def test_filters_to_from_and_dates(client, sim):
    sender = sim["senders"][0]
    inbound = client.messages.list(to=sender, page_size=200, limit=400)
    assert inbound and all(m.to == sender and m.direction == "inbound" for m in inbound)
    outbound = client.messages.list(from_=sender, page_size=200, limit=400)
    assert outbound and all(m.from_ == sender and m.direction.startswith("outbound") for m in outbound)
    middle = inbound[len(inbound) // 2].date_sent
    after = middle - timedelta(days=40)
    shard = client.messages.list(to=sender, date_sent_after=after, date_sent_before=middle, page_size=50)
    assert shard and all(after <= m.date_sent <= middle for m in shard)
    day = middle.date()
    on_day = client.messages.list(date_sent=day)  # the SDK sends YYYY-MM-DDT00:00:00Z
    assert on_day and all(m.date_sent.date() == day for m in on_day)
    assert any(m.sid == inbound[len(inbound) // 2].sid for m in on_day)


def test_date_only_bounds_cover_whole_days(client, sim):
    sender = sim["senders"][0]
    day = client.messages.list(to=sender, limit=1)[0].date_sent.date()
    text = day.strftime("%Y-%m-%d")
    before = client.messages.list(to=sender, date_sent_before=text, limit=5)
    assert before and before[0].date_sent.date() == day  # the whole day is included
    after = client.messages.list(to=sender, date_sent_after=text)
    assert after and all(m.date_sent.date() >= day for m in after)
    exactly = client.messages.list(to=sender, date_sent=text)
    assert {m.sid for m in exactly} == {m.sid for m in after if m.date_sent.date() == day}


def test_bad_page_token(client):
    with pytest.raises(TwilioException):
        client.api.v2010.account.messages.page(page_token="PAnot-a-token")


def test_fetch_message_and_unknown_sid(client):
    m = client.messages.list(limit=1)[0]
    again = client.messages(m.sid).fetch()
    assert (again.sid, again.body, again.status) == (m.sid, m.body, m.status)
    with pytest.raises(TwilioRestException) as e:
        client.messages("SM" + "0" * 32).fetch()
    assert (e.value.status, e.value.code) == (404, 20404)


def test_accents_emoji_and_long_texts(client):
    bodies = [m.body for m in client.messages.list(page_size=1000)]
    assert any(any(c in b for c in "éèàçô") for b in bodies)
    assert any(any(ord(c) > 0x1F000 for c in b) for b in bodies)
    assert any(len(b) > 300 for b in bodies)
