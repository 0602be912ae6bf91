//! The QuotaPolicy kind (`aigateway.envoyproxy.io/v1alpha1`, AI Gateway 0.6+; the only version
//! upstream serves for it).
//!
//! A QuotaPolicy puts token quotas on the AIServiceBackends it targets: one for the whole
//! service and/or one per model, each with a default bucket and optional buckets for matching
//! clients. A request that finds its quota used up gets a 429.

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;
use crate::resources::common::{ai_service_backend_targets, object_meta};
use crate::resources::envoy_gateway::{ClientHeaderMatch, ClientSelector};
use crate::resources::string_enum::string_enum;

/// Desired state of a QuotaPolicy (`aigateway.envoyproxy.io/v1alpha1`): token quotas for the
/// AIServiceBackends it targets. Every field is optional.
///
/// ```
/// use nrp_llm_config::resources::v1alpha1::{
///     LocalPolicyTargetReference, PerModelQuota, QuotaDuration, QuotaPolicySpec,
/// };
/// let spec = QuotaPolicySpec::builder()
///     .target_refs(vec![LocalPolicyTargetReference::builder()
///         .group("aigateway.envoyproxy.io").kind("AIServiceBackend").name("qwen").build()])
///     .per_model_quotas(vec![PerModelQuota::new("qwen3", 100_000, QuotaDuration::Hour)])
///     .build();
/// let v = serde_json::to_value(&spec).unwrap();
/// assert_eq!(v["perModelQuotas"][0]["quota"]["defaultBucket"]["duration"], "1h");
/// ```
#[derive(
    CustomResource,
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    Deserialize,
    JsonSchema,
    TypedBuilder,
)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "QuotaPolicy",
    root = "QuotaPolicy",
    plural = "quotapolicies",
    namespaced,
    status = "QuotaPolicyStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct QuotaPolicySpec {
    /// AIServiceBackends the quotas apply to (at most 16, AIServiceBackend only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub target_refs: Option<Vec<LocalPolicyTargetReference>>,
    /// A quota for every model the backends serve, unless a per-model quota overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub service_quota: Option<ServiceQuotaDefinition>,
    /// Quotas of single models (at most 128).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub per_model_quotas: Option<Vec<PerModelQuota>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

string_enum! {
    /// How the buckets of a per-model quota are shared.
    QuotaBucketMode {
        /// Each bucket counts on its own (AI Gateway 0.6 only).
        Exclusive => "Exclusive",
        /// Buckets share the quota (the only value, and the default, from AI Gateway 0.7).
        Shared => "Shared",
    }
}

string_enum! {
    /// The window of a quota. AI Gateway 0.7+ allows only these four; 0.6 took any text.
    QuotaDuration {
        /// One second (`1s`).
        Second => "1s",
        /// One minute (`1m`).
        Minute => "1m",
        /// One hour (`1h`).
        Hour => "1h",
        /// One day (`1d`).
        Day => "1d",
    }
}

/// The quota of a whole service, with an optional cost expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ServiceQuotaDefinition {
    /// CEL expression giving a request's cost from its token counts (e.g.
    /// `input_tokens + output_tokens`); total tokens when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cost_expression: Option<String>,
    /// The quota.
    #[builder(setter(into))]
    pub quota: QuotaValue,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// The quota of one model. `modelName` is the name the backend sees: the
