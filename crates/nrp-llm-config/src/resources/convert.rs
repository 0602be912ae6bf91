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
//! | MCPRoute, GatewayConfig | `From` (same fields) | `From` (same fields) |
//!
//! QuotaPolicy is served as `v1alpha1` only and is never converted.
//!
//! Two differences of the v1.1.0 BackendSecurityPolicy schemas are rules, not fields, and are not
//! checked here: `spec` allows at most 3 properties in `v1alpha1` but 4 in `v1beta1`, and
//! `spec.gcpCredentials` needs exactly one of `credentialsFile` or
//! `workloadIdentityFederationConfig` in `v1alpha1` but at most one in `v1beta1`. Validate the
//! converted object against the target release to catch those.
//!
//! Unknown fields (`extra`) travel with their object.
//!
//! On top of the typed conversions, [`convert_value`] converts one object as JSON and checks
//! that nothing but `apiVersion` changed (the typed roots drop unknown top-level keys), and
//! [`convert_yaml`] converts every AI Gateway object of a YAML file (`kind: List` items too),
//! refusing the file when one object cannot be converted: the CLI's `convert`.
//!
//! ```
//! use nrp_llm_config::Limits;
//! use nrp_llm_config::resources::convert::{AiGatewayVersion, convert_yaml};
//! let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: q\n  namespace: nrp-llm\nspec:\n  schema:\n    name: OpenAI\n  backendRef:\n    group: gateway.envoyproxy.io\n    kind: Backend\n    name: q\n";
//! let out = convert_yaml(text, "q.yaml", AiGatewayVersion::V1beta1, &Limits::default()).unwrap();
//! assert_eq!(out.converted, 1);
//! assert_eq!(out.text, text.replace("v1alpha1", "v1beta1"));
//! ```

use crate::diagnostic::{Code, Diagnostic};
use crate::document::{self, Limits, LoadError, Object};
use crate::{FieldPath, canonical_document};
use serde_json::Value;

use super::{AI_GATEWAY_V1ALPHA1, AI_GATEWAY_V1BETA1, Resource, v1alpha1, v1beta1};

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

/// Spec conversions of kinds whose two versions have the same fields: every field moves as it
/// is, both ways.
macro_rules! convert_same_fields {
    ($spec:ident { $($field:ident),+ $(,)? }) => {
        impl From<v1alpha1::$spec> for v1beta1::$spec {
            fn from(spec: v1alpha1::$spec) -> Self {
                Self { $($field: spec.$field),+ }
            }
        }

        impl From<v1beta1::$spec> for v1alpha1::$spec {
            fn from(spec: v1beta1::$spec) -> Self {
                Self { $($field: spec.$field),+ }
            }
        }
    };
}

convert_same_fields!(McpRouteSpec {
    parent_refs,
    path,
    headers,
    hostnames,
    backend_refs,
    security_policy,
    backend_selector,
    extra,
});
convert_same_fields!(GatewayConfigSpec {
    ext_proc,
    global_llm_request_costs,
    forward_proxy,
    extra,
});

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
convert_root!(v1alpha1::McpRoute => v1beta1::McpRoute);
convert_root!(v1beta1::McpRoute => v1alpha1::McpRoute);
convert_root!(v1alpha1::GatewayConfig => v1beta1::GatewayConfig);
convert_root!(v1beta1::GatewayConfig => v1alpha1::GatewayConfig);

// ---------------------------------------------------------------------------------------------
// Objects as JSON, and YAML files.

/// An API version of the AI Gateway kinds (`aigateway.envoyproxy.io`) objects can be converted
/// to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AiGatewayVersion {
    /// `aigateway.envoyproxy.io/v1alpha1`: served by every release, deprecated in v1.1.
    V1alpha1,
    /// `aigateway.envoyproxy.io/v1beta1`: served from AI Gateway v1.1 on.
    V1beta1,
}

impl AiGatewayVersion {
    /// The full `apiVersion`, e.g. `aigateway.envoyproxy.io/v1beta1`.
    pub fn api_version(self) -> &'static str {
        match self {
            AiGatewayVersion::V1alpha1 => AI_GATEWAY_V1ALPHA1,
            AiGatewayVersion::V1beta1 => AI_GATEWAY_V1BETA1,
        }
    }
}

