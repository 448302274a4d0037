//! The spec's limits of numbers and lists, checked before a request is
//! sent: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
//! `multipleOf` and `minItems`, `maxItems`. typify drops them (an `f64`
//! takes any number, a `Vec` any length); string limits (`maxLength`,
//! `pattern`, `enum`) typify's newtypes check themselves.
//!
//! regen (`xtask/src/limits.rs`) has each operation's `send` call
//! [`within`] for every parameter whose schema has such limits, and for a
//! JSON body that is a list or a number, and [`fields_within`] for the
//! top-level fields of a JSON object body, so that a value outside them is
//! [`Error::InvalidRequest`](progenitor_client::Error::InvalidRequest) naming it, and
//! nothing is sent (``` `expiration_ttl` is 30, less than the spec's minimum
//! of 60 ```). The `cloudflare-api` crate checks a form's text fields with
//! the same function. Answers are never held to them.

use std::fmt;

use serde::ser::{self, Serialize, Serializer};

use crate::wire::with_number_text;

/// A schema's limits of numbers (its own, or its items' for a list) and of
/// a list's length, as regen writes them from the spec.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Limits {
    pub minimum: Option<f64>,
    /// `minimum` itself is refused (OpenAPI 3.0's `exclusiveMinimum: true`).
    pub exclusive_minimum: bool,
    pub maximum: Option<f64>,
    /// `maximum` itself is refused.
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Limits {
    /// No limits: what regen's `Limits { minimum: .., ..Limits::NONE }`
    /// starts from.
    pub const NONE: Limits = Limits {
        minimum: None,
        exclusive_minimum: false,
        maximum: None,
        exclusive_maximum: false,
        multiple_of: None,
        min_items: None,
        max_items: None,
    };
}

/// `Ok` when `value` (a number, a list, or an `Option` or newtype of one)
/// is within `limits`; else why not, naming the parameter `name` (and for
/// a list's number, its index: `ids[2]`). Walks the value with serde,
/// allocating nothing unless it fails. Anything but numbers and the
/// outermost list is not looked at.
#[doc(hidden)]
pub fn within<T: Serialize + ?Sized>(name: &str, value: &T, limits: &Limits) -> Result<(), String> {
    let walk = Walk {
        name,
        limits,
        index: None,
        depth: 0,
    };
    match value.serialize(walk) {
        Err(Refused(Some(message))) => Err(message),
        // Anything else serde reports is not about limits: the encoder
        // that writes the value reports it.
        Ok(()) | Err(Refused(None)) => Ok(()),
    }
}

/// `Ok` when each field of the struct `value` that `fields` names is
/// [`within`] its limits (a field left out or `None` is); else why not,
/// naming the field.
#[doc(hidden)]
pub fn fields_within<T: Serialize + ?Sized>(
    value: &T,
    fields: &[(&str, Limits)],
) -> Result<(), String> {
    match value.serialize(Fields { fields }) {
        Err(Refused(Some(message))) => Err(message),
        Ok(()) | Err(Refused(None)) => Ok(()),
    }
}

/// A number as serde handed it over: exactly, for its message.
#[derive(Clone, Copy)]
enum Number {
    Int(i128),
    Float(f64),
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(n) => n.fmt(f),
            Number::Float(n) => with_number_text(*n, |text| f.write_str(text)),
        }
    }
}

/// A limit as messages write it (`60`, `0.5`).
struct Limit(f64);

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        with_number_text(self.0, |text| f.write_str(text))
    }
}

impl Number {
    /// `self` compared with the limit `limit`: exactly for a whole limit
    /// and an integer, else as floats. `None` for NaN (which the finite
    /// check refuses).
    fn cmp(self, limit: f64) -> Option<std::cmp::Ordering> {
        match self {
            Number::Int(n) if limit.fract() == 0.0 && limit.abs() < 2f64.powi(126) =>
            {
                #[allow(clippy::cast_possible_truncation, reason = "whole and in range")]
                Some(n.cmp(&(limit as i128)))
            }
            #[allow(clippy::cast_precision_loss, reason = "a limit that is no integer")]
            Number::Int(n) => (n as f64).partial_cmp(&limit),
            Number::Float(n) => n.partial_cmp(&limit),
        }
    }

