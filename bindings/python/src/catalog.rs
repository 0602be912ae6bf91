//! `Catalog`: the model catalog (models, backends, gateway defaults), compiled into objects.

use crate::config_set::PyConfigSet;
use crate::{convert, errors};
use nrp_llm_config::catalog::{BackendSpec, Catalog, Model, ModelBackend};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// A model catalog: the models an NRP admin serves, the backends behind them, and the gateway
/// defaults. `compile()` turns it into AIGatewayRoute, AIServiceBackend, Backend and
/// BackendSecurityPolicy objects; `Catalog.from_config()` reads such objects back.
///
/// The keyword constructor takes the parts of the catalog file, with the file's (camelCase)
/// keys inside: `Catalog(gateway={...}, backends=[...], models=[...], extra_objects=[...])`.
///
/// >>> import nrp_llm_config as nlc
/// >>> c = nlc.Catalog(
/// ...     gateway={"namespace": "nrp-llm", "parentRef": {"name": "envoy-ai-gateway-nrp"},
/// ...              "defaultTimeout": "1200s"},
/// ...     backends=[{"name": "qwen", "endpoint": {"fqdn": "qwen.nrp-llm.svc.cluster.local",
/// ...                                             "port": 5000}}],
/// ...     models=[{"name": "qwen3", "backends": ["qwen"]}])
/// >>> sorted(o["kind"] for o in c.compile())
/// ['AIGatewayRoute', 'AIServiceBackend', 'Backend']
#[pyclass(module = "nrp_llm_config._nrp_llm_config", name = "Catalog")]
pub struct PyCatalog {
    catalog: Catalog,
}

impl PyCatalog {
    /// The core catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}

fn catalog_error(py: Python<'_>, d: &nrp_llm_config::Diagnostics) -> PyErr {
    errors::validation_error(py, "invalid catalog", d)
}

fn opt(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), Value::from(v));
    }
}

#[pymethods]
impl PyCatalog {
    #[new]
    #[pyo3(signature = (*, gateway, backends = None, models = None, extra_objects = None))]
    fn py_new(
        py: Python<'_>,
        gateway: &Bound<'_, PyAny>,
        backends: Option<&Bound<'_, PyAny>>,
        models: Option<&Bound<'_, PyAny>>,
        extra_objects: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // The catalog file's shape, holding the arguments themselves (not copies).
        let m = PyDict::new(py);
        m.set_item("apiVersion", nrp_llm_config::catalog::CATALOG_API_VERSION)?;
        m.set_item("kind", nrp_llm_config::catalog::CATALOG_KIND)?;
        m.set_item("gateway", gateway)?;
        for (key, v) in [
            ("backends", backends),
            ("models", models),
            ("extraObjects", extra_objects),
        ] {
            if let Some(v) = v {
                m.set_item(key, v)?;
            }
        }
        Ok(Self {
            catalog: convert::typed_py(py, "catalog", m.as_any())?,
        })
    }

