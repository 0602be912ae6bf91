//! Catalog → Kubernetes objects (AIGatewayRoute, AIServiceBackend, Backend,
//! BackendSecurityPolicy, QuotaPolicy), in upstream field order.

use super::check::check;
use super::format::{AiGatewayVersion, BackendSpec, Catalog, Model, Quota};
use super::keys::{Key, keys, split};
use super::shard::assign;
use crate::config_set::ConfigSet;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::document::Object;
use crate::object_ref::ObjectRef;
use crate::path::FieldPath;
use crate::release::Release;
use crate::resources::common::{
    AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, MODEL_NAME_HEADER,
};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};

fn metadata(name: &str, namespace: &str) -> Value {
    json!({"name": name, "namespace": namespace})
}

pub(crate) fn parent_ref_value(c: &Catalog) -> Value {
    let p = &c.gateway.parent_ref;
    let mut m = Map::new();
    m.insert("name".into(), json!(p.name));
    m.insert("kind".into(), json!("Gateway"));
    m.insert("group".into(), json!(GATEWAY_API_GROUP));
    if let Some(ns) = &p.namespace {
        m.insert("namespace".into(), json!(ns));
    }
    if let Some(s) = &p.section_name {
        m.insert("sectionName".into(), json!(s));
    }
    Value::Object(m)
}

