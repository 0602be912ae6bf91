//! The model catalog: a small YAML format for what admins think in (models, backends, gateway
//! defaults), compiled into the AI Gateway objects and imported back from them.
//!
//! ```yaml
//! apiVersion: nrp-llm-config/v1
//! kind: Catalog
//! gateway:
//!   namespace: nrp-llm
//!   parentRef: {name: envoy-ai-gateway-nrp}
//!   llmRequestCosts:
//!   - {metadataKey: llm_input_token, type: InputToken}
//!   defaultTimeout: 1200s
//!   defaultOwner: NRP
//! apiKeys:
//! - {name: envoy-ai-gateway-nrp-apikey, secret: openai-apikey}
//! backends:
//! - name: envoy-ai-gateway-nrp-qwen
//!   endpoint: {fqdn: qwen-vllm-inference.nrp-llm.svc.cluster.local, port: 5000}
//!   apiKey: envoy-ai-gateway-nrp-apikey
//! models:
//! - name: qwen3
//!   upstream: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
//!   backends: [envoy-ai-gateway-nrp-qwen]
//! ```
//!
//! * [`Catalog::from_yaml_str`] parses and checks a catalog, reporting every problem with its
//!   line and column.
//! * [`Catalog::compile`] produces the AIGatewayRoute, AIServiceBackend, Backend and
//!   BackendSecurityPolicy objects, and a QuotaPolicy per backend whose models have a
//!   [`Quota`]. Sharding into route objects is stable when the current
//!   state is given (see [Sharding](#sharding)).
//! * [`Catalog::import`] reads existing objects back into a catalog.
//!
//! # Sharding
//!
//! One AIGatewayRoute holds at most [`Release::effective_rule_limit`] rules. A model pinned
//! with `route:` goes to that route object; otherwise a model keeps the route object it has in
//! the current state; new models fill free slots (in `routeNames` order, then existing route
//! objects by name) before a new route object `<namePrefix>models-<n>` is opened. Route objects
//! left empty are not emitted.
//!
//! # API keys
//!
//! A key ([`ApiKey`], under `apiKeys`) names its Secret once; backends name the key
//! (`apiKey:`), so rotating a Secret is one edit. The key's BackendSecurityPolicy is named after
//! the key; above [`POLICY_TARGET_LIMIT`] targets the next ones are `<name>-2`, `<name>-3`, ...
//! Backends pinned with `apiKeyPolicy:` go to that policy, others stay in the policy that targets
//! them in the current state, new ones fill free slots in order. The older `apiKeySecret:` on a
//! backend is a key named `gateway.policyNames[secret]` (or `<namePrefix><secret>`).
//!
//! # Files
//!
//! `backends[].file` (default `gateway.backendFile`) names the file of a backend's objects inside
//! each kind's folder (`servicebackend/<file>`, `backend/<file>`); `apiKeys[].file` the file of a
//! key's policies. [`Catalog::placement`] maps compiled objects to those files;
//! [`Catalog::import_folder`] records them. Models have no file: their rule lives in a route
//! object.
//!
//! # Fidelity
//!
//! [`Catalog::import`] records what compiling needs to give back every object: the route object
//! of each model (`route:`), the order of a key's backends (the catalog order of backends is the
//! order of the policy targets), and `apiKeyPolicy:` where a split is not the one compile would
//! make. So importing a folder and compiling the result, with or without the current state,
//! changes nothing.

mod check;
mod comments;
mod compile;
mod format;
mod import;
mod keys;
mod shard;

pub use check::{
    is_dns1123_label, is_dns1123_subdomain, is_gateway_duration, looks_like_secret_value,
};
pub use compile::per_model_quota_value;
pub use format::{
    AiGatewayVersion, ApiKey, BackendSpec, CATALOG_API_VERSION, CATALOG_KIND, Catalog,
    DEFAULT_NAME_PREFIX, DEFAULT_SCHEMA, Endpoint, GatewaySettings, LlmRequestCost, Model,
    ModelBackend, ParentRef, QUOTA_COSTS, QUOTA_DURATIONS, Quota,
};

pub use keys::POLICY_TARGET_LIMIT;
pub(crate) use keys::policy_chunk_name;

use crate::config_set::ConfigSet;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, SourceLocation};
use crate::document::{self, Limits};
use crate::path::{FieldPath, Segment};
use crate::release::Release;

