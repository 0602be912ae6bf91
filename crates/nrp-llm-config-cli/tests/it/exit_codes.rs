//! Exit codes and streams: bad input exits 2 naming the position, `--help`, closed pipes.

use crate::common::{BACKEND, bin, examples, root, run, stderr, stdout, write};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// `count` Backends in one file, enough for a plan far larger than a pipe's buffer (64 KiB).
fn many_backends(dir: &Path, count: usize) -> PathBuf {
    let docs: Vec<String> = (0..count)
        .map(|i| BACKEND.replace("name: b1", &format!("name: b{i}")))
        .collect();
    write(dir, "backends.yaml", &docs.join("---\n"))
}

/// Runs the binary with standard output on a pipe, reads `lines` lines and closes the pipe,
/// as `| head -n LINES` does; returns the exit code and standard error.
fn run_into_closed_pipe(args: &[&str], lines: usize) -> (Option<i32>, String) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    for _ in 0..lines {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(!line.is_empty(), "the output ended early");
    }
    drop(reader);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let desired = many_backends(dir.path(), 1000);
    let (empty, desired) = (empty.to_str().unwrap(), desired.to_str().unwrap());
    for output in ["kubectl", "json"] {
        let args = ["plan", "--output", output, empty, desired];
        let full = run(&args);
        assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
        assert!(
            full.stdout.len() > 128 * 1024,
            "{output}: the plan fits in a pipe"
        );
        // Read part of the output (as `| head -1`), or nothing at all.
        for lines in [1, 0] {
            let (code, err) = run_into_closed_pipe(&args, lines);
            assert_eq!(
                (code, err.as_str()),
                (Some(0), ""),
                "{output}, {lines} line(s)"
            );
        }
    }
    let (code, err) = run_into_closed_pipe(&["schema", "AIGatewayRoute"], 1);
    assert_eq!((code, err.as_str()), (Some(0), ""));
}

/// The README's main job, cut short by `head -1` in a shell pipeline.
#[test]
fn plan_piped_into_head_exits_0_with_nothing_on_stderr() {
    let script = r#""$0" plan examples/nrp/live/cluster-dump.yaml examples/nrp/models-config | head -1; exit "${PIPESTATUS[0]}""#;
    let out = Command::new("bash")
        .args(["-c", script, env!("CARGO_BIN_EXE_nrp-llm-config")])
        .current_dir(root())
        .output()
        .expect("bash runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(
        stdout(&out),
        "Phase 1, prepare (before the routes change):\n"
    );
}
