//! A request's `multipart/form-data` body as a server reads it, parsed by
//! `multer` (the parser of axum's multipart extractor): what the upload
//! tests assert part by part.

use serde_json::Value;

/// One part of a parsed form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPart {
    /// `Content-Disposition: form-data; name="..."`.
    pub name: Option<String>,
    /// `filename="..."`.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub bytes: Vec<u8>,
}

impl ParsedPart {
    /// The part's bytes as JSON (panics if they are not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("part {:?} is not JSON: {e}", self.name))
    }
}

/// The parts of `body`, sent with the request header `content_type`;
/// `Err` with the parser's message when it is not a well-formed form.
pub async fn parse(content_type: &str, body: &[u8]) -> Result<Vec<ParsedPart>, String> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
    let chunks = [Ok::<_, std::io::Error>(body.to_vec())];
    let mut form = multer::Multipart::new(futures_util::stream::iter(chunks), boundary);
    let mut parts = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().map(String::from);
        let file_name = field.file_name().map(String::from);
        let content_type = field
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("(not text)").to_owned());
        let bytes = field.bytes().await.map_err(|e| e.to_string())?.to_vec();
        parts.push(ParsedPart {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    Ok(parts)
}

/// The parts of a request that wiremock received.
pub async fn parts_of(request: &wiremock::Request) -> Vec<ParsedPart> {
    let content_type = request
        .headers
        .get("content-type")
        .expect("a multipart request has a Content-Type")
        .to_str()
        .unwrap()
        .to_owned();
    parse(&content_type, &request.body)
        .await
        .unwrap_or_else(|e| panic!("the body is not a well-formed form: {e}"))
}
