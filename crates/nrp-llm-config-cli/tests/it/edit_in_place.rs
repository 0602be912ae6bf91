//! Commands that write people's files keep what they wrote: `import` carries comments into the
//! catalog (and names those it cannot place), `render --current` edits the folder in place.

use crate::common::{copy_dir, examples, root, run, stderr, stdout};
use nrp_llm_config::catalog::Catalog;
use std::path::Path;

/// The example folder with a comment above every document and after every object name.
fn commented_examples(to: &Path) {
    copy_dir(&examples(), to);
    for f in nrp_llm_config::document::yaml_files(to).unwrap() {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut out = String::new();
        for (i, l) in text.lines().enumerate() {
            if l.starts_with("apiVersion:") {
                out.push_str(&format!("# document at line {i}\n"));
            }
            out.push_str(l);
            if l.starts_with("  name:") {
                out.push_str(&format!(" # name at line {i}"));
            }
            out.push('\n');
        }
        std::fs::write(&f, out).unwrap();
    }
}

fn all_comments(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for f in nrp_llm_config::document::yaml_files(dir).unwrap() {
        out.extend(nrp_llm_config::edit::comments(
            &std::fs::read_to_string(f).unwrap(),
        ));
    }
    out.sort();
    out
}

#[test]
fn import_carries_comments_to_the_catalog_and_names_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/guide"), dir.path());
    let o = run(&["import", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let catalog = stdout(&o);
    assert!(
        catalog.contains("# Multiple backendRefs do round-robin\n- name: qwen3-combined\n"),
        "{catalog}"
    );
    assert!(catalog.contains("  # Counts tokens in the request\n  - metadataKey: llm_input_token"));
    // The parked rule has no catalog entry: each of its lines is named with its place.
    let err = stderr(&o);
    assert_eq!(err.matches("warning[comment_not_kept]").count(), 5, "{err}");
    assert!(err.contains("gatewayroute.yaml:55"), "{err}");
    // The commented catalog is the same catalog.
    let plain = Catalog::from_yaml_str(&catalog, "c.yaml").unwrap();
    assert_eq!(plain.models.len(), 3);
}

#[test]
fn render_current_edits_the_folder_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("models-config");
    commented_examples(&folder);
    let before = crate::common::files(&folder);
    let comments_before = all_comments(&folder);
    let o = run(&["import", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let catalog_path = dir.path().join("catalog.yaml");
    std::fs::write(&catalog_path, stdout(&o)).unwrap();
    let f = folder.to_str().unwrap();
    let c = catalog_path.to_str().unwrap();
    // Nothing changed: nothing is written.
    let o = run(&["render", c, "--current", f, "--out", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(crate::common::files(&folder), before, "{}", stdout(&o));
    // One model less: only its lines go, with their comments.
    let mut catalog =
        Catalog::from_yaml_str(&std::fs::read_to_string(&catalog_path).unwrap(), c).unwrap();
    let gone = catalog.models.remove(0);
    std::fs::write(&catalog_path, catalog.to_yaml()).unwrap();
    let o = run(&["render", c, "--current", f, "--out", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = crate::common::files(&folder);
    let changed: Vec<_> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.clone())
        .collect();
    assert!(!changed.is_empty());
    for (path, bytes) in &after {
        let old = &before.iter().find(|(p, _)| p == path).unwrap().1;
        let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(bytes));
        // Lines only go (the rule, and the objects only that model used).
        let mut rest = old.lines();
        for l in new.lines() {
            assert!(rest.any(|o| o == l), "{}: new line {l:?}", path.display());
        }
    }
    let comments_after = all_comments(&folder);
    assert!(comments_after.iter().all(|c| comments_before.contains(c)));
    let plan = run(&["plan", f, examples().to_str().unwrap()]);
    let text = stdout(&plan);
    assert!(text.contains(&gone.name), "{text}");
}

#[test]
fn render_without_current_puts_objects_in_the_files_the_catalog_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let catalog = root().join("examples/nrp/catalog.yaml");
    let o = run(&[
        "render",
        catalog.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // `file: sdsc.yaml` and `gateway.backendFile` place the backends as the folder has them:
    // the example folder comes back byte for byte.
    assert_eq!(
        crate::common::files(&out),
        crate::common::files(&examples())
    );
}
