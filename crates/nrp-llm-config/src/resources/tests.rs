//! Decoding, encoding and canonical form of every typed kind, on upstream and NRP objects.

use serde_json::{Value, json};

use super::common::{
    ApiSchemaName, BackendSecurityPolicyType, HeaderMatchType, LlmRequestCostType,
};
use super::*;
use crate::object_ref::group_of;
use kube_core::CustomResourceExt;

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str::<Value>(text).unwrap()
}

/// A value as JSON text, keys in their order (`Value` equality ignores key order; the text does
/// not).
fn text(value: &Value) -> String {
    serde_json::to_string(value).unwrap()
}

// The objects below are accepted cases of the upstream CRD validation tests
// (envoyproxy/ai-gateway `tests/crdcel/testdata/`, Copyright Envoy AI Gateway Authors,
// Apache-2.0), with comment headers removed.
const ROUTE_V1BETA1_LLMCOSTS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIGatewayRoute
metadata:
  name: llmcosts
  namespace: default
spec:
  parentRefs:
    - name: some-gateway
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: llama3-70b
      backendRefs:
        - name: kserve
          weight: 20
        - name: aws-bedrock
          weight: 40
  llmRequestCosts:
    - metadataKey: llm_input_token
      type: InputToken
    - metadataKey: llm_write_input_cached_token
      type: CacheCreationInputToken
    - metadataKey: some_cel_cost
      type: CEL
      cel: "input_token + cached_input_token + output_token + total_token"
"#;

const ROUTE_V1BETA1_INFERENCE_POOL: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIGatewayRoute
metadata:
  name: inference-pool-valid
  namespace: default
spec:
  parentRefs:
    - name: some-gateway
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: llama3-8b
      backendRefs:
        - name: vllm-llama3-8b-instruct
          group: inference.networking.k8s.io
          kind: InferencePool
"#;

const ROUTE_V1ALPHA1_V03_TARGET_REFS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: apple
  namespace: default
spec:
  targetRefs:
    - name: some-gateway
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: llama3-70b
      backendRefs:
        - name: kserve
          weight: 20
"#;

const BACKEND_V1BETA1_AWS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata:
  name: eg-backend
  namespace: default
spec:
  schema:
    name: AWSBedrock
  backendRef:
    name: eg-backend
    kind: Backend
    group: gateway.envoyproxy.io
"#;

const BSP_V1BETA1_AWS_OIDC: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata:
  name: aws-oidc-policy
  namespace: default
spec:
  type: AWSCredentials
  awsCredentials:
    region: us-east-1
    oidcExchangeToken:
      awsRoleArn: placeholder
      oidc:
        provider:
          issuer: placeholder
        clientID: placeholder
        clientSecret:
          name: placeholder
"#;

const BSP_V1BETA1_CREDENTIAL_OVERRIDE: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata:
  name: aws-credential-override-policy
  namespace: default
spec:
  type: AWSCredentials
  awsCredentials:
    region: us-east-1
  credentialOverride:
    fromDynamicMetadata:
      namespace: envoy.filters.http.ext_authz
"#;

const BSP_V1BETA1_AZURE: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata:
  name: azure-valid-credentials-policy
  namespace: default
spec:
  type: AzureCredentials
  azureCredentials:
    clientID: dummy_azure_client_id
    tenantID: dummy_azure_tenant_id
    clientSecretRef:
      name: dummy_azure_secret_ref_name
"#;

const BSP_V1ALPHA1_TARGET_REFS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata:
  name: targetrefs-basic-policy
  namespace: default
spec:
  targetRefs:
    - group: aigateway.envoyproxy.io
      kind: AIServiceBackend
      name: test-backend
  type: APIKey
  apiKey:
    secretRef:
      name: api-key-secret
"#;

const BSP_V1ALPHA1_AWS_FILE: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata:
  name: aws-credential-file-policy
  namespace: default
spec:
  type: AWSCredentials
  awsCredentials:
    region: us-east-1
    credentialsFile:
      secretRef:
        name: placeholder
"#;

#[test]
fn upstream_accepted_objects_round_trip() {
    let cases = [
        (ROUTE_V1BETA1_LLMCOSTS, "AiGatewayRouteV1beta1"),
        (ROUTE_V1BETA1_INFERENCE_POOL, "AiGatewayRouteV1beta1"),
        (ROUTE_V1ALPHA1_V03_TARGET_REFS, "AiGatewayRouteV1alpha1"),
        (BACKEND_V1BETA1_AWS, "AiServiceBackendV1beta1"),
        (BSP_V1BETA1_AWS_OIDC, "BackendSecurityPolicyV1beta1"),
        (
            BSP_V1BETA1_CREDENTIAL_OVERRIDE,
            "BackendSecurityPolicyV1beta1",
        ),
        (BSP_V1BETA1_AZURE, "BackendSecurityPolicyV1beta1"),
        (BSP_V1ALPHA1_TARGET_REFS, "BackendSecurityPolicyV1alpha1"),
        (BSP_V1ALPHA1_AWS_FILE, "BackendSecurityPolicyV1alpha1"),
    ];
    let mut reordered = 0;
    for (yaml_text, variant) in cases {
        let value = yaml(yaml_text);
        let resource = Resource::from_value(&value).unwrap();
        let debug = format!("{resource:?}");
        assert!(debug.starts_with(variant), "{variant}: {debug}");
        assert_eq!(resource.to_value(), value, "{variant}");
        // The canonical form is the typed encoding, key order included, not the input.
        let canon = canonical(&value);
        assert_eq!(text(&canon), text(&resource.to_value()), "{variant}");
        reordered += usize::from(text(&canon) != text(&value));
        // Nothing landed in `extra`: every upstream field is typed.
        assert!(!debug.contains("extra: {\""), "{variant}: {debug}");
    }
    // Five of the samples are written in another order than upstream's field order.
    assert_eq!(reordered, 5);
}

