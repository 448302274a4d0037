//! Shared helpers for the end-to-end tests of this package, a module per
//! purpose.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use cloudflare_api::{Client, DispatchNamespace, Error, Response, RetryPolicy};
use wiremock::{Request, Respond, ResponseTemplate};

pub mod canned;
pub mod child;
pub mod fake_namespaces;
pub mod port;
pub mod prism_server;
pub mod raw_server;
pub mod tree_walk;

// The README's Rust examples are compiled as doc tests of this crate, so the
// README cannot show code that does not build.
#[doc = include_str!("../../README.md")]
mod readme {}

/// The example response of the "Create dispatch namespace" reference page
/// (`shared/seed/create-dispatch-namespace.md`), copied verbatim.
pub const CREATE_EXAMPLE_RESPONSE: &str =
    include_str!("../fixtures/create-dispatch-namespace.response.json");

/// A well-formed account identifier, as in Cloudflare's examples.
pub const ACCOUNT_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// A token for tests; what it must never appear in is checked by name.
pub const TOKEN: &str = "test-token-not-a-secret";

/// A `cf-ray` header value for the local server's answers.
pub const RAY: &str = "8a1b2c3d4e5f6789-SJC";

/// The path of "create dispatch namespace" for [`ACCOUNT_ID`] under the
/// real base URL's `/client/v4` prefix.
pub const CREATE_PATH: &str =
    "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces";

/// The path of "get dispatch namespace" `n` (what [`get`] sends with the
/// name `n`) for [`ACCOUNT_ID`] under the `/client/v4` prefix.
pub const GET_PATH: &str =
    "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces/n";

/// A retry policy with millisecond waits, so that retry tests are quick.
pub fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(max_retries)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// "Create dispatch namespace" in [`ACCOUNT_ID`] with `name`.
pub async fn create(client: &Client, name: &str) -> Result<Response<DispatchNamespace>, Error> {
    client
        .account(ACCOUNT_ID)
        .dispatch_namespaces()
        .create()
        .name(name)
        .send()
        .await
}

/// "Get dispatch namespace" `name` in [`ACCOUNT_ID`]: an idempotent call
/// (`GET`), which any retryable failure retries. The reference example of
/// "create" is a fine answer to it.
pub async fn get(client: &Client, name: &str) -> Result<Response<DispatchNamespace>, Error> {
    client
        .account(ACCOUNT_ID)
        .dispatch_namespaces()
        .get(name)
        .send()
        .await
}

/// The reference page's example answer, with a `cf-ray`.
pub fn example_answer() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(CREATE_EXAMPLE_RESPONSE, "application/json")
        .insert_header("cf-ray", RAY)
}

/// A Cloudflare failure envelope with one error, with a `cf-ray`.
pub fn failure_answer(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(serde_json::json!({
            "errors": [{ "code": code, "message": message }],
            "messages": [],
            "success": false,
            "result": null,
        }))
        .insert_header("cf-ray", RAY)
}

/// A local-server responder that answers with each template in turn, then
/// repeats the last.
#[derive(Debug)]
pub struct Sequence(Mutex<VecDeque<ResponseTemplate>>);

impl Sequence {
    /// Answers `templates` in order; there must be at least one.
    pub fn of(templates: impl IntoIterator<Item = ResponseTemplate>) -> Self {
        let templates: VecDeque<_> = templates.into_iter().collect();
        assert!(!templates.is_empty(), "a sequence needs an answer");
        Self(Mutex::new(templates))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut queue = self.0.lock().unwrap();
        if queue.len() > 1 {
            queue.pop_front().unwrap()
        } else {
            queue[0].clone()
        }
    }
}

/// The top of the workspace checkout.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// A temporary copy of what `cargo xtask regen` reads and writes (the spec
/// folder and the generated file), to run the xtask on without touching the
/// checkout. Removed when dropped.
pub fn copy_of_regen_inputs() -> tempfile::TempDir {
    let root = workspace_root();
    let copy = tempfile::tempdir().expect("create a temporary directory");
    let spec_dir = copy.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).expect("create the spec folder");
    for entry in std::fs::read_dir(root.join(xtask::SPEC_DIR)).expect("read openapi/") {
        let path = entry.expect("list openapi/").path();
        if path.is_file() {
            std::fs::copy(&path, spec_dir.join(path.file_name().unwrap()))
                .expect("copy a spec file");
        }
    }
    let generated = copy.path().join(xtask::GENERATED_FILE);
    std::fs::create_dir_all(generated.parent().unwrap())
        .expect("create the generated crate folder");
    std::fs::copy(root.join(xtask::GENERATED_FILE), &generated).expect("copy the generated file");
    let tree = copy.path().join(xtask::TREE_FILE);
    std::fs::create_dir_all(tree.parent().unwrap()).expect("create the tree's folder");
    std::fs::copy(root.join(xtask::TREE_FILE), &tree).expect("copy the generated tree");
    copy
}

/// `%XX` escapes decoded (what a server does with a path segment).
pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("the client sends UTF-8")
}
