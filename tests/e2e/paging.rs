//! Walking lists to their end (`.items()`, `.pages()`), against a local
//! server that serves a list page by page in each shape regen infers
//! (`docs/pagination.md`): page numbers (KV namespaces), cursors in
//! `result_info.cursor` (KV keys; R2 buckets, whose items are a field of
//! `result`; a namespace's scripts), the same in `result_info.cursors.after`
//! (the API's answer that the SDKs' `rules.lists.items.list` missed), and
//! offsets (Super Slurper's jobs). Each is served as 3 pages, with an
//! exactly full last page, with an empty first page, with a repeated
//! cursor and with a failure on page 2, counting the requests.

use cloudflare_api::paging::{Paged, StreamExt, TryStreamExt};
use cloudflare_api::{Client, Error, StatusCode};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::scripted::requests;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const NAMESPACE: &str = "0f2ac74b498b48028cb68387c421e279";

/// How the server pages its list.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Page,
    Cursor,
    CursorsAfter,
    Offset,
}

/// A list of `total` items, served `per_page` at a time.
#[derive(Clone, Copy, Debug)]
struct List {
    shape: Shape,
    total: usize,
    per_page: usize,
    /// Whether `result_info` says `total_count` (and `total_pages`).
    totals: bool,
    /// The page (from 1) answered with a `500`.
    failing: Option<usize>,
    /// Every page gives the cursor of page 2.
    same_cursor: bool,
    /// The items are `result.buckets`, not `result`.
    in_field: Option<&'static str>,
}

impl List {
    fn new(shape: Shape, total: usize) -> Self {
        Self {
            shape,
            total,
            per_page: 2,
            totals: true,
            failing: None,
            same_cursor: false,
            in_field: None,
        }
    }

    /// The index (from 0) of the page `request` asks for.
    fn page_of(&self, request: &Request) -> usize {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        match self.shape {
            Shape::Page => query("page").map_or(1, |page| page.parse().unwrap()) - 1,
            Shape::Cursor | Shape::CursorsAfter => {
                query("cursor").map_or(0, |cursor| cursor.trim_start_matches('c').parse().unwrap())
            }
            Shape::Offset => {
                query("offset").map_or(0, |offset| offset.parse().unwrap()) / self.per_page
            }
        }
    }

    /// The answer to `request`, with the items `item` makes.
    fn answer(&self, request: &Request, item: fn(usize) -> Value) -> ResponseTemplate {
        let page = self.page_of(request);
        if self.failing == Some(page + 1) {
            return ResponseTemplate::new(500).set_body_json(json!({
                "success": false, "errors": [{"code": 10000, "message": "page 2 failed"}],
                "messages": [], "result": null,
            }));
        }
        let start = (page * self.per_page).min(self.total);
        let end = (start + self.per_page).min(self.total);
        let items: Vec<Value> = (start..end).map(item).collect();
        let more = end < self.total;
        let next = if self.same_cursor { 1 } else { page + 1 };
        let cursor = if more || self.same_cursor {
            format!("c{next}")
        } else {
            String::new()
        };
        let mut info = json!({"count": items.len(), "per_page": self.per_page});
        match self.shape {
            Shape::Page => info["page"] = json!(page + 1),
            Shape::Cursor => info["cursor"] = json!(cursor),
            Shape::CursorsAfter => info["cursors"] = json!({"after": cursor}),
            Shape::Offset => {}
        }
        if self.totals {
            info["total_count"] = json!(self.total);
            info["total_pages"] = json!(self.total.div_ceil(self.per_page));
        }
        let result = match self.in_field {
            Some(field) => json!({ field: items }),
            None => Value::Array(items),
        };
        ResponseTemplate::new(200)
            .insert_header("cf-ray", format!("ray-{page}"))
            .set_body_json(json!({
                "success": true, "errors": [], "messages": [],
                "result": result, "result_info": info,
            }))
    }

    /// A server of this list, and a client of it.
    async fn serve(self, item: fn(usize) -> Value) -> (MockServer, Client) {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(move |request: &Request| self.answer(request, item))
            .mount(&server)
            .await;
        let client = client_for(&server).build().unwrap();
        (server, client)
    }
}

/// The query strings of the requests `server` received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|request| request.url.query().unwrap_or("").to_owned())
        .collect()
}

/// Every item of `request`'s list, or the error that ended the walk after
/// the items before it. At most 50 pages, so that a walk that would not
/// end fails its test instead of hanging it.
async fn walk<R: Paged>(request: R) -> (Vec<R::Item>, Option<Error>) {
    let mut items = Vec::new();
    let mut stream = request.items().max_pages(50);
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(error) => {
                assert!(
                    stream.next().await.is_none(),
                    "the walk ends with its error"
                );
                return (items, Some(error));
            }
        }
    }
    (items, None)
}

