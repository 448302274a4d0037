//! Numbers as the API reads them, wherever a parameter is written: a
//! query, a path segment, a header, a form's text field, a JSON body or
//! part.
//!
//! Cloudflare's schema types many whole numbers as `number` (`page`,
//! `per_page`, `expiration_ttl`, ...), which become `f64`. Written by serde
//! they read `1.0`, and a server that parses integers refuses that. Here a
//! number is written as Rust's `Display` writes an `f64`: a whole number
//! without a fraction and without an exponent (`1`, `50`,
//! `1000000000000000000000`), a fraction as the shortest decimal that reads
//! back as the same `f64` (`0.5`, `0.0000001`), and `-0` as `0`. A value
//! that is not a finite number (NaN, an infinity) is no number the API can
//! read: [`finite`] refuses it before anything is sent.
//!
//! regen routes progenitor's calls here: query parameters through
//! [`QueryParam`] (instead of `progenitor_client::QueryParam`, which hands
//! an `f64` to `serde_urlencoded`: `1.0`), and every parameter whose type
//! holds a number through [`finite`] in `send`, and JSON bodies through
//! [`json_body`] (instead of reqwest's `.json(..)`, which writes `1.0`).
//! Path segments and headers are written with `Display`, which already
//! writes numbers this way.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize, SerializeSeq, Serializer};

/// `Ok` when every number in `value` is finite; else why not, naming the
/// parameter `name` (`` `page` is NaN: the API reads finite numbers only ``;
/// the error that carries it says that nothing was sent). Walks the value
/// with serde, allocating nothing unless it fails.
#[doc(hidden)]
pub fn finite<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<(), String> {
    match value.serialize(Finite) {
        Err(NotFinite(Some(number))) => Err(format!(
            "`{name}` is {number}: the API reads finite numbers only"
        )),
        // Anything else serde reports is not about numbers: the encoder
        // that writes the value reports it.
        Ok(()) | Err(NotFinite(None)) => Ok(()),
    }
}

/// `value` as a JSON request body (the part of the request named `name`),
/// its numbers written as the API reads them: a whole number without a
/// fraction (`"ttl":3600`, not serde's `3600.0`, which a server that
/// decodes integers refuses), a fraction as one (`0.5`). A number that is
/// not finite (which serde_json would write as `null`) is refused, naming
/// `name`; regen sends every JSON body through here.
#[doc(hidden)]
pub fn json_body<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Vec<u8>, String> {
    finite_within(name, value)?;
    to_json_vec(value).map_err(|e| format!("invalid `{name}`: {e}"))
}

/// [`finite`] for a value that holds numbers (a JSON body or part): `Err`
/// says that `name` *holds* one that is not finite.
#[doc(hidden)]
pub fn finite_within<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<(), String> {
    match value.serialize(Finite) {
        Err(NotFinite(Some(number))) => Err(format!(
            "`{name}` holds {number}: the API reads finite numbers only"
        )),
        Ok(()) | Err(NotFinite(None)) => Ok(()),
    }
}

/// `value` as JSON, compact, its numbers written as [`json_body`] writes
/// them (a number that is not finite is `null`, as serde_json writes it:
/// check with [`finite_within`] first).
///
/// # Errors
///
/// When `value` cannot be written as JSON (a map with keys that are not
/// strings, say).
#[doc(hidden)]
pub fn to_json_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out,
        JsonNumbers,
    ))?;
    Ok(out)
}

/// serde_json's compact formatter, with floats written as the API reads
/// them (see [`json_body`]).
struct JsonNumbers;

impl serde_json::ser::Formatter for JsonNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        with_number_text(value, |text| writer.write_all(text.as_bytes()))
    }

    fn write_f32<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f32,
    ) -> std::io::Result<()> {
        // `Display` of the `f32` itself: the shortest text that reads back
        // as it (`0.1`, where its `f64` would read `0.10000000149011612`).
        let value = if value == 0.0 { 0.0 } else { value };
        write!(writer, "{value}")
    }
}

/// `f` called with `number` written as the API reads it (see the module's
/// docs), from a buffer on the stack for all but the longest fractions.
#[doc(hidden)]
pub fn with_number_text<R>(number: f64, f: impl FnOnce(&str) -> R) -> R {
    let number = if number == 0.0 { 0.0 } else { number };
    let mut buffer = Buffer::default();
    if write!(buffer, "{number}").is_ok() {
        f(buffer.as_str())
    } else {
        f(&number.to_string())
    }
}