/// A refusal: an `unknown_field` error naming the field, not yet located in a file.
fn refusal(to: AiGatewayVersion, path: FieldPath, message: &str, hint: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            Code::UNKNOWN_FIELD,
            format!("cannot convert to {}: {message}", to.api_version()),
        )
        .with_path(path)
        .with_hint(hint),
    )
}

/// Converts one object to `to` through the typed models. `Ok(None)` when there is nothing to
/// convert: not an AI Gateway object, a kind served in one version only (QuotaPolicy), or already at
/// `to`. Fails with an `unknown_field` error (path set, no file position) when the object has
/// a field `to` lacks, does not decode, or would change in any other way than its
/// `apiVersion`.
///
/// ```
/// use nrp_llm_config::resources::convert::{AiGatewayVersion, convert_value};
/// let route = serde_json::json!({
///     "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIGatewayRoute",
///     "metadata": {"name": "r", "namespace": "nrp-llm"},
///     "spec": {"rules": [], "filterConfig": {"type": "ExternalProcessor"}}});
/// let err = convert_value(&route, AiGatewayVersion::V1beta1).unwrap_err();
/// assert_eq!(err.path.to_string(), "spec.filterConfig");
/// let back = convert_value(&route, AiGatewayVersion::V1alpha1).unwrap();
/// assert_eq!(back, None);
/// ```
pub fn convert_value(
    value: &Value,
    to: AiGatewayVersion,
) -> Result<Option<Value>, Box<Diagnostic>> {
    let Some(api) = value.get("apiVersion").and_then(Value::as_str) else {
        return Ok(None);
    };
    if api == to.api_version() || (api != AI_GATEWAY_V1ALPHA1 && api != AI_GATEWAY_V1BETA1) {
        return Ok(None);
    }
    let resource = Resource::from_value(value).map_err(|e| {
        refusal(
            to,
            e.path.clone(),
            &e.to_string(),
            "fix the value's type first; `nrp-llm-config validate` lists every problem".into(),
        )
    })?;
    let converted = match (resource, to) {
        (Resource::AiGatewayRouteV1alpha1(o), AiGatewayVersion::V1beta1) => {
            v1beta1::AiGatewayRoute::try_from(o).map(Resource::AiGatewayRouteV1beta1)
        }
        (Resource::AiServiceBackendV1alpha1(o), AiGatewayVersion::V1beta1) => {
            v1beta1::AiServiceBackend::try_from(o).map(Resource::AiServiceBackendV1beta1)
        }
        (Resource::BackendSecurityPolicyV1alpha1(o), AiGatewayVersion::V1beta1) => Ok(
            Resource::BackendSecurityPolicyV1beta1(v1beta1::BackendSecurityPolicy::from(o)),
        ),
        (Resource::AiGatewayRouteV1beta1(o), AiGatewayVersion::V1alpha1) => Ok(
            Resource::AiGatewayRouteV1alpha1(v1alpha1::AiGatewayRoute::from(o)),
        ),
        (Resource::AiServiceBackendV1beta1(o), AiGatewayVersion::V1alpha1) => Ok(
            Resource::AiServiceBackendV1alpha1(v1alpha1::AiServiceBackend::from(o)),
        ),
        (Resource::BackendSecurityPolicyV1beta1(o), AiGatewayVersion::V1alpha1) => {
            v1alpha1::BackendSecurityPolicy::try_from(o)
                .map(Resource::BackendSecurityPolicyV1alpha1)
        }
        (Resource::McpRouteV1alpha1(o), AiGatewayVersion::V1beta1) => {
            Ok(Resource::McpRouteV1beta1(o.into()))
        }
        (Resource::McpRouteV1beta1(o), AiGatewayVersion::V1alpha1) => {
            Ok(Resource::McpRouteV1alpha1(o.into()))
        }
        (Resource::GatewayConfigV1alpha1(o), AiGatewayVersion::V1beta1) => {
            Ok(Resource::GatewayConfigV1beta1(o.into()))
        }
        (Resource::GatewayConfigV1beta1(o), AiGatewayVersion::V1alpha1) => {
            Ok(Resource::GatewayConfigV1alpha1(o.into()))
        }
        // QuotaPolicy (served as v1alpha1 only) or a kind without a typed model: left alone.
        _ => return Ok(None),
    };
    let converted = converted
        .map_err(|e| {
            refusal(
                to,
                e.path.clone(),
                &e.to_string(),
                format!(
                    "remove the field, or keep this object at its current apiVersion (a cluster running AI Gateway v1.1 serves both); {} cannot hold it",
                    to.api_version()
                ),
            )
        })?
        .to_value();
    // Nothing but apiVersion may change.
    let without_api_version = |v: &Value| {
        let mut v = v.clone();
        if let Some(m) = v.as_object_mut() {
            m.remove("apiVersion");
        }
        v
    };
    let changes = crate::plan::diff::diff(
        &without_api_version(value),
        &without_api_version(&converted),
    );
    if let Some(first) = changes.into_iter().next() {
        let message = format!(
            "{}: would change when converted to {}",
            first.path,
            to.api_version()
        );
        return Err(refusal(
            to,
            first.path,
            &message,
            "the typed models cannot carry this field; convert this object by hand".into(),
        ));
    }
    Ok(Some(converted))
}