    /// Whether `self` is a multiple of `of`: exactly for integers, within
    /// a float's rounding for fractions (`0.3` of `0.1`).
    fn is_multiple_of(self, of: f64) -> bool {
        if of <= 0.0 || !of.is_finite() {
            return true;
        }
        match self {
            Number::Int(n) if of.fract() == 0.0 && of < 2f64.powi(126) => {
                #[allow(clippy::cast_possible_truncation, reason = "whole and in range")]
                let of = of as i128;
                n % of == 0
            }
            #[allow(clippy::cast_precision_loss, reason = "compared within rounding")]
            Number::Int(n) => is_float_multiple(n as f64, of),
            Number::Float(n) => !n.is_finite() || is_float_multiple(n, of),
        }
    }
}

fn is_float_multiple(n: f64, of: f64) -> bool {
    let quotient = n / of;
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// A refusal: the message (`None`: an error of the value's own
/// `Serialize`, not ours).
#[derive(Debug)]
struct Refused(Option<String>);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("the value cannot be written"))
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused(None)
    }
}

/// Walks a value within `limits`: its numbers, and its outermost list's
/// length and items.
#[derive(Clone, Copy)]
struct Walk<'a> {
    name: &'a str,
    limits: &'a Limits,
    /// The item of the list being walked.
    index: Option<usize>,
    /// How many lists deep: numbers deeper than the outermost list's items
    /// are not the schema's.
    depth: usize,
}

impl Walk<'_> {
    /// The value's name in messages: `name`, or `name[index]`.
    fn named(&self) -> String {
        match self.index {
            Some(index) => format!("`{}[{index}]`", self.name),
            None => format!("`{}`", self.name),
        }
    }

    fn number(self, number: Number) -> Result<(), Refused> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        if self.depth > 1 {
            return Ok(());
        }
        let limits = self.limits;
        if let Some(minimum) = limits.minimum {
            match (number.cmp(minimum), limits.exclusive_minimum) {
                (Some(Less), _) => {
                    return Err(self.refused(format!(
                        "is {number}, less than the spec's minimum of {}",
                        Limit(minimum)
                    )));
                }
                (Some(Equal), true) => {
                    return Err(self.refused(format!(
                        "is {number}: the spec asks for more than {}",
                        Limit(minimum)
                    )));
                }
                _ => {}
            }
        }
        if let Some(maximum) = limits.maximum {
            match (number.cmp(maximum), limits.exclusive_maximum) {
                (Some(Greater), _) => {
                    return Err(self.refused(format!(
                        "is {number}, more than the spec's maximum of {}",
                        Limit(maximum)
                    )));
                }
                (Some(Equal), true) => {
                    return Err(self.refused(format!(
                        "is {number}: the spec asks for less than {}",
                        Limit(maximum)
                    )));
                }
                _ => {}
            }
        }
        if let Some(of) = limits.multiple_of
            && !number.is_multiple_of(of)
        {
            return Err(self.refused(format!(
                "is {number}, not a multiple of {} as the spec asks",
                Limit(of)
            )));
        }
        Ok(())
    }

    fn refused(&self, what: String) -> Refused {
        Refused(Some(format!("{} {what}", self.named())))
    }

    /// The outermost list's length within `minItems` and `maxItems`.
    fn length(&self, count: usize) -> Result<(), Refused> {
        let items = |n: usize| if n == 1 { "item" } else { "items" };
        if let Some(min) = self.limits.min_items
            && count < min
        {
            return Err(self.refused(format!(
                "has {count} {}, fewer than the spec's minimum of {min}",
                items(count)
            )));
        }
        if let Some(max) = self.limits.max_items
            && count > max
        {
            return Err(self.refused(format!(
                "has {count} {}, more than the spec's maximum of {max}",
                items(count)
            )));
        }
        Ok(())
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, value: $ty) -> Result<(), Refused> {
            self.number(Number::Int(i128::from(value)))
        })*
    };
}

