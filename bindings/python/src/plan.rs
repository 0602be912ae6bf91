//! `plan()`, `Plan` and `Change`: the ordered creates, updates and deletes between two states.

use crate::catalog::PyCatalog;
use crate::config_set::PyConfigSet;
use crate::{convert, errors};
use nrp_llm_config::plan::{Change, Plan, PlanOptions};
use nrp_llm_config::{ConfigSet, Release};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use serde_json::Value;

/// The changes that turn a current state into a desired one, in apply order: by phase (`prepare`,
/// `switch`, `finish`, `delete`), so that no model loses its route or its key mid-apply; within a
/// phase Backend, AIServiceBackend, BackendSecurityPolicy, AIGatewayRoute (deletes in reverse).
/// `steps` lists every apply, transitional forms included. `str(plan)` is the text rendering; in
/// a notebook the plan shows as a coloured table.
#[pyclass(frozen, module = "nrp_llm_config._nrp_llm_config", name = "Plan")]
pub struct PyPlan {
    plan: Plan,
}

/// One create, update or delete of a plan.
#[pyclass(frozen, module = "nrp_llm_config._nrp_llm_config", name = "Change")]
pub struct PyChange {
    change: Change,
}

/// A plan input as a set: a `ConfigSet`, a `Catalog` (compiled against `current`), or a path
/// or spec read by `nrp_llm_config::Source` (a catalog file is compiled against `current`).
pub(crate) fn input_set(
    py: Python<'_>,
    what: &str,
    obj: &Bound<'_, PyAny>,
    current: Option<&ConfigSet>,
    release: Release,
) -> PyResult<ConfigSet> {
    if let Ok(c) = obj.cast::<PyConfigSet>() {
        let c = c.borrow();
        c.require_loaded(py, what)?;
        return Ok(c.set().clone());
    }
    if let Ok(c) = obj.cast::<PyCatalog>() {
        return c
            .borrow()
            .catalog()
            .compile(current, release)
            .map_err(|d| errors::validation_error(py, &format!("{what}: invalid catalog"), &d));
    }
    if let Some(source) = convert::source(py, what, obj)? {
        return py
            .detach(|| source.load(release, current))
            .map_err(|e| errors::source(py, what, e));
    }
    Err(errors::wrong_type(format!(
        "{what}: expected a ConfigSet, a Catalog or a path, got {}",
        obj.get_type().name()?
    )))
}

/// Plans `current` → `desired` for AI Gateway `release` (default: the newest supported one,
/// `DEFAULT_RELEASE`). Each side is a `ConfigSet`, a path or a spec as the CLI takes it (file,
/// folder, `kubectl get -o yaml` dump, catalog file, or the string `git:REV:PATH`) or, for
/// `desired`, a `Catalog`. A catalog (object or file) is compiled against `current` so that
/// models keep their route objects.
///
/// Only the managed kinds (Backend, AIServiceBackend, BackendSecurityPolicy, AIGatewayRoute)
/// are planned. Raises `ValidationError` when `desired` is invalid (nothing is planned), and
/// `ValueError` when it holds no managed object unless `allow_empty` is true (such a plan
/// deletes everything).
///
/// >>> import nrp_llm_config as nlc
/// >>> cur = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)])
/// >>> new = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.8", 8000)])
/// >>> p = nlc.plan(cur, new)
/// >>> [(c.action, c.kind, c.name) for c in p.changes]
/// [('update', 'Backend', 'b')]
/// >>> print(p, end="")
/// Phase 1, prepare (before the routes change):
/// ~ Backend nrp-llm/b
///     spec.endpoints[0].ip.address: "10.0.0.7" → "10.0.0.8"
/// <BLANKLINE>
/// Plan: 0 to create, 1 to update, 0 to delete.
#[pyfunction]
#[pyo3(signature = (current, desired, *, release = None, allow_empty = false, applyset = None, adopt = false, namespace = None, allow_mass_delete = false))]
#[allow(clippy::too_many_arguments)]
pub fn plan(
    py: Python<'_>,
    current: &Bound<'_, PyAny>,
    desired: &Bound<'_, PyAny>,
    release: Option<&str>,
    allow_empty: bool,
    applyset: Option<String>,
    adopt: bool,
    namespace: Option<String>,
    allow_mass_delete: bool,
) -> PyResult<PyPlan> {
    let release = convert::release(release)?;
    let cur = input_set(py, "current", current, None, release)?;
    let want = input_set(py, "desired", desired, Some(&cur), release)?;
    let mut options = PlanOptions {
        release,
        allow_empty,
        adopt,
        namespace,
        allow_mass_delete,
        ..PlanOptions::default()
    };
    if let Some(name) = applyset {
        options.applyset = nrp_llm_config::plan::ApplySet::new(name);
    }
    nrp_llm_config::plan::plan(&cur, &want, &options)
        .map(|plan| PyPlan { plan })
        .map_err(|e| errors::plan(py, release, e))
}

#[pymethods]
impl PyPlan {
    /// The changes, in apply order.
    #[getter]
    fn changes(&self) -> Vec<PyChange> {
        self.plan
            .changes
            .iter()
            .map(|c| PyChange { change: c.clone() })
            .collect()
    }

