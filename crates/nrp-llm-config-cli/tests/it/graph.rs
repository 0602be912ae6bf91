//! `graph`: Mermaid and DOT drawings, dangling references, the README example.

use crate::common::{copy_dir, examples, objects, root, run, stderr, stdout};
use std::process::{Command, Stdio};

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
    assert_eq!(n_objects, 49);
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

/// A folder whose objects name no namespace (kustomize or `kubectl apply -n` sets it): without
/// `--namespace` its references resolve among themselves; with it, `validate` and `graph` place
/// the objects in that namespace.
#[test]
fn namespace_less_folder_with_and_without_namespace() {
    let dir = root().join("tests/fixtures/cross/namespace_less");
    let dir = dir.to_str().unwrap();
    for args in [
        vec!["validate", "--output", "json", dir],
        vec!["validate", "--output", "json", "--namespace", "team-a", dir],
    ] {
        let o = run(&args);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let d = doc["diagnostics"].as_array().unwrap();
        // Only the policy's typo of gpt-oss, nothing about `default/...`.
        assert_eq!(d.len(), 1, "{args:?}: {d:#?}");
        assert_eq!(d[0]["code"], "invalid_reference");
        assert_eq!(
            d[0]["hint"],
            "did you mean \"envoy-ai-gateway-nrp-gpt-oss\"?"
        );
        let placed = args.contains(&"team-a");
        assert_eq!(d[0]["namespace"] == "team-a", placed, "{args:?}: {d:#?}");
    }
    let plain = stdout(&run(&["graph", dir]));
    let placed = stdout(&run(&["graph", "--namespace", "team-a", dir]));
    assert!(
        !plain.contains("team-a/") && !plain.contains("default/"),
        "{plain}"
    );
    assert!(
        placed.contains("team-a/envoy-ai-gateway-nrp-qwen"),
        "{placed}"
    );
    // The same edges either way: references resolved among the objects without a namespace.
    assert_eq!(plain.matches("-->").count(), placed.matches("-->").count());
}