macro_rules! ignored {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<(), Refused> { Ok(()) })*
    };
}

impl<'a> Serializer for Walk<'a> {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = ser::Impossible<(), Refused>;
    type SerializeTupleStruct = ser::Impossible<(), Refused>;
    type SerializeTupleVariant = ser::Impossible<(), Refused>;
    type SerializeMap = ser::Impossible<(), Refused>;
    type SerializeStruct = ser::Impossible<(), Refused>;
    type SerializeStructVariant = ser::Impossible<(), Refused>;

    integers! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64,
    }

    ignored! {
        serialize_bool: bool, serialize_char: char, serialize_str: &str,
        serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    }

    fn serialize_u128(self, value: u128) -> Result<(), Refused> {
        match i128::try_from(value) {
            Ok(value) => self.number(Number::Int(value)),
            // Past any limit a spec writes.
            #[allow(clippy::cast_precision_loss, reason = "only compared")]
            Err(_) => self.number(Number::Float(value as f64)),
        }
    }

    fn serialize_f32(self, value: f32) -> Result<(), Refused> {
        self.number(Number::Float(f64::from(value)))
    }

    fn serialize_f64(self, value: f64) -> Result<(), Refused> {
        self.number(Number::Float(value))
    }

    fn serialize_none(self) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Refused> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'a>, Refused> {
        if self.depth == 0
            && let Some(len) = len
        {
            self.length(len)?;
        }
        Ok(Items {
            walk: self,
            count: 0,
            counted: len.is_some(),
        })
    }

    // Not lists or numbers: nothing of the schema's limits to look at
    // (`Refused(None)` ends the walk as fine).
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Refused> {
        Err(Refused(None))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Refused> {
        Err(Refused(None))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Refused> {
        Err(Refused(None))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Refused> {
        Err(Refused(None))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Refused> {
        Err(Refused(None))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Refused> {
        Err(Refused(None))
    }
}

/// A list's items, each walked with its index; the outermost list's
/// length checked at its end when serde did not say it first.
struct Items<'a> {
    walk: Walk<'a>,
    count: usize,
    counted: bool,
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        let item = Walk {
            index: Some(self.count),
            depth: self.walk.depth + 1,
            ..self.walk
        };
        self.count += 1;
        value.serialize(item)
    }

    fn end(self) -> Result<(), Refused> {
        if self.walk.depth == 0 && !self.counted {
            self.walk.length(self.count)?;
        }
        Ok(())
    }
}

/// Walks a struct's fields, each named one [`within`] its limits.
struct Fields<'a> {
    fields: &'a [(&'a str, Limits)],
}

impl<'a> Serializer for Fields<'a> {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = ser::Impossible<(), Refused>;
    type SerializeTuple = ser::Impossible<(), Refused>;
    type SerializeTupleStruct = ser::Impossible<(), Refused>;
    type SerializeTupleVariant = ser::Impossible<(), Refused>;
    type SerializeMap = ser::Impossible<(), Refused>;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Refused>;