/// Writes into a fixed array; fails when it is full.
#[derive(Default)]
struct Buffer {
    bytes: [u8; 32],
    len: usize,
}

impl Buffer {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are written into it.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for Buffer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A query parameter `name=value` (or, for a list, `name=a&name=b`), for
/// `reqwest::RequestBuilder::query`: progenitor's `QueryParam`, with
/// numbers written as the API reads them.
#[doc(hidden)]
#[derive(Debug)]
pub struct QueryParam<'a, T> {
    name: &'a str,
    value: &'a T,
    /// A list is one pair, its items joined with `,` (`explode: false`).
    unexploded: bool,
}

impl<'a, T> QueryParam<'a, T> {
    pub fn new(name: &'a str, value: &'a T) -> Self {
        Self {
            name,
            value,
            unexploded: false,
        }
    }

    /// A list query parameter the spec says `explode: false` of: one pair
    /// `name=a,b`, not `name=a&name=b` (regen routes such parameters here;
    /// `xtask/src/generate/unexploded.rs`). Anything but a list is sent as
    /// by [`new`](Self::new).
    pub fn unexploded(name: &'a str, value: &'a T) -> Self {
        Self {
            name,
            value,
            unexploded: true,
        }
    }
}

impl<T: Serialize> Serialize for QueryParam<'_, T> {
    fn serialize<S: Serializer>(&self, inner: S) -> Result<S::Ok, S::Error> {
        if self.unexploded
            && let Ok(serde_json::Value::Array(items)) = serde_json::to_value(self.value)
        {
            let joined: Vec<String> = items.iter().map(item_text).collect();
            return [(self.name, joined.join(","))].serialize(inner);
        }
        self.value.serialize(Query {
            inner,
            name: self.name,
        })
    }
}

/// A list item as the text of an unexploded query parameter: a string as
/// it is, a number as the API reads it, anything else as JSON.
fn item_text(item: &serde_json::Value) -> String {
    match item {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Number(number) => match (number.as_i64(), number.as_u64()) {
            (Some(whole), _) => whole.to_string(),
            (None, Some(whole)) => whole.to_string(),
            (None, None) => with_number_text(number.as_f64().unwrap_or(f64::NAN), str::to_owned),
        },
        other => other.to_string(),
    }
}

/// A number written as the API reads it, as a serde value.
struct Number(f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Whole numbers an `i64` holds take serde's integer path (no
        // formatting here at all); the others their `Display`.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
        let number = self.0;
        if number.fract() == 0.0 && number.abs() < LIMIT {
            #[allow(clippy::cast_possible_truncation, reason = "whole and in range")]
            serializer.serialize_i64(number as i64)
        } else {
            with_number_text(number, |text| serializer.serialize_str(text))
        }
    }
}

/// progenitor's query serializer (`progenitor_client::QueryParam`), but
/// for floats: a scalar is the pair `(name, value)`, a list one pair per
/// item, `None` nothing, an enum's unit variant its name.
struct Query<'a, S> {
    inner: S,
    name: &'a str,
}

macro_rules! pair {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, value: $ty) -> Result<S::Ok, S::Error> {
            [(self.name, value)].serialize(self.inner)
        })*
    };
}

impl<'a, S: Serializer> Serializer for Query<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = QuerySeq<'a, S::SerializeSeq>;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = S::SerializeStructVariant;

    pair! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char, serialize_str: &str,
    }

    fn serialize_f32(self, value: f32) -> Result<S::Ok, S::Error> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_f64(self, value: f64) -> Result<S::Ok, S::Error> {
        [(self.name, Number(value))].serialize(self.inner)
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<S::Ok, S::Error> {
        self.inner.serialize_bytes(value)
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_none()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit()
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_struct(name)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        variant.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let mut map = self.inner.serialize_struct(name, 1)?;
        ser::SerializeStruct::serialize_field(&mut map, variant, value)?;
        ser::SerializeStruct::end(map)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Ok(QuerySeq {
            inner: self.inner.serialize_seq(len)?,
            name: self.name,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.inner.serialize_tuple(len)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.inner.serialize_tuple_struct(name, len)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.inner
            .serialize_tuple_variant(name, index, variant, len)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.inner.serialize_map(len)
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.inner.serialize_struct(name, len)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.inner
            .serialize_struct_variant(name, index, variant, len)
    }
}

/// A list's items, each a pair `(name, item)`.
struct QuerySeq<'a, S> {
    inner: S,
    name: &'a str,
}

/// One item of a list, with numbers written as the API reads them.
struct Item<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Item<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Numbers(serializer))
    }
}

