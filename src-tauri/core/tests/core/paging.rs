//! The client's lazy page streams over the simulator's real paging links.

use crate::support::{main_client, runtime, sim_with};
use futures_util::{StreamExt, TryStreamExt};
use passerelle_core::http::pages;
use passerelle_core::twilio::Request;
use std::collections::HashSet;
use twilio_sim::{Info, Sim};

/// A simulator holding `messages` messages, its details and a runtime to drive the client.
fn sim_and_runtime(messages: u64) -> (Sim, Info, tokio::runtime::Runtime) {
    let sim = sim_with(messages, |_| {});
    let info = sim.info().clone();
    (sim, info, runtime())
}

#[test]
fn the_messages_list_streams_page_by_page_and_yields_every_message_once() {
    let (_sim, info, rt) = sim_and_runtime(250);
    let client = main_client(&info);
    let first = Request::messages(client.account_sid()).param("PageSize", "40");
    let stream = client.message_pages(first.clone(), None);
    let (pages_seen, sids) = rt.block_on(async {
        futures_util::pin_mut!(stream);
        let mut sids = HashSet::new();
        let mut pages_seen = 0;
        while let Some(paged) = stream.next().await {
            let paged = paged.unwrap();
            pages_seen += 1;
            let last = paged.next.is_none();
            for m in paged.page.messages {
                assert!(sids.insert(m.sid.clone()), "{} listed twice", m.sid);
            }
            assert_eq!(
                last,
                sids.len() as u64 == info.messages,
                "the walk ends exactly after the last message"
            );
        }
        (pages_seen, sids)
    });
    assert_eq!(sids.len() as u64, info.messages);
    assert_eq!(pages_seen, info.messages.div_ceil(40));
    let requests = client.stats().requests;
    assert_eq!(requests, pages_seen, "one request per page, none ahead");

    // The same list, as records, lazily: taking 50 costs only the two pages that hold them.
    let client = main_client(&info);
    let taken: Vec<_> = rt
        .block_on(
            pages::items(client.message_pages(first, None))
                .take(50)
                .try_collect(),
        )
        .unwrap();
    assert_eq!(taken.len(), 50);
    assert_eq!(client.stats().requests, 2);
}

#[test]
fn the_senders_list_is_collected_whole_for_connecting() {
    let (_sim, info, rt) = sim_and_runtime(20);
    let client = main_client(&info);
    let senders = rt.block_on(client.whatsapp_senders()).unwrap();
    for address in &info.senders {
        assert!(
            senders.iter().any(|s| &s.sender_id == address),
            "{address} missing"
        );
    }
}

#[test]
fn content_templates_stream_over_product_api_links() {
    let (_sim, info, rt) = sim_and_runtime(20);
    let client = main_client(&info);
    let paged: Vec<_> = rt
        .block_on(client.content_pages(2).try_collect::<Vec<_>>())
        .unwrap();
    let templates: Vec<_> = paged.into_iter().flat_map(|p| p.page.contents).collect();
    let whole: Vec<_> = rt
        .block_on(pages::collect_items(client.content_pages(1000)))
        .unwrap();
    assert!(templates.len() > 2, "several pages were walked");
    let sids = |list: &[passerelle_core::twilio::wire::Content]| {
        list.iter().map(|c| c.sid.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(
        sids(&templates),
        sids(&whole),
        "small pages list the same templates"
    );
}
