//! The kubectl script of a plan, run by bash against the fake kubectl: the live fixture
//! (`tests/fixtures/live/`) goes to the desired folder, the objects that are not this tool's
//! survive, and planning again from the resulting cluster finds nothing to do.

use nrp_llm_config::document::Limits;
use nrp_llm_config::plan::{PlanOptions, plan};
use nrp_llm_config::{ConfigSet, Release};
use nrp_llm_config_testkit::cluster::Cluster;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &Path) -> ConfigSet {
    let set = ConfigSet::load(&[path], &Limits::default());
    assert!(set.problems().is_empty(), "{:#?}", set.problems());
    set
}

/// A scratch folder with `bin/kubectl` (the fake) and the state file holding `objects`.
fn fake_cluster(tag: &str, objects: &ConfigSet) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nrp-script-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fake-kubectl"), dir.join("bin/kubectl"))
        .unwrap();
    let dump: Vec<Value> = objects
        .objects()
        .iter()
        .map(|o| o.value().clone())
        .collect();
    let cluster = Cluster::load(Release::V1_1, &dump);
    std::fs::write(
        dir.join("state.json"),
        serde_json::to_string(&cluster.dump()).unwrap(),
    )
    .unwrap();
    dir
}

fn run_script(dir: &Path, script: &str) -> std::process::Output {
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("PATH", path)
        .env("FAKE_KUBECTL_STATE", dir.join("state.json"))
        .output()
        .unwrap()
}

fn state(dir: &Path) -> ConfigSet {
    let text = std::fs::read_to_string(dir.join("state.json")).unwrap();
    let dump: Vec<Value> = serde_json::from_str(&text).unwrap();
    ConfigSet::from_objects(
        dump.into_iter()
            .map(nrp_llm_config::Object::new)
            .collect::<Vec<_>>(),
    )
}

#[test]
fn the_script_takes_the_live_fixture_to_desired_and_converges() {
    let live = load(&root().join("tests/fixtures/live/cluster.yaml"));
    let desired = load(&root().join("tests/fixtures/live/desired"));
    let dir = fake_cluster("fixture", &live);
    let p = plan(&live, &desired, &PlanOptions::default()).unwrap();
    assert!(!p.is_empty());
    let out = run_script(&dir, &p.to_kubectl());
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let after = state(&dir);
    let again = plan(&after, &desired, &PlanOptions::default()).unwrap();
    assert!(again.is_empty(), "{again}");
    // What was left alone is still there, unchanged.
    for l in &p.left_alone {
        let before = live
            .objects()
            .iter()
            .find(|o| o.object_ref().as_ref() == Some(&l.object))
            .unwrap();
        let now = after
            .objects()
            .iter()
            .find(|o| o.object_ref().as_ref() == Some(&l.object))
            .unwrap_or_else(|| panic!("{} was deleted", l.object));
        assert_eq!(now.value()["spec"], before.value()["spec"], "{}", l.object);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_take_over_is_forced_and_without_force_kubectl_stops() {
    let example = root().join("examples/nrp");
    let live = load(&example.join("live/cluster-dump.yaml"));
    let desired = load(&example.join("models-config"));
    let p = plan(&live, &desired, &PlanOptions::default()).unwrap();
    let script = p.to_kubectl();
    assert!(script.contains("--force-conflicts"));
    // The script as planned runs through and converges.
    let dir = fake_cluster("forced", &live);
    let out = run_script(&dir, &script);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        plan(&state(&dir), &desired, &PlanOptions::default())
            .unwrap()
            .is_empty()
    );
    // Without the flag, the server refuses the gemma Backend's new port (kubectl edit owns it)
    // and `set -e` stops the script there.
    let dir = fake_cluster("unforced", &live);
    let out = run_script(&dir, &script.replace(" --force-conflicts", ""));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("conflict") && err.contains("kubectl-edit"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(
        dir.parent()
            .unwrap()
            .join(format!("nrp-script-forced-{}", std::process::id())),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
