//! The catalog file format: plain serde structs with JSON Schema and builders.
//!
//! Unlike the Kubernetes kinds, the catalog is this project's own format, so every struct
//! rejects unknown fields: a key the format does not know is a typo, reported with its line and
//! column.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use typed_builder::TypedBuilder;

/// The `apiVersion` every catalog file carries.
pub const CATALOG_API_VERSION: &str = "nrp-llm-config/v1";
/// The `kind` every catalog file carries.
pub const CATALOG_KIND: &str = "Catalog";
/// Default for [`GatewaySettings::name_prefix`].
pub const DEFAULT_NAME_PREFIX: &str = "envoy-ai-gateway-nrp-";
/// Default for [`BackendSpec::schema`].
pub const DEFAULT_SCHEMA: &str = "OpenAI";

fn default_api_version() -> String {
    CATALOG_API_VERSION.to_owned()
}
fn default_kind() -> String {
    CATALOG_KIND.to_owned()
}
fn default_prefix() -> String {
    DEFAULT_NAME_PREFIX.to_owned()
}
fn default_schema() -> String {
    DEFAULT_SCHEMA.to_owned()
}
fn is_default_schema(s: &str) -> bool {
    s == DEFAULT_SCHEMA
}
fn is_default_version(v: &AiGatewayVersion) -> bool {
    *v == AiGatewayVersion::default()
}

/// A model catalog: the models an NRP admin serves, the backends behind them, and the gateway
/// defaults shared by every generated object.
///
/// [`Catalog::compile`](crate::catalog::Catalog::compile) turns it into AIGatewayRoute,
/// AIServiceBackend, Backend and BackendSecurityPolicy objects.
///
/// ```
/// use nrp_llm_config::catalog::{BackendSpec, Catalog, Endpoint, GatewaySettings, Model};
/// let catalog = Catalog::builder()
///     .gateway(GatewaySettings::builder().namespace("nrp-llm").parent_ref("envoy-ai-gateway-nrp").build())
///     .backends(vec![BackendSpec::builder()
///         .name("envoy-ai-gateway-nrp-qwen")
///         .endpoint(Endpoint::fqdn("qwen-vllm-inference.nrp-llm.svc.cluster.local", 5000))
///         .build()])
///     .models(vec![Model::builder()
///         .name("qwen3")
///         .upstream("Qwen/Qwen3-235B-A22B-Thinking-2507-FP8")
///         .backends(vec!["envoy-ai-gateway-nrp-qwen".into()])
///         .build()])
///     .build();
/// assert_eq!(catalog.api_version, "nrp-llm-config/v1");
/// assert!(catalog.check().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Catalog {
    /// Format marker; must be `nrp-llm-config/v1`.
    #[builder(default = default_api_version(), setter(into))]
    pub api_version: String,
    /// Must be `Catalog`.
    #[builder(default = default_kind(), setter(into))]
    pub kind: String,
    /// Settings shared by every generated object.
    pub gateway: GatewaySettings,
    /// API keys: each names one Secret once, and becomes the BackendSecurityPolicy (or, above
    /// 16 targets, the policies `<name>`, `<name>-2`, ...) of the backends that use it
    /// (`backends[].apiKey`). Renaming a key's Secret is one edit here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub api_keys: Vec<ApiKey>,
    /// Inference endpoints. Each one becomes an AIServiceBackend and a Backend of the same name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub backends: Vec<BackendSpec>,
    /// Model names clients can ask for. Each one becomes one rule of an AIGatewayRoute.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub models: Vec<Model>,
    /// Kubernetes objects the catalog cannot describe, emitted unchanged by `compile`.
    /// `import` puts everything it could not translate here, so nothing is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    #[schemars(with = "Vec<BTreeMap<String, Value>>")]
    pub extra_objects: Vec<Value>,
}

