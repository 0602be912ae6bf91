//! Structural (OpenAPI) validation of a defaulted object, in the API server's words.
//!
//! A hand-written walker rather than the `jsonschema` crate: the API server's messages are built
//! from kube-openapi's error codes and field paths (`spec.rules[0].name`), and its special cases
//! (`nullable`, `x-kubernetes-int-or-string`, list types, unknown-field pruning, metadata) are
//! simpler to follow in one place than to recover from another validator's output.
//!
//! One file per step: metadata (`metadata.rs`), strings and numbers (`scalars.rs`), lists and
//! object keys (`collections.rs`); where the walker is (`at.rs`) and how values are printed in
//! the API server's words (`messages.rs`).

mod at;
mod collections;
pub(crate) mod messages;
mod metadata;
mod scalars;

use super::schemas::{Node, Ty};
use crate::{Code, FieldPath};
use serde_json::Value;

use at::{At, Locus};
use collections::json_eq;
use messages::go_value;
pub(crate) use messages::{quote, type_name};

/// One field error, before it becomes a [`crate::Diagnostic`].
#[derive(Clone, Debug)]
pub(crate) struct FieldError {
    pub(crate) path: FieldPath,
    pub(crate) code: Code,
    pub(crate) message: String,
    /// A type (or format) error: the API server skips CEL rules when one exists.
    pub(crate) blocking: bool,
}

/// Collects errors while walking.
#[derive(Default)]
pub(crate) struct Walker {
    pub(crate) errors: Vec<FieldError>,
}

impl Walker {
    fn push(&mut self, path: &impl Locus, code: Code, message: String, blocking: bool) {
        self.errors.push(FieldError {
            path: path.to_path(),
            code,
            message,
            blocking,
        });
    }

    /// Validates a whole object against its root schema.
    pub(crate) fn check_root(&mut self, root: &Node, object: &Value, namespaced: bool) {
        let Some(map) = object.as_object() else {
            return;
        };
        let path = FieldPath::root();
        self.check_object_keys(root, map, &At::base(&path, ""), true);
        match map.get("metadata") {
            Some(meta) => self.check_metadata(meta, namespaced),
            None => self.push(
                &path.clone().field("metadata").field("name"),
                Code::REQUIRED,
                "metadata.name: Required value: name or generateName is required".into(),
                false,
            ),
        }
    }

    /// Validates `value` against `node`. `name` is the kube-openapi path (`spec.rules[0].x`).
    pub(crate) fn check(&mut self, node: &Node, value: &Value, path: &At<'_>) {
        let name = path;
        // Type.
        if let Some(ty) = node.ty {
            if value.is_null() {
                if !node.nullable {
                    self.push(
                        path,
                        Code::INVALID_TYPE,
                        format!("{name}: Invalid value: \"null\": {name} in body must be of type {}: \"null\"", ty.name()),
                        true,
                    );
                }
                return;
            }
            if !type_matches(ty, value) {
                let actual = type_name(value);
                self.push(
                    path,
                    Code::INVALID_TYPE,
                    format!(
                        "{name}: Invalid value: \"{actual}\": {name} in body must be of type {}: \"{actual}\"",
                        ty.name()
                    ),
                    true,
                );
                return;
            }
        } else if value.is_null() && node.nullable {
            return;
        }

        // allOf / anyOf / oneOf / not.
        for s in &node.all_of {
            self.check(s, value, path);
        }
        if !node.any_of.is_empty() {
            let mut first: Option<Vec<FieldError>> = None;
            let mut ok = false;
            for s in &node.any_of {
                let errs = sub_errors(s, value, path);
                if errs.is_empty() {
                    ok = true;
                    break;
                }
                first.get_or_insert(errs);
            }
            if !ok {
                let blocking = first.as_ref().is_some_and(|e| e.iter().any(|x| x.blocking));
                self.push(
                    path,
                    if blocking { Code::INVALID_TYPE } else { Code::INVALID_FORMAT },
                    format!(
                        "{name}: Invalid value: {}: \"{name}\" must validate at least one schema (anyOf)",
                        go_value(value)
                    ),
                    blocking,
                );
                self.errors.extend(first.unwrap_or_default());
            }
        }
        if !node.one_of.is_empty() {
            let valid = node
                .one_of
                .iter()
                .filter(|s| sub_errors(s, value, path).is_empty())
                .count();
            if valid != 1 {
                let found = if valid == 0 {
                    "Found none valid".to_owned()
                } else {
                    format!("Found {valid} valid alternatives")
                };
                self.push(
                    path,
                    Code::INVALID_FORMAT,
                    format!(
                        "{name}: Invalid value: {}: \"{name}\" must validate one and only one schema (oneOf). {found}",
                        go_value(value)
                    ),
                    false,
                );
            }
        }
        if let Some(not) = &node.not
            && sub_errors(not, value, path).is_empty()
        {
            self.push(
                path,
                Code::INVALID_FORMAT,
                format!(
                    "{name}: Invalid value: {}: \"{name}\" must not validate the schema (not)",
                    go_value(value)
                ),
                false,
            );
        }

        match value {
            Value::String(s) => self.check_string(node, s, path),
            Value::Number(_) => self.check_number(node, value, path),
            Value::Array(items) => self.check_array(node, items, path),
            _ => {}
        }

        if let Some(allowed) = &node.enum_values
            && !allowed.iter().any(|a| json_eq(a, value))
        {
            let list: Vec<String> = allowed
                .iter()
                .map(|a| match a {
                    Value::String(s) => quote(s),
                    other => quote(&other.to_string()),
                })
                .collect();
            self.push(
                path,
                Code::UNSUPPORTED_VALUE,
                format!(
                    "{name}: Unsupported value: {}: supported values: {}",
                    go_value(value),
                    list.join(", ")
                ),
                false,
            );
        }

        if let Value::Object(map) = value {
            self.check_object_keys(node, map, path, false);
        }
    }
}

/// Errors of a sub-schema (for `anyOf`/`oneOf`/`not`) without adding them anywhere.
pub(super) fn sub_errors(node: &Node, value: &Value, path: &At<'_>) -> Vec<FieldError> {
    let mut w = Walker::default();
    w.check(node, value, path);
    w.errors
}

pub(super) fn type_matches(ty: Ty, value: &Value) -> bool {
    match (ty, value) {
        (Ty::Object, Value::Object(_))
        | (Ty::Array, Value::Array(_))
        | (Ty::String, Value::String(_))
        | (Ty::Boolean, Value::Bool(_))
        | (Ty::Number, Value::Number(_)) => true,
        (Ty::Integer, Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}