    ignored! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    }

    fn serialize_none(self) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Refused> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Refused> {
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Refused> {
        Err(Refused(None))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Refused> {
        Err(Refused(None))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Refused> {
        Err(Refused(None))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Refused> {
        Err(Refused(None))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Refused> {
        Err(Refused(None))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Refused> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Refused> {
        Err(Refused(None))
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        match self.fields.iter().find(|(name, _)| *name == key) {
            Some((name, limits)) => within(name, value, limits).map_err(|e| Refused(Some(e))),
            None => Ok(()),
        }
    }

    fn end(self) -> Result<(), Refused> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: Limits = Limits {
        minimum: Some(60.0),
        ..Limits::NONE
    };

    fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
        let mut limits = Limits::default();
        f(&mut limits);
        limits
    }

    #[test]
    fn numbers_within_the_limits_pass_and_others_are_named() {
        assert_eq!(within("ttl", &60.0, &TTL), Ok(()));
        assert_eq!(within("ttl", &Some(300_u64), &TTL), Ok(()));
        assert_eq!(within("ttl", &None::<f64>, &TTL), Ok(()));
        assert_eq!(
            within("ttl", &30.0, &TTL),
            Err("`ttl` is 30, less than the spec's minimum of 60".to_owned())
        );
        assert_eq!(
            within("ttl", &Some(59_i64), &TTL),
            Err("`ttl` is 59, less than the spec's minimum of 60".to_owned())
        );
        let page = limits(|l| {
            l.minimum = Some(1.0);
            l.maximum = Some(1000.0);
        });
        assert_eq!(
            within("per_page", &1000.5, &page),
            Err("`per_page` is 1000.5, more than the spec's maximum of 1000".to_owned())
        );
        let open = limits(|l| {
            l.minimum = Some(0.0);
            l.exclusive_minimum = true;
            l.maximum = Some(1.0);
            l.exclusive_maximum = true;
        });
        assert_eq!(within("ratio", &0.5, &open), Ok(()));
        assert_eq!(
            within("ratio", &0, &open),
            Err("`ratio` is 0: the spec asks for more than 0".to_owned())
        );
        assert_eq!(
            within("ratio", &1.0, &open),
            Err("`ratio` is 1: the spec asks for less than 1".to_owned())
        );
        // NaN is left to the finite check.
        assert_eq!(within("ttl", &f64::NAN, &TTL), Ok(()));
    }

    #[test]
    fn multiples_are_exact_for_integers_and_within_rounding_for_fractions() {
        let tens = limits(|l| l.multiple_of = Some(10.0));
        assert_eq!(within("n", &30, &tens), Ok(()));
        assert_eq!(
            within("n", &35, &tens),
            Err("`n` is 35, not a multiple of 10 as the spec asks".to_owned())
        );
        let tenths = limits(|l| l.multiple_of = Some(0.1));
        assert_eq!(within("n", &0.3, &tenths), Ok(()));
        assert!(within("n", &0.35, &tenths).is_err());
    }

    #[test]
    fn a_list_s_length_and_its_numbers_are_checked() {
        let tags = limits(|l| l.max_items = Some(2));
        assert_eq!(within("tags", &vec!["a", "b"], &tags), Ok(()));
        assert_eq!(
            within("tags", &vec!["a", "b", "c"], &tags),
            Err("`tags` has 3 items, more than the spec's maximum of 2".to_owned())
        );
        let some = limits(|l| l.min_items = Some(1));
        assert_eq!(
            within("ids", &Vec::<u8>::new(), &some),
            Err("`ids` has 0 items, fewer than the spec's minimum of 1".to_owned())
        );
        let positive = limits(|l| l.minimum = Some(1.0));
        assert_eq!(
            within("ids", &vec![3.0, 0.0], &positive),
            Err("`ids[1]` is 0, less than the spec's minimum of 1".to_owned())
        );
        // Lists inside the items are not the schema's.
        assert_eq!(within("ids", &vec![vec![0.0]], &positive), Ok(()));
    }

    #[test]
    fn fields_of_a_body_are_checked_by_name() {
        #[derive(serde::Serialize)]
        struct Body {
            keys: Vec<&'static str>,
            #[serde(rename = "withMetadata")]
            with_metadata: bool,
            ttl: Option<f64>,
        }
        let fields = [("keys", limits(|l| l.max_items = Some(1))), ("ttl", TTL)];
        let body = |keys, ttl| Body {
            keys,
            with_metadata: true,
            ttl,
        };
        assert_eq!(fields_within(&body(vec!["a"], None), &fields), Ok(()));
        assert_eq!(
            fields_within(&body(vec!["a", "b"], None), &fields),
            Err("`keys` has 2 items, more than the spec's maximum of 1".to_owned())
        );
        assert_eq!(
            fields_within(&body(vec![], Some(1.0)), &fields),
            Err("`ttl` is 1, less than the spec's minimum of 60".to_owned())
        );
    }
}