/// One YAML file converted by [`convert_yaml`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvertedYaml {
    /// The new text: converted objects, every other document in canonical form (as `fmt`
    /// writes it). Comments are not kept.
    pub text: String,
    /// How many objects were converted.
    pub converted: usize,
}

/// Why [`convert_yaml`] could not convert a file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertYamlError {
    /// The text is not YAML objects.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Objects that cannot be converted, each located at its field in the file.
    #[error("{} object(s) cannot be converted", .0.len())]
    Refused(Vec<Diagnostic>),
    /// The conversion is possible, but not as an edit of the `apiVersion` values alone (an
    /// `apiVersion` written in a way the edit does not recognise): nothing was converted.
    #[error("{0}")]
    CannotKeepLayout(String),
}

/// Converts like [`convert_yaml`], but by editing the source text: only the `apiVersion`
/// value of each converted object changes, so comments, layout, key order, quoting and every
/// other document stay byte for byte. The result is parsed again and must be exactly the
/// converted objects; otherwise [`ConvertYamlError::CannotKeepLayout`] is returned and nothing
/// is converted (the caller may fall back to [`convert_yaml`], which rewrites the file).
///
/// ```
/// use nrp_llm_config::{Limits, resources::convert::{AiGatewayVersion, convert_yaml_in_place}};
/// let text = "# NRP backend\napiVersion: aigateway.envoyproxy.io/v1alpha1  # was alpha\nkind: AIServiceBackend\nmetadata: {name: q, namespace: nrp-llm}\nspec:\n  schema: {name: OpenAI}\n  backendRef: {name: q, kind: Backend, group: gateway.envoyproxy.io}\n";
/// let out = convert_yaml_in_place(text, "a.yaml", AiGatewayVersion::V1beta1, &Limits::default()).unwrap();
/// assert_eq!(out.converted, 1);
/// assert_eq!(out.text, text.replace("/v1alpha1  #", "/v1beta1  #"));
/// ```
pub fn convert_yaml_in_place(
    text: &str,
    file: &str,
    to: AiGatewayVersion,
    limits: &Limits,
) -> Result<ConvertedYaml, ConvertYamlError> {
    // Every check and refusal of the rewriting conversion applies unchanged.
    let whole = convert_yaml(text, file, to, limits)?;
    if whole.converted == 0 {
        return Ok(ConvertedYaml {
            text: text.to_owned(),
            converted: 0,
        });
    }
    let objects = document::parse_str(text, file, limits)?;
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let mut expected = Vec::with_capacity(objects.len());
    let mut converted = 0;
    let cannot = |why: String| ConvertYamlError::CannotKeepLayout(format!("{file}: {why}"));
    for o in &objects {
        let Some(new) =
            convert_value(o.value(), to).map_err(|d| ConvertYamlError::Refused(vec![*d]))?
        else {
            expected.push(o.value().clone());
            continue;
        };
        let old = o.api_version();
        let pos = o
            .locate(&crate::path::FieldPath::root().field("apiVersion"))
            .ok_or_else(|| cannot(format!("the apiVersion of {} has no position", o.kind())))?;
        let line = lines
            .get_mut(pos.line as usize - 1)
            .ok_or_else(|| cannot(format!("line {} is missing", pos.line)))?;
        replace_api_version(line, pos.column as usize, old, to.api_version()).ok_or_else(|| {
            cannot(format!(
                "line {}: the apiVersion is not written as a plain or quoted scalar after its key",
                pos.line
            ))
        })?;
        expected.push(new);
        converted += 1;
    }
    let new_text = lines.concat();
    let again = document::parse_str(&new_text, file, limits)?;
    let same =
        again.len() == expected.len() && again.iter().zip(&expected).all(|(a, b)| a.value() == b);
    if !same {
        return Err(cannot(
            "editing the apiVersion lines would not give exactly the converted objects".into(),
        ));
    }
    Ok(ConvertedYaml {
        text: new_text,
        converted,
    })
}

