//! The one-pass loader: granit-parser events straight into `serde_json::Value` plus pre-order
//! positions, without serde-saphyr's deserializer and without an intermediate tree.
//!
//! It reproduces what the reference path (`super::parse_str_reference`: serde-saphyr into a
//! `Spanned<Node>` tree, then `Converter`) builds, for the YAML that Kubernetes configurations
//! actually use: block and flow mappings and sequences, plain, quoted and block scalars, several
//! documents, comments, CRLF. Whenever the input leaves that well-understood subset, or anything
//! at all would be an error, [`load`] answers `None` and the caller runs the reference path, which
//! then produces the result (or the error) itself. So the fast path never has to reproduce an
//! error message; it only has to be exact on what it accepts. It gives up on:
//!
//! - any parser error (syntax, nesting limits of the parser);
//! - tags (`!!str`, `!custom`), anchors and aliases (alias expansion and its budgets stay in
//!   serde-saphyr), merge keys (`<<`);
//! - keys that are not strings after resolution (`1:`, `true:`, `~:`, `0x1F:`), complex keys,
//!   duplicate keys;
//! - scalars that resolve to non-finite floats or to integers wider than 64 bits, strings longer
//!   than [`Limits::max_scalar_bytes`];
//! - nesting deeper than [`Limits::max_depth`], and coming near any other budget serde-saphyr
//!   enforces (events, nodes, documents, total scalar bytes).
//!
//! Plain scalars are resolved exactly as serde-saphyr 2.2's `deserialize_any` does with the
//! options of `super::saphyr_options` (YAML 1.2 core schema, `strict_booleans`,
//! `leading_zero_numbers_as_strings`); the helper functions below mirror its private
//! `parse_scalars` module.

use super::{Limits, Pos};
use serde_json::{Map, Number, Value};
use serde_saphyr::granit_parser::{Event, Options as ParserOptions, Parser, ScalarStyle, Span};
use std::borrow::Cow;

/// serde-saphyr's default `Budget::max_events`; `saphyr_options` leaves it unchanged.
pub(super) const SAPHYR_MAX_EVENTS: usize = 1_000_000;
/// serde-saphyr's default `Budget::max_total_scalar_bytes`.
pub(super) const SAPHYR_MAX_TOTAL_SCALAR_BYTES: usize = 64 * 1024 * 1024;
/// How far below a serde-saphyr budget the fast path gives up (it counts slightly differently).
pub(super) const MARGIN: usize = 64;

/// One document read by the fast path (null documents are not returned, as in the reference).
pub(super) struct FastDoc {
    pub(super) value: Value,
    pub(super) positions: Vec<Pos>,
}

enum Frame {
    Map {
        map: Map<String, Value>,
        /// The key waiting for its value, with the key's position.
        key: Option<(String, Pos)>,
    },
    Seq(Vec<Value>),
}

/// The granit-parser options serde-saphyr derives from `saphyr_options(limits)`.
fn parser_options(limits: &Limits) -> ParserOptions {
    let mut o = ParserOptions::default();
    o.emit_comments = false;
    o.simple_key_max_lookahead = 1024;
    o.flow_nesting_limit = 255;
    // serde-saphyr: max(parser default, budget.max_depth + 1), budget.max_depth = max_depth + 2.
    o.block_nesting_limit = o
        .block_nesting_limit
        .max(limits.max_depth.saturating_add(3));
    o.max_buffered_comment_events = 32;
    o.strict_indentation = false;
    o.bom_inside_document_as_content = false;
    o
}

fn pos(span: &Span) -> Pos {
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col().saturating_add(1)).unwrap_or(u32::MAX),
    }
}

/// Reads every document of `text` (BOM already stripped), or `None` when the reference path
/// must decide (see the module documentation). The line scanner (`super::scan`) is tried
/// first; it reads typical Kubernetes block YAML several times faster and gives up on anything
/// else, which the event loop below then reads.
pub(super) fn load(text: &str, limits: &Limits) -> Option<Vec<FastDoc>> {
    super::scan::load(text, limits).or_else(|| load_events(text, limits))
}

