//! The numbers the tree's setters and arguments take: any primitive
//! number where the spec's type is a number, any primitive integer where
//! it is an integer, converted when given and refused (by `send()`, naming
//! the parameter) when it does not fit, never rounded or cut.

use std::fmt::Display;
use std::num::{NonZeroU8, NonZeroU16, NonZeroU32, NonZeroU64};

/// A primitive number (`i8` to `i128`, `isize`, `u8` to `u128`, `usize`,
/// `f32`, `f64`): what a setter or argument whose spec type is `number`
/// takes (`.page(2)`, `.page(page_usize)`,
/// `.expiration_ttl(ttl.as_secs())`, `.per_page(2.5)`).
///
/// The spec's `number` is a 64-bit float (`f64`), which holds every whole
/// number up to 2^53 (9,007,199,254,740,992) exactly, and above it only
/// some (2^60, but not 2^53 + 1). A whole number it holds is sent as it is
/// (`page=1152921504606846976`); one it does not is refused, naming the
/// parameter, and nothing is sent: it is never rounded to a neighbour.
/// A NaN or infinite float is refused the same way.
///
/// Sealed: implemented for the primitive numbers only.
pub trait Number: sealed::Sealed + Copy {}

/// A primitive integer (`i8` to `i128`, `isize`, `u8` to `u128`,
/// `usize`): what a setter or argument whose spec type is `integer`
/// takes. One outside the parameter's Rust type (`i64`, say, or `u32`
/// where the spec's `format` asks for it) is refused, naming the
/// parameter, and nothing is sent.
///
/// Sealed: implemented for the primitive integers only.
pub trait Integer: Number {}

#[doc(hidden)]
pub use sealed::Exact;

mod sealed {
    /// A primitive number, exactly.
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub enum Exact {
        Signed(i128),
        Unsigned(u128),
        Float(f64),
    }

    pub trait Sealed {
        fn exact(self) -> Exact;
    }
}

macro_rules! numbers {
    ($variant:ident as $wide:ty: $($ty:ty),*) => {$(
        impl sealed::Sealed for $ty {
            fn exact(self) -> Exact {
                Exact::$variant(<$wide>::from(self))
            }
        }
        impl Number for $ty {}
    )*};
}

numbers!(Signed as i128: i8, i16, i32, i64, i128);
numbers!(Unsigned as u128: u8, u16, u32, u64, u128);
numbers!(Float as f64: f32, f64);

impl sealed::Sealed for isize {
    fn exact(self) -> Exact {
        // `isize` is at most 64 bits on every target Rust supports.
        Exact::Signed(self as i128)
    }
}
impl Number for isize {}

impl sealed::Sealed for usize {
    fn exact(self) -> Exact {
        Exact::Unsigned(self as u128)
    }
}
impl Number for usize {}

impl Integer for i8 {}
impl Integer for i16 {}
impl Integer for i32 {}
impl Integer for i64 {}
impl Integer for i128 {}
impl Integer for isize {}
impl Integer for u8 {}
impl Integer for u16 {}
impl Integer for u32 {}
impl Integer for u64 {}
impl Integer for u128 {}
impl Integer for usize {}

/// `value`, exactly.
#[doc(hidden)]
pub fn exact(value: impl Number) -> Exact {
    sealed::Sealed::exact(value)
}

/// A type a number is converted into: the Rust types typify gives the
/// spec's numbers and integers.
#[doc(hidden)]
pub trait FromNumber: Sized {
    /// `value` as `Self`, or why not (without the parameter's name, which
    /// the caller adds).
    fn from_number(value: Exact) -> Result<Self, String>;
}

impl Display for Exact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exact::Signed(n) => n.fmt(f),
            Exact::Unsigned(n) => n.fmt(f),
            Exact::Float(n) => n.fmt(f),
        }
    }
}

/// `magnitude` as a float with `bits` of mantissa, when it holds it
/// exactly: at most `bits` significant binary digits.
fn exact_in(magnitude: u128, bits: u32) -> bool {
    magnitude == 0 || (magnitude >> magnitude.trailing_zeros()) >> bits == 0
}

/// A whole number as a float of `bits` bits of mantissa, or why not.
fn whole_as_float(value: Exact, bits: u32, float: &str) -> Result<f64, String> {
    let (negative, magnitude) = match value {
        Exact::Signed(n) => (n < 0, n.unsigned_abs()),
        Exact::Unsigned(n) => (false, n),
        Exact::Float(n) => return Ok(n),
    };
    if !exact_in(magnitude, bits) {
        return Err(format!(
            "{value} cannot be sent exactly: the spec's `number` is {float}, which holds every \
             whole number up to 2^{bits} ({}) but not this one",
            1u64 << bits
        ));
    }
    #[allow(clippy::cast_precision_loss, reason = "exact: checked above")]
    let float = magnitude as f64;
    Ok(if negative { -float } else { float })
}

impl FromNumber for f64 {
    fn from_number(value: Exact) -> Result<Self, String> {
        whole_as_float(value, f64::MANTISSA_DIGITS, "a 64-bit float")
    }
}

