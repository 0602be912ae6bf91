//! The pieces of an AIGatewayRoute rule: matches, backend references with their header and
//! body mutations, LLM request costs, and the `for_model` convenience constructor.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::MODEL_NAME_HEADER;
use crate::resources::gateway_api::{
    HeaderMatchType, HttpHeader, HttpHeaderMatch, HttpRouteTimeouts,
};
use crate::resources::string_enum::string_enum;

string_enum! {
    /// What an LLM request cost counts.
    LlmRequestCostType {
        /// Output (completion) tokens.
        OutputToken => "OutputToken",
        /// Input (prompt) tokens.
        InputToken => "InputToken",
        /// Input tokens served from a cache (AI Gateway 0.4+).
        CachedInputToken => "CachedInputToken",
        /// Input tokens written to a cache (AI Gateway 0.5+).
        CacheCreationInputToken => "CacheCreationInputToken",
        /// Input plus output tokens.
        TotalToken => "TotalToken",
        /// Reasoning tokens (AI Gateway 1.1+).
        ReasoningToken => "ReasoningToken",
        /// A CEL expression given in `cel`.
        Cel => "CEL",
    }
}

/// Request header changes applied before a request goes upstream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HeaderMutation {
    /// Headers to set, overwriting existing values (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub set: Option<Vec<HttpHeader>>,
    /// Header names to delete (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub remove: Option<Vec<String>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One JSON body field to set, addressed by a top-level key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BodyMutationField {
    /// The key in the JSON request body (non-empty).
    #[builder(setter(into))]
    pub path: String,
    /// The value to write, as a JSON text.
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Request body changes applied before a request goes upstream (AI Gateway 0.5+).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BodyMutation {
    /// Fields to set (at most 16, unique by path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub set: Option<Vec<BodyMutationField>>,
    /// Top-level field names to delete (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub remove: Option<Vec<String>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One routing rule of an AIGatewayRoute: request matches and the backends they go to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteRule {
    /// Rule name (AI Gateway 1.1+; unique in the route, `route-not-found` is reserved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<String>,
    /// Conditions a request must meet; an empty list matches everything (at most 128).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub matches: Option<Vec<AiGatewayRouteRuleMatch>>,
    /// Backends that serve matching requests (at most 128).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_refs: Option<Vec<AiGatewayRouteRuleBackendRef>>,
    /// Request and per-try timeouts; the controller uses 60s for `request` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeouts: Option<HttpRouteTimeouts>,
    /// Idle timeout of streamed responses, a Gateway API duration (AI Gateway 1.1+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub stream_idle_timeout: Option<String>,
    /// Owner reported by the models endpoint; the API server defaults it to `Envoy AI Gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub models_owned_by: Option<String>,
    /// Creation time reported by the models endpoint (RFC 3339 date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub models_created_at: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A set of header conditions that must all hold for a rule to apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteRuleMatch {
    /// Header conditions (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub headers: Option<Vec<HttpHeaderMatch>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A backend of a rule: an AIServiceBackend (no group/kind) or an InferencePool (both set).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteRuleBackendRef {
    /// Name of the AIServiceBackend or InferencePool.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend (AI Gateway 0.4+); other namespaces need a ReferenceGrant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub namespace: Option<String>,
    /// API group; only set for an InferencePool (`inference.networking.k8s.io`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub group: Option<String>,
    /// Kind; only set for an InferencePool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub kind: Option<String>,
    /// Model name sent upstream instead of the one in the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub model_name_override: Option<String>,
    /// Share of traffic for this backend; the API server defaults it to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub weight: Option<i32>,
    /// Failover priority, 0 first; the API server defaults it to 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub priority: Option<i32>,
    /// Header changes for this backend (AI Gateway 0.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub header_mutation: Option<HeaderMutation>,
    /// Body changes for this backend (AI Gateway 0.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub body_mutation: Option<BodyMutation>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A token count (or CEL expression) to record in dynamic metadata for rate limiting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LlmRequestCost {
    /// Key under which the cost is stored in the `io.envoy.ai_gateway` metadata namespace.
    #[builder(setter(into))]
    pub metadata_key: String,
    /// What is counted.
    #[builder(setter(into))]
    pub r#type: LlmRequestCostType,
    /// CEL expression computing the cost, when `type` is `CEL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cel: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

impl AiGatewayRouteRule {
    /// A rule that sends requests for one model name to the given AIServiceBackends.
    ///
    /// The single match is the header [`MODEL_NAME_HEADER`] (`x-ai-eg-model`) with type `Exact`
    /// and the model name as value. Each backend is a pair of AIServiceBackend name and optional
    /// `modelNameOverride`. The rule type is shared by `v1alpha1` and `v1beta1`.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    ///
    /// let rule = AiGatewayRouteRule::for_model(
    ///     "qwen3",
    ///     &[("envoy-ai-gateway-nrp-qwen", None), ("qwen-fallback", Some("Qwen/Qwen3-235B"))],
    /// );
    /// let json = serde_json::to_value(&rule).unwrap();
    /// assert_eq!(
    ///     json,
    ///     serde_json::json!({
    ///         "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}]}],
    ///         "backendRefs": [
    ///             {"name": "envoy-ai-gateway-nrp-qwen"},
    ///             {"name": "qwen-fallback", "modelNameOverride": "Qwen/Qwen3-235B"}
    ///         ]
    ///     })
    /// );
    /// ```
    pub fn for_model(model_name: impl Into<String>, backends: &[(&str, Option<&str>)]) -> Self {
        let header = HttpHeaderMatch::builder()
            .r#type(HeaderMatchType::Exact)
            .name(MODEL_NAME_HEADER)
            .value(model_name)
            .build();
        let matches = vec![
            AiGatewayRouteRuleMatch::builder()
                .headers(vec![header])
                .build(),
        ];
        let backend_refs = backends
            .iter()
            .map(|(name, model_override)| AiGatewayRouteRuleBackendRef {
                model_name_override: model_override.map(str::to_owned),
                ..AiGatewayRouteRuleBackendRef::builder().name(*name).build()
            })
            .collect::<Vec<_>>();
        Self::builder()
            .matches(matches)
            .backend_refs(backend_refs)
            .build()
    }

    /// Sets the rule name (AI Gateway 1.1+).
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1beta1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)]).with_name("m-rule");
    /// assert_eq!(rule.name.as_deref(), Some("m-rule"));
    /// ```
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets `timeouts.request`, a Gateway API duration such as `"120s"`.
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)]).with_request_timeout("120s");
    /// let json = serde_json::to_value(&rule).unwrap();
    /// assert_eq!(json["timeouts"], serde_json::json!({"request": "120s"}));
    /// ```
    #[must_use]
    pub fn with_request_timeout(mut self, timeout: impl Into<String>) -> Self {
        self.timeouts
            .get_or_insert_with(|| HttpRouteTimeouts::builder().build())
            .request = Some(timeout.into());
        self
    }

    /// Sets `timeouts.backendRequest`, the timeout of one upstream try.
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)])
    ///     .with_request_timeout("120s")
    ///     .with_backend_request_timeout("60s");
    /// let timeouts = rule.timeouts.unwrap();
    /// assert_eq!(timeouts.backend_request.as_deref(), Some("60s"));
    /// assert_eq!(timeouts.request.as_deref(), Some("120s"));
    /// ```
    #[must_use]
    pub fn with_backend_request_timeout(mut self, timeout: impl Into<String>) -> Self {
        self.timeouts
            .get_or_insert_with(|| HttpRouteTimeouts::builder().build())
            .backend_request = Some(timeout.into());
        self
    }

    /// Sets `modelsOwnedBy`, the owner the models endpoint reports.
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)]).with_models_owned_by("NRP");
    /// assert_eq!(rule.models_owned_by.as_deref(), Some("NRP"));
    /// ```
    #[must_use]
    pub fn with_models_owned_by(mut self, owner: impl Into<String>) -> Self {
        self.models_owned_by = Some(owner.into());
        self
    }
}
