//! Proxies. The proxy variables (`HTTP_PROXY` and friends) are read from
//! the process environment, which tests must not change under their
//! neighbours' feet: each case runs this test binary again as a child
//! process with the variables it needs, and a fake proxy on 127.0.0.1 notes
//! whatever reaches it.

use cloudflare_api::Error;
use cloudflare_api::tls::reqwest_client_builder;
use cloudflare_api_tests::child::run_ignored;
use cloudflare_api_tests::client::{client_for, create};
use cloudflare_api_tests::fake_proxy::FakeProxy;
use cloudflare_api_tests::port::ClosedPort;
use cloudflare_api_tests::raw_server::RawServer;

/// Every variable reqwest reads for its proxies, and `REQUEST_METHOD`
/// (under which it ignores `HTTP_PROXY`, as CGI programs must).
const PROXY_VARIABLES: [&str; 9] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "REQUEST_METHOD",
];

/// The base URL the child calls.
const BASE_URL: &str = "PROXY_TEST_BASE_URL";

/// Runs [`call_child`] with only `vars` of the proxy variables set, and
/// returns what it printed: `ok`, or the error.
async fn call_in_child(base_url: &str, vars: &[(&'static str, &str)]) -> String {
    let mut set = vec![(BASE_URL, base_url.to_owned())];
    set.extend(vars.iter().map(|(k, v)| (*k, v.to_string())));
    let output = run_ignored(module_path!(), "call_child", &PROXY_VARIABLES, set).await;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.split_once("outcome: ").map(|(_, outcome)| outcome))
        .unwrap_or_else(|| panic!("no outcome in {stdout}"))
        .to_owned()
}

#[tokio::test]
async fn a_plain_http_loopback_call_never_goes_through_a_proxy() {
    let server = RawServer::answering_example().await;
    let proxy = FakeProxy::start().await;
    let proxy_url = proxy.url();
    let port = server.url().rsplit(':').next().unwrap().to_owned();

    let cases: [&[(&str, &str)]; 5] = [
        &[("HTTP_PROXY", &proxy_url)],
        &[("http_proxy", &proxy_url)],
        &[("ALL_PROXY", &proxy_url)],
        &[("all_proxy", &proxy_url)],
        &[("HTTP_PROXY", &proxy_url), ("NO_PROXY", "localhost")],
    ];
    for base_url in [server.url(), format!("http://localhost:{port}")] {
        for vars in cases {
            let outcome = call_in_child(&base_url, vars).await;
            assert_eq!(outcome, "ok", "{base_url} {vars:?}");
            assert!(proxy.seen().is_empty(), "{base_url} {vars:?}");
        }
    }
    assert_eq!(proxy.connections(), 0);
    assert_eq!(server.connections(), 10);

    // A reqwest::Client of yours keeps its own proxy settings.
    let client = client_for(&server)
        .http_client(
            reqwest_client_builder()
                .unwrap()
                .proxy(reqwest::Proxy::http(&proxy_url).unwrap())
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let error = create(&client, "n").await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(e) if e.status() == 502),
        "{error:?}"
    );
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].starts_with(&format!("POST {}/accounts/", server.url())),
        "{seen:?}"
    );
}

#[tokio::test]
async fn an_https_call_goes_through_https_proxy_unless_no_proxy_says_otherwise() {
    let proxy = FakeProxy::start().await;
    let proxy_url = proxy.url();
    // Nothing listens there: a direct call cannot connect.
    let closed = ClosedPort::new();
    let base_url = format!("https://{}/client/v4", closed.addr());

    for vars in [
        &[("HTTPS_PROXY", proxy_url.as_str())][..],
        &[("https_proxy", &proxy_url)],
        &[("ALL_PROXY", &proxy_url)],
    ] {
        let outcome = call_in_child(&base_url, vars).await;
        assert!(outcome.contains("could not connect"), "{vars:?}: {outcome}");
        let seen = proxy.take_seen();
        assert_eq!(
            seen,
            [format!("CONNECT {} HTTP/1.1", closed.addr())],
            "{vars:?}"
        );
    }

    for no_proxy in ["127.0.0.1", "127.0.0.0/8"] {
        let vars = [("HTTPS_PROXY", proxy_url.as_str()), ("NO_PROXY", no_proxy)];
        let outcome = call_in_child(&base_url, &vars).await;
        assert!(outcome.contains("could not connect"), "{vars:?}: {outcome}");
        assert!(proxy.seen().is_empty(), "{vars:?}");
    }
    assert_eq!(proxy.connections(), 3);
}

#[tokio::test]
#[ignore = "run in a child process by the tests above"]
async fn call_child() {
    let client = client_for(&std::env::var(BASE_URL).unwrap())
        .build()
        .unwrap();
    match create(&client, "n").await {
        Ok(_) => println!("outcome: ok"),
        Err(error) => println!("outcome: {error}"),
    }
}
