//! The modelled kinds as Python classes: `Resource` and one subclass per kind.
//!
//! An instance holds one Kubernetes object as JSON, checked against the core's typed model when it
//! is made (wrong types raise `ValidationError` with the field path) and kept in the core's
//! canonical form (`nrp_llm_config::resources::canonical`): upstream field order, unknown fields
//! kept, so `to_dict(from_dict(d)) == d`.

use crate::{convert, errors};
use nrp_llm_config::document::{self, Limits};
use nrp_llm_config::object_ref::group_of;
use nrp_llm_config::resources::{self, KindInfo, Resource, backend, v1alpha1};
use nrp_llm_config::{Code, Diagnostic};
use pyo3::PyClassInitializer;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyType};
use serde_json::{Map, Value};

/// Any Kubernetes object. The modelled kinds are subclasses; objects of other kinds are plain
/// `Resource` instances. Instances are immutable: change a copy with `to_dict()` / `from_dict()`.
///
/// >>> import nrp_llm_config as nlc
/// >>> r = nlc.Resource.from_dict({"apiVersion": "v1", "kind": "ConfigMap",
/// ...                             "metadata": {"name": "a", "namespace": "nrp-llm"}})
/// >>> type(r).__name__, r.kind, r.name
/// ('Resource', 'ConfigMap', 'a')
#[pyclass(
    subclass,
    frozen,
    module = "nrp_llm_config._nrp_llm_config",
    name = "Resource"
)]
pub struct PyResource {
    value: Value,
}

impl PyResource {
    /// The object as JSON.
    pub fn value(&self) -> &Value {
        &self.value
    }
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

/// Checks `value` against the typed model of its kind and returns its canonical form.
fn checked(py: Python<'_>, value: Value) -> PyResult<Value> {
    if !value.is_object()
        || str_at(&value, "/apiVersion").is_none()
        || str_at(&value, "/kind").is_none()
    {
        return Err(errors::bad_value(
            "a Kubernetes object is a dict with string `apiVersion` and `kind`",
        ));
    }
    match Resource::from_value(&value) {
        Ok(_) => Ok(resources::canonical(&value)),
        Err(e) => {
            let mut d =
                Diagnostic::error(Code::INVALID_TYPE, e.to_string()).with_path(e.path.clone());
            if let Some(r) = nrp_llm_config::ObjectRef::from_value(&value) {
                d = d.with_object(r);
            }
            Err(errors::validation_error(
                py,
                &format!("invalid {}", e.kind),
                &[d],
            ))
        }
    }
}

/// Builds the object a keyword constructor describes.
#[allow(clippy::too_many_arguments)]
fn build(
    py: Python<'_>,
    kind: &str,
    group: &str,
    api_version: &str,
    name: &str,
    namespace: Option<&str>,
    spec: Option<&Bound<'_, PyAny>>,
    labels: Option<&Bound<'_, PyAny>>,
    annotations: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    if group_of(api_version) != group {
        return Err(errors::bad_value(format!(
            "{kind} belongs to the API group {group}, not to apiVersion {api_version}"
        )));
    }
    let mut meta = Map::new();
    meta.insert("name".into(), Value::from(name));
    if let Some(ns) = namespace {
        meta.insert("namespace".into(), Value::from(ns));
    }
    if let Some(l) = labels {
        meta.insert("labels".into(), convert::from_py(l)?);
    }
    if let Some(a) = annotations {
        meta.insert("annotations".into(), convert::from_py(a)?);
    }
    let mut obj = Map::new();
    obj.insert("apiVersion".into(), Value::from(api_version));
    obj.insert("kind".into(), Value::from(kind));
    obj.insert("metadata".into(), Value::Object(meta));
    if let Some(s) = spec {
        obj.insert("spec".into(), convert::from_py(s)?);
    }
    checked(py, Value::Object(obj))
}

/// An object (checked against its typed model first) as an instance of the class of its kind.
pub fn wrap_checked(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
    let value = checked(py, value)?;
    wrap_kind(py, value)
}

/// Turns `value` into an instance of `cls` (or, for `Resource` itself, of the class of its kind).
fn from_value_for<'py>(cls: &Bound<'py, PyType>, value: Value) -> PyResult<Bound<'py, PyAny>> {
    let py = cls.py();
    if !cls.is(py.get_type::<PyResource>()) {
        let want_kind: String = cls.getattr("KIND")?.extract()?;
        let want_group: String = cls.getattr("GROUP")?.extract()?;
        let kind = str_at(&value, "/kind").unwrap_or("");
        let api = str_at(&value, "/apiVersion").unwrap_or("");
        if kind != want_kind || group_of(api) != want_group {
            return Err(errors::bad_value(format!(
                "expected a {want_kind} of the API group {want_group}, got kind {kind:?} with apiVersion {api:?}"
            )));
        }
    }
    wrap_checked(py, value)
}

