//! Existing models-config objects → catalog. Whatever the catalog cannot describe is kept
//! verbatim in `extraObjects` (with a `kept_verbatim` warning), never dropped.

use super::check::{is_gateway_duration, looks_like_secret_value};
use super::compile::{POLICY_TARGET_LIMIT, policy_chunk_name};
use super::format::{
    AiGatewayVersion, BackendSpec, Catalog, DEFAULT_NAME_PREFIX, Endpoint, Gateway, LlmRequestCost,
    Model, ModelBackend, ParentRef,
};
use crate::config_set::ConfigSet;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::Object;
use crate::object_ref::{group_of, version_of};
use crate::path::FieldPath;
use crate::resources::common::{
    AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, MODEL_NAME_HEADER,
};
use crate::resources::view::{Node, RuleView, strip_server_fields};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Placeholder Gateway name when the input has no route object to read it from.
const PLACEHOLDER_GATEWAY: &str = "envoy-ai-gateway-nrp";

/// Why an object cannot be expressed: where, and what.
type Reject = (FieldPath, String);

fn p(s: &str) -> FieldPath {
    s.parse().unwrap_or_default()
}

fn reject<T>(path: FieldPath, why: impl Into<String>) -> Result<T, Reject> {
    Err((path, why.into()))
}

/// Fails when `map` has a key outside `allowed`.
fn only_keys(map: &Map<String, Value>, allowed: &[&str], at: &FieldPath) -> Result<(), Reject> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => reject(
            at.clone().field(k.clone()),
            format!(
                "field `{}` is not described by the catalog",
                at.clone().field(k.clone())
            ),
        ),
        None => Ok(()),
    }
}

fn as_map<'a>(v: Option<&'a Value>, at: &FieldPath) -> Result<&'a Map<String, Value>, Reject> {
    match v {
        Some(Value::Object(m)) => Ok(m),
        _ => reject(at.clone(), format!("`{at}` is not a mapping")),
    }
}

fn as_str<'a>(v: Option<&'a Value>, at: &FieldPath) -> Result<&'a str, Reject> {
    match v {
        Some(Value::String(s)) => Ok(s),
        _ => reject(at.clone(), format!("`{at}` is not a string")),
    }
}

fn as_array<'a>(v: Option<&'a Value>, at: &FieldPath) -> Result<&'a [Value], Reject> {
    match v {
        Some(Value::Array(a)) => Ok(a),
        _ => reject(at.clone(), format!("`{at}` is not a list")),
    }
}

fn as_u32(v: Option<&Value>, at: &FieldPath) -> Result<Option<u32>, Reject> {
    match v {
        None => Ok(None),
        Some(x) => match x.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if i32::try_from(n).is_ok() => Ok(Some(n)),
            _ => reject(
                at.clone(),
                format!("`{at}` is not a small non-negative integer"),
            ),
        },
    }
}

struct Importer<'a> {
    objects: &'a [Object],
    values: Vec<Value>,
    consumed: Vec<bool>,
    reasons: HashMap<usize, Reject>,
    namespace: String,
}

