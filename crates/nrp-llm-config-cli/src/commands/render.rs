//! `render`: compile a catalog into the admin guide's models-config folder layout, and `import`:
//! read a models-config folder back into a catalog.

use crate::Outcome;
use crate::inputs::{self, InputError};
use crate::output::Reporter;
use nrp_llm_config::{Catalog, ConfigSet, Limits, Release, document, fsutil};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn print_diagnostics(d: &[nrp_llm_config::Diagnostic]) {
    let mut r = Reporter::stderr();
    for x in d {
        r.diagnostic(x);
    }
}

/// The file (relative to the output folder) an object goes to when it has no file yet.
fn default_file(v: &Value) -> PathBuf {
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = v
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("unnamed");
    match kind {
        "AIGatewayRoute" => PathBuf::from(format!("gatewayroute/{name}.yaml")),
        "AIServiceBackend" => PathBuf::from("servicebackend/servicebackends.yaml"),
        "Backend" => PathBuf::from("backend/backends.yaml"),
        "BackendSecurityPolicy" => PathBuf::from("securitypolicy.yaml"),
        other => PathBuf::from(format!("other/{}-{name}.yaml", other.to_lowercase())),
    }
}

pub(crate) fn run_render(
    catalog: &Path,
    current: Option<&str>,
    out: &Path,
    release: Release,
) -> anyhow::Result<Outcome> {
    let current_set = match current {
        Some(c) => match inputs::load(c, release, None) {
            Ok(s) => Some(s),
            Err(InputError::Invalid(d)) => {
                print_diagnostics(&d.0);
                return Ok(Outcome::Failed);
            }
            Err(InputError::Other(e)) => return Err(e),
        },
        None => None,
    };
    let cat = match Catalog::from_path(catalog) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d.0);
            return Ok(Outcome::Findings);
        }
    };
    let set = match cat.compile(current_set.as_ref(), release) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&d.0);
            return Ok(Outcome::Findings);
        }
    };
    // Objects keep the file they were in when the output folder already holds them.
    let existing = if out.is_dir() {
        ConfigSet::load(&[out], &Limits::default())
    } else {
        ConfigSet::new()
    };
    // Otherwise they take the file they have in --current (when that is a folder).
    let current_base = current.map(PathBuf::from).filter(|p| p.is_dir());
    let file_in = |set: &ConfigSet, base: &Path, r: &nrp_llm_config::ObjectRef| {
        set.get(r).and_then(|e| e.origin()).and_then(|orig| {
            Path::new(&*orig.file)
                .strip_prefix(base)
                .ok()
                .map(Path::to_path_buf)
        })
    };
    let mut placed: BTreeMap<PathBuf, Vec<Value>> = BTreeMap::new();
    for o in set.objects() {
        let v = nrp_llm_config::canonical_document(o.value());
        let file = o
            .object_ref()
            .and_then(|r| {
                file_in(&existing, out, &r).or_else(|| {
                    let (cs, base) = (current_set.as_ref()?, current_base.as_ref()?);
                    file_in(cs, base, &r)
                })
            })
            .unwrap_or_else(|| default_file(&v));
        placed.entry(file).or_default().push(v);
    }
    let mut written = 0;
    let mut unchanged = 0;
    for (rel, values) in &placed {
        let path = out.join(rel);
        let text = document::to_yaml(values);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            unchanged += 1;
            continue;
        }
        fsutil::write_atomic(&path, text.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
        written += 1;
    }
    // Files that held only objects the catalog no longer produces are removed.
    let mut removed = 0;
    let mut files_with_objects: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for o in existing.objects() {
        if let Some(orig) = o.origin() {
            let p = PathBuf::from(&*orig.file);
            let keep = files_with_objects.entry(p.clone()).or_insert(false);
            let rel = p
                .strip_prefix(out)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            *keep |= placed.contains_key(&rel);
        }
    }
    for (file, keep) in files_with_objects {
        if !keep {
            std::fs::remove_file(&file)
                .map_err(|e| anyhow::anyhow!("cannot remove {}: {e}", file.display()))?;
            println!("removed {}", file.display());
            removed += 1;
        }
    }
    eprintln!(
        "{} object(s) in {} file(s): {written} written, {unchanged} unchanged, {removed} removed",
        set.len(),
        placed.len()
    );
    Ok(Outcome::Ok)
}

pub(crate) fn run_import(path: &str, release: Release) -> anyhow::Result<Outcome> {
    let set = match inputs::load(path, release, None) {
        Ok(s) => s,
        Err(InputError::Invalid(d)) => {
            print_diagnostics(&d.0);
            return Ok(Outcome::Failed);
        }
        Err(InputError::Other(e)) => return Err(e),
    };
    let (catalog, notes) = Catalog::import(&set);
    print_diagnostics(&notes);
    print!("{}", catalog.to_yaml());
    Ok(Outcome::Ok)
}
