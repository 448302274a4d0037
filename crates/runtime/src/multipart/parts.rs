use std::fmt;

use crate::multipart::form::{Form, Part};
use crate::wire;
use bytes::Bytes;
use serde_json::{Map, Value};

use super::File;
use crate::Error;

/// A multipart builder's parts, as set so far: fields (JSON or text) by
/// part name, then files. Every generated multipart builder holds one;
/// `send()` calls [`encode`](FormParts::encode).
#[derive(Clone, Default)]
pub struct FormParts {
    /// Part name → its value, or why the value given could not be used.
    fields: Vec<(&'static str, Result<Field, String>)>,
    files: Vec<FilePart>,
    /// Checks of JSON parts that `encode` runs before anything is sent.
    checks: Vec<Check>,
    /// The fields of JSON parts that setters of one field set
    /// ([`json_field`](FormParts::json_field)), as (part, field): a whole
    /// part set later keeps them unless it holds them itself.
    set_fields: Vec<(&'static str, String)>,
}

/// A check of a JSON part's value as it is when sent (a setter may ask for
/// one, for what only the whole value can tell): `Err` with why it cannot
/// be sent.
#[derive(Clone)]
struct Check {
    part: &'static str,
    /// What it checks: a check is registered once by its name.
    name: &'static str,
    check: fn(&Value) -> Result<(), String>,
}

#[derive(Clone)]
enum Field {
    Json(Value),
    #[allow(
        dead_code,
        reason = "set by builders of text parts; today's spec has none"
    )]
    Text(String),
}

#[derive(Clone)]
struct FilePart {
    /// The property the file was set through.
    property: &'static str,
    /// Sent as a part named by the file's name (else by `property`).
    by_file_name: bool,
    file: File,
}

impl FilePart {
    fn part_name(&self) -> &str {
        if self.by_file_name {
            self.file.name()
        } else {
            self.property
        }
    }
}

impl FormParts {
    /// Sets the JSON part `name` to `value`, replacing what was set
    /// before, except the fields that setters of one field set
    /// ([`json_field`](FormParts::json_field): a Worker's `main_module`,
    /// `bindings`, ...) when `value` is an object without them: so
    /// `.main_module(m).metadata(meta)` sends `m` as the main module, as
    /// `.metadata(meta).main_module(m)` does. A field `value` holds is
    /// its own: the part set again later replaces it.
    pub fn set_json<T: serde::Serialize>(&mut self, name: &'static str, value: Result<T, String>) {
        let mut field = value.and_then(|value| {
            // serde_json writes NaN and infinities as `null`: refuse them first.
            wire::finite_within(name, &value)?;
            serde_json::to_value(value)
                .map(Field::Json)
                .map_err(|e| format!("invalid `{name}`: {e}"))
        });
        if let Ok(Field::Json(Value::Object(new))) = &mut field {
            // A field the whole part holds is its own from now on (a part
            // set again later replaces it); the others stay the setters'.
            self.set_fields
                .retain(|(part, key)| *part != name || !new.contains_key(key));
            let before = self.fields.iter().find(|(n, _)| *n == name);
            if let Some((_, Ok(Field::Json(Value::Object(old))))) = before {
                for (_, key) in self.set_fields.iter().filter(|(part, _)| *part == name) {
                    if let Some(kept) = old.get(key) {
                        new.insert(key.clone(), kept.clone());
                    }
                }
            }
        }
        self.set(name, field);
    }

