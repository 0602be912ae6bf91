//! `model add|remove|set` and `key rotate`: on a copy of the example folder each command changes
//! exactly the objects it should (as `plan` sees them), `--dry-run` writes nothing, and a
//! refused operation writes nothing and exits non-zero with the reason.

use crate::common::{copy_dir, examples, files, run, stderr, stdout};
use nrp_llm_config::plan::{Action, PlanOptions, plan};
use nrp_llm_config::{ConfigSet, Limits};
use std::path::{Path, PathBuf};

/// A temporary copy of the example folder.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("models-config");
    copy_dir(&examples(), &dir);
    (tmp, dir)
}

fn load(dir: &Path) -> ConfigSet {
    let set = ConfigSet::load(&[dir], &Limits::default());
    assert!(set.problems().is_empty(), "{:?}", set.problems());
    set
}

/// The plan between two states as sorted "action object" lines.
fn changes(before: &ConfigSet, after: &ConfigSet) -> Vec<String> {
    let options = PlanOptions {
        allow_mass_delete: true,
        ..PlanOptions::default()
    };
    let mut out: Vec<String> = plan(before, after, &options)
        .unwrap()
        .changes
        .iter()
        .map(|c| {
            let action = match c.action {
                Action::Create => "create",
                Action::Update => "update",
                Action::Delete => "delete",
            };
            format!("{action} {}", c.object)
        })
        .collect();
    out.sort();
    out
}

/// Runs a command on a fresh copy: (exit code, stdout, stderr, plan from before to after, and
/// whether any file changed).
fn on_copy(args: &[&str]) -> (Option<i32>, String, String, Vec<String>, bool) {
    let (_tmp, dir) = folder();
    let before_files = files(&dir);
    let before = load(&dir);
    let d = dir.to_str().unwrap();
    let full: Vec<&str> = args
        .iter()
        .map(|a| if *a == "DIR" { d } else { a })
        .collect();
    let out = run(&full);
    let after = load(&dir);
    (
        out.status.code(),
        stdout(&out),
        stderr(&out),
        changes(&before, &after),
        files(&dir) != before_files,
    )
}

#[test]
fn model_add_creates_what_a_new_backend_needs() {
    let (code, out, err, plan, _) = on_copy(&[
        "model",
        "add",
        "DIR",
        "qwen4",
        "--backend",
        "envoy-ai-gateway-nrp-qwen4",
        "--host",
        "qwen4-vllm-inference.nrp-llm.svc.cluster.local",
        "--port",
        "5000",
        "--upstream-model",
        "Qwen/Qwen4",
        "--owner",
        "NRP",
        "--key-secret",
        "openai-apikey",
        "--timeout",
        "1200s",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "created Backend nrp-llm/envoy-ai-gateway-nrp-qwen4 (qwen4-vllm-inference.nrp-llm.svc.cluster.local:5000)",
            "created AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-qwen4",
            "added rule qwen4 to AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen",
            "added target AIServiceBackend envoy-ai-gateway-nrp-qwen4 to BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
        ]
    );
    assert_eq!(
        plan,
        [
            "create AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-qwen4",
            "create Backend nrp-llm/envoy-ai-gateway-nrp-qwen4",
            "update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen",
            "update BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
        ]
    );
}