#[test]
fn typed_fields_are_reachable() {
    let Resource::BackendSecurityPolicyV1beta1(p) =
        Resource::from_value(&yaml(BSP_V1BETA1_CREDENTIAL_OVERRIDE)).unwrap()
    else {
        panic!("wrong variant");
    };
    let over = p.spec.credential_override.unwrap();
    assert_eq!(
        over.from_dynamic_metadata.unwrap().namespace,
        "envoy.filters.http.ext_authz"
    );
    let Resource::BackendSecurityPolicyV1beta1(p) =
        Resource::from_value(&yaml(BSP_V1BETA1_AWS_OIDC)).unwrap()
    else {
        panic!("wrong variant");
    };
    let oidc = p.spec.aws_credentials.unwrap().oidc_exchange_token.unwrap();
    assert_eq!(oidc.aws_role_arn, "placeholder");
    assert_eq!(oidc.oidc.client_id.as_deref(), Some("placeholder"));
    assert_eq!(oidc.oidc.provider.issuer, "placeholder");
}

// The three objects of the NRP admin guide, with its key order.
const NRP_OBJECTS: &str = r#"
- apiVersion: aigateway.envoyproxy.io/v1alpha1
  kind: AIServiceBackend
  metadata:
    name: envoy-ai-gateway-nrp-qwen
    namespace: nrp-llm
  spec:
    schema:
      name: OpenAI
    backendRef:
      name: envoy-ai-gateway-nrp-qwen
      kind: Backend
      group: gateway.envoyproxy.io
- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: envoy-ai-gateway-nrp-qwen
    namespace: nrp-llm
  spec:
    endpoints:
      - fqdn:
          hostname: qwen-vllm-inference.nrp-llm.svc.cluster.local
          port: 5000
- apiVersion: aigateway.envoyproxy.io/v1alpha1
  kind: BackendSecurityPolicy
  metadata:
    name: envoy-ai-gateway-nrp-apikey
    namespace: nrp-llm
  spec:
    type: APIKey
    apiKey:
      secretRef:
        name: openai-apikey
        namespace: nrp-llm
    targetRefs:
      - name: envoy-ai-gateway-nrp-qwen
        kind: AIServiceBackend
        group: aigateway.envoyproxy.io
"#;

#[test]
fn constructors_match_the_admin_guide() {
    let Value::Array(objects) = yaml(NRP_OBJECTS) else {
        panic!("not a list");
    };
    let built = [
        Resource::AiServiceBackendV1alpha1(v1alpha1::AiServiceBackend::openai(
            "envoy-ai-gateway-nrp-qwen",
            "nrp-llm",
            "envoy-ai-gateway-nrp-qwen",
        )),
        Resource::Backend(backend::Backend::fqdn(
            "envoy-ai-gateway-nrp-qwen",
            "nrp-llm",
            "qwen-vllm-inference.nrp-llm.svc.cluster.local",
            5000,
        )),
        Resource::BackendSecurityPolicyV1alpha1(v1alpha1::BackendSecurityPolicy::api_key(
            "envoy-ai-gateway-nrp-apikey",
            "nrp-llm",
            "openai-apikey",
            Some("nrp-llm"),
            &["envoy-ai-gateway-nrp-qwen"],
        )),
    ];
    for (object, built) in objects.iter().zip(built) {
        assert_eq!(&built.to_value(), object);
        assert_eq!(Resource::from_value(object).unwrap(), built);
        // canonical puts keys in upstream order: the constructors' order.
        assert_eq!(text(&canonical(object)), text(&built.to_value()));
    }
    // The guide writes `name, kind, group` and `type, apiKey, targetRefs`; the canonical form
    // (what `fmt` writes) uses upstream's order.
    assert_eq!(
        crate::document::to_yaml_one(&canonical(&objects[2])),
        "\
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata:
  name: envoy-ai-gateway-nrp-apikey
  namespace: nrp-llm
spec:
  targetRefs:
  - group: aigateway.envoyproxy.io
    kind: AIServiceBackend
    name: envoy-ai-gateway-nrp-qwen
  type: APIKey
  apiKey:
    secretRef:
      name: openai-apikey
      namespace: nrp-llm
"
    );
}

