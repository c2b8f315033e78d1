//! Walking a paged list lazily: one page is fetched when the consumer asks for it, and the walk
//! stops when the next link is missing, empty or one already followed — whatever else the page
//! says (a server that keeps answering the same link must not loop us forever).
//!
//! Generic over the page type and the link: a relative `next_page_uri`, an absolute
//! `meta.next_page_url` or an opaque cursor all work, since the caller says how a link becomes
//! the next request.

use crate::error::Result;
use futures_util::stream::{self, Stream, TryStreamExt};
use std::collections::HashSet;
use std::future::Future;

/// A page of a remote list: its records and the link to the next page.
pub trait Page {
    /// One record of the list.
    type Item;

    /// The link (URL, relative URI or cursor) to the next page, as the page gives it.
    fn next_link(&self) -> Option<&str>;

    /// The records, in the order of the page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// The loop guard: decides, page after page, whether a next link is to be followed.
#[derive(Clone, Debug, Default)]
pub struct LoopGuard {
    followed: HashSet<String>,
}

impl LoopGuard {
    /// A guard for a walk that started at `link` (resuming from a checkpoint), or at the
    /// list's first request when `None`.
    pub fn starting_at(link: Option<&str>) -> LoopGuard {
        let mut guard = LoopGuard::default();
        if let Some(link) = link.filter(|l| !l.is_empty()) {
            guard.followed.insert(link.to_owned());
        }
        guard
    }

    /// The link to follow after a page whose next link is `link`: `None` when it is missing,
    /// empty or already followed (the walk ends there).
    pub fn next(&mut self, link: Option<&str>) -> Option<String> {
        let link = link.filter(|l| !l.is_empty())?;
        self.followed
            .insert(link.to_owned())
            .then(|| link.to_owned())
    }
}

/// A fetched page with the link the walk follows next (`None` on the last page), already
/// checked by the loop guard: what a checkpoint must save to resume after this page.
#[derive(Clone, Debug)]
pub struct Paged<P> {
    /// The page as the server sent it.
    pub page: P,
    /// The next link to follow, if the walk goes on.
    pub next: Option<String>,
}

/// A lazy stream of the pages of a list, starting with `first`. `follow` turns a next link
/// into the request for it; `fetch` sends a request. The stream ends after the last page or
/// after the first error (yielded as the stream's last item). `resumed_from` is the link
/// `first` was made from when resuming a walk, so that it is never followed twice.
pub fn pages<'a, Req, P, Follow, Fetch, Fut>(
    first: Req,
    resumed_from: Option<&str>,
    follow: Follow,
    fetch: Fetch,
) -> impl Stream<Item = Result<Paged<P>>> + 'a
where
    Req: 'a,
    P: Page + 'a,
    Follow: Fn(&str) -> Result<Req> + 'a,
    Fetch: FnMut(Req) -> Fut + 'a,
    Fut: Future<Output = Result<P>> + 'a,
{
    let guard = LoopGuard::starting_at(resumed_from);
    stream::try_unfold(
        (Some(first), guard, follow, fetch),
        |(request, mut guard, follow, mut fetch)| async move {
            let Some(request) = request else {
                return Ok(None);
            };
            let page = fetch(request).await?;
            let next = guard.next(page.next_link());
            let request = next.as_deref().map(&follow).transpose()?;
            Ok(Some((
                Paged { page, next },
                (request, guard, follow, fetch),
            )))
        },
    )
}

/// The records of every page of `pages`, lazily, in order.
pub fn items<'a, P: Page + 'a>(
    pages: impl Stream<Item = Result<Paged<P>>> + 'a,
) -> impl Stream<Item = Result<P::Item>> + 'a
where
    P::Item: 'a,
{
    pages
        .map_ok(|paged| stream::iter(paged.page.into_items().into_iter().map(Ok)))
        .try_flatten()
}

