//! Walking a list to its end: [`Pages`] and [`Items`], the streams that
//! the builder of a list operation gives with `.pages()` and `.items()`.
//!
//! `cargo xtask regen` infers how each list operation of the spec is paged
//! ([`Paging`]) from its query parameters and its answer's shape, and
//! implements [`Paged`] for its builder; `send()` still sends one page.
//! The walk starts where the builder does (a `page`, `cursor` or `offset`
//! you set is the first page asked for, and your `per_page` or `limit`
//! stays on every request) and ends by the rules of [`Pages`], which never
//! send a request for a page the last one said does not exist.
//!
//! ```no_run
//! use cloudflare_api::paging::TryStreamExt;
//!
//! # async fn run(client: cloudflare_api::Client) -> Result<(), cloudflare_api::Error> {
//! // Every script of a dispatch namespace, over as many pages as it takes.
//! let scripts: Vec<_> = client
//!     .account("023e105f4ecef8ad9ca31a8372d0c353")
//!     .workers_for_platforms()
//!     .dispatch()
//!     .namespaces()
//!     .scripts()
//!     .list("my-dispatch-namespace")
//!     .items()
//!     .try_collect()
//!     .await?;
//! # Ok(()) }
//! ```

mod walk;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

/// The stream traits, so that a program needs no `futures` dependency of
/// its own to use [`Pages`] and [`Items`]: `try_collect`, `try_next`,
/// `take`... (futures-util's, which `futures` re-exports).
pub use futures_util::{Stream, StreamExt, TryStreamExt};

use crate::{Error, Response};
use walk::Walk;

/// How a list operation is paged, as `cargo xtask regen` infers it from
/// the spec (its query parameters and its answer's `result_info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Paging {
    /// `page` (from 1) and `per_page`; the answer's `result_info` says
    /// `page`, `per_page`, `count`, `total_count` and at times
    /// `total_pages` (the TypeScript SDK's `V4PagePagination` and
    /// `V4PagePaginationArray`).
    Page,
    /// `cursor`, the next one in `result_info.cursor` (`CursorPagination`,
    /// `CursorLimitPagination`); `result_info.cursors.after` is read when
    /// that is missing.
    Cursor,
    /// `cursor`, the next one in `result_info.cursors.after`
    /// (`CursorPaginationAfter`); `result_info.cursor` is read when that
    /// is missing.
    CursorsAfter,
    /// `offset` (how many items to skip) and `limit`.
    Offset,
}

/// Where a page starts, in its list's terms ([`Paging`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum At {
    /// The page number, from 1 (`page`).
    Page(u64),
    /// The cursor the previous page gave (`cursor`).
    Cursor(String),
    /// How many items to skip (`offset`).
    Offset(u64),
}

/// One page's answer, on its way.
pub type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send>>;

/// A request for one page of a list: the builder of a list operation,
/// which `cargo xtask regen` implements this for, so that generic code can
/// walk any list ([`pages`](Self::pages), [`items`](Self::items)).
///
/// Its hidden methods are what the generated impls fill in: they may
/// change with the generator, so implement it by hand at that risk.
pub trait Paged: Clone + Send + Unpin + 'static {
    /// The operation's `result` (a page).
    type Result: std::fmt::Debug + Send + 'static;
    /// One item of a page.
    type Item: Send + 'static;
    /// How the operation is paged.
    const PAGING: Paging;
    /// Where this request starts: the `page`, `cursor` or `offset` set on
    /// it, `None` when it asks for the first page.
    #[doc(hidden)]
    fn start(&self) -> Option<At>;
    /// This request, asking for the page at `at` (a position of its
    /// [`Paging`]).
    #[doc(hidden)]
    fn at(self, at: At) -> Self;
    /// Sends this request (its `send()`).
    #[doc(hidden)]
    fn send_page(self) -> PageFuture<Self::Result>;
    /// How many items `result` holds.
    #[doc(hidden)]
    fn count(result: &Self::Result) -> usize;
    /// The items of `result`, in order.
    #[doc(hidden)]
    fn into_items(result: Self::Result) -> Vec<Self::Item>;

    /// Every page of the list, from the one this request asks for (the
    /// builder's own `pages()`).
    fn pages(self) -> Pages<Self> {
        Pages::new(self)
    }

    /// Every item of every page of the list (the builder's own `items()`).
    fn items(self) -> Items<Self> {
        Items::new(self)
    }
}

