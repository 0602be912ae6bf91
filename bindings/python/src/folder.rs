//! `Folder`: a models-config folder opened for editing, with the model operations of
//! `nrp_llm_config::ops` (add, remove and change a model, rotate a key), `diff()` and `save()`.

use crate::config_set::PyConfigSet;
use crate::{convert, errors};
use nrp_llm_config::folder::Folder;
use nrp_llm_config::ops::{self, AddModel, Edited, SetModel};
use nrp_llm_config::{ConfigSet, Diagnostics, Release};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

/// A models-config folder opened for editing: the model operations change its objects in
/// memory, `diff()` shows what the files would become and `save()` writes them (only the lines
/// that change; comments and layout stay).
///
/// Each operation returns one line per change. An operation that cannot be done (an unknown
/// model, a missing backend, a full route object) or whose result does not validate for the
/// folder's release raises `ValidationError` and changes nothing; `save()` writes every file or
/// none.
///
/// >>> import nrp_llm_config as nlc, pathlib, tempfile
/// >>> d = pathlib.Path(tempfile.mkdtemp())
/// >>> _ = (d / "route.yaml").write_text(
/// ...     "# the models\n"
/// ...     "apiVersion: aigateway.envoyproxy.io/v1alpha1\n"
/// ...     "kind: AIGatewayRoute\n"
/// ...     "metadata:\n  name: r\n  namespace: nrp-llm\n"
/// ...     "spec:\n"
/// ...     "  parentRefs:\n  - name: gw\n    kind: Gateway\n    group: gateway.networking.k8s.io\n"
/// ...     "  rules:\n"
/// ...     "  - matches:\n    - headers:\n      - type: Exact\n        name: x-ai-eg-model\n        value: a\n"
/// ...     "    backendRefs:\n    - name: b\n"
/// ...     "    timeouts:\n      request: 60s # slow model\n")
/// >>> _ = (d / "backend.yaml").write_text(
/// ...     nlc.AIServiceBackend.openai("b", "nrp-llm", "b").to_yaml() + "---\n"
/// ...     + nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000).to_yaml())
/// >>> f = nlc.Folder.open(d)
/// >>> f.set_model("a", timeout="120s")
/// ['AIGatewayRoute nrp-llm/r, model a: timeouts.request "60s" → "120s"']
/// >>> print(f.diff().count("+      request: 120s # slow model"))
/// 1
/// >>> f.save()
/// {'written': ['route.yaml'], 'removed': []}
/// >>> (d / "route.yaml").read_text().splitlines()[0]
/// '# the models'
#[pyclass(module = "nrp_llm_config._nrp_llm_config", name = "Folder")]
pub struct PyFolder {
    folder: Folder,
    release: Release,
}

impl PyFolder {
    /// Runs an operation on the folder's objects; on success the folder takes the result.
    fn apply(
        &mut self,
        py: Python<'_>,
        what: &str,
        op: impl FnOnce(&ConfigSet, Release) -> Result<Edited, Diagnostics> + Send,
    ) -> PyResult<Vec<String>> {
        let release = self.release;
        let objects = self.folder.objects();
        let result = py.detach(|| op(objects, release));
        match result {
            Ok(edited) => {
                self.folder.replace(edited.set);
                Ok(edited.changes)
            }
            Err(d) => Err(errors::validation_error(
                py,
                &format!("{what} refused; nothing changed"),
                &d,
            )),
        }
    }
}

#[pymethods]
impl PyFolder {
    /// Opens the folder `path` (every `*.yaml`/`*.yml` file below it). The operations validate
    /// their results for `release` (default: `DEFAULT_RELEASE`). Raises `FileNotFoundError`
    /// when there is no such folder and `ValidationError` when a file cannot be read.
    #[staticmethod]
    #[pyo3(signature = (path, release = None))]
    fn open(py: Python<'_>, path: PathBuf, release: Option<&str>) -> PyResult<PyFolder> {
        let release = convert::release(release)?;
        if !path.is_dir() {
            return Err(errors::not_found(&path));
        }
        let folder = py
            .detach(|| Folder::open(&path))
            .map_err(|e| errors::folder(py, &e))?;
        Ok(PyFolder { folder, release })
    }

    /// The folder's path, as given to `open`.
    #[getter]
    fn root(&self) -> String {
        self.folder.root().display().to_string()
    }