#[pymethods]
impl PyResource {
    /// Makes an object from a dict shaped like the YAML (`apiVersion`, `kind`, `metadata`,
    /// `spec`). Called on a kind class, the dict must be of that kind; called on `Resource`, the
    /// result is an instance of the class of its kind. Raises `ValidationError` when a field
    /// has the wrong type.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> d = {"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
    /// ...      "metadata": {"name": "b", "namespace": "nrp-llm"},
    /// ...      "spec": {"endpoints": [{"ip": {"address": "10.0.0.7", "port": 8000}}]}}
    /// >>> b = nlc.Resource.from_dict(d)
    /// >>> type(b).__name__, b.to_dict() == d
    /// ('Backend', True)
    #[classmethod]
    fn from_dict<'py>(
        cls: &Bound<'py, PyType>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        from_value_for(cls, convert::from_py(data)?)
    }

    /// Makes an object from one YAML document (see `from_dict`). Raises `ValidationError` for
    /// invalid YAML (with line and column) and `ValueError` when the text holds no object or
    /// several (use `ConfigSet.from_yaml` for those).
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> b = nlc.Backend.from_yaml('''
    /// ... apiVersion: gateway.envoyproxy.io/v1alpha1
    /// ... kind: Backend
    /// ... metadata: {name: b, namespace: nrp-llm}
    /// ... spec:
    /// ...   endpoints: [{fqdn: {hostname: b.nrp-llm.svc.cluster.local, port: 5000}}]
    /// ... ''')
    /// >>> b.spec["endpoints"][0]["fqdn"]["port"]
    /// 5000
    #[classmethod]
    #[pyo3(signature = (text, file = "<string>"))]
    fn from_yaml<'py>(
        cls: &Bound<'py, PyType>,
        text: &str,
        file: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = cls.py();
        let mut objects = document::parse_str(text, file, &Limits::default()).map_err(|e| {
            errors::validation_error(py, "invalid YAML", std::slice::from_ref(e.diagnostic()))
        })?;
        if objects.len() != 1 {
            return Err(errors::bad_value(format!(
                "expected one object, found {}; use ConfigSet.from_yaml for several",
                objects.len()
            )));
        }
        let object = objects.remove(0);
        from_value_for(cls, object.into_value())
    }

    /// The object as a dict, in upstream field order (a fresh copy).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.value)
    }

    /// The object as one YAML document.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> print(nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000).to_yaml(), end="")
    /// apiVersion: gateway.envoyproxy.io/v1alpha1
    /// kind: Backend
    /// metadata:
    ///   name: b
    ///   namespace: nrp-llm
    /// spec:
    ///   endpoints:
    ///   - ip:
    ///       address: "10.0.0.7"
    ///       port: 8000
    fn to_yaml(&self) -> String {
        document::to_yaml_one(&self.value)
    }

    /// Checks this one object against the upstream CRD schema and CEL rules of `release`, as
    /// the API server would (references to other objects are not checked; use
    /// `ConfigSet.validate` for that). Returns the problems as `ErrorDetails` dicts; empty when
    /// valid. `release` defaults to the newest supported one (`DEFAULT_RELEASE`).
    #[pyo3(signature = (release = None))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        release: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let release = convert::release(release)?;
        let found = nrp_llm_config::oracle::oracle(release).validate(&self.value);
        errors::error_details(py, &found)
    }

    /// `apiVersion`, e.g. `aigateway.envoyproxy.io/v1alpha1`.
    #[getter]
    fn api_version(&self) -> &str {
        str_at(&self.value, "/apiVersion").unwrap_or("")
    }

    /// `kind`, e.g. `AIServiceBackend`.
    #[getter]
    fn kind(&self) -> &str {
        str_at(&self.value, "/kind").unwrap_or("")
    }

    /// `metadata.name` (None when missing).
    #[getter]
    fn name(&self) -> Option<&str> {
        str_at(&self.value, "/metadata/name")
    }

    /// `metadata.namespace` (None when not set).
    #[getter]
    fn namespace(&self) -> Option<&str> {
        str_at(&self.value, "/metadata/namespace")
    }

    /// `metadata` as a dict (a fresh copy).
    #[getter]
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.value.get("metadata").unwrap_or(&Value::Null))
    }

    /// `spec` as a dict (a fresh copy), or None.
    #[getter]
    fn spec<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.value.get("spec").unwrap_or(&Value::Null))
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> Py<PyAny> {
        match other.cast::<PyResource>() {
            Ok(o) => (o.get().value == self.value)
                .into_pyobject(py)
                .map(|b| b.to_owned().into_any().unbind())
                .unwrap_or_else(|_| py.NotImplemented()),
            Err(_) => py.NotImplemented(),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let q = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let name = q(self.name().unwrap_or(""))?;
        Ok(match self.namespace() {
            Some(ns) => format!("{}(name={name}, namespace={})", self.kind(), q(ns)?),
            None => format!("{}(name={name})", self.kind()),
        })
    }
}

