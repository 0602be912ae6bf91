//! CRD defaulting, as the API server does it before validation.
//!
//! Mirrors `structuraldefaulting.PruneNonNullableNullsWithoutDefaults` followed by
//! `structuraldefaulting.Default`: a `null` in a non-nullable field without a default is
//! dropped; a missing field (or a non-nullable `null`) with a `default:` gets a copy of the
//! default; then defaulting recurses into every value, including the ones just set.

use super::schemas::{Additional, Node};
use serde_json::Value;

/// Would [`apply`] change `value`? A read-only walk, so that objects which already carry every
/// default (the usual case) are validated without being copied.
pub(crate) fn needed(node: &Node, value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            for (name, prop) in &node.properties {
                match map.get(name) {
                    None if prop.default.is_some() => return true,
                    Some(Value::Null) if !prop.nullable => return true,
                    _ => {}
                }
            }
            if let Additional::Schema(s) = &node.additional
                && !s.nullable
                && map
                    .iter()
                    .any(|(k, v)| v.is_null() && node.property(k).is_none())
            {
                // Either dropped (no default) or replaced by the default.
                return true;
            }
            map.iter()
                .any(|(k, v)| node.child(k).is_some_and(|c| needed(c, v)))
        }
        Value::Array(items) => node.items.as_ref().is_some_and(|item| {
            items.iter().any(|v| {
                (v.is_null() && !item.nullable && item.default.is_some()) || needed(item, v)
            })
        }),
        _ => false,
    }
}

/// Applies the defaults of `node` to `value` in place.
pub(crate) fn apply(node: &Node, value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (name, prop) in &node.properties {
                match map.get(name) {
                    None => {
                        if let Some(d) = &prop.default {
                            map.insert(name.clone(), d.clone());
                        }
                    }
                    Some(Value::Null) if !prop.nullable => match &prop.default {
                        Some(d) => {
                            map.insert(name.clone(), d.clone());
                        }
                        None => {
                            map.remove(name);
                        }
                    },
                    Some(_) => {}
                }
            }
            let extra = match &node.additional {
                Additional::Schema(s) => Some(s),
                _ => None,
            };
            if let Some(s) = extra
                && !s.nullable
            {
                let known = |k: &str| node.property(k).is_some();
                let drop: Vec<String> = map
                    .iter()
                    .filter(|(k, v)| v.is_null() && !known(k) && s.default.is_none())
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in drop {
                    map.remove(&k);
                }
            }
            for (k, v) in map.iter_mut() {
                if let Some(child) = node.child(k) {
                    if v.is_null()
                        && !child.nullable
                        && let Some(d) = &child.default
                    {
                        *v = d.clone();
                    }
                    apply(child, v);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = &node.items {
                for v in items.iter_mut() {
                    if v.is_null()
                        && !item.nullable
                        && let Some(d) = &item.default
                    {
                        *v = d.clone();
                    }
                    apply(item, v);
                }
            }
        }
        _ => {}
    }
}
