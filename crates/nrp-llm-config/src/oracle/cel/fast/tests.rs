//! The fast path against kube-cel on single rules: supported shapes, escaping, unknowns.

use super::*;
use kube_core::cel::{ErrorKind, compile_schema, validate_compiled};
use serde_json::json;
use value::{escapes_to, plain_key};

/// The schema every shape test uses: a record with typed fields, a map, a list of records,
/// a date-time, an int-or-string and an embedded resource.
fn schema(rule: &str) -> Value {
    json!({
        "type": "object",
        "x-kubernetes-validations": [{"rule": rule}],
        "properties": {
            "type": {"type": "string"},
            "name": {"type": "string"},
            "n": {"type": "integer"},
            "m": {"type": "integer"},
            "flag": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "refs": {"type": "array", "items": {"type": "object", "properties": {
                "group": {"type": "string"}, "kind": {"type": "string"},
                "name": {"type": "string"}, "namespace": {"type": "string"}}}},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "when": {"type": "string", "format": "date-time"},
            "port": {"x-kubernetes-int-or-string": true},
            "raw": {"type": "object", "x-kubernetes-embedded-resource": true,
                    "x-kubernetes-preserve-unknown-fields": true},
            "obj": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
        }
    })
}

/// (fast outcome of the single rule, kube-cel outcome: Some(pass) or None for an error).
fn both(rule: &str, value: &Value) -> (Option<bool>, Option<bool>) {
    let leaf = compile_schema(&schema(rule));
    let reference = match validate_compiled(&leaf, value, None) {
        Ok(()) => Some(true),
        Err(e) if e.iter().all(|e| e.kind == ErrorKind::ValidationFailure) => Some(false),
        Err(_) => None,
    };
    let fast = FastLeaf::compile(&leaf).and_then(|f| {
        let this = from_json(value, Some(&leaf))?;
        match &f.rules[0] {
            None => Some(true),
            Some(node) => match run(node, &this)? {
                V::Bool(b) => Some(b),
                _ => None,
            },
        }
    });
    (fast, reference)
}

/// Checks that the fast outcome is `expected` and, when definite, equals kube-cel's.
#[track_caller]
fn check(rule: &str, value: Value, expected: Option<bool>) {
    let (fast, reference) = both(rule, &value);
    assert_eq!(fast, expected, "fast outcome of {rule} on {value}");
    if fast.is_some() {
        assert_eq!(fast, reference, "kube-cel disagrees on {rule} with {value}");
    }
}

#[test]
fn fields_has_and_literals() {
    let v = json!({"type": "A", "n": 3, "flag": true});
    check("self.type == 'A'", v.clone(), Some(true));
    check("self.type == 'B'", v.clone(), Some(false));
    check("self.type != 'B' && self.n == 3", v.clone(), Some(true));
    check("has(self.name)", v.clone(), Some(false));
    check("has(self.type) && !has(self.name)", v.clone(), Some(true));
    // A missing field read without has() is a CEL error: unknown.
    check("self.name == 'x'", v.clone(), None);
    check("self.flag", v.clone(), Some(true));
    check("self.flag == true", v.clone(), Some(true));
    check("!self.flag", v.clone(), Some(false));
    // Mixed types: unknown.
    check("self.n == 'A'", v.clone(), None);
    check("self.type == 1", v.clone(), None);
    check("self.n == 3.0", v.clone(), None);
    check("self.n == 3u", v.clone(), None);
    check("self.type == null", v.clone(), None);
    // Not a bool result: unknown.
    check("self.n", v.clone(), None);
    // Unknown identifier.
    check("kind == 'A'", v, None);
}