/// Every page of a list, from the one its request asks for: a
/// [`Stream`] of each page's [`Response`] (with its `result_info`, status,
/// headers and `cf-ray`), one request at a time, as it is polled.
///
/// # When it ends
///
/// After a page that
/// - has no items;
/// - is the last that `result_info` says there is: `page >= total_pages`,
///   or `page * per_page >= total_count` (for offsets, `offset + count >=
///   total_count`), or `has_more: false`, or `is_truncated: false`;
/// - has fewer items than `result_info.per_page`, when `result_info`
///   gives no total (which decides when it does: an API may cap a page
///   below the `per_page` it echoes); for pages and offsets only, as a
///   cursor's page may hold fewer and not be the last;
/// - gives no cursor, an empty one, or one this walk was at already;
/// - is numbered other than asked (`result_info.page`: the API did not
///   turn the page), or, for pages and offsets the answers do not number,
///   is the same as the page before;
/// - is the [`max_pages`](Self::max_pages)th.
///
/// A page that fails (after the client's retries) ends the stream with its
/// [`Error`], after every page before it: nothing is skipped silently.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<R: Paged> {
    /// The request pages are asked with; `None` once the walk has ended.
    request: Option<R>,
    /// Where the next request starts; `None` for the request as it is.
    next: Option<At>,
    in_flight: Option<PageFuture<R::Result>>,
    walk: Walk,
}

impl<R: Paged> Pages<R> {
    /// The pages of `request`'s list, from the one it asks for.
    pub fn new(request: R) -> Self {
        let walk = Walk::new(R::PAGING, request.start());
        Self {
            request: Some(request),
            next: None,
            in_flight: None,
            walk,
        }
    }

    /// Ends the walk after `max` pages (none for `0`), whatever the pages
    /// say; set before the walk starts (a page already asked for is still
    /// given).
    pub fn max_pages(mut self, max: u64) -> Self {
        self.walk.max_pages = Some(max);
        if max == 0 {
            self.request = None;
        }
        self
    }
}

impl<R: Paged> fmt::Debug for Pages<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("paging", &R::PAGING)
            .field("ended", &self.request.is_none())
            .field("next", &self.next)
            .field("walk", &self.walk)
            .finish_non_exhaustive()
    }
}

impl<R: Paged> Stream for Pages<R> {
    type Item = Result<Response<R::Result>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let in_flight = match &mut this.in_flight {
            Some(in_flight) => in_flight,
            None => {
                let Some(request) = &this.request else {
                    return Poll::Ready(None);
                };
                let request = match this.next.take() {
                    Some(at) => {
                        this.walk.asked = Some(at.clone());
                        request.clone().at(at)
                    }
                    None => request.clone(),
                };
                this.in_flight.insert(request.send_page())
            }
        };
        let answer = ready!(in_flight.as_mut().poll(cx));
        this.in_flight = None;
        match &answer {
            Ok(page) => {
                match this
                    .walk
                    .after(R::count(&page.result), page.result_info.as_ref(), || {
                        digest(&page.result)
                    }) {
                    Some(at) => this.next = Some(at),
                    None => this.request = None,
                }
            }
            Err(_) => this.request = None,
        }
        Poll::Ready(Some(answer))
    }
}

/// A digest of `result`, to tell a page from the one before: of its
/// `Debug` text, which every generated type has compiled, rather than of
/// its JSON, which would compile the `Serialize` of every list's types for
/// each list a program walks (BENCHMARKS.md, "Issue 21: what a program
/// that calls the operations compiles"). Both hold every value a page has (the text of a secret
/// aside, which no list's items are told apart by).
fn digest(result: &impl std::fmt::Debug) -> Option<u64> {
    use std::fmt::Write;
    use std::hash::Hasher;
    /// The text written to it, hashed as it comes.
    struct Hashing(std::collections::hash_map::DefaultHasher);
    impl Write for Hashing {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.write(text.as_bytes());
            Ok(())
        }
    }
    let mut hashing = Hashing(std::collections::hash_map::DefaultHasher::new());
    write!(hashing, "{result:?}").ok()?;
    Some(hashing.0.finish())
}

impl<R: Paged> futures_util::stream::FusedStream for Pages<R> {
    /// Whether the walk has ended: every later poll gives `None`.
    fn is_terminated(&self) -> bool {
        self.request.is_none() && self.in_flight.is_none()
    }
}

impl<R: Paged> futures_util::stream::FusedStream for Items<R> {
    fn is_terminated(&self) -> bool {
        self.page.len() == 0 && self.pages.is_terminated()
    }
}

/// Every item of every page of a list, in order: a [`Stream`] over
/// [`Pages`], which it ends as that does. A page that fails ends it with
/// its [`Error`], after every item of the pages before.
#[must_use = "streams do nothing unless polled"]
pub struct Items<R: Paged> {
    pages: Pages<R>,
    page: std::vec::IntoIter<R::Item>,
}

impl<R: Paged> Items<R> {
    /// The items of `request`'s list, from the page it asks for.
    pub fn new(request: R) -> Self {
        Self {
            pages: Pages::new(request),
            page: Vec::new().into_iter(),
        }
    }

    /// Ends the walk after the items of `max` pages (see
    /// [`Pages::max_pages`]).
    pub fn max_pages(mut self, max: u64) -> Self {
        self.pages = self.pages.max_pages(max);
        self
    }
}

// No field is pinned: the items are moved out as they are, and `Pages` is
// `Unpin` itself.
impl<R: Paged> Unpin for Items<R> {}

impl<R: Paged> fmt::Debug for Items<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("left_in_page", &self.page.len())
            .finish()
    }
}

impl<R: Paged> Stream for Items<R> {
    type Item = Result<R::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.page = R::into_items(page.result).into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}