#[test]
fn route_with_for_model_round_trips() {
    let rule = v1alpha1::AiGatewayRouteRule::for_model("qwen3", &[("qwen", Some("Qwen/Qwen3"))])
        .with_request_timeout("120s")
        .with_models_owned_by("NRP");
    let spec = v1alpha1::AiGatewayRouteSpec::builder()
        .parent_refs(vec![
            v1alpha1::ParentReference::builder()
                .name("envoy-ai-gateway")
                .namespace("envoy-gateway-system")
                .build(),
        ])
        .rules(vec![rule])
        .build();
    let mut route = v1alpha1::AiGatewayRoute::new("nrp", spec);
    route.metadata.namespace = Some("nrp-llm".into());
    let value = serde_json::to_value(&route).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["apiVersion", "kind", "metadata", "spec"]);
    assert_eq!(
        value["spec"]["rules"][0]["timeouts"],
        json!({"request": "120s"})
    );
    assert_eq!(value["spec"]["rules"][0]["modelsOwnedBy"], "NRP");
    assert_eq!(
        Resource::from_value(&value).unwrap(),
        Resource::AiGatewayRouteV1alpha1(route)
    );
}

#[test]
fn unknown_fields_below_the_root_survive() {
    let value = json!({
        "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
        "kind": "AIGatewayRoute",
        "metadata": {"name": "r", "namespace": "ns"},
        "spec": {
            "futureSpecField": {"a": [1, 2]},
            "rules": [{
                "futureRuleField": true,
                "backendRefs": [{"name": "b", "futureRefField": "x"}],
                "matches": [{"headers": [{"name": "x-ai-eg-model", "value": "m", "type": "Glob"}]}]
            }],
            "llmRequestCosts": [{"metadataKey": "k", "type": "FutureToken"}],
            "schema": {"name": "SomeRandomVendor"}
        }
    });
    let resource = Resource::from_value(&value).unwrap();
    let Resource::AiGatewayRouteV1alpha1(route) = &resource else {
        panic!("wrong variant");
    };
    assert_eq!(route.spec.extra["futureSpecField"], json!({"a": [1, 2]}));
    let rule = &route.spec.rules[0];
    assert_eq!(rule.extra["futureRuleField"], json!(true));
    assert_eq!(
        rule.backend_refs.as_ref().unwrap()[0].extra["futureRefField"],
        json!("x")
    );
    let header = &rule.matches.as_ref().unwrap()[0].headers.as_ref().unwrap()[0];
    assert_eq!(header.r#type, Some(HeaderMatchType::Other("Glob".into())));
    assert_eq!(
        route.spec.schema.as_ref().unwrap().name,
        ApiSchemaName::Other("SomeRandomVendor".into())
    );
    assert_eq!(resource.to_value(), value);
    // In the canonical form, unknown fields come after the known ones of their object.
    assert_eq!(
        text(&canonical(&value)),
        r#"{"apiVersion":"aigateway.envoyproxy.io/v1alpha1","kind":"AIGatewayRoute","metadata":{"name":"r","namespace":"ns"},"spec":{"schema":{"name":"SomeRandomVendor"},"rules":[{"matches":[{"headers":[{"type":"Glob","name":"x-ai-eg-model","value":"m"}]}],"backendRefs":[{"name":"b","futureRefField":"x"}],"futureRuleField":true}],"llmRequestCosts":[{"metadataKey":"k","type":"FutureToken"}],"futureSpecField":{"a":[1,2]}}}"#
    );
}

#[test]
fn unknown_top_level_field_is_dropped_by_the_typed_root_but_canonical_keeps_it() {
    // Written in another order than upstream's.
    let value = json!({
        "kind": "Backend",
        "apiVersion": "gateway.envoyproxy.io/v1alpha1",
        "spec": {"endpoints": [{"ip": {"port": 80, "address": "10.0.0.1"}}]},
        "metadata": {"namespace": "ns", "name": "b"},
        "futureTopLevel": 1
    });
    let resource = Resource::from_value(&value).unwrap();
    assert!(resource.to_value().get("futureTopLevel").is_none());
    // Re-encoding would lose the unknown key, so canonical returns the object as it is, in its
    // own order.
    assert_eq!(text(&canonical(&value)), text(&value));
    // Without that key the same object is re-encoded in upstream order.
    let mut known = value.clone();
    known
        .as_object_mut()
        .unwrap()
        .shift_remove("futureTopLevel");
    assert_eq!(
        text(&canonical(&known)),
        r#"{"apiVersion":"gateway.envoyproxy.io/v1alpha1","kind":"Backend","metadata":{"name":"b","namespace":"ns"},"spec":{"endpoints":[{"ip":{"address":"10.0.0.1","port":80}}]}}"#
    );
}

#[test]
fn absent_and_empty_lists_stay_apart() {
    let value = json!({
        "apiVersion": "aigateway.envoyproxy.io/v1beta1",
        "kind": "AIGatewayRoute",
        "metadata": {"name": "r"},
            "spec": {"parentRefs": [], "rules": [{"matches": []}]}
    });
    let resource = Resource::from_value(&value).unwrap();
    let Resource::AiGatewayRouteV1beta1(route) = &resource else {
        panic!("wrong variant");
    };
    assert_eq!(route.spec.parent_refs, Some(vec![]));
    assert_eq!(route.spec.hostnames, None);
    assert_eq!(resource.to_value(), value);
}

#[test]
fn decode_errors_carry_wire_paths() {
    let mut value = yaml(ROUTE_V1BETA1_LLMCOSTS);
    value["spec"]["rules"][0]["backendRefs"][1]["weight"] = json!("x");
    let err = Resource::from_value(&value).unwrap_err();
    assert_eq!(err.path.to_string(), "spec.rules[0].backendRefs[1].weight");
    assert_eq!(err.message, "invalid type: string \"x\", expected i32");
    assert_eq!(err.kind, "AIGatewayRoute");
    assert_eq!(
        err.to_string(),
        "spec.rules[0].backendRefs[1].weight: invalid type: string \"x\", expected i32"
    );

    let mut value = yaml(BSP_V1BETA1_AZURE);
    value["spec"]["azureCredentials"]
        .as_object_mut()
        .unwrap()
        .remove("clientID");
    let err = Resource::from_value(&value).unwrap_err();
    assert_eq!(err.path.to_string(), "spec.azureCredentials");
    assert_eq!(err.message, "missing field `clientID`");
    // canonical never fails: it returns the input as it is.
    assert_eq!(text(&canonical(&value)), text(&value));

    let value = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
        "metadata": {"name": "b", "labels": {"app": 3}}, "spec": {}});
    let err = Resource::from_value(&value).unwrap_err();
    assert_eq!(
        err.path.segments().last(),
        Some(&crate::Segment::Key("app".into()))
    );
}