macro_rules! kinds {
    ($(
        $(#[$doc:meta])*
        $rust:ident => $py_name:tt, $info:path;
        { $($extra:tt)* }
    )+) => {
        // Each class is named after the `kind` of its table entry, and every kind has a class.
        $( const _: () = assert!(same_str($py_name, $info.kind), "class name is not the kind"); )+
        const _: () = assert!([$($py_name),+].len() == resources::KINDS.len(), "a kind has no class");
        $(
            $(#[$doc])*
            #[pyclass(extends = PyResource, frozen, module = "nrp_llm_config._nrp_llm_config", name = $py_name)]
            pub struct $rust;

            impl $rust {
                #[allow(dead_code)]
                fn make(py: Python<'_>, value: Value) -> PyResult<Bound<'_, $rust>> {
                    let value = checked(py, value)?;
                    Bound::new(py, PyClassInitializer::from(PyResource { value }).add_subclass($rust))
                }
            }

            #[pymethods]
            impl $rust {
                /// The `kind` of the objects of this class.
                #[classattr]
                const KIND: &'static str = $info.kind;
                /// The API group of the objects of this class.
                #[classattr]
                const GROUP: &'static str = $info.group;
                /// The `apiVersion` the keyword constructor writes unless told otherwise.
                #[classattr]
                const DEFAULT_API_VERSION: &'static str = $info.api_versions[0];

                #[new]
                #[pyo3(signature = (name, namespace = None, spec = None, *, api_version = None, labels = None, annotations = None))]
                #[allow(clippy::too_many_arguments)]
                fn new(
                    py: Python<'_>,
                    name: &str,
                    namespace: Option<&str>,
                    spec: Option<&Bound<'_, PyAny>>,
                    api_version: Option<&str>,
                    labels: Option<&Bound<'_, PyAny>>,
                    annotations: Option<&Bound<'_, PyAny>>,
                ) -> PyResult<PyClassInitializer<Self>> {
                    let value = build(
                        py, $info.kind, $info.group, api_version.unwrap_or($info.api_versions[0]), name, namespace,
                        spec, labels, annotations,
                    )?;
                    Ok(PyClassInitializer::from(PyResource { value }).add_subclass($rust))
                }

                $($extra)*
            }
        )+

        fn wrap_kind(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
            let kind = str_at(&value, "/kind").unwrap_or("").to_owned();
            let group = group_of(str_at(&value, "/apiVersion").unwrap_or("")).to_owned();
            $(
                if kind == $info.kind && group == $info.group {
                    let init = PyClassInitializer::from(PyResource { value }).add_subclass($rust);
                    return Ok(Bound::new(py, init)?.into_any());
                }
            )+
            Ok(Bound::new(py, PyResource { value })?.into_any())
        }

        /// Adds `Resource` and the kind classes to the module.
        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add_class::<PyResource>()?;
            $( m.add_class::<$rust>()?; )+
            Ok(())
        }
    };
}

/// `a == b`, usable in constants (the class names are checked against the kind table).
const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Converts a typed core object into the Python class of its kind.
fn typed<T>(
    py: Python<'_>,
    r: Resource,
    make: fn(Python<'_>, Value) -> PyResult<Bound<'_, T>>,
) -> PyResult<Bound<'_, T>> {
    make(py, r.to_value())
}

kinds! {
    /// An AIGatewayRoute (`aigateway.envoyproxy.io`): routes model names to AIServiceBackends.
    ///
    /// Keyword constructor: `AIGatewayRoute(name, namespace=None, spec=None, *,
    /// api_version="aigateway.envoyproxy.io/v1alpha1", labels=None, annotations=None)`;
    /// `spec` is a dict shaped like the YAML.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> r = nlc.AIGatewayRoute("r", "nrp-llm", {
    /// ...     "parentRefs": [{"name": "envoy-ai-gateway-nrp", "kind": "Gateway",
    /// ...                     "group": "gateway.networking.k8s.io"}],
    /// ...     "rules": [{"matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model",
    /// ...                                          "value": "qwen3"}]}],
    /// ...                "backendRefs": [{"name": "qwen"}]}]})
    /// >>> r.validate()
    /// []
    PyAiGatewayRoute => "AIGatewayRoute", KindInfo::AI_GATEWAY_ROUTE;
    {
        /// A rule for one model name (the core's `AiGatewayRouteRule::for_model`): requests
        /// whose `x-ai-eg-model` header is `model` go to `backends`, AIServiceBackend names or
        /// `backend_ref(...)` dicts. `override` becomes the `modelNameOverride` of every
        /// backend that sets none; `timeout` the request timeout, `owner` `modelsOwnedBy`,
        /// `name` the rule name (AI Gateway 1.1+). Returns an `AIGatewayRouteRule` dict.
        /// Raises `ValidationError` when a backend dict has a field of the wrong type.
        ///
        /// >>> import nrp_llm_config as nlc
        /// >>> nlc.AIGatewayRoute.rule("qwen3", ["qwen", nlc.AIGatewayRoute.backend_ref(
        /// ...     "qwen-sdsc", priority=1)], override="Qwen/Qwen3", timeout="1200s", owner="NRP")
        /// ... # doctest: +NORMALIZE_WHITESPACE
        /// {'matches': [{'headers': [{'type': 'Exact', 'name': 'x-ai-eg-model', 'value': 'qwen3'}]}],
        ///  'backendRefs': [{'name': 'qwen', 'modelNameOverride': 'Qwen/Qwen3'},
        ///                  {'name': 'qwen-sdsc', 'modelNameOverride': 'Qwen/Qwen3', 'priority': 1}],
        ///  'timeouts': {'request': '1200s'}, 'modelsOwnedBy': 'NRP'}
        #[staticmethod]
        #[pyo3(signature = (model, backends, *, r#override = None, timeout = None, owner = None, name = None))]
        fn rule<'py>(
            py: Python<'py>,
            model: &str,
            backends: &Bound<'py, PyAny>,
            r#override: Option<&str>,
            timeout: Option<&str>,
            owner: Option<&str>,
            name: Option<&str>,
        ) -> PyResult<Bound<'py, PyAny>> {
            if backends.is_instance_of::<PyString>() {
                return Err(errors::wrong_type("backends is a list of names or backend_ref() dicts, not one string"));
            }
            let mut items = Vec::new();
            for item in backends.try_iter()? {
                let item = item?;
                items.push(if item.is_instance_of::<PyString>() {
                    serde_json::json!({"name": item.extract::<String>()?})
                } else {
                    convert::from_py(&item)?
                });
            }
            /// The argument, so that a wrong field is reported as `backends[i].field`.
            #[derive(serde::Deserialize)]
            struct Backends {
                backends: Vec<v1alpha1::AiGatewayRouteRuleBackendRef>,
            }
            let Backends { backends: mut refs } =
                convert::typed(py, "backends", serde_json::json!({"backends": items}))?;
            for r in &mut refs {
                if r.model_name_override.is_none() {
                    r.model_name_override = r#override.map(str::to_owned);
                }
            }
            let mut rule = v1alpha1::AiGatewayRouteRule::for_model(model, &[]);
            rule.backend_refs = Some(refs);
            if let Some(t) = timeout {
                rule = rule.with_request_timeout(t);
            }
            if let Some(o) = owner {
                rule = rule.with_models_owned_by(o);
            }
            if let Some(n) = name {
                rule = rule.with_name(n);
            }
            convert::ser_to_py(py, &rule)
        }

        /// A backend of a rule, for round robin (`weight`, default 1) and fallback
        /// (`priority`, 0 first): an `AIGatewayRouteRuleBackendRef` dict naming the
        /// AIServiceBackend `name` (in `namespace`, default the route's), with
        /// `modelNameOverride` `override`.
        ///
        /// >>> import nrp_llm_config as nlc
        /// >>> nlc.AIGatewayRoute.backend_ref("qwen", weight=3, priority=0)
        /// {'name': 'qwen', 'weight': 3, 'priority': 0}
        #[staticmethod]
        #[pyo3(signature = (name, *, weight = None, priority = None, r#override = None, namespace = None))]
        fn backend_ref<'py>(
            py: Python<'py>,
            name: &str,
            weight: Option<i32>,
            priority: Option<i32>,
            r#override: Option<&str>,
            namespace: Option<&str>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let r = v1alpha1::AiGatewayRouteRuleBackendRef {
                namespace: namespace.map(str::to_owned),
                model_name_override: r#override.map(str::to_owned),
                weight,
                priority,
                ..v1alpha1::AiGatewayRouteRuleBackendRef::builder().name(name).build()
            };
            convert::ser_to_py(py, &r)
        }
    }

    /// An AIServiceBackend (`aigateway.envoyproxy.io`): the API schema of an inference service and
    /// the Backend it runs on.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> b = nlc.AIServiceBackend("qwen", "nrp-llm", {"schema": {"name": "OpenAI"},
    /// ...     "backendRef": {"name": "qwen", "kind": "Backend", "group": "gateway.envoyproxy.io"}})
    /// >>> b == nlc.AIServiceBackend.openai("qwen", "nrp-llm", "qwen")
    /// True
    PyAiServiceBackend => "AIServiceBackend", KindInfo::AI_SERVICE_BACKEND;
    {
        /// An AIServiceBackend speaking the OpenAI schema, pointing at the Backend `backend`.
        #[staticmethod]
        fn openai<'py>(py: Python<'py>, name: &str, namespace: &str, backend: &str) -> PyResult<Bound<'py, Self>> {
            let b = v1alpha1::AiServiceBackend::openai(name, namespace, backend);
            typed(py, Resource::AiServiceBackendV1alpha1(b), Self::make)
        }
    }

    /// A BackendSecurityPolicy (`aigateway.envoyproxy.io`): how the gateway authenticates to
    /// AIServiceBackends (API keys and cloud credentials).
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> p = nlc.BackendSecurityPolicy.api_key("key", "nrp-llm", "openai-apikey", ["qwen"])
    /// >>> p.spec["type"], p.spec["targetRefs"][0]["name"]
    /// ('APIKey', 'qwen')
    PyBackendSecurityPolicy => "BackendSecurityPolicy", KindInfo::BACKEND_SECURITY_POLICY;
    {
        /// An API-key policy reading the key from the Secret `secret` (in `secret_namespace`,
        /// default the policy's namespace) for the AIServiceBackends named in `targets`.
        #[staticmethod]
        #[pyo3(signature = (name, namespace, secret, targets, secret_namespace = None))]
        fn api_key<'py>(
            py: Python<'py>,
            name: &str,
            namespace: &str,
            secret: &str,
            targets: Vec<String>,
            secret_namespace: Option<&str>,
        ) -> PyResult<Bound<'py, Self>> {
            let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
            let p = v1alpha1::BackendSecurityPolicy::api_key(name, namespace, secret, secret_namespace, &targets);
            typed(py, Resource::BackendSecurityPolicyV1alpha1(p), Self::make)
        }
    }

    /// An MCPRoute (`aigateway.envoyproxy.io`, AI Gateway 0.4+): Model Context Protocol servers
    /// behind one path of a Gateway.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> m = nlc.MCPRoute("mcp-tools", "nrp-llm", {
    /// ...     "parentRefs": [{"name": "envoy-ai-gateway-nrp"}],
    /// ...     "backendRefs": [{"name": "github", "kind": "Backend",
    /// ...                      "group": "gateway.envoyproxy.io", "path": "/mcp"}]},
    /// ...     api_version="aigateway.envoyproxy.io/v1beta1")
    /// >>> m.spec["backendRefs"][0]
    /// {'group': 'gateway.envoyproxy.io', 'kind': 'Backend', 'name': 'github', 'path': '/mcp'}
    PyMcpRoute => "MCPRoute", KindInfo::MCP_ROUTE;
    {}

    /// A GatewayConfig (`aigateway.envoyproxy.io`, AI Gateway 0.5+): settings of the AI Gateway
    /// processes beside a Gateway's Envoy; every field is optional.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> g = nlc.GatewayConfig("envoy-ai-gateway-nrp", "nrp-llm", {})
    /// >>> g.to_dict()["spec"], g.GROUP
    /// ({}, 'aigateway.envoyproxy.io')
    PyGatewayConfig => "GatewayConfig", KindInfo::GATEWAY_CONFIG;
    {}

    /// A QuotaPolicy (`aigateway.envoyproxy.io`, AI Gateway 0.6+, `v1alpha1` only): token quotas
    /// for AIServiceBackends, per service and per model.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> q = nlc.QuotaPolicy.per_model("qwen-quota", "nrp-llm", "qwen", "qwen3", 100000, "1h")
    /// >>> q.spec["perModelQuotas"][0]
    /// {'modelName': 'qwen3', 'quota': {'defaultBucket': {'limit': 100000, 'duration': '1h'}}}
    PyQuotaPolicy => "QuotaPolicy", KindInfo::QUOTA_POLICY;
    {
        /// A QuotaPolicy on the AIServiceBackend `backend` with one quota: `limit` tokens per
        /// `duration` (`1s`, `1m`, `1h` or `1d`) for the model `model`, the name the backend sees.
        #[staticmethod]
        fn per_model<'py>(
            py: Python<'py>,
            name: &str,
            namespace: &str,
            backend: &str,
            model: &str,
            limit: i64,
            duration: &str,
        ) -> PyResult<Bound<'py, Self>> {
            let q = v1alpha1::QuotaPolicy::per_model(name, namespace, backend, model, limit, duration);
            typed(py, Resource::QuotaPolicy(q), Self::make)
        }

        /// One `perModelQuotas` entry, as the catalog's model quota writes it: `limit` per
        /// `duration` (`1s`, `1m`, `1h`, `1d`) for `model` (the name the backend sees); `cost`
        /// is `input`, `output`, `total` or a CEL expression; with `per_client` (a header such
        /// as `x-user-id`) each client gets its own budget. Returns the typed dict.
        ///
        /// >>> import nrp_llm_config as nlc
        /// >>> nlc.QuotaPolicy.quota("qwen3", 1000, "1h", cost="output")
        /// {'modelName': 'qwen3', 'quota': {'costExpression': 'output_tokens', 'mode': 'Shared', 'defaultBucket': {'limit': 1000, 'duration': '1h'}}}
        #[staticmethod]
        #[pyo3(signature = (model, limit, duration, *, cost=None, per_client=None))]
        fn quota<'py>(
            py: Python<'py>,
            model: &str,
            limit: u64,
            duration: &str,
            cost: Option<&str>,
            per_client: Option<&str>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let q = nrp_llm_config::catalog::Quota {
                limit,
                duration: duration.to_owned(),
                cost: cost.map(str::to_owned),
                per_client: per_client.map(str::to_owned),
            };
            convert::ser_to_py(py, &serde_json::json!({
                "modelName": model,
                "quota": nrp_llm_config::catalog::per_model_quota_value(&q),
            }))
        }
    }

    /// A Backend (`gateway.envoyproxy.io`): where an inference service listens.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> nlc.Backend.fqdn("qwen", "nrp-llm", "qwen.nrp-llm.svc.cluster.local", 5000).spec
    /// {'endpoints': [{'fqdn': {'hostname': 'qwen.nrp-llm.svc.cluster.local', 'port': 5000}}]}
    PyBackend => "Backend", KindInfo::BACKEND;
    {
        /// A Backend with one endpoint reached by DNS name.
        #[staticmethod]
        fn fqdn<'py>(py: Python<'py>, name: &str, namespace: &str, hostname: &str, port: i32) -> PyResult<Bound<'py, Self>> {
            typed(py, Resource::Backend(backend::Backend::fqdn(name, namespace, hostname, port)), Self::make)
        }

        /// A Backend with one endpoint reached by IP address.
        #[staticmethod]
        fn ip<'py>(py: Python<'py>, name: &str, namespace: &str, address: &str, port: i32) -> PyResult<Bound<'py, Self>> {
            typed(py, Resource::Backend(backend::Backend::ip(name, namespace, address, port)), Self::make)
        }
    }

    /// A SecurityPolicy (`gateway.envoyproxy.io`): authentication and authorisation of clients.
    PySecurityPolicy => "SecurityPolicy", KindInfo::SECURITY_POLICY;
    {}

    /// A ClientTrafficPolicy (`gateway.envoyproxy.io`): connection settings between clients and
    /// the gateway.
    PyClientTrafficPolicy => "ClientTrafficPolicy", KindInfo::CLIENT_TRAFFIC_POLICY;
    {}

    /// A BackendTrafficPolicy (`gateway.envoyproxy.io`): rate limits, retries, timeouts and load
    /// balancing towards the backends of a Gateway or route.
    PyBackendTrafficPolicy => "BackendTrafficPolicy", KindInfo::BACKEND_TRAFFIC_POLICY;
    {}

    /// An EnvoyProxy (`gateway.envoyproxy.io`): how the Envoy fleet of a Gateway is deployed.
    PyEnvoyProxy => "EnvoyProxy", KindInfo::ENVOY_PROXY;
    {}

    /// A Gateway (`gateway.networking.k8s.io`): listeners that routes attach to.
    ///
    /// >>> import nrp_llm_config as nlc
    /// >>> g = nlc.Gateway("envoy-ai-gateway-nrp", "nrp-llm", {"gatewayClassName": "envoy",
    /// ...     "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}]})
    /// >>> g.api_version
    /// 'gateway.networking.k8s.io/v1'
    PyGateway => "Gateway", KindInfo::GATEWAY;
    {}

    /// A GatewayClass (`gateway.networking.k8s.io`, cluster-scoped): which controller runs
    /// Gateways of this class.
    PyGatewayClass => "GatewayClass", KindInfo::GATEWAY_CLASS;
    {}

    /// An HTTPRoute (`gateway.networking.k8s.io`): plain HTTP routing rules.
    PyHttpRoute => "HTTPRoute", KindInfo::HTTP_ROUTE;
    {}
}
