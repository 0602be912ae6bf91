//! Envoy Gateway policy and proxy kinds (`gateway.envoyproxy.io/v1alpha1`): EnvoyProxy,
//! SecurityPolicy and ClientTrafficPolicy.
//!
//! The top-level blocks are typed; inside most blocks the settings are kept as JSON values.
//! Everything this crate does not model is kept verbatim in each struct's `extra` map. Reference
//! shapes are shared with [`super::gateway_api`].
//!
//! Upstream API reference: <https://gateway.envoyproxy.io/docs/api/extension_types/>.
//!
//! One file per kind (`security_policy.rs`, `client_traffic_policy.rs`, `envoy_proxy.rs`) plus
//! the shared [`TargetSelector`]; every type is re-exported at this module's root. The Envoy
//! Gateway `Backend` has its own module, [`super::backend`].

mod client_traffic_policy;
mod envoy_proxy;
mod security_policy;
mod target_selector;

pub use client_traffic_policy::{
    ClientTimeout, ClientTrafficPolicy, ClientTrafficPolicySpec, HttpClientTimeout,
    TcpClientTimeout,
};
pub use envoy_proxy::{EnvoyProxy, EnvoyProxyProvider, EnvoyProxySpec, ProviderType};
pub use security_policy::{
    ApiKeyAuth, BasicAuth, Cors, ExtractFrom, SecurityPolicy, SecurityPolicySpec,
};
pub use target_selector::TargetSelector;

#[cfg(test)]
mod tests;