impl FromNumber for f32 {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "exact, or a float's rounding"
    )]
    fn from_number(value: Exact) -> Result<Self, String> {
        whole_as_float(value, f32::MANTISSA_DIGITS, "a 32-bit float").map(|n| n as f32)
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl FromNumber for $ty {
            fn from_number(value: Exact) -> Result<Self, String> {
                let fits = match value {
                    Exact::Signed(n) => <$ty>::try_from(n).ok(),
                    Exact::Unsigned(n) => <$ty>::try_from(n).ok(),
                    // Whole, and within `i128` (2^127 is the first float
                    // past it): converted exactly.
                    #[allow(clippy::cast_possible_truncation, reason = "whole and in range")]
                    Exact::Float(n) if n.fract() == 0.0 && n.abs() < 2f64.powi(127) => {
                        <$ty>::try_from(n as i128).ok()
                    }
                    Exact::Float(_) => return Err(format!("{value} is not a whole number")),
                };
                fits.ok_or_else(|| {
                    format!(
                        "{value} does not fit in the parameter's type, `{}` (from {} to {})",
                        stringify!($ty),
                        <$ty>::MIN,
                        <$ty>::MAX
                    )
                })
            }
        }
    )*};
}

integers!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

macro_rules! non_zero {
    ($($ty:ident($inner:ty)),*) => {$(
        impl FromNumber for $ty {
            fn from_number(value: Exact) -> Result<Self, String> {
                let inner = <$inner>::from_number(value)?;
                $ty::new(inner).ok_or_else(|| {
                    format!("{value} is not a positive integer (the spec's minimum is 1)")
                })
            }
        }
    )*};
}

non_zero!(
    NonZeroU8(u8),
    NonZeroU16(u16),
    NonZeroU32(u32),
    NonZeroU64(u64)
);

#[cfg(test)]
mod tests {
    use super::*;

    fn into<T: FromNumber>(value: impl Number) -> Result<T, String> {
        T::from_number(exact(value))
    }

    #[test]
    fn any_primitive_number_becomes_a_float_when_the_float_holds_it_exactly() {
        assert_eq!(into::<f64>(2u8), Ok(2.0));
        assert_eq!(into::<f64>(-3i128), Ok(-3.0));
        assert_eq!(into::<f64>(300usize), Ok(300.0));
        assert_eq!(into::<f64>(1u64 << 53), Ok(9_007_199_254_740_992.0));
        assert_eq!(into::<f64>(1u64 << 60), Ok(1_152_921_504_606_846_976.0));
        assert_eq!(
            into::<f64>(u128::MAX - (u128::MAX >> 53)),
            Ok(2f64.powi(128) - 2f64.powi(75))
        );
        assert_eq!(into::<f64>(i64::MIN), Ok(-(2f64.powi(63))));
        assert_eq!(into::<f64>(2.5f32), Ok(2.5));
        assert!(
            into::<f64>(f64::NAN).unwrap().is_nan(),
            "refused by the finite check"
        );
        assert_eq!(
            into::<f64>((1u64 << 53) + 1),
            Err(
                "9007199254740993 cannot be sent exactly: the spec's `number` is a 64-bit \
                 float, which holds every whole number up to 2^53 (9007199254740992) but not \
                 this one"
                    .to_owned()
            )
        );
        for refused in [
            exact(i64::MAX),
            exact(u64::MAX),
            exact(u128::MAX),
            exact(-(1i64 << 53) - 1),
        ] {
            assert!(f64::from_number(refused).is_err(), "{refused}");
        }
        assert_eq!(into::<f32>(1u32 << 24), Ok(16_777_216.0));
        assert!(
            into::<f32>((1u32 << 24) + 1)
                .unwrap_err()
                .contains("2^24 (16777216)")
        );
        assert_eq!(into::<f32>(0.1f64), Ok(0.1f32));
    }

    #[test]
    fn any_primitive_integer_becomes_an_integer_that_holds_it() {
        assert_eq!(into::<i64>(u64::from(u32::MAX)), Ok(i64::from(u32::MAX)));
        assert_eq!(into::<i64>(5usize), Ok(5));
        assert_eq!(into::<i64>(-5i8), Ok(-5));
        assert_eq!(into::<u32>(7i128), Ok(7));
        assert_eq!(
            into::<i64>(u64::MAX),
            Err(
                "18446744073709551615 does not fit in the parameter's type, `i64` \
                 (from -9223372036854775808 to 9223372036854775807)"
                    .to_owned()
            )
        );
        assert!(
            into::<u8>(-1i32)
                .unwrap_err()
                .contains("`u8` (from 0 to 255)")
        );
        assert_eq!(into::<NonZeroU64>(3u8), Ok(NonZeroU64::new(3).unwrap()));
        assert_eq!(
            into::<NonZeroU64>(0u8),
            Err("0 is not a positive integer (the spec's minimum is 1)".to_owned())
        );
        // Floats, which integer setters do not take, still convert exactly.
        assert_eq!(into::<i64>(3.0f64), Ok(3));
        assert!(
            into::<i64>(3.5f64)
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(into::<i64>(1e30f64).is_err());
    }
}
