//! Checking the base URL the client sends requests to.

use std::net::IpAddr;

use reqwest::Url;

use crate::ConfigError;

/// `url` without its trailing `/`, ready for paths to be appended.
///
/// Plain `http://` is refused unless the host is loopback or `allow_http` is
/// set, so that credentials never cross a network in clear text by accident.
pub(crate) fn check(url: &str, allow_http: bool) -> Result<String, ConfigError> {
    // The URL is not echoed: it could carry a password.
    let parsed =
        Url::parse(url).map_err(|e| ConfigError::new(format!("the base URL is not a URL: {e}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(ConfigError::new(
            "the base URL must not contain a user name or password",
        ));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if allow_http || is_loopback(&parsed) => {}
        "http" => {
            return Err(ConfigError::new(format!(
                "the base URL `{parsed}` is plain http to a host that is not loopback: \
                 credentials would cross the network unencrypted; use https, or opt in \
                 with `danger_allow_insecure_http(true)`"
            )));
        }
        other => {
            return Err(ConfigError::new(format!(
                "the base URL must start with https:// (or http:// for a loopback host), not {other}://"
            )));
        }
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(ConfigError::new(format!(
            "the base URL `{parsed}` must not have a query or a fragment"
        )));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Whether `url`, a base URL that [`check`] accepted, is plain `http://` to
/// a loopback host: the client then goes there directly, never through a
/// proxy, which would carry the credentials across a network in clear text.
pub(crate) fn is_plain_http_to_loopback(url: &str) -> bool {
    Url::parse(url).is_ok_and(|url| url.scheme() == "http" && is_loopback(&url))
}

/// `localhost`, 127.0.0.0/8 or `[::1]`.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost.") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(url: &str) -> String {
        check(url, false).unwrap()
    }

    fn refused(url: &str) -> String {
        check(url, false).unwrap_err().to_string()
    }

    #[test]
    fn https_keeps_its_path_and_loses_the_trailing_slash() {
        assert_eq!(
            ok("https://api.cloudflare.com/client/v4/"),
            "https://api.cloudflare.com/client/v4"
        );
        assert_eq!(
            ok("https://proxy.example/prefix/client/v4"),
            "https://proxy.example/prefix/client/v4"
        );
        assert_eq!(ok("https://example.com"), "https://example.com");
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert_eq!(ok("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(ok("http://127.9.9.9/x"), "http://127.9.9.9/x");
        assert_eq!(ok("http://[::1]:1/"), "http://[::1]:1");
        assert_eq!(ok("http://LOCALHOST:1"), "http://localhost:1");
        for url in [
            "http://api.cloudflare.com/client/v4",
            "http://10.0.0.1",
            "http://[::2]",
        ] {
            assert!(refused(url).contains("danger_allow_insecure_http"), "{url}");
        }
        assert_eq!(
            check("http://10.0.0.1/v4", true).unwrap(),
            "http://10.0.0.1/v4"
        );
    }

    #[test]
    fn only_plain_http_to_loopback_skips_proxies() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:1/v4",
            "http://[::1]:1",
        ] {
            assert!(is_plain_http_to_loopback(&ok(url)), "{url}");
        }
        for url in [
            "https://127.0.0.1:8080",
            "https://api.cloudflare.com/client/v4",
            "http://10.0.0.1",
        ] {
            assert!(!is_plain_http_to_loopback(url), "{url}");
        }
    }

    #[test]
    fn other_urls_are_refused_with_a_reason() {
        assert!(refused("api.cloudflare.com").contains("not a URL"));
        assert!(refused("ftp://example.com").contains("not ftp://"));
        assert!(refused("https://example.com/?a=1").contains("query"));
        assert!(refused("https://example.com/#x").contains("fragment"));
        let with_password = refused("https://user:hunter2@example.com/");
        assert!(with_password.contains("password"));
        assert!(!with_password.contains("hunter2"));
    }
}
