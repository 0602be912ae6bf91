//! `fmt`: canonical layout, `--check`, comments kept with their nodes unless `--drop-comments`.

use crate::common::{BACKEND, copy_dir, examples, root, run, stderr, stdout, write};

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
fn fmt_keeps_comments_with_their_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "# keep me\n{}",
        BACKEND.replace("port: 80", "port:   80 # the port")
    );
    let f = write(dir.path(), "c.yaml", &text);
    let o = run(&["fmt", "--check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run(&["fmt", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = std::fs::read_to_string(&f).unwrap();
    assert!(out.starts_with("# keep me\napiVersion:"), "{out}");
    assert!(out.contains("port: 80 # the port\n"), "{out}");
    let o = run(&["fmt", "--check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let o = run(&["fmt", "--drop-comments", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(&f).unwrap().contains('#'));
}

#[test]
fn fmt_refuses_a_comment_it_cannot_place_and_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // A comment between the lines of a flow mapping has no node to go with.
    let text = BACKEND.replace(
        "metadata:\n  name: b1\n  namespace: nrp-llm\n",
        "metadata: {name: b1,\n  # the namespace\n  namespace: nrp-llm}\n",
    );
    let f = write(dir.path(), "c.yaml", &text);
    for args in [vec!["fmt"], vec!["fmt", "--check"]] {
        let mut a = args.clone();
        a.push(f.to_str().unwrap());
        let o = run(&a);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--drop-comments"), "{}", stderr(&o));
        assert!(stderr(&o).contains("c.yaml"), "{}", stderr(&o));
        assert!(!stdout(&o).contains("run `nrp-llm-config fmt`"));
        assert_eq!(
            std::fs::read_to_string(&f).unwrap(),
            text,
            "file must be untouched"
        );
    }
}

#[test]
fn fmt_keeps_every_comment_of_the_guide_files() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/guide"), dir.path());
    let before = nrp_llm_config::document::yaml_files(dir.path()).unwrap();
    let comments = |p: &std::path::Path| {
        let mut c = nrp_llm_config::edit::comments(&std::fs::read_to_string(p).unwrap());
        c.sort();
        c
    };
    let had: Vec<_> = before.iter().map(|p| comments(p)).collect();
    let o = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let have: Vec<_> = before.iter().map(|p| comments(p)).collect();
    assert_eq!(had, have);
    let o = run(&["fmt", "--check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
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