    /// Reads and checks a catalog file. Raises `ValidationError` listing every problem with
    /// its line and column.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let catalog = Catalog::from_path(&path).map_err(|d| catalog_error(py, &d))?;
        Ok(Self { catalog })
    }

    /// Parses and checks a catalog from YAML text (see `load`).
    #[staticmethod]
    #[pyo3(signature = (text, file = "<string>"))]
    fn from_yaml(py: Python<'_>, text: &str, file: &str) -> PyResult<Self> {
        let catalog = Catalog::from_yaml_str(text, file).map_err(|d| catalog_error(py, &d))?;
        Ok(Self { catalog })
    }

    /// A catalog from a dict shaped like the catalog file. Raises `ValidationError` (with the
    /// field path) when a field is unknown or has the wrong type.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self {
            catalog: convert::typed_py(py, "catalog", data)?,
        })
    }

    /// Reads existing objects back into a catalog (the CLI's `import`): models are pinned to
    /// their route objects, so compiling the result against `config` reproduces it. Objects the
    /// catalog cannot describe are kept in `extra_objects`.
    #[staticmethod]
    fn from_config(config: PyRef<'_, PyConfigSet>) -> Self {
        let (catalog, _notes) = Catalog::import(config.set());
        Self { catalog }
    }

    /// Like `from_config`, also returning the notes (`kept_verbatim` warnings) as dicts.
    #[staticmethod]
    fn import_config<'py>(
        py: Python<'py>,
        config: PyRef<'_, PyConfigSet>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let (catalog, notes) = Catalog::import(config.set());
        let notes = errors::error_details(py, &notes)?;
        PyTuple::new(
            py,
            [
                Bound::new(py, Self { catalog })?.into_any(),
                notes.into_any(),
            ],
        )
    }

    /// The catalog as a dict shaped like the catalog file (a fresh copy).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.catalog)
    }

    /// The catalog as YAML (defaults left out).
    fn to_yaml(&self) -> String {
        self.catalog.to_yaml()
    }

    /// `gateway` settings as a dict (a fresh copy).
    #[getter]
    fn gateway<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.catalog.gateway)
    }

    /// The backends as dicts (fresh copies; change them with `add_backend`).
    #[getter]
    fn backends<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.catalog.backends)
    }

    /// The models as dicts (fresh copies; change them with `add_model`).
    #[getter]
    fn models<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.catalog.models)
    }

    /// Objects the catalog cannot describe, emitted unchanged by `compile`.
    #[getter]
    fn extra_objects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.catalog.extra_objects)
    }

    /// The model with this name as a dict, or None.
    fn model<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.catalog
            .model(name)
            .map(|m| convert::ser_to_py(py, m))
            .transpose()
    }

    /// Adds a model, or replaces the model of the same name in place (returning the old one as
    /// a dict). `backends` lists backend names, or dicts `{name, weight, priority, upstream}`
    /// for round robin and fallback. Raises `ValidationError` for values of the wrong type;
    /// names are checked by `compile`.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> c = nlc.Catalog(gateway={"namespace": "nrp-llm", "parentRef": {"name": "gw"}})
    /// >>> c.add_model("qwen3", ["qwen", {"name": "qwen-b", "priority": 1}], timeout="600s")
    /// >>> c.model("qwen3")["backends"]
    /// ['qwen', {'name': 'qwen-b', 'priority': 1}]
    #[pyo3(signature = (name, backends, *, upstream = None, owner = None, timeout = None, route = None))]
    #[allow(clippy::too_many_arguments)]
    fn add_model<'py>(
        &mut self,
        py: Python<'py>,
        name: &str,
        backends: &Bound<'_, PyAny>,
        upstream: Option<&str>,
        owner: Option<&str>,
        timeout: Option<&str>,
        route: Option<&str>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let mut m = Map::new();
        m.insert("name".into(), Value::from(name));
        opt(&mut m, "upstream", upstream);
        opt(&mut m, "owner", owner);
        opt(&mut m, "timeout", timeout);
        m.insert("backends".into(), convert::from_py(backends)?);
        opt(&mut m, "route", route);
        let model: Model = convert::typed(py, "model", Value::Object(m))?;
        self.catalog
            .add_model(model)
            .map(|old| convert::ser_to_py(py, &old))
            .transpose()
    }

    /// One backend of a model for `add_model` or a model dict (the core's
    /// `ModelBackend::builder()`): the backend `name` with a round-robin `weight`, a fallback
    /// `priority` (0 first) and an `upstream` model name for this backend only. Just the name
    /// when nothing else is set, as the catalog file writes it.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> nlc.Catalog.model_backend("qwen-sdsc", priority=1)
    /// {'name': 'qwen-sdsc', 'priority': 1}
    /// >>> nlc.Catalog.model_backend("qwen")
    /// 'qwen'
    #[staticmethod]
    #[pyo3(signature = (name, *, weight = None, priority = None, upstream = None))]
    fn model_backend<'py>(
        py: Python<'py>,
        name: &str,
        weight: Option<u32>,
        priority: Option<u32>,
        upstream: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let b = ModelBackend {
            weight,
            priority,
            upstream: upstream.map(str::to_owned),
            ..ModelBackend::builder().name(name).build()
        };
        convert::ser_to_py(py, &b)
    }

    /// Removes the model with this name. Returns whether it was there.
    fn remove_model(&mut self, name: &str) -> bool {
        self.catalog.remove_model(name)
    }

    /// Adds a backend, or replaces the backend of the same name in place (returning the old one
    /// as a dict). `endpoint` is `{"fqdn": host, "port": n}` or `{"ip": address, "port": n}`;
    /// `api_key_secret` names the Secret holding the API key (never the key itself).
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> c = nlc.Catalog(gateway={"namespace": "nrp-llm", "parentRef": {"name": "gw"}})
    /// >>> c.add_backend("qwen", {"ip": "10.0.0.7", "port": 8000}, api_key_secret="openai-apikey")
    /// >>> c.backends
    /// [{'name': 'qwen', 'endpoint': {'ip': '10.0.0.7', 'port': 8000}, 'apiKeySecret': 'openai-apikey'}]
    #[pyo3(signature = (name, endpoint, *, schema = None, schema_version = None, api_key_secret = None))]
    fn add_backend<'py>(
        &mut self,
        py: Python<'py>,
        name: &str,
        endpoint: &Bound<'_, PyAny>,
        schema: Option<&str>,
        schema_version: Option<&str>,
        api_key_secret: Option<&str>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let mut m = Map::new();
        m.insert("name".into(), Value::from(name));
        m.insert("endpoint".into(), convert::from_py(endpoint)?);
        opt(&mut m, "schema", schema);
        opt(&mut m, "schemaVersion", schema_version);
        opt(&mut m, "apiKeySecret", api_key_secret);
        let backend: BackendSpec = convert::typed(py, "backend", Value::Object(m))?;
        self.catalog
            .add_backend(backend)
            .map(|old| convert::ser_to_py(py, &old))
            .transpose()
    }

    /// Removes the backend with this name. Returns whether it was there.
    fn remove_backend(&mut self, name: &str) -> bool {
        self.catalog.remove_backend(name)
    }

    /// Every semantic problem of the catalog (unknown or duplicate names, invalid endpoints,
    /// durations, secret values where secret names belong) as `ErrorDetails` dicts; empty when
    /// consistent.
    fn check<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        errors::error_details(py, &self.catalog.check())
    }

    /// Compiles the catalog into objects for AI Gateway `release` (default: the newest
    /// supported one, `DEFAULT_RELEASE`). With `current` (the objects as they are now), every
    /// model keeps its route object and rule order. Raises `ValidationError` listing every
    /// problem of the catalog.
    #[pyo3(signature = (current = None, release = None))]
    fn compile(
        &self,
        py: Python<'_>,
        current: Option<PyRef<'_, PyConfigSet>>,
        release: Option<&str>,
    ) -> PyResult<PyConfigSet> {
        let release = convert::release(release)?;
        let set = self
            .catalog
            .compile(current.as_ref().map(|c| c.set()), release)
            .map_err(|d| catalog_error(py, &d))?;
        Ok(PyConfigSet::new_set(set, None))
    }

    /// JSON Schema of the catalog format, as a dict.
    #[staticmethod]
    fn json_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        convert::to_py(py, &Catalog::json_schema())
    }

    fn __len__(&self) -> usize {
        self.catalog.models.len()
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> Py<PyAny> {
        match other.cast::<PyCatalog>() {
            Ok(o) => match o.try_borrow() {
                Ok(o) => pyo3::types::PyBool::new(py, o.catalog == self.catalog)
                    .to_owned()
                    .into_any()
                    .unbind(),
                Err(_) => py.NotImplemented(),
            },
            Err(_) => py.NotImplemented(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<Catalog: {} model(s), {} backend(s), namespace {:?}>",
            self.catalog.models.len(),
            self.catalog.backends.len(),
            self.catalog.gateway.namespace
        )
    }
}
