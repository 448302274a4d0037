use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use super::Module;
use crate::{DecodeError, Error, Response};

/// The response header that names a Worker's main module (its part) when
/// the API answers a Worker's content.
pub const ENTRYPOINT_HEADER: &str = "cf-entrypoint";

/// The name wrangler gives a service-worker script the API answers
/// without a [`ENTRYPOINT_HEADER`].
const SERVICE_WORKER_NAME: &str = "index.js";

/// A Worker's code as the API answers it (`scripts().content().get(..)`,
/// "Get Script Content" (`namespace-worker-get-script-content`)): its
/// [`Module`]s, with their names, content types
/// and bytes as they were uploaded, and which one runs. What
/// an upload's `.content(..)` (`scripts().update(..).content(..)`)
/// uploads again, to another namespace or name, say.
///
/// ```no_run
/// use cloudflare_api::workers::{Binding, ScriptContent};
///
/// # async fn run(account: cloudflare_api::Account) -> Result<(), cloudflare_api::Error> {
/// let scripts = account.workers_for_platforms().dispatch().namespaces().scripts();
/// let content = scripts.content().get("customers", "customer-123").send().await?;
/// let worker = ScriptContent::from_response(&content)?;
/// println!("{} runs {}", worker.modules().len(), worker.main_module().name());
/// let settings = scripts.settings().get("customers", "customer-123").send().await?.result;
/// scripts
///     .update("staging", "customer-123")
///     .content(worker)
///     .settings_from(&settings)
///     .binding(Binding::secret_text("API_KEY", "s3cr3t")) // never answered
///     .send()
///     .await?;
/// # Ok(())
/// # }
/// ```
///
/// The API answers the content in one of two shapes, as wrangler reads
/// them (`wrangler versions secret put`, `wrangler init --from-dash`):
///
/// - an ES-modules Worker as `multipart/form-data`, a part per module
///   named by the module (its part name, else its file name) with the
///   module's content type (`text/plain` when a part has none, as RFC 7578
///   says), and the main module's name in the `cf-entrypoint` header;
/// - a service-worker Worker as the script itself, named by
///   `cf-entrypoint` when the API sends it and `index.js` (wrangler's name)
///   when not, of the answer's content type (`application/javascript`
///   when there is none). Uploaded again as the metadata's `body_part`.
///
/// `Debug` shows the modules' names, content types and lengths, not their
/// code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptContent {
    modules: Vec<Module>,
    /// Index of the main module in `modules`.
    main: usize,
    service_worker: bool,
}

impl ScriptContent {
    /// The Worker's code in `content`, the answer of "Get Script Content"
    /// (read with its `content-type` and `cf-entrypoint` headers).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`], with the answer's status, `cf-ray` and the start
    /// of its body, when the body is `multipart/form-data` that is not a
    /// well-formed form (no boundary, cut short, a part without a name),
    /// when no `cf-entrypoint` header names the main module of a modules
    /// Worker, or when it names no part. It names the operation that
    /// answered ([`Response::operation`]), as the call's own errors do.
    pub fn from_response(content: &Response<Bytes>) -> Result<ScriptContent, Error> {
        Self::parse(content.headers(), &content.result).map_err(|reason| {
            Error::Decode(DecodeError::new(
                Some(content.status()),
                Some(content.headers()),
                &content.result,
                reason,
                1,
                None,
            ))
            .of_operation(content.operation())
        })
    }

