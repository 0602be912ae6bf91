//! `fmt`: canonical layout, `--check`, comments kept unless `--drop-comments`.

use crate::common::{BACKEND, copy_dir, examples, run, stderr, stdout, write};

#[test]
fn fmt_check_passes_on_examples() {
    let o = run(&["fmt", "--check", examples().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn fmt_is_idempotent_and_check_reports_changes() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "b.yaml",
        "kind: Backend\napiVersion: gateway.envoyproxy.io/v1alpha1\nmetadata: {namespace: nrp-llm, name: b1}\nspec:\n    endpoints:\n        - fqdn: {port: 80, hostname: a.example.org}\n",
    );
    let o = run(&["fmt", "--check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("b.yaml"));
    let o = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let first = std::fs::read_to_string(&f).unwrap();
    let o = run(&["fmt", "--check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["fmt", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), first);
}

#[test]
fn fmt_refuses_to_drop_comments() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("# keep me\n{}", BACKEND.replace("port: 80", "port:   80"));
    let f = write(dir.path(), "c.yaml", &text);
    let o = run(&["fmt", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--drop-comments"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        text,
        "file must be untouched"
    );
    let o = run(&["fmt", "--drop-comments", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(&f).unwrap().contains('#'));
}

#[test]
fn fmt_keeps_examples_identical_after_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&examples(), dir.path());
    let o = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).is_empty(),
        "examples were not canonical: {}",
        stdout(&o)
    );
}
