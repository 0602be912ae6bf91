//! A `models-config/` folder opened for editing: the objects of its files, changed as a set,
//! written back through the format-preserving edit layer ([`crate::edit`]).
//!
//! [`Folder::open`] reads every YAML file of the folder and keeps its text. The objects can
//! then be replaced by a new set ([`Folder::replace`]); [`Folder::changes`] works out, file by
//! file, what the new text is:
//!
//! * an object that is in the new set keeps its place (its file, its document); when its value
//!   changed, only the changed lines of its document change;
//! * an object that is no longer in the set leaves its file with its own comments; a file left
//!   without objects is removed;
//! * a new object goes where the placement given with [`Folder::place`] says (the catalog's
//!   `file:`, or the file the object has in another folder), else next to its siblings: the
//!   file of the object of the same kind whose name shares the longest start with its name (a
//!   kind kept one object per file, such as the guide's route objects, gets a new file beside
//!   them), else the layout's default file (`crate::layout`).
//!
//! Nothing is written until [`Folder::save`], which first computes every change (an edit the
//! layer cannot make exactly fails the whole save) and then writes each file atomically.
//!
//! ```
//! use nrp_llm_config::folder::Folder;
//! let dir = std::env::temp_dir().join(format!("nrp-folder-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("b.yaml"), "# our backend\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: b\n  namespace: nrp-llm # the namespace\n").unwrap();
//! let mut folder = Folder::open(&dir).unwrap();
//! let mut set = folder.objects().clone();
//! let r = set.objects()[0].object_ref().unwrap();
//! let mut objects: Vec<_> = set.into_objects();
//! objects[0].value_mut()["metadata"]["name"] = "c".into();
//! folder.replace(nrp_llm_config::ConfigSet::from_objects(objects));
//! let text = folder.changes().unwrap()[0].after.clone().unwrap();
//! // A renamed object is another object: b leaves with its comment, c is new.
//! assert!(!text.contains("# our backend"));
//! assert!(text.contains("name: c"));
//! # let _ = r;
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config_set::{ConfigSet, WriteReport};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{self, Limits};
use crate::edit::{DocEdit, EditError, edit_documents};
use crate::object_ref::ObjectRef;
use crate::{canonical_document, fsutil};

/// A file of the folder as it was read.
#[derive(Clone, Debug)]
struct File {
    text: String,
    /// Its documents (not empty ones), as [`document::parse_values`] reads them.
    docs: Vec<Value>,
}

/// A models-config folder opened for editing. See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Folder {
    root: PathBuf,
    /// Files by path relative to `root`.
    files: BTreeMap<PathBuf, File>,
    /// The objects as read.
    original: ConfigSet,
    /// The objects as edited.
    objects: ConfigSet,
    /// Where new objects go (relative to `root`).
    placement: HashMap<ObjectRef, PathBuf>,
    limits: Limits,
}

/// What [`Folder::changes`] does to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// The file, relative to the folder.
    pub path: PathBuf,
    /// The text before (`None`: the file is new).
    pub before: Option<String>,
    /// The text after (`None`: the file is removed).
    pub after: Option<String>,
}

/// Why a folder could not be opened or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FolderError {
    /// Files of the folder could not be read.
    #[error("{} file(s) of the folder could not be read", .0.len())]
    Load(Diagnostics),
    /// An edit could not be made exactly; nothing was written.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A file could not be written or removed.
    #[error(transparent)]
    Write(#[from] crate::config_set::WriteError),
}

impl FolderError {
    /// The problems as diagnostics (for I/O errors, one without a position).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            FolderError::Load(d) => d.to_vec(),
            FolderError::Edit(e) => vec![e.diagnostic().clone()],
            FolderError::Write(e) => vec![Diagnostic::error(
                crate::diagnostic::Code::IO,
                e.to_string(),
            )],
        }
    }
}