#[test]
fn other_objects_are_kept_verbatim() {
    let value = json!({
        "kind": "Widget",
        "spec": {"weird": [1, "x"]},
        "metadata": {"namespace": "ns", "name": "h"},
        "apiVersion": "example.org/v1"
    });
    let resource = Resource::from_value(&value).unwrap();
    assert_eq!(resource, Resource::Other(value.clone()));
    assert_eq!(text(&resource.to_value()), text(&value));
    assert_eq!(text(&canonical(&value)), text(&value));
    assert_eq!(resource.kind(), "Widget");
    let r = resource.object_ref().unwrap();
    assert_eq!(r.group, "example.org");
    assert_eq!(r.namespace.as_deref(), Some("ns"));
    // An AI Gateway kind at an unmodelled version is untyped too.
    let value = json!({"apiVersion": "aigateway.envoyproxy.io/v2", "kind": "AIGatewayRoute",
        "metadata": {"name": "x"}, "spec": 5});
    assert!(matches!(
        Resource::from_value(&value).unwrap(),
        Resource::Other(_)
    ));
}

#[test]
fn object_ref_of_typed_objects() {
    let resource = Resource::from_value(&yaml(BSP_V1ALPHA1_TARGET_REFS)).unwrap();
    let r = resource.object_ref().unwrap();
    assert_eq!(r.group, "aigateway.envoyproxy.io");
    assert_eq!(r.kind, "BackendSecurityPolicy");
    assert_eq!(
        r.to_string(),
        "BackendSecurityPolicy default/targetrefs-basic-policy"
    );
    let nameless = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
        "metadata": {}, "spec": {}});
    assert_eq!(Resource::from_value(&nameless).unwrap().object_ref(), None);
}

#[test]
fn status_round_trips() {
    let mut value = yaml(BACKEND_V1BETA1_AWS);
    value["status"] = json!({"conditions": [{
        "type": "Accepted",
        "status": "True",
        "reason": "Accepted",
        "message": "ok",
        "lastTransitionTime": "2025-01-02T03:04:05Z",
        "observedGeneration": 2
    }], "futureStatus": "x"});
    let resource = Resource::from_value(&value).unwrap();
    let Resource::AiServiceBackendV1beta1(b) = &resource else {
        panic!("wrong variant");
    };
    let status = b.status.as_ref().unwrap();
    assert_eq!(status.conditions.as_ref().unwrap()[0].type_, "Accepted");
    assert_eq!(status.extra["futureStatus"], json!("x"));
    assert_eq!(resource.to_value(), value);
}