/// In `line`, from the 1-based character `column` (the `apiVersion` key, or its value), replaces
/// the value `old` (plain, or in single or double quotes) by `new`, keeping the quotes.
fn replace_api_version(line: &mut String, column: usize, old: &str, new: &str) -> Option<()> {
    let start = line.char_indices().nth(column.checked_sub(1)?)?.0;
    let mut at = start;
    let rest = &line[at..];
    let key_len = ["apiVersion", "\"apiVersion\"", "'apiVersion'"]
        .iter()
        .find(|k| rest.starts_with(**k))
        .map(|k| k.len());
    if let Some(k) = key_len {
        at += k;
        at += line[at..].len() - line[at..].trim_start_matches([' ', '\t']).len();
        if !line[at..].starts_with(':') {
            return None;
        }
        at += 1;
        at += line[at..].len() - line[at..].trim_start_matches([' ', '\t']).len();
    }
    let rest = &line[at..];
    let (quote, body) = match rest.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &rest[1..]),
        _ => (None, rest),
    };
    if !body.starts_with(old) {
        return None;
    }
    let after = &body[old.len()..];
    let ends = match quote {
        Some(q) => after.starts_with(q),
        None => after.is_empty() || after.starts_with([' ', '\t', '\n', '\r', ',', '}', '#']),
    };
    if !ends {
        return None;
    }
    let value_at = at + usize::from(quote.is_some());
    line.replace_range(value_at..value_at + old.len(), new);
    Some(())
}

/// Converts every AI Gateway object of a YAML file (`file` names it in diagnostics) to `to`,
/// `kind: List` items one by one, with [`convert_value`]. When any object is refused, nothing
/// is converted and every refusal is returned with its file, line and column.
pub fn convert_yaml(
    text: &str,
    file: &str,
    to: AiGatewayVersion,
    limits: &Limits,
) -> Result<ConvertedYaml, ConvertYamlError> {
    let values = document::parse_values(text, file, limits)?;
    // Same document rules as every other command (objects with apiVersion and kind); the
    // objects also carry the positions refusals are located with.
    let objects = document::parse_str(text, file, limits)?;
    let mut converted = 0;
    let mut refusals = Vec::new();
    let out: Vec<Value> = values
        .iter()
        .map(|v| convert_document(v, to, &mut converted, &mut refusals))
        .collect();
    if !refusals.is_empty() {
        return Err(ConvertYamlError::Refused(
            refusals
                .into_iter()
                .map(|(value, d)| locate(&objects, &value, *d))
                .collect(),
        ));
    }
    Ok(ConvertedYaml {
        text: document::to_yaml(&out),
        converted,
    })
}

/// Converts one document (a `kind: List` item by item), collecting refusals with their value.
fn convert_document(
    doc: &Value,
    to: AiGatewayVersion,
    converted: &mut usize,
    refusals: &mut Vec<(Value, Box<Diagnostic>)>,
) -> Value {
    let is_list = doc.get("kind").and_then(Value::as_str) == Some("List")
        && doc.get("apiVersion").and_then(Value::as_str) == Some("v1");
    if is_list && let Some(Value::Array(items)) = doc.get("items") {
        let mut out = doc.clone();
        let new_items: Vec<Value> = items
            .iter()
            .map(|item| convert_document(item, to, converted, refusals))
            .collect();
        out["items"] = Value::Array(new_items);
        return canonical_document(&out);
    }
    match convert_value(doc, to) {
        Ok(None) => canonical_document(doc),
        Ok(Some(v)) => {
            *converted += 1;
            v
        }
        Err(d) => {
            refusals.push((doc.clone(), d));
            doc.clone()
        }
    }
}