/// Every record of every page, collected (for short lists a caller needs whole).
pub async fn collect_items<'a, P: Page + 'a>(
    pages: impl Stream<Item = Result<Paged<P>>> + 'a,
) -> Result<Vec<P::Item>>
where
    P::Item: 'a,
{
    items(pages).try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use futures_util::StreamExt;
    use std::collections::HashMap;

    /// Next links, page after page.
    type Links<'a> = &'a [Option<&'a str>];

    #[test]
    fn loop_guard_table() {
        // (resumed from, next links the pages give in turn, links followed)
        let cases: &[(Option<&str>, Links, Links)] = &[
            (None, &[None], &[None]),
            (None, &[Some("")], &[None]),
            (
                None,
                &[Some("p2"), Some("p3"), None],
                &[Some("p2"), Some("p3"), None],
            ),
            // The same link twice in a row ends the walk.
            (None, &[Some("p2"), Some("p2")], &[Some("p2"), None]),
            // So does a link seen earlier (a cycle), whatever else the page says.
            (
                None,
                &[Some("p2"), Some("p3"), Some("p2")],
                &[Some("p2"), Some("p3"), None],
            ),
            // A resumed walk never follows its starting link again.
            (Some("p5"), &[Some("p5")], &[None]),
            (Some("p5"), &[Some("p6"), None], &[Some("p6"), None]),
        ];
        for (resumed, links, want) in cases {
            let mut guard = LoopGuard::starting_at(*resumed);
            let got: Vec<Option<String>> = links.iter().map(|l| guard.next(*l)).collect();
            let want: Vec<Option<String>> = want.iter().map(|l| l.map(str::to_owned)).collect();
            assert_eq!(got, want, "resumed from {resumed:?}, links {links:?}");
        }
    }

    /// A test page: records and a next link.
    struct TestPage(Vec<u32>, Option<&'static str>);

    impl Page for TestPage {
        type Item = u32;
        fn next_link(&self) -> Option<&str> {
            self.1
        }
        fn into_items(self) -> Vec<u32> {
            self.0
        }
    }

    /// A fake server: link -> page; "boom" fails.
    fn server(
        pages: &'static [(&'static str, &'static [u32], Option<&'static str>)],
    ) -> impl Fn(String) -> std::future::Ready<Result<TestPage>> {
        let map: HashMap<&str, (&[u32], Option<&'static str>)> =
            pages.iter().map(|(k, v, n)| (*k, (*v, *n))).collect();
        move |link: String| {
            std::future::ready(match map.get(link.as_str()) {
                Some((items, next)) => Ok(TestPage(items.to_vec(), *next)),
                None => Err(Error::Internal(format!("no page {link}"))),
            })
        }
    }

    #[tokio::test]
    async fn pages_are_fetched_lazily_and_stop_on_a_repeated_link() {
        static LIST: &[(&str, &[u32], Option<&str>)] = &[
            ("p1", &[1, 2], Some("p2")),
            ("p2", &[3], Some("p3")),
            ("p3", &[4], Some("p2")), // loops back: ends here
        ];
        let fetched = std::cell::Cell::new(0);
        let fetch = server(LIST);
        let stream = pages(
            "p1".to_owned(),
            None,
            |l| Ok(l.to_owned()),
            |r| {
                fetched.set(fetched.get() + 1);
                fetch(r)
            },
        );
        futures_util::pin_mut!(stream);
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(first.next.as_deref(), Some("p2"));
        assert_eq!(fetched.get(), 1, "one page fetched per page asked");
        let rest: Vec<Paged<TestPage>> = stream.try_collect().await.unwrap();
        assert_eq!(rest.len(), 2);
        assert_eq!(rest[1].next, None, "a repeated link ends the walk");
        assert_eq!(fetched.get(), 3);

        let all = collect_items(pages(
            "p1".to_owned(),
            None,
            |l| Ok(l.to_owned()),
            server(LIST),
        ))
        .await
        .unwrap();
        assert_eq!(all, vec![1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn an_error_ends_the_stream_after_the_pages_before_it() {
        static LIST: &[(&str, &[u32], Option<&str>)] = &[("p1", &[1], Some("boom"))];
        let got: Vec<Result<u32>> = items(pages(
            "p1".to_owned(),
            None,
            |l| Ok(l.to_owned()),
            server(LIST),
        ))
        .collect()
        .await;
        assert_eq!(got.len(), 2);
        assert!(matches!(got[0], Ok(1)));
        assert!(got[1].is_err());
    }
}