    /// The objects as edited so far, as a `ConfigSet`.
    #[getter]
    fn objects(&self) -> PyConfigSet {
        PyConfigSet::new_set(
            self.folder.objects().clone(),
            Some(self.folder.root().to_path_buf()),
        )
    }

    /// Adds the model `name` routed to the AIServiceBackend `backend`: its rule (in `route`,
    /// else the first route object with a free slot, else a new one), and the AIServiceBackend
    /// and Backend when they do not exist (then `host` or `ip`, and `port`, are needed), and
    /// the API-key policy target for the Secret `key_secret`. Returns the change lines.
    #[pyo3(signature = (name, backend, *, host = None, ip = None, port = None, upstream_model = None, owner = None, key_secret = None, timeout = None, route = None))]
    #[allow(clippy::too_many_arguments)]
    fn add_model(
        &mut self,
        py: Python<'_>,
        name: String,
        backend: String,
        host: Option<String>,
        ip: Option<String>,
        port: Option<u16>,
        upstream_model: Option<String>,
        owner: Option<String>,
        key_secret: Option<String>,
        timeout: Option<String>,
        route: Option<String>,
    ) -> PyResult<Vec<String>> {
        let add = AddModel {
            name,
            backend,
            host,
            ip,
            port,
            upstream_model,
            owner,
            key_secret,
            timeout,
            route,
        };
        self.apply(py, "add_model", |set, r| ops::add_model(set, &add, r))
    }

    /// Removes the model `name`: its rule and whatever only it used (AIServiceBackend,
    /// Backend, policy targets, a route object or policy left empty, QuotaPolicy entries).
    /// Returns the change lines.
    fn remove_model(&mut self, py: Python<'_>, name: String) -> PyResult<Vec<String>> {
        self.apply(py, "remove_model", |set, r| {
            ops::remove_model(set, &name, r)
        })
    }

    /// Changes the model `name`: its one `backend`, the `members` of a combined model, the
    /// `upstream_model` (modelNameOverride), `owner` (modelsOwnedBy) or `timeout`; an empty
    /// string removes the field. Returns the change lines (none when all was already so).
    #[pyo3(signature = (name, *, backend = None, upstream_model = None, owner = None, timeout = None, members = None))]
    #[allow(clippy::too_many_arguments)]
    fn set_model(
        &mut self,
        py: Python<'_>,
        name: String,
        backend: Option<String>,
        upstream_model: Option<String>,
        owner: Option<String>,
        timeout: Option<String>,
        members: Option<Vec<String>>,
    ) -> PyResult<Vec<String>> {
        let change = SetModel {
            backend,
            upstream_model,
            owner,
            timeout,
            members: members.unwrap_or_default(),
        };
        self.apply(py, "set_model", |set, r| {
            ops::set_model(set, &name, &change, r)
        })
    }

    /// Moves the AIServiceBackends `backends` to the API-key policy that reads the Secret
    /// `secret` (created when needed), out of their other API-key policies. Returns the change
    /// lines.
    fn rotate_key(
        &mut self,
        py: Python<'_>,
        secret: String,
        backends: Vec<String>,
    ) -> PyResult<Vec<String>> {
        self.apply(py, "rotate_key", |set, r| {
            ops::rotate_key(set, &secret, &backends, r)
        })
    }

    /// The unified diff of the files between the folder as read and as edited (empty when
    /// nothing changed). Raises `ValidationError` when a file cannot be edited exactly.
    fn diff(&self, py: Python<'_>) -> PyResult<String> {
        self.folder
            .diff()
            .map_err(|e| errors::folder(py, &e.into()))
    }

    /// Writes the edited files (atomically; nothing is written when any file cannot be edited
    /// exactly) and returns `{"written": [...], "removed": [...]}` (paths below the folder).
    fn save<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let report = self.folder.save().map_err(|e| errors::folder(py, &e))?;
        let out = PyDict::new(py);
        let names = |v: &[PathBuf]| -> Vec<String> {
            v.iter()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect()
        };
        out.set_item("written", names(&report.written))?;
        out.set_item("removed", names(&report.removed))?;
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!(
            "Folder({:?}, {} objects)",
            self.folder.root().display().to_string(),
            self.folder.objects().len()
        )
    }
}