#[test]
fn logic_and_conditionals() {
    let v = json!({"type": "A", "n": 3});
    check(
        "self.type == 'A' ? self.n > 2 : false",
        v.clone(),
        Some(true),
    );
    check(
        "self.type == 'B' ? self.n > 2 : false",
        v.clone(),
        Some(false),
    );
    check(
        "self.type == 'A' || self.missing == 1",
        v.clone(),
        Some(true),
    );
    check(
        "self.type == 'B' && self.missing == 1",
        v.clone(),
        Some(false),
    );
    // The error on the left is absorbed by a definite right side, as in the cel crate.
    check(
        "self.missing == 1 || self.type == 'A'",
        v.clone(),
        Some(true),
    );
    check(
        "self.missing == 1 && self.type == 'B'",
        v.clone(),
        Some(false),
    );
    check("self.missing == 1 || self.type == 'B'", v.clone(), None);
    // Opaque parts: unknown when reached, irrelevant when not.
    check(
        "!has(self.name) || duration(self.name) > duration('1s')",
        v.clone(),
        Some(true),
    );
    check(
        "has(self.type) && duration(self.type) > duration('1s')",
        v.clone(),
        None,
    );
    check(
        "duration('1s') > duration('2s') || self.type == 'A'",
        v.clone(),
        None,
    );
    check("self.n + 1 == 4", v.clone(), Some(true));
    check("self.n + 9223372036854775807 > 0", v.clone(), None);
    check("self.n - 1 == 2", v.clone(), None);
    check(
        "self.n < 4 && self.n <= 3 && self.n > 2 && self.n >= 3",
        v.clone(),
        Some(true),
    );
    check("self.n < 3", v.clone(), Some(false));
    check("self.type < 'B'", v, None);
    check("self.m >= self.n", json!({"n": 1, "m": 2}), Some(true));
    check("self.m >= self.n", json!({"n": 3, "m": 2}), Some(false));
    check("self.m >= self.n", json!({"n": 3, "m": 2.5}), None);
    check("self.m >= self.n", json!({"n": 3, "m": null}), None);
}

#[test]
fn strings() {
    let v = json!({"type": "Exact", "name": "/a/b", "labels": {"x": "Ab"}});
    check("self.name.startsWith('/')", v.clone(), Some(true));
    check("self.name.endsWith('/.')", v.clone(), Some(false));
    check("self.name.contains('//')", v.clone(), Some(false));
    check("self.name.contains('/b')", v.clone(), Some(true));
    check(
        "self.name.size() == 4 && size(self.name) == 4",
        v.clone(),
        Some(true),
    );
    check("size(self.name) == 4", json!({"name": "ümlaut"}), None);
    check(
        r#"self.name.matches(r"^(?:[-A-Za-z0-9/._~]|[%][0-9a-fA-F]{2})+$")"#,
        v.clone(),
        Some(true),
    );
    check("self.name.matches('^[a-z]+$')", v.clone(), Some(false));
    check("self.type.lowerAscii() == 'exact'", v.clone(), Some(true));
    check("self.labels.x.lowerAscii() == 'ab'", v.clone(), Some(true));
    check(
        "self.type in ['Exact', 'PathPrefix']",
        v.clone(),
        Some(true),
    );
    check("self.type in ['Regex']", v.clone(), Some(false));
    check("self.type in ['Exact', 1]", v.clone(), None);
    check("self.name.split('/')[0] == ''", v.clone(), None);
    check("self.name.matches(self.type)", v, None);
    // Date-times convert to timestamps in kube-cel: unknown.
    check(
        "self.when == 'x'",
        json!({"when": "2024-01-01T00:00:00Z"}),
        None,
    );
    check(
        "has(self.when)",
        json!({"when": "2024-01-01T00:00:00Z"}),
        Some(true),
    );
    check("self.port == 'http'", json!({"port": "http"}), Some(true));
    check("self.port == 8080", json!({"port": 8080}), Some(true));
}

