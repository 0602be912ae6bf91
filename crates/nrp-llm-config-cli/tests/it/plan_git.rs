//! `plan` between revisions of a real git repository (`git:REV:PATH`, `git::PATH`): a history
//! that adds a model, removes it again and deletes a whole route file, planned commit to commit
//! with the JSON output, checking summaries, exact change lists and their apply order.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{copy_dir, root};

/// An identity and no user or system git configuration, so that commits (and the CLI's own git
/// calls) work the same on a fresh machine and in CI.
fn git_env(c: &mut Command) -> &mut Command {
    c.env("GIT_AUTHOR_NAME", "NRP Admin")
        .env("GIT_AUTHOR_EMAIL", "admin@nrp.example.org")
        .env("GIT_COMMITTER_NAME", "NRP Admin")
        .env("GIT_COMMITTER_EMAIL", "admin@nrp.example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
}

fn git(repo: &Path, args: &[&str]) -> String {
    let out = git_env(Command::new("git").current_dir(repo))
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `git` (this test needs git on PATH): {e}");
        });
    assert!(
        out.status.success(),
        "git {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Stages everything and commits; returns the new commit's id.
fn commit(repo: &Path, message: &str) -> String {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
    git(repo, &["rev-parse", "HEAD"])
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "edit of {} changed nothing", path.display());
    std::fs::write(path, new).unwrap();
}

/// Runs the CLI in the repository (the `git:` inputs are read from the enclosing repository of
/// the working directory).
fn cli(repo: &Path, args: &[&str]) -> Output {
    git_env(&mut Command::new(env!("CARGO_BIN_EXE_nrp-llm-config")))
        .current_dir(repo)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("the CLI binary runs")
}

