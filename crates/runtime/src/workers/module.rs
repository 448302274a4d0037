use bytes::Bytes;

use crate::multipart::File;

/// One module of a Worker: its name (what imports and `main_module` refer
/// to, and its part's name on the wire), its kind (the part's content type)
/// and its bytes, sent as they are.
///
/// ```
/// use cloudflare_api::workers::Module;
///
/// let main = Module::esm("index.js", "import { x } from './util.js'; export default {}");
/// assert_eq!(main.content_type(), "application/javascript+module");
/// let wasm = Module::wasm("add.wasm", vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
/// assert_eq!(wasm.content_type(), "application/wasm");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module(File);

impl Module {
    /// An ES module (`application/javascript+module`).
    pub fn esm(name: impl Into<String>, source: impl Into<Bytes>) -> Module {
        Module::new(name, "application/javascript+module", source)
    }

    /// A CommonJS module, or a service-worker script (`application/javascript`).
    pub fn commonjs(name: impl Into<String>, source: impl Into<Bytes>) -> Module {
        Module::new(name, "application/javascript", source)
    }

    /// A WebAssembly module (`application/wasm`).
    pub fn wasm(name: impl Into<String>, bytes: impl Into<Bytes>) -> Module {
        Module::new(name, "application/wasm", bytes)
    }

    /// A text module, imported as a string (`text/plain`).
    pub fn text(name: impl Into<String>, text: impl Into<Bytes>) -> Module {
        Module::new(name, "text/plain", text)
    }

    /// A data module, imported as an `ArrayBuffer` (`application/octet-stream`).
    pub fn data(name: impl Into<String>, bytes: impl Into<Bytes>) -> Module {
        Module::new(name, "application/octet-stream", bytes)
    }

    /// A source map (`application/source-map`).
    pub fn source_map(name: impl Into<String>, map: impl Into<Bytes>) -> Module {
        Module::new(name, "application/source-map", map)
    }

    /// A Python module (`text/x-python`).
    pub fn python(name: impl Into<String>, source: impl Into<Bytes>) -> Module {
        Module::new(name, "text/x-python", source)
    }

    /// A module of any content type the API takes.
    pub fn new(
        name: impl Into<String>,
        content_type: impl Into<String>,
        content: impl Into<Bytes>,
    ) -> Module {
        Module(File::new(name, content_type, content))
    }

    /// The module's name.
    pub fn name(&self) -> &str {
        self.0.name()
    }

    /// The module's content type.
    pub fn content_type(&self) -> &str {
        self.0.content_type()
    }

    /// The module's bytes.
    pub fn content(&self) -> &Bytes {
        self.0.content()
    }
}

impl From<Module> for File {
    fn from(module: Module) -> File {
        module.0
    }
}