impl Importer<'_> {
    fn is(&self, i: usize, group: &str, kind: &str) -> bool {
        let o = &self.objects[i];
        o.kind() == kind && group_of(o.api_version()) == group
    }

    /// Metadata holds only the name and (the catalog's) namespace.
    fn plain_metadata(&self, i: usize) -> Result<(), Reject> {
        let meta = as_map(self.values[i].get("metadata"), &p("metadata"))?;
        only_keys(meta, &["name", "namespace"], &p("metadata"))?;
        if let Some(ns) = meta.get("namespace")
            && ns.as_str() != Some(self.namespace.as_str())
        {
            return reject(
                p("metadata.namespace"),
                format!(
                    "namespace differs from the catalog's namespace {:?}",
                    self.namespace
                ),
            );
        }
        Ok(())
    }

    fn find(&self, group: &str, kind: &str, name: &str) -> Option<usize> {
        (0..self.objects.len()).find(|&j| {
            self.is(j, group, kind)
                && self.objects[j].name() == name
                && self.objects[j]
                    .namespace()
                    .is_none_or(|ns| ns == self.namespace)
        })
    }

    fn service_backend(&self, i: usize) -> Result<(BackendSpec, usize), Reject> {
        self.plain_metadata(i)?;
        let v = &self.values[i];
        let name = self.objects[i].name();
        let m = as_map(Some(v), &FieldPath::root())?;
        only_keys(
            m,
            &["apiVersion", "kind", "metadata", "spec"],
            &FieldPath::root(),
        )?;
        let spec = as_map(v.get("spec"), &p("spec"))?;
        only_keys(spec, &["schema", "backendRef"], &p("spec"))?;
        let schema = as_map(spec.get("schema"), &p("spec.schema"))?;
        only_keys(schema, &["name", "version"], &p("spec.schema"))?;
        let schema_name = as_str(schema.get("name"), &p("spec.schema.name"))?;
        let schema_version = match schema.get("version") {
            None => None,
            Some(x) => Some(as_str(Some(x), &p("spec.schema.version"))?.to_owned()),
        };
        let r = as_map(spec.get("backendRef"), &p("spec.backendRef"))?;
        only_keys(r, &["name", "kind", "group"], &p("spec.backendRef"))?;
        if r.get("kind").and_then(Value::as_str) != Some("Backend")
            || r.get("group").and_then(Value::as_str) != Some(ENVOY_GATEWAY_GROUP)
        {
            return reject(
                p("spec.backendRef"),
                "the backendRef is not a gateway.envoyproxy.io Backend",
            );
        }
        let target = as_str(r.get("name"), &p("spec.backendRef.name"))?;
        if target != name {
            return reject(
                p("spec.backendRef.name"),
                format!(
                    "the Backend {target:?} is named differently from the AIServiceBackend (the catalog uses one name for both)"
                ),
            );
        }
        let Some(bi) = self.find(ENVOY_GATEWAY_GROUP, "Backend", name) else {
            return reject(
                p("spec.backendRef.name"),
                format!("the Backend {name:?} is not in the input"),
            );
        };
        let endpoint = self.backend_endpoint(bi).map_err(|(path, why)| {
            (
                p("spec.backendRef.name"),
                format!("its Backend cannot be described ({path}: {why})"),
            )
        })?;
        Ok((
            BackendSpec {
                name: name.to_owned(),
                endpoint,
                schema: schema_name.to_owned(),
                schema_version,
                api_key_secret: None,
            },
            bi,
        ))
    }

    fn backend_endpoint(&self, i: usize) -> Result<Endpoint, Reject> {
        self.plain_metadata(i)?;
        let v = &self.values[i];
        let m = as_map(Some(v), &FieldPath::root())?;
        only_keys(
            m,
            &["apiVersion", "kind", "metadata", "spec"],
            &FieldPath::root(),
        )?;
        let spec = as_map(v.get("spec"), &p("spec"))?;
        only_keys(spec, &["endpoints"], &p("spec"))?;
        let eps = as_array(spec.get("endpoints"), &p("spec.endpoints"))?;
        if eps.len() != 1 {
            return reject(
                p("spec.endpoints"),
                "the catalog describes exactly one endpoint",
            );
        }
        let at = p("spec.endpoints[0]");
        let ep = as_map(eps.first(), &at)?;
        let port_of = |m: &Map<String, Value>, at: &FieldPath| -> Result<i64, Reject> {
            m.get("port").and_then(Value::as_i64).map_or_else(
                || reject(at.clone().field("port"), "port is not an integer"),
                Ok,
            )
        };
        if let Some(f) = ep.get("fqdn") {
            only_keys(ep, &["fqdn"], &at)?;
            let at = at.clone().field("fqdn");
            let f = as_map(Some(f), &at)?;
            only_keys(f, &["hostname", "port"], &at)?;
            let host = as_str(f.get("hostname"), &at.clone().field("hostname"))?;
            Ok(Endpoint {
                fqdn: Some(host.to_owned()),
                ip: None,
                port: port_of(f, &at)?,
            })
        } else if let Some(ip) = ep.get("ip") {
            only_keys(ep, &["ip"], &at)?;
            let at = at.clone().field("ip");
            let ip = as_map(Some(ip), &at)?;
            only_keys(ip, &["address", "port"], &at)?;
            let addr = as_str(ip.get("address"), &at.clone().field("address"))?;
            Ok(Endpoint {
                fqdn: None,
                ip: Some(addr.to_owned()),
                port: port_of(ip, &at)?,
            })
        } else {
            reject(
                at,
                "only fqdn and ip endpoints are described by the catalog",
            )
        }
    }

    /// `(secret, targets)` of an API-key policy the catalog can express.
    fn policy(&self, i: usize, backends: &[BackendSpec]) -> Result<(String, Vec<String>), Reject> {
        self.plain_metadata(i)?;
        let v = &self.values[i];
        let m = as_map(Some(v), &FieldPath::root())?;
        only_keys(
            m,
            &["apiVersion", "kind", "metadata", "spec"],
            &FieldPath::root(),
        )?;
        let spec = as_map(v.get("spec"), &p("spec"))?;
        only_keys(spec, &["type", "apiKey", "targetRefs"], &p("spec"))?;
        if spec.get("type").and_then(Value::as_str) != Some("APIKey") {
            return reject(
                p("spec.type"),
                "only APIKey policies are described by the catalog",
            );
        }
        let key = as_map(spec.get("apiKey"), &p("spec.apiKey"))?;
        only_keys(key, &["secretRef"], &p("spec.apiKey"))?;
        let sref = as_map(key.get("secretRef"), &p("spec.apiKey.secretRef"))?;
        only_keys(sref, &["name", "namespace"], &p("spec.apiKey.secretRef"))?;
        let secret = as_str(sref.get("name"), &p("spec.apiKey.secretRef.name"))?;
        if looks_like_secret_value(secret) {
            return reject(
                p("spec.apiKey.secretRef.name"),
                "the secret name is not a valid object name",
            );
        }
        if let Some(ns) = sref.get("namespace")
            && ns.as_str() != Some(self.namespace.as_str())
        {
            return reject(
                p("spec.apiKey.secretRef.namespace"),
                "the secret is in another namespace",
            );
        }
        let refs = as_array(spec.get("targetRefs"), &p("spec.targetRefs"))?;
        if refs.is_empty() || refs.len() > POLICY_TARGET_LIMIT {
            return reject(p("spec.targetRefs"), "needs 1 to 16 targets");
        }
        let mut targets = Vec::new();
        for (j, r) in refs.iter().enumerate() {
            let at = p("spec.targetRefs").index(j);
            let r = as_map(Some(r), &at)?;
            only_keys(r, &["name", "kind", "group"], &at)?;
            if r.get("kind").and_then(Value::as_str) != Some("AIServiceBackend")
                || r.get("group").and_then(Value::as_str) != Some(AI_GATEWAY_GROUP)
            {
                return reject(at, "the target is not an AIServiceBackend");
            }
            let name = as_str(r.get("name"), &at.clone().field("name"))?;
            match backends.iter().find(|b| b.name == name) {
                Some(b) if b.api_key_secret.is_none() && !targets.iter().any(|t| t == name) => {
                    targets.push(name.to_owned());
                }
                Some(_) => {
                    return reject(
                        at.field("name"),
                        format!("the backend {name:?} is targeted twice"),
                    );
                }
                None => {
                    return reject(
                        at.field("name"),
                        format!("the target {name:?} is not a backend of the catalog"),
                    );
                }
            }
        }
        Ok((secret.to_owned(), targets))
    }

    /// Parent reference of a route, when it is one Gateway.
    fn parent(&self, i: usize) -> Result<ParentRef, Reject> {
        let at = p("spec.parentRefs");
        let refs = as_array(self.values[i].pointer("/spec/parentRefs"), &at)?;
        if refs.len() != 1 {
            return reject(at, "the catalog describes exactly one parentRef");
        }
        let at = at.index(0);
        let r = as_map(refs.first(), &at)?;
        only_keys(
            r,
            &["name", "kind", "group", "namespace", "sectionName"],
            &at,
        )?;
        if r.get("kind").and_then(Value::as_str).unwrap_or("Gateway") != "Gateway"
            || r.get("group")
                .and_then(Value::as_str)
                .unwrap_or(GATEWAY_API_GROUP)
                != GATEWAY_API_GROUP
        {
            return reject(at, "the parentRef is not a Gateway");
        }
        let opt = |k: &str| -> Result<Option<String>, Reject> {
            match r.get(k) {
                None => Ok(None),
                Some(x) => Ok(Some(as_str(Some(x), &at.clone().field(k))?.to_owned())),
            }
        };
        Ok(ParentRef {
            name: as_str(r.get("name"), &at.clone().field("name"))?.to_owned(),
            namespace: opt("namespace")?,
            section_name: opt("sectionName")?,
        })
    }

    fn costs(&self, i: usize) -> Result<Vec<LlmRequestCost>, Reject> {
        let at = p("spec.llmRequestCosts");
        let Some(v) = self.values[i].pointer("/spec/llmRequestCosts") else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (j, c) in as_array(Some(v), &at)?.iter().enumerate() {
            let at = at.clone().index(j);
            let c = as_map(Some(c), &at)?;
            only_keys(c, &["metadataKey", "type", "cel"], &at)?;
            out.push(LlmRequestCost {
                metadata_key: as_str(c.get("metadataKey"), &at.clone().field("metadataKey"))?
                    .to_owned(),
                cost_type: as_str(c.get("type"), &at.clone().field("type"))?.to_owned(),
                cel: match c.get("cel") {
                    None => None,
                    Some(x) => Some(as_str(Some(x), &at.clone().field("cel"))?.to_owned()),
                },
            });
        }
        Ok(out)
    }

    /// Models of a route object the catalog can express (rule values, not yet defaulted).
    fn route(
        &self,
        i: usize,
        gateway: &Gateway,
        known_backends: &HashSet<String>,
        taken: &HashSet<String>,
    ) -> Result<Vec<RuleModel>, Reject> {
        self.plain_metadata(i)?;
        let v = &self.values[i];
        let m = as_map(Some(v), &FieldPath::root())?;
        only_keys(
            m,
            &["apiVersion", "kind", "metadata", "spec"],
            &FieldPath::root(),
        )?;
        let spec = as_map(v.get("spec"), &p("spec"))?;
        only_keys(
            spec,
            &["llmRequestCosts", "parentRefs", "rules"],
            &p("spec"),
        )?;
        if self.parent(i)? != gateway.parent_ref {
            return reject(
                p("spec.parentRefs"),
                "the parentRefs differ from the catalog's gateway.parentRef",
            );
        }
        if self.costs(i)? != gateway.llm_request_costs {
            return reject(
                p("spec.llmRequestCosts"),
                "the llmRequestCosts differ from the catalog's gateway.llmRequestCosts",
            );
        }
        let rules = as_array(spec.get("rules"), &p("spec.rules"))?;
        let mut out = Vec::new();
        let mut here = HashSet::new();
        for (ri, rule) in rules.iter().enumerate() {
            let at = p("spec.rules").index(ri);
            let model = rule_model(rule, &at, known_backends)?;
            if taken.contains(&model.name) || !here.insert(model.name.clone()) {
                return reject(
                    at.field("matches"),
                    format!("model {:?} is routed by another rule too", model.name),
                );
            }
            out.push(model);
        }
        Ok(out)
    }
}