    fn parse(headers: &HeaderMap, body: &Bytes) -> Result<ScriptContent, String> {
        let header = |name| {
            headers
                .get(name)
                .map(|v| {
                    v.to_str()
                        .map_err(|_| format!("the `{name}` header is not text"))
                })
                .transpose()
        };
        let content_type = header(CONTENT_TYPE.as_str())?;
        let entrypoint = header(ENTRYPOINT_HEADER)?;
        let is_form = content_type.is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("multipart/form-data"))
        });
        let Some(content_type) = content_type.filter(|_| is_form) else {
            let script = Module::new(
                entrypoint.unwrap_or(SERVICE_WORKER_NAME),
                content_type.unwrap_or("application/javascript"),
                body.clone(),
            );
            return Ok(ScriptContent {
                modules: vec![script],
                main: 0,
                service_worker: true,
            });
        };
        let entrypoint = entrypoint.ok_or_else(|| {
            format!(
                "the Worker's modules came without a `{ENTRYPOINT_HEADER}` header, which names \
                 the main module"
            )
        })?;
        let modules = parts(content_type, body.clone())?;
        let main = modules
            .iter()
            .position(|module| module.name() == entrypoint)
            .ok_or_else(|| {
                format!(
                    "`{ENTRYPOINT_HEADER}: {entrypoint}` names none of the Worker's modules ({})",
                    modules
                        .iter()
                        .map(|m| format!("`{}`", m.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
        Ok(ScriptContent {
            modules,
            main,
            service_worker: false,
        })
    }

    /// The module that runs: the main module of an ES-modules Worker (the
    /// one `cf-entrypoint` names), or the script of a service-worker Worker.
    pub fn main_module(&self) -> &Module {
        &self.modules[self.main]
    }

    /// Every module, the main one included, in the answer's order.
    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    /// Whether the Worker is a service-worker script (the answer was not
    /// `multipart/form-data`): uploaded as the metadata's `body_part`,
    /// not its `main_module`.
    pub fn is_service_worker(&self) -> bool {
        self.service_worker
    }

    /// The main module and the others, in the answer's order.
    pub fn into_parts(mut self) -> (Module, Vec<Module>) {
        let main = self.modules.remove(self.main);
        (main, self.modules)
    }
}

/// The parts of the form `body` (sent with `content_type`), as modules,
/// read by `multer` (the parser of axum's multipart extractor).
fn parts(content_type: &str, body: Bytes) -> Result<Vec<Module>, String> {
    let malformed =
        |e: multer::Error| format!("the Worker's modules are not a well-formed form: {e}");
    let boundary = multer::parse_boundary(content_type).map_err(malformed)?;
    let input = futures_util::stream::once(std::future::ready(Ok::<_, Infallible>(body)));
    let mut form = multer::Multipart::new(input, boundary);
    let mut modules = Vec::new();
    while let Some(field) = at_once(form.next_field()).map_err(malformed)? {
        let Some(name) = field.name().or(field.file_name()).map(str::to_owned) else {
            return Err(format!(
                "part {} of the Worker's modules has no name",
                modules.len() + 1
            ));
        };
        let content_type = field
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| {
                v.to_str()
                    .map(str::to_owned)
                    .map_err(|_| format!("the content type of the module `{name}` is not text"))
            })
            .transpose()?
            .unwrap_or_else(|| "text/plain".to_owned());
        let bytes = at_once(field.bytes()).map_err(malformed)?;
        modules.push(Module::new(name, content_type, bytes));
    }
    Ok(modules)
}

/// The output of `future`, which reads a body that is all in memory and so
/// never waits.
fn at_once<T>(future: impl Future<Output = multer::Result<T>>) -> multer::Result<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        // multer waits only for input, and all of it is there.
        Poll::Pending => Err(multer::Error::IncompleteStream),
    }
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;
    use reqwest::header::HeaderValue;

    use super::*;

    fn answer(headers: &[(&'static str, &str)], body: &[u8]) -> Response<Bytes> {
        let headers = headers
            .iter()
            .map(|(k, v)| {
                (
                    reqwest::header::HeaderName::from_static(k),
                    HeaderValue::from_str(v).unwrap(),
                )
            })
            .collect();
        Response::new(
            Bytes::copy_from_slice(body),
            Vec::new(),
            None,
            StatusCode::OK,
            headers,
        )
    }

    const FORM: &[u8] = b"--b\r\n\
        Content-Disposition: form-data; name=\"index.js\"; filename=\"index.js\"\r\n\
        Content-Type: application/javascript+module\r\n\r\n\
        import x from './x.wasm'; export default {}\r\n\
        --b\r\n\
        Content-Disposition: form-data; name=\"x.wasm\"; filename=\"x.wasm\"\r\n\
        Content-Type: application/wasm\r\n\r\n\
        \x00asm\x01\x00\x00\x00\xff\r\n\
        --b\r\n\
        Content-Disposition: form-data; name=\"notes.txt\"\r\n\r\n\
        no content type\r\n\
        --b--\r\n";

    #[test]
    fn a_modules_worker_is_its_parts_and_its_entrypoint() {
        let content = answer(
            &[
                ("content-type", "multipart/form-data; boundary=b"),
                ("cf-entrypoint", "index.js"),
            ],
            FORM,
        );
        let worker = ScriptContent::from_response(&content).unwrap();
        assert!(!worker.is_service_worker());
        assert_eq!(worker.main_module().name(), "index.js");
        let modules: Vec<(&str, &str, &[u8])> = worker
            .modules()
            .iter()
            .map(|m| (m.name(), m.content_type(), &m.content()[..]))
            .collect();
        assert_eq!(
            modules,
            [
                (
                    "index.js",
                    "application/javascript+module",
                    &b"import x from './x.wasm'; export default {}"[..]
                ),
                ("x.wasm", "application/wasm", b"\x00asm\x01\x00\x00\x00\xff"),
                ("notes.txt", "text/plain", b"no content type"),
            ]
        );
        let (main, others) = worker.into_parts();
        assert_eq!(main.name(), "index.js");
        assert_eq!(others.len(), 2);
    }

    #[test]
    fn a_service_worker_is_the_script_itself() {
        let worker = ScriptContent::from_response(&answer(
            &[("content-type", "application/javascript")],
            b"addEventListener('fetch', () => {})",
        ))
        .unwrap();
        assert!(worker.is_service_worker());
        assert_eq!(worker.main_module().name(), "index.js");
        assert_eq!(
            worker.main_module().content_type(),
            "application/javascript"
        );
        let named = ScriptContent::from_response(&answer(
            &[("cf-entrypoint", "worker.js")],
            b"addEventListener('fetch', () => {})",
        ))
        .unwrap();
        assert_eq!(named.modules().len(), 1);
        assert_eq!(named.main_module().name(), "worker.js");
        assert_eq!(named.main_module().content_type(), "application/javascript");
    }

    #[test]
    fn a_form_that_cannot_be_read_is_a_decode_error_saying_why() {
        for (headers, body, says) in [
            (
                &[("content-type", "multipart/form-data; boundary=b")][..],
                FORM,
                "without a `cf-entrypoint` header",
            ),
            (
                &[
                    ("content-type", "multipart/form-data; boundary=b"),
                    ("cf-entrypoint", "main.js"),
                ][..],
                FORM,
                "`cf-entrypoint: main.js` names none of the Worker's modules (`index.js`, `x.wasm`, `notes.txt`)",
            ),
            (
                &[
                    ("content-type", "multipart/form-data"),
                    ("cf-entrypoint", "index.js"),
                ][..],
                FORM,
                "not a well-formed form",
            ),
            (
                &[
                    ("content-type", "multipart/form-data; boundary=b"),
                    ("cf-entrypoint", "index.js"),
                ][..],
                &FORM[..60],
                "not a well-formed form",
            ),
        ] {
            let error = ScriptContent::from_response(&answer(headers, body)).unwrap_err();
            let Error::Decode(e) = &error else {
                panic!("{error:?}")
            };
            assert_eq!(e.status(), Some(StatusCode::OK));
            assert!(error.to_string().contains(says), "{error}");
        }
    }
}
