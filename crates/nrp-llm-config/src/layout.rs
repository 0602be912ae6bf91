//! The `models-config/` folder layout of the admin guide, and writing a set of objects into it.
//!
//! Each object goes to the file it is already in (in the output folder, or else in the folder the
//! current state was read from), and files are edited in place ([`crate::folder`]); new objects
//! go next to their siblings ([`crate::folder`]) or, in a folder without any, to the guide's
//! default files:
//! `gatewayroute/<name>.yaml` for an AIGatewayRoute, `servicebackend/servicebackends.yaml`,
//! `backend/backends.yaml`, `securitypolicy.yaml`, `quotapolicy.yaml`, and
//! `other/<kind>-<name>.yaml` for the rest.

use crate::config_set::ConfigSet;
use crate::folder::{Folder, FolderError};
use crate::object_ref::ObjectRef;
use serde_json::Value;
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

/// [`ConfigSet::write_folder`] could not write or remove a file, or could not edit one.
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
    /// A file of the output folder cannot be read, or cannot be edited without losing what
    /// people wrote in it (see [`crate::edit`]); nothing was written.
    #[error("{}", .0.message)]
    Edit(Box<crate::Diagnostic>),
}

impl WriteError {
    /// The underlying I/O error, for the errors that have one.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match self {
            WriteError::Write { source, .. } | WriteError::Remove { source, .. } => Some(source),
            WriteError::Edit(_) => None,
        }
    }
}

impl From<FolderError> for WriteError {
    fn from(e: FolderError) -> Self {
        match e {
            FolderError::Write(w) => w,
            other => {
                let d = other.diagnostics().into_iter().next().unwrap_or_else(|| {
                    crate::Diagnostic::error(crate::Code::CANNOT_EDIT, other.to_string())
                });
                WriteError::Edit(Box::new(d))
            }
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

/// Writes `set` into the folder `out`: see [`ConfigSet::write_folder`]. Files already in `out`
/// are edited in place through [`Folder`]; objects new to `out` keep the file they have in
/// `current_dir`, else go next to their siblings or to the default file.
pub(crate) fn write_folder(
    set: &ConfigSet,
    out: &Path,
    current: Option<&ConfigSet>,
    current_dir: Option<&Path>,
    placement: &std::collections::BTreeMap<ObjectRef, PathBuf>,
) -> Result<WriteReport, WriteError> {
    if out.exists() && !out.is_dir() {
        return Err(WriteError::Write {
            path: out.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
        });
    }
    let mut folder = Folder::open(out)?;
    if let (Some(cur), Some(dir)) = (current, current_dir) {
        folder.place(cur.objects().iter().filter_map(|o| {
            let r = o.object_ref()?;
            let file = file_in(cur, dir, &r)?;
            Some((r, file))
        }));
    }
    // Where the catalog says (`file:`) wins over the current folder for new objects.
    folder.place(placement.iter().map(|(r, p)| (r.clone(), p.clone())));
    folder.replace(set.clone());
    Ok(folder.save()?)
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
}
