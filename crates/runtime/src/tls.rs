//! The TLS backend of the `reqwest::Client`s this crate makes
//! (a product crate's generated `Client::new`, and the `cloudflare-api` crate's
//! `ClientBuilder::build`), chosen by the crate's features:
//!
//! | feature | TLS | key exchange | certificates checked against |
//! |---|---|---|---|
//! | `rustls` (default) | rustls with aws-lc-rs, reqwest's own `rustls` (rustls's default provider) | post-quantum X25519MLKEM768 preferred, then X25519 and the NIST curves | the system's roots, through `rustls-platform-verifier` |
//! | `rustls-ring` | rustls with the *ring* provider, which rustls deprecates (0.23.48: "no support for post-quantum algorithms") | X25519 and the NIST curves, no post-quantum | the system's roots, through `rustls-platform-verifier` |
//! | `native-tls` | the platform's library (OpenSSL on Linux) | the library's | the system's roots |
//!
//! `rustls-aws-lc-rs` is the old name of `rustls`. When several are on
//! (features add up across a dependency graph), the first of
//! `native-tls`, `rustls`, `rustls-ring` in that order is used: a build
//! that compiles aws-lc-rs anyway gets its post-quantum key exchange, and
//! *ring* is used only in a build without aws-lc, which is what
//! `rustls-ring` is for (it compiles in 50 to 80 s less CPU time, see
//! BENCHMARKS.md).
//!
//! With `rustls`, reqwest sets up rustls itself: with the process's
//! default `CryptoProvider` if the program installed one, else aws-lc-rs.
//! With `rustls-ring`, the rustls configuration is built here, with the
//! *ring* provider, and handed to reqwest whole: nothing is installed
//! process-wide, and aws-lc-rs is not compiled. reqwest's own rustls setup
//! then has no provider, so a `reqwest::Client::builder()` of your own in
//! the same program panics at `build()` unless reqwest's `rustls` feature
//! is on, some crate installs a provider, or you start from
//! [`reqwest_client_builder`].

/// Setting up TLS failed: with `rustls`, no root certificates could be
/// read from the system (on Linux, install `ca-certificates`).
#[derive(Debug, Clone)]
pub struct TlsConfigError(String);

impl std::fmt::Display for TlsConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot set up TLS: {}", self.0)
    }
}

impl std::error::Error for TlsConfigError {}

/// A `reqwest::ClientBuilder` that uses the TLS backend this crate's
/// features choose (see [the module](self)), to configure further and
/// build.
///
/// With the default `rustls` feature the TLS configuration is complete:
/// reqwest's TLS settings (`add_root_certificate`, `min_tls_version`,
/// `danger_accept_invalid_certs`, ...) do not apply to it.
///
/// # Errors
///
/// [`TlsConfigError`] when the system's root certificates cannot be read
/// (`rustls`; the others fail at `build()` instead).
pub fn reqwest_client_builder() -> Result<reqwest::ClientBuilder, TlsConfigError> {
    with_backend(reqwest::Client::builder(), &[])
}

/// [`reqwest_client_builder`] for the generated `Client::new`, which
/// panics when reqwest cannot build a client anyway.
#[doc(hidden)]
pub fn client_builder() -> reqwest::ClientBuilder {
    reqwest_client_builder().unwrap_or_else(|e| panic!("{e}"))
}

/// `builder` with the chosen backend, trusting `extra_roots` (DER
/// certificates) besides the system's.
#[cfg(feature = "native-tls")]
fn with_backend(
    builder: reqwest::ClientBuilder,
    extra_roots: &[&[u8]],
) -> Result<reqwest::ClientBuilder, TlsConfigError> {
    add_roots(builder.tls_backend_native(), extra_roots)
}

#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn with_backend(
    builder: reqwest::ClientBuilder,
    extra_roots: &[&[u8]],
) -> Result<reqwest::ClientBuilder, TlsConfigError> {
    add_roots(builder.tls_backend_rustls(), extra_roots)
}

#[cfg(any(feature = "native-tls", feature = "rustls"))]
fn add_roots(
    mut builder: reqwest::ClientBuilder,
    extra_roots: &[&[u8]],
) -> Result<reqwest::ClientBuilder, TlsConfigError> {
    for der in extra_roots {
        let cert =
            reqwest::Certificate::from_der(der).map_err(|e| TlsConfigError(e.to_string()))?;
        builder = builder.add_root_certificate(cert);
    }
    Ok(builder)
}

#[cfg(all(
    feature = "rustls-ring",
    not(any(feature = "native-tls", feature = "rustls"))
))]
fn with_backend(
    builder: reqwest::ClientBuilder,
    extra_roots: &[&[u8]],
) -> Result<reqwest::ClientBuilder, TlsConfigError> {
    Ok(builder.tls_backend_preconfigured(ring::client_config(extra_roots)?))
}

#[cfg(not(any(feature = "rustls", feature = "native-tls", feature = "rustls-ring")))]
fn with_backend(
    builder: reqwest::ClientBuilder,
    _extra_roots: &[&[u8]],
) -> Result<reqwest::ClientBuilder, TlsConfigError> {
    Ok(builder)
}

#[cfg(all(
    feature = "rustls-ring",
    not(any(feature = "native-tls", feature = "rustls"))
))]
mod ring {
    use std::sync::Arc;

    use rustls::pki_types::CertificateDer;

    use super::TlsConfigError;

