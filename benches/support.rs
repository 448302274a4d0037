//! What the benchmarks share: a local server that answers "create dispatch
//! namespace" with the reference page's example, the three clients that call
//! it, and an allocator that counts the allocations of chosen threads.
//!
//! See `BENCHMARKS.md` at the top of the repository for how to run them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use cloudflare_api::workers_for_platforms::types::{
    NamespaceWorkerCreateBody, WorkersDispatchNamespaceName, WorkersNamespaceSingleResponse,
};
use cloudflare_api_runtime::tls::reqwest_client_builder;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};

/// The example response of the "Create dispatch namespace" reference page,
/// the same file the end-to-end tests answer with.
pub const CREATE_EXAMPLE_RESPONSE: &str =
    include_str!("../tests/fixtures/create-dispatch-namespace.response.json");

/// A well-formed account identifier, as in Cloudflare's examples.
pub const ACCOUNT_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";
/// The namespace every call creates.
pub const NAME: &str = "my-dispatch-namespace";
/// The token every client sends.
pub const TOKEN: &str = "bench-token-not-a-secret";
/// The user agent every client sends (the ergonomic client's default).
pub const USER_AGENT_VALUE: &str = concat!("cloudflare-api/", env!("CARGO_PKG_VERSION"));

/// A local HTTP/1.1 server on 127.0.0.1 that answers every request with the
/// example response, running on its own thread and single-threaded runtime
/// so that it competes with the client for one core at most. It does as
/// little as a server can: it drains the request body and answers with a
/// prebuilt body (no JSON work, no allocation for the body).
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Starts the server; it runs until the process exits.
    pub fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        std::thread::Builder::new()
            .name("bench-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(serve(listener));
            })
            .expect("server thread");
        Self { addr }
    }

    /// The base URL to give a client: the real API's `/client/v4` prefix on
    /// this server.
    pub fn base_url(&self) -> String {
        format!("http://{}/client/v4", self.addr)
    }
}

async fn serve(listener: std::net::TcpListener) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
    let body = Bytes::from_static(CREATE_EXAMPLE_RESPONSE.as_bytes());
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: hyper::Request<Incoming>| {
                let body = body.clone();
                async move {
                    // Read the request as a server would before answering.
                    let _ = request.into_body().collect().await;
                    let response = hyper::Response::builder()
                        .header("content-type", "application/json")
                        .header("cf-ray", "8a1b2c3d4e5f6789-SJC")
                        .body(Full::new(body))
                        .expect("a valid response");
                    Ok::<_, Infallible>(response)
                }
            });
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The baseline: plain `reqwest` with the same headers and body as the
/// generated client, decoding into the same generated type.
#[derive(Clone, Debug)]
pub struct Baseline {
    http: reqwest::Client,
    url: String,
}

impl Baseline {
    /// With `timeout`, the reqwest client has that total timeout per
    /// request, as the ergonomic client's has.
    pub fn new(base_url: &str, timeout: Option<std::time::Duration>) -> Self {
        let mut auth = HeaderValue::try_from(format!("Bearer {TOKEN}")).expect("header value");
        auth.set_sensitive(true);
        let headers = HeaderMap::from_iter([
            (AUTHORIZATION, auth),
            (USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE)),
        ]);
        let mut http = reqwest_client_builder()
            .expect("TLS setup")
            .default_headers(headers);
        if let Some(timeout) = timeout {
            http = http.timeout(timeout);
        }
        Self {
            http: http.build().expect("reqwest client"),
            url: format!("{base_url}/accounts/{ACCOUNT_ID}/workers/dispatch/namespaces"),
        }
    }

    /// One call; panics on anything but the example answer.
    pub async fn create(&self) -> WorkersNamespaceSingleResponse {
        let body = NamespaceWorkerCreateBody {
            name: Some(WorkersDispatchNamespaceName::try_from(NAME).expect("a valid name")),
        };
        let response = self
            .http
            .post(&self.url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(
                HeaderName::from_static("api-version"),
                HeaderValue::from_static("4.0.0"),
            )
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(serde_json::to_vec(&body).expect("serializable"))
            .send()
            .await
            .expect("an answer");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("a body");
        serde_json::from_slice(&bytes).expect("the example response")
    }
}

/// The generated crate's client, with authentication as default headers as
/// its documentation shows.
#[derive(Clone, Debug)]
pub struct Generated {
    client: cloudflare_api::workers_for_platforms::Client,
}

impl Generated {
    pub fn new(base_url: &str) -> Self {
        let mut auth = HeaderValue::try_from(format!("Bearer {TOKEN}")).expect("header value");
        auth.set_sensitive(true);
        let headers = HeaderMap::from_iter([
            (AUTHORIZATION, auth),
            (USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE)),
        ]);
        let http = reqwest_client_builder()
            .expect("TLS setup")
            .default_headers(headers)
            .build()
            .expect("reqwest client");
        Self {
            client: cloudflare_api::workers_for_platforms::Client::new_with_client(
                base_url,
                http,
                cloudflare_api_runtime::Hooks::default(),
            ),
        }
    }

    /// One call; panics on anything but the example answer.
    pub async fn create(&self) -> WorkersNamespaceSingleResponse {
        self.client
            .namespace_worker_create(
                ACCOUNT_ID.try_into().expect("a valid account id"),
                NamespaceWorkerCreateBody {
                    name: Some(WorkersDispatchNamespaceName::try_from(NAME).expect("a valid name")),
                },
            )
            .await
            .expect("the example response")
            .into_inner()
    }
}

/// The ergonomic client, configured as a user would (default timeout,
/// retries and user agent).
#[derive(Clone, Debug)]
pub struct Ergonomic {
    client: cloudflare_api::Client,
}

impl Ergonomic {
    pub fn new(base_url: &str) -> Self {
        let client = cloudflare_api::Client::builder()
            .credentials(cloudflare_api::Credentials::api_token(TOKEN))
            .base_url(base_url)
            .build()
            .expect("client");
        Self { client }
    }

    /// One call; panics on anything but the example answer.
    pub async fn create(
        &self,
    ) -> cloudflare_api::Response<
        cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse,
    > {
        self.client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .create()
            .name(NAME)
            .send()
            .await
            .expect("the example response")
    }
}

/// A global allocator that counts the allocations (and reallocations) made
/// on threads that turned counting on, so that the server's thread does not
/// count. Install it with `#[global_allocator]` in the benchmark binary.
#[derive(Debug)]
pub struct CountingAllocator;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn count(size: usize) {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to `System` unchanged; counting only touches
// atomics and a const-initialised thread-local without a destructor, so it
// neither allocates nor unwinds.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations and bytes requested on this thread while `f` runs (with
/// [`CountingAllocator`] installed; zero otherwise).
pub fn allocations<T>(f: impl FnOnce() -> T) -> (T, u64, u64) {
    let (allocations, bytes) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    COUNTING.with(|c| c.set(true));
    let output = f();
    COUNTING.with(|c| c.set(false));
    (
        output,
        ALLOCATIONS.load(Ordering::Relaxed) - allocations,
        BYTES.load(Ordering::Relaxed) - bytes,
    )
}
