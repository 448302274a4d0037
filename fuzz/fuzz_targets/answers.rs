//! Any answer to "create dispatch namespace" gives a `Response` or a typed
//! `Error`, never a panic, with bounded error text: the property test in
//! `tests/e2e/properties.rs`, without bounds. The input is an answer in
//! the format `canned::parse` reads (status line, header lines, empty
//! line, body); `seeds/` has examples.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/canned.rs"]
#[allow(dead_code)]
mod canned;

thread_local! {
    static CANNED: canned::Canned = canned::Canned::new();
}

fuzz_target!(|data: &[u8]| {
    if let Some((status, headers, body)) = canned::parse(data) {
        CANNED.with(|client| {
            let outcome = client.create((status, headers.clone(), body));
            canned::check(status, &headers, &outcome);
        });
    }
});