    /// What reqwest's own rustls setup makes (all of rustls's safe protocol
    /// versions, the platform verifier, ALPN for the HTTP versions built
    /// in), with the *ring* provider.
    pub(super) fn client_config(
        extra_roots: &[&[u8]],
    ) -> Result<rustls::ClientConfig, TlsConfigError> {
        let error = |e: rustls::Error| TlsConfigError(e.to_string());
        // rustls 0.23.48 deprecates its *ring* provider for want of
        // post-quantum key exchange. `rustls-ring` is the explicit choice
        // of a build without aws-lc that goes without it (the crate's
        // docs and README say so); the default, `rustls`, has it.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = extra_roots
            .iter()
            .map(|der| CertificateDer::from(der.to_vec()));
        let verifier =
            rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone())
                .map_err(error)?;
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(error)?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        config.alpn_protocols = vec![
            #[cfg(feature = "http2")]
            b"h2".to_vec(),
            b"http/1.1".to_vec(),
        ];
        Ok(config)
    }
}

#[cfg(all(
    test,
    any(feature = "rustls", feature = "native-tls", feature = "rustls-ring")
))]
mod tests {
    //! A real TLS handshake with each backend, against a rustls server (on
    //! aws-lc-rs) on 127.0.0.1 whose certificate (`tests/tls/`, valid until
    //! 2125) is signed by a test CA that only these tests trust.

    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::Arc;

    use rustls::crypto::CryptoProvider;
    use rustls::crypto::aws_lc_rs;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    const CA: &[u8] = include_bytes!("../tests/tls/ca.der");
    const SERVER_CERT: &[u8] = include_bytes!("../tests/tls/server.der");
    const SERVER_KEY: &[u8] = include_bytes!("../tests/tls/server.key.der");

    /// A server with rustls's default provider that answers each
    /// connection's request with `ok`, until the test ends; its
    /// `https://127.0.0.1:port/` URL.
    fn server() -> String {
        server_with(aws_lc_rs::default_provider())
    }

    /// [`server`] with `provider`, whose key exchange groups are all the
    /// server agrees to.
    fn server_with(provider: CryptoProvider) -> String {
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(SERVER_CERT), CertificateDer::from(CA)],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(SERVER_KEY.to_vec())),
            )
            .unwrap();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "https://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        );
        std::thread::spawn(move || {
            for tcp in listener.incoming() {
                let Ok(tcp) = tcp else { continue };
                let config = config.clone();
                std::thread::spawn(move || {
                    let connection = rustls::ServerConnection::new(config).unwrap();
                    let mut tls = rustls::StreamOwned::new(connection, tcp);
                    let mut request = Vec::new();
                    let mut buf = [0; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    let answer =
                        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";
                    let _ = tls.write_all(answer);
                    let _ = tls.flush();
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                });
            }
        });
        url
    }

    /// A client of the crate's backend that trusts the test CA.
    fn trusting_client() -> reqwest::Client {
        super::with_backend(reqwest::Client::builder(), &[CA])
            .unwrap()
            .no_proxy()
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn the_backend_makes_a_tls_connection_to_a_server_it_trusts() {
        let url = server();
        let answer = trusting_client().get(&url).send().await.unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.text().await.unwrap(), "ok");
    }

    #[tokio::test]
    async fn the_backend_refuses_a_server_it_does_not_trust() {
        let url = server();
        let client = super::reqwest_client_builder()
            .unwrap()
            .no_proxy()
            .build()
            .unwrap();
        let error = client.get(&url).send().await.unwrap_err();
        assert!(error.is_connect(), "{error:?}");
        let chain = format!("{:?}", error);
        assert!(chain.to_lowercase().contains("certificate"), "{chain}");
    }

    /// The default backend agrees with a server on post-quantum key
    /// exchange (X25519MLKEM768, which Cloudflare supports): against a
    /// server that accepts nothing else, the handshake succeeds.
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    #[tokio::test]
    async fn the_default_backend_has_post_quantum_key_exchange() {
        let mut provider = aws_lc_rs::default_provider();
        provider.kx_groups = vec![aws_lc_rs::kx_group::X25519MLKEM768];
        let url = server_with(provider);
        let answer = trusting_client().get(&url).send().await.unwrap();
        assert_eq!(answer.text().await.unwrap(), "ok");
    }

    /// What each TLS feature compiles, as `cargo tree` resolves it offline
    /// for the `cloudflare-api` crate: the default build has aws-lc-rs
    /// (rustls's provider, with post-quantum key exchange) and no *ring*;
    /// `rustls-ring` has *ring* and no aws-lc, the point of choosing it.
    #[test]
    fn each_tls_feature_compiles_one_crypto_library() {
        let tree = |features: &[&str]| -> String {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let output = std::process::Command::new(cargo)
                .args(["tree", "--offline", "--locked", "-p", "cloudflare-api"])
                .args(features)
                .args(["-e", "normal,build", "--prefix", "none", "--format", "{p}"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8_lossy(&output.stdout).into_owned()
        };
        let has = |tree: &str, name: &str| tree.lines().any(|l| l.starts_with(&format!("{name} ")));
        let default = tree(&[]);
        assert!(has(&default, "aws-lc-rs"), "{default}");
        for absent in ["ring", "openssl-sys"] {
            assert!(
                !has(&default, absent),
                "{absent} in the default build:\n{default}"
            );
        }
        let ring = tree(&[
            "--no-default-features",
            "--features",
            "rustls-ring,http2,system-proxy,gzip",
        ]);
        assert!(has(&ring, "ring"), "{ring}");
        for absent in ["aws-lc-sys", "aws-lc-rs", "openssl-sys"] {
            assert!(!has(&ring, absent), "{absent} with `rustls-ring`:\n{ring}");
        }
    }
}
