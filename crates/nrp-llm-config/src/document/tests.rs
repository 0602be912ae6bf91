//! Positions, errors, limits and emitting of the document loader.

use super::*;
use crate::Code;

fn parse(text: &str) -> Result<Vec<Object>, LoadError> {
    parse_str(text, "t.yaml", &Limits::default())
}

#[test]
fn positions_point_at_fields() {
    let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata:\n  name: r\nspec:\n  rules:\n  - matches:\n    - headers:\n      - name: x-ai-eg-model\n        value: a\n    backendRefs:\n    - name: b\n      weight: 2\n";
    let o = &parse(text).unwrap()[0];
    let p = |s: &str| o.locate(&s.parse().unwrap()).unwrap();
    assert_eq!(
        p("spec.rules[0].backendRefs[0].weight"),
        Pos {
            line: 13,
            column: 7
        }
    );
    assert_eq!(
        p("spec.rules[0].backendRefs[0]"),
        Pos {
            line: 12,
            column: 7
        }
    );
    assert_eq!(
        p("spec.rules[0].matches[0].headers[0].value"),
        Pos {
            line: 10,
            column: 9
        }
    );
    assert_eq!(p("metadata.name"), Pos { line: 4, column: 3 });
    // Missing leaf: nearest ancestor.
    assert_eq!(p("spec.rules[0].timeouts"), Pos { line: 7, column: 5 });
}

#[test]
fn multi_document_crlf_and_empty_documents() {
    let text = "---\r\napiVersion: v1\r\nkind: A\r\nmetadata:\r\n  name: a\r\n---\r\n---\r\napiVersion: v1\r\nkind: B\r\nmetadata:\r\n  name: b\r\n";
    let objs = parse(text).unwrap();
    assert_eq!(objs.len(), 2);
    assert_eq!(objs[1].kind(), "B");
    assert_eq!(
        objs[1]
            .locate(&"metadata.name".parse().unwrap())
            .unwrap()
            .line,
        11
    );
}

#[test]
fn errors_carry_positions() {
    let e = parse("apiVersion: v1\nkind: A\nkind: B\n").unwrap_err();
    assert_eq!(e.diagnostic().code, Code::DUPLICATE_KEY);
    assert_eq!(e.diagnostic().location.line, Some(3));
    let e = parse("apiVersion: v1\nkind: [A\n").unwrap_err();
    assert_eq!(e.diagnostic().code, Code::YAML_SYNTAX);
    assert_eq!(e.diagnostic().location.file.as_deref(), Some("t.yaml"));
    assert!(e.diagnostic().location.line.is_some());
    let e = parse("apiVersion: v1\nmetadata: {name: a}\n").unwrap_err();
    assert_eq!(e.diagnostic().code, Code::NOT_AN_OBJECT);
    assert!(e.to_string().contains("kind"), "{e}");
    let e = parse("- a\n- b\n").unwrap_err();
    assert_eq!(e.diagnostic().code, Code::NOT_AN_OBJECT);
}

#[test]
fn alias_bomb_is_bounded() {
    let mut text =
        String::from("apiVersion: v1\nkind: X\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let e = parse(&text).unwrap_err();
    assert_eq!(e.diagnostic().code, Code::LIMIT, "{e}");
}

#[test]
fn deep_nesting_is_bounded() {
    let text = format!(
        "apiVersion: v1\nkind: X\na: {}{}\n",
        "[".repeat(500),
        "]".repeat(500)
    );
    assert!(parse(&text).is_err());
}

#[test]
fn emit_round_trips() {
    let text = "apiVersion: v1\nkind: A\nmetadata:\n  name: a\nspec:\n  x: \"yes\"\n  y: \"010\"\n  l:\n  - 1\n  - two\n  e: []\n  m: {}\n";
    let objs = parse(text).unwrap();
    let out = to_yaml(&[objs[0].value().clone()]);
    let again = parse(&out).unwrap();
    assert_eq!(again[0].value(), objs[0].value());
    // The serializer quotes keys YAML 1.1 would read as booleans.
    assert_eq!(out, text.replace("  y:", "  \"y\":"));
}

#[test]
fn comments_detected() {
    assert!(has_comments("# top\na: 1\n"));
    assert!(!has_comments("a: 'x#y'\nb: |\n  # inside block\n"));
}

#[test]
fn identical_trees_only_share() {
    use super::object::identical;
    use serde_json::json;
    let a = json!({"a": 1, "b": [80, "x", {"c": null}]});
    assert!(identical(&a, &a.clone()));
    // Same under `==`, told apart here: key order and number representation are visible.
    let reordered = json!({"b": [80, "x", {"c": null}], "a": 1});
    assert_eq!(a, reordered);
    assert!(!identical(&a, &reordered));
    assert!(!identical(&json!(80), &json!(80.0)));
    assert!(!identical(&json!(0.0), &json!(-0.0)));
    assert!(identical(&json!(-0.0), &json!(-0.0)));
    assert!(!identical(&json!([1]), &json!([1, 2])));
}

#[test]
fn shared_trees_copy_on_write_and_keep_identity() {
    let one =
        parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n").unwrap();
    let mut two =
        parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n").unwrap();
    assert!(two[0].share_tree(&one[0]));
    assert!(std::ptr::eq(one[0].value(), two[0].value()));
    // Changing one copy leaves the other alone, and the identity follows the change.
    two[0].value_mut()["metadata"]["name"] = "b".into();
    assert_eq!(one[0].name(), "a");
    assert_eq!(two[0].name(), "b");
    let set = crate::ConfigSet::from_objects(one.into_iter().chain(two));
    assert_eq!(set.len(), 2);
    assert!(set.problems().is_empty());
    let b = crate::ObjectRef::new("", "ConfigMap", Some("x"), "b");
    assert_eq!(set.get(&b).map(Object::name), Some("b"));
}

#[test]
fn a_helm_template_is_recognised() {
    let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: {{ .Values.name }}\n  {{- include \"labels\" . | nindent 4 }}\n";
    let e = parse(text).unwrap_err();
    let d = e.diagnostic();
    assert_eq!(d.code, Code::YAML_SYNTAX);
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("render it with `helm template` first")),
        "{d:?}"
    );
    // The same syntax error without template directives has no such hint.
    let e = parse("a: [1\nb: 2\n").unwrap_err();
    assert!(e.diagnostic().hint.is_none());
}
