//! Conversions between the `v1alpha1` and `v1beta1` models of the AI Gateway kinds.
//!
//! AI Gateway v1.1.0 serves both versions with identical nested types, so a conversion moves
//! `metadata`, `status` and every shared field as they are. A field that exists only in the source
//! version cannot be carried over; then the conversion fails with a [`ConversionError`] that names
//! the field (`spec.filterConfig`, `spec.targetRefs`, `spec.schema`,
//! `spec.backendSecurityPolicyRef`, `spec.credentialOverride`), even when the value is empty.
//!
//! | Kind | `v1alpha1` → `v1beta1` | `v1beta1` → `v1alpha1` |
//! |---|---|---|
//! | AIGatewayRoute | `TryFrom`: fails on `targetRefs`, `schema` (0.3) and `filterConfig` (0.3–0.5) | `From` |
//! | AIServiceBackend | `TryFrom`: fails on `backendSecurityPolicyRef` (0.3) | `From` |
//! | BackendSecurityPolicy | `From` | `TryFrom`: fails on `credentialOverride` |
//!
//! Two differences of the v1.1.0 BackendSecurityPolicy schemas are rules, not fields, and are not
//! checked here: `spec` allows at most 3 properties in `v1alpha1` but 4 in `v1beta1`, and
//! `spec.gcpCredentials` needs exactly one of `credentialsFile` or
//! `workloadIdentityFederationConfig` in `v1alpha1` but at most one in `v1beta1`. Validate the
//! converted object against the target release to catch those.
//!
//! Unknown fields (`extra`) travel with their object.

use crate::FieldPath;

use super::{v1alpha1, v1beta1};

/// A conversion that would lose a field the target API version does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConversionError {
    /// The field that cannot be converted, from the object root (e.g. `spec.filterConfig`).
    pub path: FieldPath,
    /// Why, e.g. `field does not exist in aigateway.envoyproxy.io/v1beta1`.
    pub message: String,
}

impl ConversionError {
    fn missing_in(field: &str, api_version: &str) -> Self {
        Self {
            path: FieldPath::root().field("spec").field(field),
            message: format!("field does not exist in {api_version}"),
        }
    }
}

fn reject_if_set<T>(
    value: &Option<T>,
    field: &str,
    api_version: &str,
) -> Result<(), ConversionError> {
    match value {
        Some(_) => Err(ConversionError::missing_in(field, api_version)),
        None => Ok(()),
    }
}

impl TryFrom<v1alpha1::AiGatewayRouteSpec> for v1beta1::AiGatewayRouteSpec {
    type Error = ConversionError;

    fn try_from(spec: v1alpha1::AiGatewayRouteSpec) -> Result<Self, Self::Error> {
        let target = super::AI_GATEWAY_V1BETA1;
        reject_if_set(&spec.target_refs, "targetRefs", target)?;
        reject_if_set(&spec.schema, "schema", target)?;
        reject_if_set(&spec.filter_config, "filterConfig", target)?;
        Ok(Self {
            parent_refs: spec.parent_refs,
            hostnames: spec.hostnames,
            rules: spec.rules,
            llm_request_costs: spec.llm_request_costs,
            extra: spec.extra,
        })
    }
}

impl From<v1beta1::AiGatewayRouteSpec> for v1alpha1::AiGatewayRouteSpec {
    fn from(spec: v1beta1::AiGatewayRouteSpec) -> Self {
        Self {
            target_refs: None,
            parent_refs: spec.parent_refs,
            hostnames: spec.hostnames,
            schema: None,
            rules: spec.rules,
            filter_config: None,
            llm_request_costs: spec.llm_request_costs,
            extra: spec.extra,
        }
    }
}

impl TryFrom<v1alpha1::AiServiceBackendSpec> for v1beta1::AiServiceBackendSpec {
    type Error = ConversionError;

