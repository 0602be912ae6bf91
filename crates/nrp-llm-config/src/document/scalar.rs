//! Plain scalar resolution, as serde-saphyr does it: which keys and values the fast readers
//! accept, and what they resolve to.
//!
//! Plain scalars are resolved exactly as serde-saphyr 2.2's `deserialize_any` does with the
//! options of the reference loader (YAML 1.2 core schema, `strict_booleans`,
//! `leading_zero_numbers_as_strings`); the helper functions below mirror its private
//! `parse_scalars` module. The workspace pins serde-saphyr to that exact version, and the
//! differential tests (`tests/it/loader_diff.rs`, the `loader_diff` and `scan_diff` fuzz targets)
//! fail when the two drift apart.

use std::borrow::Cow;

use serde_json::{Number, Value};
use serde_saphyr::granit_parser::ScalarStyle;

use super::limits::Limits;

/// A mapping key: only keys that serde-saphyr resolves to the same string in the same way are
/// accepted (its duplicate check compares integers by value, so integer-like keys are refused).
pub(super) fn resolve_key(value: Cow<'_, str>, style: ScalarStyle) -> Option<String> {
    if value == "<<" {
        return None;
    }
    if style != ScalarStyle::Plain || obviously_str(&value) {
        return Some(value.into_owned());
    }
    let t = yaml_trim(&value);
    let integer_like = if t.starts_with('-') {
        parse_int_signed(t).is_some()
    } else {
        parse_int_unsigned(t).is_some()
    };
    if integer_like {
        return None;
    }
    match resolve_plain(&value)? {
        Plain::Str => Some(value.into_owned()),
        _ => None,
    }
}

pub(super) fn resolve_value(
    value: Cow<'_, str>,
    style: ScalarStyle,
    limits: &Limits,
) -> Option<Value> {
    if style == ScalarStyle::Plain {
        match resolve_plain(&value)? {
            Plain::Null => return Some(Value::Null),
            Plain::Bool(b) => return Some(Value::Bool(b)),
            Plain::I64(i) => return Some(Value::Number(i.into())),
            Plain::U64(u) => return Some(Value::Number(u.into())),
            Plain::F64(f) => return Number::from_f64(f).map(Value::Number),
            Plain::Str => {}
        }
    }
    if value.len() > limits.max_scalar_bytes {
        return None;
    }
    Some(Value::String(value.into_owned()))
}

enum Plain {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    /// The scalar's text, unchanged.
    Str,
}

/// Resolves an untagged plain scalar as serde-saphyr's `deserialize_any` does, or `None` when
/// the reference path would refuse it (non-finite floats, integers wider than 64 bits).
fn resolve_plain(s: &str) -> Option<Plain> {
    if obviously_str(s) {
        return Some(Plain::Str);
    }
    if matches!(s, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Plain::Null);
    }
    let t = yaml_trim(s);
    match t {
        "true" | "True" | "TRUE" => return Some(Plain::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Plain::Bool(false)),
        _ => {}
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let uppercase_radix = matches!(unsigned.as_bytes(), [b'0', b'X' | b'O' | b'B', ..]);
    let signed_nan = t.len() != unsigned.len() && matches!(unsigned, ".nan" | ".NaN" | ".NAN");
    if uppercase_radix || signed_nan || leading_zero_decimal(t) {
        return Some(Plain::Str);
    }
    if t.starts_with('-') {
        if let Some(i) = parse_int_signed(t).and_then(|v| i64::try_from(v).ok()) {
            return Some(Plain::I64(i));
        }
    } else if let Some(u) = parse_int_unsigned(t).and_then(|v| u64::try_from(v).ok()) {
        return Some(Plain::U64(u));
    }
    // YAML 1.2 non-finite spellings: refused by the reference (not representable in JSON).
    if matches!(
        unsigned,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF"
    ) {
        return None;
    }
    if let Ok(f) = t.parse::<f64>() {
        if f.is_finite() {
            // An integer too wide for 64 bits reads as a float; the reference refuses it.
            if unsigned.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            return Some(Plain::F64(f));
        }
        // `1e999` overflows to infinity and is refused; `inf`, `nan` stay strings.
        if unsigned.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
    }
    Some(Plain::Str)
}

/// A shortcut for the common case: a plain scalar whose first character is a letter that
/// starts no null, boolean or number spelling is a string. (Numbers start with a digit, a sign
/// or a dot, and `f64::from_str` also reads `inf`, `infinity` and `nan` in any case; nulls and
/// booleans start with `n`, `N`, `t`, `T`, `f` or `F`; an integer-like key starts with a digit
/// or a sign.)
fn obviously_str(s: &str) -> bool {
    s.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() && !b"nNtTfFiI".contains(b))
}

