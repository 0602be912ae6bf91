//! End-to-end tests of `graph`, `schema` and `convert`.
#![allow(missing_docs)]

use nrp_llm_config::document::{self, Limits};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::{copy_dir, examples, root, run, stderr, stdout};

/// Every YAML file below `dir` (relative path → bytes).
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    document::yaml_files(dir)
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// The objects of every file below `dir`, per file, in order.
fn objects(dir: &Path) -> Vec<(PathBuf, Vec<Value>)> {
    files(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let objs = document::parse_str(&text, "x.yaml", &Limits::default()).unwrap();
            (rel, objs.into_iter().map(|o| o.into_value()).collect())
        })
        .collect()
}

// ------------------------------------------------------------------------------------- graph

#[test]
fn graph_mermaid_names_every_object_and_model() {
    let dir = examples();
    let out = run(&["graph", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("graph LR\n"));
    let mut n_objects = 0;
    let mut n_models = 0;
    for (_, objs) in objects(&dir) {
        for o in objs {
            n_objects += 1;
            let name = o["metadata"]["name"].as_str().unwrap();
            let kind = o["kind"].as_str().unwrap();
            assert!(
                text.contains(&format!("{kind}<br/>nrp-llm/{name}")),
                "{kind} {name} not drawn"
            );
            for rule in o["spec"]["rules"].as_array().into_iter().flatten() {
                for m in rule["matches"].as_array().unwrap() {
                    for h in m["headers"].as_array().unwrap() {
                        let model = h["value"].as_str().unwrap();
                        n_models += 1;
                        assert!(
                            text.lines().any(|l| l.contains("-->|\"")
                                && l.split('"').nth(1).unwrap().split(", ").any(|x| x == model)),
                            "model {model} not on an edge"
                        );
                    }
                }
            }
        }
    }
    assert_eq!(n_objects, 46);
    assert_eq!(n_models, 23);
    // The Gateway lives elsewhere: dashed, not red. Nothing dangles in the examples.
    assert!(text.contains("Gateway<br/>nrp-llm/envoy-ai-gateway-nrp<br/>not in these files"));
    assert!(!text.contains("classDef missing"));
    assert!(!text.contains("linkStyle"));
    insta::assert_snapshot!("graph_examples_mermaid", text);
}

#[test]
fn graph_draws_dangling_references_in_red() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&examples(), tmp.path());
    // Remove one Backend: its AIServiceBackend now points at nothing.
    let backends = tmp.path().join("backend/nrp.yaml");
    let text = std::fs::read_to_string(&backends).unwrap();
    let kept: Vec<&str> = text
        .split("---\n")
        .filter(|d| !d.contains("name: envoy-ai-gateway-nrp-kimi\n"))
        .collect();
    std::fs::write(&backends, kept.join("---\n")).unwrap();
    let out = run(&["graph", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("be_envoy_ai_gateway_nrp_kimi[\"Backend<br/>nrp-llm/envoy-ai-gateway-nrp-kimi<br/>missing\"]"), "{text}");
    assert!(
        text.contains("class be_envoy_ai_gateway_nrp_kimi missing"),
        "{text}"
    );
    let edges: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("-->") || l.contains("-.->"))
        .collect();
    let red = edges
        .iter()
        .position(|l| l.ends_with("--> be_envoy_ai_gateway_nrp_kimi"))
        .unwrap();
    assert!(
        text.contains(&format!("linkStyle {red} stroke:#cc0000")),
        "{text}"
    );
    let dot = stdout(&run(&[
        "graph",
        "--format",
        "dot",
        tmp.path().to_str().unwrap(),
    ]));
    assert!(dot.contains("\"asb_envoy_ai_gateway_nrp_kimi\" -> \"be_envoy_ai_gateway_nrp_kimi\" [color=\"#cc0000\""), "{dot}");
}

