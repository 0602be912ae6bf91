//! The GitLab pipeline template (`examples/gitlab-ci/.gitlab-ci.yml`) run for real with
//! `gitlab-ci-local` in shell mode, in a temporary git repository whose commits add, change and
//! remove models, against the test kit's fake kubectl (a cluster state file with server-side
//! apply semantics and a controller that adds finalizers and accepts routes).
//!
//! After each pipeline on the default branch the cluster holds exactly the folder's objects
//! (`plan --from-cluster --exit-code` finds nothing), the objects that are not this tool's are
//! untouched, a failed apply is finished by the next pipeline, and a merge-request pipeline
//! checks and plans without applying.
//!
//! `gitlab-ci-local` (npm, 4.61) is installed by `scripts/test.sh` into
//! `target/tools/gitlab-ci-local`; it needs `rsync`, which `.ci/run` installs.

use crate::common::{copy_dir, examples, fake_kubectl, root};
use nrp_llm_config::document::Limits;
use nrp_llm_config::{Catalog, ConfigSet, Release};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Command, Output};

fn gitlab_ci_local() -> PathBuf {
    let p = root().join("target/tools/gitlab-ci-local/node_modules/.bin/gitlab-ci-local");
    assert!(
        p.is_file(),
        "{} is missing: scripts/test.sh installs it (npm install --prefix target/tools/gitlab-ci-local gitlab-ci-local@4.61.0)",
        p.display()
    );
    p
}

struct Repo {
    dir: PathBuf,
}

impl Repo {
    fn new(tag: &str) -> Repo {
        let dir = std::env::temp_dir().join(format!("nrp-pipeline-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo")).unwrap();
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        std::os::unix::fs::symlink(fake_kubectl(), dir.join("bin/kubectl")).unwrap();
        std::fs::write(
            dir.join("kubeconfig"),
            "# the fake kubectl reads no kubeconfig\n",
        )
        .unwrap();
        std::fs::copy(
            root().join("examples/gitlab-ci/.gitlab-ci.yml"),
            dir.join("repo/.gitlab-ci.yml"),
        )
        .unwrap();
        copy_dir(&examples(), &dir.join("repo/models-config"));
        std::fs::write(
            dir.join("repo/.gitignore"),
            ".gitlab-ci-local/\n.tool/\n.cargo-home/\n.tool-target/\nplan.md\n",
        )
        .unwrap();
        let r = Repo { dir };
        r.git(&["init", "-q", "-b", "main"]);
        r.commit("models-config as shipped");
        r
    }

    fn repo(&self) -> PathBuf {
        self.dir.join("repo")
    }