fn kv_key(index: usize) -> Value {
    json!({"name": format!("key-{index}")})
}

fn kv_namespace(index: usize) -> Value {
    json!({"id": format!("{index:032x}"), "title": format!("namespace-{index}")})
}

fn bucket(index: usize) -> Value {
    json!({"name": format!("bucket-{index}")})
}

fn job(index: usize) -> Value {
    json!({"id": format!("job-{index}")})
}

fn script(index: usize) -> Value {
    json!({"dispatch_namespace": format!("script-{index}")})
}

/// The scenarios every shape is walked through, with the request each
/// answer's walk starts from (`list` makes it for a client), checking the
/// names of the items (`name`) and the requests sent.
async fn every_scenario<R: Paged>(
    shape: Shape,
    in_field: Option<&'static str>,
    item: fn(usize) -> Value,
    list: impl Fn(&Client) -> R,
    name: fn(&R::Item) -> String,
) {
    let expect = |count: usize| -> Vec<String> {
        (0..count)
            .map(|index| {
                let value = item(index);
                let fields = value.as_object().unwrap().values();
                ["name", "id"]
                    .iter()
                    .find_map(|key| value.get(*key).and_then(Value::as_str))
                    .or_else(|| fields.filter_map(Value::as_str).next())
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let names = |items: &[R::Item]| items.iter().map(name).collect::<Vec<_>>();
    let list_of = |total| List {
        in_field,
        ..List::new(shape, total)
    };

    // 3 pages: 2, 2 and 1 items.
    let (server, client) = list_of(5).serve(item).await;
    let (items, error) = walk(list(&client)).await;
    assert!(error.is_none(), "{shape:?}: {error:?}");
    assert_eq!(names(&items), expect(5), "{shape:?}");
    assert_eq!(
        requests(&server).await.len(),
        3,
        "{shape:?}: {:?}",
        queries(&server).await
    );

    // An exactly full last page, which says it is the last: no request more.
    let (server, client) = list_of(4).serve(item).await;
    let (items, error) = walk(list(&client)).await;
    assert!(error.is_none());
    assert_eq!(names(&items), expect(4), "{shape:?}");
    assert_eq!(
        requests(&server).await.len(),
        2,
        "{shape:?}: {:?}",
        queries(&server).await
    );

    // The same without totals: pages and offsets ask once more, for an
    // empty page; a cursor's last page says so by giving none.
    let (server, client) = List {
        totals: false,
        ..list_of(4)
    }
    .serve(item)
    .await;
    let (items, _) = walk(list(&client)).await;
    assert_eq!(names(&items), expect(4), "{shape:?}");
    let more = match shape {
        Shape::Page | Shape::Offset => 1,
        Shape::Cursor | Shape::CursorsAfter => 0,
    };
    assert_eq!(requests(&server).await.len(), 2 + more, "{shape:?}");

    // An empty first page.
    let (server, client) = list_of(0).serve(item).await;
    let (items, error) = walk(list(&client)).await;
    assert!(items.is_empty() && error.is_none(), "{shape:?}");
    assert_eq!(requests(&server).await.len(), 1, "{shape:?}");

    // A failure on page 2 ends the walk with its error, after page 1's items.
    let (server, client) = List {
        failing: Some(2),
        ..list_of(5)
    }
    .serve(item)
    .await;
    let (items, error) = walk(list(&client)).await;
    assert_eq!(names(&items), expect(2), "{shape:?}");
    let error = error.expect("page 2's error");
    assert_eq!(
        error.status(),
        Some(StatusCode::INTERNAL_SERVER_ERROR),
        "{error}"
    );
    assert_eq!(requests(&server).await.len(), 2, "{shape:?}");

    // At most 2 pages, when asked so.
    let (server, client) = list_of(9).serve(item).await;
    let pages: Vec<_> = list(&client)
        .pages()
        .max_pages(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(
        pages[1].ray_id(),
        Some("ray-1"),
        "each page is its own answer"
    );
    assert_eq!(pages[1].result_info.as_ref().unwrap().count, Some(2));
    assert_eq!(requests(&server).await.len(), 2, "{shape:?}");

    if matches!(shape, Shape::Cursor | Shape::CursorsAfter) {
        // Every page gives page 2's cursor: page 2 is not asked twice.
        let (server, client) = List {
            same_cursor: true,
            ..list_of(9)
        }
        .serve(item)
        .await;
        let (items, error) = walk(list(&client)).await;
        assert!(error.is_none());
        assert_eq!(names(&items), expect(4), "{shape:?}");
        assert_eq!(
            queries(&server)
                .await
                .iter()
                .filter(|q| q.contains("cursor=c1"))
                .count(),
            1,
            "{shape:?}"
        );
        assert_eq!(requests(&server).await.len(), 2, "{shape:?}");
    }
}

#[tokio::test]
async fn page_numbers_kv_namespaces() {
    every_scenario(
        Shape::Page,
        None,
        kv_namespace,
        |client| client.account(ACCOUNT_ID).kv().namespaces().list(),
        |namespace| namespace.id.to_string(),
    )
    .await;
}

#[tokio::test]
async fn cursors_kv_keys() {
    every_scenario(
        Shape::Cursor,
        None,
        kv_key,
        |client| {
            client
                .account(ACCOUNT_ID)
                .kv()
                .namespaces()
                .keys()
                .list(NAMESPACE)
        },
        |key| key.name.clone(),
    )
    .await;
}

/// `rules.lists.items.list`'s bug in the SDKs (cloudflare-typescript#2639):
/// the API sends the next cursor in `result_info.cursors.after`, not in
/// `result_info.cursor`. The walk reads it there too.
#[tokio::test]
async fn cursors_after_where_the_spec_says_cursor() {
    every_scenario(
        Shape::CursorsAfter,
        None,
        kv_key,
        |client| {
            client
                .account(ACCOUNT_ID)
                .kv()
                .namespaces()
                .keys()
                .list(NAMESPACE)
        },
        |key| key.name.clone(),
    )
    .await;
}

#[tokio::test]
async fn cursors_with_the_items_in_a_field_r2_buckets() {
    every_scenario(
        Shape::Cursor,
        Some("buckets"),
        bucket,
        |client| client.account(ACCOUNT_ID).r2().buckets().list(),
        |bucket| bucket.name.clone().unwrap(),
    )
    .await;
}

#[tokio::test]
async fn offsets_super_slurper_jobs() {
    every_scenario(
        Shape::Offset,
        None,
        job,
        |client| {
            client
                .account(ACCOUNT_ID)
                .r2()
                .super_slurper()
                .jobs()
                .list()
        },
        |job| job.id.clone().unwrap(),
    )
    .await;
}

/// Workers for Platforms: a namespace's scripts, by `limit` and `cursor`.
#[tokio::test]
async fn cursors_a_dispatch_namespaces_scripts() {
    every_scenario(
        Shape::Cursor,
        None,
        script,
        |client| {
            client
                .account(ACCOUNT_ID)
                .workers_for_platforms()
                .dispatch()
                .namespaces()
                .scripts()
                .list("my-namespace")
                .limit(2)
        },
        |script| script.dispatch_namespace.clone().unwrap(),
    )
    .await;
}

#[tokio::test]
async fn the_users_page_and_per_page_are_where_the_walk_starts() {
    let (server, client) = List::new(Shape::Page, 7).serve(kv_namespace).await;
    let items: Vec<_> = client
        .account(ACCOUNT_ID)
        .kv()
        .namespaces()
        .list()
        .page(2)
        .per_page(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let titles: Vec<_> = items
        .iter()
        .map(|namespace| namespace.title.to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "namespace-2",
            "namespace-3",
            "namespace-4",
            "namespace-5",
            "namespace-6"
        ]
    );
    assert_eq!(
        queries(&server).await,
        [
            "page=2&per_page=2",
            "page=3&per_page=2",
            "page=4&per_page=2"
        ]
    );

    // A cursor of the user's own, and a limit kept on every page.
    let (server, client) = List::new(Shape::Cursor, 5).serve(kv_key).await;
    let keys: Vec<_> = client
        .account(ACCOUNT_ID)
        .kv()
        .namespaces()
        .keys()
        .list(NAMESPACE)
        .cursor("c1")
        .limit(10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys.len(), 3);
    let queries = queries(&server).await;
    assert_eq!(queries.len(), 2);
    assert!(
        queries.iter().all(|query| query.contains("limit=10")),
        "{queries:?}"
    );
    assert!(queries[1].contains("cursor=c2"), "{queries:?}");
}

#[tokio::test]
async fn a_page_that_did_not_turn_ends_the_walk() {
    // A server that ignores `page`: page 1 again, and again.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": [kv_namespace(0), kv_namespace(1)],
            "result_info": {"page": 1, "per_page": 2, "count": 2},
        })))
        .mount(&server)
        .await;
    let client = client_for(&server).build().unwrap();
    let pages: Vec<_> = client
        .account(ACCOUNT_ID)
        .kv()
        .namespaces()
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2, "page 2 was asked for once, and was page 1");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_bad_argument_ends_the_walk_with_nothing_sent() {
    let (server, client) = List::new(Shape::Page, 5).serve(kv_namespace).await;
    let walked: Vec<_> = client
        .account(ACCOUNT_ID)
        .kv()
        .namespaces()
        .list()
        .per_page(f64::NAN)
        .items()
        .collect()
        .await;
    assert_eq!(walked.len(), 1);
    assert!(
        matches!(&walked[0], Err(Error::InvalidInput(_))),
        "{:?}",
        walked[0].as_ref().err()
    );
    assert!(requests(&server).await.is_empty());
}

