//! Envoy Gateway policy and proxy kinds (`gateway.envoyproxy.io/v1alpha1`): EnvoyProxy,
//! SecurityPolicy, ClientTrafficPolicy and BackendTrafficPolicy.
//!
//! The top-level blocks are typed; inside most blocks the settings are kept as JSON values.
//! Everything this crate does not model is kept verbatim in each struct's `extra` map. Reference
//! shapes are shared with [`super::gateway_api`].
//!
//! Upstream API reference: <https://gateway.envoyproxy.io/docs/api/extension_types/>.
//!
//! One file per kind (`security_policy.rs`, `client_traffic_policy.rs`, `envoy_proxy.rs`,
//! `backend_traffic_policy.rs`) plus the shared [`TargetSelector`] and the rate limits with
//! their [`ClientSelector`]s (`rate_limit.rs`, also used by the AI Gateway QuotaPolicy); every
//! type is re-exported at this module's root. The Envoy
//! Gateway `Backend` has its own module, [`super::backend`].

mod backend_traffic_policy;
mod client_traffic_policy;
mod envoy_proxy;
mod rate_limit;
mod security_policy;
mod target_selector;

pub use backend_traffic_policy::{
    BackOffPolicy, BackendTimeout, BackendTrafficPolicy, BackendTrafficPolicySpec, CircuitBreaker,
    ConsistentHash, ConsistentHashType, Fraction, HashCookie, HashName, HttpBackendTimeout,
    LoadBalancer, LoadBalancerType, PerEndpointCircuitBreakers, PerRetryPolicy, Retry, RetryBudget,
    RetryOn, SlowStart, TcpBackendTimeout,
};

pub use client_traffic_policy::{
    ClientTimeout, ClientTrafficPolicy, ClientTrafficPolicySpec, HttpClientTimeout,
    TcpClientTimeout,
};
pub use envoy_proxy::{EnvoyProxy, EnvoyProxyProvider, EnvoyProxySpec, ProviderType};
pub use rate_limit::{
    ClientHeaderMatch, ClientMatchType, ClientMethodMatch, ClientPathMatch, ClientQueryParamMatch,
    ClientSelector, ClientSourceMatch, GlobalRateLimit, LocalRateLimit, RateLimitCost,
    RateLimitCostFrom, RateLimitCostMetadata, RateLimitCostSpecifier, RateLimitRule, RateLimitSpec,
    RateLimitType, RateLimitUnit, RateLimitValue, SourceMatchType,
};
pub use security_policy::{
    ApiKeyAuth, BasicAuth, Cors, ExtractFrom, SecurityPolicy, SecurityPolicySpec,
};
pub use target_selector::TargetSelector;

#[cfg(test)]
mod tests;
