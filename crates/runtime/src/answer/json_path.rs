//! Where in an answer's JSON its decoding failed, found from the place
//! serde_json's error gives (line and column) rather than by decoding the
//! body again.
//!
//! `serde_path_to_error` finds the place by decoding through a deserializer
//! of its own, which compiles every type of an answer's result a second
//! time, for each operation a program calls: 14% of the LLVM IR compiled
//! for a program that calls every DNS operation (`cargo llvm-lines`,
//! BENCHMARKS.md, "Issue 21: what a program that calls the operations
//! compiles"). The decoder that failed already said where it stopped; this
//! walks the JSON text up to there. The property tests below hold it to
//! `serde_path_to_error`'s answers.

use super::secrets::string_end;

/// The place in `body` where serde_json's `error` arose while it decoded
/// `body`, written as `serde_path_to_error` writes one (`result.items[2].id`;
/// `.` for the whole body); `None` when the error has no place (one raised
/// before any byte was read).
///
/// An error about a value (`invalid type`, `unknown variant`, a pattern a
/// string does not match) is placed at that value; `missing field` and
/// `invalid length` at the object or array that lacks them. A value the
/// decoder took whole before reading it (an untagged or internally tagged
/// enum, an object with flattened fields) has its errors placed at that
/// value, or at what holds it, as the decoder only fails at its end.
pub(crate) fn path_of(body: &[u8], error: &serde_json::Error) -> Option<String> {
    let mut offset = offset(body, error.line(), error.column())?;
    if error.classify() == serde_json::error::Category::Syntax {
        // A byte that is not what JSON allows there: it stopped after it.
        offset = offset.saturating_sub(1);
    }
    let about = if error.is_eof() {
        About::Cut
    } else if error.to_string().starts_with("trailing characters") {
        About::Extra
    } else {
        About::Value
    };
    Some(path_at(body, offset, about))
}

/// The byte offset of serde_json's `line` (from 1) and `column` (bytes
/// from the start of that line, from 0).
fn offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map(|(at, _)| at + 1)?
    };
    Some((start + column).min(body.len()))
}

/// What an error is about, which its place alone does not tell.
#[derive(Clone, Copy, PartialEq)]
enum About {
    /// The value that ends where the decoder stopped, or starts there.
    Value,
    /// The body ends too soon: the object or array still open, or the
    /// value begun.
    Cut,
    /// An array with more items than its type takes (a tuple): the array,
    /// whose extra item the decoder stopped at.
    Extra,
}

/// One object or array that the text up to the offset is inside.
struct Open {
    /// The key of the member being read (`None` before the first key) or
    /// the index of the item (`Err`).
    at: Result<Option<String>, usize>,
    /// Where its member's or item's value is.
    value: Value,
}

/// Where an [`Open`] container's current member or item is.
#[derive(Clone, Copy, PartialEq)]
enum Value {
    /// Not begun, nor its key read.
    Before,
    /// Its key read, and the `:` after it when `true`; not its value.
    Keyed(bool),
    /// Begun, and not ended by the offset.
    In,
    /// Ended, at this byte offset.
    Ended(usize),
}

impl Open {
    /// Appends this container's current member (`.key`) or item (`[i]`).
    fn segment(&self, path: &mut String) {
        match &self.at {
            Ok(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key.as_deref().unwrap_or("?"));
            }
            Err(index) => path.push_str(&format!("[{index}]")),
        }
    }
}

