//! Prism, the mock server of the contract tests, started from the project's
//! spec on a free port of 127.0.0.1 and stopped when dropped, or, shared by
//! the tests of a process ([`Prisms`], several serving a part of the spec
//! each), when the process ends.

use std::io::Read;
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::workspace::{workspace_root, workspace_spec};

/// How long Prism may take to answer after it was started: only a guard
/// against one that hangs (one that exits is caught at once), so far above
/// its few seconds that a machine ten times slower passes too.
const STARTUP: Duration = Duration::from_secs(300);

/// A running Prism, serving the project's spec, or a part of it
/// ([`Prisms`]), with `tests/prism/serve.js`.
///
/// Dropping it closes the launcher's standard input, on which it stops
/// Prism; the launcher also stops Prism when this process dies without
/// dropping it, so no server outlives a test run. It leaves no file
/// behind: its log is read through a pipe, and the launcher removes the
/// copy of the spec it served when it stops (Prism watches that file as
/// long as it runs: removed under it, Prism crashed).
#[derive(Debug)]
pub struct Prism {
    child: Child,
    stdin: Option<ChildStdin>,
    addr: SocketAddr,
    /// All Prism has written so far (its standard output and error).
    log: Arc<Mutex<Vec<u8>>>,
}

impl Prism {
    /// Starts Prism serving the spec of the workspace at `spec_root` (a
    /// copy, say) whole, and waits until it listens. `None`, after printing
    /// why, when Node or Prism is not installed; under CI (`CI=true`) that
    /// is a panic instead, since CI installs both.
    pub fn start_for(spec_root: &std::path::Path) -> Option<Self> {
        installed()?;
        let mut prism = Self::spawn(&spec_file(&written_for_prism(spec_root).0));
        prism.wait_until_listening();
        Some(prism)
    }

