//! Exit codes and streams: bad input exits 2 naming the position, `--help`, closed pipes.

use crate::common::{examples, run, stderr, stdout, write};

#[test]
fn bad_input_exits_2_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "syntax.yaml",
            "apiVersion: v1\nkind: [X\n",
            "syntax.yaml:2:",
        ),
        (
            "dup.yaml",
            "apiVersion: v1\nkind: X\nkind: Y\n",
            "dup.yaml:3:1",
        ),
        (
            "nokind.yaml",
            "apiVersion: v1\nmetadata: {name: a}\n",
            "nokind.yaml:1:1",
        ),
    ];
    for (name, text, expect) in cases {
        let f = write(dir.path(), name, text);
        let o = run(&["fmt", "--check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    let o = run(&[
        "fmt",
        "--check",
        dir.path().join("missing.yaml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.yaml"), "{}", stderr(&o));
    let o = run(&["validate", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["validate", "--release", "v9", examples().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown release"), "{}", stderr(&o));
}

#[test]
fn help_lists_commands() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for c in ["validate", "fmt"] {
        assert!(stdout(&o).contains(c));
    }
}