/// One rule read back: model name, backends (with their own overrides), timeout, owner.
struct RuleModel {
    name: String,
    backends: Vec<(ModelBackend, Option<String>)>,
    timeout: Option<String>,
    owner: Option<String>,
}

fn rule_model(
    rule: &Value,
    at: &FieldPath,
    known_backends: &HashSet<String>,
) -> Result<RuleModel, Reject> {
    let r = as_map(Some(rule), at)?;
    only_keys(
        r,
        &["matches", "backendRefs", "timeouts", "modelsOwnedBy"],
        at,
    )?;
    let mat = at.clone().field("matches");
    let matches = as_array(r.get("matches"), &mat)?;
    if matches.len() != 1 {
        return reject(
            mat,
            "the rule has several matches (the catalog writes exactly one)",
        );
    }
    let mat = mat.index(0);
    let m0 = as_map(matches.first(), &mat)?;
    only_keys(m0, &["headers"], &mat)?;
    let hat = mat.field("headers");
    let headers = as_array(m0.get("headers"), &hat)?;
    if headers.len() != 1 {
        return reject(
            hat,
            "the rule matches several headers (the catalog matches only the model name)",
        );
    }
    let hat = hat.index(0);
    let h = as_map(headers.first(), &hat)?;
    only_keys(h, &["type", "name", "value"], &hat)?;
    let header_name = as_str(h.get("name"), &hat.clone().field("name"))?;
    let Some(header) = RuleView::new(Node::new(rule)).header_matches().next() else {
        return reject(hat, "the rule has no header match");
    };
    if header.match_type != "Exact" {
        return reject(hat.field("type"), "the header match is not of type Exact");
    }
    if !header.is_model_header() {
        return reject(
            hat.field("name"),
            format!("the header is not {MODEL_NAME_HEADER}"),
        );
    }
    if header_name != MODEL_NAME_HEADER {
        // The same header (names are case-insensitive), but the catalog writes it in lower case:
        // keep the object as written rather than change its spelling.
        return reject(
            hat.field("name"),
            format!(
                "the header is written {header_name:?}; the catalog writes {MODEL_NAME_HEADER}"
            ),
        );
    }
    let name = as_str(h.get("value"), &hat.clone().field("value"))?;
    if name.is_empty() {
        return reject(hat.field("value"), "the model name is empty");
    }
    let bat = at.clone().field("backendRefs");
    let refs = as_array(r.get("backendRefs"), &bat)?;
    if refs.is_empty() {
        return reject(bat, "the rule has no backendRefs");
    }
    let mut backends = Vec::new();
    for (j, b) in refs.iter().enumerate() {
        let at = bat.clone().index(j);
        let b = as_map(Some(b), &at)?;
        only_keys(b, &["name", "modelNameOverride", "weight", "priority"], &at)?;
        let bname = as_str(b.get("name"), &at.clone().field("name"))?;
        if !known_backends.contains(bname) {
            return reject(
                at.field("name"),
                format!("the AIServiceBackend {bname:?} is not in the input"),
            );
        }
        if backends
            .iter()
            .any(|(x, _): &(ModelBackend, _)| x.name == bname)
        {
            return reject(
                at.field("name"),
                format!("backend {bname:?} is listed twice"),
            );
        }
        let ov = match b.get("modelNameOverride") {
            None => None,
            Some(x) => Some(as_str(Some(x), &at.clone().field("modelNameOverride"))?.to_owned()),
        };
        backends.push((
            ModelBackend {
                name: bname.to_owned(),
                weight: as_u32(b.get("weight"), &at.clone().field("weight"))?,
                priority: as_u32(b.get("priority"), &at.clone().field("priority"))?,
                upstream: None,
            },
            ov,
        ));
    }
    let timeout = match r.get("timeouts") {
        None => None,
        Some(t) => {
            let tat = at.clone().field("timeouts");
            let t = as_map(Some(t), &tat)?;
            only_keys(t, &["request"], &tat)?;
            match t.get("request") {
                None => {
                    return reject(tat, "empty timeouts");
                }
                Some(x) => {
                    let s = as_str(Some(x), &tat.clone().field("request"))?;
                    if !is_gateway_duration(s) {
                        return reject(tat.field("request"), "not a valid duration");
                    }
                    Some(s.to_owned())
                }
            }
        }
    };
    let owner = match r.get("modelsOwnedBy") {
        None => None,
        Some(x) => Some(as_str(Some(x), &at.clone().field("modelsOwnedBy"))?.to_owned()),
    };
    Ok(RuleModel {
        name: name.to_owned(),
        backends,
        timeout,
        owner,
    })
}