#[test]
fn model_add_on_an_existing_backend_changes_only_the_route() {
    let (code, _, err, plan, _) = on_copy(&[
        "model",
        "add",
        "DIR",
        "gemma-fast",
        "--backend",
        "envoy-ai-gateway-nrp-gemma",
        "--upstream-model",
        "google/gemma-3-27b-it",
        "--timeout",
        "300s",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        plan,
        ["update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen"]
    );
}

#[test]
fn model_remove_removes_what_only_the_model_used() {
    let (code, out, err, plan, _) = on_copy(&["model", "remove", "DIR", "kimi"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("removed rule kimi from AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general")
    );
    assert_eq!(
        plan,
        [
            "delete AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-kimi",
            "delete Backend nrp-llm/envoy-ai-gateway-nrp-kimi",
            "delete QuotaPolicy nrp-llm/envoy-ai-gateway-nrp-kimi",
            "update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general",
            "update BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
        ]
    );
}

#[test]
fn model_set_changes_the_rule() {
    let (code, out, err, plan, _) = on_copy(&[
        "model",
        "set",
        "DIR",
        "phi4",
        "--timeout",
        "900s",
        "--owner",
        "Microsoft",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general, model phi4: modelsOwnedBy \"NRP\" → \"Microsoft\"",
            "AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general, model phi4: timeouts.request \"300s\" → \"900s\"",
        ]
    );
    assert_eq!(
        plan,
        ["update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general"]
    );
}

#[test]
fn model_set_members_of_a_combined_model() {
    let (code, _, err, plan, _) = on_copy(&[
        "model",
        "set",
        "DIR",
        "qwen3-combined",
        "--member",
        "envoy-ai-gateway-nrp-qwen",
        "--member",
        "envoy-ai-gateway-nrp-qwen3-small",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        plan,
        ["update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen"]
    );
}

#[test]
fn key_rotate_moves_backends_to_a_new_policy() {
    let (code, out, err, plan, _) = on_copy(&[
        "key",
        "rotate",
        "DIR",
        "--secret",
        "sdsc-nairr-apikey-2026",
        "--backend",
        "envoy-ai-gateway-sdsc-nairr-qwen3",
        "--backend",
        "envoy-ai-gateway-sdsc-nairr-llama3",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(
            "created BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-sdsc-nairr-apikey-2026"
        ),
        "{out}"
    );
    assert_eq!(
        plan,
        [
            "create BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-sdsc-nairr-apikey-2026",
            "update BackendSecurityPolicy nrp-llm/envoy-ai-gateway-sdsc-nairr-apikey",
        ]
    );
}

#[test]
fn dry_run_prints_the_change_and_writes_nothing() {
    for args in [
        &[
            "model",
            "add",
            "DIR",
            "gemma-x",
            "--backend",
            "envoy-ai-gateway-nrp-gemma",
            "--dry-run",
        ][..],
        &["model", "remove", "DIR", "kimi", "--dry-run"],
        &[
            "model",
            "set",
            "DIR",
            "kimi",
            "--timeout",
            "60s",
            "--dry-run",
        ],
        &[
            "key",
            "rotate",
            "DIR",
            "--secret",
            "k2",
            "--backend",
            "envoy-ai-gateway-nrp-kimi",
            "--dry-run",
        ],
    ] {
        let (code, out, err, plan, touched) = on_copy(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!touched, "{args:?} wrote files");
        assert!(plan.is_empty());
        // The change lines, then the unified diff of the files.
        assert!(
            out.contains("\n--- a/") && out.contains("\n+++ b/"),
            "{args:?}: {out}"
        );
        assert!(err.contains("dry run: nothing written"), "{args:?}: {err}");
    }
}

#[test]
fn a_refused_operation_writes_nothing_and_says_why() {
    let cases: [(&[&str], i32, &str); 6] = [
        (
            &["model", "remove", "DIR", "kimii"],
            1,
            "did you mean \"kimi\"?",
        ),
        (
            &[
                "model",
                "add",
                "DIR",
                "qwen3",
                "--backend",
                "envoy-ai-gateway-nrp-qwen",
            ],
            1,
            "model \"qwen3\" is already routed",
        ),
        (
            &[
                "model",
                "add",
                "DIR",
                "m",
                "--backend",
                "envoy-ai-gateway-nrp-gemma",
                "--timeout",
                "soon",
            ],
            1,
            "timeouts.request",
        ),
        (
            &[
                "model",
                "add",
                "DIR",
                "m",
                "--backend",
                "envoy-ai-gateway-nrp-gemma",
                "--route",
                "envoy-ai-gateway-nrp-general",
            ],
            1,
            "at most 15",
        ),
        (
            &[
                "model",
                "set",
                "DIR",
                "kimi",
                "--backend",
                "envoy-ai-gateway-nrp-glmm",
            ],
            1,
            "did you mean \"envoy-ai-gateway-nrp-glm\"?",
        ),
        (
            &["key", "rotate", "DIR", "--secret", "k", "--backend", "nope"],
            1,
            "AIServiceBackend nope does not exist",
        ),
    ];
    for (args, want, message) in cases {
        let (code, out, err, plan, touched) = on_copy(args);
        assert_eq!(code, Some(want), "{args:?}: {err}");
        assert!(!touched, "{args:?} wrote files");
        assert!(plan.is_empty());
        assert_eq!(out, "", "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(err.contains("nothing written"), "{args:?}: {err}");
    }
}

#[test]
fn a_folder_that_cannot_be_read_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("models-config");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.yaml"), "kind: [\n").unwrap();
    let out = run(&["model", "remove", dir.to_str().unwrap(), "kimi"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing written"));
    assert_eq!(
        std::fs::read_to_string(dir.join("bad.yaml")).unwrap(),
        "kind: [\n"
    );
}

#[test]
fn the_warnings_an_operation_introduces_are_printed() {
    let (code, _, err, plan, _) = on_copy(&[
        "model",
        "add",
        "DIR",
        "gemma-bare",
        "--backend",
        "envoy-ai-gateway-nrp-gemma",
        "--upstream-model",
        "google/gemma-3-27b-it",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(plan.len(), 1);
    assert!(err.contains("warning[missing_timeout]"), "{err}");
    // The folder's own warnings are not the operation's.
    assert_eq!(err.matches("warning[").count(), 1, "{err}");
}

/// The example folder with a comment at the top of every file and next to some fields.
fn commented_folder() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = folder();
    for (rel, bytes) in files(&dir) {
        let text = String::from_utf8(bytes).unwrap();
        let text = format!("# {} — kept by the NRP admins\n\n{text}", rel.display())
            .replacen(
                "  namespace: nrp-llm\n",
                "  namespace: nrp-llm # the LLM namespace\n",
                1,
            )
            .replace(
                "    modelsOwnedBy: NRP\n",
                "    modelsOwnedBy: NRP # NRP runs it\n",
            );
        std::fs::write(dir.join(&rel), text).unwrap();
    }
    (tmp, dir)
}

/// True when `small`'s lines appear in `big` in order (what only inserting lines gives).
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut it = big.lines();
    small.lines().all(|l| it.any(|b| b == l))
}

/// Every comment of the folder, per file.
fn all_comments(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .flat_map(|(_, bytes)| nrp_llm_config::edit::comments(&String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn commands_change_only_the_lines_they_must_and_keep_comments() {
    let run_in = |dir: &Path, args: &[&str]| {
        let d = dir.to_str().unwrap();
        let full: Vec<&str> = args
            .iter()
            .map(|a| if *a == "DIR" { d } else { a })
            .collect();
        let out = run(&full);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    };
    let text = |dir: &Path, rel: &str| std::fs::read_to_string(dir.join(rel)).unwrap();
    let general = "gatewayroute/envoy-ai-gateway-nrp-general.yaml";

    // set: one line of one file.
    let (_tmp, dir) = commented_folder();
    let (before, comments) = (files(&dir), all_comments(&dir));
    let old = text(&dir, general);
    run_in(&dir, &["model", "set", "DIR", "kimi", "--timeout", "600s"]);
    let new = text(&dir, general);
    let changed: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, [("      request: 1200s", "      request: 600s")]);
    assert_eq!(old.lines().count(), new.lines().count());
    let after = files(&dir);
    assert_eq!(before.iter().filter(|f| !after.contains(f)).count(), 1);
    assert_eq!(all_comments(&dir), comments);

    // add on an existing backend: lines are only inserted, in the qwen route object.
    let (_tmp, dir) = commented_folder();
    let qwen = "gatewayroute/envoy-ai-gateway-nrp-qwen.yaml";
    let old = text(&dir, qwen);
    run_in(
        &dir,
        &[
            "model",
            "add",
            "DIR",
            "gemma-x",
            "--backend",
            "envoy-ai-gateway-nrp-gemma",
            "--upstream-model",
            "google/gemma-3-27b-it",
            "--timeout",
            "300s",
        ],
    );
    assert!(is_subsequence(&old, &text(&dir, qwen)));
    assert!(text(&dir, qwen).contains("value: gemma-x"));
    assert_eq!(all_comments(&dir), comments);

    // remove: lines are only removed; the comments of what stays stay.
    let (_tmp, dir) = commented_folder();
    let old = text(&dir, general);
    run_in(&dir, &["model", "remove", "DIR", "kimi"]);
    let new = text(&dir, general);
    assert!(is_subsequence(&new, &old));
    assert_eq!(old.lines().count() - new.lines().count(), 11, "{new}");
    let left = all_comments(&dir);
    // The kimi rule's owner comment and the kimi QuotaPolicy's namespace comment left with them.
    let gone: Vec<&String> = comments.iter().filter(|c| !left.contains(c)).collect();
    assert!(
        gone.iter()
            .all(|c| c.contains("NRP runs it") || c.contains("namespace")),
        "{gone:?}"
    );

    // key rotate: only securitypolicy.yaml changes, lines only inserted and removed.
    let (_tmp, dir) = commented_folder();
    let before = files(&dir);
    run_in(
        &dir,
        &[
            "key",
            "rotate",
            "DIR",
            "--secret",
            "openai-apikey",
            "--backend",
            "envoy-ai-gateway-sdsc-nairr-qwen3",
        ],
    );
    let after = files(&dir);
    let changed: Vec<&PathBuf> = before
        .iter()
        .filter(|f| !after.contains(f))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(changed, [&PathBuf::from("securitypolicy.yaml")]);
    assert_eq!(all_comments(&dir), comments);
}
