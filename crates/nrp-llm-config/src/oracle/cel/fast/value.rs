//! The values a program sees: borrowed from the JSON object, bound exactly as kube-cel would
//! convert them (maps and records, escaped keys, formats), or unknown.

use kube_core::cel::{CompiledSchema, SchemaFormat};
use serde_json::{Map, Value};

use super::program::Lit;

/// A value during evaluation: borrowed from the object or the program wherever possible.
#[derive(Clone, Debug)]
pub(super) enum V<'a> {
    /// A comprehension variable before its first binding.
    Unset,
    Bool(bool),
    Int(i64),
    Str(&'a str),
    OwnedStr(String),
    /// A JSON array and the conversion schema of its items.
    List(&'a [Value], Option<&'a CompiledSchema>),
    /// A JSON object and its conversion schema.
    Obj(&'a Map<String, Value>, Option<&'a CompiledSchema>),
    /// A list literal of literals.
    Consts(&'a [Lit]),
    /// A list built during evaluation.
    Vals(Vec<V<'a>>),
}

impl<'a> V<'a> {
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            V::Str(s) => Some(s),
            V::OwnedStr(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn len(&self) -> Option<usize> {
        match self {
            V::List(a, _) => Some(a.len()),
            V::Consts(c) => Some(c.len()),
            V::Vals(v) => Some(v.len()),
            _ => None,
        }
    }

    /// Element `i` of a list value.
    pub(super) fn item(&self, i: usize) -> Option<V<'a>> {
        match self {
            V::List(a, s) => from_json(a.get(i)?, *s),
            V::Consts(c) => Some(lit(c.get(i)?)),
            V::Vals(v) => v.get(i).cloned(),
            _ => None,
        }
    }
}

pub(super) fn lit(l: &Lit) -> V<'_> {
    match l {
        Lit::Bool(b) => V::Bool(*b),
        Lit::Int(i) => V::Int(*i),
        Lit::Str(s) => V::Str(s),
    }
}

/// The value kube-cel would bind for `v` converted with schema `s`, when we model it.
pub(super) fn from_json<'a>(v: &'a Value, s: Option<&'a CompiledSchema>) -> Option<V<'a>> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => V::Bool(*b),
        Value::Number(n) => V::Int(n.as_i64()?),
        Value::String(x) => {
            if let Some(s) = s
                && !matches!(s.format, SchemaFormat::None | SchemaFormat::IntOrString)
            {
                return None;
            }
            V::Str(x)
        }
        Value::Array(a) => V::List(a, s.and_then(|s| s.items.as_deref())),
        Value::Object(m) => {
            if s.is_some_and(|s| s.embedded_resource) {
                return None;
            }
            V::Obj(m, s)
        }
    })
}

/// CEL words that kube-cel escapes as `__word__` when they are object keys.
pub(super) const RESERVED: [&str; 21] = [
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

/// A key that kube-cel's field-name escaping leaves unchanged.
pub(super) fn plain_key(k: &str) -> bool {
    !k.contains(['_', '.', '-', '/']) && !RESERVED.contains(&k)
}

/// Whether kube-cel escapes the object key `k` to `x` (without building the escaped key).
pub(super) fn escapes_to(k: &str, x: &str) -> bool {
    if RESERVED.contains(&k) {
        return x.len() == k.len() + 4
            && x.starts_with("__")
            && x.ends_with("__")
            && &x[2..x.len() - 2] == k;
    }
    let mut rest = x;
    for ch in k.chars() {
        let rep = match ch {
            '_' => "__",
            '.' => "__dot__",
            '-' => "__dash__",
            '/' => "__slash__",
            _ => {
                let Some(r) = rest.strip_prefix(ch) else {
                    return false;
                };
                rest = r;
                continue;
            }
        };
        let Some(r) = rest.strip_prefix(rep) else {
            return false;
        };
        rest = r;
    }
    rest.is_empty()
}

/// The entry of a converted object under the CEL key `x`: `Ok(None)` when there is none,
/// `Err(())` when it cannot be told (several keys escape to `x`).
pub(super) fn entry<'a>(
    m: &'a Map<String, Value>,
    s: Option<&'a CompiledSchema>,
    x: &str,
) -> Result<Option<(&'a String, &'a Value)>, ()> {
    if s.is_some_and(|s| s.is_map) || plain_key(x) {
        return Ok(m.get_key_value(x));
    }
    let mut found = None;
    for (k, v) in m {
        if escapes_to(k, x) {
            if found.is_some() {
                return Err(());
            }
            found = Some((k, v));
        }
    }
    Ok(found)
}

/// The conversion schema of the value under key `k` of an object converted with `s`.
pub(super) fn child_schema<'a>(
    s: Option<&'a CompiledSchema>,
    k: &str,
) -> Option<&'a CompiledSchema> {
    let s = s?;
    s.properties.get(k).or(s.additional_properties.as_deref())
}