/// The most common value when every item has one (ties: the first seen); `None` otherwise.
fn common_default(values: &[Option<String>]) -> Option<String> {
    if values.is_empty() || values.iter().any(Option::is_none) {
        return None;
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values.iter().flatten() {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(v, _)| v.to_owned())
}

pub(crate) fn import(set: &ConfigSet) -> (Catalog, Vec<Diagnostic>) {
    let objects = set.objects();
    let values: Vec<Value> = objects
        .iter()
        .map(|o| strip_server_fields(o.value()))
        .collect();
    let is = |o: &Object, g: &str, k: &str| o.kind() == k && group_of(o.api_version()) == g;

    let namespace = objects
        .iter()
        .filter(|o| is(o, AI_GATEWAY_GROUP, "AIGatewayRoute"))
        .chain(
            objects
                .iter()
                .filter(|o| is(o, AI_GATEWAY_GROUP, "AIServiceBackend")),
        )
        .chain(objects.iter())
        .find_map(Object::namespace)
        .unwrap_or("default")
        .to_owned();
    let api_version = match objects
        .iter()
        .find(|o| group_of(o.api_version()) == AI_GATEWAY_GROUP)
        .map(|o| version_of(o.api_version()))
    {
        Some("v1beta1") => AiGatewayVersion::V1beta1,
        _ => AiGatewayVersion::V1alpha1,
    };

    let mut im = Importer {
        objects,
        values,
        consumed: vec![false; objects.len()],
        reasons: HashMap::new(),
        namespace: namespace.clone(),
    };

    // --- gateway: from the first route object whose parent and costs the catalog can describe.
    let route_idx: Vec<usize> = (0..objects.len())
        .filter(|&i| im.is(i, AI_GATEWAY_GROUP, "AIGatewayRoute"))
        .collect();
    let mut gateway = Gateway::builder()
        .namespace(namespace.clone())
        .parent_ref(
            objects
                .iter()
                .find(|o| is(o, GATEWAY_API_GROUP, "Gateway"))
                .map_or(PLACEHOLDER_GATEWAY, Object::name),
        )
        .api_version(api_version)
        .build();
    if let Some((parent, costs)) = route_idx
        .iter()
        .find_map(|&i| Some((im.parent(i).ok()?, im.costs(i).ok()?)))
    {
        gateway.parent_ref = parent;
        gateway.llm_request_costs = costs;
    }

    // --- backends: AIServiceBackend + Backend pairs.
    let mut backends: Vec<BackendSpec> = Vec::new();
    for i in 0..objects.len() {
        if !im.is(i, AI_GATEWAY_GROUP, "AIServiceBackend") {
            continue;
        }
        match im.service_backend(i) {
            Ok((spec, bi)) if !im.consumed[bi] => {
                backends.push(spec);
                im.consumed[i] = true;
                im.consumed[bi] = true;
            }
            Ok(_) => {
                im.reasons.insert(
                    i,
                    (
                        p("spec.backendRef.name"),
                        "its Backend is used by another AIServiceBackend".into(),
                    ),
                );
            }
            Err(r) => {
                im.reasons.insert(i, r);
            }
        }
    }

    // --- API-key policies.
    let mut claimed: HashMap<String, (String, usize, usize)> = HashMap::new();
    let mut policy_names = BTreeMap::new();
    for (i, object) in objects.iter().enumerate() {
        if !im.is(i, AI_GATEWAY_GROUP, "BackendSecurityPolicy") {
            continue;
        }
        let name = object.name().to_owned();
        let result =
            im.policy(i, &backends)
                .and_then(|(secret, targets)| match claimed.get_mut(&secret) {
                    None => {
                        if name != format!("{DEFAULT_NAME_PREFIX}{secret}") {
                            policy_names.insert(secret.clone(), name.clone());
                        }
                        claimed.insert(secret.clone(), (name.clone(), 1, targets.len()));
                        Ok((secret, targets))
                    }
                    Some((base, chunks, last)) => {
                        if *last == POLICY_TARGET_LIMIT && name == policy_chunk_name(base, *chunks)
                        {
                            *chunks += 1;
                            *last = targets.len();
                            Ok((secret, targets))
                        } else {
                            reject(
                                p("spec.apiKey.secretRef.name"),
                                format!(
                                    "another policy ({base}) already uses the secret {secret:?}"
                                ),
                            )
                        }
                    }
                });
        match result {
            Ok((secret, targets)) => {
                for t in targets {
                    if let Some(b) = backends.iter_mut().find(|b| b.name == t) {
                        b.api_key_secret = Some(secret.clone());
                    }
                }
                im.consumed[i] = true;
            }
            Err(r) => {
                im.reasons.insert(i, r);
            }
        }
    }
    gateway.policy_names = policy_names;

    // --- routes.
    let known_backends: HashSet<String> = objects
        .iter()
        .filter(|o| {
            is(o, AI_GATEWAY_GROUP, "AIServiceBackend")
                && o.namespace().is_none_or(|ns| ns == namespace)
        })
        .map(|o| o.name().to_owned())
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    let mut rule_models: Vec<(RuleModel, String)> = Vec::new();
    for &i in &route_idx {
        match im.route(i, &gateway, &known_backends, &taken) {
            Ok(models) => {
                let route = objects[i].name().to_owned();
                gateway.route_names.push(route.clone());
                for m in models {
                    taken.insert(m.name.clone());
                    rule_models.push((m, route.clone()));
                }
                im.consumed[i] = true;
            }
            Err(r) => {
                im.reasons.insert(i, r);
            }
        }
    }
    let timeouts: Vec<Option<String>> =
        rule_models.iter().map(|(m, _)| m.timeout.clone()).collect();
    let owners: Vec<Option<String>> = rule_models.iter().map(|(m, _)| m.owner.clone()).collect();
    gateway.default_timeout = common_default(&timeouts);
    gateway.default_owner = common_default(&owners);
    let models: Vec<Model> = rule_models
        .into_iter()
        .map(|(rm, route)| {
            let first = rm.backends.first().and_then(|(_, o)| o.clone());
            let shared = first.is_some() && rm.backends.iter().all(|(_, o)| *o == first);
            let backends = rm
                .backends
                .into_iter()
                .map(|(mut b, ov)| {
                    if !shared {
                        b.upstream = ov;
                    }
                    b
                })
                .collect();
            Model {
                name: rm.name,
                upstream: if shared { first } else { None },
                owner: rm
                    .owner
                    .filter(|o| Some(o) != gateway.default_owner.as_ref()),
                timeout: rm
                    .timeout
                    .filter(|t| Some(t) != gateway.default_timeout.as_ref()),
                backends,
                route: Some(route),
            }
        })
        .collect();

    // --- everything else, verbatim.
    let mut diags = Vec::new();
    let mut extra_objects = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        if im.consumed[i] {
            continue;
        }
        // Secrets never enter a catalog: the catalog names them (`apiKeySecret`) and nothing else,
        // so their data cannot leak into a printed or committed catalog.
        if o.kind() == "Secret" && o.api_version() == "v1" {
            diags.push(
                o.locate_diagnostic(
                    Diagnostic::warning(
                        Code::SECRET_OMITTED,
                        "Secrets are not carried in a catalog (it references them by name only); this one was left out",
                    )
                    .with_path(FieldPath::root().field("kind"))
                    .with_hint("keep Secrets out of models-config and create them in the cluster by other means"),
                ),
            );
            continue;
        }
        let (path, why) = im.reasons.remove(&i).unwrap_or_else(|| {
            if is(o, ENVOY_GATEWAY_GROUP, "Backend") {
                return (
                    FieldPath::root().field("metadata").field("name"),
                    "no AIServiceBackend of the catalog uses this Backend".to_owned(),
                );
            }
            let what = if o.kind().is_empty() {
                "this object".to_owned()
            } else {
                format!("kind {}", o.kind())
            };
            (
                FieldPath::root().field("kind"),
                format!("{what} is not described by the catalog"),
            )
        });
        diags.push(
            o.locate_diagnostic(
                Diagnostic::warning(
                    Code::KEPT_VERBATIM,
                    format!("{why}; kept verbatim in extraObjects"),
                )
                .with_path(path),
            ),
        );
        extra_objects.push(o.value().clone());
    }

    let catalog = Catalog::builder()
        .gateway(gateway)
        .backends(backends)
        .models(models)
        .extra_objects(extra_objects)
        .build();
    (catalog, diags)
}
