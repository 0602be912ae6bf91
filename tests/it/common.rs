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
