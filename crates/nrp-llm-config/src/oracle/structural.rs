//! Structural (OpenAPI) validation of a defaulted object, in the API server's words.
//!
//! A hand-written walker rather than the `jsonschema` crate: the API server's messages are built
//! from kube-openapi's error codes and field paths (`spec.rules[0].name`), and its special cases
//! (`nullable`, `x-kubernetes-int-or-string`, list types, unknown-field pruning, metadata) are
//! simpler to follow in one place than to recover from another validator's output.

use super::schemas::{Additional, Node, Ty};
use crate::names::{is_dns1123_label, is_dns1123_subdomain};
use crate::{Code, FieldPath};
use serde_json::Value;
use std::collections::HashSet;

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

/// Fields of `metadata` (ObjectMeta) the API server knows.
const OBJECT_META_FIELDS: [&str; 15] = [
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

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

    fn check_metadata(&mut self, meta: &Value, namespaced: bool) {
        let base = FieldPath::root().field("metadata");
        let Some(m) = meta.as_object() else {
            let actual = type_name(meta);
            self.push(
                &base,
                Code::INVALID_TYPE,
                format!("metadata: Invalid value: \"{actual}\": metadata in body must be of type object: \"{actual}\""),
                true,
            );
            return;
        };
        for k in m.keys() {
            if !OBJECT_META_FIELDS.contains(&k.as_str()) {
                self.push(
                    &base.clone().field(k.as_str()),
                    Code::UNKNOWN_FIELD,
                    format!("unknown field \"metadata.{k}\""),
                    false,
                );
            }
        }
        let name = m.get("name").and_then(Value::as_str).unwrap_or("");
        let generate = m.get("generateName").and_then(Value::as_str).unwrap_or("");
        let name_path = base.clone().field("name");
        if name.is_empty() && generate.is_empty() {
            self.push(
                &name_path,
                Code::REQUIRED,
                "metadata.name: Required value: name or generateName is required".into(),
                false,
            );
        } else if !name.is_empty() {
            if name.len() > 253 {
                self.push(
                    &name_path,
                    Code::INVALID_NAME,
                    format!(
                        "metadata.name: Invalid value: {}: must be no more than 253 characters",
                        quote(name)
                    ),
                    false,
                );
            }
            if !is_dns1123_subdomain(name) {
                self.push(
                    &name_path,
                    Code::INVALID_NAME,
                    format!(
                        "metadata.name: Invalid value: {}: {DNS1123_SUBDOMAIN_MSG}",
                        quote(name)
                    ),
                    false,
                );
            }
        }
        if namespaced
            && let Some(ns) = m.get("namespace").and_then(Value::as_str)
            && !ns.is_empty()
            && (ns.len() > 63 || !is_dns1123_label(ns))
        {
            let detail = if ns.len() > 63 {
                "must be no more than 63 characters"
            } else {
                DNS1123_LABEL_MSG
            };
            self.push(
                &base.clone().field("namespace"),
                Code::INVALID_NAME,
                format!("metadata.namespace: Invalid value: {}: {detail}", quote(ns)),
                false,
            );
        }
        for which in ["labels", "annotations"] {
            if let Some(v) = m.get(which) {
                let p = base.clone().field(which);
                match v.as_object() {
                    Some(o) => {
                        for (k, x) in o {
                            if !x.is_string() && !x.is_null() {
                                let actual = type_name(x);
                                self.push(
                                    &p.clone().key(k.as_str()),
                                    Code::INVALID_TYPE,
                                    format!("metadata.{which}.{k}: Invalid value: \"{actual}\": metadata.{which}.{k} in body must be of type string: \"{actual}\""),
                                    true,
                                );
                            }
                        }
                    }
                    None if v.is_null() => {}
                    None => {
                        let actual = type_name(v);
                        self.push(
                            &p,
                            Code::INVALID_TYPE,
                            format!("metadata.{which}: Invalid value: \"{actual}\": metadata.{which} in body must be of type object: \"{actual}\""),
                            true,
                        );
                    }
                }
            }
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

    fn check_string(&mut self, node: &Node, s: &str, path: &At<'_>) {
        let name = path;
        let len = s.chars().count() as u64;
        if let Some(max) = node.max_length
            && len > max
        {
            self.push(
                path,
                Code::TOO_LONG,
                format!(
                    "{name}: Too long: may not be more than {max} byte{}",
                    if max == 1 { "" } else { "s" }
                ),
                false,
            );
        }
        if let Some(min) = node.min_length
            && len < min
        {
            self.push(
                path,
                Code::TOO_SHORT,
                format!(
                    "{name}: Invalid value: {}: {name} in body should be at least {min} chars long",
                    quote(s)
                ),
                false,
            );
        }
        if let Some(p) = &node.pattern
            && let Some(re) = &p.regex
            && !re.is_match(s)
        {
            self.push(
                path,
                Code::INVALID_FORMAT,
                format!(
                    "{name}: Invalid value: {}: {name} in body should match '{}'",
                    quote(s),
                    p.source
                ),
                false,
            );
        }
        if let Some(f) = &node.format
            && !format_ok(f, s)
        {
            self.push(
                path,
                Code::INVALID_FORMAT,
                format!(
                    "{name}: Invalid value: {q}: {name} in body must be of type {f}: {q}",
                    q = quote(s)
                ),
                true,
            );
        }
    }

    fn check_number(&mut self, node: &Node, value: &Value, path: &At<'_>) {
        let name = path;
        let Some(x) = value.as_f64() else { return };
        if let Some(max) = node.maximum {
            let bad = if node.exclusive_maximum {
                x >= max
            } else {
                x > max
            };
            if bad {
                let op = if node.exclusive_maximum {
                    "less than"
                } else {
                    "less than or equal to"
                };
                self.push(
                    path,
                    Code::OUT_OF_RANGE,
                    format!(
                        "{name}: Invalid value: {}: {name} in body should be {op} {}",
                        go_value(value),
                        go_float(max)
                    ),
                    false,
                );
            }
        }
        if let Some(min) = node.minimum {
            let bad = if node.exclusive_minimum {
                x <= min
            } else {
                x < min
            };
            if bad {
                let op = if node.exclusive_minimum {
                    "greater than"
                } else {
                    "greater than or equal to"
                };
                self.push(
                    path,
                    Code::OUT_OF_RANGE,
                    format!(
                        "{name}: Invalid value: {}: {name} in body should be {op} {}",
                        go_value(value),
                        go_float(min)
                    ),
                    false,
                );
            }
        }
    }

    fn check_array(&mut self, node: &Node, items: &[Value], path: &At<'_>) {
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

    fn check_object_keys(
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

/// Something an error can be reported at: a ready [`FieldPath`] or a lazily built [`At`].
trait Locus {
    fn to_path(&self) -> FieldPath;
}

impl Locus for FieldPath {
    fn to_path(&self) -> FieldPath {
        self.clone()
    }
}

impl Locus for At<'_> {
    fn to_path(&self) -> FieldPath {
        match self.step {
            Step::Base(path, _) => path.clone(),
            Step::Field(parent, k) => parent.to_path().field(k),
            Step::Key(parent, k) => parent.to_path().key(k),
            Step::Index(parent, i) => parent.to_path().index(i),
        }
    }
}

/// Where the walker is, as a chain of borrowed steps: the field path and the kube-openapi name
/// (`spec.rules[0].x`) are only built when an error is reported, not for every node visited.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    /// A starting point: its path and its name.
    Base(&'a FieldPath, &'a str),
    Field(&'a At<'a>, &'a str),
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// A starting point at `path`, named `name` in messages (`""` for the object itself).
    pub(crate) fn base(path: &'a FieldPath, name: &'a str) -> Self {
        At {
            step: Step::Base(path, name),
        }
    }

    fn field(&'a self, k: &'a str) -> At<'a> {
        At {
            step: Step::Field(self, k),
        }
    }

    fn key(&'a self, k: &'a str) -> At<'a> {
        At {
            step: Step::Key(self, k),
        }
    }

    fn index(&'a self, i: usize) -> At<'a> {
        At {
            step: Step::Index(self, i),
        }
    }

    /// Appends the name: a child of an empty name is just its key, otherwise `parent.key`;
    /// an item is `parent[i]`.
    fn render(&self, out: &mut String) {
        match self.step {
            Step::Base(_, name) => out.push_str(name),
            Step::Field(parent, k) | Step::Key(parent, k) => {
                let start = out.len();
                parent.render(out);
                if out.len() > start {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(parent, i) => {
                parent.render(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.render(&mut s);
        f.write_str(&s)
    }
}

/// Errors of a sub-schema (for `anyOf`/`oneOf`/`not`) without adding them anywhere.
fn sub_errors(node: &Node, value: &Value, path: &At<'_>) -> Vec<FieldError> {
    let mut w = Walker::default();
    w.check(node, value, path);
    w.errors
}

fn type_matches(ty: Ty, value: &Value) -> bool {
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

/// The kube-openapi name of a JSON value's type.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn canonical(v: &Value) -> String {
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

/// A Go `%q`-like quoted string.
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// How `field.Error` prints a bad value: strings quoted, numbers and booleans bare.
pub(crate) fn go_value(v: &Value) -> String {
    match v {
        Value::Null => "\"null\"".into(),
        Value::String(s) => quote(s),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), go_float),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Go's `%v` for a float64 (shortest representation; exponent form from 1e+06 up and below
/// 1e-04).
pub(crate) fn go_float(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        format!("{f}")
    }
}

/// kube-openapi's format checks for the formats the upstream CRDs use (numeric formats are not
/// checked on values, as in kube-openapi).
fn format_ok(format: &str, s: &str) -> bool {
    match format {
        "date-time" => is_date_time(s),
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "byte" => is_base64(s),
        _ => true,
    }
}

fn is_date_time(s: &str) -> bool {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?$",
        )
        .ok()
    })
    .as_ref()
    .is_none_or(|re| re.is_match(s))
}

fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return false;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return false;
    }
    b[..b.len() - pad]
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_matches_go() {
        assert_eq!(go_float(0.0), "0");
        assert_eq!(go_float(1.0), "1");
        assert_eq!(go_float(65535.0), "65535");
        assert_eq!(go_float(100000.0), "100000");
        assert_eq!(go_float(1000000.0), "1e+06");
        assert_eq!(go_float(4294967295.0), "4.294967295e+09");
        assert_eq!(go_float(0.5), "0.5");
        assert_eq!(go_float(0.00001), "1e-05");
    }

    #[test]
    fn names() {
        assert!(is_dns1123_subdomain("a.b-c"));
        assert!(!is_dns1123_subdomain("A"));
        assert!(!is_dns1123_subdomain("a..b"));
        assert!(is_base64("aGk="));
        assert!(!is_base64("aGk"));
        assert!(is_date_time("2025-01-02T03:04:05Z"));
        assert!(!is_date_time("yesterday"));
    }
}