fn locate(objects: &[Object], value: &Value, d: Diagnostic) -> Diagnostic {
    match objects.iter().find(|o| o.value() == value) {
        Some(o) => o.locate_diagnostic(d),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn unknown_top_level_fields_are_refused() {
        let v = json!({"apiVersion": AI_GATEWAY_V1ALPHA1, "kind": "AIServiceBackend",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"schema": {"name": "OpenAI"}, "backendRef": {"name": "b"}},
            "extraTopLevel": 1});
        let d = convert_value(&v, AiGatewayVersion::V1beta1).unwrap_err();
        assert_eq!(d.path.to_string(), "extraTopLevel");
        assert_eq!(
            d.message,
            "cannot convert to aigateway.envoyproxy.io/v1beta1: extraTopLevel: would change when converted to aigateway.envoyproxy.io/v1beta1"
        );
        assert_eq!(d.code, Code::UNKNOWN_FIELD);
    }

    #[test]
    fn files_are_refused_whole_with_located_refusals() {
        let ok = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata: {name: a, namespace: nrp-llm}\nspec: {schema: {name: OpenAI}, backendRef: {name: b}}\n";
        let bad = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata: {name: r, namespace: nrp-llm}\nspec:\n  rules: []\n  filterConfig: {type: ExternalProcessor}\n";
        let list = format!(
            "apiVersion: v1\nkind: List\nitems:\n- {}",
            ok.trim_end().replace('\n', "\n  ")
        );
        let limits = Limits::default();
        let converted = convert_yaml(&list, "l.yaml", AiGatewayVersion::V1beta1, &limits).unwrap();
        assert_eq!(converted.converted, 1);
        assert_eq!(
            converted.text,
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: aigateway.envoyproxy.io/v1beta1\n  kind: AIServiceBackend\n  metadata:\n    name: a\n    namespace: nrp-llm\n  spec:\n    schema:\n      name: OpenAI\n    backendRef:\n      name: b\n"
        );
        let text = format!("{ok}---\n{bad}");
        let Err(ConvertYamlError::Refused(d)) =
            convert_yaml(&text, "f.yaml", AiGatewayVersion::V1beta1, &limits)
        else {
            panic!("the route must be refused");
        };
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path.to_string(), "spec.filterConfig");
        assert_eq!(
            (
                d[0].location.file.as_deref(),
                d[0].location.line,
                d[0].location.column
            ),
            (Some("f.yaml"), Some(11), Some(3))
        );
        assert!(matches!(
            convert_yaml("a: [", "x.yaml", AiGatewayVersion::V1beta1, &limits),
            Err(ConvertYamlError::Load(_))
        ));
    }

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

    #[test]
    fn mcp_route_and_gateway_config_convert_both_ways_and_quota_policy_stays() {
        let route = json!({"apiVersion": AI_GATEWAY_V1ALPHA1, "kind": "MCPRoute",
            "metadata": {"name": "m", "namespace": "n"},
            "spec": {"parentRefs": [{"name": "gw"}],
                     "backendRefs": [{"name": "b", "port": 80, "futureField": 1}],
                     "path": "/mcp"},
            "status": {"conditions": []}});
        let config = json!({"apiVersion": AI_GATEWAY_V1BETA1, "kind": "GatewayConfig",
            "metadata": {"name": "g", "namespace": "n"},
            "spec": {"forwardProxy": {"address": "http://proxy:3128"}}});
        for (object, to) in [
            (&route, AiGatewayVersion::V1beta1),
            (&config, AiGatewayVersion::V1alpha1),
        ] {
            let converted = convert_value(object, to).unwrap().unwrap();
            assert_eq!(converted["apiVersion"], to.api_version());
            let mut same = converted.clone();
            same["apiVersion"] = object["apiVersion"].clone();
            assert_eq!(&same, object);
            let other = if to == AiGatewayVersion::V1beta1 {
                AiGatewayVersion::V1alpha1
            } else {
                AiGatewayVersion::V1beta1
            };
            assert_eq!(
                convert_value(&converted, other).unwrap().as_ref(),
                Some(object)
            );
        }
        let quota = json!({"apiVersion": AI_GATEWAY_V1ALPHA1, "kind": "QuotaPolicy",
            "metadata": {"name": "q", "namespace": "n"}, "spec": {}});
        assert_eq!(
            convert_value(&quota, AiGatewayVersion::V1beta1).unwrap(),
            None
        );
    }
}
