//! `ConfigSet` and `load`: loading files, folders and dumps, validating, writing folders.

use crate::resources::{self, PyResource};
use crate::{convert, errors};
use nrp_llm_config::document::{self, Limits, Object};
use nrp_llm_config::{ConfigSet, Release, Source, canonical_document, validate};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyType};
use std::path::PathBuf;

/// A set of Kubernetes objects indexed by identity (API group, kind, namespace, name), in load
/// order: the unit that is validated, planned and written.
///
/// Iterating yields each object as a dict; `len()` counts them.
///
/// >>> import nrp_llm_config as nlc
/// >>> s = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000),
/// ...                    nlc.AIServiceBackend.openai("b", "nrp-llm", "b")])
/// >>> len(s), [o["kind"] for o in s]
/// (2, ['Backend', 'AIServiceBackend'])
#[pyclass(module = "nrp_llm_config._nrp_llm_config", name = "ConfigSet")]
pub struct PyConfigSet {
    set: ConfigSet,
    /// The folder the set was read from, so that `write(current=...)` keeps each object in its
    /// file.
    root: Option<PathBuf>,
}

impl PyConfigSet {
    /// Wraps a core set.
    pub fn new_set(set: ConfigSet, root: Option<PathBuf>) -> Self {
        Self { set, root }
    }

    /// The core set.
    pub fn set(&self) -> &ConfigSet {
        &self.set
    }

    /// The folder the set was read from, if any.
    pub fn root(&self) -> Option<&std::path::Path> {
        self.root.as_deref()
    }

    /// Raises `ValidationError` when loading found errors (unreadable YAML, duplicates, ...).
    pub fn require_loaded(&self, py: Python<'_>, what: &str) -> PyResult<()> {
        let errs: Vec<_> = self
            .set
            .problems()
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errors::validation_error(
                py,
                &format!("{what} could not be read completely"),
                &errs,
            ))
        }
    }
}

/// Reads files, folders (recursively, `*.yaml`/`*.yml`), `kind: List` dumps (`kubectl get ...
/// -o yaml`), catalog files (compiled) and, given as strings, `git:REV:PATH` specs, as the CLI
/// reads its inputs. Problems (invalid YAML, duplicate objects) do not stop loading: they are
/// reported by `ConfigSet.problems()` and `ConfigSet.validate()`. Raises `FileNotFoundError`
/// when a path does not exist, `ValidationError` for an invalid catalog.
///
/// >>> import nrp_llm_config as nlc, pathlib, tempfile
/// >>> d = pathlib.Path(tempfile.mkdtemp())
/// >>> _ = (d / "b.yaml").write_text(nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000).to_yaml())
/// >>> len(nlc.load(d))
/// 1
#[pyfunction]
#[pyo3(signature = (*paths))]
pub fn load(py: Python<'_>, paths: Vec<Bound<'_, PyAny>>) -> PyResult<PyConfigSet> {
    if paths.is_empty() {
        return Err(errors::wrong_type("load() needs at least one path"));
    }
    let mut sources = Vec::with_capacity(paths.len());
    for p in &paths {
        match convert::source(py, "the input", p)? {
            Some(s) => sources.push(s),
            None => {
                return Err(errors::wrong_type(format!(
                    "load() takes paths, got {}",
                    p.get_type().name()?
                )));
            }
        }
    }
    let set = py
        .detach(|| Source::read_all(&sources, Release::default()))
        .map_err(|e| errors::source(py, "the input", e))?;
    // A set read from one folder remembers it, so that `write(current=...)` keeps files.
    let root = match sources.as_slice() {
        [Source::Path(one)] if one.is_dir() => Some(one.clone()),
        _ => None,
    };
    Ok(PyConfigSet::new_set(set, root))
}

