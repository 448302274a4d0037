//! The stop rules of a walk over a list's pages ([`super::Pages`]): after
//! each page, where the next one starts, or that there is none.

use std::collections::HashSet;

use serde_json::Value;

use super::{At, Paging};
use crate::ResultInfo;

/// Where a walk is.
#[derive(Debug)]
pub(super) struct Walk {
    paging: Paging,
    /// Where the request in flight starts: the start set on the request,
    /// then each next position; `None` for the first page.
    pub(super) asked: Option<At>,
    /// Every cursor this walk was at, the start included.
    cursors: HashSet<String>,
    /// Pages received.
    pages: u64,
    /// A digest of the last page's `result`, for a walk that the answers
    /// do not number (see [`Walk::after`]).
    last_digest: Option<u64>,
    pub(super) max_pages: Option<u64>,
}

impl Walk {
    pub(super) fn new(paging: Paging, start: Option<At>) -> Self {
        let mut cursors = HashSet::new();
        if let Some(At::Cursor(cursor)) = &start {
            cursors.insert(cursor.clone());
        }
        Self {
            paging,
            asked: start,
            cursors,
            pages: 0,
            last_digest: None,
            max_pages: None,
        }
    }

    /// After the page asked at `self.asked`, which holds `count` items and
    /// came with `info`: where the next page starts, or `None` when this
    /// one is the last. `digest` gives a digest of the page's `result`:
    /// a page or offset walk whose answers say no `page` ends when a page
    /// is the same as the one before (an API that ignored `page` or
    /// `offset` would otherwise be asked forever).
    pub(super) fn after(
        &mut self,
        count: usize,
        info: Option<&ResultInfo>,
        digest: impl FnOnce() -> Option<u64>,
    ) -> Option<At> {
        self.pages += 1;
        let count = count as u64;
        if count == 0
            || self.max_pages.is_some_and(|max| self.pages >= max)
            || info.is_some_and(says_no_more)
        {
            return None;
        }
        let info_field = |field: fn(&ResultInfo) -> Option<u64>| info.and_then(field);
        let per_page = info_field(|info| info.per_page);
        let total_count = info_field(|info| info.total_count);
        let total_pages = info.and_then(|info| crate::info::count(info.extra.get("total_pages")?));
        // A page shorter than `per_page` is the last only where no total
        // says otherwise: an API may cap a page below the `per_page` it
        // echoes.
        let short = total_count.is_none()
            && total_pages.is_none()
            && per_page.is_some_and(|per_page| count < per_page);
        let unnumbered = info_field(|info| info.page).is_none();
        if matches!(self.paging, Paging::Page | Paging::Offset) && unnumbered {
            let digest = digest();
            if digest.is_some() && std::mem::replace(&mut self.last_digest, digest) == digest {
                return None;
            }
        }
        match self.paging {
            Paging::Page => {
                let asked = match self.asked {
                    Some(At::Page(page)) => page,
                    _ => 1,
                };
                let last = info_field(|info| info.page).is_some_and(|page| page != asked)
                    || total_pages.is_some_and(|total| asked >= total)
                    || per_page
                        .zip(total_count)
                        .is_some_and(|(per_page, total)| asked.saturating_mul(per_page) >= total)
                    || short;
                (!last).then(|| At::Page(asked + 1))
            }
            Paging::Offset => {
                let offset = match self.asked {
                    Some(At::Offset(offset)) => offset,
                    _ => 0,
                };
                let next = offset.saturating_add(count);
                let last = total_count.is_some_and(|total| next >= total) || short;
                (!last).then_some(At::Offset(next))
            }
            Paging::Cursor | Paging::CursorsAfter => {
                let info = info?;
                let cursor = || text(info.cursor.as_deref());
                let after = || {
                    text(
                        info.extra
                            .get("cursors")
                            .and_then(|cursors| cursors.get("after")?.as_str()),
                    )
                };
                let next = if self.paging == Paging::Cursor {
                    cursor().or_else(after)
                } else {
                    after().or_else(cursor)
                }?;
                self.cursors
                    .insert(next.to_owned())
                    .then(|| At::Cursor(next.to_owned()))
            }
        }
    }
}

