//! Upstream's own examples and e2e manifests (envoyproxy/ai-gateway v0.4.0 and v1.1.0, copied in
//! `tests/fixtures/upstream/ai-gateway/`), validated file by file against their release.
//!
//! Every error that is not a reference to an object of another file is listed in [`EXPECTED`]
//! with its reason, so a new false error (or a lost true one) fails the test. References to
//! other files must resolve when the file's folder is validated as a whole, with namespace-less
//! objects placed in `default` as `kubectl apply` places them.

use crate::common::workspace_root;
use nrp_llm_config::document::Limits;
use nrp_llm_config::{Code, Release, validate};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (tag, file below the tag, code, how many): the errors other than `invalid_reference`.
const EXPECTED: &[(&str, &str, &str, usize)] = &[
    // The examples ship their API keys as Secrets; a models-config must not (issue 19).
    ("v0.4.0", "examples/aigw/ollama.yaml", "secret_in_folder", 1),
    // `spec.timeouts` is no AIServiceBackend field in any release: kubectl's strict field
    // validation rejects it (`unknown field "spec.timeouts"`).
    ("v0.4.0", "examples/aigw/ollama.yaml", "unknown_field", 1),
    (
        "v0.4.0",
        "examples/basic/anthropic.yaml",
        "secret_in_folder",
        1,
    ),
    // `envoyDeployment.pod.serviceAccountName` is no EnvoyProxy field in Envoy Gateway
    // v1.6.0-rc.1 or v1.8.1.
    ("v0.4.0", "examples/basic/aws-irsa.yaml", "unknown_field", 1),
    (
        "v0.4.0",
        "examples/basic/aws-pod-identity.yaml",
        "unknown_field",
        1,
    ),
    ("v0.4.0", "examples/basic/aws.yaml", "secret_in_folder", 1),
    (
        "v0.4.0",
        "examples/basic/azure_openai.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v0.4.0",
        "examples/basic/cohere.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v0.4.0",
        "examples/basic/gcp_vertex.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v0.4.0",
        "examples/basic/openai.yaml",
        "secret_in_folder",
        1,
    ),
    ("v0.4.0", "examples/basic/tars.yaml", "secret_in_folder", 1),
    // A goose recipe and Helm values files: YAML, but no Kubernetes objects.
    (
        "v0.4.0",
        "examples/goose/kiwi_recipe.yaml",
        "not_an_object",
        1,
    ),
    (
        "v0.4.0",
        "examples/inference-pool/envoy-gateway-values-addon.yaml",
        "not_an_object",
        1,
    ),
    (
        "v0.4.0",
        "examples/mcp/mcp_example.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v0.4.0",
        "examples/mcp/openai-github.yaml",
        "secret_in_folder",
        2,
    ),
    (
        "v0.4.0",
        "examples/mcp/openai-github.yaml",
        "unknown_field",
        1,
    ),
    (
        "v0.4.0",
        "examples/provider_fallback/base.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v0.4.0",
        "examples/token_ratelimit/envoy-gateway-values-addon.yaml",
        "not_an_object",
        1,
    ),
    (
        "v0.4.0",
        "tests/e2e/testdata/cross_namespace.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v0.4.0",
        "tests/e2e/testdata/mcp_route_api_key_auth.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v0.4.0",
        "tests/e2e/testdata/testupstream.yaml",
        "secret_in_folder",
        1,
    ),
    ("v1.1.0", "examples/aigw/ollama.yaml", "secret_in_folder", 1),
    ("v1.1.0", "examples/aigw/ollama.yaml", "unknown_field", 1),
    (
        "v1.1.0",
        "examples/basic/anthropic.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v1.1.0",
        "examples/basic/aws-bedrock-openai-anthropic.yaml",
        "secret_in_folder",
        1,
    ),
    ("v1.1.0", "examples/basic/aws-irsa.yaml", "unknown_field", 1),
    ("v1.1.0", "examples/basic/aws.yaml", "secret_in_folder", 1),
    (
        "v1.1.0",
        "examples/basic/azure_openai.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v1.1.0",
        "examples/basic/cohere.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v1.1.0",
        "examples/basic/gcp_vertex.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v1.1.0",
        "examples/basic/openai.yaml",
        "secret_in_folder",
        1,
    ),
    ("v1.1.0", "examples/basic/tars.yaml", "secret_in_folder", 1),
    (
        "v1.1.0",
        "examples/goose/kiwi_recipe.yaml",
        "not_an_object",
        1,
    ),
    (
        "v1.1.0",
        "examples/inference-pool/envoy-gateway-values-addon.yaml",
        "not_an_object",
        1,
    ),
    (
        "v1.1.0",
        "examples/mcp/mcp_example.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v1.1.0",
        "examples/mcp/openai-github.yaml",
        "secret_in_folder",
        2,
    ),
    (
        "v1.1.0",
        "examples/mcp/openai-github.yaml",
        "unknown_field",
        1,
    ),
    (
        "v1.1.0",
        "examples/provider_fallback/base.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v1.1.0",
        "examples/token_ratelimit/envoy-gateway-values-addon.yaml",
        "not_an_object",
        1,
    ),
    (
        "v1.1.0",
        "tests/e2e/testdata/cross_namespace.yaml",
        "secret_in_folder",
        1,
    ),
    // `rateLimit.global.rules[].limit.fromMetadata` is newer than Envoy Gateway v1.8.1, the
    // release v1.1.0 pins: its BackendTrafficPolicy CRD rejects the field.
    (
        "v1.1.0",
        "tests/e2e/testdata/dynamic_metadata_ratelimit.yaml",
        "unknown_field",
        3,
    ),
    (
        "v1.1.0",
        "tests/e2e/testdata/mcp_route_api_key_auth.yaml",
        "secret_in_folder",
        1,
    ),
    (
        "v1.1.0",
        "tests/e2e/testdata/testupstream.yaml",
        "secret_in_folder",
        1,
    ),
];

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

