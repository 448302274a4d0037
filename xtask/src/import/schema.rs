//! Reading a Cloudflare schema file as published: JSON, or JSON gzipped
//! (`.gz`), as `../shared/reference/` keeps it.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::Error;

/// The schema at `path` (`*.json` or `*.json.gz`), shown as `shown`.
pub(crate) fn read(path: &Path, shown: &str) -> Result<Value, Error> {
    let read_error = |source| Error::Read {
        path: shown.to_owned(),
        source,
    };
    let bytes = std::fs::read(path).map_err(read_error)?;
    let text = if path.extension().is_some_and(|ext| ext == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(read_error)?;
        text
    } else {
        String::from_utf8(bytes)
            .map_err(|e| read_error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?
    };
    serde_json::from_str(&text).map_err(|e| Error::Syntax {
        path: shown.to_owned(),
        format: "JSON",
        message: e.to_string(),
    })
}
