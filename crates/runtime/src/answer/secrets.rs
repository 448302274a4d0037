//! The secrets an answer can hold, kept out of the errors that quote it.
//!
//! An error about an answer keeps the start of its body (up to 1 KiB) and
//! says why it could not be read, in serde's words, which quote a value of
//! the wrong type. For an operation whose answers can hold a value the
//! spec marks secret (a session's `jwt`, a binding's `text`), the
//! generated envelope names where (`Envelope::SECRET_FIELDS`, written by
//! `cargo xtask regen`), and the error shows `"<redacted>"` there: in the
//! body, and in the reason when it is about that value or quotes it.

/// What a secret is shown as.
const REDACTED: &str = "<redacted>";

/// Stands for "any name": the answer has an open map whose values are
/// secret.
const ANY: &str = "*";

/// What the snippet of a body becomes when any name can hold a secret.
pub(crate) const WITHHELD: &str =
    "(not shown: this operation's answers can hold secrets under any name)";

/// `text` (the start of a JSON body, maybe cut short) with the value of
/// each member named in `names`, at any depth, replaced by
/// `"<redacted>"`; and the values replaced, as they were written.
pub(crate) fn scrub(text: &str, names: &[&str]) -> (String, Vec<String>) {
    if names.contains(&ANY) {
        return (WITHHELD.to_owned(), Vec::new());
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'"' {
            at += 1;
            continue;
        }
        let end = string_end(bytes, at).unwrap_or(bytes.len());
        // A string cut short ends inside the body's last character, which
        // may be wider than a byte: no key then.
        let key = text
            .get(at + 1..end.saturating_sub(1).max(at + 1))
            .unwrap_or_default();
        let mut after = skip_space(bytes, end);
        if bytes.get(after) != Some(&b':') || !names.iter().any(|name| unescaped(key) == *name) {
            at = end;
            continue;
        }
        after = skip_space(bytes, after + 1);
        let value_end = value_end(bytes, after);
        out.push_str(&text[copied..after]);
        out.push('"');
        out.push_str(REDACTED);
        out.push('"');
        let value = &text[after..value_end];
        found.push(value.trim_matches('"').to_owned());
        copied = value_end;
        at = value_end;
    }
    out.push_str(&text[copied..]);
    (out, found)
}

/// `reason` (why an answer could not be read) without the secret values
/// in `found`, and without serde's words about a value at a secret name
/// of `names`; `None` when it has neither.
pub(crate) fn scrub_reason(reason: &str, names: &[&str], found: &[String]) -> Option<String> {
    let mut out = reason.to_owned();
    // "at `result.jwt`: invalid type: ..." about a secret: the place only.
    if let Some(rest) = reason.strip_prefix("at `")
        && let Some((path, _)) = rest.split_once("`: ")
        && let Some(last) = path.rsplit(['.', '[']).next()
        && (names.contains(&last.trim_end_matches(']')) || names.contains(&ANY))
    {
        out = format!("at `{path}`: the value is not of the declared type (not shown: secret)");
    }
    for value in found.iter().filter(|value| !value.is_empty()) {
        out = out.replace(value.as_str(), REDACTED);
    }
    (out != reason).then_some(out)
}

/// Where the JSON string starting at `start` (a `"`) ends: after its
/// closing quote; `None` when `bytes` end first.
pub(super) fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// Where the JSON value starting at `start` ends (at the end of `bytes`
/// when it is cut short).
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        Some(b'"') => string_end(bytes, start).unwrap_or(bytes.len()),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut at = start;
            while at < bytes.len() {
                match bytes[at] {
                    b'"' => {
                        at = string_end(bytes, at).unwrap_or(bytes.len());
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return at + 1;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            bytes.len()
        }
        _ => {
            let mut at = start;
            while at < bytes.len() && !matches!(bytes[at], b',' | b'}' | b']') {
                at += 1;
            }
            // Keep the space before the next member as it was.
            while at > start && bytes[at - 1].is_ascii_whitespace() {
                at -= 1;
            }
            at
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// A member name as JSON writes it, read back (escapes other than `\"`
/// and `\\` are rare in names and left as they are).
fn unescaped(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains('\\') {
        key.replace("\\\"", "\"").replace("\\\\", "\\").into()
    } else {
        key.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_cut_short_inside_a_wide_character_is_no_key() {
        // A body of `"` and a byte that is no UTF-8, read lossily.
        let text = String::from_utf8_lossy(&[b'"', 0x80]).into_owned();
        assert_eq!(scrub(&text, &["jwt"]), (text.clone(), Vec::new()));
    }

    #[test]
    fn values_at_secret_names_are_hidden_at_any_depth() {
        let body = r#"{"result":{"jwt":"eyJ.a\"b.c","buckets":[["x"]],"deep":{"key_jwk":{"k":"s"},"text": 12 ,"plain":"p"}},"success":true}"#;
        let (scrubbed, found) = scrub(body, &["jwt", "key_jwk", "text"]);
        assert_eq!(
            scrubbed,
            r#"{"result":{"jwt":"<redacted>","buckets":[["x"]],"deep":{"key_jwk":"<redacted>","text": "<redacted>" ,"plain":"p"}},"success":true}"#
        );
        assert_eq!(found, [r#"eyJ.a\"b.c"#, r#"{"k":"s"}"#, "12"]);
    }

    #[test]
    fn a_body_cut_short_is_hidden_to_its_end() {
        let (scrubbed, found) = scrub(r#"{"result":{"jwt":"eyJhbGciOiJIUzI1Ni"#, &["jwt"]);
        assert_eq!(scrubbed, r#"{"result":{"jwt":"<redacted>""#);
        assert_eq!(found, ["eyJhbGciOiJIUzI1Ni"]);
        // A value named like a secret is not a name.
        let (scrubbed, _) = scrub(r#"{"kind":"jwt","other":"jwt"}"#, &["jwt"]);
        assert_eq!(scrubbed, r#"{"kind":"jwt","other":"jwt"}"#);
        assert_eq!(scrub("{}", &["*"]).0, WITHHELD);
    }

    #[test]
    fn reasons_lose_secret_values_and_words_about_them() {
        let names = ["jwt"];
        assert_eq!(
            scrub_reason(
                "at `result.jwt`: invalid type: integer `1234`, expected a string",
                &names,
                &[]
            )
            .as_deref(),
            Some("at `result.jwt`: the value is not of the declared type (not shown: secret)")
        );
        assert_eq!(
            scrub_reason(
                "expected `,` near \"abcd1234\"",
                &names,
                &["abcd1234".into()]
            )
            .as_deref(),
            Some("expected `,` near \"<redacted>\"")
        );
        assert_eq!(
            scrub_reason("at `result.buckets`: invalid type", &names, &[]),
            None
        );
    }
}
