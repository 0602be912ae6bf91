//! `x-kubernetes-validations` rules, compiled and evaluated with kube-cel (through kube-core).
//!
//! Rules are compiled once per CRD version and release (see [`CelSchema::compile`]); evaluation
//! uses kube-cel's per-thread validator, so a [`CelSchema`] can be shared between threads.
//!
//! Before kube-cel runs on a node, the node's rules are tried on the fast path of
//! [`fast`]: when it proves that every rule holds, kube-cel is not called for that
//! node (it would report nothing); otherwise kube-cel evaluates the node as the reference.

pub(super) mod fast;

use super::structural::{quote, type_name};
use crate::{Code, FieldPath};
use fast::FastLeaf;
use kube_core::cel::{
    CompiledSchema, ErrorKind, ValidationError, compile_schema, validate_compiled,
};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::structural::FieldError;

/// The compiled CEL rules of one CRD version.
///
/// kube-cel's own walk converts the whole subtree below every schema node it visits into a CEL
/// value, even where the node has no rule, so a 15-rule route was converted a dozen times over.
/// Here the schema is split instead: every node that declares rules gets its own small
/// compiled schema ([`RuleNode::leaf`]) holding those rules and just enough of the schema below
/// to convert values exactly as kube-cel would (formats, maps, embedded resources); a walk of
/// our own visits only the paths that lead to rules and hands kube-cel one node at a time, so
/// each value is converted once per rule-bearing node above it, not once per schema node.
pub(crate) struct CelSchema {
    tree: RuleNode,
    /// Rule expression → the `fieldPath`s it is declared with.
    field_paths: HashMap<String, Vec<String>>,
    /// Number of rules that compiled (checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) rules: usize,
    /// Compilation problems (rule text and message; checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) errors: Vec<String>,
}

/// One schema node on a path to CEL rules.
#[derive(Default)]
struct RuleNode {
    /// The rules declared on this node, compiled against the node's schema (descendants keep
    /// only what value conversion needs, and none of their rules).
    leaf: Option<CompiledSchema>,
    /// The fast programs of the leaf's rules, when all of them have one.
    fast: Option<FastLeaf>,
    properties: Vec<(String, RuleNode)>,
    items: Option<Box<RuleNode>>,
    /// Values of keys that are not declared properties (not walked when unknown fields are
    /// preserved, as in kube-cel).
    additional: Option<Box<RuleNode>>,
    /// `allOf`, `oneOf` and `anyOf` branches, evaluated against the same value.
    branches: Vec<RuleNode>,
}

// The oracle is shared between threads; the compiled programs must allow that.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<CelSchema>();
};

impl CelSchema {
    /// Compiles every rule of a full (expanded) OpenAPI schema.
    pub(crate) fn compile(schema: &Value) -> Self {
        let tree = RuleNode::build(schema, 0).unwrap_or_default();
        let mut field_paths = HashMap::new();
        let mut rules = 0;
        let mut errors = Vec::new();
        tree.collect(&mut field_paths, &mut rules, &mut errors);
        CelSchema {
            tree,
            field_paths,
            rules,
            errors,
        }
    }

    /// Evaluates the rules against a defaulted object (create: no old object, so transition
    /// rules are skipped). With `fast_path`, nodes whose rules the fast path proves true skip
    /// kube-cel; without it, kube-cel evaluates every node.
    pub(crate) fn evaluate(&self, object: &Value, fast_path: bool) -> Vec<FieldError> {
        let mut raw = Vec::new();
        let mut path = String::new();
        self.tree.walk(object, fast_path, &mut path, &mut raw, 0);
        raw.iter().map(|e| self.to_field_error(e, object)).collect()
    }

    /// The raw kube-cel errors of [`CelSchema::evaluate`], with full paths.
    #[cfg(test)]
    pub(crate) fn tree_walk(
        &self,
        object: &Value,
        path: &mut String,
        out: &mut Vec<ValidationError>,
    ) {
        self.tree.walk(object, true, path, out, 0);
    }

