//! Reading an answer's whole body within its attempt: a failure while
//! reading counts against the attempt (and can be retried), and an error
//! body is bounded.

use reqwest::ResponseBuilderExt;

/// An error answer's body is read up to this size, so that a huge (or
/// endless) one cannot exhaust memory. A validation failure listing many
/// errors is easily 100 KB; one past this is reported as cut
/// ([`BodyCut`]), without its errors.
pub(crate) const ERROR_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Marks a response whose body was cut at this many bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyCut(pub(crate) usize);

/// `response` with its whole body read (an error body only up to
/// [`ERROR_BODY_LIMIT`]).
pub(crate) async fn read_fully(
    mut response: reqwest::Response,
) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let limit = if status.is_success() {
        usize::MAX
    } else {
        ERROR_BODY_LIMIT
    };
    let expected = response.content_length().unwrap_or(0) as usize;
    let mut body = Vec::with_capacity(expected.min(limit).min(1 << 20));
    let mut cut = false;
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room {
            cut = true;
            break;
        }
    }
    // With its URL: without one, reqwest parses a placeholder URL for it.
    let mut rebuilt = http::Response::builder()
        .status(status)
        .version(response.version())
        .url(response.url().clone())
        .body(body)
        .expect("a status, version and URL taken from a response are valid");
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    if cut {
        rebuilt.extensions_mut().insert(BodyCut(limit));
    }
    Ok(reqwest::Response::from(rebuilt))
}
