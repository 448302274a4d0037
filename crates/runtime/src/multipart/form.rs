//! `multipart/form-data` request bodies, for the operations whose spec body
//! is one (a Worker's modules and metadata, an image, a file).
//!
//! progenitor has no multipart support, so `cargo xtask regen` hands it such
//! a body as bytes with a `Content-Type` header parameter (see the
//! generator's `normalize` module). A [`Form`] makes both:
//!
//! ```
//! use cloudflare_api_runtime::multipart::{Form, Part};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let form = Form::new()
//!     .part(Part::json("metadata", &serde_json::json!({ "main_module": "index.js" }))?)
//!     .part(Part::file(
//!         "index.js",
//!         "index.js",
//!         "application/javascript+module",
//!         "export default { fetch() { return new Response('hi') } }",
//!     ));
//! let encoded = form.encode()?;
//! assert!(encoded.content_type().starts_with("multipart/form-data; boundary="));
//! // client.namespace_worker_put_script_content()...
//! //     .content_type(encoded.content_type()).body(encoded.body())
//! # Ok(())
//! # }
//! ```
//!
//! The body is encoded once, by reqwest's multipart encoder, into one
//! buffer: a request with it can be sent again (retried), which a streamed
//! form cannot.

use std::fmt;

use bytes::Bytes;
use futures_util::{FutureExt, TryStreamExt};

/// One part of a form: a name, and a file name and a content type where
/// the part has them, and its bytes.
///
/// `Debug` shows the content's length, never the content (a Worker's
/// metadata can hold secrets).
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    content: Bytes,
}

impl Part {
    /// A part holding `value` as JSON (`Content-Type: application/json`),
    /// its numbers as the API reads them (a whole number without a
    /// fraction: [`wire::json_body`](crate::wire::json_body)).
    ///
    /// # Errors
    ///
    /// When `value` cannot be serialized (a map with non-string keys, say).
    pub fn json(
        name: impl Into<String>,
        value: &impl serde::Serialize,
    ) -> Result<Part, serde_json::Error> {
        Ok(Part {
            name: name.into(),
            file_name: None,
            content_type: Some("application/json".into()),
            content: crate::wire::to_json_vec(value)?.into(),
        })
    }

    /// A plain form field: `value` as text, with neither file name nor
    /// content type.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Part {
        Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            content: Bytes::from(value.into()),
        }
    }

    /// A file: `content` sent as it is, with its file name and content type
    /// (`application/javascript+module`, `application/wasm`, ...).
    pub fn file(
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        content: impl Into<Bytes>,
    ) -> Part {
        Part {
            name: name.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            content: content.into(),
        }
    }

    /// The part's name (`Content-Disposition: form-data; name="..."`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file name (`filename="..."`), if any.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The part's `Content-Type`, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The part's bytes.
    pub fn content(&self) -> &Bytes {
        &self.content
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.content.len())
            .finish()
    }
}

/// A `multipart/form-data` body: parts, in the order they are sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    parts: Vec<Part>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Form {
        Form::default()
    }

    /// The form with `part` added at the end.
    #[must_use]
    pub fn part(mut self, part: Part) -> Form {
        self.parts.push(part);
        self
    }

    /// Adds `part` at the end.
    pub fn push(&mut self, part: Part) {
        self.parts.push(part);
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The body and its `Content-Type` (`multipart/form-data;
    /// boundary=...`, the boundary random).
    ///
    /// Names and file names are sent as they are (UTF-8, `/` included, as
    /// browsers and wrangler send them).
    ///
    /// # Errors
    ///
    /// [`FormError`] when a name or file name holds `"`, a line break or a
    /// NUL (which no `Content-Disposition` header can carry as it is), or a
    /// content type is not a MIME type.
    pub fn encode(&self) -> Result<Encoded, FormError> {
        let mut form = reqwest::multipart::Form::new().percent_encode_noop();
        for part in &self.parts {
            header_safe("part name", &part.name)?;
            let mut encoded =
                reqwest::multipart::Part::stream(reqwest::Body::from(part.content.clone()));
            if let Some(file_name) = &part.file_name {
                header_safe("file name", file_name)?;
                encoded = encoded.file_name(file_name.clone());
            }
            if let Some(content_type) = &part.content_type {
                encoded = encoded.mime_str(content_type).map_err(|_| FormError {
                    message: format!(
                        "the content type {content_type:?} of the part {:?} is not a MIME type",
                        part.name
                    ),
                })?;
            }
            form = form.part(part.name.clone(), encoded);
        }
        let content_type = format!("multipart/form-data; boundary={}", form.boundary());
        let size = self
            .parts
            .iter()
            .map(|p| p.content.len() + p.name.len() + 160)
            .sum::<usize>();
        if self.parts.is_empty() {
            // reqwest sends nothing for an empty form; a form of no parts
            // is its closing delimiter (RFC 2046 needs one part, but
            // parsers take this, and a patch may well set nothing).
            let body = format!("--{}--\r\n", form.boundary());
            return Ok(Encoded {
                content_type,
                body: Bytes::from(body),
            });
        }
        // Every part is in memory, so the stream is ready at once.
        let body = form
            .into_stream()
            .try_fold(Vec::with_capacity(size), |mut body, chunk| {
                body.extend_from_slice(&chunk);
                std::future::ready(Ok(body))
            })
            .now_or_never()
            .ok_or_else(|| FormError {
                message: "the form's stream was not ready".into(),
            })?
            .map_err(|e| FormError {
                message: e.to_string(),
            })?;
        Ok(Encoded {
            content_type,
            body: Bytes::from(body),
        })
    }
}

