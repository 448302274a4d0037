//! Reading an answer's whole body within its attempt: a failure while
//! reading counts against the attempt (and can be retried), and an error
//! body is bounded.

use crate::Hooks;
use bytes::{Bytes, BytesMut};

/// An error answer's body is read up to this size, so that a huge (or
/// endless) one cannot exhaust memory. A validation failure listing many
/// errors is easily 100 KB; one past this is reported as cut
/// ([`BodyCut`]), without its errors.
pub(crate) const ERROR_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Marks a response whose body was cut at this many bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyCut(pub(crate) usize);

/// `response` with its whole body read (an error body only up to
/// [`ERROR_BODY_LIMIT`]) and attached to it for the operation to decode
/// ([`Hooks::attach_body`]): the response itself, with its status,
/// headers, URL and extensions, is what the operation gets.
pub(crate) async fn read_fully(
    mut response: reqwest::Response,
) -> reqwest::Result<reqwest::Response> {
    let limit = if response.status().is_success() {
        usize::MAX
    } else {
        ERROR_BODY_LIMIT
    };
    let (body, cut) = read_up_to(&mut response, limit).await?;
    Hooks::attach_body(&mut response, body);
    if cut {
        response.extensions_mut().insert(BodyCut(limit));
    }
    Ok(response)
}

/// The body of `response` up to `limit` bytes, and whether there was more.
/// A body that comes in one chunk, as a small one does, is that chunk,
/// without a copy.
async fn read_up_to(
    response: &mut reqwest::Response,
    limit: usize,
) -> reqwest::Result<(Bytes, bool)> {
    let Some(first) = response.chunk().await? else {
        return Ok((Bytes::new(), false));
    };
    if first.len() > limit {
        return Ok((first.slice(..limit), true));
    }
    let Some(second) = response.chunk().await? else {
        return Ok((first, false));
    };
    let expected = response.content_length().unwrap_or(0) as usize;
    let mut body = BytesMut::with_capacity(expected.min(limit).min(1 << 20));
    let mut cut = false;
    for chunk in [first, second] {
        cut = append(&mut body, &chunk, limit);
    }
    while !cut && let Some(chunk) = response.chunk().await? {
        cut = append(&mut body, &chunk, limit);
    }
    Ok((body.freeze(), cut))
}

/// Appends `chunk` to `body` up to `limit` bytes in all; whether some of it
/// did not fit.
fn append(body: &mut BytesMut, chunk: &[u8], limit: usize) -> bool {
    let room = limit - body.len();
    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
    chunk.len() > room
}