    #[allow(
        dead_code,
        reason = "for builders of text parts; today's spec has none"
    )]
    /// Sets the text field `name` to `value`: a string as it is, a number
    /// as the API reads it (a whole number without a fraction, `12`, even
    /// from an `f64`; a fraction as it is), any other scalar as JSON
    /// writes it (`true`). A number that is not finite is an error
    /// reported by `send()`.
    pub fn set_text<T: serde::Serialize>(&mut self, name: &'static str, value: Result<T, String>) {
        let field = value.and_then(|value| {
            // serde_json writes NaN and infinities as `null`: refuse them first.
            wire::finite(name, &value)?;
            match serde_json::to_value(value) {
                Ok(Value::String(text)) => Ok(Field::Text(text)),
                Ok(Value::Number(number)) => Ok(Field::Text(match number.as_f64() {
                    Some(float) if number.is_f64() => wire::with_number_text(float, str::to_owned),
                    _ => number.to_string(),
                })),
                Ok(other) => Ok(Field::Text(other.to_string())),
                Err(e) => Err(format!("invalid `{name}`: {e}")),
            }
        });
        self.set(name, field);
    }

    fn set(&mut self, name: &'static str, field: Result<Field, String>) {
        match self.fields.iter_mut().find(|(n, _)| *n == name) {
            Some((_, slot)) => *slot = field,
            None => self.fields.push((name, field)),
        }
    }

    /// The field `key` of the JSON object of the part `part` (made `{}`
    /// when unset), inserted as `default()` when missing, for a setter of
    /// that one field: a whole part set later keeps it (see
    /// [`set_json`](FormParts::set_json)). `Err` as
    /// [`json_object`](FormParts::json_object).
    pub(crate) fn json_field(
        &mut self,
        part: &'static str,
        key: &str,
        default: impl FnOnce() -> Value,
    ) -> Result<&mut Value, ()> {
        if !self.set_fields.iter().any(|(p, k)| *p == part && k == key) {
            self.set_fields.push((part, key.to_owned()));
        }
        Ok(self
            .json_object(part)?
            .entry(key.to_owned())
            .or_insert_with(default))
    }

    /// The JSON object of the part `name`, made `{}` when unset, for
    /// setters that set one of its fields. `Err` when the part holds an
    /// error (kept: it is reported by `send()`) or a value that is not an
    /// object.
    pub(crate) fn json_object(
        &mut self,
        name: &'static str,
    ) -> Result<&mut Map<String, Value>, ()> {
        if !self.fields.iter().any(|(n, _)| *n == name) {
            self.fields
                .push((name, Ok(Field::Json(Value::Object(Map::new())))));
        }
        let slot = self
            .fields
            .iter_mut()
            .find(|(n, _)| *n == name)
            .map(|(_, slot)| slot)
            .ok_or(())?;
        match slot {
            Ok(Field::Json(Value::Object(object))) => Ok(object),
            Ok(_) => {
                *slot = Err(format!("`{name}` must be a JSON object"));
                Err(())
            }
            Err(_) => Err(()),
        }
    }

    /// Runs `check` on the JSON part `part` when the form is encoded, so
    /// that what it refuses is an error of `send()` with nothing sent. A
    /// check is registered once by `name`.
    pub fn check(
        &mut self,
        part: &'static str,
        name: &'static str,
        check: fn(&Value) -> Result<(), String>,
    ) {
        if !self.checks.iter().any(|c| c.part == part && c.name == name) {
            self.checks.push(Check { part, name, check });
        }
    }

    /// Records an error for the part `name`, reported by `send()`.
    pub fn fail(&mut self, name: &'static str, message: String) {
        self.set(name, Err(message));
    }

    /// Sets the one file of the part `property`.
    pub fn set_file(&mut self, property: &'static str, file: File) {
        self.files.retain(|f| f.property != property);
        self.files.push(FilePart {
            property,
            by_file_name: false,
            file,
        });
    }

    /// Sets the files of the part `property`, replacing those it had.
    pub fn set_files(
        &mut self,
        property: &'static str,
        by_file_name: bool,
        files: impl Iterator<Item = File>,
    ) {
        self.files.retain(|f| f.property != property);
        for file in files {
            self.add_file(property, by_file_name, file);
        }
    }

    /// Adds a file to the part `property`; one with the same part name is
    /// replaced, where it was.
    pub fn add_file(&mut self, property: &'static str, by_file_name: bool, file: File) {
        let new = FilePart {
            property,
            by_file_name,
            file,
        };
        match self
            .files
            .iter_mut()
            .find(|f| f.property == property && f.part_name() == new.part_name())
        {
            Some(slot) => *slot = new,
            None => self.files.push(new),
        }
    }

    /// The encoded form: its `Content-Type` and body. Fields come first,
    /// in the order they were first set, then files in the order added.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`], nothing sent: a value given that could not
    /// be used, a part of `required` unset, a JSON part that one of its
    /// [`check`](FormParts::check)s refuses, two parts of one name, or a
    /// name the form cannot carry (see `Form::encode`).
    pub fn encode(&self, required: &[&str]) -> Result<(String, Bytes), Error> {
        for name in required {
            let set = self.fields.iter().any(|(n, _)| n == name)
                || self.files.iter().any(|f| f.property == *name);
            if !set {
                return Err(Error::invalid_input(format!(
                    "`{name}` is required: set it with `.{name}(..)`"
                )));
            }
        }
        for check in &self.checks {
            let value = self.fields.iter().find_map(|(name, field)| match field {
                Ok(Field::Json(value)) if *name == check.part => Some(value),
                _ => None,
            });
            if let Some(value) = value {
                (check.check)(value).map_err(Error::invalid_input)?;
            }
        }
        let mut form = Form::new();
        for (name, field) in &self.fields {
            let part = match field
                .as_ref()
                .map_err(|e| Error::invalid_input(e.clone()))?
            {
                Field::Json(value) => Part::json(*name, value)
                    .map_err(|e| Error::invalid_input(format!("invalid `{name}`: {e}")))?,
                Field::Text(text) => Part::text(*name, text.clone()),
            };
            form.push(part);
        }
        for file in &self.files {
            form.push(Part::file(
                file.part_name(),
                file.file.name(),
                file.file.content_type(),
                file.file.content().clone(),
            ));
        }
        let mut names: Vec<&str> = form.parts().iter().map(Part::name).collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(Error::invalid_input(format!(
                "two parts are named {:?}: a form's part names must differ",
                pair[0]
            )));
        }
        let encoded = form
            .encode()
            .map_err(|e| Error::invalid_input(e.to_string()))?;
        Ok(encoded.into_parts())
    }
}