impl<S: SerializeSeq> SerializeSeq for QuerySeq<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.inner.serialize_element(&(self.name, Item(value)))
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.inner.end()
    }
}

/// A serializer that writes floats as [`Number`] and hands everything else
/// to `S`: a list item's scalar.
struct Numbers<S>(S);

macro_rules! forward {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, value: $ty) -> Result<S::Ok, S::Error> {
            self.0.$method(value)
        })*
    };
}

impl<S: Serializer> Serializer for Numbers<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = S::SerializeSeq;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = S::SerializeStructVariant;

    forward! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char, serialize_str: &str,
        serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    }

    fn serialize_f32(self, value: f32) -> Result<S::Ok, S::Error> {
        Number(f64::from(value)).serialize(self.0)
    }

    fn serialize_f64(self, value: f64) -> Result<S::Ok, S::Error> {
        Number(value).serialize(self.0)
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<S::SerializeSeq, S::Error> {
        self.0.serialize_seq(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<S::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleVariant, S::Error> {
        self.0.serialize_tuple_variant(name, index, variant, len)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<S::SerializeMap, S::Error> {
        self.0.serialize_map(len)
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeStructVariant, S::Error> {
        self.0.serialize_struct_variant(name, index, variant, len)
    }
}

/// The number [`Finite`] found that is not finite (`None`: another
/// error of the value's `Serialize`).
#[derive(Debug)]
struct NotFinite(Option<f64>);

impl fmt::Display for NotFinite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(number) => write!(f, "{number} is not a finite number"),
            None => f.write_str("the value cannot be written"),
        }
    }
}

impl std::error::Error for NotFinite {}

impl ser::Error for NotFinite {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotFinite(None)
    }
}

/// Walks a value, failing at its first number that is not finite.
struct Finite;

macro_rules! fine {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<(), NotFinite> { Ok(()) })*
    };
}

impl Serializer for Finite {
    type Ok = ();
    type Error = NotFinite;
    type SerializeSeq = Finite;
    type SerializeTuple = Finite;
    type SerializeTupleStruct = Finite;
    type SerializeTupleVariant = Finite;
    type SerializeMap = Finite;
    type SerializeStruct = Finite;
    type SerializeStructVariant = Finite;