#[test]
fn backend_superset_round_trips() {
    let value = json!({
        "apiVersion": "gateway.envoyproxy.io/v1alpha1",
        "kind": "Backend",
        "metadata": {"name": "b", "namespace": "ns", "labels": {"app": "x"}},
        "spec": {
            "type": "Endpoints",
            "endpoints": [
                {"fqdn": {"hostname": "a.example", "port": 443}, "hostname": "a.example", "zone": "z1"},
                {"unix": {"path": "/run/x.sock"}, "futureEndpointField": 1}
            ],
            "appProtocols": ["gateway.envoyproxy.io/h2c", "example.org/future"],
            "fallback": true,
            "tls": {
                "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "ca"}],
                "sni": "a.example",
                "clientCertificateRef": {"name": "client"},
                "minVersion": "1.2",
                "maxVersion": "Auto",
                "ciphers": ["ECDHE-RSA-AES128-GCM-SHA256"],
                "alpnProtocols": ["h2"],
                "fingerprints": ["JA3", "JA4"]
            }
        }
    });
    let resource = Resource::from_value(&value).unwrap();
    let Resource::Backend(b) = &resource else {
        panic!("wrong variant");
    };
    let tls = b.spec.tls.as_ref().unwrap();
    assert_eq!(tls.min_version, Some(backend::TlsVersion::V1_2));
    assert_eq!(
        b.spec.app_protocols.as_ref().unwrap()[1],
        backend::AppProtocolType::Other("example.org/future".into())
    );
    assert_eq!(resource.to_value(), value);
    // Known fields in upstream order (metadata as k8s-openapi writes it), unknown ones after
    // them.
    assert_eq!(
        text(&canonical(&value)),
        r#"{"apiVersion":"gateway.envoyproxy.io/v1alpha1","kind":"Backend","metadata":{"labels":{"app":"x"},"name":"b","namespace":"ns"},"spec":{"type":"Endpoints","endpoints":[{"fqdn":{"hostname":"a.example","port":443},"hostname":"a.example","zone":"z1"},{"unix":{"path":"/run/x.sock"},"futureEndpointField":1}],"appProtocols":["gateway.envoyproxy.io/h2c","example.org/future"],"fallback":true,"tls":{"caCertificateRefs":[{"group":"","kind":"ConfigMap","name":"ca"}],"sni":"a.example","clientCertificateRef":{"name":"client"},"minVersion":"1.2","maxVersion":"Auto","ciphers":["ECDHE-RSA-AES128-GCM-SHA256"],"alpnProtocols":["h2"],"fingerprints":["JA3","JA4"]}}}"#
    );
}

#[test]
fn string_enums_keep_raw_values() {
    for raw in [
        "OpenAI",
        "AWSBedrock",
        "AzureOpenAI",
        "GCPVertexAI",
        "GCPAnthropic",
        "Vendor",
    ] {
        let parsed: ApiSchemaName = serde_json::from_value(json!(raw)).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(raw));
        assert_eq!(parsed.to_string(), raw);
    }
    assert_eq!(ApiSchemaName::from("OpenAI"), ApiSchemaName::OpenAi);
    assert!(!ApiSchemaName::from("Vendor").is_known());
    assert_eq!(
        BackendSecurityPolicyType::from("APIKey"),
        BackendSecurityPolicyType::ApiKey
    );
    assert_eq!(
        BackendSecurityPolicyType::from("AWSCredentials"),
        BackendSecurityPolicyType::AwsCredentials
    );
    assert_eq!(LlmRequestCostType::from("CEL"), LlmRequestCostType::Cel);
    let err = serde_json::from_value::<ApiSchemaName>(json!(3)).unwrap_err();
    assert!(err.to_string().contains("expected a string"), "{err}");
}

#[test]
fn canonical_compares_without_key_order() {
    let value = json!({
        "spec": {"backendRef": {"name": "b", "kind": "Backend", "group": "gateway.envoyproxy.io"},
                 "schema": {"name": "OpenAI"}},
        "metadata": {"namespace": "ns", "name": "a"},
        "kind": "AIServiceBackend",
        "apiVersion": "aigateway.envoyproxy.io/v1beta1"
    });
    assert_eq!(
        text(&canonical(&value)),
        r#"{"apiVersion":"aigateway.envoyproxy.io/v1beta1","kind":"AIServiceBackend","metadata":{"name":"a","namespace":"ns"},"spec":{"schema":{"name":"OpenAI"},"backendRef":{"group":"gateway.envoyproxy.io","kind":"Backend","name":"b"}}}"#
    );
}

#[test]
fn derived_crds_have_the_upstream_names() {
    let crds = [
        v1alpha1::AiGatewayRoute::crd(),
        v1alpha1::AiServiceBackend::crd(),
        v1alpha1::BackendSecurityPolicy::crd(),
        v1beta1::AiGatewayRoute::crd(),
        v1beta1::AiServiceBackend::crd(),
        v1beta1::BackendSecurityPolicy::crd(),
        backend::Backend::crd(),
        v1alpha1::McpRoute::crd(),
        v1beta1::McpRoute::crd(),
        v1alpha1::GatewayConfig::crd(),
        v1beta1::GatewayConfig::crd(),
        v1alpha1::QuotaPolicy::crd(),
        BackendTrafficPolicy::crd(),
    ];
    let names: Vec<_> = crds
        .iter()
        .map(|c| c.metadata.name.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "aigatewayroutes.aigateway.envoyproxy.io",
            "aiservicebackends.aigateway.envoyproxy.io",
            "backendsecuritypolicies.aigateway.envoyproxy.io",
            "aigatewayroutes.aigateway.envoyproxy.io",
            "aiservicebackends.aigateway.envoyproxy.io",
            "backendsecuritypolicies.aigateway.envoyproxy.io",
            "backends.gateway.envoyproxy.io",
            "mcproutes.aigateway.envoyproxy.io",
            "mcproutes.aigateway.envoyproxy.io",
            "gatewayconfigs.aigateway.envoyproxy.io",
            "gatewayconfigs.aigateway.envoyproxy.io",
            "quotapolicies.aigateway.envoyproxy.io",
            "backendtrafficpolicies.gateway.envoyproxy.io",
        ]
    );
    for crd in &crds[9..11] {
        assert_eq!(
            crd.spec.names.short_names,
            Some(vec!["gwconfig".to_owned()])
        );
    }
    for crd in &crds {
        assert_eq!(crd.spec.scope, "Namespaced");
    }
}

