//! Lists and objects: item counts, list-type uniqueness, required and unknown fields.

use std::collections::HashSet;

use super::messages::{go_value, quote};
use super::{At, Walker};
use crate::Code;
use crate::oracle::schemas::{Additional, Node};
use serde_json::Value;

impl Walker {
    pub(super) fn check_array(&mut self, node: &Node, items: &[Value], path: &At<'_>) {
        let name = path;
        let n = items.len() as u64;
        if let Some(min) = node.min_items
            && n < min
        {
            self.push(
                path,
                Code::TOO_SHORT,
                format!(
                    "{name}: Invalid value: {n}: {name} in body should have at least {min} items"
                ),
                false,
            );
        }
        if let Some(max) = node.max_items
            && n > max
        {
            self.push(
                path,
                Code::TOO_MANY,
                format!("{name}: Too many: {n}: must have at most {max} items"),
                false,
            );
        }
        if let Some(item) = &node.items {
            for (i, v) in items.iter().enumerate() {
                self.check(item, v, &path.index(i));
            }
        }
        match node.list_type.as_deref() {
            Some("set") => {
                let mut seen = HashSet::new();
                for (i, v) in items.iter().enumerate() {
                    if !seen.insert(canonical(v)) {
                        self.push(
                            &path.index(i),
                            Code::DUPLICATE_ENTRY,
                            format!("{}: Duplicate value: {}", path.index(i), go_value(v)),
                            false,
                        );
                    }
                }
            }
            Some("map") if !node.list_map_keys.is_empty() => {
                let mut seen = HashSet::new();
                for (i, v) in items.iter().enumerate() {
                    let Some(o) = v.as_object() else { continue };
                    let mut keys: Vec<(&str, &Value)> = Vec::new();
                    for k in &node.list_map_keys {
                        if let Some(kv) = o.get(k) {
                            keys.push((k.as_str(), kv));
                        }
                    }
                    let canon: Vec<String> = keys
                        .iter()
                        .map(|(k, v)| format!("{k}={}", canonical(v)))
                        .collect();
                    if !seen.insert(canon) {
                        keys.sort_by_key(|(k, _)| *k);
                        let inner: Vec<String> = keys
                            .iter()
                            .map(|(k, v)| format!("{}:{}", quote(k), go_value(v)))
                            .collect();
                        self.push(
                            &path.index(i),
                            Code::DUPLICATE_ENTRY,
                            format!(
                                "{}: Duplicate value: map[string]interface {{}}{{{}}}",
                                path.index(i),
                                inner.join(", ")
                            ),
                            false,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn check_object_keys(
        &mut self,
        node: &Node,
        map: &serde_json::Map<String, Value>,
        path: &At<'_>,
        root: bool,
    ) {
        let name = path;
        for r in &node.required {
            if !map.contains_key(r) {
                self.push(
                    &path.field(r.as_str()),
                    Code::REQUIRED,
                    format!("{}: Required value", path.field(r.as_str())),
                    false,
                );
            }
        }
        let n = map.len() as u64;
        if let Some(max) = node.max_properties
            && n > max
        {
            self.push(
                path,
                Code::PROPERTY_COUNT,
                format!("{name}: Too many: {n}: must have at most {max} items"),
                false,
            );
        }
        if let Some(min) = node.min_properties
            && n < min
        {
            self.push(
                path,
                Code::PROPERTY_COUNT,
                format!("{name}: Invalid value: {n}: {name} in body should have at least {min} properties"),
                false,
            );
        }
        for (k, v) in map {
            if root && k == "metadata" {
                continue;
            }
            if let Some(p) = node.property(k) {
                self.check(p, v, &path.field(k.as_str()));
                continue;
            }
            match &node.additional {
                Additional::Schema(s) => {
                    self.check(s, v, &path.key(k.as_str()));
                }
                Additional::Any => {}
                Additional::None => {
                    let embedded_meta =
                        node.embedded && matches!(k.as_str(), "apiVersion" | "kind" | "metadata");
                    if !node.preserve_unknown && !embedded_meta {
                        self.push(
                            &path.field(k.as_str()),
                            Code::UNKNOWN_FIELD,
                            format!(
                                "unknown field {}",
                                quote(&path.field(k.as_str()).to_string())
                            ),
                            false,
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

pub(super) fn canonical(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", quote(k), canonical(&m[k.as_str()])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string()),
        other => other.to_string(),
    }
}