#[test]
fn upstream_examples_give_only_the_listed_errors() {
    let mut found: Vec<(String, String, String, usize)> = Vec::new();
    let mut files_with_references: BTreeMap<(String, PathBuf), usize> = BTreeMap::new();
    let mut files = 0;
    for (tag, release) in [("v0.4.0", Release::V0_4), ("v1.1.0", Release::V1_1)] {
        let root = workspace_root()
            .join("tests/fixtures/upstream/ai-gateway")
            .join(tag);
        let mut paths = Vec::new();
        yaml_files(&root, &mut paths);
        assert!(paths.len() > 30, "{tag}: only {} files", paths.len());
        for path in paths {
            files += 1;
            let rel = path.strip_prefix(&root).unwrap().display().to_string();
            let report = validate::validate_paths(&[&path], release, &Limits::default());
            let mut codes: BTreeMap<String, usize> = BTreeMap::new();
            for d in report.diagnostics.iter().filter(|d| d.is_error()) {
                if d.code == Code::INVALID_REFERENCE {
                    let dir = path.parent().unwrap().to_path_buf();
                    *files_with_references
                        .entry((tag.to_owned(), dir))
                        .or_default() += 1;
                } else {
                    *codes.entry(d.code.to_string()).or_default() += 1;
                }
            }
            for (code, n) in codes {
                found.push((tag.to_owned(), rel.clone(), code, n));
            }
        }
    }
    let expected: Vec<(String, String, String, usize)> = EXPECTED
        .iter()
        .map(|(t, f, c, n)| (t.to_string(), f.to_string(), c.to_string(), *n))
        .collect();
    assert_eq!(
        found, expected,
        "errors other than references to other files changed"
    );
    assert_eq!(files, 81);
    // Every reference to another file resolves in its folder, applied to `default`.
    assert!(
        files_with_references.len() >= 3,
        "{files_with_references:?}"
    );
    for ((tag, dir), n) in files_with_references {
        let release = if tag == "v0.4.0" {
            Release::V0_4
        } else {
            Release::V1_1
        };
        let report =
            validate::validate_paths_in(&[&dir], release, &Limits::default(), Some("default"));
        let left: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::INVALID_REFERENCE)
            .map(|d| d.message.clone())
            .collect();
        assert!(
            left.is_empty(),
            "{tag} {}: {n} reference error(s) file by file, still {left:#?} for the folder",
            dir.display()
        );
    }
}
