//! Search, notes search and insights for a user of the window: one visibility rule. A member
//! of a Private inbox finds and counts only the conversations linked to a record (which they
//! may read on its page); the owner, or anyone once the inbox is Shared, everything.

use crate::notes::{linked_fixture, options_of};
use passerelle_core::archive::{self, SearchFilter};
use passerelle_core::inbox::{self, Viewer, Visibility};
use passerelle_core::notes::{self, Split};
use passerelle_core::store::users::Role;
use passerelle_core::{users, Lang};
use std::collections::BTreeSet;

fn conversations_found(
    store: &passerelle_core::Store,
    viewer: &Viewer,
    word: &str,
) -> BTreeSet<i64> {
    let page =
        archive::search_as(store, viewer, word, &SearchFilter::default(), None, 5_000).unwrap();
    page.hits.iter().map(|h| h.conversation).collect()
}

/// A word of the archive found in more conversations than the linked ones.
fn common_word(store: &passerelle_core::Store) -> String {
    let recent = inbox::conversations(store, 50).unwrap();
    let body = recent
        .iter()
        .filter_map(|c| c.last_message_body.clone())
        .find(|b| b.split_whitespace().any(|w| w.chars().count() >= 5))
        .expect("a body with a long word");
    body.split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().count() >= 5)
        .unwrap()
        .to_string()
}

#[test]
fn a_member_of_a_private_inbox_searches_and_counts_only_linked_conversations() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    let member = users::add_user(&store, &owner, "Morgan", Role::Member).unwrap();
    let member = Viewer::as_user(&store, member.id).unwrap();
    let linked: BTreeSet<i64> = fx.linked.iter().map(|l| l.0).collect();

    let word = common_word(&store);
    let everything = conversations_found(&store, &owner, &word);
    let theirs = conversations_found(&store, &member, &word);
    assert!(
        everything.difference(&linked).next().is_some(),
        "`{word}` is in unlinked conversations too: {everything:?}"
    );
    assert!(
        theirs.is_subset(&linked),
        "a member finds only linked ones: {theirs:?}"
    );
    assert_eq!(theirs, everything.intersection(&linked).copied().collect());

    let mine = archive::insights(&store, &owner, Lang::En).unwrap();
    let seen = archive::insights(&store, &member, Lang::En).unwrap();
    assert!(!mine.linked_only && seen.linked_only);
    let total =
        |i: &archive::Insights| i.months.iter().map(|m| m.inbound + m.outbound).sum::<u64>();
    let linked_messages: u64 = fx.linked.iter().map(|l| l.2).sum();
    assert_eq!(
        total(&seen),
        linked_messages,
        "the member counts the linked messages"
    );
    assert!(total(&mine) > total(&seen));
    assert!(seen.busiest.iter().all(|b| linked.contains(&b.id)));
    assert_eq!(
        mine.months.iter().map(|m| m.outbound).sum::<u64>(),
        mine.sent,
        "months and business numbers agree"
    );
    for failure in &mine.failures {
        assert!(!failure.meaning.is_empty(), "{failure:?}");
    }
    assert!(
        !mine.response.is_empty(),
        "the simulator's customers get replies"
    );
    assert!(mine
        .response
        .iter()
        .all(|r| r.replies > 0 && r.median_seconds >= 0));
    let spent = |i: &archive::Insights| i.spend.iter().map(|s| s.micros).sum::<i64>();
    assert!(spent(&mine) > 0, "the simulator prices its messages");
    assert!(
        spent(&seen) < spent(&mine),
        "a member counts the linked conversations' spend"
    );
    let csv = archive::insights_csv(&mine, Lang::En);
    assert!(csv.starts_with("month,received,sent\r\n"), "{csv}");

    inbox::set_visibility(&store, &owner, Visibility::Shared).unwrap();
    assert_eq!(
        conversations_found(&store, &member, &word),
        everything,
        "Shared: the same as the owner"
    );
    assert_eq!(
        total(&archive::insights(&store, &member, Lang::En).unwrap()),
        total(&mine)
    );
}

#[test]
fn notes_are_found_with_their_match_marked() {
    let fx = linked_fixture();
    let store = fx.archive.store();
    let owner = Viewer::owner(&store).unwrap();
    notes::convert_all(&store, &owner, &options_of(Split::Whole), &|_, _| {}).unwrap();
    let found = archive::search_notes(&store, &owner, "client", 10).unwrap();
    assert_eq!(found.len(), 3, "every note names its contact");
    for note in &found {
        assert!(
            note.snippet
                .iter()
                .any(|p| p.hit && p.text.to_lowercase().starts_with("client")),
            "{note:?}"
        );
    }
    let dates: Vec<_> = found.iter().map(|n| n.last_message_at.clone()).collect();
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first, "newest first");
    assert!(archive::search_notes(&store, &owner, "zzqxjw", 10)
        .unwrap()
        .is_empty());
}