impl FromIterator<Part> for Form {
    fn from_iter<I: IntoIterator<Item = Part>>(parts: I) -> Form {
        Form {
            parts: parts.into_iter().collect(),
        }
    }
}

fn header_safe(what: &str, value: &str) -> Result<(), FormError> {
    match value
        .chars()
        .find(|c| matches!(c, '"' | '\r' | '\n' | '\0'))
    {
        Some(c) => Err(FormError {
            message: format!(
                "the {what} {value:?} holds {c:?}, which a multipart header cannot carry"
            ),
        }),
        None => Ok(()),
    }
}

/// An encoded [`Form`]: the request's `Content-Type` and body.
#[derive(Clone, Debug)]
pub struct Encoded {
    content_type: String,
    body: Bytes,
}

impl Encoded {
    /// `multipart/form-data; boundary=...`.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The body (cheap to clone: the bytes are shared).
    pub fn body(&self) -> Bytes {
        self.body.clone()
    }

    /// The content type and the body.
    pub fn into_parts(self) -> (String, Bytes) {
        (self.content_type, self.body)
    }
}

/// Why a [`Form`] could not be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    message: String,
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_parts_in_order_with_their_headers() {
        let encoded = Form::new()
            .part(Part::json("metadata", &serde_json::json!({"a": 1})).unwrap())
            .part(Part::file(
                "src/ü.js",
                "src/ü.js",
                "application/javascript+module",
                "x",
            ))
            .part(Part::text("flag", "true"))
            .encode()
            .unwrap();
        let boundary = encoded
            .content_type()
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        let body = String::from_utf8(encoded.body().to_vec()).unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{{\"a\":1}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"src/ü.js\"; filename=\"src/ü.js\"\r\nContent-Type: application/javascript+module\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"flag\"\r\n\r\ntrue\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(body, expected);
    }

    #[test]
    fn an_empty_form_is_its_closing_delimiter() {
        let encoded = Form::new().encode().unwrap();
        let boundary = encoded
            .content_type()
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert_eq!(encoded.body(), format!("--{boundary}--\r\n").as_bytes());
    }

    #[test]
    fn refuses_names_a_header_cannot_carry() {
        for name in ["a\"b", "a\r\nb", "a\0"] {
            let error = Form::new()
                .part(Part::text(name, "x"))
                .encode()
                .unwrap_err();
            assert!(error.to_string().contains("part name"), "{error}");
        }
        let error = Form::new()
            .part(Part::file("a", "x\"y", "text/plain", "x"))
            .encode()
            .unwrap_err();
        assert!(error.to_string().contains("file name"), "{error}");
        let error = Form::new()
            .part(Part::file("a", "a", "not a type", "x"))
            .encode()
            .unwrap_err();
        assert!(error.to_string().contains("not a MIME type"), "{error}");
    }

    #[test]
    fn debug_never_shows_content() {
        let part = Part::json("metadata", &serde_json::json!({"text": "s3cr3t"})).unwrap();
        let shown = format!("{:?}", Form::new().part(part));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("len"), "{shown}");
    }
}
