//! Helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

/// The workspace root (the folder holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// A path under `tests/fixtures/`; panics (failing the test loudly) when it does not exist.
pub fn fixture(rel: &str) -> PathBuf {
    let p = workspace_root().join("tests/fixtures").join(rel);
    assert!(p.exists(), "missing fixture {}", p.display());
    p
}

/// The upstream conformance cases of one AI Gateway tag (`upstream/ai-gateway/<tag>/crdcel/`:
/// `cases.tsv` and the YAML files it names); panics when the folder does not exist.
pub fn crdcel(tag: &str) -> PathBuf {
    let p = workspace_root()
        .join("upstream/ai-gateway")
        .join(tag)
        .join("crdcel");
    assert!(p.is_dir(), "missing conformance cases {}", p.display());
    p
}

/// Every YAML file of the repository that is not generated or copied for the build: the
/// `tests`, `examples`, `crates`, `benches` and `bindings` folders and the upstream conformance
/// cases (not the upstream CRD manifests), appended as [`yaml_files_under`] does.
pub fn repository_yaml_files(files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) {
    let root = workspace_root();
    for dir in ["tests", "examples", "crates", "benches", "bindings"] {
        yaml_files_under(&root.join(dir), files, dirs);
    }
    for tag in ["v0.3.0", "v0.4.0", "v0.5.0", "v1.1.0"] {
        yaml_files_under(&crdcel(tag), files, dirs);
    }
}

/// The YAML files below `dir` (recursively, skipping hidden entries and build, fuzz corpus and
/// artifact folders), appended to `files`; every folder that directly holds one is appended to
/// `dirs`.
pub fn yaml_files_under(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut has_yaml = false;
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "target" || name == "corpus" || name == "artifacts" {
            continue;
        }
        if p.is_dir() {
            yaml_files_under(&p, files, dirs);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            files.push(p);
            has_yaml = true;
        }
    }
    if has_yaml {
        dirs.push(dir.to_path_buf());
    }
}