#[test]
fn lists_and_comprehensions() {
    let refs = json!({"refs": [
        {"group": "g", "kind": "K", "name": "a"},
        {"group": "g", "kind": "K", "name": "b", "namespace": "ns"},
    ], "tags": ["x", "*"]});
    check("self.refs.all(r, r.group == 'g')", refs.clone(), Some(true));
    check("self.refs.all(r, r.name == 'a')", refs.clone(), Some(false));
    check(
        "self.refs.exists(r, r.name == 'b')",
        refs.clone(),
        Some(true),
    );
    check(
        "self.refs.exists_one(r, r.kind == 'K')",
        refs.clone(),
        Some(false),
    );
    check(
        "self.refs.all(a, self.refs.exists_one(b, a.name == b.name))",
        refs.clone(),
        Some(true),
    );
    check(
        "self.refs.filter(r, r.name == 'a').size() <= 1",
        refs.clone(),
        Some(true),
    );
    check(
        "self.refs.filter(r, r.kind == 'K').size() <= 1",
        refs.clone(),
        Some(false),
    );
    check(
        "self.refs.map(r, r.name).size() == 2",
        refs.clone(),
        Some(true),
    );
    check(
        "self.refs.map(r, r.name)[1] == 'b'",
        refs.clone(),
        Some(true),
    );
    check(
        "size(self.refs) == 2 && self.refs[1].name == 'b'",
        refs.clone(),
        Some(true),
    );
    check("self.refs[2].name == 'b'", refs.clone(), None);
    check(
        "'*' in self.tags && self.tags.size() > 1",
        refs.clone(),
        Some(true),
    );
    check(
        "!('*' in self.tags && self.tags.size() > 1)",
        refs.clone(),
        Some(false),
    );
    // A missing field inside the predicate: unknown.
    check("self.refs.all(r, r.namespace == 'ns')", refs.clone(), None);
    check(
        "self.refs.all(r, !has(r.__namespace__) || r.__namespace__ == 'ns')",
        refs.clone(),
        Some(true),
    );
    // Without escaping, `namespace` is not a field of the converted record.
    check(
        "self.refs.all(r, !has(r.namespace))",
        refs.clone(),
        Some(true),
    );
    // Iterating a map: unknown (hash order).
    check(
        "self.labels.all(k, k != '')",
        json!({"labels": {"a": "b"}}),
        None,
    );
    check(
        "self.labels.size() == 1",
        json!({"labels": {"a_b": "c"}}),
        Some(true),
    );
    check(
        "has(self.labels.a_b)",
        json!({"labels": {"a_b": "c"}}),
        Some(true),
    );
    check("self.obj.size() == 1", json!({"obj": {"a_b": "c"}}), None);
    check(
        "has(self.obj.a__b)",
        json!({"obj": {"a_b": "c"}}),
        Some(true),
    );
    check(
        "has(self.obj.__namespace__)",
        json!({"obj": {"namespace": 1, "_namespace_": 2}}),
        None,
    );
    check("self.refs == self.refs", refs.clone(), None);
    check("[1, 2].size() == 2", refs, Some(true));
}

#[test]
fn unsupported_values_and_rules() {
    check("has(self.raw.kind)", json!({"raw": {"kind": "X"}}), None);
    check("self == oldSelf", json!({"type": "A"}), Some(true));
    let leaf = compile_schema(&json!({"type": "object", "x-kubernetes-validations": [
        {"rule": "oldSelf == null || self == oldSelf", "optionalOldSelf": true}]}));
    assert!(FastLeaf::compile(&leaf).is_none());
    let leaf = compile_schema(&schema("self.type == ("));
    assert!(FastLeaf::compile(&leaf).is_none());
}

#[test]
fn escaping_matches_kube_cel() {
    assert!(escapes_to("namespace", "__namespace__"));
    assert!(escapes_to("_namespace_", "__namespace__"));
    assert!(escapes_to("a-b.c/d_e", "a__dash__b__dot__c__slash__d__e"));
    assert!(!escapes_to("namespace", "namespace"));
    assert!(!escapes_to("ab", "a"));
    assert!(plain_key("backendRefs"));
    assert!(!plain_key("in"));
    assert!(!plain_key("x-y"));
}
