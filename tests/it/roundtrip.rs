//! Load → emit → load keeps every field and the key order: upstream accepted objects, the example
//! folder, and objects carrying fields no release defines.
//!
//! `serde_json::Value`'s `==` ignores key order (maps compare as sets of entries), so order is
//! compared on [`ordered`] text, and emitted YAML is compared with expected text.

use crate::common::{crdcel, fixture, workspace_root};
use nrp_llm_config::canonical_document;
use nrp_llm_config::document::{self, Limits};
use nrp_llm_config::resources::Resource;
use serde_json::Value;
use std::path::Path;

/// `v` as compact JSON with the keys in their stored order: equal text means equal values with
/// the same key order.
fn ordered(v: &Value) -> String {
    v.to_string()
}

/// [`ordered`] of each value, one per line.
fn ordered_all(values: &[Value]) -> String {
    values.iter().map(ordered).collect::<Vec<_>>().join("\n")
}

/// What [`check_file`] learned about one file.
struct Checked {
    /// Objects in the file.
    objects: usize,
    /// Objects whose canonical form has another key order than the file.
    reordered: usize,
    /// Objects of a kind with a typed model.
    typed: usize,
    /// The file in canonical form (what `fmt` writes).
    canonical_text: String,
}

/// Reads a file, then checks that
/// (a) emitting and re-reading gives the same values with the same key order, and emitting those
///     again gives the same text;
/// (b) the canonical form is a fixed point, reads back unchanged, and (for kinds with a typed
///     model) has the key order of the typed encoding;
/// (c) typed decoding keeps every field.
fn check_file(path: &Path) -> Checked {
    let limits = Limits::default();
    let at = path.display();
    let values = document::parse_values(
        &std::fs::read_to_string(path).unwrap(),
        &at.to_string(),
        &limits,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let text = document::to_yaml(&values);
    let again = document::parse_values(&text, "emitted", &limits).unwrap();
    assert_eq!(
        ordered_all(&again),
        ordered_all(&values),
        "{at}: emit/load changed the objects or their key order"
    );
    assert_eq!(
        document::to_yaml(&again),
        text,
        "{at}: emitting the re-read objects gives other text"
    );

    let canonical: Vec<Value> = values.iter().map(canonical_document).collect();
    let canonical_text = document::to_yaml(&canonical);
    let reread = document::parse_values(&canonical_text, "canonical", &limits).unwrap();
    assert_eq!(
        ordered_all(&reread),
        ordered_all(&canonical),
        "{at}: the canonical text reads back differently"
    );
    let (mut reordered, mut typed_objects) = (0, 0);
    for (v, c) in values.iter().zip(&canonical) {
        assert_eq!(
            ordered(&canonical_document(c)),
            ordered(c),
            "{at}: the canonical form is not a fixed point"
        );
        reordered += usize::from(ordered(c) != ordered(v));
        // The typed roots hold apiVersion, kind, metadata, spec and status; an unknown top-level
        // key is only kept by the untyped layer (checked above), so skip the typed check then.
        let standard = v.as_object().is_some_and(|m| {
            m.keys()
                .all(|k| ["apiVersion", "kind", "metadata", "spec", "status"].contains(&k.as_str()))
        });
        if standard {
            let typed = Resource::from_value(v).unwrap_or_else(|e| panic!("{at}: {e}"));
            let encoded = typed.to_value();
            // Same data; the order may differ (the typed encoding uses the upstream field order).
            assert!(encoded == *v, "{at}: typed round trip lost data");
            if !matches!(typed, Resource::Other(_)) {
                typed_objects += 1;
                assert_eq!(
                    ordered(c),
                    ordered(&encoded),
                    "{at}: the canonical form is not in the typed field order"
                );
            }
        }
    }
    Checked {
        objects: values.len(),
        reordered,
        typed: typed_objects,
        canonical_text,
    }
}

#[test]
fn ordered_text_sees_what_value_equality_does_not() {
    let a: Value = serde_json::from_str(r#"{"kind": "Backend", "apiVersion": "v1"}"#).unwrap();
    let b: Value = serde_json::from_str(r#"{"apiVersion": "v1", "kind": "Backend"}"#).unwrap();
    assert_eq!(a, b);
    assert_ne!(ordered(&a), ordered(&b));
    // The canonical form of a known kind puts apiVersion first.
    let backend = serde_json::json!({"kind": "Backend", "apiVersion": "gateway.envoyproxy.io/v1alpha1",
        "metadata": {"name": "b"}, "spec": {"endpoints": [{"fqdn": {"port": 80, "hostname": "h"}}]}});
    assert_eq!(
        document::to_yaml(&[canonical_document(&backend)]),
        "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: b\n\
         spec:\n  endpoints:\n  - fqdn:\n      hostname: h\n      port: 80\n"
    );
}

/// The kinds of the typed objects of a file, after checking that each decodes into a typed
/// variant with every field typed (no `extra` map holds anything).
fn fully_typed_kinds(path: &Path) -> Vec<String> {
    let at = path.display().to_string();
    let text = std::fs::read_to_string(path).unwrap();
    let values = document::parse_values(&text, &at, &Limits::default()).unwrap();
    let mut kinds = Vec::new();
    for v in &values {
        let typed = Resource::from_value(v).unwrap_or_else(|e| panic!("{at}: {e}"));
        if matches!(typed, Resource::Other(_)) {
            continue;
        }
        let debug = format!("{typed:?}");
        assert!(
            !debug.contains("extra: {\""),
            "{at}: a field landed in extra: {debug}"
        );
        kinds.push(typed.kind().to_owned());
    }
    kinds
}

#[test]
fn upstream_accepted_objects_round_trip() {
    let (mut n, mut typed, mut reordered) = (0, 0, 0);
    let mut per_kind: std::collections::BTreeMap<String, usize> = Default::default();
    for release in nrp_llm_config::Release::ALL {
        let dir = crdcel(release.ai_gateway_tag());
        let cases = std::fs::read_to_string(dir.join("cases.tsv")).unwrap();
        for line in cases.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.get(2) == Some(&"accept") {
                let c = check_file(&dir.join(cols[1]));
                n += c.objects;
                typed += c.typed;
                reordered += c.reordered;
                for kind in fully_typed_kinds(&dir.join(cols[1])) {
                    *per_kind.entry(kind).or_default() += 1;
                }
            }
        }
    }
    println!(
        "{reordered} of {n} accepted objects ({typed} of a typed kind) reordered by the canonical form"
    );
    assert!(n > 40, "only {n} accepted objects found");
    // Every accepted object decodes into its typed model with nothing left to `extra`: the
    // models know every field upstream's conformance cases use (MCPRoute: basic.yaml at six
    // releases, the two exclude cases at four).
    assert_eq!(typed, per_kind.values().sum::<usize>());
    assert_eq!(per_kind.get("MCPRoute"), Some(&14), "{per_kind:?}");
    // The upstream files are not in our field order, so the canonical checks above compared
    // reordered objects, not only copies of the input.
    assert!(
        reordered * 2 > typed,
        "only {reordered} of {typed} typed objects were reordered"
    );
}

#[test]
fn example_folder_is_in_canonical_form_byte_for_byte() {
    let dir = workspace_root().join("examples/nrp/models-config");
    let files = document::yaml_files(&dir).unwrap();
    assert!(files.len() >= 5);
    let mut n = 0;
    for f in &files {
        let c = check_file(f);
        assert_eq!(
            c.canonical_text,
            std::fs::read_to_string(f).unwrap(),
            "{}: not in canonical form",
            f.display()
        );
        assert_eq!(c.reordered, 0, "{}", f.display());
        n += c.objects;
    }
    assert!(n >= 40, "{n}");
}

#[test]
fn unknown_fields_survive_everywhere() {
    let f = fixture("roundtrip/unknown-fields.yaml");
    let c = check_file(&f);
    assert_eq!(c.objects, 3);
    // The route has an unknown top-level key, so it stays as written; the Backend is already in
    // field order with its unknown fields last; the unmodelled kind is kept as it is. Only flow
    // sequences become block sequences.
    assert_eq!(c.reordered, 0);
    insta::assert_snapshot!("unknown_fields_canonical", c.canonical_text);
    let objs = document::load_file(&f, &Limits::default()).unwrap();
    let v = objs[0].value();
    assert_eq!(v["futureTopLevel"]["keep"], "me");
    assert_eq!(v["spec"]["futureSpecField"], 42);
    assert_eq!(
        v["spec"]["rules"][0]["backendRefs"][0]["futureBackendRefField"]["nested"],
        true
    );
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["apiVersion", "kind", "metadata", "futureTopLevel", "spec"]
    );
}