/// Gateway-wide settings and defaults.
///
/// ```
/// use nrp_llm_config::catalog::GatewaySettings;
/// let g = GatewaySettings::builder().namespace("nrp-llm").parent_ref("envoy-ai-gateway-nrp")
///     .default_timeout("1200s").default_owner("NRP").build();
/// assert_eq!(g.name_prefix, "envoy-ai-gateway-nrp-");
/// assert_eq!(g.parent_ref.name, "envoy-ai-gateway-nrp");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "Gateway")]
pub struct GatewaySettings {
    /// Namespace of every generated object (NRP uses `nrp-llm`). Also the namespace of the
    /// API-key secrets.
    #[builder(setter(into))]
    pub namespace: String,
    /// The Gateway every route object attaches to.
    #[builder(setter(into))]
    pub parent_ref: ParentRef,
    /// Token accounting written into every route object (all shards must agree, so it is set
    /// once here). Empty: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub llm_request_costs: Vec<LlmRequestCost>,
    /// Prefix of generated names: route objects `<prefix>models-<n>` and API-key policies
    /// `<prefix><secret>`. Default `envoy-ai-gateway-nrp-`.
    #[serde(default = "default_prefix")]
    #[builder(default = default_prefix(), setter(into))]
    pub name_prefix: String,
    /// Names of the route objects, in the order they are filled. When every listed route
    /// object is full, generated names are used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub route_names: Vec<String>,
    /// Policy name per API-key secret name, overriding the generated `<prefix><secret>`, for
    /// backends that name their Secret with `apiKeySecret` (prefer [`Catalog::api_keys`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default)]
    pub policy_names: BTreeMap<String, String>,
    /// Request timeout of models that set none (Gateway API duration such as `1200s` or
    /// `20m`). Unset: such rules get no timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_timeout: Option<String>,
    /// `modelsOwnedBy` of models that set no owner. Unset: the controller's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_owner: Option<String>,
    /// The file of backends that set no `file:` (see [`BackendSpec::file`]), e.g. `nrp.yaml`
    /// for `servicebackend/nrp.yaml` and `backend/nrp.yaml`. Unset: the layout's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_file: Option<String>,
    /// Which `aigateway.envoyproxy.io` version to write: `v1alpha1` (default, served by every
    /// release) or `v1beta1` (v1.1 and later).
    #[serde(default, skip_serializing_if = "is_default_version")]
    #[builder(default)]
    pub api_version: AiGatewayVersion,
}

/// API version of the AI Gateway kinds in the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum AiGatewayVersion {
    /// `aigateway.envoyproxy.io/v1alpha1`: served by every supported release.
    #[default]
    #[serde(rename = "v1alpha1")]
    V1alpha1,
    /// `aigateway.envoyproxy.io/v1beta1`: served from v1.1 on.
    #[serde(rename = "v1beta1")]
    V1beta1,
}

impl AiGatewayVersion {
    /// The version string, e.g. `v1alpha1`.
    pub fn as_str(self) -> &'static str {
        match self {
            AiGatewayVersion::V1alpha1 => "v1alpha1",
            AiGatewayVersion::V1beta1 => "v1beta1",
        }
    }

    /// The full `apiVersion`, e.g. `aigateway.envoyproxy.io/v1alpha1`.
    ///
    /// ```
    /// use nrp_llm_config::catalog::AiGatewayVersion;
    /// assert_eq!(AiGatewayVersion::V1beta1.api_version(), "aigateway.envoyproxy.io/v1beta1");
    /// ```
    pub fn api_version(self) -> String {
        format!("aigateway.envoyproxy.io/{}", self.as_str())
    }
}

/// The Gateway (kind `Gateway`, group `gateway.networking.k8s.io`) the route objects attach to.
///
/// ```
/// use nrp_llm_config::catalog::ParentRef;
/// let p: ParentRef = "envoy-ai-gateway-nrp".into();
/// assert_eq!(p.namespace, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParentRef {
    /// Name of the Gateway.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the Gateway, when it is not the route's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub namespace: Option<String>,
    /// A listener of the Gateway, when the routes attach to one listener only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub section_name: Option<String>,
}

impl From<&str> for ParentRef {
    fn from(name: &str) -> Self {
        ParentRef::builder().name(name).build()
    }
}

impl From<String> for ParentRef {
    fn from(name: String) -> Self {
        ParentRef::builder().name(name).build()
    }
}

/// One token-accounting entry (`spec.llmRequestCosts[]` of the route objects).
///
/// ```
/// use nrp_llm_config::catalog::LlmRequestCost;
/// let c = LlmRequestCost::new("llm_input_token", "InputToken");
/// assert_eq!(c.cost_type, "InputToken");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LlmRequestCost {
    /// Dynamic-metadata key the count is stored under, e.g. `llm_input_token`.
    #[builder(setter(into))]
    pub metadata_key: String,
    /// What is counted: `InputToken`, `CachedInputToken`, `OutputToken`, `TotalToken` or `CEL`.
    #[serde(rename = "type")]
    #[builder(setter(into))]
    pub cost_type: String,
    /// The expression, for `type: CEL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cel: Option<String>,
}

impl LlmRequestCost {
    /// An entry without a CEL expression.
    pub fn new(metadata_key: impl Into<String>, cost_type: impl Into<String>) -> Self {
        Self {
            metadata_key: metadata_key.into(),
            cost_type: cost_type.into(),
            cel: None,
        }
    }

