//! `apply`, `plan --from-cluster`, `plan -` and `dump-command` against the test kit's fake
//! kubectl (a model cluster with server-side apply semantics, kept in a state file).

use crate::common::{bin, examples, fake_kubectl, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A scratch folder with `bin/kubectl` (the fake) and an empty cluster.
fn cluster(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nrp-apply-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::os::unix::fs::symlink(fake_kubectl(), dir.join("bin/kubectl")).unwrap();
    dir
}

fn cli(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut c = bin();
    c.args(args)
        .env("PATH", path)
        .env("FAKE_KUBECTL_STATE", dir.join("state.json"))
        .stdin(Stdio::null());
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// The cluster's objects without what differs between runs (uids, resource versions).
fn objects(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("state.json")).unwrap();
    let mut v: Vec<Value> = serde_json::from_str(&text).unwrap();
    for o in &mut v {
        let m = o["metadata"].as_object_mut().unwrap();
        m.remove("uid");
        m.remove("resourceVersion");
    }
    v
}

fn ex() -> String {
    examples().display().to_string()
}

#[test]
fn apply_creates_everything_then_finds_nothing_to_do() {
    let dir = cluster("fresh");
    let o = cli(&dir, &["apply", &ex(), "--yes", "--wait", "10s"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Plan: 49 to create, 0 to update, 0 to delete."),
        "{out}"
    );
    assert!(out.contains("[1/50] ApplySet parent ConfigMap nrp-llm/nrp-llm-config: configmap/nrp-llm-config serverside-applied"), "{out}");
    assert!(
        out.contains("Applied 50 step(s); 2 route(s) accepted."),
        "{out}"
    );
    // The steps ran in the plan's order: every Backend before any route.
    let log = std::fs::read_to_string(dir.join("state.json.log")).unwrap();
    assert!(log.contains("--dry-run=server"), "a dry run comes first");
    let o = cli(&dir, &["apply", &ex(), "--yes"], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "No changes.\n");
    // plan --from-cluster agrees; the same dump through standard input too.
    let o = cli(&dir, &["plan", "--from-cluster", &ex(), "--exit-code"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_apply_is_finished_by_the_next_one() {
    let whole = cluster("whole");
    let o = cli(&whole, &["apply", &ex(), "--yes", "--wait", "0"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for k in ["1", "7", "30", "50"] {
        let dir = cluster(&format!("fail-{k}"));
        let o = cli(
            &dir,
            &["apply", &ex(), "--yes", "--wait", "0"],
            &[("FAKE_KUBECTL_FAIL_AT", k)],
        );
        assert_eq!(o.status.code(), Some(2), "step {k}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("error: step {k}/50 (")), "{err}");
        assert!(err.contains("injected failure"), "{err}");
        assert!(err.contains("Run apply again"), "{err}");
        if k == "1" {
            assert!(err.contains("Nothing was applied before it."), "{err}");
        } else {
            assert!(err.contains("Applied before it: ApplySet parent"), "{err}");
        }
        let o = cli(&dir, &["apply", &ex(), "--yes", "--wait", "0"], &[]);
        assert_eq!(o.status.code(), Some(0), "step {k}: {}", stderr(&o));
        assert_eq!(objects(&dir), objects(&whole), "step {k}");
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_dir_all(&whole);
}

#[test]
fn without_yes_or_a_terminal_nothing_is_applied_and_dry_run_changes_nothing() {
    let dir = cluster("confirm");
    let o = cli(&dir, &["apply", &ex()], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pass --yes"), "{}", stderr(&o));
    let o = cli(&dir, &["apply", &ex(), "--dry-run"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Server-side dry run: all 50 step(s) accepted; nothing was applied."),
        "{}",
        stdout(&o)
    );
    assert!(!dir.join("state.json").exists() || objects(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_route_that_is_never_accepted_is_named_with_exit_1() {
    let dir = cluster("unaccepted");
    let o = cli(
        &dir,
        &["apply", &ex(), "--yes", "--wait", "1s"],
        &[("FAKE_KUBECTL_CONTROLLER", "0")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("not accepted after")
            && err.contains(
                "AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen (no Accepted condition yet)"
            ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kubectl_failures_are_named_with_a_hint() {
    let dir = cluster("context");
    let o = cli(
        &dir,
        &["plan", "--from-cluster", "--context", "elsewhere", &ex()],
        &[("FAKE_KUBECTL_CONTEXT", "nautilus")],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`kubectl --context=elsewhere get configmap nrp-llm-config")
            && err.contains("context \"elsewhere\" does not exist")
            && err.contains("hint: check --context"),
        "{err}"
    );
    let o = cli(
        &dir,
        &[
            "plan",
            "--from-cluster",
            "--kubectl",
            "/nonexistent/kubectl",
            &ex(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot run /nonexistent/kubectl"),
        "{}",
        stderr(&o)
    );
    // Usage: --from-cluster takes DESIRED only.
    let o = cli(&dir, &["plan", "--from-cluster", "a", &ex()], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("give only DESIRED"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dump_command_and_standard_input() {
    let dir = cluster("dump");
    let o = cli(&dir, &["dump-command", &ex(), "--context", "nautilus"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("kubectl --context=nautilus get configmap nrp-llm-config -n nrp-llm -o yaml --show-managed-fields"));
    assert!(lines[1].contains(" -l applyset.kubernetes.io/part-of=applyset-"));
    // The printed commands, run by a shell into a file, give what --from-cluster reads.
    let o = cli(&dir, &["apply", &ex(), "--yes", "--wait", "0"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let script = format!(
        "{{ {}; echo ---; {}; }} > {}",
        lines[0].replacen(" --context=nautilus", "", 1),
        lines[1].replacen(" --context=nautilus", "", 1),
        dir.join("live.yaml").display()
    );
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap()
    );
    let st = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("PATH", path)
        .env("FAKE_KUBECTL_STATE", dir.join("state.json"))
        .status()
        .unwrap();
    assert!(st.success());
    let live = dir.join("live.yaml");
    let o = cli(
        &dir,
        &["plan", live.to_str().unwrap(), &ex(), "--exit-code"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // `-` reads the dump from standard input.
    let mut c = bin();
    let o = c
        .args(["plan", "-", &ex(), "--exit-code"])
        .stdin(std::fs::File::open(&live).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
