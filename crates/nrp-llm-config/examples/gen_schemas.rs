//! Regenerates `crates/nrp-llm-config/data/schemas/` from the upstream CRD manifests.
//!
//! Usage: `cargo run -p nrp-llm-config --example gen_schemas [UPSTREAM_DIR]`
//! (default: `$NRP_UPSTREAM_DIR`, else `../shared/upstream` relative to the workspace root).

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest
        .parent()
        .and_then(|p| p.parent())
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.clone());
    let upstream = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("NRP_UPSTREAM_DIR").map(PathBuf::from))
        .unwrap_or_else(|| workspace.join("../shared/upstream"));
    let out_dir = manifest.join("data/schemas");
    let files = nrp_llm_config::oracle::generate::generate(&upstream);
    std::fs::create_dir_all(&out_dir).expect("create data/schemas");
    let mut total = 0;
    for (name, text) in &files {
        std::fs::write(out_dir.join(name), text).expect("write schema file");
        total += text.len();
        println!(
            "wrote {} ({} bytes)",
            out_dir.join(name).display(),
            text.len()
        );
    }
    println!("{} files, {total} bytes", files.len());
}