    /// The three counters NRP records (input, output, total tokens).
    ///
    /// ```
    /// assert_eq!(nrp_llm_config::catalog::LlmRequestCost::nrp_defaults().len(), 3);
    /// ```
    pub fn nrp_defaults() -> Vec<Self> {
        vec![
            Self::new("llm_input_token", "InputToken"),
            Self::new("llm_output_token", "OutputToken"),
            Self::new("llm_total_token", "TotalToken"),
        ]
    }
}

/// An inference endpoint: one AIServiceBackend plus the Backend it points to (same name).
///
/// ```
/// use nrp_llm_config::catalog::{BackendSpec, Endpoint};
/// let b = BackendSpec::builder()
///     .name("envoy-ai-gateway-nrp-qwen")
///     .endpoint(Endpoint::ip("10.0.0.5", 8000))
///     .api_key_secret("openai-apikey")
///     .build();
/// assert_eq!(b.schema, "OpenAI");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BackendSpec {
    /// Name of the AIServiceBackend and of the Backend.
    #[builder(setter(into))]
    pub name: String,
    /// Where the service listens.
    pub endpoint: Endpoint,
    /// API schema the endpoint speaks (`OpenAI`, `AWSBedrock`, `AzureOpenAI`, ...). Default
    /// `OpenAI`.
    #[serde(default = "default_schema", skip_serializing_if = "is_default_schema")]
    #[builder(default = default_schema(), setter(into))]
    pub schema: String,
    /// Schema version (for example the path prefix of an OpenAI-compatible API), when needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub schema_version: Option<String>,
    /// The API key sent to this backend: the name of an entry of the catalog's `apiKeys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub api_key: Option<String>,
    /// Name of the Secret (in the gateway namespace) holding the API key sent to this backend:
    /// the older form of [`BackendSpec::api_key`], still read; its policy is named
    /// `gateway.policyNames[secret]` or `<prefix><secret>`. Only the name: the key itself never
    /// belongs in the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub api_key_secret: Option<String>,
    /// Which of the key's policies targets this backend, when the key's targets are split over
    /// several (`<name>`, `<name>-2`, ...) and this backend is not where the split would put
    /// it. Unset: kept where it is (with the current state), else the first policy with room.
    /// `import` sets it only where needed to reproduce the objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub api_key_policy: Option<String>,
    /// The file this backend's objects are written to, relative to each kind's folder: `file:
    /// sdsc.yaml` puts the AIServiceBackend in `servicebackend/sdsc.yaml` and the Backend in
    /// `backend/sdsc.yaml`. Unset: `gateway.backendFile`, else the layout's default
    /// (`servicebackends.yaml`, `backends.yaml`); objects that exist stay in their file. See
    /// [`Catalog::placement`](crate::catalog::Catalog::placement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub file: Option<String>,
}

/// An API key: a Secret named once, and the BackendSecurityPolicy that sends it to the backends
/// naming the key (`backends[].apiKey`).
///
/// ```
/// use nrp_llm_config::catalog::ApiKey;
/// let k = ApiKey::builder().name("envoy-ai-gateway-nrp-apikey").secret("openai-apikey").build();
/// assert_eq!(k.file, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiKey {
    /// Name of the BackendSecurityPolicy; when more than 16 backends use the key, the next
    /// policies are `<name>-2`, `<name>-3`, ... Backends name the key by it.
    #[builder(setter(into))]
    pub name: String,
    /// Name of the Secret (in the gateway namespace) holding the key. Only the name: the key
    /// itself never belongs in the catalog.
    #[builder(setter(into))]
    pub secret: String,
    /// The file the policies are written to, relative to the models-config folder. Unset: the
    /// layout's default (`securitypolicy.yaml`), or the file they are already in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub file: Option<String>,
}

/// Host (or address) and port of a backend. Exactly one of `fqdn` and `ip` is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Endpoint {
    /// A DNS name, such as a cluster service `svc.ns.svc.cluster.local`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fqdn: Option<String>,
    /// An IPv4 or IPv6 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// TCP port, 1 to 65535.
    pub port: i64,
}

impl Endpoint {
    /// An endpoint reached by DNS name.
    ///
    /// ```
    /// let e = nrp_llm_config::catalog::Endpoint::fqdn("qwen.nrp-llm.svc.cluster.local", 5000);
    /// assert_eq!(e.port, 5000);
    /// ```
    pub fn fqdn(hostname: impl Into<String>, port: u16) -> Self {
        Self {
            fqdn: Some(hostname.into()),
            ip: None,
            port: i64::from(port),
        }
    }