/// The parts' names and sizes, never their content.
impl fmt::Debug for FormParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, field) in &self.fields {
            match field {
                Ok(_) => list.entry(&format_args!("{name}")),
                Err(_) => list.entry(&format_args!("{name} (invalid)")),
            };
        }
        for file in &self.files {
            list.entry(&format_args!(
                "{} ({}, {} bytes)",
                file.part_name(),
                file.file.content_type(),
                file.file.content().len()
            ));
        }
        list.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text part `n` of a form with `value` set as a text field.
    fn text_of<T: serde::Serialize>(value: T) -> Result<String, Error> {
        let mut parts = FormParts::default();
        parts.set_text("n", Ok(value));
        let (content_type, body) = parts.encode(&[])?;
        let boundary = content_type.split("boundary=").nth(1).unwrap().to_owned();
        let body = String::from_utf8(body.to_vec()).unwrap();
        let start = body.find("\r\n\r\n").unwrap() + 4;
        let end = body.find(&format!("\r\n--{boundary}--")).unwrap();
        Ok(body[start..end].to_owned())
    }

    #[test]
    fn numbers_in_text_fields_are_written_as_the_api_reads_them() {
        assert_eq!(text_of(1.0_f64).unwrap(), "1");
        assert_eq!(text_of(300.0_f64).unwrap(), "300");
        assert_eq!(text_of(-0.0_f64).unwrap(), "0");
        assert_eq!(text_of(0.5_f64).unwrap(), "0.5");
        assert_eq!(text_of(12_i64).unwrap(), "12");
        assert_eq!(text_of(true).unwrap(), "true");
        assert_eq!(text_of("a b").unwrap(), "a b");
    }

    #[test]
    fn a_number_that_is_not_finite_is_refused_with_nothing_sent() {
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let error = text_of(value).unwrap_err();
            assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
            let message = error.to_string();
            assert!(message.contains("`n` is"), "{message}");
            assert!(message.contains("finite"), "{message}");
        }
    }
}
