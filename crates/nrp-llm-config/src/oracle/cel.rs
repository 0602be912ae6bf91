//! `x-kubernetes-validations` rules, compiled and evaluated with kube-cel (through kube-core).
//!
//! Rules are compiled once per CRD version and release (see [`CelSchema::compile`]); evaluation
//! uses kube-cel's per-thread validator, so a [`CelSchema`] can be shared between threads.

use super::structural::{quote, type_name};
use crate::{Code, FieldPath};
use kube_core::cel::{
    CompiledSchema, ErrorKind, ValidationError, compile_schema, validate_compiled,
};
use serde_json::Value;
use std::collections::HashMap;

use super::structural::FieldError;

/// The compiled CEL rules of one CRD version.
pub(crate) struct CelSchema {
    compiled: CompiledSchema,
    /// Rule expression → the `fieldPath`s it is declared with.
    field_paths: HashMap<String, Vec<String>>,
    /// Number of rules that compiled.
    pub(crate) rules: usize,
    /// Compilation problems (rule text and message).
    pub(crate) errors: Vec<String>,
}

// The oracle is shared between threads; the compiled programs must allow that.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<CelSchema>();
};

impl CelSchema {
    /// Compiles every rule of a full (expanded) OpenAPI schema.
    pub(crate) fn compile(schema: &Value) -> Self {
        let compiled = compile_schema(&prune(schema).0);
        let mut s = CelSchema {
            compiled,
            field_paths: HashMap::new(),
            rules: 0,
            errors: Vec::new(),
        };
        let mut field_paths = HashMap::new();
        let mut rules = 0;
        let mut errors = Vec::new();
        collect(&s.compiled, &mut field_paths, &mut rules, &mut errors);
        s.field_paths = field_paths;
        s.rules = rules;
        s.errors = errors;
        s
    }

    /// Evaluates the rules against a defaulted object (create: no old object, so transition
    /// rules are skipped).
    pub(crate) fn evaluate(&self, object: &Value) -> Vec<FieldError> {
        match validate_compiled(&self.compiled, object, None) {
            Ok(()) => Vec::new(),
            Err(errs) => errs
                .iter()
                .map(|e| self.to_field_error(e, object))
                .collect(),
        }
    }

    fn to_field_error(&self, e: &ValidationError, object: &Value) -> FieldError {
        let node_path = self.node_path(e);
        let path = parse_path(&e.field_path);
        let ty = parse_path(&node_path)
            .lookup(object)
            .map_or("object", type_name);
        let shown = if e.field_path.is_empty() {
            "<nil>"
        } else {
            e.field_path.as_str()
        };
        let message = match (&e.kind, e.reason.as_deref()) {
            (ErrorKind::ValidationFailure, Some("FieldValueForbidden")) => {
                format!("{shown}: Forbidden: {}", e.message)
            }
            (ErrorKind::ValidationFailure, Some("FieldValueRequired")) => {
                format!("{shown}: Required value: {}", e.message)
            }
            (ErrorKind::ValidationFailure, Some("FieldValueDuplicate")) => {
                format!("{shown}: Duplicate value: {}", quote(ty))
            }
            _ => format!("{shown}: Invalid value: {}: {}", quote(ty), e.message),
        };
        FieldError {
            path,
            code: Code::CEL_RULE,
            message,
            blocking: false,
        }
    }

    /// The path of the schema node that declares the rule (the error path without the rule's
    /// `fieldPath`).
    fn node_path(&self, e: &ValidationError) -> String {
        let p = e.field_path.as_str();
        if let Some(fps) = self.field_paths.get(&e.rule) {
            for fp in fps {
                let suffix = if fp.starts_with('.') {
                    fp.clone()
                } else {
                    format!(".{fp}")
                };
                if let Some(base) = p.strip_suffix(suffix.as_str()) {
                    return base.to_owned();
                }
                if p == fp.trim_start_matches('.') {
                    return String::new();
                }
            }
        }
        p.to_owned()
    }
}

fn collect(
    c: &CompiledSchema,
    field_paths: &mut HashMap<String, Vec<String>>,
    rules: &mut usize,
    errors: &mut Vec<String>,
) {
    for r in &c.validations {
        match r {
            Ok(cr) => {
                *rules += 1;
                if let Some(fp) = &cr.rule.field_path {
                    field_paths
                        .entry(cr.rule.rule.clone())
                        .or_default()
                        .push(fp.clone());
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    for child in c.properties.values() {
        collect(child, field_paths, rules, errors);
    }
    for child in c.items.iter().chain(c.additional_properties.iter()) {
        collect(child, field_paths, rules, errors);
    }
    for child in c.all_of.iter().chain(&c.one_of).chain(&c.any_of) {
        collect(child, field_paths, rules, errors);
    }
}

/// Drops the sub-schemas kube-cel does not need: those without rules whose values convert to
/// the same CEL value with or without their schema (no `additionalProperties` map, no
/// `date-time`/`duration`/`byte` format, no embedded resource). kube-cel converts the subtree
/// below every schema node it visits, so walking fewer nodes saves most of the evaluation time.
///
/// Returns the pruned schema and whether it must be kept.
fn prune(schema: &Value) -> (Value, bool) {
    let Some(obj) = schema.as_object() else {
        return (schema.clone(), true);
    };
    let mut needed = obj.contains_key("x-kubernetes-validations")
        || obj.contains_key("additionalProperties")
        || obj
            .get("x-kubernetes-embedded-resource")
            .and_then(Value::as_bool)
            .unwrap_or(false)
        || matches!(
            obj.get("format").and_then(Value::as_str),
            Some("date-time" | "duration" | "byte")
        );
    let has_additional = obj.contains_key("additionalProperties");
    let mut out = serde_json::Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "properties" => {
                let mut props = serde_json::Map::new();
                if let Some(p) = v.as_object() {
                    for (name, child) in p {
                        let (c, keep) = prune(child);
                        needed |= keep;
                        if keep || has_additional {
                            props.insert(name.clone(), c);
                        }
                    }
                }
                out.insert(k.clone(), Value::Object(props));
            }
            "items" => {
                let (c, keep) = prune(v);
                needed |= keep;
                if keep {
                    out.insert(k.clone(), c);
                }
            }
            "additionalProperties" if v.is_object() => {
                out.insert(k.clone(), prune(v).0);
            }
            "allOf" | "anyOf" | "oneOf" | "not" => {
                let text = v.to_string();
                needed |= text.contains("x-kubernetes-validations");
                out.insert(k.clone(), v.clone());
            }
            "default" | "enum" | "pattern" | "required" => {}
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    (Value::Object(out), needed)
}

/// Parses kube-cel's path (`spec.rules[0].name`); map keys are plain segments.
fn parse_path(s: &str) -> FieldPath {
    if s.is_empty() {
        return FieldPath::root();
    }
    s.trim_start_matches('.').parse().unwrap_or_default()
}