#[test]
fn graph_dot_renders_to_png_with_graphviz() {
    let dot_ok = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        dot_ok,
        "Graphviz `dot` is not installed: install graphviz (scripts/test.sh does so when run as root)"
    );
    let out = run(&["graph", "--format", "dot", examples().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tmp = tempfile::tempdir().unwrap();
    let png = tmp.path().join("graph.png");
    let mut child = Command::new("dot")
        .args(["-Tpng", "-o", png.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    }
    let done = child.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&done.stderr)
    );
    // dot prints warnings (e.g. syntax it recovered from) on stderr: there must be none.
    assert!(
        done.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        bytes.len() > 10_000,
        "suspiciously small PNG: {} bytes",
        bytes.len()
    );
}

#[test]
fn graph_of_a_catalog_equals_graph_of_its_folder() {
    let a = stdout(&run(&["graph", examples().to_str().unwrap()]));
    let cat = root().join("examples/nrp/catalog.yaml");
    let b = stdout(&run(&["graph", cat.to_str().unwrap()]));
    assert_eq!(a, b);
}

// ------------------------------------------------------------------------------------ schema

fn schema(name: &str) -> Value {
    let out = run(&["schema", name]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn yaml_file(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    document::parse_values(&text, "x.yaml", &Limits::default()).unwrap()
}

#[test]
fn schema_catalog_accepts_the_example_and_rejects_a_wrong_type() {
    let validator = jsonschema::validator_for(&schema("catalog")).unwrap();
    let mut catalog = yaml_file(&root().join("examples/nrp/catalog.yaml")).remove(0);
    let errors: Vec<String> = validator
        .iter_errors(&catalog)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    catalog["backends"][0]["endpoint"]["port"] = Value::String("five thousand".into());
    assert!(!validator.is_valid(&catalog));
    let mut catalog2 = yaml_file(&root().join("examples/nrp/catalog.yaml")).remove(0);
    catalog2["gateway"] = Value::Bool(true);
    assert!(!validator.is_valid(&catalog2));
}

#[test]
fn schema_of_each_kind_accepts_the_examples() {
    let out = run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = stdout(&out);
    for name in [
        "catalog",
        "AIGatewayRoute",
        "AIGatewayRoute/v1beta1",
        "Backend",
        "HTTPRoute",
    ] {
        assert!(listing.lines().any(|l| l.trim() == name), "{listing}");
    }
    for (_, objs) in objects(&examples()) {
        for o in objs {
            let kind = o["kind"].as_str().unwrap();
            let v = jsonschema::validator_for(&schema(kind)).unwrap();
            let errors: Vec<String> = v.iter_errors(&o).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{kind}: {errors:?}");
            // The wrong apiVersion or a wrongly typed field is rejected.
            let mut bad = o.clone();
            bad["apiVersion"] = Value::String("aigateway.envoyproxy.io/v9".into());
            assert!(!v.is_valid(&bad), "{kind}");
            let mut bad = o.clone();
            bad["spec"] = Value::String("nope".into());
            assert!(!v.is_valid(&bad), "{kind}");
        }
    }
    // An AIGatewayRoute with a string weight is rejected.
    let v = jsonschema::validator_for(&schema("AIGatewayRoute")).unwrap();
    let mut route = objects(&examples())
        .into_iter()
        .flat_map(|(_, o)| o)
        .find(|o| o["kind"] == "AIGatewayRoute")
        .unwrap();
    route["spec"]["rules"][0]["backendRefs"][0]["weight"] = Value::String("x".into());
    assert!(!v.is_valid(&route));
    let unknown = run(&["schema", "Nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("available: catalog, AIGatewayRoute"));
}

// ----------------------------------------------------------------------------------- convert

#[test]
fn convert_to_v1beta1_validates_and_converts_back_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("models-config");
    copy_dir(&examples(), &dir);
    let before = files(&dir);
    let before_objects = objects(&dir);

    let out = run(&["convert", "--to", "v1beta1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("object(s) to aigateway.envoyproxy.io/v1beta1"));

    let out = run(&["validate", "--release", "v1.1", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    let after_objects = objects(&dir);
    assert_eq!(before_objects.len(), after_objects.len());
    let mut converted = 0;
    for ((f1, a), (f2, b)) in before_objects.iter().zip(&after_objects) {
        assert_eq!(f1, f2);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            if x["apiVersion"] == "aigateway.envoyproxy.io/v1alpha1" {
                assert_eq!(y["apiVersion"], "aigateway.envoyproxy.io/v1beta1");
                converted += 1;
            } else {
                assert_eq!(x["apiVersion"], y["apiVersion"]);
            }
            let (mut x, mut y) = (x.clone(), y.clone());
            x.as_object_mut().unwrap().remove("apiVersion");
            y.as_object_mut().unwrap().remove("apiVersion");
            assert_eq!(x, y, "{}", f1.display());
        }
    }
    assert_eq!(converted, 25);
    // A second run has nothing to do.
    let again = run(&["convert", "--to", "v1beta1", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "");

    let out = run(&["convert", "--to", "v1alpha1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        files(&dir),
        before,
        "converting back must give the original bytes"
    );
}

#[test]
fn convert_refuses_fields_v1beta1_dropped_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("models-config");
    copy_dir(&examples(), &dir);
    let route = dir.join("gatewayroute/envoy-ai-gateway-nrp-qwen.yaml");
    let text = std::fs::read_to_string(&route).unwrap();
    let with_filter = text.replacen(
        "spec:\n",
        "spec:\n  filterConfig:\n    type: ExternalProcessor\n",
        1,
    );
    assert_ne!(with_filter, text);
    std::fs::write(&route, &with_filter).unwrap();
    let asb = dir.join("servicebackend/sdsc.yaml");
    let asb_text = std::fs::read_to_string(&asb).unwrap();
    let with_ref = asb_text.replacen(
        "spec:\n",
        "spec:\n  backendSecurityPolicyRef:\n    group: aigateway.envoyproxy.io\n    kind: BackendSecurityPolicy\n    name: envoy-ai-gateway-sdsc-nairr-apikey\n",
        1,
    );
    std::fs::write(&asb, &with_ref).unwrap();
    let before = files(&dir);

    let out = run(&["convert", "--to", "v1beta1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen: cannot convert to aigateway.envoyproxy.io/v1beta1: spec.filterConfig: field does not exist in aigateway.envoyproxy.io/v1beta1"),
        "{err}"
    );
    assert!(
        err.contains("gatewayroute/envoy-ai-gateway-nrp-qwen.yaml:7:3"),
        "{err}"
    );
    assert!(
        err.contains("AIServiceBackend nrp-llm/envoy-ai-gateway-sdsc-nairr-qwen3: cannot convert to aigateway.envoyproxy.io/v1beta1: spec.backendSecurityPolicyRef"),
        "{err}"
    );
    assert!(err.contains("servicebackend/sdsc.yaml:7:3"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(files(&dir), before, "no file may change");
}

#[test]
fn convert_refuses_files_with_comments_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("asb.yaml");
    let text = "# the qwen backend\napiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: q\n  namespace: nrp-llm\nspec:\n  schema:\n    name: OpenAI\n  backendRef:\n    group: gateway.envoyproxy.io\n    kind: Backend\n    name: q\n";
    std::fs::write(&f, text).unwrap();
    let out = run(&["convert", "--to", "v1beta1", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--drop-comments"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    let out = run(&[
        "convert",
        "--to",
        "v1beta1",
        "--drop-comments",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = std::fs::read_to_string(&f).unwrap();
    assert_eq!(
        new,
        text.replace("# the qwen backend\n", "")
            .replace("v1alpha1", "v1beta1")
    );
}

#[test]
fn readme_mermaid_block_is_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("```mermaid\n")
        .expect("README has a mermaid block")
        + 11;
    let end = start + readme[start..].find("```").unwrap();
    let out = run(&["graph", examples().to_str().unwrap()]);
    assert_eq!(
        &readme[start..end],
        stdout(&out),
        "README's graph example is stale: paste `nrp-llm-config graph examples/nrp/models-config`"
    );
}
