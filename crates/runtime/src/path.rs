//! Keeping each path parameter inside its own path segment.
//!
//! Generated operations build their URL with `format!` and reqwest parses
//! it. The parser reads `\` as `/` and resolves `.` and `..` segments (also
//! when percent-encoded), so a parameter such as `..` would send the request
//! to another path. Parameters are encoded here (regen routes progenitor's
//! encoding through [`encode_segment`]), and before sending, the request's
//! path is checked against the operation's template.
//!
//! The parser also leaves characters that RFC 3986 does not allow in a path
//! (`|`, `^`, `[`, `]`, …) as they are, which servers and proxies may
//! refuse or rewrite: [`encode_segment`] encodes all of them, not only those
//! the parser would.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::Operation;

/// `value` as one path segment: every byte that is not an RFC 3986 `pchar`
/// (unreserved `A-Z a-z 0-9 - . _ ~`, sub-delims `! $ & ' ( ) * + , ; =`,
/// `:` and `@`) is percent-encoded, `%` itself included, and UTF-8 byte by
/// byte. `.` and `..` stay as they are (the path check refuses them).
#[doc(hidden)]
pub fn encode_segment(value: &str) -> String {
    Segment(value).to_string()
}

/// A path parameter as one path segment, encoded as by
/// [`encode_segment`], written straight into the URL being formatted:
/// regen writes `format!("{}/accounts/{}/..", base, account_id.path_segment())`
/// (see [`AsSegment`]), which builds neither the value's string nor the
/// encoded one.
#[doc(hidden)]
#[derive(Debug)]
pub struct Segment<'a, T: ?Sized>(pub &'a T);

/// A path parameter that the API reads URL-encoded (a flag such as
/// `url_encoded=true` says so; see `xtask/src/url_encoded.rs`), written
/// as JavaScript's `encodeURIComponent` writes it, as wrangler sends it:
/// every byte but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` percent-encoded, `@`,
/// `:`, `+`, `=` and the other sub-delims included.
#[doc(hidden)]
#[derive(Debug)]
pub struct UriComponent<'a, T: ?Sized>(pub &'a T);

/// `value.path_segment()`: the [`Segment`] of what `value.to_string()`
/// would write. A method, so that it finds the `Display` impl the way
/// `to_string` does, through `Deref` (typify's newtypes of `String`
/// display as their `String`).
#[doc(hidden)]
pub trait AsSegment: fmt::Display {
    fn path_segment(&self) -> Segment<'_, Self> {
        Segment(self)
    }

    /// The [`UriComponent`] of what `value.to_string()` would write.
    fn uri_component(&self) -> UriComponent<'_, Self> {
        UriComponent(self)
    }
}

impl<T: fmt::Display + ?Sized> AsSegment for T {}

impl<T: fmt::Display + ?Sized> fmt::Display for Segment<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_encoded(f, self.0, NOT_PCHAR)
    }
}

impl<T: fmt::Display + ?Sized> fmt::Display for UriComponent<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_encoded(f, self.0, NOT_URI_COMPONENT)
    }
}

/// Writes `value` to `f` with every byte of `set` percent-encoded.
fn write_encoded(
    f: &mut fmt::Formatter<'_>,
    value: &(impl fmt::Display + ?Sized),
    set: &'static AsciiSet,
) -> fmt::Result {
    /// Encodes what is written through it: byte by byte, so the same
    /// whichever pieces the value is written in.
    struct Encoding<'a, 'b>(&'a mut fmt::Formatter<'b>, &'static AsciiSet);

    impl fmt::Write for Encoding<'_, '_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            for piece in percent_encoding::utf8_percent_encode(s, self.1) {
                self.0.write_str(piece)?;
            }
            Ok(())
        }
    }

    fmt::write(&mut Encoding(f, set), format_args!("{value}"))
}