    /// Starts Prism serving the spec in `spec` (a file it removes once
    /// Prism has stopped), without waiting for it to listen.
    fn spawn(spec: &std::path::Path) -> Self {
        let prism_dir = workspace_root().join("tests/prism");
        let (mut reader, writer) = std::io::pipe().expect("create a pipe for Prism's log");
        // Port 0: Prism listens on a port the kernel picks, and names it in
        // its log. A port picked here and handed over could be taken, by
        // a server of another test, before Prism's start-up ends.
        let mut child = Command::new("node")
            .arg(prism_dir.join("serve.js"))
            .arg(spec)
            .arg("0")
            .arg("temporary")
            .env("SCARF_ANALYTICS", "false")
            .stdin(Stdio::piped())
            .stdout(writer.try_clone().expect("share the pipe of Prism's log"))
            .stderr(writer)
            .spawn()
            .expect("start node");
        let stdin = child.stdin.take();
        // Reads the log until Prism and its launcher have exited (the pipe
        // closes then).
        let log = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(read @ 1..) = reader.read(&mut chunk) {
                let mut log = written.lock().unwrap_or_else(|e| e.into_inner());
                log.extend_from_slice(&chunk[..read]);
            }
        });
        Prism {
            child,
            stdin,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
        }
    }

    /// The base URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What Prism has logged so far, to show when a test fails.
    pub fn log(&self) -> String {
        format!("--- Prism's log ---\n{}", self.log_text())
    }

    fn log_text(&self) -> String {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&log).into_owned()
    }

    /// Waits until Prism's log says where it listens (it does so once it
    /// does), and notes the address.
    fn wait_until_listening(&mut self) {
        let started = Instant::now();
        loop {
            if let Some(addr) = self.listening_on() {
                self.addr = addr;
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited ({status}) before listening\n{}", self.log());
            }
            if started.elapsed() > STARTUP {
                panic!("Prism did not listen within {STARTUP:?}\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The address of Prism's `Prism is listening on http://127.0.0.1:PORT`
    /// line, once it has logged all of it.
    fn listening_on(&self) -> Option<SocketAddr> {
        let text = self.log_text();
        let (_, rest) = text.split_once("Prism is listening on http://")?;
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))?;
        rest[..end].parse().ok()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Closing stdin tells the launcher to stop Prism and exit.
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Node and Prism can be run: `None`, after printing why not, when they
/// cannot; under CI (`CI=true`) a panic instead, since CI installs both.
fn installed() -> Option<()> {
    let prism_dir = workspace_root().join("tests/prism");
    let cli = prism_dir.join("node_modules/@stoplight/prism-cli/dist/index.js");
    let missing = match Command::new("node").arg("--version").output() {
        Err(e) => format!("`node` cannot be run ({e})"),
        Ok(_) if !cli.is_file() => format!(
            "Prism is not installed: run `npm ci` in {}",
            prism_dir.display()
        ),
        Ok(_) => return Some(()),
    };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("contract tests cannot run under CI: {missing}");
    }
    eprintln!("skipping the contract tests against Prism: {missing}");
    None
}

/// The Prisms that serve the project's spec to the tests of this process,
/// a part of its paths each ([`PATHS_PER_PRISM`]).
///
/// One Prism serving the whole spec spent most of each answer finding the
/// operation: its time per request grows with the paths it serves (18.6 ms
/// for a `GET` with the 538 paths of twelve products, 3.9 ms with 13,
/// BENCHMARKS.md, "Issue 21: the contract tests' Prisms"), and the
/// contract tests send every operation three times. Each part's Prism
/// serves its paths with the components they refer to, so it also starts
/// in about 2 s rather than 11 s. The tests send to the parts at the same
/// time: a Prism is one Node.js thread.
#[derive(Debug)]
pub struct Prisms {
    parts: Vec<Part>,
}

/// One Prism of [`Prisms`] and the operations it serves.
#[derive(Debug)]
pub struct Part {
    /// The Prism.
    pub prism: Prism,
    /// The `operationId`s of the operations on its paths.
    operations: std::collections::BTreeSet<String>,
}

impl Part {
    /// Whether this part's Prism serves the operation `operation_id`.
    pub fn serves(&self, operation_id: &str) -> bool {
        self.operations.contains(operation_id)
    }
}

/// How many of the spec's paths one Prism of [`Prisms`] serves at most.
/// Fewer parts cost less to start (about 1.5 s of a core each, whatever
/// they serve); fewer paths per part cost less per request (about 0.03 ms
/// per path served). The contract tests send about three requests per
/// operation, of which there are 1.7 per path, so the sum of the two is
/// least with about 100 paths a part for the twelve products of today and
/// for the whole API alike (BENCHMARKS.md).
pub const PATHS_PER_PRISM: usize = 100;

impl Prisms {
    /// The Prisms serving the project's spec that the tests of this process
    /// share, started (all at once) by the first to ask. `None`, after
    /// printing why, when Node or Prism is not installed; under CI
    /// (`CI=true`) a panic instead. They are never dropped; they stop when
    /// this process ends (see [`Prism`]).
    pub fn shared() -> Option<&'static Self> {
        static SHARED: OnceLock<Option<Prisms>> = OnceLock::new();
        SHARED
            .get_or_init(|| Self::start(&workspace_root()))
            .as_ref()
    }

    /// Starts the Prisms for the spec of the workspace at `spec_root` and
    /// waits until they all listen.
    fn start(spec_root: &std::path::Path) -> Option<Self> {
        installed()?;
        let (document, operations) = written_for_prism(spec_root);
        let mut parts: Vec<Part> = cut(&document, &operations, PATHS_PER_PRISM)
            .into_iter()
            .map(|(part, operations)| Part {
                prism: Prism::spawn(&spec_file(&part)),
                operations,
            })
            .collect();
        for part in &mut parts {
            part.prism.wait_until_listening();
        }
        Some(Prisms { parts })
    }

    /// The parts, each with its Prism.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The Prism that serves the operation `operation_id`.
    ///
    /// # Panics
    ///
    /// When none does: the spec has no such operation.
    pub fn serving(&self, operation_id: &str) -> &Prism {
        self.parts
            .iter()
            .find(|part| part.serves(operation_id))
            .map(|part| &part.prism)
            .unwrap_or_else(|| panic!("no operation {operation_id} in the spec"))
    }

    /// What the Prisms have logged so far, to show when a test fails.
    pub fn log(&self) -> String {
        self.parts.iter().map(|part| part.prism.log()).collect()
    }
}

/// The spec the client is generated from (every file under `openapi/` of
/// the workspace at `root`, merged as `cargo xtask regen` merges them, not
/// normalized: the API as the spec describes it, multipart bodies
/// included), as Prism is to serve it: with its multipart forms [as Prism
/// reads them](prism_reads_forms), and so on; with its operations.
fn written_for_prism(
    root: &std::path::Path,
) -> (serde_json::Value, Vec<xtask::spec::OperationRef>) {
    let loaded;
    let spec = if root == workspace_root() {
        workspace_spec()
    } else {
        loaded = crate::workspace::load_spec(root);
        &loaded
    };
    let mut document = (*spec.written).clone();
    // An operation written without an `operationId` has the one regen
    // derives for it (`xtask::spec::OperationRef`), which its example
    // call names.
    for operation in &spec.operations {
        let written = document["paths"]
            .get_mut(&operation.route)
            .and_then(|item| item.get_mut(&operation.method))
            .and_then(|operation| operation.as_object_mut());
        if let Some(written) = written {
            written
                .entry("operationId")
                .or_insert_with(|| operation.id.clone().into());
        }
    }
    prism_reads_forms(&mut document);
    prism_encodes_nothing(&mut document);
    prism_sees_properties_beside_unions(&mut document);
    (document, spec.operations.clone())
}

/// `document` as a file for Prism, kept: the launcher removes it once
/// Prism has stopped (`temporary`; Prism watches it as long as it runs).
fn spec_file(document: &serde_json::Value) -> std::path::PathBuf {
    let json = serde_json::to_vec(document).expect("serialize the spec");
    let mut file = tempfile::Builder::new()
        .prefix("openapi-")
        .suffix(".json")
        .tempfile()
        .expect("create a temporary file");
    std::io::Write::write_all(&mut file, &json).expect("write the spec");
    file.into_temp_path()
        .keep()
        .expect("keep the spec for Prism")
}

/// `document` cut into parts of at most `paths` of its paths each, as few
/// as that allows and as even as they can be, in the order of
/// `operations` (the document's, as [`xtask::spec::Spec`] lists them):
/// each part holds every operation of its paths, the components they
/// refer to and the rest of the document, as regen cuts a product's
/// ([`xtask::product_document`]). With each part, the `operationId`s of
/// its operations.
pub fn cut(
    document: &serde_json::Value,
    operations: &[xtask::spec::OperationRef],
    paths: usize,
) -> Vec<(serde_json::Value, std::collections::BTreeSet<String>)> {
    let mut by_path: Vec<Vec<xtask::spec::OperationRef>> = Vec::new();
    let mut place = std::collections::HashMap::new();
    for operation in operations {
        let at = *place.entry(&operation.route).or_insert_with(|| {
            by_path.push(Vec::new());
            by_path.len() - 1
        });
        by_path[at].push(operation.clone());
    }
    // As many parts as it takes, of sizes that differ by one at most.
    let parts = by_path.len().div_ceil(paths.max(1));
    by_path
        .chunks(by_path.len().div_ceil(parts.max(1)).max(1))
        .map(|chunk| {
            let operations: Vec<_> = chunk.concat();
            let part = xtask::product_document(document, &operations)
                .unwrap_or_else(|e| panic!("cut the spec for Prism: {e}"));
            (part, operations.into_iter().map(|op| op.id).collect())
        })
        .collect()
}

/// Prism's example of a union with properties written beside it (Zero
/// Trust's DLP entry: `anyOf` of seven kinds, `profiles` required beside)
/// is its first alternative alone, which leaves out what the schema
/// requires beside it, and no client could read it. Here those properties
/// go into each alternative (`allOf: [alternative, {properties beside}]`),
/// which means the same.
fn prism_sees_properties_beside_unions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            for key in ["anyOf", "oneOf"] {
                let beside: serde_json::Map<String, serde_json::Value> = ["properties", "required"]
                    .iter()
                    .filter_map(|k| Some((k.to_string(), object.get(*k)?.clone())))
                    .collect();
                if beside.is_empty() {
                    continue;
                }
                let Some(serde_json::Value::Array(alternatives)) = object.get_mut(key) else {
                    continue;
                };
                let mut part = beside;
                part.insert("type".into(), "object".into());
                for alternative in alternatives.iter_mut() {
                    let original = alternative.take();
                    *alternative = serde_json::json!({"allOf": [original, part.clone()]});
                }
                object.remove("properties");
                object.remove("required");
            }
            for (key, child) in object.iter_mut() {
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    prism_sees_properties_beside_unions(child);
                }
            }
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .for_each(prism_sees_properties_beside_unions),
        _ => {}
    }
}