    fine! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char, serialize_str: &str,
        serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    }

    fn serialize_f32(self, value: f32) -> Result<(), NotFinite> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_f64(self, value: f64) -> Result<(), NotFinite> {
        if value.is_finite() {
            Ok(())
        } else {
            Err(NotFinite(Some(value)))
        }
    }

    fn serialize_none(self) -> Result<(), NotFinite> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), NotFinite> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), NotFinite> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), NotFinite> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Finite, NotFinite> {
        Ok(Finite)
    }

    fn serialize_tuple(self, _: usize) -> Result<Finite, NotFinite> {
        Ok(Finite)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Finite, NotFinite> {
        Ok(Finite)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Finite, NotFinite> {
        Ok(Finite)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Finite, NotFinite> {
        Ok(Finite)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Finite, NotFinite> {
        Ok(Finite)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Finite, NotFinite> {
        Ok(Finite)
    }
}

impl ser::SerializeSeq for Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        value.serialize(Finite)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

impl ser::SerializeTuple for Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        value.serialize(Finite)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        value.serialize(Finite)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        value.serialize(Finite)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

impl ser::SerializeMap for Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotFinite> {
        key.serialize(Finite)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        value.serialize(Finite)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

impl ser::SerializeStruct for Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        value.serialize(Finite)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        value.serialize(Finite)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query string reqwest builds for `value` as the parameter `n`.
    fn query<T: Serialize>(value: &T) -> String {
        let client = crate::tls::reqwest_client_builder()
            .unwrap()
            .build()
            .unwrap();
        let request = client
            .get("http://127.0.0.1/x")
            .query(&QueryParam::new("n", value))
            .build()
            .unwrap();
        request.url().query().unwrap_or("").to_owned()
    }

    #[test]
    fn whole_numbers_have_no_fraction_and_fractions_stay() {
        assert_eq!(query(&1.0_f64), "n=1");
        assert_eq!(query(&Some(50.0_f64)), "n=50");
        assert_eq!(query(&None::<f64>), "");
        assert_eq!(query(&-0.0_f64), "n=0");
        assert_eq!(query(&-3.0_f32), "n=-3");
        assert_eq!(query(&0.5_f64), "n=0.5");
        assert_eq!(query(&1e-7_f64), "n=0.0000001");
        assert_eq!(query(&1e21_f64), "n=1000000000000000000000");
        assert_eq!(query(&1578435000.0_f64), "n=1578435000");
        assert_eq!(query(&vec![1.0_f64, 2.5]), "n=1&n=2.5");
        assert_eq!(query(&7_i64), "n=7");
        assert_eq!(query(&"a b"), "n=a+b");
        assert_eq!(query(&vec!["x", "y"]), "n=x&n=y");
        assert_eq!(query(&true), "n=true");
        // A newtype (typify's for a `number` component): the same.
        #[derive(serde::Serialize)]
        struct Expiration(f64);
        assert_eq!(query(&Some(Expiration(300.0))), "n=300");
    }

    /// The query string reqwest builds for `value` as the unexploded list
    /// parameter `n`.
    fn unexploded<T: Serialize>(value: &T) -> String {
        let client = crate::tls::reqwest_client_builder()
            .unwrap()
            .build()
            .unwrap();
        let request = client
            .get("http://127.0.0.1/x")
            .query(&QueryParam::unexploded("n", value))
            .build()
            .unwrap();
        request.url().query().unwrap_or("").to_owned()
    }

    #[test]
    fn an_unexploded_list_is_one_pair_of_its_items_joined_with_commas() {
        assert_eq!(unexploded(&vec!["uuid", "name"]), "n=uuid%2Cname");
        assert_eq!(unexploded(&Some(vec!["a b"])), "n=a+b");
        assert_eq!(unexploded(&vec![1.0_f64, 2.5, 3.0]), "n=1%2C2.5%2C3");
        assert_eq!(unexploded(&vec![7_u64, 8]), "n=7%2C8");
        assert_eq!(unexploded(&vec![true]), "n=true");
        assert_eq!(unexploded(&Vec::<String>::new()), "n=");
        assert_eq!(unexploded(&None::<Vec<String>>), "");
        assert_eq!(unexploded(&"x"), "n=x");
    }

    #[test]
    fn json_bodies_write_whole_numbers_without_a_fraction_and_refuse_nan() {
        #[derive(serde::Serialize)]
        struct Item {
            ttl: f64,
            ratio: f64,
            small: f32,
            count: i64,
            nested: Vec<Option<f64>>,
        }
        let item = Item {
            ttl: 3600.0,
            ratio: 0.5,
            small: 0.1,
            count: -3,
            nested: vec![Some(-0.0), Some(1e21), Some(1e-7), None],
        };
        let json = String::from_utf8(json_body("body", &item).unwrap()).unwrap();
        assert_eq!(
            json,
            r#"{"ttl":3600,"ratio":0.5,"small":0.1,"count":-3,"nested":[0,1000000000000000000000,0.0000001,null]}"#
        );
        // What serde_json reads back is the same value.
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["ttl"].as_f64(), Some(3600.0));
        assert_eq!(back["nested"][2].as_f64(), Some(1e-7));
        // A `serde_json::Value` holding floats too.
        let value = serde_json::json!({"limits": {"cpu_ms": 50.0}});
        assert_eq!(to_json_vec(&value).unwrap(), br#"{"limits":{"cpu_ms":50}}"#);

        let nan = Item {
            ttl: f64::NAN,
            ..item
        };
        assert_eq!(
            json_body("body", &nan).unwrap_err(),
            "`body` holds NaN: the API reads finite numbers only"
        );
    }

    #[test]
    fn numbers_as_text_are_display_without_negative_zero() {
        for (number, text) in [
            (1.0, "1"),
            (-0.0, "0"),
            (0.25, "0.25"),
            (f64::MAX, &*f64::MAX.to_string()),
            (5e-324, &*5e-324_f64.to_string()),
        ] {
            assert_eq!(with_number_text(number, str::to_owned), text);
        }
    }

    #[test]
    fn numbers_that_are_not_finite_are_refused_naming_the_parameter() {
        assert_eq!(finite("page", &Some(1.0_f64)), Ok(()));
        assert_eq!(finite("name", "x"), Ok(()));
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let error = finite("page", &Some(value)).unwrap_err();
            assert!(error.starts_with("`page` is "), "{error}");
            assert!(error.contains("finite"), "{error}");
        }
        assert!(finite("ids", &vec![1.0, f64::NAN]).is_err());
        assert!(finite("one", &f32::NAN).is_err());
    }
}
