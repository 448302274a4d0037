//! Script, secret and tag names in the path of Workers for Platforms
//! operations: whatever a name holds, it arrives as exactly its own path
//! segment, percent-encoded, and decodes back to itself; `.`, `..` and an
//! empty name, which would make the path another one, are refused with
//! nothing sent. The server is plain TCP on 127.0.0.1, so the request
//! target is recorded as the client wrote it, before any URL parsing.

use std::sync::{Arc, Mutex};

use cloudflare_api::Error;
use cloudflare_api::workers_for_platforms::resources::AccountWorkersForPlatformsDispatchNamespacesScripts;
use cloudflare_api_tests::client::scripts_of;
use cloudflare_api_tests::percent_decode;
use cloudflare_api_tests::raw_server::{RawServer, head, read_request};
use tokio::io::AsyncWriteExt;

/// Names that a path segment cannot hold as they are, and how each must
/// arrive.
const ODD: [(&str, &str); 7] = [
    ("a/b", "a%2Fb"),
    ("a b", "a%20b"),
    ("ü", "%C3%BC"),
    ("%2F", "%252F"),
    ("?x", "%3Fx"),
    ("#x", "%23x"),
    ("\\", "%5C"),
];

const SCRIPTS: &str =
    "/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces/ns/scripts";