/// What [`encode_segment`] encodes: every ASCII byte but the `pchar`s
/// (non-ASCII bytes are always encoded).
const NOT_PCHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// What [`UriComponent`] encodes: every ASCII byte but those
/// `encodeURIComponent` leaves (ECMA-262's `uriUnreserved`).
const NOT_URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `Ok` when `url`'s path is `base_url`'s path followed by `operation`'s
/// template, each `{parameter}` filled by exactly one non-empty segment.
pub(crate) fn check(
    base_url: &str,
    url: &reqwest::Url,
    operation: &Operation,
) -> Result<(), String> {
    let refused = || {
        format!(
            "`{}`: a path parameter would change the request's path (`.`, `..` \
             and values that resolve like them are refused); expected `{}`",
            operation.operation_id, operation.path
        )
    };
    let rest = match url.path().strip_prefix(literal_path(base_url)) {
        Some(rest) => rest,
        // A base URL the parser rewrites (escapes, `.` segments, a query):
        // compare with its parsed path instead.
        None => {
            let base_path = reqwest::Url::parse(base_url)
                .map(|base| base.path().trim_end_matches('/').to_owned())
                .unwrap_or_default();
            url.path()
                .strip_prefix(base_path.as_str())
                .ok_or_else(refused)?
        }
    };
    if fits(rest.as_bytes(), operation.path.as_bytes()) {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Whether `path` is `template`, segment by segment, each `{parameter}`
/// filled by one non-empty segment. Byte by byte, as this runs before
/// every request (`str::split` costs several times as much).
fn fits(mut path: &[u8], mut template: &[u8]) -> bool {
    loop {
        let (segment, path_rest) = split_segment(path);
        let (expected, template_rest) = split_segment(template);
        let is_parameter = expected.first() == Some(&b'{') && expected.last() == Some(&b'}');
        let fits = if is_parameter {
            !segment.is_empty()
        } else {
            segment == expected
        };
        if !fits {
            return false;
        }
        match (path_rest, template_rest) {
            (None, None) => return true,
            (Some(p), Some(t)) => (path, template) = (p, t),
            _ => return false,
        }
    }
}

/// The first `/`-separated segment of `path` and what follows that `/`,
/// if there is one.
fn split_segment(path: &[u8]) -> (&[u8], Option<&[u8]>) {
    match path.iter().position(|&b| b == b'/') {
        Some(i) => (&path[..i], Some(&path[i + 1..])),
        None => (path, None),
    }
}

/// The path of `base_url` as written, without a trailing `/`: what the
/// parsed URL's path starts with for any ordinary base URL, found without
/// parsing or allocating on every request.
fn literal_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .as_bytes()
        .windows(3)
        .position(|w| w == b"://")
        .map_or(base_url, |i| &base_url[i + 3..]);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://api.example.com/client/v4";

    fn get_namespace() -> Operation {
        Operation::new(
            "namespace_worker_get_namespace",
            "namespace-worker-get-namespace",
            "GET",
            "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}",
            &["application/json"],
        )
    }

    /// What the generated code sends for these parameters.
    fn sent(account_id: &str, name: &str) -> Result<(), String> {
        let url = format!(
            "{BASE}/accounts/{}/workers/dispatch/namespaces/{}",
            encode_segment(account_id),
            encode_segment(name)
        );
        let url = reqwest::Url::parse(&url).map_err(|e| e.to_string())?;
        check(BASE, &url, &get_namespace())
    }

    #[test]
    fn ordinary_and_encoded_values_pass() {
        for name in [
            "my-namespace",
            "a/b",
            "a?b#c",
            "100%",
            "with space",
            "back\\slash",
            "..a",
            "a..",
            "...",
            "%2e%2e",
            "ünïcödé",
        ] {
            assert_eq!(
                sent("023e105f4ecef8ad9ca31a8372d0c353", name),
                Ok(()),
                "{name:?}"
            );
        }
    }

    #[test]
    fn dot_segments_are_refused() {
        for (account, name) in [
            ("acc", "."),
            ("acc", ".."),
            (".", "ns"),
            ("..", "ns"),
            ("..", ".."),
        ] {
            let error = sent(account, name).unwrap_err();
            assert!(error.contains("namespace-worker-get-namespace"), "{error}");
        }
    }

    #[test]
    fn a_backslash_is_encoded() {
        assert_eq!(encode_segment(r"..\..\x"), "..%5C..%5Cx");
        assert_eq!(encode_segment("a/b"), "a%2Fb");
    }

    #[test]
    fn everything_but_pchar_is_encoded() {
        assert_eq!(encode_segment("a|b^c[d]"), "a%7Cb%5Ec%5Bd%5D");
        assert_eq!(encode_segment("100%"), "100%25");
        // Written in pieces, as a `Display` impl may: the same encoding.
        struct Pieces;
        impl fmt::Display for Pieces {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a/")?;
                f.write_str("é")?;
                write!(f, "{}%", 1)
            }
        }
        assert_eq!(Segment(&Pieces).to_string(), encode_segment("a/é1%"));
        assert_eq!(Segment(&7_u32).to_string(), "7");
        assert_eq!(encode_segment("%2e%2e"), "%252e%252e");
        assert_eq!(encode_segment("é ü"), "%C3%A9%20%C3%BC");
        assert_eq!(encode_segment("\"#<>?`{}/"), "%22%23%3C%3E%3F%60%7B%7D%2F");
        assert_eq!(encode_segment("\u{0}\n\u{7f}"), "%00%0A%7F");
        let allowed = "AZaz09-._~!$&'()*+,;=:@";
        assert_eq!(encode_segment(allowed), allowed);
        // Every ASCII character: pchar as it is, the rest as `%XX`.
        for byte in 0u8..128 {
            let c = char::from(byte);
            let encoded = encode_segment(&c.to_string());
            if allowed.contains(c) || c.is_ascii_alphanumeric() {
                assert_eq!(encoded, c.to_string());
            } else {
                assert_eq!(encoded, format!("%{byte:02X}"));
            }
        }
    }

    #[test]
    fn a_uri_component_is_encoded_as_encode_uri_component_does() {
        let component = |value: &str| UriComponent(value).to_string();
        assert_eq!(component("a/b"), "a%2Fb");
        assert_eq!(component("a@b"), "a%40b");
        assert_eq!(component("100%"), "100%25");
        assert_eq!(component("ü"), "%C3%BC");
        assert_eq!(
            component("a b+c=d;e:f,g$h&i"),
            "a%20b%2Bc%3Dd%3Be%3Af%2Cg%24h%26i"
        );
        let kept = "AZaz09-_.!~*'()";
        assert_eq!(component(kept), kept);
        for byte in 0u8..128 {
            let c = char::from(byte);
            let encoded = component(&c.to_string());
            if kept.contains(c) || c.is_ascii_alphanumeric() {
                assert_eq!(encoded, c.to_string());
            } else {
                assert_eq!(encoded, format!("%{byte:02X}"));
            }
        }
    }

    #[test]
    fn a_base_url_the_parser_rewrites_is_compared_parsed() {
        let url =
            reqwest::Url::parse("http://h/a%20b/accounts/a/workers/dispatch/namespaces/n").unwrap();
        assert_eq!(check("http://h/a b", &url, &get_namespace()), Ok(()));
        let url =
            reqwest::Url::parse("http://h/v4/accounts/a/workers/dispatch/namespaces/n").unwrap();
        assert_eq!(check("http://h/x/../v4/", &url, &get_namespace()), Ok(()));
        assert_eq!(
            literal_path("https://api.cloudflare.com/client/v4/"),
            "/client/v4"
        );
        assert_eq!(literal_path("http://127.0.0.1:8080"), "");
    }

    #[test]
    fn a_base_url_with_a_trailing_slash_or_none() {
        let url =
            reqwest::Url::parse("http://127.0.0.1:1/accounts/a/workers/dispatch/namespaces/n")
                .unwrap();
        assert_eq!(check("http://127.0.0.1:1", &url, &get_namespace()), Ok(()));
        assert_eq!(check("http://127.0.0.1:1/", &url, &get_namespace()), Ok(()));
    }
}
