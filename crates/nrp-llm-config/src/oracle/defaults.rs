//! CRD defaulting, as the API server does it before validation.
//!
//! Mirrors `structuraldefaulting.PruneNonNullableNullsWithoutDefaults` followed by
//! `structuraldefaulting.Default`: a `null` in a non-nullable field without a default is
//! dropped; a missing field (or a non-nullable `null`) with a `default:` gets a copy of the
//! default; then defaulting recurses into every value, including the ones just set.

use super::schemas::{Additional, Node};
use serde_json::Value;

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