#[test]
fn kind_table_matches_the_typed_models() {
    let scopes = super::resource::derived_scopes();
    let versions: usize = KINDS.iter().map(|k| k.api_versions.len()).sum();
    assert_eq!(versions, scopes.len(), "one table entry per typed version");
    for (api_version, kind, namespaced) in scopes {
        let info = KINDS
            .iter()
            .find(|k| k.kind == kind && k.api_versions.contains(&api_version))
            .unwrap_or_else(|| panic!("{api_version} {kind} is missing from KINDS"));
        assert_eq!(info.namespaced, namespaced, "{api_version} {kind}");
    }
    let mut seen = std::collections::HashSet::new();
    for info in KINDS {
        assert!(seen.insert((info.group, info.kind)), "{} twice", info.kind);
        let mut generator = schemars::SchemaGenerator::default();
        for api_version in info.api_versions {
            assert_eq!(group_of(api_version), info.group, "{}", info.kind);
            assert!(info.json_schema(api_version, &mut generator).is_some());
            // Every listed version decodes into a typed variant, never into `Other`.
            let object = json!({"apiVersion": api_version, "kind": info.kind,
                "metadata": {"name": "x"}});
            match Resource::from_value(&object) {
                Ok(Resource::Other(_)) => panic!("{api_version} {} is untyped", info.kind),
                Ok(r) => assert_eq!((r.api_version(), r.kind()), (*api_version, info.kind)),
                Err(e) => assert_eq!(
                    (e.api_version.as_str(), e.kind.as_str()),
                    (*api_version, info.kind)
                ),
            }
        }
        assert!(info.json_schema("example.org/v1", &mut generator).is_none());
    }
}

// Objects of the kinds added with AI Gateway 0.4–0.6, written for these tests with every
// field the v1.1.0 schemas define (and upstream accepts them: checked below).
const MCP_ROUTE_FULL: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: MCPRoute
metadata:
  name: mcp-tools
  namespace: nrp-llm
spec:
  parentRefs:
  - group: gateway.networking.k8s.io
    kind: Gateway
    name: envoy-ai-gateway-nrp
    sectionName: https
  path: /mcp
  headers:
  - type: Exact
    name: x-team
    value: nrp
  hostnames:
  - llm.nrp.ai
  backendRefs:
  - group: gateway.envoyproxy.io
    kind: Backend
    name: github
    path: /mcp/readonly
    toolSelector:
      includeRegex:
      - .*issues?.*
      exclude:
      - delete_issue
    securityPolicy:
      apiKey:
        secretRef:
          name: github-token
        header: X-Api-Key
    forwardHeaders:
    - name: x-user-id
      backendHeader: x-github-user
  - kind: Service
    name: search
    namespace: tools
    port: 8080
    securityPolicy:
      apiKey:
        inline: not-a-secret
        queryParam: key
  securityPolicy:
    oauth:
      issuer: https://auth.nrp.ai/
      audiences:
      - mcp
      jwks:
        remoteJWKS:
          backendRefs:
          - group: gateway.envoyproxy.io
            kind: Backend
            name: keycloak
            port: 443
            weight: 1
            fallback: false
          backendSettings:
            retry:
              numRetries: 3
          uri: https://auth.nrp.ai/jwks.json
          cacheDuration: 600s
      protectedResourceMetadata:
        resource: https://llm.nrp.ai/mcp
        resourceName: NRP tools
        scopesSupported:
        - tools
        resourceSigningAlgValuesSupported:
        - RS256
        resourceDocumentation: https://nrp.ai/docs
        resourcePolicyUri: https://nrp.ai/policy
      claimToHeaders:
      - header: x-user-id
        claim: sub
    extAuth:
      http:
        backendRefs:
        - name: authz
          port: 9000
        path: /check
        headersToBackend:
        - x-authz-user
      headersToExtAuth:
      - authorization
      bodyToExtAuth:
        maxRequestBytes: 8192
      timeout: 2s
      failOpen: false
      recomputeRoute: true
      includeRouteMetadata: true
      contextExtensions:
      - name: cluster
        type: Value
        value: nrp
      - name: tenant
        type: ValueRef
        valueRef:
          group: ""
          kind: ConfigMap
          name: tenants
          key: default
      statusOnError: 503
    authorization:
      defaultAction: Deny
      rules:
      - source:
          jwt:
            scopes:
            - tools
            claims:
            - name: groups
              valueType: StringArray
              values:
              - nrp-admins
        target:
          tools:
          - backend: github
            tool: list_issues
        cel: request.method == 'POST'
        action: Allow
  backendSelector:
    defaultAction: Allow
    rules:
    - cel: "true"
      action: Allow
