//! What the generated types' `Debug` impls use to hide the values the spec
//! marks secret (`x-sensitive`, `writeOnly`, `format: password`), where a
//! secret is not a whole field but some entries of a map: every value of a
//! map whose values are secret ([`values`]), or the entries of the names
//! that are secret in an open map, such as the fields a `secret_text`
//! binding keeps in `Binding::extra` ([`keys`]).
//!
//! `cargo xtask regen` writes the impls (see its `redact` module); nothing
//! here is meant to be called by hand.
//!
//! ```
//! use cloudflare_api_runtime::redact;
//! use serde_json::json;
//!
//! let extra = serde_json::Map::from_iter([
//!     ("format".to_owned(), json!("raw")),
//!     ("text".to_owned(), json!("s3cr3t")),
//! ]);
//! let shown = format!("{:?}", redact::keys(&extra, &["text"]));
//! assert_eq!(shown, r#"{"format": String("raw"), "text": "<redacted>"}"#);
//! assert_eq!(format!("{:?}", redact::values(&extra)), r#"{"format": "<redacted>", "text": "<redacted>"}"#);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// What a secret is shown as.
pub const REDACTED: &str = "<redacted>";

/// `map` (a map, or one in an `Option`, `Result` or `Box`) shown with its
/// keys and `"<redacted>"` for every value.
pub fn values<M: Entries + ?Sized>(map: &M) -> Redacted<'_, M> {
    Redacted {
        map,
        secret: Secret::All,
    }
}

/// `map` shown as it is, but with `"<redacted>"` for the value of each key
/// in `names`.
pub fn keys<'a, M: Entries + ?Sized>(map: &'a M, names: &'a [&'a str]) -> Redacted<'a, M> {
    Redacted {
        map,
        secret: Secret::Named(names),
    }
}

/// A map shown with some or all of its values hidden: see [`values`] and
/// [`keys`].
pub struct Redacted<'a, M: ?Sized> {
    map: &'a M,
    secret: Secret<'a>,
}

#[derive(Clone, Copy)]
enum Secret<'a> {
    All,
    Named(&'a [&'a str]),
}

impl Secret<'_> {
    fn hides(self, key: &str) -> bool {
        match self {
            Secret::All => true,
            Secret::Named(names) => names.contains(&key),
        }
    }
}

impl<M: Entries + ?Sized> fmt::Debug for Redacted<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.map.fmt_entries(f, &|key| self.secret.hides(key))
    }
}

/// A map whose entries [`Redacted`] shows, or a wrapper of one.
pub trait Entries {
    /// Writes the entries as `Debug` writes a map, with `"<redacted>"` for
    /// the value of each key that `hides` says is secret.
    fn fmt_entries(&self, f: &mut fmt::Formatter<'_>, hides: &dyn Fn(&str) -> bool) -> fmt::Result;
}

/// A value, or `"<redacted>"`.
struct Either<'a>(&'a dyn fmt::Debug, bool);

impl fmt::Debug for Either<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 {
            fmt::Debug::fmt(REDACTED, f)
        } else {
            self.0.fmt(f)
        }
    }
}

fn fmt_map<'a, V: fmt::Debug + 'a>(
    f: &mut fmt::Formatter<'_>,
    entries: impl Iterator<Item = (&'a String, &'a V)>,
    hides: &dyn Fn(&str) -> bool,
) -> fmt::Result {
    f.debug_map()
        .entries(entries.map(|(key, value)| (key, Either(value, hides(key)))))
        .finish()
}

impl<V: fmt::Debug, S> Entries for HashMap<String, V, S> {
    fn fmt_entries(&self, f: &mut fmt::Formatter<'_>, hides: &dyn Fn(&str) -> bool) -> fmt::Result {
        fmt_map(f, self.iter(), hides)
    }
}

impl<V: fmt::Debug> Entries for BTreeMap<String, V> {
    fn fmt_entries(&self, f: &mut fmt::Formatter<'_>, hides: &dyn Fn(&str) -> bool) -> fmt::Result {
        fmt_map(f, self.iter(), hides)
    }
}

impl Entries for serde_json::Map<String, serde_json::Value> {
    fn fmt_entries(&self, f: &mut fmt::Formatter<'_>, hides: &dyn Fn(&str) -> bool) -> fmt::Result {
        fmt_map(f, self.iter(), hides)
    }
}

/// Shows `map` inside a wrapper's `Debug` (`Some(..)`, `Ok(..)`).
struct Inner<'a, M: ?Sized>(&'a M, &'a dyn Fn(&str) -> bool);

impl<M: Entries + ?Sized> fmt::Debug for Inner<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_entries(f, self.1)
    }
}

impl<M: Entries> Entries for Option<M> {
    fn fmt_entries(&self, f: &mut fmt::Formatter<'_>, hides: &dyn Fn(&str) -> bool) -> fmt::Result {
        match self {
            Some(map) => f.debug_tuple("Some").field(&Inner(map, hides)).finish(),
            None => f.write_str("None"),
        }
    }
}

/// typify's builders hold each field as a `Result` (`Err` when a value
/// given could not be converted).
impl<M: Entries, E: fmt::Debug> Entries for Result<M, E> {
    fn fmt_entries(&self, f: &mut fmt::Formatter<'_>, hides: &dyn Fn(&str) -> bool) -> fmt::Result {
        match self {
            Ok(map) => f.debug_tuple("Ok").field(&Inner(map, hides)).finish(),
            Err(error) => f.debug_tuple("Err").field(error).finish(),
        }
    }
}

impl<M: Entries + ?Sized> Entries for Box<M> {
    fn fmt_entries(&self, f: &mut fmt::Formatter<'_>, hides: &dyn Fn(&str) -> bool) -> fmt::Result {
        (**self).fmt_entries(f, hides)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_named_keys_are_hidden_in_maps_and_their_wrappers() {
        let map = BTreeMap::from([
            ("a".to_owned(), "x".to_owned()),
            ("b".to_owned(), "y".to_owned()),
        ]);
        assert_eq!(
            format!("{:?}", values(&map)),
            r#"{"a": "<redacted>", "b": "<redacted>"}"#
        );
        assert_eq!(
            format!("{:?}", keys(&map, &["b"])),
            r#"{"a": "x", "b": "<redacted>"}"#
        );
        let some = Some(map.clone());
        assert_eq!(
            format!("{:?}", keys(&some, &["a"])),
            r#"Some({"a": "<redacted>", "b": "y"})"#
        );
        assert_eq!(
            format!("{:?}", values(&None::<BTreeMap<String, u8>>)),
            "None"
        );
        let built: Result<_, String> = Ok(map.clone());
        assert_eq!(
            format!("{:?}", keys(&built, &["a"])),
            r#"Ok({"a": "<redacted>", "b": "y"})"#
        );
        let failed: Result<BTreeMap<String, u8>, String> = Err("bad".into());
        assert_eq!(format!("{:?}", values(&failed)), r#"Err("bad")"#);
        let hashed: HashMap<String, u8> = HashMap::from([("k".to_owned(), 1)]);
        assert_eq!(
            format!("{:#?}", values(&Box::new(hashed))),
            "{\n    \"k\": \"<redacted>\",\n}"
        );
    }
}
