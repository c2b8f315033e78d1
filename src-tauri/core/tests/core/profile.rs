//! The sender profile against the simulator: limits checked before anything is sent, only the
//! changed fields sent, each change in the local history, and a display name through Meta's
//! review on the sim clock.

use crate::support::*;
use passerelle_core::ids::SenderSid;
use passerelle_core::profile::{self, DisplayNameReview, SenderProfile};
use passerelle_core::{Code, Lang};
use serde_json::Value;

fn first_sender(
    rt: &tokio::runtime::Runtime,
    client: &passerelle_core::twilio::Client,
) -> SenderProfile {
    let senders = rt
        .block_on(profile::sender_profiles(client, Lang::En))
        .unwrap();
    senders
        .into_iter()
        .find(|s| s.status == "ONLINE")
        .expect("an ONLINE sender")
}

fn profile_posts(info: &twilio_sim::Info) -> Vec<Value> {
    sim_requests(info)
        .into_iter()
        .filter(|r| {
            r["method"] == "POST"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.starts_with("/v2/Channels/Senders/"))
        })
        .collect()
}

/// Saves `draft` as the profile of sender `sid`, labels in English.
fn save(
    c: &Connected,
    sid: &SenderSid,
    draft: &passerelle_core::profile::ProfileDraft,
) -> passerelle_core::Result<profile::ProfileSaved> {
    c.rt.block_on(profile::save_profile(
        &c.client,
        &c.archive.path,
        sid,
        draft,
        Lang::En,
    ))
}

#[test]
fn a_profile_change_is_checked_sent_and_kept_in_the_history() {
    let c = connected(100);
    let (info, rt, archive, client) = (&c.info, &c.rt, &c.archive, &c.client);
    let sender = first_sender(rt, client);
    let sid = SenderSid::parse(&sender.sid).unwrap();
    assert!(sender.quality_rating.is_some() && sender.messaging_limit.is_some());
    assert!(!sender.profile.display_name.is_empty());

    // 139 units is the limit: 70 emoji are 140 (WhatsApp counts 😀 as 2), refused unsent.
    let mut draft = sender.profile.clone();
    draft.about = "😀".repeat(70);
    let err = save(&c, &sid, &draft).unwrap_err();
    assert_eq!(err.code(), Code::InvalidInput);
    assert!(
        err.message(Lang::En).contains("about"),
        "{}",
        err.message(Lang::En)
    );
    assert!(
        profile_posts(info).is_empty(),
        "nothing sent for a refused field"
    );

    draft.about = format!("{}a", "😀".repeat(69));
    let saved = save(&c, &sid, &draft).unwrap();
    assert_eq!(saved.fields, ["about"]);
    assert!(!saved.name_in_review);
    assert_eq!(saved.sender.profile.about, draft.about);
    let posts = profile_posts(info);
    assert_eq!(posts.len(), 1);
    assert!(posts[0]["status"].as_u64() == Some(202), "{posts:?}");

    let history = profile::history(&archive.store(), &sender.address).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].changed_by, "Camille Test");
    assert_eq!(history[0].fields, ["about"]);
    assert!(history[0].answer.accepted);
    assert_eq!(
        history[0].answer.display_name_status.as_deref(),
        Some("no_change")
    );

    // Saving the same profile again sends nothing and records nothing.
    let again = save(&c, &sid, &draft).unwrap();
    assert!(again.fields.is_empty());
    assert_eq!(profile_posts(info).len(), 1);
}

#[test]
fn a_new_display_name_waits_for_review_then_is_approved_on_the_sim_clock() {
    let c = connected(100);
    let (info, rt, archive, client) = (&c.info, &c.rt, &c.archive, &c.client);
    let sender = first_sender(rt, client);
    let sid = SenderSid::parse(&sender.sid).unwrap();
    let old_name = sender.profile.display_name.clone();

    let mut draft = sender.profile.clone();
    draft.display_name = "Fleurs de Lyon".into();
    let saved = save(&c, &sid, &draft).unwrap();
    assert!(saved.name_in_review);
    let review = saved.sender.name_review.clone().expect("a review");
    assert_eq!(review.status, DisplayNameReview::PendingReview);
    assert_eq!(review.pending_name, "Fleurs de Lyon");
    assert_eq!(
        saved.sender.profile.display_name, old_name,
        "customers still see the old name"
    );

    // A second change while in review is refused here (Twilio would answer 63128).
    let posts = profile_posts(info).len();
    draft.display_name = "Fleurs de Lyon 2".into();
    let err = save(&c, &sid, &draft).unwrap_err();
    assert!(err.message(Lang::En).contains("display_name"));
    assert_eq!(profile_posts(info).len(), posts);

    sim_control(info, "/__sim/clock", &[("advance_seconds", "90000")]);
    let now = first_sender(rt, client);
    let now = if now.sid == sender.sid {
        now
    } else {
        panic!("same sender expected")
    };
    assert_eq!(
        now.name_review.as_ref().unwrap().status,
        DisplayNameReview::Approved
    );
    assert_eq!(now.profile.display_name, "Fleurs de Lyon");

    let history = profile::history(&archive.store(), &sender.address).unwrap();
    assert_eq!(history[0].fields, ["display_name"]);
    assert_eq!(
        history[0].answer.display_name_status.as_deref(),
        Some("pending_review")
    );
}

#[test]
fn a_declined_name_says_twilio_does_not_pass_on_metas_reason() {
    let c = connected(100);
    let (info, rt, client) = (&c.info, &c.rt, &c.client);
    let sender = first_sender(rt, client);
    let sid = SenderSid::parse(&sender.sid).unwrap();
    let mut draft = sender.profile.clone();
    draft.display_name = "Boutique WhatsApp".into();
    save(&c, &sid, &draft).unwrap();
    sim_control(info, "/__sim/clock", &[("advance_seconds", "90000")]);
    let review = first_sender(rt, client).name_review.unwrap();
    assert_eq!(review.status, DisplayNameReview::Declined);
    assert!(review
        .help
        .unwrap()
        .contains("Twilio does not pass on Meta's reason"));
}
