//! Helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

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