/// A server that records each request's target and answers every one
/// `404` with Cloudflare's failure envelope (so that every call ends, as
/// an `Error::Api`, without a body to decode).
async fn recording_server() -> (RawServer, Arc<Mutex<Vec<String>>>) {
    let targets = Arc::new(Mutex::new(Vec::new()));
    let recorded = targets.clone();
    let server = RawServer::start(move |mut stream, _| {
        let targets = recorded.clone();
        async move {
            while let Some(request) = read_request(&mut stream).await {
                let line = String::from_utf8_lossy(&request).lines().next().unwrap_or("").to_owned();
                let target = line.split(' ').nth(1).unwrap_or("").to_owned();
                targets.lock().unwrap().push(target);
                let body = br#"{"success":false,"errors":[{"code":10007,"message":"not found"}],"messages":[],"result":null}"#;
                let mut answer = head(404, &[("content-type", "application/json")], body.len());
                answer.extend_from_slice(body);
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
        }
    })
    .await;
    (server, targets)
}

/// Every call that takes `name` as its script, secret or tag name, with
/// the path (under [`SCRIPTS`]) it must reach, `{}` standing for the name
/// (and the query it must send: a secret name goes with `url_encoded=true`,
/// see the last test).
async fn calls_with(
    scripts: &AccountWorkersForPlatformsDispatchNamespacesScripts,
    name: &str,
) -> Vec<(Result<(), Error>, &'static str)> {
    let (secrets, tags) = (scripts.secrets(), scripts.tags());
    vec![
        (scripts.get("ns", name).send().await.map(drop), "/{}"),
        (scripts.delete("ns", name).send().await.map(drop), "/{}"),
        (
            scripts.content().get("ns", name).send().await.map(drop),
            "/{}/content",
        ),
        (
            scripts.settings().get("ns", name).send().await.map(drop),
            "/{}/settings",
        ),
        (
            scripts.bindings().get("ns", name).send().await.map(drop),
            "/{}/bindings",
        ),
        (
            secrets.list("ns", name).send().await.map(drop),
            "/{}/secrets",
        ),
        (tags.list("ns", name).send().await.map(drop), "/{}/tags"),
        (
            secrets.get("ns", "my-script", name).send().await.map(drop),
            "/my-script/secrets/{}?url_encoded=true",
        ),
        (
            secrets
                .delete("ns", "my-script", name)
                .send()
                .await
                .map(drop),
            "/my-script/secrets/{}?url_encoded=true",
        ),
        (
            tags.create("ns", "my-script", name).send().await.map(drop),
            "/my-script/tags/{}",
        ),
        (
            tags.delete("ns", "my-script", name).send().await.map(drop),
            "/my-script/tags/{}",
        ),
    ]
}

#[tokio::test]
async fn odd_script_secret_and_tag_names_stay_in_their_segment() {
    let (server, targets) = recording_server().await;
    let scripts = scripts_of(&server);
    let prefix = SCRIPTS.split('/').count();
    for (name, encoded) in ODD {
        targets.lock().unwrap().clear();
        let calls = calls_with(&scripts, name).await;
        let sent = targets.lock().unwrap().clone();
        assert_eq!(sent.len(), calls.len(), "{name:?}: {sent:?}");
        for ((outcome, template), target) in calls.into_iter().zip(&sent) {
            match outcome {
                Err(Error::Api(e)) => assert_eq!(e.status().as_u16(), 404, "{name:?} {template}"),
                other => panic!("{name:?} {template}: expected the server's 404, got {other:?}"),
            }
            let expected = format!("{SCRIPTS}{}", template.replace("{}", encoded));
            assert_eq!(target, &expected, "{name:?}");
            // One segment, where the template has it, that a server
            // decodes back to the name.
            let path = target.split('?').next().unwrap();
            let segments: Vec<&str> = path.split('/').collect();
            let template: Vec<&str> = template.split('?').next().unwrap().split('/').collect();
            assert_eq!(segments.len(), prefix + template.len() - 1, "{target}");
            let at = prefix - 1 + template.iter().position(|s| *s == "{}").unwrap();
            assert_eq!(percent_decode(segments[at]), name, "{target}");
        }
    }
}

#[tokio::test]
async fn dot_and_empty_names_are_refused_with_nothing_sent() {
    let (server, targets) = recording_server().await;
    let scripts = scripts_of(&server);
    for name in [".", "..", ""] {
        for (outcome, template) in calls_with(&scripts, name).await {
            let argument = if template.starts_with("/{}") {
                "`script_name`"
            } else if template.contains("secrets") {
                "`secret_name`"
            } else {
                "`tag`"
            };
            match outcome {
                Err(error @ Error::InvalidInput(_)) => assert!(
                    error.to_string().contains(argument),
                    "{name:?} {template}: {error}"
                ),
                other => panic!("{name:?} {template}: expected InvalidInput, got {other:?}"),
            }
        }
    }
    assert_eq!(*targets.lock().unwrap(), Vec::<String>::new());
    assert_eq!(server.connections(), 0);
}

/// Secret names such as `a/b` or `a@b` (which wrangler could create but not
/// read or delete, cloudflare/workers-sdk#3069 and #10668): get and delete
/// send the name as JavaScript's `encodeURIComponent` writes it, with
/// `url_encoded=true`, byte for byte what wrangler sends since its fix, so
/// that the API decodes the segment back to the name. The caller gives the
/// name as it is and never sees the flag.
#[tokio::test]
async fn secret_names_are_sent_url_encoded_and_flagged_as_wrangler_does() {
    let (server, targets) = recording_server().await;
    let secrets = scripts_of(&server).secrets();
    let base = format!("{SCRIPTS}/my-script/secrets/");
    for (name, encoded) in [
        ("a/b", "a%2Fb"),
        ("a@b", "a%40b"),
        ("100%", "100%25"),
        ("ü", "%C3%BC"),
        ("a+b=c;d", "a%2Bb%3Dc%3Bd"),
        ("MY_SECRET", "MY_SECRET"),
    ] {
        targets.lock().unwrap().clear();
        let got = secrets.get("ns", "my-script", name).send().await.map(drop);
        let deleted = secrets
            .delete("ns", "my-script", name)
            .send()
            .await
            .map(drop);
        for outcome in [got, deleted] {
            match outcome {
                Err(Error::Api(e)) => assert_eq!(e.status().as_u16(), 404, "{name:?}"),
                other => panic!("{name:?}: expected the server's 404, got {other:?}"),
            }
        }
        let expected = format!("{base}{encoded}?url_encoded=true");
        assert_eq!(*targets.lock().unwrap(), [expected.as_str(); 2], "{name:?}");
        // What the API does with `url_encoded=true`: decode the segment.
        let segment = expected[base.len()..].split('?').next().unwrap();
        assert_eq!(percent_decode(segment), name);
    }
}