    /// An endpoint reached by IP address.
    ///
    /// ```
    /// let e = nrp_llm_config::catalog::Endpoint::ip("10.0.0.5", 8000);
    /// assert_eq!(e.ip.as_deref(), Some("10.0.0.5"));
    /// ```
    pub fn ip(address: impl Into<String>, port: u16) -> Self {
        Self {
            fqdn: None,
            ip: Some(address.into()),
            port: i64::from(port),
        }
    }
}

/// A model name clients ask for (the `x-ai-eg-model` header) and where it is served.
///
/// ```
/// use nrp_llm_config::catalog::{Model, ModelBackend};
/// let m = Model::builder()
///     .name("qwen3-combined")
///     .upstream("Qwen/Qwen3-235B-A22B-Thinking-2507-FP8")
///     .backends(vec!["a".into(), ModelBackend::builder().name("b").priority(1).build()])
///     .timeout("1200s")
///     .build();
/// assert_eq!(m.backends.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Model {
    /// The name clients send (value of the `x-ai-eg-model` header).
    #[builder(setter(into))]
    pub name: String,
    /// The name the backends know the model by (`modelNameOverride`). Unset: the client's
    /// name is passed through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub upstream: Option<String>,
    /// Who serves the model (`modelsOwnedBy`). Default: `gateway.defaultOwner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub owner: Option<String>,
    /// Request timeout (Gateway API duration). Default: `gateway.defaultTimeout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeout: Option<String>,
    /// Backends serving the model: one, or several for round robin (with optional weights) or
    /// priority fallback. Each item is a backend name or `{name, weight, priority, upstream}`.
    #[builder(setter(into))]
    pub backends: Vec<ModelBackend>,
    /// Pins the model to a route object by name. Unset: the model keeps the route object it
    /// is in, or takes the first free slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub route: Option<String>,
    /// A token budget for the model, enforced by AI Gateway (QuotaPolicy, from release v0.6).
    /// Unset: no quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub quota: Option<Quota>,
}

impl Model {
    /// The `modelNameOverride` of this model's rule towards `backend`: the backend's own
    /// `upstream`, else the model's.
    pub fn upstream_for<'a>(&'a self, backend: &'a ModelBackend) -> Option<&'a str> {
        backend.upstream.as_deref().or(self.upstream.as_deref())
    }

    /// The model name `backend` receives: [`Model::upstream_for`], else the model's own name.
    ///
    /// ```
    /// use nrp_llm_config::catalog::{Model, ModelBackend};
    /// let m = Model::builder().name("qwen3").upstream("Qwen/Qwen3").backends(vec![
    ///     ModelBackend::from("a"),
    ///     ModelBackend::builder().name("b").upstream("qwen3-b").build(),
    /// ]).build();
    /// assert_eq!(m.name_at(&m.backends[0]), "Qwen/Qwen3");
    /// assert_eq!(m.name_at(&m.backends[1]), "qwen3-b");
    /// ```
    pub fn name_at<'a>(&'a self, backend: &'a ModelBackend) -> &'a str {
        self.upstream_for(backend).unwrap_or(&self.name)
    }
}

/// The windows a quota may count over (the QuotaPolicy CRD's `duration` enum).
pub const QUOTA_DURATIONS: [&str; 4] = ["1s", "1m", "1h", "1d"];

/// The words [`Quota::cost`] accepts for the usual token counts, with the CEL expression each
/// stands for in a QuotaPolicy's `costExpression`.
pub const QUOTA_COSTS: [(&str, &str); 3] = [
    ("input", "input_tokens"),
    ("output", "output_tokens"),
    ("total", "total_tokens"),
];

/// A model's token quota: at most `limit` units per `duration`, at each backend that serves
/// the model. It compiles into one `perModelQuotas` entry of the QuotaPolicy of each of the
/// model's backends, keyed by the model name that backend receives (its `upstream` name, when
/// set). Requests over the budget get HTTP 429.
///
/// ```
/// use nrp_llm_config::catalog::Quota;
/// let q = Quota::builder().limit(1_000_000).duration("1h").per_client("x-user-id").build();
/// assert_eq!(q.cost, None); // upstream counts total tokens by default
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Quota {
    /// How many units (by default, tokens) one window allows.
    pub limit: u64,
    /// The window: `1s`, `1m`, `1h` or `1d`.
    #[builder(setter(into))]
    pub duration: String,
    /// What one request costs: `input`, `output` or `total` (tokens), or a CEL expression over
    /// `input_tokens`, `cached_input_tokens`, `output_tokens` and `total_tokens`. Unset:
    /// upstream's default, the total tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cost: Option<String>,
    /// A request header that names the client (a user or key id, e.g. `x-user-id`): each
    /// distinct value gets its own budget of `limit` (a `Distinct` bucket rule). Unset: one
    /// budget shared by every client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub per_client: Option<String>,
}

