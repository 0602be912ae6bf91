//! Temporary module list (replaced by the integrator).
pub mod envoy_gateway;
pub mod gateway_api;