    /// The applies and deletes in the order they run, as dicts: `phase`, `change` (the index in
    /// `changes`), `action`, `group`, `kind`, `namespace`, `name` and `transitional` (true when
    /// the step applies the change's transitional form, false for its desired form or delete).
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = self.plan.to_json();
        convert::ser_to_py(py, &json["steps"])
    }

    /// Objects CURRENT has and DESIRED has not that the plan does not delete (not this tool's,
    /// controller-owned, or in another namespace), as dicts: `group`, `kind`, `namespace`,
    /// `name`, `apiVersion`, `reason` (a code) and `message`.
    #[getter]
    fn left_alone<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = self.plan.to_json();
        convert::ser_to_py(py, &json["leftAlone"])
    }

    /// The live objects compared without `metadata.managedFields` (ownership could not be read;
    /// see the text rendering's note), as dicts: `group`, `kind`, `namespace`, `name`.
    #[getter]
    fn ownership_unknown<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = self.plan.to_json();
        convert::ser_to_py(py, &json["ownershipUnknown"])
    }

    /// Counts of changes by action: `{"create": n, "update": n, "delete": n}`.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.plan.summary())
    }

    /// The text rendering: a `+`/`~`/`-` line per change with its details, and a summary line
    /// (`No changes.` when empty). ANSI colours only when `color` is true.
    #[pyo3(signature = (color = false))]
    fn to_text(&self, color: bool) -> String {
        self.plan.to_text(color)
    }

    /// The JSON rendering (`{"changes": [...], "steps": [...], "summary": {...}, ...}`, as
    /// `plan --output json`) as text.
    #[pyo3(signature = (indent = 2))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let v = self.plan.to_json();
        let text = match indent {
            None => serde_json::to_string(&v),
            Some(n) => {
                let pad = b" ".repeat(n);
                let mut out = Vec::new();
                let fmt = serde_json::ser::PrettyFormatter::with_indent(&pad);
                let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
                serde::Serialize::serialize(&v, &mut ser)
                    .map(|()| String::from_utf8_lossy(&out).into_owned())
            }
        };
        text.map_err(|e| errors::bad_value(e.to_string()))
    }

    /// The JSON rendering as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.plan.to_json())
    }

    /// A bash script applying the plan step by step, phase by phase (`kubectl apply
    /// --server-side`, `kubectl delete`), names shell-quoted.
    fn to_kubectl(&self) -> String {
        self.plan.to_kubectl()
    }

    /// Markdown for a merge-request comment (as `plan --output markdown`): a summary table,
    /// then each change's details, with what a create creates.
    fn to_markdown(&self) -> String {
        self.plan.to_markdown()
    }

    /// An HTML table of the changes, coloured by action, names HTML-escaped (used by Jupyter).
    fn _repr_html_(&self) -> String {
        self.plan.to_html()
    }

    fn __str__(&self) -> String {
        self.plan.to_text(false)
    }

    fn __repr__(&self) -> String {
        let s = self.plan.summary();
        format!(
            "<Plan: {} to create, {} to update, {} to delete>",
            s.create, s.update, s.delete
        )
    }

    fn __len__(&self) -> usize {
        self.plan.changes.len()
    }

    fn __bool__(&self) -> bool {
        !self.plan.is_empty()
    }
}

#[pymethods]
impl PyChange {
    /// `create`, `update` or `delete`.
    #[getter]
    fn action(&self) -> &'static str {
        self.change.action.as_str()
    }

    /// API group of the object.
    #[getter]
    fn group(&self) -> &str {
        &self.change.object.group
    }

    /// Kind of the object.
    #[getter]
    fn kind(&self) -> &str {
        &self.change.object.kind
    }

    /// Namespace of the object (None for cluster-scoped objects).
    #[getter]
    fn namespace(&self) -> Option<&str> {
        self.change.object.namespace.as_deref()
    }

    /// Name of the object.
    #[getter]
    fn name(&self) -> &str {
        &self.change.object.name
    }

    /// apiVersion of the desired object (of the current one for deletes).
    #[getter]
    fn api_version(&self) -> &str {
        &self.change.api_version
    }

    /// What changes, as dicts with `kind` (`model_added`, `field_changed`, ...), `message`, and
    /// where relevant `model`, `path`, `old`, `new`.
    #[getter]
    fn details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .change
            .details
            .iter()
            .map(|d| convert::ser_to_py(py, d))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The object to apply (server fields dropped), for creates and updates; None for deletes.
    #[getter]
    fn desired<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.change.desired.as_ref().unwrap_or(&Value::Null))
    }

    /// The phase in which the object reaches its desired form or is deleted: `prepare`,
    /// `switch`, `finish` or `delete`.
    #[getter]
    fn phase(&self) -> &'static str {
        self.change.phase.as_str()
    }

    /// The form applied in an earlier phase so that no model breaks in between (a policy with
    /// its old and new targets, a route still serving a model another route takes over); None
    /// for most changes. `steps` says when.
    #[getter]
    fn transitional<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = self.change.transitional.as_ref().map(|t| &t.object);
        convert::to_py(py, t.unwrap_or(&Value::Null))
    }

    /// Why the change is applied where it is, when that is not the plain order (a transitional
    /// form, a later apply, a model briefly unserved), for people.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.change.notes.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let q = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let ns = match &self.change.object.namespace {
            Some(n) => q(n)?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "Change(action={}, kind={}, namespace={ns}, name={})",
            q(self.action())?,
            q(self.kind())?,
            q(self.name())?
        ))
    }
}