impl Folder {
    /// Reads every YAML file below `root` (a folder that does not exist yet is empty). Fails
    /// when a file cannot be read or is not YAML objects: an edit must know every file.
    pub fn open(root: &Path) -> Result<Folder, FolderError> {
        let limits = Limits::default();
        let mut files = BTreeMap::new();
        let mut objects = Vec::new();
        let mut problems = Vec::new();
        let paths = if root.is_dir() {
            document::yaml_files(root)
                .map_err(|e| FolderError::Load(Diagnostics::from(vec![e.diagnostic().clone()])))?
        } else if root.exists() {
            return Err(FolderError::Load(Diagnostics::from(vec![
                Diagnostic::error(
                    crate::diagnostic::Code::IO,
                    format!("{} is not a folder", root.display()),
                )
                .with_hint("give the models-config folder"),
            ])));
        } else {
            Vec::new()
        };
        for path in paths {
            let name = path.display().to_string();
            let read = document::read_text(&path, &limits).and_then(|text| {
                let docs = document::parse_values(&text, &name, &limits)?;
                let objs = document::parse_str(&text, &name, &limits)?;
                Ok((text, docs, objs))
            });
            match read {
                Ok((text, docs, objs)) => {
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    files.insert(rel, File { text, docs });
                    objects.extend(objs);
                }
                Err(e) => problems.push(e.diagnostic().clone()),
            }
        }
        if !problems.is_empty() {
            return Err(FolderError::Load(Diagnostics::from(problems)));
        }
        let original = ConfigSet::from_objects(objects);
        if !original.problems().is_empty() {
            return Err(FolderError::Load(Diagnostics::from(
                original.problems().to_vec(),
            )));
        }
        Ok(Folder {
            root: root.to_path_buf(),
            files,
            objects: original.clone(),
            original,
            placement: HashMap::new(),
            limits,
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The objects as edited so far (as read until [`Folder::replace`] is called).
    pub fn objects(&self) -> &ConfigSet {
        &self.objects
    }

    /// The objects as read from the files.
    pub fn original(&self) -> &ConfigSet {
        &self.original
    }

    /// Makes `desired` the folder's objects. Nothing is written until [`Folder::save`].
    pub fn replace(&mut self, desired: ConfigSet) {
        self.objects = desired;
    }

    /// Says where new objects go: paths relative to the folder. An object already in a file
    /// of the folder stays in it.
    pub fn place(&mut self, placement: impl IntoIterator<Item = (ObjectRef, PathBuf)>) {
        self.placement.extend(placement);
    }

    /// The file a new object goes to (see the [module documentation](self)).
    fn file_for(&self, r: &ObjectRef, value: &Value) -> PathBuf {
        if let Some(p) = self.placement.get(r) {
            return p.clone();
        }
        let name = r.name.as_str();
        // Existing objects of the same kind, with their files.
        let mut siblings: Vec<(&str, PathBuf)> = Vec::new();
        for o in self.original.objects() {
            let Some(or) = o.object_ref() else { continue };
            if or.kind != r.kind || or.group != r.group {
                continue;
            }
            if let Some(origin) = o.origin() {
                let p = Path::new(&*origin.file);
                let rel = p.strip_prefix(&self.root).unwrap_or(p).to_path_buf();
                siblings.push((o.name(), rel));
            }
        }
        let Some(best) = siblings
            .iter()
            .max_by_key(|(n, p)| {
                let common = n
                    .bytes()
                    .zip(name.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                let count = siblings.iter().filter(|(_, q)| q == p).count();
                (common, count, std::cmp::Reverse(p.clone()))
            })
            .map(|(_, p)| p.clone())
        else {
            return crate::layout::default_file(value);
        };
        // A kind kept one object per file gets a file of its own beside its siblings.
        let one_per_file = siblings
            .iter()
            .all(|(_, p)| siblings.iter().filter(|(_, q)| q == p).count() == 1);
        if one_per_file && siblings.len() > 1 {
            let dir = best.parent().map(Path::to_path_buf).unwrap_or_default();
            return dir.join(format!("{name}.yaml"));
        }
        best
    }

    /// The new text of every file that changes, in path order. Fails, for the whole folder,
    /// when one edit cannot be made exactly.
    pub fn changes(&self) -> Result<Vec<FileChange>, EditError> {
        let mut placed: std::collections::HashSet<ObjectRef> = Default::default();
        let mut edits: BTreeMap<PathBuf, Vec<DocEdit>> = BTreeMap::new();
        for (rel, file) in &self.files {
            let docs = file
                .docs
                .iter()
                .map(|doc| self.doc_edit(doc, &mut placed))
                .collect();
            edits.insert(rel.clone(), docs);
        }
        let mut appended: BTreeMap<PathBuf, Vec<Value>> = BTreeMap::new();
        for o in self.objects.objects() {
            let Some(r) = o.object_ref() else { continue };
            if placed.contains(&r) {
                continue;
            }
            let v = canonical_document(o.value());
            let file = self.file_for(&r, &v);
            appended.entry(file).or_default().push(v);
        }
        let mut out = Vec::new();
        let mut paths: Vec<&PathBuf> = edits.keys().chain(appended.keys()).collect();
        paths.sort();
        paths.dedup();
        for rel in paths {
            let add = appended.get(rel).map(Vec::as_slice).unwrap_or_default();
            let (before, after) = match self.files.get(rel) {
                Some(file) => {
                    let docs = &edits[rel];
                    let emptied = docs.iter().all(|d| *d == DocEdit::Remove) && add.is_empty();
                    let name = self.root.join(rel).display().to_string();
                    let after = if emptied {
                        None
                    } else {
                        Some(edit_documents(&file.text, &name, docs, add, &self.limits)?)
                    };
                    (Some(file.text.clone()), after)
                }
                None => (None, Some(document::to_yaml(add))),
            };
            if before != after {
                out.push(FileChange {
                    path: rel.clone(),
                    before,
                    after,
                });
            }
        }
        Ok(out)
    }

    /// What happens to one document: objects of the new set that it holds are kept or
    /// replaced, the others removed (items of a `kind: List` one by one).
    fn doc_edit(&self, doc: &Value, placed: &mut std::collections::HashSet<ObjectRef>) -> DocEdit {
        let is_list = doc.get("kind").and_then(Value::as_str) == Some("List")
            && doc.get("apiVersion").and_then(Value::as_str) == Some("v1");
        if is_list && let Some(items) = doc.get("items").and_then(Value::as_array) {
            let mut new_items = Vec::new();
            for item in items {
                new_items.extend(self.new_value(item, placed));
            }
            if new_items.is_empty() && !items.is_empty() {
                return DocEdit::Remove;
            }
            let mut new = doc.clone();
            new["items"] = Value::Array(new_items);
            return if new == *doc {
                DocEdit::Keep
            } else {
                DocEdit::Replace(new)
            };
        }
        match self.new_value(doc, placed) {
            Some(v) if v == *doc => DocEdit::Keep,
            Some(v) => DocEdit::Replace(v),
            None => DocEdit::Remove,
        }
    }

    /// The new value of an object of a file: `None` when the new set no longer has it. A
    /// document without an identity is kept as it is.
    fn new_value(
        &self,
        old: &Value,
        placed: &mut std::collections::HashSet<ObjectRef>,
    ) -> Option<Value> {
        let Some(r) = ObjectRef::from_value(old) else {
            return Some(old.clone());
        };
        let o = self.objects.get(&r)?;
        if !placed.insert(r) {
            // A second definition of the same object in the folder: the first keeps it.
            return None;
        }
        Some(o.value().clone())
    }

    /// The pending changes as a unified diff (paths relative to the folder, `a/` and `b/`).
    pub fn diff(&self) -> Result<String, EditError> {
        let mut out = String::new();
        for c in self.changes()? {
            let p = c.path.display().to_string();
            let before = c.before.as_deref().unwrap_or("");
            let after = c.after.as_deref().unwrap_or("");
            let old = if c.before.is_some() {
                format!("a/{p}")
            } else {
                "/dev/null".into()
            };
            let new = if c.after.is_some() {
                format!("b/{p}")
            } else {
                "/dev/null".into()
            };
            let diff = similar::TextDiff::from_lines(before, after);
            out.push_str(&diff.unified_diff().header(&old, &new).to_string());
        }
        Ok(out)
    }

    /// Writes the pending changes: every change is computed first (nothing is written when one
    /// cannot be made), then each file is written atomically and emptied files are removed.
    /// The folder then reads as saved.
    pub fn save(&mut self) -> Result<WriteReport, FolderError> {
        let changes = self.changes()?;
        let mut report = WriteReport::default();
        for c in &changes {
            let path = self.root.join(&c.path);
            match &c.after {
                Some(text) => {
                    fsutil::write_atomic(&path, text.as_bytes()).map_err(|source| {
                        crate::config_set::WriteError::Write {
                            path: path.clone(),
                            source,
                        }
                    })?;
                    report.written.push(c.path.clone());
                }
                None => {
                    std::fs::remove_file(&path).map_err(|source| {
                        crate::config_set::WriteError::Remove {
                            path: path.clone(),
                            source,
                        }
                    })?;
                    report.removed.push(c.path.clone());
                }
            }
        }
        let changed: std::collections::HashSet<&PathBuf> =
            changes.iter().map(|c| &c.path).collect();
        report.unchanged = self
            .files
            .keys()
            .filter(|p| !changed.contains(p))
            .cloned()
            .collect();
        *self = Folder::open(&self.root)?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests;
