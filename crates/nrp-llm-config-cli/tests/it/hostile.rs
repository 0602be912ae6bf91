//! Hostile input: every case ends with exit 1 or 2 and a message naming the file, within bounded
//! time and memory (each run is limited to 1 GiB of address space), never a panic. Secrets in an
//! input folder are never echoed by any command, and names with shell metacharacters never reach
//! a kubectl script.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, examples};

/// Runs the binary with a 1 GiB address-space limit; returns the output and the wall time.
fn run_limited(args: &[&str], dir: &Path) -> (Output, Duration) {
    let bin = env!("CARGO_BIN_EXE_nrp-llm-config");
    let mut script = format!("ulimit -v 1048576; exec '{bin}'");
    for a in args {
        script.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
    }
    let start = Instant::now();
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    (out, start.elapsed())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Each hostile file, checked with `validate` (exit 1: invalid input) and `fmt --check` (exit 2).
#[test]
fn hostile_files_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..=12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let deep = format!(
        "apiVersion: v1\nkind: X\nmetadata: {{name: d}}\nspec: {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let long = format!(
        "apiVersion: v1\nkind: X\nmetadata: {{name: l}}\nspec: \"{}\"\n",
        "x".repeat(2 * 1024 * 1024)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bomb.yaml", bomb.into_bytes()),
        ("binary.yaml", b"\x7fELF\x02\x01\x01\x00\x00\x00kind: X\n".to_vec()),
        ("latin1.yaml", b"apiVersion: v1\nkind: X\nmetadata: {name: caf\xe9}\n".to_vec()),
        ("tabs.yaml", b"apiVersion: v1\nkind: X\nmetadata:\n\tname: t\n".to_vec()),
        ("hugeint.yaml", b"apiVersion: v1\nkind: X\nmetadata: {name: h}\nspec: {n: 123456789012345678901234567890}\n".to_vec()),
        ("hugefloat.yaml", b"apiVersion: v1\nkind: X\nmetadata: {name: h}\nspec: {n: 1e999}\n".to_vec()),
        ("junklist.yaml", b"apiVersion: v1\nkind: List\nitems:\n- 1\n- just a string\n".to_vec()),
        ("nokind.yaml", b"apiVersion: v1\nmetadata: {name: n}\n".to_vec()),
        ("scalar.yaml", b"just text\n".to_vec()),
        ("deep.yaml", deep.into_bytes()),
        ("long.yaml", long.into_bytes()),
        ("dupkey.yaml", b"apiVersion: v1\nkind: X\nkind: Y\n".to_vec()),
    ];
    for (name, bytes) in &cases {
        let case_dir = dir.path().join(name.trim_end_matches(".yaml"));
        std::fs::create_dir_all(&case_dir).unwrap();
        std::fs::write(case_dir.join(name), bytes).unwrap();
        let (o, t) = run_limited(&["validate", name], &case_dir);
        let all = text(&o);
        eprintln!("{name}: validate exit {:?} in {t:?}", o.status.code());
        assert_eq!(o.status.code(), Some(1), "{name}: {all}");
        assert!(
            all.contains(name),
            "{name}: message must name the file: {all}"
        );
        assert!(!all.contains("panicked"), "{name}: {all}");
        assert!(t < Duration::from_secs(30), "{name}: took {t:?}");
        let (o, t) = run_limited(&["fmt", "--check", name], &case_dir);
        let all = text(&o);
        eprintln!("{name}: fmt --check exit {:?} in {t:?}", o.status.code());
        assert_eq!(o.status.code(), Some(2), "{name}: {all}");
        assert!(all.contains(name), "{name}: {all}");
        assert!(!all.contains("panicked"), "{name}: {all}");
    }
}

#[test]
fn symlink_loops_end() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cfg");
    copy_dir(&examples(), &root);
    std::os::unix::fs::symlink(&root, root.join("backend/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling.yaml")).unwrap();
    let (o, t) = run_limited(&["validate", "cfg"], dir.path());
    eprintln!("symlink loop: exit {:?} in {t:?}", o.status.code());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("49 object(s)"), "{}", text(&o));
}

const SECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: openai-apikey
  namespace: nrp-llm
type: Opaque
data:
  apiKey: c2stU1VQRVJTRUNSRVQxMjM=
stringData:
  other: sk-PLAINSECRET456
";

#[test]
fn secrets_are_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    copy_dir(&examples(), &cfg);
    std::fs::write(cfg.join("secret.yaml"), SECRET).unwrap();
    // A second copy whose Secret differs, so that plan has something to say about it if it leaked.
    let cfg2 = dir.path().join("cfg2");
    copy_dir(&cfg, &cfg2);
    std::fs::write(
        cfg2.join("secret.yaml"),
        SECRET.replace("sk-PLAINSECRET456", "sk-OTHERSECRET789"),
    )
    .unwrap();
    let needles = [
        "c2stU1VQRVJTRUNSRVQxMjM=",
        "sk-SUPERSECRET123",
        "SUPERSECRET",
        "PLAINSECRET",
        "OTHERSECRET",
    ];
    let runs: &[&[&str]] = &[
        &["validate", "cfg"],
        &["validate", "--output", "json", "cfg"],
        &["plan", "cfg", "cfg2"],
        &["plan", "--output", "json", "cfg", "cfg2"],
        &["plan", "--output", "kubectl", "cfg", "cfg2"],
        &["plan", "--allow-empty", "cfg", "cfg/secret.yaml"],
        &["import", "cfg"],
        &["fmt", "--check", "cfg"],
        &["graph", "cfg"],
        &["graph", "--format", "dot", "cfg"],
    ];
    for args in runs {
        let (o, _) = run_limited(args, dir.path());
        let all = text(&o);
        assert!(!all.contains("panicked"), "{args:?}: {all}");
        for n in needles {
            assert!(
                !all.contains(n),
                "{args:?} printed secret material {n:?}:\n{all}"
            );
        }
    }
}

#[test]
fn shell_metacharacters_in_names_never_reach_a_script() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    copy_dir(&examples(), &cfg);
    let evil = "apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: \"x$(touch /tmp/nrp-pwned)'`;rm -rf ~`\"
  namespace: nrp-llm
spec:
  endpoints:
  - fqdn:
      hostname: a.example.org
      port: 80
";
    std::fs::write(cfg.join("evil.yaml"), evil).unwrap();
    let (o, _) = run_limited(
        &[
            "plan",
            "--output",
            "kubectl",
            examples().to_str().unwrap(),
            "cfg",
        ],
        dir.path(),
    );
    let all = text(&o);
    assert_eq!(o.status.code(), Some(2), "{all}");
    assert!(all.contains("metadata.name: Invalid value"), "{all}");
    assert!(
        String::from_utf8_lossy(&o.stdout).is_empty(),
        "no script may be printed"
    );
    let (o, _) = run_limited(&["validate", "cfg"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("evil.yaml:4:"), "{}", text(&o));
}

#[test]
fn plan_refuses_empty_desired_and_never_deletes_unmanaged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let ex = examples();
    let (o, _) = run_limited(&["plan", ex.to_str().unwrap(), "empty"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--allow-empty"));
    let (o, _) = run_limited(
        &[
            "plan",
            "--allow-empty",
            "--output",
            "json",
            ex.to_str().unwrap(),
            "empty",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["delete"], 49);
    // A Gateway that exists only in CURRENT is not managed, so it is never deleted.
    let cur = dir.path().join("cur");
    copy_dir(&ex, &cur);
    std::fs::write(
        cur.join("gateway.yaml"),
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: envoy-ai-gateway-nrp\n  namespace: nrp-llm\nspec:\n  gatewayClassName: eg\n  listeners:\n  - name: http\n    protocol: HTTP\n    port: 80\n",
    )
    .unwrap();
    let (o, _) = run_limited(
        &["plan", "--exit-code", "cur", ex.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("No changes."));
}