    fn try_from(spec: v1alpha1::AiServiceBackendSpec) -> Result<Self, Self::Error> {
        let target = super::AI_GATEWAY_V1BETA1;
        reject_if_set(
            &spec.backend_security_policy_ref,
            "backendSecurityPolicyRef",
            target,
        )?;
        Ok(Self {
            schema: spec.schema,
            backend_ref: spec.backend_ref,
            header_mutation: spec.header_mutation,
            body_mutation: spec.body_mutation,
            extra: spec.extra,
        })
    }
}

impl From<v1beta1::AiServiceBackendSpec> for v1alpha1::AiServiceBackendSpec {
    fn from(spec: v1beta1::AiServiceBackendSpec) -> Self {
        Self {
            schema: spec.schema,
            backend_ref: spec.backend_ref,
            backend_security_policy_ref: None,
            header_mutation: spec.header_mutation,
            body_mutation: spec.body_mutation,
            extra: spec.extra,
        }
    }
}

impl From<v1alpha1::BackendSecurityPolicySpec> for v1beta1::BackendSecurityPolicySpec {
    fn from(spec: v1alpha1::BackendSecurityPolicySpec) -> Self {
        Self {
            target_refs: spec.target_refs,
            r#type: spec.r#type,
            api_key: spec.api_key,
            azure_api_key: spec.azure_api_key,
            anthropic_api_key: spec.anthropic_api_key,
            aws_credentials: spec.aws_credentials,
            azure_credentials: spec.azure_credentials,
            gcp_credentials: spec.gcp_credentials,
            credential_override: None,
            extra: spec.extra,
        }
    }
}

impl TryFrom<v1beta1::BackendSecurityPolicySpec> for v1alpha1::BackendSecurityPolicySpec {
    type Error = ConversionError;

    fn try_from(spec: v1beta1::BackendSecurityPolicySpec) -> Result<Self, Self::Error> {
        let target = super::AI_GATEWAY_V1ALPHA1;
        reject_if_set(&spec.credential_override, "credentialOverride", target)?;
        Ok(Self {
            target_refs: spec.target_refs,
            r#type: spec.r#type,
            api_key: spec.api_key,
            azure_api_key: spec.azure_api_key,
            anthropic_api_key: spec.anthropic_api_key,
            aws_credentials: spec.aws_credentials,
            azure_credentials: spec.azure_credentials,
            gcp_credentials: spec.gcp_credentials,
            extra: spec.extra,
        })
    }
}

/// Root-object conversions: metadata and status move as they are, the spec converts as above.
macro_rules! convert_root {
    (try $from:ty => $to:ty) => {
        impl TryFrom<$from> for $to {
            type Error = ConversionError;

            fn try_from(object: $from) -> Result<Self, Self::Error> {
                Ok(Self {
                    metadata: object.metadata,
                    spec: object.spec.try_into()?,
                    status: object.status,
                })
            }
        }
    };
    ($from:ty => $to:ty) => {
        impl From<$from> for $to {
            fn from(object: $from) -> Self {
                Self {
                    metadata: object.metadata,
                    spec: object.spec.into(),
                    status: object.status,
                }
            }
        }
    };
}

