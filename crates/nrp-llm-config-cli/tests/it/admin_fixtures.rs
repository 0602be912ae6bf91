//! Mistakes admins make in real folders, and upstream files that must not be mistaken for
//! them: one fixture per case, its `validate` text and JSON output in one snapshot each
//! (`snapshots/it__admin_fixtures__<name>.snap`).

use crate::common::{bin, root, stdout};

/// Runs `validate --output text` and `--output json` on `file` (relative to the workspace root),
/// checks the exit code, and returns both outputs as one text for a snapshot.
fn validate_both(file: &str, code: i32) -> String {
    let run = |format: &str| {
        bin()
            .current_dir(root())
            .args(["validate", "--output", format, file])
            .output()
            .unwrap()
    };
    let text = run("text");
    assert_eq!(text.status.code(), Some(code), "{file}: {}", stdout(&text));
    let json = run("json");
    assert_eq!(json.status.code(), Some(code), "{file}: {}", stdout(&json));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    format!(
        "{}\n{}",
        stdout(&text),
        serde_json::to_string_pretty(&json).unwrap()
    )
}

/// Upstream's `examples/inference-pool/aigwroute.yaml`: one rule with two matches for one model
/// that differ by their `Authorization` header (per-key routing) is no `duplicate_model`; the
/// only error is the reference to a backend defined in another upstream file.
#[test]
fn upstream_inference_pool_route_is_no_duplicate() {
    let out = validate_both("tests/fixtures/upstream/inference_pool_aigwroute.yaml", 1);
    assert!(!out.contains("duplicate_model"), "{out}");
    assert_eq!(out.matches("error[").count(), 1, "{out}");
    insta::assert_snapshot!("upstream_inference_pool_aigwroute", out);
}

/// Two rules for one model: a `duplicate_model` error when a request can match both with equal
/// precedence (the later rule never sees it), none when their `Authorization` conditions differ.
#[test]
fn duplicate_model_only_when_rules_compete() {
    let route = |second_key: &str| {
        format!(
            "apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIGatewayRoute
metadata:
  name: r
  namespace: ns
spec:
  parentRefs:
  - name: gw
  rules:
  - matches:
    - headers:
      - name: x-ai-eg-model
        value: m
      - name: Authorization
        value: key-a
    backendRefs:
    - name: asb
    timeouts:
      request: 1200s
  - matches:
    - headers:
      - name: x-ai-eg-model
        value: m
      - name: authorization
        value: {second_key}
    backendRefs:
    - name: asb
    timeouts:
      request: 1200s
"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    for (key, duplicate) in [("key-b", false), ("key-a", true)] {
        let f = crate::common::write(dir.path(), "route.yaml", &route(key));
        let o = bin()
            .args(["validate", f.to_str().unwrap()])
            .output()
            .unwrap();
        let text = stdout(&o);
        assert_eq!(
            text.contains("error[duplicate_model]"),
            duplicate,
            "{key}: {text}"
        );
    }
}

/// `validate` reads a catalog file as every other command does: its problems at its own lines
/// (not `metadata.name: Required value`), and the objects it compiles into checked.
#[test]
fn validate_reads_catalogs() {
    let out = validate_both("tests/fixtures/other/catalog_bad_port.yaml", 1);
    assert!(out.contains("catalog_bad_port.yaml:12:5"), "{out}");
    assert!(!out.contains("missing_name"), "{out}");
    insta::assert_snapshot!("catalog_bad_port", out);
    let out = validate_both("tests/fixtures/other/catalog_valid.yaml", 0);
    insta::assert_snapshot!("catalog_valid", out);
}

/// An object without a name: every diagnostic about it names its kind and namespace.
#[test]
fn missing_name_carries_the_kind() {
    let out = validate_both("tests/fixtures/other/missing_name.yaml", 1);
    assert!(!out.contains("\"kind\": null"), "{out}");
    insta::assert_snapshot!("missing_name", out);
}

/// `plan F F` on a file without any managed kind: no changes, exit 0, in every format.
#[test]
fn plan_without_managed_objects_is_no_changes() {
    let file = "tests/fixtures/other/gateway_only.yaml";
    let mut out = String::new();
    for format in ["text", "json", "kubectl"] {
        let o = bin()
            .current_dir(root())
            .args(["plan", "--exit-code", "--output", format, file, file])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{format}: {o:?}");
        out.push_str(&stdout(&o));
    }
    assert!(out.starts_with("No changes.\n"), "{out}");
    insta::assert_snapshot!("plan_gateway_only", out);
}
