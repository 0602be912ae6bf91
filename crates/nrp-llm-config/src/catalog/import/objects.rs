//! Reading each kind the catalog describes (AIServiceBackend + Backend, API-key policies, parent
//! and costs of route objects, route objects) into catalog terms.

use super::rules::{RuleModel, rule_model};
use super::strict::{Reject, as_array, as_map, as_str, only_keys, p, reject};
use crate::catalog::check::looks_like_secret_value;
use crate::catalog::format::{BackendSpec, Endpoint, GatewaySettings, LlmRequestCost, ParentRef};
use crate::catalog::keys::POLICY_TARGET_LIMIT;
use crate::document::Object;
use crate::object_ref::group_of;
use crate::path::FieldPath;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

pub(super) struct Importer<'a> {
    pub(super) objects: &'a [Object],
    pub(super) values: Vec<Value>,
    pub(super) consumed: Vec<bool>,
    pub(super) reasons: HashMap<usize, Reject>,
    pub(super) namespace: String,
    /// The folder the objects were read from, to record their files relative to it.
    pub(super) folder: Option<&'a std::path::Path>,
}

impl Importer<'_> {
    /// The file object `i` was read from, relative to the imported folder (with `/`), when it
    /// was read below it.
    pub(super) fn file_of(&self, i: usize) -> Option<String> {
        let origin = self.objects[i].origin()?;
        let rel = std::path::Path::new(&*origin.file)
            .strip_prefix(self.folder?)
            .ok()?;
        let parts: Option<Vec<&str>> = rel
            .components()
            .map(|c| match c {
                std::path::Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        parts.filter(|p| !p.is_empty()).map(|p| p.join("/"))
    }

    pub(super) fn is(&self, i: usize, group: &str, kind: &str) -> bool {
        let o = &self.objects[i];
        o.kind() == kind && group_of(o.api_version()) == group
    }

    /// Metadata holds only the name and (the catalog's) namespace.
    pub(super) fn plain_metadata(&self, i: usize) -> Result<(), Reject> {
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

    pub(super) fn find(&self, group: &str, kind: &str, name: &str) -> Option<usize> {
        (0..self.objects.len()).find(|&j| {
            self.is(j, group, kind)
                && self.objects[j].name() == name
                && self.objects[j]
                    .namespace()
                    .is_none_or(|ns| ns == self.namespace)
        })
    }

    pub(super) fn service_backend(&self, i: usize) -> Result<(BackendSpec, usize), Reject> {
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
                api_key: None,
                api_key_secret: None,
                api_key_policy: None,
                file: None,
            },
            bi,
        ))
    }

    pub(super) fn backend_endpoint(&self, i: usize) -> Result<Endpoint, Reject> {
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

    /// `(secret, targets)` of an API-key policy the catalog can express; `targeted` are the
    /// backends other policies target already.
    pub(super) fn policy(
        &self,
        i: usize,
        backends: &[BackendSpec],
        targeted: &HashSet<String>,
    ) -> Result<(String, Vec<String>), Reject> {
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
        match sref.get("namespace") {
            Some(ns) if ns.as_str() == Some(self.namespace.as_str()) => {}
            Some(_) => {
                return reject(
                    p("spec.apiKey.secretRef.namespace"),
                    "the secret is in another namespace",
                );
            }
            // Same Secret, but compile writes the namespace: keep the object as written
            // rather than add a field to it.
            None => {
                return reject(
                    p("spec.apiKey.secretRef"),
                    "the secretRef has no namespace (the catalog writes it)",
                );
            }
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
                Some(_) if !targeted.contains(name) && !targets.iter().any(|t| t == name) => {
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
    pub(super) fn parent(&self, i: usize) -> Result<ParentRef, Reject> {
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

    pub(super) fn costs(&self, i: usize) -> Result<Vec<LlmRequestCost>, Reject> {
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
    pub(super) fn route(
        &self,
        i: usize,
        gateway: &GatewaySettings,
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
