//! `plan` of the shipped live dump against the example folder: text, JSON, kubectl script.

use crate::common::{examples, root, run, stderr, stdout, write};
use std::process::Command;

#[test]
fn plan_live_dump_against_examples() {
    let dump = root().join("examples/nrp/live/cluster-dump.yaml");
    let ex = examples();
    let o = run(&["plan", dump.to_str().unwrap(), ex.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Plan: 0 to create, 4 to update, 2 to delete."),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "plan",
        "--exit-code",
        "--output",
        "json",
        dump.to_str().unwrap(),
        ex.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["summary"],
        serde_json::json!({"create": 0, "update": 4, "delete": 2})
    );
    let kinds: Vec<_> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "Backend",
            "QuotaPolicy",
            "AIGatewayRoute",
            "BackendSecurityPolicy",
            "AIServiceBackend",
            "Backend"
        ]
    );
    let phases: Vec<_> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["phase"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        phases,
        ["prepare", "prepare", "switch", "finish", "delete", "delete"]
    );
    let o = run(&[
        "plan",
        "--output",
        "kubectl",
        dump.to_str().unwrap(),
        ex.to_str().unwrap(),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let script = write(dir.path(), "apply.sh", &stdout(&o));
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(check.success());
    // The same state, reformatted, plans as no change.
    let o = run(&[
        "plan",
        "--exit-code",
        ex.to_str().unwrap(),
        ex.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("No changes."));
}

#[test]
fn plan_ownership_flags() {
    let dump = root().join("examples/nrp/live/cluster-dump.yaml");
    let dump = dump.to_str().unwrap();
    let ex = examples();
    // A subfolder as DESIRED: refused with what and why, exit 2 (not 1: never "changes").
    let backends = ex.join("backend");
    let o = run(&["plan", "--exit-code", dump, backends.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("refusing to delete 30 of the 51 objects this tool owns")
            && stderr(&o).contains("--allow-mass-delete"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "plan",
        "--allow-mass-delete",
        dump,
        backends.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("30 to delete."));
    // On a dump with objects that are not this tool's: listed, not deleted; --adopt takes the
    // unlabelled ones in the covered namespace over; --namespace and --applyset name the set.
    let live = root().join("tests/fixtures/live/cluster.yaml");
    let desired = root().join("tests/fixtures/live/desired");
    let (live, desired) = (live.to_str().unwrap(), desired.to_str().unwrap());
    let o = run(&["plan", "--output", "json", live, desired]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["delete"], 3);
    assert_eq!(v["leftAlone"].as_array().unwrap().len(), 5);
    assert_eq!(v["leftAlone"][0]["name"], "experiment-embeddings-test");
    assert_eq!(v["leftAlone"][0]["reason"], "not_ours");
    let o = run(&["plan", live, desired]);
    assert!(
        stdout(&o).contains(
            "\nLeft alone (not in DESIRED, but not this tool's to delete):\n    AIServiceBackend \
             nrp-llm/experiment-embeddings-test: not ours"
        ),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "plan",
        "--adopt",
        "--namespace",
        "nrp-llm",
        "--applyset",
        "nrp-llm-config",
        "--output",
        "json",
        live,
        desired,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["delete"], 5);
    assert_eq!(v["leftAlone"].as_array().unwrap().len(), 3);
    assert_eq!(v["applyset"]["namespace"], "nrp-llm");
    // Another ApplySet name: the labelled objects are another set's, nothing is deleted.
    let o = run(&[
        "plan",
        "--applyset",
        "other",
        "--output",
        "json",
        live,
        desired,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["delete"], 0);
    assert_eq!(v["applyset"]["name"], "other");
}

#[test]
fn readme_plan_block_is_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let cmd =
        "$ nrp-llm-config plan examples/nrp/live/cluster-dump.yaml examples/nrp/models-config\n";
    let start = readme
        .find(cmd)
        .expect("README shows the plan of the live dump")
        + cmd.len();
    let end = start + readme[start..].find("```").unwrap();
    let dump = root().join("examples/nrp/live/cluster-dump.yaml");
    let o = run(&["plan", dump.to_str().unwrap(), examples().to_str().unwrap()]);
    assert_eq!(
        &readme[start..end],
        stdout(&o),
        "README's plan example is stale: paste `nrp-llm-config plan {}`",
        cmd.trim_start_matches("$ nrp-llm-config plan ").trim_end()
    );
}
