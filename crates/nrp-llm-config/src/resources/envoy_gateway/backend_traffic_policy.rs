//! The BackendTrafficPolicy kind: how the gateway treats traffic towards the backends of the
//! Gateways or routes it targets (rate limits, retries, timeouts, circuit breakers, load
//! balancing).
//!
//! Typed: the targets, `loadBalancer`, `retry`, `circuitBreaker`, `timeout` and `rateLimit`
//! (the blocks an AI Gateway setup sets, token rate limits included). Every other block of the
//! spec — `proxyProtocol`, `tcpKeepalive`, `healthCheck`, `connection`, `dns`, `http2`,
//! `mergeType`, `bandwidthLimit`, `faultInjection`, `admissionControl`, `useClientProtocol`,
//! `compression`, `compressor`, `responseOverride`, `httpUpgrade`, `requestBuffer`,
//! `telemetry` and `routingType` — is kept as written in [`BackendTrafficPolicySpec::extra`];
//! so are `targetSelectors[].namespaces` and the load balancer's `backendUtilization`,
//! `dynamicModule`, `endpointOverride` and `zoneAware` (as JSON values).
//!
//! Upstream API reference:
//! <https://gateway.envoyproxy.io/docs/api/extension_types/#backendtrafficpolicy>.

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::{RateLimitSpec, TargetSelector};
use crate::resources::gateway_api::{
    Extra, LocalPolicyTargetReferenceWithSectionName, PolicyStatus,
};
use crate::resources::string_enum::string_enum;

/// Desired state of a BackendTrafficPolicy: traffic settings towards the backends of the
/// Gateways or routes it targets.
///
/// The root type is [`BackendTrafficPolicy`] (namespaced). The blocks this crate does not type
/// are kept in `extra`, in the module's list.
///
/// ```
/// use nrp_llm_config::resources::envoy_gateway::{
///     BackendTrafficPolicy, BackendTrafficPolicySpec, GlobalRateLimit, RateLimitRule,
///     RateLimitSpec, RateLimitUnit, RateLimitValue,
/// };
/// use nrp_llm_config::resources::gateway_api::LocalPolicyTargetReferenceWithSectionName;
/// let spec = BackendTrafficPolicySpec::builder()
///     .target_refs(vec![LocalPolicyTargetReferenceWithSectionName::builder()
///         .group("gateway.networking.k8s.io").kind("Gateway").name("envoy-ai-gateway-nrp")
///         .build()])
///     .rate_limit(RateLimitSpec::builder()
///         .global(GlobalRateLimit::builder()
///             .rules(vec![RateLimitRule::builder()
///                 .limit(RateLimitValue::builder().requests(600).unit(RateLimitUnit::Minute).build())
///                 .build()])
///             .build())
///         .build())
///     .build();
/// let btp = BackendTrafficPolicy::new("nrp-llm-limits", spec);
/// let v = serde_json::to_value(&btp).unwrap();
/// assert_eq!(v["kind"], "BackendTrafficPolicy");
/// assert_eq!(v["spec"]["rateLimit"]["global"]["rules"][0]["limit"]["unit"], "Minute");
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
    group = "gateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "BackendTrafficPolicy",
    plural = "backendtrafficpolicies",
    namespaced,
    status = "PolicyStatus",
    derive = "PartialEq",
    doc = "A BackendTrafficPolicy: rate limits, retries, timeouts and load balancing towards backends.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct BackendTrafficPolicySpec {
    /// A single target (a Gateway or a route in the same namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_ref: Option<LocalPolicyTargetReferenceWithSectionName>,
    /// Several targets; use either this or `targetRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_refs: Option<Vec<LocalPolicyTargetReferenceWithSectionName>>,
    /// Targets chosen by labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_selectors: Option<Vec<TargetSelector>>,
    /// How requests are spread over the endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub load_balancer: Option<LoadBalancer>,
    /// When and how failed requests are retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub retry: Option<Retry>,
    /// Connection and request thresholds beyond which requests fail fast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub circuit_breaker: Option<CircuitBreaker>,
    /// TCP and HTTP timeouts towards the backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub timeout: Option<BackendTimeout>,
    /// Rate limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub rate_limit: Option<RateLimitSpec>,
    /// The blocks this crate does not type (see the module docs), kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

string_enum! {
    /// Load-balancing algorithm.
    LoadBalancerType {
        /// Hash of a request property (client IP, header, cookie, query parameter).
        ConsistentHash => "ConsistentHash",
        /// The endpoint with the fewest active requests among a random pick.
        LeastRequest => "LeastRequest",
        /// A random endpoint.
        Random => "Random",
        /// Each endpoint in turn.
        RoundRobin => "RoundRobin",
        /// Weights from the load the backends report (Envoy Gateway 1.8+).
        BackendUtilization => "BackendUtilization",
        /// A policy from a dynamic module (Envoy Gateway 1.8+).
        DynamicModule => "DynamicModule",
    }
}

string_enum! {
    /// What a consistent hash is computed from.
    ConsistentHashType {
        /// The client IP address.
        SourceIp => "SourceIP",
        /// One request header.
        Header => "Header",
        /// Several request headers (Envoy Gateway 1.6+).
        Headers => "Headers",
        /// A cookie (created when missing).
        Cookie => "Cookie",
        /// Query parameters (Envoy Gateway 1.7+).
        QueryParams => "QueryParams",
    }
}

