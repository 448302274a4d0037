use std::fmt;

use bytes::Bytes;

/// A file to send as a part of a form: its name, content type and bytes.
///
/// `Debug` shows the content's length, not the content.
///
/// ```
/// use cloudflare_api::multipart::File;
///
/// let wasm = File::new("add.wasm", "application/wasm", vec![0x00, 0x61, 0x73, 0x6d]);
/// assert_eq!(wasm.name(), "add.wasm");
/// assert_eq!(wasm.content().len(), 4);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    name: String,
    content_type: String,
    content: Bytes,
}

impl File {
    /// A file named `name` (the part's `filename`, and for a Worker's
    /// modules the part's name too) of `content_type` (a MIME type, checked
    /// when sent) holding `content`, sent byte for byte.
    pub fn new(
        name: impl Into<String>,
        content_type: impl Into<String>,
        content: impl Into<Bytes>,
    ) -> File {
        File {
            name: name.into(),
            content_type: content_type.into(),
            content: content.into(),
        }
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's content type.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The file's bytes (cheap to clone: they are shared).
    pub fn content(&self) -> &Bytes {
        &self.content
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.content.len())
            .finish()
    }
}
