//! Reading CURRENT / DESIRED / PATH arguments: files, folders, `kind: List` dumps, catalogs and
//! `git:REV:PATH` (a path at a revision of the enclosing git repository).

use crate::output::Reporter;
use anyhow::{Context, bail};
use nrp_llm_config::document::{self, Limits};
use nrp_llm_config::{Catalog, ConfigSet, Diagnostics, Release};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What went wrong while reading an input.
pub(crate) enum InputError {
    /// The input has problems (syntax, bad catalog): print them, exit 2.
    Invalid(Diagnostics),
    /// I/O, git or usage problem.
    Other(anyhow::Error),
}

impl From<anyhow::Error> for InputError {
    fn from(e: anyhow::Error) -> Self {
        InputError::Other(e)
    }
}

/// True when [`load`] of `spec` may need the current state: a single file can be a catalog,
/// which is compiled against it. Telling takes a parse, which `load` does anyway, so files are
/// loaded after CURRENT rather than parsed once more here; folders never need it.
pub(crate) fn needs_current(spec: &str) -> bool {
    let spec = match spec.strip_prefix("git:") {
        Some(rest) => match rest.split_once(':') {
            Some(("", path)) => path,
            _ => return false,
        },
        None => spec,
    };
    Path::new(spec).is_file()
}

/// Loads an input as a set of objects. A catalog file is compiled (against `current`, so that
/// existing rules keep their route objects).
pub(crate) fn load(
    spec: &str,
    release: Release,
    current: Option<&ConfigSet>,
) -> Result<ConfigSet, InputError> {
    let limits = Limits::default();
    if let Some(rest) = spec.strip_prefix("git:") {
        let (rev, path) = rest
            .split_once(':')
            .with_context(|| format!("{spec}: expected git:REV:PATH"))?;
        if rev.is_empty() {
            return load(path, release, current);
        }
        return load_git(rev, path, &limits);
    }
    let path = Path::new(spec);
    if !path.exists() {
        return Err(InputError::Other(anyhow::anyhow!(
            "{spec}: no such file or folder"
        )));
    }
    if path.is_file() {
        let text = document::read_text(path, &limits)
            .map_err(|e| InputError::Invalid(Diagnostics(vec![e.diagnostic().clone()])))?;
        if Catalog::is_catalog_text(&text) {
            let catalog = Catalog::from_yaml_str(&text, spec).map_err(InputError::Invalid)?;
            return catalog
                .compile(current, release)
                .map_err(InputError::Invalid);
        }
    }
    let set = ConfigSet::load(&[path], &limits);
    check_loaded(set)
}

fn check_loaded(set: ConfigSet) -> Result<ConfigSet, InputError> {
    let errors: Vec<_> = set
        .problems()
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(InputError::Invalid(Diagnostics(errors)))
    }
}

fn git(args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

/// Loads the YAML files below `path` as they were at revision `rev`.
fn load_git(rev: &str, path: &str, limits: &Limits) -> Result<ConfigSet, InputError> {
    if rev.starts_with('-') {
        return Err(InputError::Other(anyhow::anyhow!(
            "git revision {rev:?} must not start with '-'"
        )));
    }
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        "--full-name",
        rev,
        "--",
        path,
    ])?;
    let names: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .filter(|l| l.ends_with(".yaml") || l.ends_with(".yml"))
        .map(str::to_owned)
        .collect();
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        let bytes = git(&["show", &format!("{rev}:{name}")])?;
        let label = format!("git:{rev}:{name}");
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("{label}: the file is not valid UTF-8 text"))?;
        match document::parse_str(&text, &label, limits) {
            Ok(objs) => objects.extend(objs),
            Err(e) => problems.push(e.diagnostic().clone()),
        }
    }
    if !problems.is_empty() {
        return Err(InputError::Invalid(Diagnostics(problems)));
    }
    check_loaded(ConfigSet::from_objects(objects))
}

/// Expands the command-line paths of a file-rewriting command (`fmt`, `convert`): folders become
/// their YAML files, files stay as given. A folder that cannot be listed is reported and makes
/// the second value `true`; the other paths are still expanded.
pub(crate) fn expand_files(paths: &[PathBuf], reporter: &mut Reporter) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut failed = false;
    for p in paths {
        if p.is_dir() {
            match document::yaml_files(p) {
                Ok(f) => files.extend(f),
                Err(e) => {
                    reporter.diagnostic(e.diagnostic());
                    failed = true;
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    (files, failed)
}
