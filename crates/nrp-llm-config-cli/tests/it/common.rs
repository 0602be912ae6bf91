//! Helpers shared by the modules of the CLI's test binary.

use nrp_llm_config::document::{self, Limits};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `nrp-llm-config` binary built for these tests, without colours.
pub(crate) fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nrp-llm-config"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs the binary with `args` and waits for it.
pub(crate) fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

/// Standard output as text.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped example folder `examples/nrp/models-config` (fails loudly when missing).
pub(crate) fn examples() -> PathBuf {
    let p = root().join("examples/nrp/models-config");
    assert!(p.is_dir(), "missing {}", p.display());
    p
}

/// Copies a folder recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// Writes `text` to the file `name` in `dir`; returns its path.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A valid Backend object (`nrp-llm/b1`).
pub(crate) const BACKEND: &str = "apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: b1
  namespace: nrp-llm
spec:
  endpoints:
  - fqdn:
      hostname: a.example.org
      port: 80
";

/// Every YAML file below `dir` (relative path → bytes).
pub(crate) fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    document::yaml_files(dir)
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// The objects of every file below `dir`, per file, in order.
pub(crate) fn objects(dir: &Path) -> Vec<(PathBuf, Vec<Value>)> {
    files(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let objs = document::parse_str(&text, "x.yaml", &Limits::default()).unwrap();
            (rel, objs.into_iter().map(|o| o.into_value()).collect())
        })
        .collect()
}

/// The test kit's fake kubectl, built by `cargo test --workspace` (`scripts/test.sh` builds it
/// first) next to this test binary's target folder.
pub(crate) fn fake_kubectl() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let p = exe
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("fake-kubectl");
    assert!(
        p.is_file(),
        "{} is missing: build it with `cargo build -p nrp-llm-config-testkit` (scripts/test.sh does)",
        p.display()
    );
    p
}