    /// Every compiled rule with how it translates to the fast path (see
    /// [`FastLeaf::rule_support`]) and whether its node has a fast program.
    #[cfg(test)]
    pub(crate) fn fast_coverage(&self) -> Vec<(String, Option<bool>, bool)> {
        fn visit(n: &RuleNode, out: &mut Vec<(String, Option<bool>, bool)>) {
            for cr in n.leaf.iter().flat_map(|l| &l.validations).flatten() {
                out.push((
                    cr.rule.rule.clone(),
                    FastLeaf::rule_support(cr),
                    n.fast.is_some(),
                ));
            }
            let children = n.properties.iter().map(|(_, c)| c);
            let boxed = n.items.iter().chain(&n.additional).map(|b| &**b);
            for c in children.chain(boxed).chain(&n.branches) {
                visit(c, out);
            }
        }
        let mut out = Vec::new();
        visit(&self.tree, &mut out);
        out
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

/// Deepest schema nesting followed (kube-cel's own limit is 64).
const MAX_DEPTH: usize = 64;

fn has_rules(schema: &Value) -> bool {
    schema
        .get("x-kubernetes-validations")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
}

impl RuleNode {
    /// The walk tree of `schema`, or `None` when no rule is declared in it or below it.
    fn build(schema: &Value, depth: usize) -> Option<RuleNode> {
        let obj = schema.as_object()?;
        if depth > MAX_DEPTH {
            return None;
        }
        let leaf = has_rules(schema).then(|| compile_schema(&leaf_schema(obj)));
        let mut node = RuleNode {
            fast: leaf.as_ref().and_then(FastLeaf::compile),
            leaf,
            ..RuleNode::default()
        };
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, child) in props {
                if let Some(c) = RuleNode::build(child, depth + 1) {
                    node.properties.push((name.clone(), c));
                }
            }
        }
        if let Some(items) = obj.get("items") {
            node.items = RuleNode::build(items, depth + 1).map(Box::new);
        }
        let preserve = obj
            .get("x-kubernetes-preserve-unknown-fields")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !preserve && let Some(add) = obj.get("additionalProperties").filter(|a| a.is_object()) {
            node.additional = RuleNode::build(add, depth + 1).map(Box::new);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for branch in obj.get(key).and_then(Value::as_array).into_iter().flatten() {
                if let Some(b) = RuleNode::build(branch, depth + 1) {
                    node.branches.push(b);
                }
            }
        }
        let empty = node.leaf.is_none()
            && node.properties.is_empty()
            && node.items.is_none()
            && node.additional.is_none()
            && node.branches.is_empty();
        (!empty).then_some(node)
    }