/// The load-balancing policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    /// The algorithm.
    #[builder(setter(into))]
    pub r#type: LoadBalancerType,
    /// Settings of `ConsistentHash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub consistent_hash: Option<ConsistentHash>,
    /// Settings of `BackendUtilization`, as written (Envoy Gateway 1.8+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub backend_utilization: Option<Value>,
    /// Settings of `DynamicModule`, as written (Envoy Gateway 1.8+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub dynamic_module: Option<Value>,
    /// Where a request may name its endpoint itself, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub endpoint_override: Option<Value>,
    /// Ramp-up of new endpoints (`RoundRobin` and `LeastRequest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub slow_start: Option<SlowStart>,
    /// Zone-aware routing, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub zone_aware: Option<Value>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// What a consistent hash is computed from; the block matching `type` must be set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ConsistentHash {
    /// The hash input.
    #[builder(setter(into))]
    pub r#type: ConsistentHashType,
    /// The header, for `Header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub header: Option<HashName>,
    /// The headers, for `Headers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub headers: Option<Vec<HashName>>,
    /// The cookie, for `Cookie`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cookie: Option<HashCookie>,
    /// The query parameters, for `QueryParams`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub query_params: Option<Vec<HashName>>,
    /// Size of the Maglev lookup table (a prime; Envoy's default is 65537).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub table_size: Option<i64>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A header or query parameter a consistent hash reads, by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HashName {
    /// The name.
    #[builder(setter(into))]
    pub name: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// The cookie a consistent hash reads (and sets when the request has none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HashCookie {
    /// Cookie name.
    #[builder(setter(into))]
    pub name: String,
    /// Lifetime of a generated cookie (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub ttl: Option<String>,
    /// Extra attributes of a generated cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub attributes: Option<BTreeMap<String, String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Gradual ramp-up of the traffic a new endpoint gets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct SlowStart {
    /// How long the ramp-up lasts (a Gateway API duration).
    #[builder(setter(into))]
    pub window: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// When and how failed requests are retried.
///
/// ```
/// use nrp_llm_config::resources::envoy_gateway::{Retry, RetryOn};
/// let retry = Retry::builder()
///     .num_retries(3)
///     .retry_on(RetryOn::builder()
///         .triggers(vec!["connect-failure".to_string(), "retriable-status-codes".to_string()])
///         .http_status_codes(vec![502, 503])
///         .build())
///     .build();
/// assert_eq!(serde_json::to_value(&retry).unwrap()["retryOn"]["httpStatusCodes"][1], 503);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Retry {
    /// How many times a request is retried; the API server defaults it to 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub num_retries: Option<i32>,
    /// How many attempts go to each priority before the next one is tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub num_attempts_per_priority: Option<i32>,
    /// Which failures are retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub retry_on: Option<RetryOn>,
    /// Timeout and back-off of each attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub per_retry: Option<PerRetryPolicy>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Which failures are retried.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RetryOn {
    /// Envoy retry conditions such as `5xx`, `connect-failure` or `retriable-status-codes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub triggers: Option<Vec<String>>,
    /// Status codes (100–599) retried with the `retriable-status-codes` trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub http_status_codes: Option<Vec<i32>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Timeout and back-off of each retry attempt.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PerRetryPolicy {
    /// Timeout of one attempt (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub timeout: Option<String>,
    /// Exponential back-off between attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub back_off: Option<BackOffPolicy>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Exponential back-off between retry attempts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackOffPolicy {
    /// First back-off interval (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub base_interval: Option<String>,
    /// Longest back-off interval (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_interval: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Circuit-breaker thresholds (each 0–4294967295; Envoy's defaults are 1024).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct CircuitBreaker {
    /// Connections to the backend at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_connections: Option<i64>,
    /// Requests waiting for a connection at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_pending_requests: Option<i64>,
    /// Requests in flight at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_parallel_requests: Option<i64>,
    /// Retries in flight at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_parallel_retries: Option<i64>,
    /// Requests per connection before it is closed (unlimited when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_requests_per_connection: Option<i64>,
    /// Thresholds per endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub per_endpoint: Option<PerEndpointCircuitBreakers>,
    /// Retries allowed as a share of active requests (Envoy Gateway 1.8+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub retry_budget: Option<RetryBudget>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Circuit-breaker thresholds per endpoint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PerEndpointCircuitBreakers {
    /// Connections to one endpoint at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_connections: Option<i64>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Retries allowed as a share of the active requests, with a floor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RetryBudget {
    /// The share of active requests that may be retries.
    #[builder(setter(into))]
    pub percent: Fraction,
    /// Retries always allowed, whatever the share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub min_retry_concurrency: Option<i64>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A fraction (Gateway API `Fraction`): `numerator` out of `denominator`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Fraction {
    /// The part.
    pub numerator: i32,
    /// The whole; the API server defaults it to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub denominator: Option<i32>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Timeouts towards the backends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendTimeout {
    /// TCP timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub tcp: Option<TcpBackendTimeout>,
    /// HTTP timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub http: Option<HttpBackendTimeout>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// TCP timeouts towards the backends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct TcpBackendTimeout {
    /// Time allowed to open a connection (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub connect_timeout: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// HTTP timeouts towards the backends, as Gateway API durations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpBackendTimeout {
    /// How long an idle connection stays open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub connection_idle_timeout: Option<String>,
    /// How long a connection may live at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_connection_duration: Option<String>,
    /// Time allowed for the whole request and response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_timeout: Option<String>,
    /// How long a stream may live at most (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_stream_duration: Option<String>,
    /// How long an idle stream stays open (Envoy Gateway 1.8+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub stream_idle_timeout: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}
