//! The spec's `pattern`s, as the generated types check them on what a
//! request sends.
//!
//! typify checks a `pattern` with the `regress` crate (ECMAScript regular
//! expressions, as OpenAPI specifies). Most of Cloudflare's patterns are
//! one character class repeated over the whole value (`^[0-9A-Za-z]+$`,
//! `^[^\u0000-\u001F]+$`); `cargo xtask regen` has the generated types use
//! [`Pattern`] instead, which checks those with a loop over the value's
//! characters, a table lookup per ASCII character instead of a backtracking match, and
//! hands every other pattern to `regress` unchanged.

/// A compiled `pattern`.
#[doc(hidden)]
#[derive(Debug)]
pub struct Pattern(Kind);

#[derive(Debug)]
enum Kind {
    /// `^[...]+$` or `^[...]*$`: every character in (or, negated, outside)
    /// the ranges, and at least one unless `*`.
    Class {
        negated: bool,
        /// Bit `c` is set when the ASCII character `c` is in the ranges.
        ascii: u128,
        ranges: Vec<(char, char)>,
        allow_empty: bool,
    },
    Regex(regress::Regex),
}

impl Pattern {
    /// Compiles `pattern` (an ECMAScript regular expression).
    ///
    /// # Panics
    ///
    /// When `pattern` is not a valid regular expression, which typify
    /// checked already when it generated the call.
    pub fn new(pattern: &str) -> Self {
        match class(pattern) {
            Some(kind) => Self(kind),
            None => Self(Kind::Regex(
                regress::Regex::new(pattern).expect("typify checked the pattern"),
            )),
        }
    }

    /// `Some(())` when `value` matches, as `regress::Regex::find` would
    /// find a match (the generated code asks `.find(value).is_none()`).
    pub fn find(&self, value: &str) -> Option<()> {
        let matched = match &self.0 {
            Kind::Class {
                negated,
                ascii,
                ranges,
                allow_empty,
            } => {
                let in_class = |c: char| match u32::from(c) {
                    code @ 0..128 => ascii >> code & 1 == 1,
                    _ => ranges.iter().any(|&(low, high)| low <= c && c <= high),
                };
                (*allow_empty || !value.is_empty())
                    && value.chars().all(|c| in_class(c) != *negated)
            }
            Kind::Regex(regex) => regex.find(value).is_some(),
        };
        matched.then_some(())
    }
}

/// The class of a `^[...]+$` or `^[...]*$` pattern made only of printable
/// ASCII characters, ranges of them and `\uXXXX` escapes outside the
/// surrogates (where matching by characters and by UTF-16 code units, as
/// ECMAScript does, agree); `None` for anything else.
fn class(pattern: &str) -> Option<Kind> {
    let body = pattern.strip_prefix("^[")?;
    let (body, allow_empty) = match body.strip_suffix("]+$") {
        Some(body) => (body, false),
        None => (body.strip_suffix("]*$")?, true),
    };
    let (body, negated) = match body.strip_prefix('^') {
        Some(body) => (body, true),
        None => (body, false),
    };
    let mut chars = Vec::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if let Some(hex) = rest.strip_prefix("\\u") {
            let code = u32::from_str_radix(hex.get(..4)?, 16).ok()?;
            chars.push(Some(char::from_u32(code)?));
            rest = &hex[4..];
        } else if c == '-' {
            chars.push(None);
            rest = &rest[1..];
        } else if c.is_ascii_graphic() && !matches!(c, '\\' | '[' | ']') {
            chars.push(Some(c));
            rest = &rest[1..];
        } else {
            return None;
        }
    }
    // `a-z` is a range; a `-` first, last or right after a range is itself.
    let mut ranges = Vec::new();
    let mut i = 0;
    let mut after_range = false;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1), chars.get(i + 2)) {
            (Some(low), Some(None), Some(&Some(high))) => {
                if low > high {
                    return None;
                }
                ranges.push((low, high));
                i += 3;
                after_range = true;
                continue;
            }
            (Some(c), ..) => ranges.push((c, c)),
            (None, ..) if i == 0 || i == chars.len() - 1 || after_range => {
                ranges.push(('-', '-'));
            }
            (None, ..) => return None,
        }
        i += 1;
        after_range = false;
    }
    if ranges.is_empty() {
        return None;
    }
    let ascii = (0u8..128)
        .filter(|&b| {
            ranges
                .iter()
                .any(|&(low, high)| low <= char::from(b) && char::from(b) <= high)
        })
        .fold(0u128, |bits, b| bits | 1 << b);
    Some(Kind::Class {
        negated,
        ascii,
        ranges,
        allow_empty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value is judged as `regress` judges it.
    #[test]
    fn classes_match_as_regress_does() {
        let patterns = [
            "^[0-9A-Za-z]+$",
            r"^[^\u0000-\u001F\u007F]+$",
            "^[a-z0-9_][a-z0-9-_]*$",
            "^[a-z0-9-_]*$",
            "^[a-z-0-9]+$",
            "^[-a-z]+$",
            "^[a-z-]+$",
            "^[a-f0-9]{32}$",
            "^.+$",
            "^[a-z]+",
            r"^[\w]+$",
        ];
        let values = [
            "",
            "a",
            "abc",
            "ABC",
            "023e105f4ecef8ad9ca31a8372d0c353",
            "a-b",
            "-",
            "_",
            "a b",
            "a/b",
            "..",
            "line\nbreak",
            "tab\t",
            "nul\0",
            "del\u{7f}",
            "café",
            "名前",
            "🚀",
            "\u{a0}",
            "\u{2028}",
            "Z",
            "z",
            "0",
            "9",
            "@",
            "[",
            "`",
            "{",
        ];
        for pattern in patterns {
            let ours = Pattern::new(pattern);
            let theirs = regress::Regex::new(pattern).unwrap();
            for value in values {
                assert_eq!(
                    ours.find(value).is_some(),
                    theirs.find(value).is_some(),
                    "{pattern:?} on {value:?}"
                );
            }
        }
    }

    #[test]
    fn only_whole_value_classes_take_the_fast_path() {
        let fast = |p: &str| matches!(Pattern::new(p).0, Kind::Class { .. });
        assert!(fast("^[0-9A-Za-z]+$"));
        assert!(fast(r"^[^\u0000-\u001F\u007F]+$"));
        assert!(fast("^[a-z0-9-_]*$"));
        assert!(!fast("^[a-f0-9]{32}$"));
        assert!(!fast("^.+$"));
        assert!(!fast(r"^[\w]+$"));
        assert!(!fast(r"^[\uD800-\uDFFF]+$"));
        assert!(!fast("^[a-z]+"));
    }
}
