//! Shared code of the runnable examples: the admin guide's objects built with the typed builders.

use nrp_llm_config::resources::Resource;
use nrp_llm_config::resources::backend::Backend;
use nrp_llm_config::resources::v1alpha1::{
    AiGatewayRoute, AiGatewayRouteRule, AiGatewayRouteSpec, AiServiceBackend,
    BackendSecurityPolicy, LlmRequestCost, LlmRequestCostType, ParentReference,
};

/// The model name the guide routes, and the upstream name it overrides it with.
pub const QWEN_UPSTREAM: &str = "Qwen/Qwen3-235B-A22B-Thinking-2507-FP8";
/// The namespace every NRP object lives in.
pub const NAMESPACE: &str = "nrp-llm";

/// The admin guide's objects, in apply order: Backend, AIServiceBackend, BackendSecurityPolicy,
/// AIGatewayRoute.
pub fn guide_objects() -> Vec<Resource> {
    let backend = Backend::fqdn(
        "envoy-ai-gateway-nrp-qwen",
        NAMESPACE,
        "qwen-vllm-inference.nrp-llm.svc.cluster.local",
        5000,
    );
    // The guide's second backend (SDSC, reached by IP; the address is a documentation range).
    let nairr_backend = Backend::ip(
        "envoy-ai-gateway-sdsc-nairr-qwen3",
        NAMESPACE,
        "198.51.100.21",
        8000,
    );
    let nairr_service_backend = AiServiceBackend::openai(
        "envoy-ai-gateway-sdsc-nairr-qwen3",
        NAMESPACE,
        "envoy-ai-gateway-sdsc-nairr-qwen3",
    );
    let service_backend = AiServiceBackend::openai(
        "envoy-ai-gateway-nrp-qwen",
        NAMESPACE,
        "envoy-ai-gateway-nrp-qwen",
    );
    let policy = BackendSecurityPolicy::api_key(
        "envoy-ai-gateway-nrp-apikey",
        NAMESPACE,
        "openai-apikey",
        Some(NAMESPACE),
        &["envoy-ai-gateway-nrp-qwen"],
    );
    let rules = vec![
        AiGatewayRouteRule::for_model(
            "qwen3",
            &[("envoy-ai-gateway-nrp-qwen", Some(QWEN_UPSTREAM))],
        )
        .with_request_timeout("1200s")
        .with_models_owned_by("NRP"),
        AiGatewayRouteRule::for_model(
            "qwen3-nairr",
            &[("envoy-ai-gateway-sdsc-nairr-qwen3", Some(QWEN_UPSTREAM))],
        )
        .with_request_timeout("1200s")
        .with_models_owned_by("SDSC"),
        // Several backendRefs: Envoy round-robins between them.
        AiGatewayRouteRule::for_model(
            "qwen3-combined",
            &[
                ("envoy-ai-gateway-nrp-qwen", Some(QWEN_UPSTREAM)),
                ("envoy-ai-gateway-sdsc-nairr-qwen3", Some(QWEN_UPSTREAM)),
            ],
        )
        .with_request_timeout("1200s")
        .with_models_owned_by("NRP"),
    ];
    let cost = |key: &str, t: LlmRequestCostType| {
        LlmRequestCost::builder()
            .metadata_key(key)
            .r#type(t)
            .build()
    };
    let spec = AiGatewayRouteSpec::builder()
        .llm_request_costs(vec![
            cost("llm_input_token", LlmRequestCostType::InputToken),
            cost("llm_output_token", LlmRequestCostType::OutputToken),
            cost("llm_total_token", LlmRequestCostType::TotalToken),
        ])
        .parent_refs(vec![
            ParentReference::builder()
                .name("envoy-ai-gateway-nrp")
                .kind("Gateway")
                .group("gateway.networking.k8s.io")
                .build(),
        ])
        .rules(rules)
        .build();
    let mut route = AiGatewayRoute::new("envoy-ai-gateway-nrp-qwen", spec);
    route.metadata.namespace = Some(NAMESPACE.to_owned());
    vec![
        Resource::Backend(backend),
        Resource::Backend(nairr_backend),
        Resource::AiServiceBackendV1alpha1(service_backend),
        Resource::AiServiceBackendV1alpha1(nairr_service_backend),
        Resource::BackendSecurityPolicyV1alpha1(policy),
        Resource::AiGatewayRouteV1alpha1(route),
    ]
}
