//! End-to-end tests of the `nrp-llm-config` binary: exit codes, messages, files written.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{copy_dir, examples, root, run, stderr, stdout};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const BACKEND: &str = "apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: b1
  namespace: nrp-llm
spec:
  endpoints:
  - fqdn:
      hostname: a.example.org
      port: 80
";

#[test]
fn fmt_check_passes_on_examples() {
    let o = run(&["fmt", "--check", examples().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn fmt_is_idempotent_and_check_reports_changes() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "b.yaml",
        "kind: Backend\napiVersion: gateway.envoyproxy.io/v1alpha1\nmetadata: {namespace: nrp-llm, name: b1}\nspec:\n    endpoints:\n        - fqdn: {port: 80, hostname: a.example.org}\n",
    );
    let o = run(&["fmt", "--check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("b.yaml"));
    let o = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let first = std::fs::read_to_string(&f).unwrap();
    let o = run(&["fmt", "--check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["fmt", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), first);
}

#[test]
fn fmt_refuses_to_drop_comments() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("# keep me\n{}", BACKEND.replace("port: 80", "port:   80"));
    let f = write(dir.path(), "c.yaml", &text);
    let o = run(&["fmt", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--drop-comments"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        text,
        "file must be untouched"
    );
    let o = run(&["fmt", "--drop-comments", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(&f).unwrap().contains('#'));
}

#[test]
fn bad_input_exits_2_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "syntax.yaml",
            "apiVersion: v1\nkind: [X\n",
            "syntax.yaml:2:",
        ),
        (
            "dup.yaml",
            "apiVersion: v1\nkind: X\nkind: Y\n",
            "dup.yaml:3:1",
        ),
        (
            "nokind.yaml",
            "apiVersion: v1\nmetadata: {name: a}\n",
            "nokind.yaml:1:1",
        ),
    ];
    for (name, text, expect) in cases {
        let f = write(dir.path(), name, text);
        let o = run(&["fmt", "--check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    let o = run(&[
        "fmt",
        "--check",
        dir.path().join("missing.yaml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.yaml"), "{}", stderr(&o));
    let o = run(&["validate", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["validate", "--release", "v9", examples().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown release"), "{}", stderr(&o));
}

#[test]
fn validate_examples_on_every_release() {
    for r in ["v0.3", "0.4", "v0.5.0", "v1.1"] {
        let o = run(&["validate", "--release", r, examples().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{r}: {}", stdout(&o));
        assert!(stdout(&o).contains("0 error(s)"), "{}", stdout(&o));
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

#[test]
fn help_lists_commands() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for c in ["validate", "fmt"] {
        assert!(stdout(&o).contains(c));
    }
}

#[test]
fn fmt_keeps_examples_identical_after_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&examples(), dir.path());
    let o = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).is_empty(),
        "examples were not canonical: {}",
        stdout(&o)
    );
}

#[test]
fn plan_live_dump_against_examples() {
    let dump = root().join("examples/nrp/live/cluster-dump.yaml");
    let ex = examples();
    let o = run(&["plan", dump.to_str().unwrap(), ex.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Plan: 0 to create, 3 to update, 2 to delete."),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "plan",
        "--exit-code",
        "--output",
        "json",
        dump.to_str().unwrap(),
        ex.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["summary"],
        serde_json::json!({"create": 0, "update": 3, "delete": 2})
    );
    let kinds: Vec<_> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "Backend",
            "BackendSecurityPolicy",
            "AIGatewayRoute",
            "AIServiceBackend",
            "Backend"
        ]
    );
    let o = run(&[
        "plan",
        "--output",
        "kubectl",
        dump.to_str().unwrap(),
        ex.to_str().unwrap(),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let script = write(dir.path(), "apply.sh", &stdout(&o));
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(check.success());
    // The same state, reformatted, plans as no change.
    let o = run(&[
        "plan",
        "--exit-code",
        ex.to_str().unwrap(),
        ex.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("No changes."));
}

#[test]
fn catalog_import_render_and_plan_round_trip() {
    let ex = examples();
    let catalog = root().join("examples/nrp/catalog.yaml");
    let o = run(&[
        "plan",
        "--exit-code",
        ex.to_str().unwrap(),
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let o = run(&["import", ex.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), std::fs::read_to_string(&catalog).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("models-config");
    let o = run(&[
        "render",
        catalog.to_str().unwrap(),
        "--current",
        ex.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in nrp_llm_config_files(&ex) {
        let rel = f.strip_prefix(&ex).unwrap();
        assert_eq!(
            std::fs::read_to_string(&f).unwrap(),
            std::fs::read_to_string(out.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
    // Rendering again rewrites nothing.
    let o = run(&[
        "render",
        catalog.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("0 written"), "{}", stderr(&o));
}

fn nrp_llm_config_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(nrp_llm_config_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn plan_ownership_flags() {
    let dump = root().join("examples/nrp/live/cluster-dump.yaml");
    let dump = dump.to_str().unwrap();
    let ex = examples();
    // A subfolder as DESIRED: refused with what and why, exit 2 (not 1: never "changes").
    let backends = ex.join("backend");
    let o = run(&["plan", "--exit-code", dump, backends.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("refusing to delete 27 of the 48 objects this tool owns")
            && stderr(&o).contains("--allow-mass-delete"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "plan",
        "--allow-mass-delete",
        dump,
        backends.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("27 to delete."));
    // --adopt takes the unlabelled experiment over; --namespace and --applyset name the set.
    let o = run(&[
        "plan",
        "--adopt",
        "--namespace",
        "nrp-llm",
        "--applyset",
        "nrp-llm-config",
        "--output",
        "json",
        dump,
        ex.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["delete"], 3);
    assert_eq!(v["leftAlone"], serde_json::json!([]));
    assert_eq!(v["applyset"]["namespace"], "nrp-llm");
    // Without --adopt it is left alone, and listed.
    let o = run(&["plan", "--output", "json", dump, ex.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["leftAlone"][0]["name"], "experiment-embeddings-test");
    assert_eq!(v["leftAlone"][0]["reason"], "not_ours");
}