/// Prism sends every response header an operation declares with its
/// example, and a declared `Content-Encoding` (`gzip`, Zero Trust's DEX
/// command downloads) would label a body that Prism never compresses, which
/// no client can read. Here no answer declares one: what the client does
/// with a compressed answer is `tests/e2e/answers.rs`'s to prove.
fn prism_encodes_nothing(document: &mut serde_json::Value) {
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    for item in paths.values_mut() {
        for operation in item
            .as_object_mut()
            .into_iter()
            .flat_map(|i| i.values_mut())
        {
            let Some(responses) = operation
                .get_mut("responses")
                .and_then(|r| r.as_object_mut())
            else {
                continue;
            };
            for response in responses.values_mut() {
                if let Some(headers) = response.get_mut("headers").and_then(|h| h.as_object_mut()) {
                    headers.retain(|name, _| !name.eq_ignore_ascii_case("content-encoding"));
                }
            }
        }
    }
}

/// Prism reads every part of a `multipart/form-data` body as text, whatever
/// its `encoding` says, so it would call a JSON part (a Worker's
/// `metadata`) "not an object". Here such a part is text: Prism still
/// checks the form's route, parameters, credentials and which parts are
/// there, while what is in them is proven with a real multipart parser
/// (`tests/e2e/uploads.rs`).
fn prism_reads_forms(document: &mut serde_json::Value) {
    let bodies: Vec<String> = document["components"]["requestBodies"]
        .as_object()
        .map(|bodies| {
            bodies
                .keys()
                .map(|k| format!("/components/requestBodies/{k}"))
                .collect()
        })
        .unwrap_or_default();
    let mut operations = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (route, item) in paths {
            for method in item.as_object().into_iter().flat_map(|i| i.keys()) {
                let escaped = route.replace('~', "~0").replace('/', "~1");
                operations.push(format!("/paths/{escaped}/{method}/requestBody"));
            }
        }
    }
    // The forms' schemas: written in the body, or a component it refers to
    // (Cloudflare's script upload: `workers_multipart-script`).
    let mut schemas = Vec::new();
    for pointer in bodies.iter().chain(&operations) {
        let Some(schema) = document
            .pointer(pointer)
            .and_then(|body| body.pointer("/content/multipart~1form-data/schema"))
        else {
            continue;
        };
        match schema["$ref"].as_str() {
            Some(reference) => schemas.push(reference.trim_start_matches('#').to_owned()),
            None => schemas.push(format!("{pointer}/content/multipart~1form-data/schema")),
        }
    }
    for pointer in schemas {
        let Some(properties) = document
            .pointer_mut(&format!("{pointer}/properties"))
            .and_then(|p| p.as_object_mut())
        else {
            continue;
        };
        for schema in properties.values_mut() {
            let binary =
                |s: &serde_json::Value| s["format"] == "binary" || s["items"]["format"] == "binary";
            if !binary(schema) {
                *schema = serde_json::json!({ "type": "string" });
            }
        }
    }
}
