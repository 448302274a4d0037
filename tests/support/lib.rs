//! What the tests of this package share, a module per purpose:
//!
//! - the test client, [`client::client_for`], and the calls the tests
//!   make with it;
//! - a port that refuses connections, [`port::ClosedPort`], and one where a
//!   connection is never made, [`port::UnansweredPort`];
//! - one fake server per purpose, each on a free port of 127.0.0.1 and
//!   stopped when dropped: [`scripted`] (wiremock, for scripted HTTP
//!   answers), [`raw_server`] (plain TCP, for faults below HTTP),
//!   [`fake_namespaces`] (a stateful fake of the namespaces API),
//!   [`prism_server`] (Prism, for the contract tests) and [`fake_proxy`];
//! - [`multipart_form`]: a request's `multipart/form-data` body, parsed;
//! - [`child`]: one test run again in a child process with an environment
//!   of its own;
//! - [`canned`] (answers without a server, for the property tests and the
//!   fuzz target), [`tree_walk`] (the resource tree read as Rust) and
//!   [`workspace`] (the checkout, and copies of it).

pub mod canned;
pub mod child;
pub mod client;
pub mod fake_namespaces;
pub mod fake_proxy;
pub mod multipart_form;
pub mod port;
pub mod prism_server;
pub mod raw_server;
pub mod scripted;
pub mod tree_walk;
pub mod workspace;

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

/// The path of "get dispatch namespace" `n` (what [`get`](client::get) sends with the
/// name `n`) for [`ACCOUNT_ID`] under the `/client/v4` prefix.
pub const GET_PATH: &str =
    "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces/n";

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