"#;

const GATEWAY_CONFIG_FULL: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: GatewayConfig
metadata:
  name: envoy-ai-gateway-nrp
  namespace: nrp-llm
spec:
  extProc:
    kubernetes:
      env:
      - name: LOG_LEVEL
        value: debug
      - name: POD_NAME
        valueFrom:
          fieldRef:
            apiVersion: v1
            fieldPath: metadata.name
      - name: CPU_LIMIT
        valueFrom:
          resourceFieldRef:
            containerName: ai-gateway-extproc
            resource: limits.cpu
            divisor: 1m
      - name: FROM_CONFIG_MAP
        valueFrom:
          configMapKeyRef:
            name: settings
            key: a
            optional: true
      - name: FROM_SECRET
        valueFrom:
          secretKeyRef:
            name: creds
            key: b
      - name: FROM_FILE
        valueFrom:
          fileKeyRef:
            volumeName: env
            path: app.env
            key: c
            optional: false
      resources:
        claims:
        - name: gpu
          request: one
        limits:
          cpu: "1"
          memory: 512Mi
        requests:
          cpu: 100m
      securityContext:
        capabilities:
          add:
          - NET_BIND_SERVICE
          drop:
          - ALL
        privileged: false
        seLinuxOptions:
          user: u
          role: r
          type: t
          level: s0
        windowsOptions:
          gmsaCredentialSpecName: gmsa
          gmsaCredentialSpec: spec
          runAsUserName: w
          hostProcess: false
        runAsUser: 65532
        runAsGroup: 65532
        runAsNonRoot: true
        readOnlyRootFilesystem: true
        allowPrivilegeEscalation: false
        procMount: Default
        seccompProfile:
          type: RuntimeDefault
        appArmorProfile:
          type: Localhost
          localhostProfile: extproc
      imageRepository: docker.io/envoyproxy/ai-gateway-extproc
      volumeMounts:
      - name: env
        readOnly: true
        recursiveReadOnly: Disabled
        mountPath: /etc/env
        subPath: app
        mountPropagation: None
  globalLLMRequestCosts:
  - metadataKey: llm_total_token
    type: TotalToken
  - metadataKey: weighted
    type: CEL
    cel: input_tokens + output_tokens * 4
  forwardProxy:
    address: http://proxy.nrp.ai:3128
"#;

const QUOTA_POLICY_FULL: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: QuotaPolicy
metadata:
  name: qwen-quota
  namespace: nrp-llm
spec:
  targetRefs:
  - group: aigateway.envoyproxy.io
    kind: AIServiceBackend
    name: envoy-ai-gateway-nrp-qwen
  serviceQuota:
    costExpression: input_tokens + output_tokens
    quota:
      limit: 10000000
      duration: 1d
  perModelQuotas:
  - modelName: Qwen/Qwen3-235B
    quota:
      costExpression: input_tokens + output_tokens * 4u
      mode: Shared
      defaultBucket:
        limit: 100000
        duration: 1h
      bucketRules:
      - clientSelectors:
        - headers:
          - type: Exact
            name: x-tenant
            value: premium
            invert: false
          methods:
          - value: POST
            invert: false
          path:
            type: PathPrefix
            value: /v1
            invert: false
          sourceCIDR:
            type: Distinct
            value: 10.0.0.0/8
            invert: false
          queryParams:
          - type: Distinct
            name: user
            invert: false
        quota:
          limit: 500000
          duration: 1h
        shadowMode: true
"#;

/// Decodes `text`, checks the variant, that nothing landed in an `extra` map, that it encodes
/// back equal, and that upstream v1.1.0 accepts it.
fn typed_without_extra(text_yaml: &str, variant: &str) -> Resource {
    let value = yaml(text_yaml);
    let diagnostics = crate::oracle::oracle(crate::Release::V1_1).validate(&value);
    assert!(diagnostics.is_empty(), "{variant}: {diagnostics:?}");
    let resource = Resource::from_value(&value).unwrap();
    let debug = format!("{resource:?}");
    assert!(debug.starts_with(variant), "{variant}: {debug}");
    assert!(!debug.contains("extra: {\""), "{variant}: {debug}");
    assert_eq!(resource.to_value(), value, "{variant}");
    // Written in upstream field order, so the canonical form is the text itself.
    assert_eq!(text(&canonical(&value)), text(&value), "{variant}");
    resource
}