/// A DNS record as Cloudflare's reference shows one.
fn dns_record(index: usize) -> Value {
    json!({
        "id": format!("{index:032x}"), "name": format!("host-{index}.example.com"),
        "type": "A", "content": "198.51.100.4", "proxied": false, "proxiable": true,
        "ttl": 3600, "comment": "", "settings": {}, "tags": [], "meta": {},
        "created_on": "2014-01-01T05:20:00.12345Z", "modified_on": "2014-01-01T05:20:00.12345Z",
    })
}

/// The README's and the crate docs' example, as written, against a zone of
/// 5 DNS records on 3 pages.
#[tokio::test]
async fn the_readme_example_walks_every_dns_record() {
    let example = "let records = client.zone(id).dns().records().list().items().try_collect::<Vec<_>>().await?;";
    let root = cloudflare_api_tests::workspace::workspace_root();
    for file in ["README.md", "crates/cloudflare-api/src/lib.rs"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains(example), "{file} has the example");
    }

    let (server, client) = List::new(Shape::Page, 5).serve(dns_record).await;
    let id = "023e105f4ecef8ad9ca31a8372d0c353";
    let run = async {
        let records = client
            .zone(id)
            .dns()
            .records()
            .list()
            .items()
            .try_collect::<Vec<_>>()
            .await?;
        Ok::<_, Error>(records)
    };
    let records = run.await.unwrap();
    assert_eq!(records.len(), 5);
    assert_eq!(requests(&server).await.len(), 3);
    let sent = requests(&server).await;
    assert!(sent.iter().all(|request| {
        request
            .url
            .path()
            .ends_with(&format!("/zones/{id}/dns_records"))
    }));
}