fn saphyr_options(limits: &Limits) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_documents = 1;
    budget.max_aliases = limits.max_aliases;
    budget.max_nodes = limits.max_nodes;
    budget.max_depth = limits.max_depth + 2;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options
}

fn to_field_path(path: &serde_path_to_error::Path) -> FieldPath {
    let mut out = FieldPath::root();
    for seg in path.iter() {
        match seg {
            serde_path_to_error::Segment::Seq { index } => out.push(Segment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => out.push(Segment::Field(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => {
                out.push(Segment::Field(variant.clone()));
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}

/// A parse failure as a diagnostic: file, line, column, field path, and a cleaned message.
fn parse_error(file: &str, err: &serde_saphyr::Error, path: FieldPath) -> Diagnostic {
    let location = err.location();
    let mut msg = err.to_string();
    if let Some(first) = msg.lines().next() {
        msg = first.to_owned();
    }
    if let Some(rest) = msg.strip_prefix("error: ") {
        msg = rest.to_owned();
    }
    if let Some(idx) = msg.find(": ").filter(|_| msg.starts_with("line ")) {
        msg = msg[idx + 2..].to_owned();
    }
    let (code, hint) = match err.without_snippet() {
        serde_saphyr::Error::SerdeUnknownField { .. } => (
            Code::UNKNOWN_FIELD,
            Some("the catalog format has no such field; check the spelling"),
        ),
        serde_saphyr::Error::SerdeMissingField { .. } => (Code::REQUIRED, None),
        serde_saphyr::Error::DuplicateMappingKey { .. } => {
            msg = msg
                .split(", set DuplicateKeyPolicy")
                .next()
                .unwrap_or(&msg)
                .to_owned();
            (Code::DUPLICATE_KEY, Some("remove one of the two entries"))
        }
        serde_saphyr::Error::Budget { .. } => (Code::LIMIT, None),
        serde_saphyr::Error::SerdeInvalidType { .. }
        | serde_saphyr::Error::SerdeInvalidValue { .. }
        | serde_saphyr::Error::SerdeInvalidLength { .. }
        | serde_saphyr::Error::SerdeUnknownVariant { .. }
        | serde_saphyr::Error::Message { .. }
        | serde_saphyr::Error::Unexpected { .. }
        | serde_saphyr::Error::InvalidScalar { .. }
        | serde_saphyr::Error::NullIntoString { .. }
        | serde_saphyr::Error::InvalidBooleanStrict { .. } => (Code::INVALID_CATALOG, None),
        _ if msg.contains("duplicate mapping key") => {
            (Code::DUPLICATE_KEY, Some("remove one of the two entries"))
        }
        _ => (Code::YAML_SYNTAX, None),
    };
    let message = if path.is_root() {
        msg
    } else {
        format!("{path}: {msg}")
    };
    let mut d = Diagnostic::error(code, message)
        .with_path(path)
        .with_location(SourceLocation {
            file: Some(file.to_owned()),
            line: location.map(|l| u32::try_from(l.line()).unwrap_or(u32::MAX)),
            column: location.map(|l| u32::try_from(l.column()).unwrap_or(u32::MAX)),
        });
    if let Some(h) = hint {
        d = d.with_hint(h);
    }
    d
}

/// Gives each diagnostic without a location the file, line and column of its field path in the
/// catalog text, and sorts them.
fn locate(problems: Vec<Diagnostic>, text: &str, file: &str) -> Diagnostics {
    // Positions of every node, to point each problem at its field.
    let located = document::parse_str(text, file, &Limits::default())
        .ok()
        .and_then(|objs| objs.into_iter().next());
    let mut out: Diagnostics = problems
        .into_iter()
        .map(|d| {
            if d.location.line.is_some() {
                return d;
            }
            let pos = located.as_ref().and_then(|o| o.locate(&d.path));
            d.with_location(SourceLocation {
                file: Some(file.to_owned()),
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
            })
        })
        .collect();
    out.sort();
    out
}

impl Catalog {
    /// Parses a catalog from YAML and checks it. Every problem is reported at once, each with
    /// the file, line and column of the offending field and its path (`models[2].backends[0]`):
    /// unknown fields (code `unknown_field`), wrong types, unknown or duplicate backends and
    /// models, invalid endpoints and durations (`invalid_catalog`), API keys written where a
    /// secret name belongs (`secret_literal`).
    ///
    /// ```
    /// use nrp_llm_config::catalog::Catalog;
    /// let text = "apiVersion: nrp-llm-config/v1\nkind: Catalog\ngateway:\n  namespace: nrp-llm\n  parentRef: {name: gw}\nbackends:\n- name: b\n  endpoint: {fqdn: b.nrp-llm.svc.cluster.local, port: 5000}\nmodels:\n- name: m\n  backends: [c]\n";
    /// let err = Catalog::from_yaml_str(text, "catalog.yaml").unwrap_err();
    /// let d = &err[0];
    /// assert_eq!(d.code.as_str(), "invalid_catalog");
    /// assert_eq!((d.location.line, d.location.column), (Some(11), Some(14)));
    /// assert_eq!(d.path.to_string(), "models[0].backends[0]");
    /// ```
    pub fn from_yaml_str(text: &str, file: &str) -> Result<Catalog, Diagnostics> {
        let limits = Limits::default();
        if text.len() as u64 > limits.max_file_bytes {
            return Err(Diagnostics::from(vec![
                Diagnostic::error(
                    Code::LIMIT,
                    format!("the catalog is {} bytes, above the limit", text.len()),
                )
                .with_location(SourceLocation {
                    file: Some(file.to_owned()),
                    line: None,
                    column: None,
                }),
            ]));
        }
        let mut err_path = FieldPath::root();
        let parsed = serde_saphyr::with_deserializer_from_str_with_options(
            text,
            saphyr_options(&limits),
            |de| {
                serde_path_to_error::deserialize::<_, Catalog>(de).map_err(|e| {
                    err_path = to_field_path(e.path());
                    e.into_inner()
                })
            },
        );
        let catalog = match parsed {
            Ok(c) => c,
            Err(e) => return Err(Diagnostics::from(vec![parse_error(file, &e, err_path)])),
        };
        let problems = catalog.check();
        if problems.is_empty() {
            return Ok(catalog);
        }
        Err(locate(problems, text, file))
    }

    /// Parses, checks and compiles a catalog given as text (see [`Catalog::from_yaml_str`] and
    /// [`Catalog::compile`]); every problem, those found while compiling included, carries
    /// the line and column of the catalog field it is about.
    ///
    /// ```
    /// use nrp_llm_config::{Release, catalog::Catalog};
    /// let text = "apiVersion: nrp-llm-config/v1\nkind: Catalog\ngateway:\n  namespace: nrp-llm\n  parentRef: {name: gw}\nbackends:\n- name: b\n  endpoint: {fqdn: b.example.org, port: 5000}\nmodels:\n- name: m\n  backends: [b]\n  quota: {limit: 10, duration: 1h}\n";
    /// let err = Catalog::compile_str(text, "catalog.yaml", None, Release::V0_5).unwrap_err();
    /// assert_eq!(err[0].path.to_string(), "models[0].quota");
    /// assert_eq!((err[0].location.line, err[0].location.column), (Some(12), Some(3)));
    /// assert!(Catalog::compile_str(text, "catalog.yaml", None, Release::V0_6).is_ok());
    /// ```
    pub fn compile_str(
        text: &str,
        file: &str,
        current: Option<&ConfigSet>,
        release: Release,
    ) -> Result<ConfigSet, Diagnostics> {
        let catalog = Catalog::from_yaml_str(text, file)?;
        catalog
            .compile(current, release)
            .map_err(|d| locate(d.into_vec(), text, file))
    }

    /// Reads and checks a catalog file (see [`Catalog::from_yaml_str`]).
    ///
    /// ```
    /// let err = nrp_llm_config::catalog::Catalog::from_path("/nonexistent/catalog.yaml".as_ref()).unwrap_err();
    /// assert_eq!(err[0].code.as_str(), "io");
    /// ```
    pub fn from_path(path: &std::path::Path) -> Result<Catalog, Diagnostics> {
        let text = document::read_text(path, &Limits::default())
            .map_err(|e| Diagnostics::from(vec![e.diagnostic().clone()]))?;
        Catalog::from_yaml_str(&text, &path.display().to_string())
    }

    /// True when the YAML text is a catalog (its first document has `apiVersion:
    /// nrp-llm-config/v1` and `kind: Catalog`), so tools can accept a catalog wherever they
    /// accept Kubernetes objects.
    ///
    /// ```
    /// use nrp_llm_config::catalog::Catalog;
    /// assert!(Catalog::is_catalog_text("apiVersion: nrp-llm-config/v1\nkind: Catalog\n"));
    /// assert!(!Catalog::is_catalog_text("apiVersion: v1\nkind: ConfigMap\n"));
    /// ```
    pub fn is_catalog_text(text: &str) -> bool {
        document::parse_values(text, "", &Limits::default())
            .ok()
            .and_then(|docs| docs.into_iter().next())
            .is_some_and(|v| {
                v.get("apiVersion").and_then(serde_json::Value::as_str) == Some(CATALOG_API_VERSION)
                    && v.get("kind").and_then(serde_json::Value::as_str) == Some(CATALOG_KIND)
            })
    }

    /// Every semantic problem of the catalog (unknown or duplicate names, invalid endpoints,
    /// durations and secret names), without source positions. Empty when the catalog is
    /// consistent. Builders do not run it; [`Catalog::compile`] does.
    pub fn check(&self) -> Vec<Diagnostic> {
        check::check(self)
    }

    /// Writes the catalog as YAML (fields in declaration order, defaults left out).
    ///
    /// ```
    /// use nrp_llm_config::catalog::{Catalog, GatewaySettings};
    /// let c = Catalog::builder()
    ///     .gateway(GatewaySettings::builder().namespace("nrp-llm").parent_ref("gw").build())
    ///     .build();
    /// let text = c.to_yaml();
    /// assert!(text.starts_with("apiVersion: nrp-llm-config/v1\nkind: Catalog\n"));
    /// assert_eq!(Catalog::from_yaml_str(&text, "c.yaml").unwrap(), c);
    /// ```
    pub fn to_yaml(&self) -> String {
        match serde_json::to_value(self) {
            Ok(v) => document::to_yaml_one(&v),
            Err(_) => String::new(),
        }
    }

    /// Compiles the catalog into AIGatewayRoute, AIServiceBackend, Backend and
    /// BackendSecurityPolicy objects (plus `extraObjects`, unchanged).
    ///
    /// With `current` (the objects as they are now), every model keeps its route object and
    /// rule order, and every backend with an API key keeps the policy of its key that targets
    /// it; only new models (backends) move into free slots. Fails with every semantic problem of
    /// the catalog, or when the models pinned to one route object exceed the rule limit.
    ///
    /// ```
    /// use nrp_llm_config::catalog::{BackendSpec, Catalog, Endpoint, GatewaySettings, Model};
    /// use nrp_llm_config::{Release, validate::validate};
    /// let c = Catalog::builder()
    ///     .gateway(GatewaySettings::builder().namespace("nrp-llm").parent_ref("gw").build())
    ///     .backends(vec![BackendSpec::builder().name("b").endpoint(Endpoint::ip("10.0.0.5", 8000)).build()])
    ///     .models(vec![Model::builder().name("m").backends(vec!["b".into()]).timeout("60s").build()])
    ///     .build();
    /// let set = c.compile(None, Release::V1_1).unwrap();
    /// assert_eq!(set.len(), 3); // route, AIServiceBackend, Backend
    /// assert!(!validate(&set, Release::V1_1).has_errors());
    /// ```
    pub fn compile(
        &self,
        current: Option<&ConfigSet>,
        release: Release,
    ) -> Result<ConfigSet, Diagnostics> {
        compile::compile(self, current, release)
    }

    /// Reads existing objects back into a catalog. Models are pinned (`route:`) to the route
    /// object they are in, `gateway.routeNames` lists the route objects in order, each API-key
    /// policy becomes an `apiKeys` entry (its Secret named once) with its backends in target
    /// order (and `apiKeyPolicy` where a split is uneven), so compiling the result, with `set`
    /// as the current state or without, reproduces it (see [Fidelity](self#fidelity)). Objects the catalog cannot describe
    /// (other kinds, rules with several matches, non-Exact header matches, unknown fields,
    /// labels, ...) are kept in `extraObjects` and reported as `kept_verbatim` warnings.
    /// Server-populated metadata (`uid`, `managedFields`, ...) and `status` are ignored.
    ///
    /// ```
    /// use nrp_llm_config::{ConfigSet, catalog::Catalog, document::{parse_str, Limits}};
    /// let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: nrp-llm}\n";
    /// let set = ConfigSet::from_objects(parse_str(text, "a.yaml", &Limits::default()).unwrap());
    /// let (catalog, diags) = Catalog::import(&set);
    /// assert_eq!(catalog.extra_objects.len(), 1);
    /// assert_eq!(diags[0].code.as_str(), "kept_verbatim");
    /// ```
    pub fn import(set: &ConfigSet) -> (Catalog, Vec<Diagnostic>) {
        import::import(set, None)
    }

    /// [`Catalog::import`] of a set read from the models-config folder `folder`, also recording
    /// where its objects are: a backend whose objects are in `servicebackend/<f>` and
    /// `backend/<f>` gets `file: <f>` (the most common one becomes `gateway.backendFile`
    /// when every backend has one), a key whose policy is not in `securitypolicy.yaml` gets
    /// the policy's file (paths relative to `folder`). Default files are not recorded.
    ///
    /// ```
    /// use nrp_llm_config::{ConfigSet, Limits, catalog::Catalog};
    /// let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/nrp/models-config");
    /// let set = ConfigSet::load(&[&folder], &Limits::default());
    /// let (catalog, _) = Catalog::import_folder(&set, &folder);
    /// let sdsc = catalog.backends.iter().find(|b| b.name == "envoy-ai-gateway-sdsc-nairr-qwen3").unwrap();
    /// assert_eq!(sdsc.file.as_deref(), Some("sdsc.yaml"));
    /// ```
    pub fn import_folder(set: &ConfigSet, folder: &std::path::Path) -> (Catalog, Vec<Diagnostic>) {
        import::import(set, Some(folder))
    }

    /// Where the catalog puts its objects: the file (relative to the models-config folder) of
    /// every object of `compiled` (the result of [`Catalog::compile`]) that a `file:` of the
    /// catalog places: the AIServiceBackend and Backend of a backend with `file: f` (or, without,
    /// `gateway.backendFile: f`) go to `servicebackend/f` and `backend/f`, the policies of a key with `file: f` to `f`. Objects
    /// not in the map go where the layout puts them (their current file, else its default).
    ///
    /// ```
    /// use nrp_llm_config::{ObjectRef, Release, catalog::{BackendSpec, Catalog, Endpoint, GatewaySettings}};
    /// let c = Catalog::builder()
    ///     .gateway(GatewaySettings::builder().namespace("n").parent_ref("gw").build())
    ///     .backends(vec![BackendSpec::builder().name("b").endpoint(Endpoint::ip("10.0.0.5", 80)).file("sdsc.yaml").build()])
    ///     .build();
    /// let set = c.compile(None, Release::V1_1).unwrap();
    /// let placed = c.placement(&set);
    /// let backend = set.objects().iter().find(|o| o.kind() == "Backend").unwrap();
    /// assert_eq!(placed[&backend.object_ref().unwrap()], std::path::PathBuf::from("backend/sdsc.yaml"));
    /// assert_eq!(placed.len(), 2);
    /// ```
    pub fn placement(
        &self,
        compiled: &ConfigSet,
    ) -> std::collections::BTreeMap<crate::ObjectRef, std::path::PathBuf> {
        use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
        use crate::resources::view::ObjectView;
        let all = keys::keys(self);
        let mut out = std::collections::BTreeMap::new();
        for o in compiled.objects() {
            let view = ObjectView::new(o.value());
            if o.namespace().is_some_and(|ns| ns != self.gateway.namespace) {
                continue;
            }
            let file = if view.is(AI_GATEWAY_GROUP, "AIServiceBackend")
                || view.is(ENVOY_GATEWAY_GROUP, "Backend")
            {
                let dir = if o.kind() == "Backend" {
                    "backend"
                } else {
                    "servicebackend"
                };
                self.backends
                    .iter()
                    .find(|b| b.name == o.name())
                    .and_then(|b| b.file.as_deref().or(self.gateway.backend_file.as_deref()))
                    .map(|f| std::path::Path::new(dir).join(f))
            } else if view.is(AI_GATEWAY_GROUP, "BackendSecurityPolicy") {
                // The key whose policy this is: its base name, else the key it is a part of.
                all.iter()
                    .find(|k| k.name == o.name())
                    .or_else(|| {
                        all.iter()
                            .find(|k| keys::policy_chunk_index(&k.name, o.name()).is_some())
                    })
                    .and_then(|k| k.file)
                    .map(std::path::PathBuf::from)
            } else {
                None
            };
            if let (Some(file), Some(r)) = (file, o.object_ref()) {
                out.insert(r, file);
            }
        }
        out
    }

    /// Adds a model, or replaces the model of the same name in place (returning it).
    ///
    /// ```
    /// # use nrp_llm_config::catalog::{Catalog, GatewaySettings, Model};
    /// # let mut c = Catalog::builder().gateway(GatewaySettings::builder().namespace("n").parent_ref("gw").build()).build();
    /// assert!(c.add_model(Model::builder().name("a").backends(vec!["b".into()]).build()).is_none());
    /// assert!(c.add_model(Model::builder().name("a").backends(vec!["c".into()]).build()).is_some());
    /// assert_eq!(c.models.len(), 1);
    /// ```
    pub fn add_model(&mut self, model: Model) -> Option<Model> {
        match self.models.iter_mut().find(|m| m.name == model.name) {
            Some(existing) => Some(std::mem::replace(existing, model)),
            None => {
                self.models.push(model);
                None
            }
        }
    }

    /// Removes the model with this name. Returns whether it was there.
    ///
    /// ```
    /// # use nrp_llm_config::catalog::{Catalog, GatewaySettings, Model};
    /// # let mut c = Catalog::builder().gateway(GatewaySettings::builder().namespace("n").parent_ref("gw").build()).build();
    /// c.add_model(Model::builder().name("a").backends(vec!["b".into()]).build());
    /// assert!(c.remove_model("a"));
    /// assert!(!c.remove_model("a"));
    /// ```
    pub fn remove_model(&mut self, name: &str) -> bool {
        let before = self.models.len();
        self.models.retain(|m| m.name != name);
        self.models.len() != before
    }

    /// Adds a backend, or replaces the backend of the same name in place (returning it).
    ///
    /// ```
    /// # use nrp_llm_config::catalog::{BackendSpec, Catalog, Endpoint, GatewaySettings};
    /// # let mut c = Catalog::builder().gateway(GatewaySettings::builder().namespace("n").parent_ref("gw").build()).build();
    /// let b = BackendSpec::builder().name("b").endpoint(Endpoint::ip("10.0.0.1", 80)).build();
    /// assert!(c.add_backend(b).is_none());
    /// ```
    pub fn add_backend(&mut self, backend: BackendSpec) -> Option<BackendSpec> {
        match self.backends.iter_mut().find(|b| b.name == backend.name) {
            Some(existing) => Some(std::mem::replace(existing, backend)),
            None => {
                self.backends.push(backend);
                None
            }
        }
    }

    /// Removes the backend with this name. Returns whether it was there. Models still naming
    /// it make the catalog invalid until they are changed.
    ///
    /// ```
    /// # use nrp_llm_config::catalog::{Catalog, GatewaySettings};
    /// # let mut c = Catalog::builder().gateway(GatewaySettings::builder().namespace("n").parent_ref("gw").build()).build();
    /// assert!(!c.remove_backend("b"));
    /// ```
    pub fn remove_backend(&mut self, name: &str) -> bool {
        let before = self.backends.len();
        self.backends.retain(|b| b.name != name);
        self.backends.len() != before
    }

    /// The model with this name.
    ///
    /// ```
    /// # use nrp_llm_config::catalog::{Catalog, GatewaySettings};
    /// # let c = Catalog::builder().gateway(GatewaySettings::builder().namespace("n").parent_ref("gw").build()).build();
    /// assert!(c.model("qwen3").is_none());
    /// ```
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// JSON Schema of the catalog format (for editors and `nrp-llm-config schema catalog`).
    ///
    /// ```
    /// let s = nrp_llm_config::catalog::Catalog::json_schema();
    /// assert_eq!(s["additionalProperties"], serde_json::json!(false));
    /// assert!(s["required"].as_array().unwrap().contains(&serde_json::json!("gateway")));
    /// ```
    pub fn json_schema() -> serde_json::Value {
        schemars::schema_for!(Catalog).to_value()
    }
}

#[cfg(test)]
mod tests;
