"""WhatsApp senders (messaging v2) and templates (content v1)."""

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest.content.v1.content import ContentList
from twilio.rest.content.v1.content.approval_create import ApprovalCreateList
from twilio.rest.messaging.v2.channels_sender import ChannelsSenderList


def test_list_and_fetch_senders(client, sim):
    senders = client.messaging.v2.channels_senders.list(channel="whatsapp")
    assert sorted(s.sender_id for s in senders) == sorted(sim["senders"])
    for s in senders:
        assert s.status == "ONLINE"
        assert s.properties["quality_rating"] in ("HIGH", "MEDIUM", "LOW")
        assert s.properties["messaging_limit"]
        again = client.messaging.v2.channels_senders(s.sid).fetch()
        assert again.profile["name"] == s.profile["name"]
    paged = client.messaging.v2.channels_senders.list(channel="whatsapp", page_size=1)
    assert len(paged) == len(senders)


def test_update_profile_and_display_name_review(client, control):
    sender = client.messaging.v2.channels_senders.list(channel="whatsapp")[0]
    old = sender.profile["name"]
    update = ChannelsSenderList.MessagingV2ChannelsSenderRequestsUpdate(
        {"profile": {"name": "Atelier Lumière Lyon", "about": "Céramique faite main, Lyon 1er ✨"}}
    )
    updated = client.messaging.v2.channels_senders(sender.sid).update(messaging_v2_channels_sender_requests_update=update)
    assert updated.display_name_status == "pending_review"
    assert updated.profile["about"] == "Céramique faite main, Lyon 1er ✨"
    fetched = client.messaging.v2.channels_senders(sender.sid).fetch()
    assert fetched.profile["name"] == old
    assert (fetched.pending_display_name, fetched.pending_display_name_status) == ("Atelier Lumière Lyon", "PENDING_REVIEW")
    again = ChannelsSenderList.MessagingV2ChannelsSenderRequestsUpdate({"profile": {"name": "Encore un autre nom"}})
    with pytest.raises(TwilioRestException) as e:
        client.messaging.v2.channels_senders(sender.sid).update(messaging_v2_channels_sender_requests_update=again)
    assert (e.value.status, e.value.code) == (409, 63128)
    control.advance(25 * 3600)
    done = client.messaging.v2.channels_senders(sender.sid).fetch()
    assert done.profile["name"] == "Atelier Lumière Lyon" and done.pending_display_name_status == "APPROVED"


@pytest.mark.parametrize(
    "profile,code",
    [({"name": ""}, 63124), ({"about": "x" * 140}, 20001), ({"vertical": "Bakery"}, 20001),
     ({"websites": [{"website": "ftp://x", "label": "Website"}]}, 20001)],
)
def test_profile_refusals(client, profile, code):
    sender = client.messaging.v2.channels_senders.list(channel="whatsapp")[1]
    update = ChannelsSenderList.MessagingV2ChannelsSenderRequestsUpdate({"profile": profile})
    with pytest.raises(TwilioRestException) as e:
        client.messaging.v2.channels_senders(sender.sid).update(messaging_v2_channels_sender_requests_update=update)
    assert e.value.code == code


def test_templates_in_every_state(client):
    items = client.content.v1.content_and_approvals.list()
    states = {c.approval_requests["status"] for c in items}
    assert {"approved", "pending", "received", "rejected", "paused", "disabled", "unsubmitted"} <= states
    for c in items:
        if c.approval_requests["status"] == "rejected":
            assert c.approval_requests["rejection_reason"]
    contents = client.content.v1.contents.list(page_size=5)
    assert len(contents) == len(items)
    approval = client.content.v1.contents(items[0].sid).approval_fetch().fetch()
    assert approval.whatsapp["status"] == items[0].approval_requests["status"]


def _create(client, body, name):
    req = ContentList.ContentCreateRequest(
        {"friendly_name": name, "language": "fr", "variables": {"1": "Camille"},
         "types": {"twilio/text": {"body": body}}}
    )
    return client.content.v1.contents.create(content_create_request=req)


def test_create_submit_twice_and_reused_name(client, control):
    c = _create(client, "Bonjour {{1}}, votre lampe est prête à l'atelier.", "lampe_prete")
    assert c.sid.startswith("HX") and c.types["twilio/text"]["body"].startswith("Bonjour")
    submit = ApprovalCreateList.ContentApprovalRequest({"name": "lampe_prete", "category": "UTILITY"})
    created = client.content.v1.contents(c.sid).approval_create.create(content_approval_request=submit)
    assert created.status == "received" and created.name == "lampe_prete"
    with pytest.raises(TwilioRestException) as e:
        client.content.v1.contents(c.sid).approval_create.create(content_approval_request=submit)
    assert e.value.code == 92009
    other = _create(client, "Bonjour {{1}}, votre commande part demain.", "autre")
    with pytest.raises(TwilioRestException) as e:
        client.content.v1.contents(other.sid).approval_create.create(content_approval_request=submit)
    assert e.value.status == 400
    control.advance(2 * 3600)
    assert client.content.v1.contents(c.sid).approval_fetch().fetch().whatsapp["status"] == "approved"
    bad = _create(client, "{{1}}", "seulement_variable")
    client.content.v1.contents(bad.sid).approval_create.create(
        content_approval_request=ApprovalCreateList.ContentApprovalRequest({"name": "seulement_variable", "category": "MARKETING"}))
    control.advance(2 * 3600)
    rejected = client.content.v1.contents(bad.sid).approval_fetch().fetch().whatsapp
    assert rejected["status"] == "rejected" and rejected["rejection_reason"].startswith("INVALID_FORMAT")
    assert client.content.v1.contents(other.sid).delete() is True
    with pytest.raises(TwilioRestException) as e:
        client.content.v1.contents(other.sid).fetch()
    assert e.value.code == 20404
