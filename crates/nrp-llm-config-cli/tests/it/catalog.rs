//! `import` and `render`: the catalog round trip with the example folder.

use crate::common::{examples, root, run, stderr, stdout};
use std::path::{Path, PathBuf};

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

/// `import` → `render` without `--current` → `plan`: no change.
#[test]
fn import_then_render_without_current_changes_nothing() {
    let ex = examples();
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["import", ex.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let catalog = dir.path().join("catalog.yaml");
    std::fs::write(&catalog, stdout(&o)).unwrap();
    let out = dir.path().join("models-config");
    let o = run(&[
        "render",
        catalog.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "plan",
        "--exit-code",
        ex.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}