impl Quota {
    /// The QuotaPolicy `costExpression` this quota's [`Quota::cost`] stands for.
    ///
    /// ```
    /// use nrp_llm_config::catalog::Quota;
    /// let q = Quota::builder().limit(10).duration("1m").cost("output").build();
    /// assert_eq!(q.cost_expression(), Some("output_tokens"));
    /// ```
    pub fn cost_expression(&self) -> Option<&str> {
        let c = self.cost.as_deref()?;
        Some(
            QUOTA_COSTS
                .iter()
                .find(|(word, _)| *word == c)
                .map_or(c, |(_, cel)| cel),
        )
    }

    /// The [`Quota::cost`] word (or expression) for a QuotaPolicy `costExpression`.
    pub(crate) fn cost_of_expression(cel: &str) -> String {
        QUOTA_COSTS
            .iter()
            .find(|(_, e)| *e == cel)
            .map_or(cel, |(word, _)| word)
            .to_owned()
    }
}

/// One backend of a model. Written as a bare name when only the name is set.
///
/// ```
/// use nrp_llm_config::catalog::ModelBackend;
/// let b: ModelBackend = "envoy-ai-gateway-nrp-qwen".into();
/// assert_eq!(serde_json::to_value(&b).unwrap(), serde_json::json!("envoy-ai-gateway-nrp-qwen"));
/// let w = ModelBackend::builder().name("x").weight(3).build();
/// assert_eq!(serde_json::to_value(&w).unwrap(), serde_json::json!({"name": "x", "weight": 3}));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, TypedBuilder)]
pub struct ModelBackend {
    /// Name of a backend of the catalog (or of an AIServiceBackend in `extraObjects`).
    #[builder(setter(into))]
    pub name: String,
    /// Round-robin weight (upstream default 1).
    #[builder(default, setter(strip_option))]
    pub weight: Option<u32>,
    /// Fallback priority: 0 is tried first, higher numbers only when lower ones fail.
    #[builder(default, setter(strip_option))]
    pub priority: Option<u32>,
    /// `modelNameOverride` for this backend only, when it differs from the model's `upstream`.
    #[builder(default, setter(into, strip_option))]
    pub upstream: Option<String>,
}

impl From<&str> for ModelBackend {
    fn from(name: &str) -> Self {
        ModelBackend::builder().name(name).build()
    }
}

impl From<String> for ModelBackend {
    fn from(name: String) -> Self {
        ModelBackend::builder().name(name).build()
    }
}

/// The mapping form of [`ModelBackend`].
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "ModelBackendObject")]
struct ModelBackendFields {
    /// Name of a backend of the catalog.
    name: String,
    /// Round-robin weight (upstream default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<u32>,
    /// Fallback priority: 0 first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    priority: Option<u32>,
    /// `modelNameOverride` for this backend only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    upstream: Option<String>,
}

impl ModelBackend {
    /// True when only the name is set (written as a bare string).
    pub fn is_plain(&self) -> bool {
        self.weight.is_none() && self.priority.is_none() && self.upstream.is_none()
    }
}

impl Serialize for ModelBackend {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_plain() {
            s.serialize_str(&self.name)
        } else {
            ModelBackendFields {
                name: self.name.clone(),
                weight: self.weight,
                priority: self.priority,
                upstream: self.upstream.clone(),
            }
            .serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for ModelBackend {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ModelBackend;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a backend name or a mapping {name, weight, priority, upstream}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ModelBackend, E> {
                Ok(v.into())
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<ModelBackend, E> {
                Ok(v.into())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ModelBackend, A::Error> {
                let f = ModelBackendFields::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(ModelBackend {
                    name: f.name,
                    weight: f.weight,
                    priority: f.priority,
                    upstream: f.upstream,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for ModelBackend {
    fn schema_name() -> Cow<'static, str> {
        "ModelBackend".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let full = generator.subschema_for::<ModelBackendFields>();
        schemars::json_schema!({
            "description": "A backend name, or a mapping with the name and routing options.",
            "anyOf": [{"type": "string", "minLength": 1}, full]
        })
    }
}