/// `plan --output json CURRENT DESIRED`, which must succeed; returns the parsed JSON.
fn plan_json(repo: &Path, current: &str, desired: &str) -> Value {
    let o = cli(repo, &["plan", "--output", "json", current, desired]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "plan {current} {desired}: {stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn rev(sha: &str) -> String {
    format!("git:{sha}:models-config")
}

/// The changes as `"<action> <Kind> <namespace>/<name>"`, in the order the plan lists them.
fn changes(plan: &Value) -> Vec<String> {
    plan["changes"]
        .as_array()
        .expect("changes is a list")
        .iter()
        .map(|c| {
            format!(
                "{} {} {}/{}",
                c["action"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["namespace"].as_str().unwrap(),
                c["name"].as_str().unwrap()
            )
        })
        .collect()
}

/// The detail messages of each change, in order.
fn details(plan: &Value) -> Vec<Vec<String>> {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["details"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["message"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

/// The detail kinds of each change, in order.
fn detail_kinds(plan: &Value) -> Vec<Vec<String>> {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["details"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["kind"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

fn summary(plan: &Value) -> (u64, u64, u64) {
    let s = &plan["summary"];
    (
        s["create"].as_u64().unwrap(),
        s["update"].as_u64().unwrap(),
        s["delete"].as_u64().unwrap(),
    )
}

const LLAMA_RULE: &str = "  - matches:
    - headers:
      - type: Exact
        name: x-ai-eg-model
        value: llama3
    backendRefs:
    - name: envoy-ai-gateway-nrp-llama3
      modelNameOverride: meta-llama/Llama-3.3-70B-Instruct
    timeouts:
      request: 1200s
";

const LLAMA_ASB: &str = "---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  name: envoy-ai-gateway-nrp-llama3
  namespace: nrp-llm
spec:
  schema:
    name: OpenAI
  backendRef:
    group: gateway.envoyproxy.io
    kind: Backend
    name: envoy-ai-gateway-nrp-llama3
";

const LLAMA_BACKEND: &str = "---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: envoy-ai-gateway-nrp-llama3
  namespace: nrp-llm
spec:
  endpoints:
  - fqdn:
      hostname: llama3-vllm-inference.nrp-llm.svc.cluster.local
      port: 5000
";

const LLAMA_TARGET: &str = "  - group: aigateway.envoyproxy.io
    kind: AIServiceBackend
    name: envoy-ai-gateway-nrp-llama3
";

/// The revisions of the test repository.
struct History {
    _dir: tempfile::TempDir,
    repo: PathBuf,
    /// The two-route example as first committed.
    base: String,
    /// + model llama3 (rule, AIServiceBackend, Backend, policy target).
    added: String,
    /// - model llama3 again.
    removed: String,
    /// - gatewayroute/route-b.yaml.
    route_deleted: String,
}

fn history() -> History {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let mc = repo.join("models-config");
    copy_dir(&root().join("tests/fixtures/plan/models-config"), &mc);
    std::fs::write(repo.join("README.md"), "NRP LLM gateway configuration\n").unwrap();
    let base = commit(&repo, "models-config as deployed");

    // Add a model: the rule (after route-a's only rule), its AIServiceBackend, its Backend and a
    // target of the API-key policy.
    edit(&mc.join("gatewayroute/route-a.yaml"), |t| {
        t.replace(
            "  llmRequestCosts:\n",
            &format!("{LLAMA_RULE}  llmRequestCosts:\n"),
        )
    });
    edit(&mc.join("servicebackend.yaml"), |t| t + LLAMA_ASB);
    edit(&mc.join("backend.yaml"), |t| t + LLAMA_BACKEND);
    edit(&mc.join("securitypolicy.yaml"), |t| {
        t.replace(
            "  type: APIKey\n",
            &format!("{LLAMA_TARGET}  type: APIKey\n"),
        )
    });
    let added = commit(&repo, "add llama3");

    // Remove it again, by hand, as the admin guide describes.
    edit(&mc.join("gatewayroute/route-a.yaml"), |t| {
        t.replace(LLAMA_RULE, "")
    });
    edit(&mc.join("servicebackend.yaml"), |t| {
        t.replace(LLAMA_ASB, "")
    });
    edit(&mc.join("backend.yaml"), |t| t.replace(LLAMA_BACKEND, ""));
    edit(&mc.join("securitypolicy.yaml"), |t| {
        t.replace(LLAMA_TARGET, "")
    });
    let removed = commit(&repo, "remove llama3");

    // Delete a whole route object's file.
    std::fs::remove_file(mc.join("gatewayroute/route-b.yaml")).unwrap();
    let route_deleted = commit(&repo, "retire route b");

    History {
        _dir: dir,
        repo,
        base,
        added,
        removed,
        route_deleted,
    }
}

#[test]
fn plans_between_revisions_of_a_git_repository() {
    let h = history();
    let repo = h.repo.as_path();

    // Adding a model: creates and updates in apply order, Backend first, the route last.
    let p = plan_json(repo, &rev(&h.base), &rev(&h.added));
    assert_eq!(
        changes(&p),
        [
            "create Backend nrp-llm/envoy-ai-gateway-nrp-llama3",
            "create AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-llama3",
            "update BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
            "update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-a",
        ]
    );
    assert_eq!(summary(&p), (2, 2, 0));
    assert_eq!(
        detail_kinds(&p),
        [vec![], vec![], vec!["target_added"], vec!["model_added"],]
    );
    assert_eq!(
        details(&p),
        [
            vec![],
            vec![],
            vec!["targetRef AIServiceBackend envoy-ai-gateway-nrp-llama3 added"],
            vec!["model \"llama3\": added, backends [envoy-ai-gateway-nrp-llama3]"],
        ]
    );
    assert_eq!(p["changes"][3]["details"][0]["model"], "llama3");

    // Removing it: the route drops the model, then the policy its target (the model keeps its
    // key while routed), then deletes in reverse kind order, so no route ever points at a
    // missing backend.
    let p = plan_json(repo, &rev(&h.added), &rev(&h.removed));
    assert_eq!(
        changes(&p),
        [
            "update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-a",
            "update BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
            "delete AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-llama3",
            "delete Backend nrp-llm/envoy-ai-gateway-nrp-llama3",
        ]
    );
    assert_eq!(summary(&p), (0, 2, 2));
    assert_eq!(
        detail_kinds(&p),
        [
            vec!["model_removed"],
            vec!["target_removed"],
            vec!["no_longer_used"],
            vec!["no_longer_used"],
        ]
    );
    assert_eq!(
        details(&p),
        [
            "model \"llama3\": rule removed",
            "targetRef AIServiceBackend envoy-ai-gateway-nrp-llama3 removed",
            "no longer used: no rule of the desired routes needs it",
            "no longer used: no desired AIServiceBackend needs it",
        ]
        .map(|m| vec![m.to_owned()])
    );
    assert_eq!(p["changes"][0]["details"][0]["model"], "llama3");

    // Adding then removing is no change at all.
    let p = plan_json(repo, &rev(&h.base), &rev(&h.removed));
    assert_eq!(changes(&p), Vec::<String>::new());
    assert_eq!(summary(&p), (0, 0, 0));

    // Deleting a route file deletes that route object, and nothing else (its AIServiceBackend
    // and Backend are still in the folder).
    let p = plan_json(repo, &rev(&h.removed), &rev(&h.route_deleted));
    assert_eq!(
        changes(&p),
        ["delete AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-b"]
    );
    assert_eq!(summary(&p), (0, 0, 1));
    assert_eq!(detail_kinds(&p), [vec!["model_removed"]]);
    assert_eq!(p["changes"][0]["details"][0]["model"], "gpt-oss");
    assert_eq!(
        details(&p),
        [vec!["model \"gpt-oss\": no longer routed (route deleted)"]]
    );

    // Across several commits, and backwards (restoring a deleted file creates the route). The
    // routes change (phases 2 and 3: a route is deleted right after the others changed) before
    // the policy drops the removed model's target (phase 3) and the backends go (phase 4).
    let p = plan_json(repo, &rev(&h.added), &rev(&h.route_deleted));
    assert_eq!(
        changes(&p),
        [
            "update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-a",
            "delete AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-b",
            "update BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
            "delete AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-llama3",
            "delete Backend nrp-llm/envoy-ai-gateway-nrp-llama3",
        ]
    );
    assert_eq!(summary(&p), (0, 2, 3));
    let p = plan_json(repo, &rev(&h.route_deleted), &rev(&h.added));
    assert_eq!(
        changes(&p),
        [
            "create Backend nrp-llm/envoy-ai-gateway-nrp-llama3",
            "create AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-llama3",
            "update BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
            "update AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-a",
            "create AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-b",
        ]
    );
    assert_eq!(summary(&p), (3, 2, 0));

    // Symbolic revisions work as well as commit ids.
    let p = plan_json(repo, "git:HEAD~1:models-config", "git:HEAD:models-config");
    assert_eq!(
        changes(&p),
        ["delete AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-b"]
    );
}

#[test]
fn working_tree_is_the_desired_state_with_an_empty_revision() {
    let h = history();
    let repo = h.repo.as_path();
    // Unchanged working tree: no changes, and `--exit-code` says so with 0.
    let p = plan_json(repo, &rev(&h.route_deleted), "git::models-config");
    assert_eq!(summary(&p), (0, 0, 0));
    let o = cli(
        repo,
        &[
            "plan",
            "--exit-code",
            &rev(&h.route_deleted),
            "git::models-config",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "No changes.\n");

    // An uncommitted edit shows up as an update, and `--exit-code` returns 1.
    edit(&repo.join("models-config/backend.yaml"), |t| {
        t.replacen("port: 5000", "port: 8080", 1)
    });
    let p = plan_json(repo, &rev(&h.route_deleted), "git::models-config");
    assert_eq!(
        changes(&p),
        ["update Backend nrp-llm/envoy-ai-gateway-nrp-qwen"]
    );
    assert_eq!(detail_kinds(&p), [vec!["field_changed"]]);
    assert_eq!(
        details(&p),
        [vec!["spec.endpoints[0].fqdn.port: 5000 → 8080"]]
    );
    let o = cli(
        repo,
        &[
            "plan",
            "--exit-code",
            &rev(&h.route_deleted),
            "git::models-config",
        ],
    );
    assert_eq!(o.status.code(), Some(1));

    // A revision that does not exist is a usage error (2), not "changes found".
    let o = cli(
        repo,
        &[
            "plan",
            "git:no-such-rev:models-config",
            "git::models-config",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