/// Validates files and folders without keeping them: each file is parsed, checked and dropped,
/// so memory stays small on large folders (the CLI's `validate` works the same way). Returns
/// every problem as `ConfigSet.validate()` does for `load(*paths)`; raises `FileNotFoundError`
/// when a path does not exist. `release` defaults to the newest supported one
/// (`DEFAULT_RELEASE`). `namespace` places the objects that name no `metadata.namespace` in it
/// (as `kubectl apply -n` would); without it they share one unnamed namespace and refer to
/// each other.
///
/// >>> import nrp_llm_config as nlc, pathlib, tempfile
/// >>> d = pathlib.Path(tempfile.mkdtemp())
/// >>> _ = (d / "b.yaml").write_text(nlc.AIServiceBackend.openai("q", "nrp-llm", "gone").to_yaml())
/// >>> [e["code"] for e in nlc.validate_paths(d) if e["severity"] == "error"]
/// ['invalid_reference']
#[pyfunction]
#[pyo3(signature = (*paths, release = None, namespace = None))]
pub fn validate_paths<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    release: Option<&str>,
    namespace: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let release = convert::release(release)?;
    if paths.is_empty() {
        return Err(errors::wrong_type(
            "validate_paths() needs at least one path",
        ));
    }
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(errors::not_found(missing));
    }
    let report =
        py.detach(|| validate::validate_paths_in(&paths, release, &Limits::default(), namespace));
    errors::error_details(py, &report.diagnostics)
}

/// An object for the set: a `Resource` or a dict.
fn object_of(item: &Bound<'_, PyAny>) -> PyResult<Object> {
    if let Ok(r) = item.cast::<PyResource>() {
        return Ok(Object::new(r.get().value().clone()));
    }
    if item.is_instance_of::<PyDict>() {
        return Ok(Object::new(convert::from_py(item)?));
    }
    Err(errors::wrong_type(format!(
        "expected a Resource or a dict, got {}",
        item.get_type().name()?
    )))
}

#[pymethods]
impl PyConfigSet {
    /// A set of the given objects (`Resource` instances or dicts). Objects without a name, and
    /// second definitions of the same object, are reported by `problems()`.
    #[new]
    #[pyo3(signature = (objects = None))]
    fn py_new(objects: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut list = Vec::new();
        if let Some(objs) = objects {
            for item in objs.try_iter()? {
                list.push(object_of(&item?)?);
            }
        }
        Ok(Self::new_set(ConfigSet::from_objects(list), None))
    }

    /// Parses a YAML stream (several documents, `kind: List` dumps). Raises `ValidationError`
    /// (with line and column) when the text is not valid YAML.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> s = nlc.ConfigSet.from_yaml(
    /// ...     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
    /// ...     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
    /// >>> len(s)
    /// 2
    #[classmethod]
    #[pyo3(signature = (text, file = "<string>"))]
    fn from_yaml(cls: &Bound<'_, PyType>, text: &str, file: &str) -> PyResult<Self> {
        let py = cls.py();
        let objects = document::parse_str(text, file, &Limits::default()).map_err(|e| {
            errors::validation_error(py, "invalid YAML", std::slice::from_ref(e.diagnostic()))
        })?;
        Ok(Self::new_set(ConfigSet::from_objects(objects), None))
    }

    fn __len__(&self) -> usize {
        self.set.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.objects(py)?.try_iter()
    }

    fn __repr__(&self) -> String {
        format!("<ConfigSet: {} object(s)>", self.set.len())
    }

