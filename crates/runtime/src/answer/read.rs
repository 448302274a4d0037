//! How generated operations read an answer, in place of progenitor's
//! `ResponseValue` constructors (`cargo xtask regen` routes them here):
//! the same results, with the answer's headers moved rather than copied,
//! the body read chunk by chunk rather than through a list of chunks, and
//! a body that the client's [`Hooks`](crate::Hooks) function already read
//! ([`Hooks::attach_body`](crate::Hooks::attach_body)) taken as it is.

use bytes::{Bytes, BytesMut};
use progenitor_client::{ByteStream, Error, ResponseValue};
use reqwest::ResponseBuilderExt;
use serde::de::DeserializeOwned;

/// The body of a response that a hook read in full, attached to it.
#[derive(Clone)]
pub(crate) struct ReadBody(pub(crate) Bytes);

/// The answer's body decoded as JSON into `T`, as
/// `ResponseValue::from_response` does.
#[doc(hidden)]
pub async fn json<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = body(&mut response)
        .await
        .map_err(Error::ResponseBodyError)?;
    match serde_json::from_slice(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(error) => Err(Error::InvalidResponsePayload(body, error)),
    }
}

/// An answer without content, as `ResponseValue::empty` makes it.
#[doc(hidden)]
pub fn empty(mut response: reqwest::Response) -> ResponseValue<()> {
    let status = response.status();
    ResponseValue::new((), status, std::mem::take(response.headers_mut()))
}

/// The answer's body as a stream of bytes, as `ResponseValue::stream`
/// makes it.
#[doc(hidden)]
pub fn stream(response: reqwest::Response) -> ResponseValue<ByteStream> {
    let mut response = unread(response);
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let stream = ByteStream::new(Box::pin(response.bytes_stream()));
    ResponseValue::new(stream, status, headers)
}

/// `response` as reqwest gave it: with the body a hook attached as its
/// body again, so that whoever gets it undecoded
/// (`Error::UnexpectedResponse`) can read it.
#[doc(hidden)]
pub fn unread(mut response: reqwest::Response) -> reqwest::Response {
    let Some(ReadBody(body)) = response.extensions_mut().remove::<ReadBody>() else {
        return response;
    };
    let mut rebuilt = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(response.url().clone())
        .body(body)
        .expect("a status, version and URL taken from a response are valid");
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    let extensions = std::mem::take(response.extensions_mut());
    rebuilt.extensions_mut().extend(extensions);
    reqwest::Response::from(rebuilt)
}

/// The whole body: the one a hook attached, else read from `response`.
async fn body(response: &mut reqwest::Response) -> reqwest::Result<Bytes> {
    if let Some(ReadBody(body)) = response.extensions_mut().remove::<ReadBody>() {
        return Ok(body);
    }
    read(response).await
}

/// Reads the rest of `response`'s body. A body that comes in one chunk, as
/// a small one does, is that chunk, without a copy.
pub(crate) async fn read(response: &mut reqwest::Response) -> reqwest::Result<Bytes> {
    let Some(first) = response.chunk().await? else {
        return Ok(Bytes::new());
    };
    let Some(second) = response.chunk().await? else {
        return Ok(first);
    };
    let expected = response.content_length().unwrap_or(0) as usize;
    let mut body = BytesMut::with_capacity(expected.max(first.len() + second.len()));
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &'static str) -> reqwest::Response {
        let url = reqwest::Url::parse("https://api.example.com/client/v4/x").unwrap();
        let response = http::Response::builder()
            .status(status)
            .header("cf-ray", "8a1b2c3d4e5f6789-SJC")
            .url(url)
            .body(body)
            .unwrap();
        reqwest::Response::from(response)
    }

    /// The same answer with its body read by a hook and attached.
    async fn read_by_a_hook(status: u16, body: &'static str) -> reqwest::Response {
        let mut response = answer(status, body);
        let read = read(&mut response).await.unwrap();
        crate::Hooks::attach_body(&mut response, read);
        response
    }

    #[tokio::test]
    async fn json_decodes_a_body_read_here_or_by_a_hook_alike() {
        for response in [
            answer(200, r#"{"a":1}"#),
            read_by_a_hook(200, r#"{"a":1}"#).await,
        ] {
            let value = json::<serde_json::Value, ()>(response).await.unwrap();
            assert_eq!(value.status(), 200);
            assert_eq!(value.headers()["cf-ray"], "8a1b2c3d4e5f6789-SJC");
            assert_eq!(value.into_inner(), serde_json::json!({"a": 1}));
        }
        let refused = json::<u32, ()>(read_by_a_hook(200, "[1]").await).await;
        let Err(Error::InvalidResponsePayload(body, _)) = refused else {
            panic!("{refused:?}")
        };
        assert_eq!(&body[..], b"[1]");
    }

    #[tokio::test]
    async fn an_answer_handed_back_undecoded_has_its_body_again() {
        let response = unread(read_by_a_hook(502, "<html>bad gateway</html>").await);
        assert_eq!(response.status(), 502);
        assert_eq!(response.url().path(), "/client/v4/x");
        assert_eq!(response.headers()["cf-ray"], "8a1b2c3d4e5f6789-SJC");
        assert_eq!(response.text().await.unwrap(), "<html>bad gateway</html>");

        let untouched = unread(answer(502, "as it came"));
        assert_eq!(untouched.text().await.unwrap(), "as it came");
    }

    #[tokio::test]
    async fn a_streamed_answer_streams_the_body_a_hook_read() {
        let streamed = stream(read_by_a_hook(200, "raw bytes").await);
        assert_eq!(streamed.headers()["cf-ray"], "8a1b2c3d4e5f6789-SJC");
        let mut stream = streamed.into_inner();
        let mut all = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            all.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(all, b"raw bytes");
    }
}