    fn git(&self, args: &[&str]) {
        let o = Command::new("git")
            .args(args)
            .current_dir(self.repo())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    fn env_path(&self) -> String {
        format!(
            "{}:{}",
            self.dir.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    /// Runs the pipeline (the jobs whose rules match) with these extra variables.
    fn pipeline(&self, variables: &[(&str, &str)], env: &[(&str, &str)]) -> Output {
        let mut c = Command::new(gitlab_ci_local());
        c.current_dir(self.repo())
            .arg("--force-shell-executor")
            .arg("--no-color")
            .env("PATH", self.env_path())
            .env("FAKE_KUBECTL_STATE", self.dir.join("state.json"))
            .env_remove("CI");
        let bin = env!("CARGO_BIN_EXE_nrp-llm-config");
        let kubeconfig = self.dir.join("kubeconfig").display().to_string();
        let mut vars: Vec<(&str, &str)> = vec![
            ("NRP_LLM_CONFIG_BIN", bin),
            ("KUBECONFIG", &kubeconfig),
            ("APPLY_WITHOUT_APPROVAL", "true"),
        ];
        vars.extend_from_slice(variables);
        for (k, v) in vars {
            c.arg("--variable").arg(format!("{k}={v}"));
        }
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    /// `plan --from-cluster --exit-code` of the folder against the fake cluster.
    fn converged(&self) -> Output {
        Command::new(env!("CARGO_BIN_EXE_nrp-llm-config"))
            .args(["plan", "--from-cluster", "--exit-code"])
            .arg(self.repo().join("models-config"))
            .env("PATH", self.env_path())
            .env("FAKE_KUBECTL_STATE", self.dir.join("state.json"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    fn state(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(self.dir.join("state.json")).unwrap_or("[]".into());
        serde_json::from_str(&text).unwrap()
    }

    fn calls(&self) -> u64 {
        std::fs::read_to_string(self.dir.join("state.json.calls"))
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Rewrites models-config as the catalog of the folder with `edit` applied.
    fn edit_models(&self, edit: impl FnOnce(&mut Catalog)) {
        let folder = self.repo().join("models-config");
        let set = ConfigSet::load(&[&folder], &Limits::default());
        let (mut catalog, problems) = Catalog::import(&set);
        assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
        edit(&mut catalog);
        let out = catalog.compile(Some(&set), Release::V1_1).unwrap();
        std::fs::remove_dir_all(&folder).unwrap();
        out.write_folder(&folder, Some(&set), None).unwrap();
    }
}

/// A stand-in for the gateway: `GET /v1/models` lists what the AIGatewayRoutes in the fake
/// cluster's state route (read on every request, as the gateway follows the cluster), with
/// their `modelsOwnedBy` (default `Envoy AI Gateway`); it answers 401 without the right key.
fn stub_gateway(state: PathBuf, key: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut buf = [0u8; 8192];
            let n = std::io::Read::read(&mut stream, &mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
            let authorized = request.contains(&format!("authorization: bearer {key}"));
            let (status, body) = if !authorized {
                ("401 Unauthorized", "{}".to_owned())
            } else {
                let text = std::fs::read_to_string(&state).unwrap_or("[]".into());
                let objects: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
                let mut data = Vec::new();
                for o in objects.iter().filter(|o| o["kind"] == "AIGatewayRoute") {
                    for rule in o["spec"]["rules"].as_array().into_iter().flatten() {
                        let owner = rule["modelsOwnedBy"].as_str().unwrap_or("Envoy AI Gateway");
                        for m in rule["matches"].as_array().into_iter().flatten() {
                            for h in m["headers"].as_array().into_iter().flatten() {
                                let exact = h["type"].as_str().is_none_or(|t| t == "Exact");
                                if h["name"] == "x-ai-eg-model" && exact {
                                    data.push(json!({"id": h["value"], "object": "model", "owned_by": owner}));
                                }
                            }
                        }
                    }
                }
                (
                    "200 OK",
                    json!({"object": "list", "data": data}).to_string(),
                )
            };
            let _ = std::io::Write::write_all(
                &mut stream,
                format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
    });
    url
}

/// A stand-in for GitLab's notes API: records the body of every POST and answers 201.
fn stub_notes() -> (String, std::sync::mpsc::Receiver<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api/v4", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut data = Vec::new();
            let mut buf = [0u8; 65536];
            // Read the headers, then as many body bytes as content-length says.
            loop {
                let n = std::io::Read::read(&mut stream, &mut buf).unwrap_or(0);
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&data).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text[..end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + len {
                        let _ = tx.send(text);
                        break;
                    }
                }
            }
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
            );
        }
    });
    (url, rx)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn assert_converged(r: &Repo, when: &str) {
    let o = r.converged();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{when}: the cluster differs from the folder:\n{}",
        text(&o)
    );
}

/// Objects in the cluster that are not this tool's: created by someone else before the first
/// pipeline, they must survive every pipeline unchanged.
fn foreign() -> Vec<Value> {
    vec![
        json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
            "metadata": {"name": "experiment", "namespace": "nrp-llm", "uid": "f-1", "resourceVersion": "1",
                "managedFields": [{"apiVersion": "gateway.envoyproxy.io/v1alpha1", "fieldsType": "FieldsV1",
                    "manager": "kubectl-client-side-apply", "operation": "Update", "fieldsV1": {"f:spec": {}}}]},
            "spec": {"endpoints": [{"fqdn": {"hostname": "exp.svc", "port": 80}}]}}),
        json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
            "metadata": {"name": "payments", "namespace": "team-payments", "uid": "f-2", "resourceVersion": "1",
                "managedFields": [{"apiVersion": "gateway.envoyproxy.io/v1alpha1", "fieldsType": "FieldsV1",
                    "manager": "argocd", "operation": "Apply", "fieldsV1": {"f:spec": {}}}]},
            "spec": {"endpoints": [{"fqdn": {"hostname": "pay.svc", "port": 80}}]}}),
    ]
}

fn foreign_of(state: &[Value]) -> Vec<Value> {
    state
        .iter()
        .filter(|o| {
            matches!(
                o["metadata"]["name"].as_str(),
                Some("experiment" | "payments")
            )
        })
        .cloned()
        .collect()
}

