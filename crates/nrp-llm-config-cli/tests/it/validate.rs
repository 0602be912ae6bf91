//! `validate`: every release, JSON output listing every problem.

use crate::common::{BACKEND, bin, examples, root, run, stdout, write};
use std::path::Path;

#[test]
fn validate_examples_on_every_release() {
    for r in ["v0.3", "0.4", "v0.5.0", "v0.6", "0.7", "v1.0.0", "v1.1"] {
        let o = run(&["validate", "--release", r, examples().to_str().unwrap()]);
        let text = stdout(&o);
        let before_quotas = ["v0.3", "0.4", "v0.5.0"].contains(&r);
        if before_quotas {
            // The example folder has three QuotaPolicies, a kind that starts at v0.6.0: each
            // is reported (and nothing else), as kubectl would say it.
            assert_eq!(o.status.code(), Some(1), "{r}: {text}");
            assert!(
                text.contains(", 3 not checked: 3 error(s), 0 warning(s)"),
                "{r}: {text}"
            );
            assert_eq!(
                text.matches("error[unsupported_version]: QuotaPolicy nrp-llm/")
                    .count(),
                3,
                "{r}: {text}"
            );
            assert!(
                text.contains("it is served from AI Gateway v0.6.0 on"),
                "{text}"
            );
        } else {
            assert_eq!(o.status.code(), Some(0), "{r}: {text}");
            assert!(text.contains("49 object(s) checked"), "{r}: {text}");
            assert!(text.contains("0 error(s), 0 warning(s)"), "{r}: {text}");
        }
    }
}

#[test]
fn validate_json_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let asb = "apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  name: asb1
  namespace: nrp-llm
spec:
  schema:
    name: OpenAI
  backendRef:
    name: b2
    kind: Backend
    group: gateway.envoyproxy.io
";
    let route = "apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: r1
  namespace: nrp-llm
spec:
  parentRefs:
  - name: gw
    kind: Gateway
    group: gateway.networking.k8s.io
  rules:
  - matches:
    - headers:
      - type: Exact
        name: x-ai-eg-model
        value: m1
    backendRefs:
    - name: asb1
    timeouts:
      request: 60s
  - matches:
    - headers:
      - type: Exact
        name: x-ai-eg-model
        value: m1
    backendRefs:
    - name: asb9
    timeouts:
      request: 60s
";
    write(dir.path(), "a.yaml", &format!("{asb}---\n{BACKEND}"));
    write(dir.path(), "r.yaml", route);
    let o = run(&["validate", "--output", "json", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let errors: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    let codes: Vec<_> = errors.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(errors.len(), 3, "{codes:?}");
    assert!(codes.contains(&"duplicate_model"));
    assert_eq!(
        codes.iter().filter(|c| **c == "invalid_reference").count(),
        2
    );
    let files: std::collections::BTreeSet<_> = errors
        .iter()
        .map(|d| {
            Path::new(d["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(files.len(), 2);
    for d in &errors {
        assert!(d["line"].as_u64().unwrap() > 0 && d["column"].as_u64().unwrap() > 0);
        assert!(d["path"].as_str().unwrap().starts_with("spec."));
    }
}

/// Every way an object can escape the schema check is reported (tests/fixtures/coverage): the
/// text and JSON of each fixture on v1.1, and the QuotaPolicy one also on v0.5, before the
/// release that introduced the kind.
#[test]
fn coverage_fixtures() {
    let cases = [
        ("mcproute_missing_fields", "v1.1", 1),
        ("quota_duration_2h", "v1.1", 1),
        ("quota_duration_2h", "v0.5", 1),
        ("route_wrong_group", "v1.1", 1),
        ("llmroute", "v1.1", 1),
        ("other_kinds", "v1.1", 0),
    ];
    for (name, release, code) in cases {
        let file = format!("tests/fixtures/coverage/{name}.yaml");
        let run = |format: &str| {
            bin()
                .current_dir(root())
                .args(["validate", "--release", release, "--output", format, &file])
                .output()
                .unwrap()
        };
        let text = run("text");
        assert_eq!(text.status.code(), Some(code), "{name}: {}", stdout(&text));
        let json: serde_json::Value = serde_json::from_slice(&run("json").stdout).unwrap();
        insta::assert_snapshot!(
            format!("coverage_{name}_{release}"),
            format!(
                "{}\n{}",
                stdout(&text),
                serde_json::to_string_pretty(&json).unwrap()
            )
        );
    }
}

/// The hints of issue 19 (tests/fixtures/hints): an unknown field gets "did you mean" and the
/// release that had it, a quoted number "remove the quotes" (and no separate note about CEL
/// rules that did not run), a Helm template "render it first", and a backendRef with a kind but
/// no group plain words; text and JSON on v1.1.
#[test]
fn hint_fixtures() {
    for name in [
        "unknown_fields",
        "quoted_port",
        "helm_template",
        "backend_ref_kind",
    ] {
        let file = format!("tests/fixtures/hints/{name}.yaml");
        let run = |format: &str| {
            bin()
                .current_dir(root())
                .args(["validate", "--release", "v1.1", "--output", format, &file])
                .output()
                .unwrap()
        };
        let text = run("text");
        assert_eq!(text.status.code(), Some(1), "{name}: {}", stdout(&text));
        let json: serde_json::Value = serde_json::from_slice(&run("json").stdout).unwrap();
        insta::assert_snapshot!(
            format!("hints_{name}"),
            format!(
                "{}\n{}",
                stdout(&text),
                serde_json::to_string_pretty(&json).unwrap()
            )
        );
    }
}
