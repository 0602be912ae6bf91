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
        stdout(&o).contains("Plan: 0 to create, 3 to update, 2 to delete."),
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
        serde_json::json!({"create": 0, "update": 3, "delete": 2})
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
            "BackendSecurityPolicy",
            "AIGatewayRoute",
            "AIServiceBackend",
            "Backend"
        ]
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