convert_root!(try v1alpha1::AiGatewayRoute => v1beta1::AiGatewayRoute);
convert_root!(v1beta1::AiGatewayRoute => v1alpha1::AiGatewayRoute);
convert_root!(try v1alpha1::AiServiceBackend => v1beta1::AiServiceBackend);
convert_root!(v1beta1::AiServiceBackend => v1alpha1::AiServiceBackend);
convert_root!(v1alpha1::BackendSecurityPolicy => v1beta1::BackendSecurityPolicy);
convert_root!(try v1beta1::BackendSecurityPolicy => v1alpha1::BackendSecurityPolicy);

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn route_v1alpha1(spec: Value) -> v1alpha1::AiGatewayRoute {
        serde_json::from_value(json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
            "kind": "AIGatewayRoute",
            "metadata": {"name": "r", "namespace": "ns"},
            "spec": spec,
            "status": {"conditions": []}
        }))
        .unwrap()
    }

    fn rules() -> Value {
        json!([{"name": "m", "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "m"}]}],
                "backendRefs": [{"name": "b", "weight": 2, "futureField": 1}],
                "streamIdleTimeout": "5m"}])
    }

    #[test]
    fn route_round_trips_between_versions() {
        let alpha = route_v1alpha1(json!({
            "parentRefs": [{"name": "gw"}],
            "hostnames": ["llm.example"],
            "rules": rules(),
            "llmRequestCosts": [{"metadataKey": "k", "type": "TotalToken"}],
            "futureSpec": true
        }));
        let beta = v1beta1::AiGatewayRoute::try_from(alpha.clone()).unwrap();
        let beta_json = serde_json::to_value(&beta).unwrap();
        assert_eq!(beta_json["apiVersion"], "aigateway.envoyproxy.io/v1beta1");
        assert_eq!(
            beta_json["spec"],
            serde_json::to_value(&alpha).unwrap()["spec"]
        );
        assert_eq!(beta.spec.extra["futureSpec"], json!(true));
        assert_eq!(beta.status, alpha.status);
        let back = v1alpha1::AiGatewayRoute::from(beta);
        assert_eq!(back, alpha);
    }

    #[test]
    fn route_fields_missing_in_v1beta1_fail_with_their_path() {
        for (field, value) in [
            ("filterConfig", json!({"type": "ExternalProcessor"})),
            ("targetRefs", json!([])),
            ("schema", json!({"name": "OpenAI"})),
        ] {
            let mut spec = json!({"rules": rules()});
            spec[field] = value;
            let err = v1beta1::AiGatewayRoute::try_from(route_v1alpha1(spec)).unwrap_err();
            assert_eq!(err.path.to_string(), format!("spec.{field}"));
            assert_eq!(
                err.to_string(),
                format!("spec.{field}: field does not exist in aigateway.envoyproxy.io/v1beta1")
            );
        }
    }

    #[test]
    fn ai_service_backend_conversions() {
        let alpha = v1alpha1::AiServiceBackend::openai("a", "ns", "b");
        let beta = v1beta1::AiServiceBackend::try_from(alpha.clone()).unwrap();
        assert_eq!(beta, v1beta1::AiServiceBackend::openai("a", "ns", "b"));
        assert_eq!(v1alpha1::AiServiceBackend::from(beta), alpha);

        let mut old = alpha;
        old.spec.backend_security_policy_ref = Some(
            crate::resources::common::LocalObjectReference::builder()
                .group("aigateway.envoyproxy.io")
                .kind("BackendSecurityPolicy")
                .name("p")
                .build(),
        );
        let err = v1beta1::AiServiceBackend::try_from(old).unwrap_err();
        assert_eq!(err.path.to_string(), "spec.backendSecurityPolicyRef");
    }

    #[test]
    fn backend_security_policy_conversions() {
        let alpha = v1alpha1::BackendSecurityPolicy::api_key("p", "ns", "s", None, &["a", "b"]);
        let beta = v1beta1::BackendSecurityPolicy::from(alpha.clone());
        assert_eq!(
            beta,
            v1beta1::BackendSecurityPolicy::api_key("p", "ns", "s", None, &["a", "b"])
        );
        assert_eq!(
            v1alpha1::BackendSecurityPolicy::try_from(beta.clone()).unwrap(),
            alpha
        );

        let mut with_override = beta;
        with_override.spec.credential_override = Some(
            v1beta1::CredentialOverride::builder()
                .from_request_headers(
                    v1beta1::CredentialOverrideFromRequestHeaders::builder()
                        .header("x-api-key")
                        .build(),
                )
                .build(),
        );
        let err = v1alpha1::BackendSecurityPolicy::try_from(with_override).unwrap_err();
        assert_eq!(err.path.to_string(), "spec.credentialOverride");
        assert_eq!(
            err.message,
            "field does not exist in aigateway.envoyproxy.io/v1alpha1"
        );
    }
}