    /// Every object as a dict, in load order (fresh copies).
    fn objects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .set
            .objects()
            .iter()
            .map(|o| convert::to_py(py, o.value()))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// Every object as an instance of the class of its kind (`Backend`, ...; `Resource` for
    /// other kinds). Raises `ValidationError` when an object of a modelled kind has a field of
    /// the wrong type.
    fn resources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .set
            .objects()
            .iter()
            .map(|o| resources::wrap_checked(py, o.value().clone()))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The object with this kind, name and namespace, as a dict, or None.
    #[pyo3(signature = (kind, name, namespace = None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        kind: &str,
        name: &str,
        namespace: Option<&str>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.set
            .objects()
            .iter()
            .find(|o| o.kind() == kind && o.name() == name && o.namespace() == namespace)
            .map(|o| convert::to_py(py, o.value()))
            .transpose()
    }

    /// Adds an object (a `Resource` or a dict). Returns False (and records a problem) when it
    /// has no name or the same object is already in the set.
    fn add(&mut self, object: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.set.insert(object_of(object)?))
    }

    /// Problems found while loading and indexing (invalid YAML, duplicate objects, missing
    /// names), as `ErrorDetails` dicts.
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        errors::error_details(py, self.set.problems())
    }

    /// Checks every object as the API server of AI Gateway `release` would (CRD schemas and
    /// CEL rules), plus the cross-object rules it never checks (references, duplicate models,
    /// rule limits). Returns every problem as an `ErrorDetails` dict with the keys `file`,
    /// `line`, `column`, `kind`, `namespace`, `name`, `path`, `code`, `severity`, `message` and
    /// `hint`; empty when the set is valid. `release` defaults to the newest supported one
    /// (`DEFAULT_RELEASE`).
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> s = nlc.ConfigSet([nlc.AIServiceBackend.openai("qwen", "nrp-llm", "missing")])
    /// >>> [(e["code"], e["path"]) for e in s.validate() if e["severity"] == "error"]
    /// [('invalid_reference', 'spec.backendRef.name')]
    #[pyo3(signature = (release = None))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        release: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let release = convert::release(release)?;
        let found = validate::validate(&self.set, release);
        errors::error_details(py, &found)
    }

    /// Like `validate`, but raises `ValidationError` when there is any error (warnings do not
    /// count). Returns None otherwise.
    #[pyo3(signature = (release = None))]
    fn check(&self, py: Python<'_>, release: Option<&str>) -> PyResult<()> {
        let release = convert::release(release)?;
        let found = validate::validate(&self.set, release);
        if found.has_errors() {
            return Err(errors::validation_error(
                py,
                &format!("the configuration is invalid for AI Gateway {release}"),
                &found,
            ));
        }
        Ok(())
    }

    /// Every object as YAML documents separated by `---`, in canonical form.
    fn to_yaml(&self) -> String {
        let values: Vec<_> = self
            .set
            .objects()
            .iter()
            .map(|o| canonical_document(o.value()))
            .collect();
        document::to_yaml(&values)
    }

    /// Writes the set into the folder `path` in the admin guide's models-config layout
    /// (`gatewayroute/<name>.yaml`, `servicebackend/servicebackends.yaml`,
    /// `backend/backends.yaml`, `securitypolicy.yaml`), each file atomically, like the CLI's
    /// `render`. Files already in `path` are edited in place (comments and layout stay; see
    /// the README's "Editing files"). Objects keep the file they are in (in `path`, or else in
    /// the folder `current` was loaded from); new ones go next to their siblings; files left
    /// without objects are removed. Returns the files written, left unchanged and removed
    /// (relative paths). Raises `ValidationError` when the set could not be read completely,
    /// `OSError` when a file cannot be written, `ValueError` when a file cannot be edited
    /// without losing what people wrote (nothing is written then).
    ///
    /// >>> import nrp_llm_config as nlc, tempfile
    /// >>> s = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)])
    /// >>> s.write(tempfile.mkdtemp())
    /// {'written': ['backend/backends.yaml'], 'unchanged': [], 'removed': []}
    #[pyo3(signature = (path, current = None))]
    fn write<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        current: Option<PyRef<'_, PyConfigSet>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.require_loaded(py, "the set")?;
        let (cur, cur_dir) = match &current {
            Some(c) => (Some(&c.set), c.root.as_deref()),
            None => (None, None),
        };
        let report = self
            .set
            .write_folder(&path, cur, cur_dir)
            .map_err(|e| errors::write(&e))?;
        let out = PyDict::new(py);
        let names = |v: &[PathBuf]| -> Vec<String> {
            v.iter()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect()
        };
        out.set_item("written", names(&report.written))?;
        out.set_item("unchanged", names(&report.unchanged))?;
        out.set_item("removed", names(&report.removed))?;
        Ok(out)
    }
}