#[test]
fn the_pipeline_applies_every_commit_and_finishes_a_failed_apply() {
    let r = Repo::new("main");
    std::fs::write(
        r.dir.join("state.json"),
        serde_json::to_string(&foreign()).unwrap(),
    )
    .unwrap();
    let before = foreign_of(&r.state());

    // 1. The first pipeline creates everything, and verify finds the gateway serving it.
    const KEY: &str = "sk-pipeline-test-key-1234";
    let gateway = stub_gateway(r.dir.join("state.json"), KEY);
    let o = r.pipeline(&[("GATEWAY_URL", &gateway)], &[("GATEWAY_API_KEY", KEY)]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(!out.contains(KEY), "the key leaked into the job log");
    for job in ["PASS  build", "PASS  check", "PASS  apply", "PASS  verify"] {
        assert!(out.contains(job), "{job}:\n{out}");
    }
    assert!(
        out.contains("Plan: 49 to create, 0 to update, 0 to delete."),
        "{out}"
    );
    assert_converged(&r, "first pipeline");
    assert_eq!(
        foreign_of(&r.state()),
        before,
        "unowned objects are untouched"
    );

    // 2. Remove a model and its backend.
    r.edit_models(|c| {
        assert!(c.remove_model("gemma"));
        assert!(c.remove_backend("envoy-ai-gateway-nrp-gemma"));
    });
    r.commit("remove gemma");
    let o = r.pipeline(&[], &[]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("to delete."), "{out}");
    assert_converged(&r, "removal");
    assert_eq!(foreign_of(&r.state()), before);

    // 3. Change a model: another port; and add one back (the removed model returns).
    r.git(&["revert", "--no-edit", "HEAD"]);
    let backend = r.repo().join("models-config/backend");
    let file = std::fs::read_dir(&backend)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("port: 5000"))
        .expect("a backend file with port 5000");
    let t = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("port: 5000", "port: 5001", 1);
    std::fs::write(&file, t).unwrap();
    r.commit("gemma back, one port changed");

    // 4. This pipeline's apply fails part-way (the kubectl call after the next three fails):
    //    the job fails, and the next pipeline finishes the job.
    let fail_at = (r.calls() + 4).to_string();
    let o = r.pipeline(&[], &[("FAKE_KUBECTL_FAIL_AT", &fail_at)]);
    let out = text(&o);
    assert!(!o.status.success(), "the apply should have failed:\n{out}");
    assert!(
        out.contains("FAIL  apply") && out.contains("injected failure"),
        "{out}"
    );
    assert!(out.contains("Run apply again"), "{out}");
    assert_eq!(r.converged().status.code(), Some(1), "half applied");
    r.commit("an empty commit: the next pipeline");
    let o = r.pipeline(&[], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_converged(&r, "after the failed apply");
    assert_eq!(foreign_of(&r.state()), before);

    // 5. Nothing to do: the apply job says so.
    let o = r.pipeline(&[], &[]);
    assert!(text(&o).contains("No changes."), "{}", text(&o));

    // 6. Drift made by hand (someone changes a port with their own field manager, forcing it)
    //    is put back by the next pipeline, which takes the field over.
    let drift = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: envoy-ai-gateway-nrp-qwen\n  namespace: nrp-llm\nspec:\n  endpoints:\n  - fqdn:\n      hostname: somewhere-else.example.org\n      port: 9999\n";
    let mut k = Command::new(r.dir.join("bin/kubectl"))
        .args([
            "apply",
            "--server-side",
            "--field-manager=kubectl-edit",
            "--force-conflicts",
            "-f",
            "-",
        ])
        .env("FAKE_KUBECTL_STATE", r.dir.join("state.json"))
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut k.stdin.take().unwrap(), drift.as_bytes()).unwrap();
    assert!(k.wait().unwrap().success());
    assert_eq!(r.converged().status.code(), Some(1), "drifted");
    let o = r.pipeline(&[], &[]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("takes over spec.endpoints from kubectl-edit"),
        "{out}"
    );
    assert_converged(&r, "after the drift");
    assert_eq!(foreign_of(&r.state()), before);
    let _ = std::fs::remove_dir_all(&r.dir);
}

#[test]
fn a_merge_request_pipeline_checks_and_plans_but_never_applies() {
    let r = Repo::new("mr");
    r.edit_models(|c| {
        assert!(c.remove_model("gemma"));
    });
    r.commit("remove gemma");
    let o = r.pipeline(
        &[
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_COMMIT_BRANCH", ""),
        ],
        &[],
    );
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("PASS  check"), "{out}");
    assert!(
        !out.contains("apply  starting") && !out.contains("PASS  apply"),
        "no apply job on a merge request:\n{out}"
    );
    // The plan is there for reviewers, as Markdown.
    let md = std::fs::read_to_string(r.repo().join("plan.md")).unwrap();
    assert!(
        md.starts_with("### nrp-llm-config plan: 48 to create"),
        "{md}"
    );
    assert!(
        !md.contains("- model gemma →"),
        "the branch removed the model: {md}"
    );
    // Nothing was applied: the cluster is still empty.
    assert!(r.state().is_empty());
    // With a token, the plan is posted as a merge-request note.
    let (api, notes) = stub_notes();
    let o = r.pipeline(
        &[
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_COMMIT_BRANCH", ""),
            ("CI_API_V4_URL", &api),
            ("CI_PROJECT_ID", "42"),
            ("CI_MERGE_REQUEST_IID", "7"),
            ("GITLAB_NOTE_TOKEN", "glpat-test-token"),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    let request = notes
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a note was posted");
    assert!(
        request.starts_with("POST /api/v4/projects/42/merge_requests/7/notes "),
        "{request}"
    );
    assert!(
        request.contains("PRIVATE-TOKEN: glpat-test-token"),
        "{request}"
    );
    assert!(
        request.contains("body=%23%23%23+nrp-llm-config+plan%3A+48+to+create"),
        "{request}"
    );
    assert!(!text(&o).contains("glpat-test-token"));
    // A folder that is not in canonical form fails the check.
    let f = r.repo().join("models-config/securitypolicy.yaml");
    let t = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, t.replacen("metadata:\n", "metadata:   \n", 1)).unwrap();
    r.commit("trailing spaces");
    let o = r.pipeline(&[("CI_PIPELINE_SOURCE", "merge_request_event")], &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("FAIL  check"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&r.dir);
}