pub(crate) fn costs_value(c: &Catalog) -> Value {
    Value::Array(
        c.gateway
            .llm_request_costs
            .iter()
            .map(|cost| {
                let mut m = Map::new();
                m.insert("metadataKey".into(), json!(cost.metadata_key));
                m.insert("type".into(), json!(cost.cost_type));
                if let Some(cel) = &cost.cel {
                    m.insert("cel".into(), json!(cel));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

fn rule_value(c: &Catalog, m: &Model) -> Value {
    let backend_refs: Vec<Value> = m
        .backends
        .iter()
        .map(|b| {
            let mut r = Map::new();
            r.insert("name".into(), json!(b.name));
            if let Some(o) = m.upstream_for(b) {
                r.insert("modelNameOverride".into(), json!(o));
            }
            if let Some(w) = b.weight {
                r.insert("weight".into(), json!(w));
            }
            if let Some(p) = b.priority {
                r.insert("priority".into(), json!(p));
            }
            Value::Object(r)
        })
        .collect();
    let mut rule = Map::new();
    rule.insert(
        "matches".into(),
        json!([{"headers": [{"type": "Exact", "name": MODEL_NAME_HEADER, "value": m.name}]}]),
    );
    rule.insert("backendRefs".into(), Value::Array(backend_refs));
    if let Some(t) = m.timeout.as_ref().or(c.gateway.default_timeout.as_ref()) {
        rule.insert("timeouts".into(), json!({"request": t}));
    }
    if let Some(o) = m.owner.as_ref().or(c.gateway.default_owner.as_ref()) {
        rule.insert("modelsOwnedBy".into(), json!(o));
    }
    Value::Object(rule)
}

fn route_value(c: &Catalog, name: &str, models: &[&Model]) -> Value {
    let mut spec = Map::new();
    if !c.gateway.llm_request_costs.is_empty() {
        spec.insert("llmRequestCosts".into(), costs_value(c));
    }
    spec.insert("parentRefs".into(), json!([parent_ref_value(c)]));
    spec.insert(
        "rules".into(),
        Value::Array(models.iter().map(|m| rule_value(c, m)).collect()),
    );
    json!({
        "apiVersion": c.gateway.api_version.api_version(),
        "kind": "AIGatewayRoute",
        "metadata": metadata(name, &c.gateway.namespace),
        "spec": spec,
    })
}

fn service_backend_value(c: &Catalog, b: &BackendSpec) -> Value {
    let mut schema = Map::new();
    schema.insert("name".into(), json!(b.schema));
    if let Some(v) = &b.schema_version {
        schema.insert("version".into(), json!(v));
    }
    json!({
        "apiVersion": c.gateway.api_version.api_version(),
        "kind": "AIServiceBackend",
        "metadata": metadata(&b.name, &c.gateway.namespace),
        "spec": {
            "schema": schema,
            "backendRef": {"name": b.name, "kind": "Backend", "group": ENVOY_GATEWAY_GROUP},
        },
    })
}

fn backend_value(c: &Catalog, b: &BackendSpec) -> Value {
    let endpoint = match (&b.endpoint.fqdn, &b.endpoint.ip) {
        (Some(h), _) => json!({"fqdn": {"hostname": h, "port": b.endpoint.port}}),
        (None, ip) => json!({"ip": {"address": ip, "port": b.endpoint.port}}),
    };
    json!({
        "apiVersion": format!("{ENVOY_GATEWAY_GROUP}/v1alpha1"),
        "kind": "Backend",
        "metadata": metadata(&b.name, &c.gateway.namespace),
        "spec": {"endpoints": [endpoint]},
    })
}

/// The BackendSecurityPolicies of every key (see [`super::keys`]), with errors for a key whose
/// backends cannot be split and for two policies of one name.
fn policy_values(c: &Catalog, current: Option<&ConfigSet>) -> Result<Vec<Value>, Vec<Diagnostic>> {
    let all: Vec<Key<'_>> = keys(c);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for key in &all {
        let policies = match split(c, key, &all, current) {
            Ok(p) => p,
            Err(d) => {
                errors.push(*d);
                continue;
            }
        };
        for p in policies {
            if let Some(other) = names.insert(p.name.clone(), key.name.clone()) {
                errors.push(
                    Diagnostic::error(
                        Code::INVALID_CATALOG,
                        format!(
                            "the keys {other:?} and {:?} both make a policy named {:?}",
                            key.name, p.name
                        ),
                    )
                    .with_path(FieldPath::root().field("apiKeys"))
                    .with_hint("rename one of the keys"),
                );
                continue;
            }
            let refs: Vec<Value> = p
                .targets
                .iter()
                .map(|&bi| {
                    json!({"name": c.backends[bi].name, "kind": "AIServiceBackend", "group": AI_GATEWAY_GROUP})
                })
                .collect();
            out.push(json!({
                "apiVersion": c.gateway.api_version.api_version(),
                "kind": "BackendSecurityPolicy",
                "metadata": metadata(&p.name, &c.gateway.namespace),
                "spec": {
                    "type": "APIKey",
                    "apiKey": {"secretRef": {"name": key.secret, "namespace": c.gateway.namespace}},
                    "targetRefs": refs,
                },
            }));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `apiVersion` of QuotaPolicy (every release that has the kind serves only `v1alpha1`).
pub(crate) const QUOTA_POLICY_API_VERSION: &str = "aigateway.envoyproxy.io/v1alpha1";

/// The `quota` of one `perModelQuotas` entry for a catalog quota (also what Python's
/// `QuotaPolicy.quota` returns). `mode` is always `Shared`:
/// v0.6 requires the field (`Exclusive` or `Shared`), later releases allow only `Shared` (their
/// default), so one form is valid on every release that has QuotaPolicy.
pub fn per_model_quota_value(q: &Quota) -> Value {
    use crate::resources::envoy_gateway::{ClientHeaderMatch, ClientSelector};
    use crate::resources::v1alpha1::quota_policy::{QuotaDefinition, QuotaRule, QuotaValue};
    // The catalog check keeps `limit` within i64.
    let bucket = QuotaValue::new(
        i64::try_from(q.limit).unwrap_or(i64::MAX),
        q.duration.as_str(),
    );
    let mut quota = QuotaDefinition::builder().mode("Shared").build();
    quota.cost_expression = q.cost_expression().map(str::to_owned);
    match &q.per_client {
        None => quota.default_bucket = Some(bucket),
        Some(header) => {
            let selector = ClientSelector::builder()
                .headers(vec![ClientHeaderMatch::distinct(header)])
                .build();
            quota.bucket_rules = Some(vec![
                QuotaRule::builder()
                    .client_selectors(vec![selector])
                    .quota(bucket)
                    .build(),
            ]);
        }
    }
    serde_json::to_value(quota).unwrap_or(Value::Null)
}

/// One QuotaPolicy per backend that serves a model with a quota, named after the backend, with
/// one `perModelQuotas` entry per model name the backend receives (in catalog model order;
/// models that send the same name share one entry).
fn quota_values(c: &Catalog) -> Vec<Value> {
    let mut out = Vec::new();
    for b in &c.backends {
        let mut entries: Vec<Value> = Vec::new();
        let mut names: HashSet<&str> = HashSet::new();
        for m in &c.models {
            let Some(q) = &m.quota else { continue };
            for mb in m.backends.iter().filter(|mb| mb.name == b.name) {
                let name = m.name_at(mb);
                if names.insert(name) {
                    entries.push(json!({
                        "modelName": name,
                        "quota": per_model_quota_value(q),
                    }));
                }
            }
        }
        if entries.is_empty() {
            continue;
        }
        out.push(json!({
            "apiVersion": QUOTA_POLICY_API_VERSION,
            "kind": "QuotaPolicy",
            "metadata": metadata(&b.name, &c.gateway.namespace),
            "spec": {
                "targetRefs": [{"group": AI_GATEWAY_GROUP, "kind": "AIServiceBackend", "name": b.name}],
                "perModelQuotas": entries,
            },
        }));
    }
    out
}

pub(crate) fn compile(
    c: &Catalog,
    current: Option<&ConfigSet>,
    release: Release,
) -> Result<ConfigSet, Diagnostics> {
    let mut errors = check(c);
    if c.gateway.api_version == AiGatewayVersion::V1beta1
        && !release
            .ai_gateway_versions()
            .contains(&AiGatewayVersion::V1beta1.as_str())
    {
        errors.push(
            Diagnostic::error(
                Code::UNSUPPORTED_VERSION,
                format!(
                    "gateway.apiVersion: release {release} does not serve aigateway.envoyproxy.io/v1beta1"
                ),
            )
            .with_path(FieldPath::root().field("gateway").field("apiVersion"))
            .with_hint("use v1alpha1, or target release v1.1"),
        );
    }
    let quota_kind = crate::oracle::oracle(release).knows_kind(AI_GATEWAY_GROUP, "QuotaPolicy");
    if !quota_kind {
        let first = Release::ALL
            .into_iter()
            .find(|r| crate::oracle::oracle(*r).knows_kind(AI_GATEWAY_GROUP, "QuotaPolicy"));
        for (i, m) in c.models.iter().enumerate() {
            if m.quota.is_some() {
                errors.push(
                    Diagnostic::error(
                        Code::INVALID_CATALOG,
                        format!(
                            "models[{i}].quota: release {release} has no QuotaPolicy{}",
                            first.map_or_else(String::new, |r| format!(
                                "; quotas need AI Gateway {} or later",
                                r.ai_gateway_tag()
                            ))
                        ),
                    )
                    .with_path(FieldPath::root().field("models").index(i).field("quota"))
                    .with_hint("remove the quota, or target a newer release (--release)"),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics::from(errors));
    }
    let shards = assign(c, current, release.effective_rule_limit()).map_err(Diagnostics::from)?;

    let mut values = Vec::new();
    for shard in &shards {
        let models: Vec<&Model> = shard.models.iter().map(|&i| &c.models[i]).collect();
        values.push(route_value(c, &shard.name, &models));
    }
    for b in &c.backends {
        values.push(service_backend_value(c, b));
    }
    for b in &c.backends {
        values.push(backend_value(c, b));
    }
    values.extend(policy_values(c, current).map_err(Diagnostics::from)?);
    values.extend(quota_values(c));

    let generated: HashSet<ObjectRef> = values.iter().filter_map(ObjectRef::from_value).collect();
    for (i, extra) in c.extra_objects.iter().enumerate() {
        if let Some(r) = ObjectRef::from_value(extra)
            && generated.contains(&r)
        {
            errors.push(
                Diagnostic::error(
                    Code::INVALID_CATALOG,
                    format!("extraObjects[{i}]: {r} is also generated from the catalog"),
                )
                .with_path(FieldPath::root().field("extraObjects").index(i))
                .with_hint("remove the extra object, or the catalog entries that generate it"),
            );
        }
    }
    // Safety net: every generated object must pass the release's upstream schema and CEL rules.
    // The catalog checks above catch what they can at the catalog's own field paths; anything
    // else (e.g. an llmRequestCosts type that this release does not know) is reported here
    // against the generated object rather than written out.
    let oracle = crate::oracle::oracle(release);
    for v in &values {
        for d in oracle.validate(v).into_iter().filter(Diagnostic::is_error) {
            let hint = format!(
                "this object is generated from the catalog; fix the catalog field that produces {}",
                d.path
            );
            errors.push(d.with_hint(hint));
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics::from(errors));
    }
    values.extend(c.extra_objects.iter().cloned());
    Ok(ConfigSet::from_objects(values.into_iter().map(Object::new)))
}