/// `modelNameOverride` of the AIGatewayRoute backendRef that sends the model there, when it has
/// one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PerModelQuota {
    /// The model (non-empty).
    #[builder(setter(into))]
    pub model_name: String,
    /// Its quota.
    #[builder(setter(into))]
    pub quota: QuotaDefinition,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A per-model quota: a cost expression, a default bucket, and buckets for matching clients.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct QuotaDefinition {
    /// CEL expression giving a request's cost from its token counts; total tokens when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cost_expression: Option<String>,
    /// How buckets are shared (required in AI Gateway 0.6; defaults to `Shared` from 0.7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub mode: Option<QuotaBucketMode>,
    /// The quota of requests no bucket rule matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_bucket: Option<QuotaValue>,
    /// Buckets for requests that match client selectors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub bucket_rules: Option<Vec<QuotaRule>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A bucket for the requests that match its client selectors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct QuotaRule {
    /// Which requests the bucket counts (at most 8 selectors; all must match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_selectors: Option<Vec<ClientSelector>>,
    /// The bucket's quota.
    #[builder(setter(into))]
    pub quota: QuotaValue,
    /// Whether the bucket only records without refusing requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub shadow_mode: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A quota: a number of cost units (tokens, by default) per window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct QuotaValue {
    /// Cost units allowed per window.
    pub limit: i64,
    /// The window.
    #[builder(setter(into))]
    pub duration: QuotaDuration,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

impl QuotaValue {
    /// `limit` cost units per `duration`.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::{QuotaDuration, QuotaValue};
    /// let q = QuotaValue::new(5000, QuotaDuration::Minute);
    /// assert_eq!(serde_json::to_value(&q).unwrap(), serde_json::json!({"limit": 5000, "duration": "1m"}));
    /// ```
    pub fn new(limit: i64, duration: impl Into<QuotaDuration>) -> Self {
        Self::builder().limit(limit).duration(duration).build()
    }
}

impl PerModelQuota {
    /// A quota of `limit` cost units per `duration` for `model_name`, shared by all clients
    /// (the default bucket).
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::{PerModelQuota, QuotaDuration};
    /// let q = PerModelQuota::new("Qwen/Qwen3-235B", 1_000_000, QuotaDuration::Day);
    /// assert_eq!(
    ///     serde_json::to_value(&q).unwrap(),
    ///     serde_json::json!({"modelName": "Qwen/Qwen3-235B",
    ///                        "quota": {"defaultBucket": {"limit": 1000000, "duration": "1d"}}})
    /// );
    /// ```
    pub fn new(
        model_name: impl Into<String>,
        limit: i64,
        duration: impl Into<QuotaDuration>,
    ) -> Self {
        let quota = QuotaDefinition::builder()
            .default_bucket(QuotaValue::new(limit, duration))
            .build();
        Self::builder().model_name(model_name).quota(quota).build()
    }

    /// Sets the CEL expression that gives a request's cost (`quota.costExpression`).
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::{PerModelQuota, QuotaDuration};
    /// let q = PerModelQuota::new("m", 1000, QuotaDuration::Hour).with_cost_expression("output_tokens");
    /// assert_eq!(q.quota.cost_expression.as_deref(), Some("output_tokens"));
    /// ```
    #[must_use]
    pub fn with_cost_expression(mut self, expression: impl Into<String>) -> Self {
        self.quota.cost_expression = Some(expression.into());
        self
    }

    /// Adds a bucket per client: each value of the request header `header` (a user or key id,
    /// say) gets its own `limit` per `duration` (a bucket rule with a `Distinct` header
    /// selector).
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::{PerModelQuota, QuotaDuration};
    /// let q = PerModelQuota::new("m", 100_000, QuotaDuration::Hour)
    ///     .with_client_bucket("x-user-id", 10_000, QuotaDuration::Hour);
    /// assert_eq!(
    ///     serde_json::to_value(&q.quota).unwrap(),
    ///     serde_json::json!({
    ///         "defaultBucket": {"limit": 100000, "duration": "1h"},
    ///         "bucketRules": [{
    ///             "clientSelectors": [{"headers": [{"type": "Distinct", "name": "x-user-id"}]}],
    ///             "quota": {"limit": 10000, "duration": "1h"}
    ///         }]
    ///     })
    /// );
    /// ```
    #[must_use]
    pub fn with_client_bucket(
        mut self,
        header: impl Into<String>,
        limit: i64,
        duration: impl Into<QuotaDuration>,
    ) -> Self {
        let selector = ClientSelector::builder()
            .headers(vec![ClientHeaderMatch::distinct(header)])
            .build();
        let rule = QuotaRule::builder()
            .client_selectors(vec![selector])
            .quota(QuotaValue::new(limit, duration))
            .build();
        self.quota
            .bucket_rules
            .get_or_insert_with(Vec::new)
            .push(rule);
        self
    }
}

impl QuotaPolicy {
    /// A QuotaPolicy on the AIServiceBackend `backend` with the given per-model quotas.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::{PerModelQuota, QuotaDuration, QuotaPolicy};
    ///
    /// let p = QuotaPolicy::for_backend("qwen-quota", "nrp-llm", "envoy-ai-gateway-nrp-qwen", vec![
    ///     PerModelQuota::new("qwen3", 100_000, QuotaDuration::Hour),
    ///     PerModelQuota::new("qwen3-small", 500_000, QuotaDuration::Hour),
    /// ]);
    /// let spec = p.spec.per_model_quotas.unwrap();
    /// assert_eq!(spec[1].model_name, "qwen3-small");
    /// ```
    pub fn for_backend(
        name: &str,
        namespace: &str,
        backend: &str,
        quotas: Vec<PerModelQuota>,
    ) -> Self {
        let spec = QuotaPolicySpec {
            target_refs: ai_service_backend_targets(&[backend]),
            per_model_quotas: Some(quotas),
            ..QuotaPolicySpec::default()
        };
        Self {
            metadata: object_meta(name, namespace),
            spec,
            status: None,
        }
    }

    /// A QuotaPolicy on the AIServiceBackend `backend` with one quota: `limit` cost units
    /// (tokens, by default) per `duration` for the model `model` (the name the backend sees).
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::{QuotaDuration, QuotaPolicy};
    ///
    /// let p = QuotaPolicy::per_model(
    ///     "qwen-quota", "nrp-llm", "envoy-ai-gateway-nrp-qwen", "qwen3", 100_000, QuotaDuration::Hour,
    /// );
    /// let json = serde_json::to_value(&p).unwrap();
    /// assert_eq!(json["kind"], "QuotaPolicy");
    /// assert_eq!(
    ///     json["spec"],
    ///     serde_json::json!({
    ///         "targetRefs": [{"group": "aigateway.envoyproxy.io", "kind": "AIServiceBackend",
    ///                         "name": "envoy-ai-gateway-nrp-qwen"}],
    ///         "perModelQuotas": [{
    ///             "modelName": "qwen3",
    ///             "quota": {"defaultBucket": {"limit": 100000, "duration": "1h"}}
    ///         }]
    ///     })
    /// );
    /// ```
    pub fn per_model(
        name: &str,
        namespace: &str,
        backend: &str,
        model: &str,
        limit: i64,
        duration: impl Into<QuotaDuration>,
    ) -> Self {
        Self::for_backend(
            name,
            namespace,
            backend,
            vec![PerModelQuota::new(model, limit, duration)],
        )
    }
}
