//! `validate::validate_paths` (streaming) must say exactly what `validate::validate` says about
//! `ConfigSet::load` of the same paths: same diagnostics, same order, same object count.

use crate::common::{crdcel, fixture, workspace_root};
use nrp_llm_config::validate::{validate, validate_paths};
use nrp_llm_config::{ConfigSet, Limits, Release};
use nrp_llm_config_benches::Fleet;
use std::path::{Path, PathBuf};

fn same(paths: &[PathBuf], release: Release) -> usize {
    let limits = Limits::default();
    let report = validate_paths(paths, release, &limits);
    let set = ConfigSet::load(paths, &limits);
    let expected = validate(&set, release);
    assert_eq!(
        report.diagnostics, expected,
        "streaming validation differs for {paths:?} on {release}"
    );
    assert_eq!(report.objects, set.len(), "object count for {paths:?}");
    report.diagnostics.len()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    nrp_llm_config::document::yaml_files(dir).expect("fixture folder lists")
}

#[test]
fn fixtures_and_examples_validate_the_same() {
    // Each group is validated as one set, then file by file.
    let mut groups = vec![
        vec![workspace_root().join("examples/nrp/models-config")],
        vec![workspace_root().join("examples/nrp/live")],
    ];
    for sub in ["cross", "plan", "roundtrip"] {
        groups.push(vec![fixture(sub)]);
    }
    groups.push(
        Release::ALL
            .iter()
            .map(|r| crdcel(r.ai_gateway_tag()))
            .collect(),
    );
    let mut diagnostics = 0;
    for release in Release::ALL {
        for group in &groups {
            diagnostics += same(group, release);
            for file in group.iter().flat_map(|folder| yaml_files(folder)) {
                diagnostics += same(&[file], release);
            }
        }
    }
    // The fixtures hold invalid objects on purpose: the comparison covered real findings.
    assert!(diagnostics > 100, "only {diagnostics} diagnostics compared");
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn generated_fleet_with_set_level_problems_validates_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("models-config");
    Fleet::generate(300, 7).write(&root).unwrap();
    assert_eq!(
        same(std::slice::from_ref(&root), Release::V1_1),
        0,
        "clean fleet"
    );

    let files = yaml_files(&root);
    let first = std::fs::read_to_string(&files[0]).unwrap();
    // A second definition of every object of one file, in a later file.
    write(&root, "zz/dup.yaml", &first);
    // An object without a name, one with a schema error and a dangling reference.
    write(
        &root,
        "zz/noname.yaml",
        "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata: {namespace: nrp-llm}\nspec:\n  schema: {name: OpenAl}\n  backendRef: {name: nowhere, kind: Backend, group: gateway.envoyproxy.io}\n---\napiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata: {name: x, namespace: nrp-llm}\nspec:\n  schema: {name: OpenAI}\n  backendRef: {name: nowhere, kind: Backend, group: gateway.envoyproxy.io}\n",
    );
    // Unreadable files: a syntax error and bytes that are not UTF-8.
    write(&root, "zz/broken.yaml", "a: [1, 2\nb: c\n");
    std::fs::write(root.join("zz/latin1.yaml"), b"a: \xe9t\xe9\n").unwrap();
    let n = same(std::slice::from_ref(&root), Release::V1_1);
    assert!(n > 10, "expected findings, got {n}");
    // Files named twice and a folder plus one of its files: duplicates across arguments.
    same(&[root.clone(), files[1].clone()], Release::V0_5);
    // A path that does not exist is a problem, not a panic.
    same(
        &[root.join("missing.yaml"), files[2].clone()],
        Release::V1_1,
    );
}
