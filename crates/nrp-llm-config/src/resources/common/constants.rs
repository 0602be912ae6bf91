//! Names every kind module agrees on: the model-name header, the default model owner and the
//! API groups.

/// The request header that carries the model name; AI Gateway fills it from the request body
/// before routing, so rules match on it.
pub const MODEL_NAME_HEADER: &str = "x-ai-eg-model";

/// The owner `/v1/models` reports for the models of a rule without `modelsOwnedBy`: the AI
/// Gateway controller's fallback, and the CRD default of that field in every supported release.
pub const DEFAULT_MODELS_OWNER: &str = "Envoy AI Gateway";

/// API group of the AI Gateway kinds.
pub const AI_GATEWAY_GROUP: &str = "aigateway.envoyproxy.io";

/// API group of the Envoy Gateway kinds (Backend, SecurityPolicy, ...).
pub const ENVOY_GATEWAY_GROUP: &str = "gateway.envoyproxy.io";

/// API group of the Gateway API kinds (Gateway, GatewayClass, HTTPRoute).
pub const GATEWAY_API_GROUP: &str = "gateway.networking.k8s.io";