/// Whether `info` says no page follows: `has_more: false` or
/// `is_truncated: false` (R2's objects).
fn says_no_more(info: &ResultInfo) -> bool {
    ["has_more", "is_truncated"]
        .iter()
        .any(|flag| info.extra.get(*flag) == Some(&Value::Bool(false)))
}

/// A cursor that is one: not empty.
fn text(cursor: Option<&str>) -> Option<&str> {
    cursor.filter(|cursor| !cursor.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(value: Value) -> ResultInfo {
        ResultInfo::from_value(value).unwrap()
    }

    /// The positions a walk asks for, from `start`, given each page's
    /// count and `result_info`; `None` ends.
    fn walk(paging: Paging, start: Option<At>, pages: &[(usize, Value)]) -> Vec<Option<At>> {
        let mut walk = Walk::new(paging, start);
        pages
            .iter()
            .map(|(count, value)| {
                let info = (!value.is_null()).then(|| info(value.clone()));
                let next = walk.after(*count, info.as_ref(), || None);
                walk.asked = next.clone();
                next
            })
            .collect()
    }

    #[test]
    fn pages_end_at_total_pages_total_count_or_a_short_page() {
        let full = |page| json!({"page": page, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3});
        assert_eq!(
            walk(
                Paging::Page,
                None,
                &[(2, full(1)), (2, full(2)), (1, full(3))]
            ),
            [Some(At::Page(2)), Some(At::Page(3)), None]
        );
        // An exactly full last page: `total_count` says so, no request more.
        let exact = |page| json!({"page": page, "per_page": 2, "count": 2, "total_count": 4});
        assert_eq!(
            walk(Paging::Page, None, &[(2, exact(1)), (2, exact(2))]),
            [Some(At::Page(2)), None]
        );
        // `total_pages` alone.
        assert_eq!(
            walk(
                Paging::Page,
                None,
                &[(2, json!({"page": 1, "total_pages": "1"}))]
            ),
            [None]
        );
        // Fewer than `per_page`, with no totals.
        assert_eq!(
            walk(
                Paging::Page,
                None,
                &[(2, json!({"page": 1, "per_page": 3}))]
            ),
            [None]
        );
        // No `result_info` at all: until a page is empty.
        assert_eq!(
            walk(Paging::Page, None, &[(2, Value::Null), (0, Value::Null)]),
            [Some(At::Page(2)), None]
        );
    }

    #[test]
    fn pages_start_where_the_request_does_and_end_when_the_page_did_not_turn() {
        assert_eq!(
            walk(
                Paging::Page,
                Some(At::Page(4)),
                &[(2, json!({"page": 4, "per_page": 2}))]
            ),
            [Some(At::Page(5))]
        );
        // The API answered page 1 again when asked for page 2.
        assert_eq!(
            walk(
                Paging::Page,
                None,
                &[
                    (2, json!({"page": 1, "per_page": 2})),
                    (2, json!({"page": 1, "per_page": 2}))
                ]
            ),
            [Some(At::Page(2)), None]
        );
    }

    #[test]
    fn cursors_end_when_missing_empty_or_repeated() {
        let next = |cursor: &str| json!({"count": 2, "cursor": cursor});
        assert_eq!(
            walk(
                Paging::Cursor,
                None,
                &[(2, next("a")), (2, next("b")), (2, next(""))]
            ),
            [
                Some(At::Cursor("a".into())),
                Some(At::Cursor("b".into())),
                None
            ]
        );
        assert_eq!(
            walk(Paging::Cursor, None, &[(2, next("a")), (2, next("a"))]),
            [Some(At::Cursor("a".into())), None]
        );
        // Back to the cursor the walk started at.
        assert_eq!(
            walk(
                Paging::Cursor,
                Some(At::Cursor("s".into())),
                &[(2, next("s"))]
            ),
            [None]
        );
        assert_eq!(
            walk(Paging::Cursor, None, &[(2, json!({"count": 2}))]),
            [None]
        );
        assert_eq!(walk(Paging::Cursor, None, &[(2, Value::Null)]), [None]);
        // A short page with a cursor is not the last one.
        assert_eq!(
            walk(
                Paging::Cursor,
                None,
                &[(1, json!({"per_page": 5, "cursor": "a"}))]
            ),
            [Some(At::Cursor("a".into()))]
        );
    }

    #[test]
    fn a_cursor_is_read_where_the_spec_says_then_where_the_api_may_send_it() {
        let both = json!({"cursor": "c", "cursors": {"after": "a"}});
        assert_eq!(
            walk(Paging::Cursor, None, &[(1, both.clone())]),
            [Some(At::Cursor("c".into()))]
        );
        assert_eq!(
            walk(Paging::CursorsAfter, None, &[(1, both)]),
            [Some(At::Cursor("a".into()))]
        );
        // `rules.lists.items.list`: the SDKs read `cursor`, the API sends
        // `cursors.after` (cloudflare-typescript#2639).
        assert_eq!(
            walk(
                Paging::Cursor,
                None,
                &[(1, json!({"cursors": {"after": "a"}}))]
            ),
            [Some(At::Cursor("a".into()))]
        );
        assert_eq!(
            walk(Paging::CursorsAfter, None, &[(1, json!({"cursor": "c"}))]),
            [Some(At::Cursor("c".into()))]
        );
    }

    #[test]
    fn offsets_advance_by_the_items_received() {
        let info = json!({"per_page": 2, "total_count": 5});
        assert_eq!(
            walk(
                Paging::Offset,
                Some(At::Offset(1)),
                &[(2, info.clone()), (2, info.clone())]
            ),
            [Some(At::Offset(3)), None]
        );
        assert_eq!(
            walk(Paging::Offset, None, &[(2, Value::Null), (0, Value::Null)]),
            [Some(At::Offset(2)), None]
        );
    }

    #[test]
    fn every_paging_ends_on_no_items_no_more_or_the_maximum() {
        for paging in [
            Paging::Page,
            Paging::Cursor,
            Paging::CursorsAfter,
            Paging::Offset,
        ] {
            let more = json!({"cursor": "x", "cursors": {"after": "y"}});
            assert_eq!(
                walk(paging, None, &[(0, more.clone())]),
                [None],
                "{paging:?}"
            );
            for flag in ["has_more", "is_truncated"] {
                let mut last = more.clone();
                last[flag] = json!(false);
                assert_eq!(
                    walk(paging, None, &[(2, last)]),
                    [None],
                    "{paging:?} {flag}"
                );
            }
            let mut walk = Walk::new(paging, None);
            walk.max_pages = Some(1);
            assert_eq!(
                walk.after(2, Some(&info(more)), || None),
                None,
                "{paging:?}"
            );
        }
    }

    #[test]
    fn totals_decide_over_a_short_page() {
        // The API capped the page at 2 while echoing `per_page: 5`.
        let capped = json!({"page": 1, "per_page": 5, "total_count": 9});
        assert_eq!(
            walk(Paging::Page, None, &[(2, capped)]),
            [Some(At::Page(2))]
        );
        let capped = json!({"per_page": 5, "total_count": 9});
        assert_eq!(
            walk(Paging::Offset, None, &[(2, capped)]),
            [Some(At::Offset(2))]
        );
    }

    #[test]
    fn an_unnumbered_page_the_same_as_the_one_before_ends_the_walk() {
        for paging in [Paging::Page, Paging::Offset] {
            let mut walk = Walk::new(paging, None);
            assert!(walk.after(2, None, || Some(7)).is_some(), "{paging:?}");
            assert!(walk.after(2, None, || Some(8)).is_some(), "{paging:?}");
            assert_eq!(walk.after(2, None, || Some(8)), None, "{paging:?}");
        }
        // Numbered pages are told apart by their number, and cursors by
        // theirs: the digest is not asked for.
        let mut walk = Walk::new(Paging::Page, None);
        let numbered = info(json!({"page": 1}));
        assert!(
            walk.after(2, Some(&numbered), || panic!("no digest"))
                .is_some()
        );
    }
}
