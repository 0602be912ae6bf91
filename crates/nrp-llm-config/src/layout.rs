//! The `models-config/` folder layout of the admin guide, and writing a set of objects into it.
//!
//! Each object goes to the file it is already in (in the output folder, or else in the folder the
//! current state was read from); new objects go to the guide's default files:
//! `gatewayroute/<name>.yaml` for an AIGatewayRoute, `servicebackend/servicebackends.yaml`,
//! `backend/backends.yaml`, `securitypolicy.yaml`, `quotapolicy.yaml`, and
//! `other/<kind>-<name>.yaml` for the rest.

use crate::config_set::ConfigSet;
use crate::document::{self, Limits};
use crate::object_ref::ObjectRef;
use crate::{canonical_document, fsutil};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file (relative to the folder) an object goes to when it is in no file yet.
pub(crate) fn default_file(value: &Value) -> PathBuf {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("unnamed");
    match kind {
        "AIGatewayRoute" => PathBuf::from(format!("gatewayroute/{name}.yaml")),
        "AIServiceBackend" => PathBuf::from("servicebackend/servicebackends.yaml"),
        "Backend" => PathBuf::from("backend/backends.yaml"),
        "BackendSecurityPolicy" => PathBuf::from("securitypolicy.yaml"),
        "QuotaPolicy" => PathBuf::from("quotapolicy.yaml"),
        other => PathBuf::from(format!("other/{}-{name}.yaml", other.to_lowercase())),
    }
}

/// What [`ConfigSet::write_folder`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (new or changed), as paths below the output folder.
    pub written: Vec<PathBuf>,
    /// Files whose content was already right and were left untouched.
    pub unchanged: Vec<PathBuf>,
    /// Files removed because every object they held is gone.
    pub removed: Vec<PathBuf>,
}

/// [`ConfigSet::write_folder`] could not write or remove a file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be removed.
    #[error("cannot remove {}: {source}", path.display())]
    Remove {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl WriteError {
    /// The underlying I/O error.
    pub fn io_error(&self) -> &std::io::Error {
        match self {
            WriteError::Write { source, .. } | WriteError::Remove { source, .. } => source,
        }
    }
}

/// The file `r` came from, relative to `base`, when `set` holds it and it was read below `base`.
fn file_in(set: &ConfigSet, base: &Path, r: &ObjectRef) -> Option<PathBuf> {
    let origin = set.get(r)?.origin()?;
    Path::new(&*origin.file)
        .strip_prefix(base)
        .ok()
        .map(Path::to_path_buf)
}

/// The content of every file of the folder: objects in canonical form, grouped by the file they
/// go to (see the [module docs](self)). `existing` is what the output folder holds now, read
/// from `out`; `current` is the current state read from the folder `current_dir`.
pub(crate) fn files(
    set: &ConfigSet,
    existing: &ConfigSet,
    out: &Path,
    current: Option<&ConfigSet>,
    current_dir: Option<&Path>,
) -> BTreeMap<PathBuf, String> {
    let mut placed: BTreeMap<PathBuf, Vec<Value>> = BTreeMap::new();
    for o in set.objects() {
        let v = canonical_document(o.value());
        let file = o
            .object_ref()
            .and_then(|r| {
                file_in(existing, out, &r).or_else(|| file_in(current?, current_dir?, &r))
            })
            .unwrap_or_else(|| default_file(&v));
        placed.entry(file).or_default().push(v);
    }
    placed
        .into_iter()
        .map(|(file, values)| (file, document::to_yaml(&values)))
        .collect()
}

/// Writes `set` into the folder `out`: see [`ConfigSet::write_folder`].
pub(crate) fn write_folder(
    set: &ConfigSet,
    out: &Path,
    current: Option<&ConfigSet>,
    current_dir: Option<&Path>,
) -> Result<WriteReport, WriteError> {
    let existing = if out.is_dir() {
        ConfigSet::load(&[out], &Limits::default())
    } else {
        ConfigSet::new()
    };
    let placed = files(set, &existing, out, current, current_dir);
    let mut report = WriteReport::default();
    for (rel, text) in &placed {
        let path = out.join(rel);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == *text) {
            report.unchanged.push(rel.clone());
            continue;
        }
        fsutil::write_atomic(&path, text.as_bytes()).map_err(|source| WriteError::Write {
            path: path.clone(),
            source,
        })?;
        report.written.push(rel.clone());
    }
    // Files that held only objects the set no longer has are removed.
    let mut keep_file: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for o in existing.objects() {
        if let Some(origin) = o.origin() {
            let p = PathBuf::from(&*origin.file);
            let rel = p
                .strip_prefix(out)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            *keep_file.entry(p).or_insert(false) |= placed.contains_key(&rel);
        }
    }
    for (file, keep) in keep_file {
        if !keep {
            std::fs::remove_file(&file).map_err(|source| WriteError::Remove {
                path: file.clone(),
                source,
            })?;
            report.removed.push(
                file.strip_prefix(out)
                    .map(Path::to_path_buf)
                    .unwrap_or(file),
            );
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_file_example() {
        use crate::layout::default_file;
        let v = serde_json::json!({"kind": "AIGatewayRoute", "metadata": {"name": "r"}});
        assert_eq!(
            default_file(&v),
            std::path::PathBuf::from("gatewayroute/r.yaml")
        );
        let v = serde_json::json!({"kind": "Backend", "metadata": {"name": "b"}});
        assert_eq!(
            default_file(&v),
            std::path::PathBuf::from("backend/backends.yaml")
        );
    }

    #[test]
    fn files_example() {
        use crate::{ConfigSet, Object, layout::files};
        let set = ConfigSet::from_objects([Object::new(serde_json::json!({
            "apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
            "metadata": {"name": "b", "namespace": "nrp-llm"}}))]);
        let f = files(&set, &ConfigSet::new(), "out".as_ref(), None, None);
        assert!(f["backend/backends.yaml".as_ref() as &std::path::Path].starts_with("apiVersion:"));
    }
}