    fn collect(
        &self,
        field_paths: &mut HashMap<String, Vec<String>>,
        rules: &mut usize,
        errors: &mut Vec<String>,
    ) {
        for r in self.leaf.iter().flat_map(|l| &l.validations) {
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
        let children = self.properties.iter().map(|(_, c)| c);
        let boxed = self.items.iter().chain(&self.additional).map(|b| &**b);
        for c in children.chain(boxed).chain(&self.branches) {
            c.collect(field_paths, rules, errors);
        }
    }

    /// Evaluates the rules at and below this node. `path` is kube-cel's path of `value`
    /// (`spec.rules[0]`); errors carry full paths, as kube-cel's own walk reports them.
    fn walk(
        &self,
        value: &Value,
        fast_path: bool,
        path: &mut String,
        out: &mut Vec<ValidationError>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(leaf) = &self.leaf {
            let accepted = fast_path && self.fast.as_ref().is_some_and(|f| f.accepts(value, leaf));
            #[cfg(test)]
            if fast_path {
                fast::test_counts::count(accepted);
            }
            if !accepted && let Err(errs) = validate_compiled(leaf, value, None) {
                for mut e in errs.into_vec() {
                    e.field_path = join_rule_path(path, &e.field_path);
                    out.push(e);
                }
            }
        }
        let len = path.len();
        if let Some(map) = value.as_object() {
            for (name, child) in &self.properties {
                if let Some(v) = map.get(name) {
                    push_field(path, name);
                    child.walk(v, fast_path, path, out, depth + 1);
                    path.truncate(len);
                }
            }
            if let Some(add) = &self.additional {
                for (k, v) in map {
                    if self.properties.iter().any(|(n, _)| n == k) {
                        continue;
                    }
                    push_field(path, k);
                    add.walk(v, fast_path, path, out, depth + 1);
                    path.truncate(len);
                }
            }
        }
        if let (Some(items), Some(arr)) = (&self.items, value.as_array()) {
            for (i, v) in arr.iter().enumerate() {
                let _ = write!(path, "[{i}]");
                items.walk(v, fast_path, path, out, depth + 1);
                path.truncate(len);
            }
        }
        for b in &self.branches {
            b.walk(value, fast_path, path, out, depth + 1);
        }
    }
}

fn push_field(path: &mut String, name: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(name);
}

/// kube-cel's path of an error reported at the root of a leaf call (`""`, `".x"` or `"x"` from
/// the rule's `fieldPath`), placed below the node at `base`.
fn join_rule_path(base: &str, relative: &str) -> String {
    if relative.is_empty() {
        base.to_owned()
    } else if relative.starts_with('.') || base.is_empty() {
        format!("{base}{relative}")
    } else {
        format!("{base}.{relative}")
    }
}

/// The schema a node's own rules are compiled against: the node without its logical branches
/// (walked separately), and below it only the sub-schemas that change how a value converts to
/// CEL ([`conversion_schema`]), without their rules.
fn leaf_schema(obj: &serde_json::Map<String, Value>) -> Value {
    let mut out = serde_json::Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "properties" | "items" | "additionalProperties" => {
                if let Some(c) = conversion_children(k, v, obj) {
                    out.insert(k.clone(), c);
                }
            }
            "allOf" | "anyOf" | "oneOf" | "not" | "default" | "enum" | "pattern" | "required" => {}
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// The pruned form of the `properties`, `items` or `additionalProperties` entry `key` of the
/// schema `parent`, or `None` when it does not change value conversion.
fn conversion_children(
    key: &str,
    v: &Value,
    parent: &serde_json::Map<String, Value>,
) -> Option<Value> {
    match key {
        "properties" => {
            // In a map node, every declared property must stay declared, or its value would
            // convert as a map value.
            let is_map = is_map(parent);
            let mut props = serde_json::Map::new();
            for (name, child) in v.as_object()? {
                match conversion_schema(child) {
                    Some(c) => {
                        props.insert(name.clone(), c);
                    }
                    None if is_map => {
                        props.insert(name.clone(), Value::Object(serde_json::Map::new()));
                    }
                    None => {}
                }
            }
            (!props.is_empty()).then_some(Value::Object(props))
        }
        "items" => conversion_schema(v),
        // `additionalProperties` itself makes the node a map: keep it, pruned.
        _ => Some(if v.is_object() {
            conversion_schema(v).unwrap_or_else(|| Value::Object(serde_json::Map::new()))
        } else {
            v.clone()
        }),
    }
}

fn is_map(obj: &serde_json::Map<String, Value>) -> bool {
    !matches!(
        obj.get("additionalProperties"),
        None | Some(Value::Bool(false))
    )
}

/// The part of a schema that changes how kube-cel converts a value (`format` date-time,
/// duration or byte; maps, whose keys are not escaped; embedded resources), without rules;
/// `None` when converting without a schema gives the same value.
fn conversion_schema(schema: &Value) -> Option<Value> {
    let obj = schema.as_object()?;
    let mut out = serde_json::Map::new();
    let format = obj.get("format").and_then(Value::as_str);
    if matches!(format, Some("date-time" | "duration" | "byte")) {
        out.insert("format".to_owned(), Value::from(format));
    }
    if obj
        .get("x-kubernetes-int-or-string")
        .and_then(Value::as_bool)
        == Some(true)
    {
        out.insert("x-kubernetes-int-or-string".to_owned(), Value::Bool(true));
    }
    for k in [
        "x-kubernetes-embedded-resource",
        "x-kubernetes-preserve-unknown-fields",
    ] {
        if obj.get(k).and_then(Value::as_bool) == Some(true) {
            out.insert(k.to_owned(), Value::Bool(true));
        }
    }
    for k in ["properties", "items", "additionalProperties"] {
        if let Some(v) = obj.get(k)
            && let Some(c) = conversion_children(k, v, obj)
        {
            out.insert(k.to_owned(), c);
        }
    }
    let relevant = out
        .keys()
        .any(|k| k != "x-kubernetes-int-or-string" && k != "x-kubernetes-preserve-unknown-fields");
    relevant.then_some(Value::Object(out))
}

/// Parses kube-cel's path (`spec.rules[0].name`); map keys are plain segments.
fn parse_path(s: &str) -> FieldPath {
    if s.is_empty() {
        return FieldPath::root();
    }
    s.trim_start_matches('.').parse().unwrap_or_default()
}