/// A page that fails and then succeeds on the client's retry is not a
/// failure of the walk; one that fails on every retry ends it.
#[tokio::test]
async fn a_page_retried_to_success_continues_the_walk() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    for (failures, retries) in [(1, 2), (3, 2)] {
        let list = List::new(Shape::Page, 5);
        let failed = Arc::new(AtomicUsize::new(0));
        let server = MockServer::start().await;
        let count = failed.clone();
        Mock::given(method("GET"))
            .respond_with(move |request: &Request| {
                if list.page_of(request) == 1 && count.fetch_add(1, Ordering::SeqCst) < failures {
                    return ResponseTemplate::new(503);
                }
                list.answer(request, kv_namespace)
            })
            .mount(&server)
            .await;
        let client = client_for(&server)
            .retry_policy(cloudflare_api_tests::client::quick_retries(retries))
            .build()
            .unwrap();
        let (items, error) = walk(client.account(ACCOUNT_ID).kv().namespaces().list()).await;
        if failures <= retries as usize {
            assert!(error.is_none(), "{error:?}");
            assert_eq!(items.len(), 5);
            assert_eq!(requests(&server).await.len(), 3 + failures);
        } else {
            assert_eq!(items.len(), 2, "page 1's items, then the error");
            assert_eq!(
                error.unwrap().status(),
                Some(StatusCode::SERVICE_UNAVAILABLE)
            );
            assert_eq!(requests(&server).await.len(), 1 + 1 + retries as usize);
        }
    }
}

/// An API that ignores `page` and numbers no page: the second page is the
/// first again, and the walk ends there instead of asking forever.
#[tokio::test]
async fn an_unnumbered_page_the_same_as_the_one_before_ends_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": [kv_namespace(0), kv_namespace(1)],
        })))
        .mount(&server)
        .await;
    let client = client_for(&server).build().unwrap();
    let (items, error) = walk(client.account(ACCOUNT_ID).kv().namespaces().list()).await;
    assert!(error.is_none());
    assert_eq!(items.len(), 4, "both pages are given");
    assert_eq!(queries(&server).await, ["", "page=2"]);
}
