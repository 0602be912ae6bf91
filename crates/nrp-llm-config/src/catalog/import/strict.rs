//! Strict reading of an object for the importer: a field the catalog cannot describe rejects the
//! object (with the field's path and why), so it is kept verbatim instead.

use crate::path::FieldPath;
use serde_json::{Map, Value};

/// Why an object cannot be expressed: where, and what.
pub(super) type Reject = (FieldPath, String);

pub(super) fn p(s: &str) -> FieldPath {
    s.parse().unwrap_or_default()
}

pub(super) fn reject<T>(path: FieldPath, why: impl Into<String>) -> Result<T, Reject> {
    Err((path, why.into()))
}

/// Fails when `map` has a key outside `allowed`.
pub(super) fn only_keys(
    map: &Map<String, Value>,
    allowed: &[&str],
    at: &FieldPath,
) -> Result<(), Reject> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => reject(
            at.clone().field(k.clone()),
            format!(
                "field `{}` is not described by the catalog",
                at.clone().field(k.clone())
            ),
        ),
        None => Ok(()),
    }
}

pub(super) fn as_map<'a>(
    v: Option<&'a Value>,
    at: &FieldPath,
) -> Result<&'a Map<String, Value>, Reject> {
    match v {
        Some(Value::Object(m)) => Ok(m),
        _ => reject(at.clone(), format!("`{at}` is not a mapping")),
    }
}

pub(super) fn as_str<'a>(v: Option<&'a Value>, at: &FieldPath) -> Result<&'a str, Reject> {
    match v {
        Some(Value::String(s)) => Ok(s),
        _ => reject(at.clone(), format!("`{at}` is not a string")),
    }
}

pub(super) fn as_array<'a>(v: Option<&'a Value>, at: &FieldPath) -> Result<&'a [Value], Reject> {
    match v {
        Some(Value::Array(a)) => Ok(a),
        _ => reject(at.clone(), format!("`{at}` is not a list")),
    }
}

pub(super) fn as_u32(v: Option<&Value>, at: &FieldPath) -> Result<Option<u32>, Reject> {
    match v {
        None => Ok(None),
        Some(x) => match x.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if i32::try_from(n).is_ok() => Ok(Some(n)),
            _ => reject(
                at.clone(),
                format!("`{at}` is not a small non-negative integer"),
            ),
        },
    }
}