/// The path of the value at `offset` in `body` that the error is `about`.
fn path_at(body: &[u8], offset: usize, about: About) -> String {
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while at < offset {
        let byte = body[at];
        match byte {
            b'{' | b'[' => {
                if let Some(parent) = open.last_mut() {
                    parent.value = Value::In;
                }
                open.push(Open {
                    at: if byte == b'{' { Ok(None) } else { Err(0) },
                    value: Value::Before,
                });
                at += 1;
            }
            b'}' | b']' => {
                open.pop();
                at += 1;
                if let Some(parent) = open.last_mut() {
                    parent.value = Value::Ended(at);
                }
            }
            b',' => {
                if let Some(container) = open.last_mut() {
                    container.value = Value::Before;
                    if let Err(index) = &mut container.at {
                        *index += 1;
                    }
                }
                at += 1;
            }
            b':' => {
                if let Some(
                    member @ Open {
                        value: Value::Keyed(false),
                        ..
                    },
                ) = open.last_mut()
                {
                    member.value = Value::Keyed(true);
                }
                at += 1;
            }
            b' ' | b'\t' | b'\n' | b'\r' => at += 1,
            _ => {
                // A string, a number, `true`, `false`, `null`, or what is
                // not JSON.
                let end = if byte == b'"' {
                    string_end(body, at).unwrap_or(body.len() + 1)
                } else {
                    body[at..]
                        .iter()
                        .position(|byte| b",:{}[]\" \t\n\r".contains(byte))
                        .map_or(body.len(), |length| at + length)
                };
                match open.last_mut() {
                    // A member's key, whole.
                    Some(
                        member @ Open {
                            at: Ok(_),
                            value: Value::Before,
                        },
                    ) if byte == b'"' && end <= offset => {
                        let text = &body[at..end];
                        let key = serde_json::from_slice::<String>(text)
                            .unwrap_or_else(|_| String::from_utf8_lossy(text).into_owned());
                        member.at = Ok(Some(key));
                        member.value = Value::Keyed(false);
                    }
                    // A key cut short: still before the member's value.
                    Some(Open {
                        at: Ok(_),
                        value: Value::Before,
                    }) if byte == b'"' => {}
                    Some(parent) if end <= offset => parent.value = Value::Ended(end),
                    Some(parent) => parent.value = Value::In,
                    None => {}
                }
                at = end;
            }
        }
    }
    if about == About::Extra {
        open.pop();
    }
    // The decoder stops at the first byte of a value of a type it does not
    // take (an object where a string goes), before reading it.
    let at_value = body
        .get(offset)
        .is_some_and(|byte| !b",:}] \t\n\r".contains(byte));
    let mut path = String::new();
    for container in &open {
        match container.value {
            Value::In => container.segment(&mut path),
            // A member's key and `:` read: the decoder is reading its
            // value. (Where it stopped at the key, its error is about the
            // key: an enum's unknown variant.)
            Value::Keyed(true) => {
                container.segment(&mut path);
                break;
            }
            Value::Before if at_value && container.at.is_err() && about == About::Value => {
                container.segment(&mut path);
                break;
            }
            // The value that ended where the decoder stopped is the one
            // its error is about, unless the error is its container's.
            Value::Ended(end) if end == offset && about != About::Cut => {
                container.segment(&mut path);
                break;
            }
            _ => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::path_of;
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    // What an answer's types look like: nested objects, optional fields,
    // lists of objects, a tuple, a string enum.
    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Envelope {
        result: Option<Thing>,
        success: bool,
        errors: Vec<Value>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Thing {
        id: String,
        count: u32,
        tags: Vec<String>,
        items: Vec<Item>,
        nested: Option<Nested>,
        kind: Kind,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Item {
        name: String,
        size: Option<i64>,
        pair: Option<(u8, u8)>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Nested {
        deeper: Vec<Vec<Item>>,
        flag: Option<bool>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Zone,
        Account,
    }

    fn valid() -> Value {
        json!({
            "result": {
                "id": "023e105f4ecef8ad9ca31a8372d0c353",
                "count": 3,
                "tags": ["a", "b\"c"],
                "items": [
                    {"name": "one", "size": 1, "pair": [1, 2]},
                    {"name": "two", "size": null}
                ],
                "nested": {"deeper": [[], [{"name": "x", "pair": [3, 4]}]], "flag": true},
                "kind": "zone"
            },
            "success": true,
            "errors": []
        })
    }

    /// The path `serde_path_to_error` gives for decoding `body` as `T`,
    /// and the one [`path_of`] finds from the plain decoder's error; `None`
    /// when `body` decodes.
    fn both<T: DeserializeOwned>(body: &[u8]) -> Option<(String, Option<String>)> {
        let error = serde_json::from_slice::<T>(body).err()?;
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let expected = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(error) => error.path().to_string(),
            Ok(_) => ".".to_owned(),
        };
        Some((expected, path_of(body, &error)))
    }

    #[test]
    fn the_valid_document_decodes() {
        assert!(both::<Envelope>(&serde_json::to_vec(&valid()).unwrap()).is_none());
    }

    #[test]
    fn an_error_is_placed_where_serde_path_to_error_places_it() {
        let cases: &[(&str, &str)] = &[
            // A value of another type, a string enum's unknown value.
            (
                r#"{"result": {"id": 5}, "success": true, "errors": []}"#,
                "result.id",
            ),
            (r#"{"success": "yes", "errors": []}"#, "success"),
            (
                r#"{"result": {"id": "i", "count": 1, "tags": [], "items": [], "kind": "user"}, "success": true, "errors": []}"#,
                "result.kind",
            ),
            // An object where a string goes, an array where an object goes.
            (
                r#"{"result": {"id": {"a": [1, {"b": 2}]}}, "success": true}"#,
                "result.id",
            ),
            (
                r#"{"result": {"id": "i", "count": 1, "tags": [], "items": [[]]}}"#,
                "result.items[0]",
            ),
            (
                r#"{"result": {"id": "i", "count": 1, "tags": ["a", 2]}}"#,
                "result.tags[1]",
            ),
            // A missing field: the object that lacks it.
            (
                r#"{"result": {"id": "i", "count": 1, "tags": [], "items": [{"size": 2}]}}"#,
                "result.items[0]",
            ),
            (r#"{"result": {"id": "i"}}"#, "result"),
            (r#"{"errors": []}"#, "."),
            (
                r#"{"result":{"id":"i","count":1,"tags":[],"items":[],"nested":{"deeper":[]},"kind":"zone"}}"#,
                ".",
            ),
            // A tuple of the wrong length.
            (
                r#"{"result": {"id": "i", "count": 1, "tags": [], "items": [{"name": "n", "pair": [1]}]}}"#,
                "result.items[0].pair",
            ),
            (
                r#"{"result": {"id": "i", "count": 1, "tags": [], "items": [{"name": "n", "pair": [1, 2, 3]}]}}"#,
                "result.items[0].pair",
            ),
            // A number out of range, in nested arrays, on several lines.
            (
                "{\n \"result\": {\n  \"id\": \"i\",\n  \"count\": 1,\n  \"tags\": [],\n  \"items\": [],\n  \"nested\": {\"deeper\": [[], [{\"name\": \"x\", \"pair\": [3, 400]}]]}\n }\n}",
                "result.nested.deeper[1][0].pair[1]",
            ),
            // Keys with escapes, and what is not JSON at all.
            (r#"{"result": {"i\u0064": 7}}"#, "result.id"),
            // What follows the document.
            (r#"{"success": true, "errors": []} {"#, "."),
        ];
        for (body, path) in cases {
            let Some((expected, found)) = both::<Envelope>(body.as_bytes()) else {
                panic!("{body} decodes");
            };
            assert_eq!(expected, *path, "serde_path_to_error, for {body}");
            assert_eq!(found.as_deref(), Some(*path), "{body}");
        }
    }

    /// Where `serde_path_to_error` says `?` (a key it did not read) or
    /// names the last member read, the object or array left open.
    #[test]
    fn a_body_cut_short_is_placed_at_what_it_leaves_open() {
        let cases: &[(&str, &str)] = &[
            (r#"{"result": {"id": "02"#, "result.id"),
            (r#"{"result": {"i"#, "result"),
            (r#"{"result": {"id": "i", "#, "result"),
            (r#"{"result": {"id": "i""#, "result"),
            (
                r#"{"result": {"id": "i", "count": 1, "tags": ["#,
                "result.tags",
            ),
            (
                r#"{"result": {"id": "i", "count": 1, "tags": ["a"#,
                "result.tags[0]",
            ),
            (r#"{"result": "#, "result"),
            ("{", "."),
            ("", "."),
        ];
        for (body, path) in cases {
            let error = serde_json::from_slice::<Envelope>(body.as_bytes()).unwrap_err();
            assert!(error.is_eof(), "{body}: {error}");
            assert_eq!(
                path_of(body.as_bytes(), &error).as_deref(),
                Some(*path),
                "{body}"
            );
        }
    }

    /// What is not JSON: a value is placed at itself (where
    /// `serde_path_to_error` names what holds it), what is between members
    /// at their object (where it says `?`).
    #[test]
    fn what_is_not_json_is_placed_at_the_value_it_spoils() {
        let cases: &[(&str, &str)] = &[
            (r#"{"result": {"id": tru}}"#, "result.id"),
            (r#"{"result": {"id": "i", "count": 1,, "#, "result"),
            (r#"{"result": {"id" 5}}"#, "result"),
            (r#"{"result": {"id": "i" "count": 1}}"#, "result"),
        ];
        for (body, path) in cases {
            let error = serde_json::from_slice::<Envelope>(body.as_bytes()).unwrap_err();
            assert_eq!(
                path_of(body.as_bytes(), &error).as_deref(),
                Some(*path),
                "{body}"
            );
        }
    }

    #[test]
    fn an_error_with_no_place_has_no_path() {
        let error: serde_json::Error = serde::de::Error::custom("an envelope is a JSON object");
        assert_eq!(path_of(b"[1, 2]", &error), None);
    }

    /// Every place in `value`: the keys and indexes that lead to it.
    fn places(
        value: &Value,
        at: Vec<Result<String, usize>>,
        all: &mut Vec<Vec<Result<String, usize>>>,
    ) {
        all.push(at.clone());
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    let mut at = at.clone();
                    at.push(Ok(key.clone()));
                    places(value, at, all);
                }
            }
            Value::Array(items) => {
                for (index, value) in items.iter().enumerate() {
                    let mut at = at.clone();
                    at.push(Err(index));
                    places(value, at, all);
                }
            }
            _ => {}
        }
    }

    fn at<'v>(value: &'v mut Value, place: &[Result<String, usize>]) -> &'v mut Value {
        place.iter().fold(value, |value, step| match step {
            Ok(key) => &mut value[key.as_str()],
            Err(index) => &mut value[*index],
        })
    }

    /// A value of each kind, to put where another was.
    fn replacement(kind: usize) -> Value {
        [
            json!(null),
            json!(true),
            json!(-12),
            json!(1.5),
            json!(70000),
            json!("text"),
            json!([]),
            json!([1, "a", {"b": null}]),
            json!({}),
            json!({"name": "n", "pair": [1]}),
        ][kind % 10]
            .clone()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// A valid answer with one value replaced or one member removed,
        /// written compactly or on many lines: when it no longer decodes,
        /// the error's place is the one `serde_path_to_error` finds by
        /// decoding again through its own deserializer.
        #[test]
        fn any_mistyped_answer_is_placed_as_serde_path_to_error_places_it(
            which in any::<prop::sample::Index>(),
            kind in 0usize..10,
            remove in any::<bool>(),
            pretty in any::<bool>(),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let mut value = valid();
            let mut all = Vec::new();
            places(&value, Vec::new(), &mut all);
            let place = which.get(&all).clone();
            match place.split_last() {
                Some((Ok(key), parent)) if remove => {
                    at(&mut value, parent).as_object_mut().unwrap().remove(key);
                }
                _ => *at(&mut value, &place) = replacement(kind),
            }
            let mut body = if pretty {
                serde_json::to_vec_pretty(&value).unwrap()
            } else {
                serde_json::to_vec(&value).unwrap()
            };
            match cut {
                // Cut short: `serde_path_to_error` places some of these
                // differently (a_body_cut_short_is_placed_at_what_it_leaves_open);
                // each has a place.
                Some(cut) => {
                    body.truncate(cut.index(body.len()));
                    let error = serde_json::from_slice::<Envelope>(&body).unwrap_err();
                    prop_assert!(path_of(&body, &error).is_some());
                }
                None => {
                    if let Some((expected, found)) = both::<Envelope>(&body) {
                        prop_assert_eq!(Some(expected), found, "{}", String::from_utf8_lossy(&body));
                    }
                }
            }
        }

        /// Whatever a server sends, an error of its decoding has a place,
        /// and finding it does not panic.
        #[test]
        fn any_body_that_does_not_decode_has_a_place(
            body in proptest::collection::vec(
                prop::sample::select(b"{}[]\",:\\ \n\t01-.eEtrufalsnresultid\xff".to_vec()),
                0..64,
            ),
        ) {
            if let Err(error) = serde_json::from_slice::<Envelope>(&body) {
                prop_assert!(path_of(&body, &error).is_some());
            }
        }
    }
}