#[test]
fn new_kinds_type_every_field() {
    let Resource::McpRouteV1beta1(route) = typed_without_extra(MCP_ROUTE_FULL, "McpRouteV1beta1")
    else {
        unreachable!()
    };
    let oauth = route
        .spec
        .security_policy
        .as_ref()
        .unwrap()
        .oauth
        .as_ref()
        .unwrap();
    let remote = oauth.jwks.as_ref().unwrap().remote_jwks.as_ref().unwrap();
    assert_eq!(remote.cache_duration.as_deref(), Some("600s"));
    assert_eq!(route.spec.backend_refs[1].port, Some(8080));
    // The same object served as v1alpha1 decodes into the v1alpha1 model.
    let alpha = MCP_ROUTE_FULL.replace("v1beta1", "v1alpha1");
    typed_without_extra(&alpha, "McpRouteV1alpha1");

    let Resource::GatewayConfigV1beta1(config) =
        typed_without_extra(GATEWAY_CONFIG_FULL, "GatewayConfigV1beta1")
    else {
        unreachable!()
    };
    let container = config.spec.ext_proc.unwrap().kubernetes.unwrap();
    assert_eq!(container.env.unwrap().len(), 6);
    typed_without_extra(
        &GATEWAY_CONFIG_FULL.replace("v1beta1", "v1alpha1"),
        "GatewayConfigV1alpha1",
    );

    let Resource::QuotaPolicy(policy) = typed_without_extra(QUOTA_POLICY_FULL, "QuotaPolicy")
    else {
        unreachable!()
    };
    let quota = &policy.spec.per_model_quotas.unwrap()[0].quota;
    assert_eq!(quota.mode, Some(v1alpha1::QuotaBucketMode::Shared));
    assert_eq!(
        quota.default_bucket.as_ref().unwrap().duration,
        v1alpha1::QuotaDuration::Hour
    );
}

#[test]
fn new_kind_constructors_are_accepted_upstream() {
    use envoy_gateway::ClientMatchType;
    let quota = v1alpha1::PerModelQuota::new("qwen3", 100_000, v1alpha1::QuotaDuration::Hour)
        .with_cost_expression("input_tokens + output_tokens")
        .with_client_bucket("x-user-id", 10_000, "1h");
    let built = [
        Resource::QuotaPolicy(v1alpha1::QuotaPolicy::for_backend(
            "q",
            "nrp-llm",
            "qwen",
            vec![quota],
        )),
        Resource::QuotaPolicy(v1alpha1::QuotaPolicy::per_model(
            "q", "nrp-llm", "qwen", "qwen3", 1, "1d",
        )),
        Resource::McpRouteV1alpha1(v1alpha1::McpRoute::single_backend(
            "m",
            "nrp-llm",
            "gw",
            v1alpha1::McpRouteBackendRef::envoy_backend("github").with_path("/mcp"),
        )),
        Resource::McpRouteV1beta1(v1beta1::McpRoute::single_backend(
            "m",
            "nrp-llm",
            "gw",
            v1beta1::McpRouteBackendRef::envoy_backend("github"),
        )),
        Resource::GatewayConfigV1alpha1(v1alpha1::GatewayConfig::minimal("g", "nrp-llm")),
        Resource::GatewayConfigV1beta1(
            v1beta1::GatewayConfig::minimal("g", "nrp-llm").with_global_llm_request_cost(
                v1beta1::LlmRequestCost::builder()
                    .metadata_key("total")
                    .r#type(LlmRequestCostType::TotalToken)
                    .build(),
            ),
        ),
    ];
    for resource in built {
        let value = resource.to_value();
        let diagnostics = crate::oracle::oracle(crate::Release::V1_1).validate(&value);
        assert!(diagnostics.is_empty(), "{value}: {diagnostics:?}");
        assert_eq!(Resource::from_value(&value).unwrap(), resource);
        assert_eq!(text(&canonical(&value)), text(&value));
    }
    // The per-client bucket is a `Distinct` header selector.
    let q = v1alpha1::PerModelQuota::new("m", 1, "1m").with_client_bucket("x-key", 1, "1m");
    let rule = &q.quota.bucket_rules.unwrap()[0];
    let header = &rule.client_selectors.as_ref().unwrap()[0]
        .headers
        .as_ref()
        .unwrap()[0];
    assert_eq!(header.r#type, Some(ClientMatchType::Distinct));
    assert_eq!(header.value, None);
}

#[test]
fn quota_values_outside_the_enum_are_kept() {
    // AI Gateway 0.6 took any duration text and had an `Exclusive` mode.
    let value = json!({
        "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "QuotaPolicy",
        "metadata": {"name": "q"},
        "spec": {"perModelQuotas": [{"modelName": "m", "quota": {
            "mode": "Exclusive", "defaultBucket": {"limit": 5, "duration": "2h"}}}]}
    });
    let Resource::QuotaPolicy(policy) = Resource::from_value(&value).unwrap() else {
        panic!("wrong variant");
    };
    let quota = &policy.spec.per_model_quotas.as_ref().unwrap()[0].quota;
    assert_eq!(quota.mode, Some(v1alpha1::QuotaBucketMode::Exclusive));
    assert_eq!(
        quota.default_bucket.as_ref().unwrap().duration,
        v1alpha1::QuotaDuration::Other("2h".into())
    );
    assert_eq!(Resource::QuotaPolicy(policy).to_value(), value);
}