fn yaml_trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

/// `0127`, `+0127`, `-0127`: kept as strings (`leading_zero_numbers_as_strings`).
fn leading_zero_decimal(t: &str) -> bool {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Radix and digits after an optional `0x`/`0o`/`0b` prefix (no legacy octal).
fn radix_and_digits(rest: &str) -> (u32, &str) {
    if let Some(r) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
        (16, r)
    } else if let Some(r) = rest.strip_prefix("0o").or_else(|| rest.strip_prefix("0O")) {
        (8, r)
    } else if let Some(r) = rest.strip_prefix("0b").or_else(|| rest.strip_prefix("0B")) {
        (2, r)
    } else {
        (10, rest)
    }
}

/// Digits with single underscores between them, in `radix`; `None` on anything else.
fn parse_digits(digits: &str, radix: u32) -> Option<u128> {
    let bytes = digits.as_bytes();
    let mut val: u128 = 0;
    let mut saw = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let prev_ok = i > 0 && bytes[i - 1] != b'_';
            let next_ok = i + 1 < bytes.len() && bytes[i + 1] != b'_';
            if !prev_ok || !next_ok {
                return None;
            }
            continue;
        }
        let d = char::from(b).to_digit(radix)?;
        val = val
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(d))?;
        saw = true;
    }
    saw.then_some(val)
}

/// serde-saphyr's `parse_int_signed::<i128>` (trimmed input).
fn parse_int_signed(t: &str) -> Option<i128> {
    let (neg, rest) = match t.strip_prefix('+') {
        Some(r) => (false, r),
        None => match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t),
        },
    };
    let (radix, digits) = radix_and_digits(rest);
    if radix == 10 && digits.starts_with('0') && digits != "0" {
        return None;
    }
    let mag = parse_digits(digits, radix)?;
    if neg {
        if mag == (i128::MAX as u128) + 1 {
            Some(i128::MIN)
        } else {
            i128::try_from(mag).ok()?.checked_neg()
        }
    } else {
        i128::try_from(mag).ok()
    }
}

/// serde-saphyr's `parse_int_unsigned::<u128>` (trimmed input).
fn parse_int_unsigned(t: &str) -> Option<u128> {
    if t.starts_with('-') {
        return None;
    }
    let rest = t.strip_prefix('+').unwrap_or(t);
    let (radix, digits) = radix_and_digits(rest);
    if radix == 10 && digits.starts_with('0') && digits != "0" {
        return None;
    }
    parse_digits(digits, radix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_resolve_like_serde_saphyr() {
        let cases: &[(&str, &str)] = &[
            ("", "null"),
            ("~", "null"),
            ("NULL", "null"),
            ("nUll", "\"nUll\""),
            ("True", "true"),
            ("yes", "\"yes\""),
            ("0x1F", "31"),
            ("0X1F", "\"0X1F\""),
            ("0o17", "15"),
            ("0b101", "5"),
            ("-0x10", "-16"),
            ("010", "\"010\""),
            ("0", "0"),
            ("-0", "0"),
            ("+5", "5"),
            ("1_000", "1000"),
            ("1__0", "\"1__0\""),
            ("1.5", "1.5"),
            ("1e3", "1000.0"),
            (".5", "0.5"),
            ("inf", "\"inf\""),
            ("nan", "\"nan\""),
            ("-.nan", "\"-.nan\""),
            ("1.0.0", "\"1.0.0\""),
            ("10Gi", "\"10Gi\""),
            ("envoy-ai-gateway", "\"envoy-ai-gateway\""),
            ("e5", "\"e5\""),
            ("E5", "\"E5\""),
            ("Infinity", "\"Infinity\""),
            ("NaN", "\"NaN\""),
            ("x1", "\"x1\""),
        ];
        let limits = Limits::default();
        for (input, want) in cases {
            let got = resolve_value(Cow::Borrowed(input), ScalarStyle::Plain, &limits);
            assert_eq!(
                got.map(|v| v.to_string()).as_deref(),
                Some(*want),
                "{input:?}"
            );
        }
        for refused in [".inf", "-.Inf", ".nan", "1e999", "99999999999999999999"] {
            assert!(resolve_key(Cow::Borrowed(refused), ScalarStyle::Plain).is_none());
            assert!(
                resolve_value(Cow::Borrowed(refused), ScalarStyle::Plain, &limits).is_none(),
                "{refused:?}"
            );
        }
    }
}