/// The granit-parser event loop behind [`load`].
pub(super) fn load_events(text: &str, limits: &Limits) -> Option<Vec<FastDoc>> {
    let mut parser = Parser::new_from_str_with_options(text, parser_options(limits));
    let max_events = SAPHYR_MAX_EVENTS - MARGIN;
    let max_nodes = limits.max_nodes.saturating_sub(MARGIN);
    let max_documents = limits.max_documents.saturating_sub(1);
    let max_scalar_total = SAPHYR_MAX_TOTAL_SCALAR_BYTES - MARGIN;

    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::with_capacity(16);
    let mut positions: Vec<Pos> = Vec::new();
    let mut root: Option<Value> = None;
    let mut events = 0usize;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    let mut scalar_bytes = 0usize;

    while let Some(next) = parser.next_event() {
        let (event, span) = next.ok()?;
        events += 1;
        if events > max_events {
            return None;
        }
        match event {
            Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > max_documents {
                    return None;
                }
                root = None;
                positions.clear();
            }
            Event::DocumentEnd => {
                if let Some(value) = root.take() {
                    let cap = positions.len();
                    let positions = std::mem::replace(&mut positions, Vec::with_capacity(cap));
                    docs.push(FastDoc { value, positions });
                }
                positions.clear();
            }
            Event::Scalar(value, style, anchor, tag) => {
                nodes += 1;
                scalar_bytes += value.len();
                if anchor != 0
                    || tag.is_some()
                    || nodes > max_nodes
                    || scalar_bytes > max_scalar_total
                {
                    return None;
                }
                let here = pos(&span);
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    // Duplicates are found when the value is inserted.
                    *key = Some((resolve_key(value, style)?, here));
                    continue;
                }
                // The reference counts the root as depth 0, a scalar in a root mapping as 1.
                if stack.len() > limits.max_depth {
                    return None;
                }
                let v = resolve_value(value, style, limits)?;
                match stack.last_mut() {
                    None => {
                        // A null document is skipped, as `from_multiple` does.
                        if v.is_null() {
                            continue;
                        }
                        positions.push(here);
                        root = Some(v);
                    }
                    Some(Frame::Seq(items)) => {
                        positions.push(here);
                        items.push(v);
                    }
                    Some(Frame::Map { map, key }) => {
                        let (k, kp) = key.take()?;
                        positions.push(kp);
                        if map.insert(k, v).is_some() {
                            return None;
                        }
                    }
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                nodes += 1;
                if anchor != 0 || tag.is_some() || nodes > max_nodes {
                    return None;
                }
                let at = match stack.last_mut() {
                    None => pos(&span),
                    Some(Frame::Seq(_)) => pos(&span),
                    Some(Frame::Map {
                        key: Some((_, kp)), ..
                    }) => *kp,
                    // A list or mapping used as a key.
                    Some(Frame::Map { key: None, .. }) => return None,
                };
                if stack.len() > limits.max_depth {
                    return None;
                }
                positions.push(at);
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        map: Map::new(),
                        key: None,
                    }
                } else {
                    Frame::Seq(Vec::new())
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let v = match stack.pop()? {
                    Frame::Map { map, key: None } => Value::Object(map),
                    Frame::Seq(items) => Value::Array(items),
                    Frame::Map { key: Some(_), .. } => return None,
                };
                match stack.last_mut() {
                    None => root = Some(v),
                    Some(Frame::Seq(items)) => items.push(v),
                    Some(Frame::Map { map, key }) => {
                        let (k, _) = key.take()?;
                        if map.insert(k, v).is_some() {
                            return None;
                        }
                    }
                }
            }
            // Aliases, anchors and comments (not requested) are left to the reference path.
            _ => return None,
        }
    }
    if !stack.is_empty() || root.is_some() {
        return None;
    }
    Some(docs)
}

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
