//! Maintenance tasks of the workspace, run as `cargo xtask <task>` (the alias is in
//! `.cargo/config.toml`); `cargo xtask help` lists them.

mod compare;
mod pytypes;
mod schemas;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `cargo xtask help` prints.
const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  gen-schemas              regenerate crates/nrp-llm-config/data/schemas/ from upstream/
  check-schemas            fail when crates/nrp-llm-config/data/schemas/ is stale against upstream/
  gen-py-types             regenerate the Python typed dicts (bindings/python/.../_types.py), the kind
                           classes of the native module's stub and the package's list of their names,
                           from the library's kind table and JSON Schemas
  check-py-types           fail when those generated Python files are stale
  compare-upstream [DIR]   list the files of upstream/ that differ from DIR or are on one side only
                           (DIR defaults to ../shared/upstream beside the workspace, or
                           ../../shared/upstream; a missing DIR is reported and is not an error)
  help                     print this text";

/// The workspace root (the folder that holds `xtask/`).
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The repository's copy of the upstream CRD manifests and conformance cases.
fn upstream_dir() -> PathBuf {
    workspace_root().join("upstream")
}

/// The folder `compare-upstream` reads by default: `../shared/upstream` beside the workspace,
/// else `../../shared/upstream` (for a git worktree one level deeper); the first when neither
/// exists.
fn default_shared_upstream() -> PathBuf {
    let root = workspace_root();
    let candidates = [
        root.join("../shared/upstream"),
        root.join("../../shared/upstream"),
    ];
    candidates
        .iter()
        .find(|d| d.is_dir())
        .unwrap_or(&candidates[0])
        .clone()
}

/// Where the library embeds the generated schema data from.
fn schemas_dir() -> PathBuf {
    workspace_root().join("crates/nrp-llm-config/data/schemas")
}

/// A path relative to the workspace root when it is inside it (for messages).
fn shown(path: &Path) -> String {
    let root = workspace_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn gen_schemas() -> Result<(), String> {
    let written =
        schemas::write_files(&upstream_dir(), &schemas_dir()).map_err(|e| e.to_string())?;
    for (path, bytes) in &written {
        println!("wrote {} ({bytes} bytes)", shown(path));
    }
    Ok(())
}

/// The message `check-schemas` and the test give when the embedded data is stale.
fn stale_message(files: &[String]) -> String {
    format!(
        "{} in {} {} stale against {}/: run `cargo xtask gen-schemas` and commit the result",
        files.join(" and "),
        shown(&schemas_dir()),
        if files.len() == 1 { "is" } else { "are" },
        shown(&upstream_dir()),
    )
}

fn check_schemas() -> Result<(), String> {
    let stale = schemas::stale_files(&upstream_dir(), &schemas_dir()).map_err(|e| e.to_string())?;
    if stale.is_empty() {
        println!("{} is current", shown(&schemas_dir()));
        Ok(())
    } else {
        Err(stale_message(&stale))
    }
}

fn gen_py_types() -> Result<(), String> {
    for (path, bytes) in pytypes::write_files(&workspace_root())? {
        println!("wrote {path} ({bytes} bytes)");
    }
    Ok(())
}

/// The message `check-py-types` and the test give when the generated Python files are stale.
fn stale_py_message(files: &[&str]) -> String {
    format!(
        "{} {} stale: run `cargo xtask gen-py-types` and commit the result",
        files.join(" and "),
        if files.len() == 1 { "is" } else { "are" },
    )
}

fn check_py_types() -> Result<(), String> {
    let stale = pytypes::stale_files(&workspace_root())?;
    if stale.is_empty() {
        println!("the generated Python files are current");
        Ok(())
    } else {
        Err(stale_py_message(&stale))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["gen-schemas"] => gen_schemas(),
        ["check-schemas"] => check_schemas(),
        ["gen-py-types"] => gen_py_types(),
        ["check-py-types"] => check_py_types(),
        ["compare-upstream"] => compare::run(&upstream_dir(), &default_shared_upstream()),
        ["compare-upstream", dir] => compare::run(&upstream_dir(), Path::new(dir)),
        ["help" | "-h" | "--help"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_are_current() {
        if let Err(message) = check_schemas() {
            panic!("{message}");
        }
    }

    #[test]
    fn python_types_are_current() {
        if let Err(message) = check_py_types() {
            panic!("{message}");
        }
    }

    #[test]
    fn stale_data_is_named_with_the_fix() {
        let out = tempfile::tempdir().unwrap();
        for name in ["index.json", "nodes.json"] {
            std::fs::copy(schemas_dir().join(name), out.path().join(name)).unwrap();
        }
        std::fs::write(out.path().join("nodes.json"), "[]\n").unwrap();
        let stale = schemas::stale_files(&upstream_dir(), out.path()).unwrap();
        assert_eq!(stale, ["nodes.json"]);
        let message = stale_message(&stale);
        assert!(
            message.starts_with("nodes.json in crates/nrp-llm-config/data/schemas is stale")
                && message.contains("run `cargo xtask gen-schemas`"),
            "{message}"
        );
    }

    #[test]
    fn an_unreadable_upstream_folder_is_named() {
        let missing = workspace_root().join("no-such-upstream");
        let e = schemas::generate(&missing).unwrap_err().to_string();
        assert!(
            e.starts_with("cannot read ") && e.contains("no-such-upstream"),
            "{e}"
        );
    }
}
