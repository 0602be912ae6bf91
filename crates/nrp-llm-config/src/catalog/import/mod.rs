//! Existing models-config objects → catalog. Whatever the catalog cannot describe is kept
//! verbatim in `extraObjects` (with a `kept_verbatim` warning), never dropped.

use super::format::{AiGatewayVersion, ApiKey, BackendSpec, Catalog, GatewaySettings, Model};
use super::keys::{POLICY_TARGET_LIMIT, policy_chunk_index, policy_chunk_name};
use crate::config_set::ConfigSet;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::Object;
use crate::object_ref::{group_of, version_of};
use crate::path::FieldPath;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP};
use crate::resources::view::strip_server_fields;
use serde_json::Value;

mod objects;
mod quotas;
mod rules;
mod strict;

use objects::Importer;
use rules::{RuleModel, common_default};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use strict::p;

/// Placeholder Gateway name when the input has no route object to read it from.
const PLACEHOLDER_GATEWAY: &str = "envoy-ai-gateway-nrp";

/// Reads a set back into a catalog; what it cannot describe is kept verbatim (with a warning).
/// With `folder`, the files of objects read below it are recorded where they differ from the
/// layout's defaults.
pub(crate) fn import(set: &ConfigSet, folder: Option<&Path>) -> (Catalog, Vec<Diagnostic>) {
    let objects = set.objects();
    let values: Vec<Value> = objects
        .iter()
        .map(|o| strip_server_fields(o.value()))
        .collect();
    let (namespace, api_version) = namespace_and_version(objects);
    let mut im = Importer {
        objects,
        values,
        consumed: vec![false; objects.len()],
        reasons: HashMap::new(),
        namespace: namespace.clone(),
        folder,
    };
    let route_idx: Vec<usize> = (0..objects.len())
        .filter(|&i| im.is(i, AI_GATEWAY_GROUP, "AIGatewayRoute"))
        .collect();
    let mut gateway = gateway_of(&im, &route_idx, namespace, api_version);
    let mut backends = import_backends(&mut im);
    let files: Vec<Option<String>> = backends.iter().map(|b| b.file.clone()).collect();
    gateway.backend_file = common_default(&files);
    for b in &mut backends {
        if b.file == gateway.backend_file {
            b.file = None;
        }
    }
    let api_keys = import_policies(&mut im, &mut backends);
    let mut models = import_routes(&mut im, &route_idx, &mut gateway);
    quotas::import_quotas(&mut im, &backends, &mut models);
    let (extra_objects, diags) = keep_the_rest(&mut im);
    let catalog = Catalog::builder()
        .gateway(gateway)
        .api_keys(api_keys)
        .backends(backends)
        .models(models)
        .extra_objects(extra_objects)
        .build();
    (catalog, diags)
}

fn is(o: &Object, g: &str, k: &str) -> bool {
    o.kind() == k && group_of(o.api_version()) == g
}

/// The catalog's namespace (of the first route object, else AIServiceBackend, else any object)
/// and AI Gateway API version (of the first AI Gateway object).
fn namespace_and_version(objects: &[Object]) -> (String, AiGatewayVersion) {
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

    (namespace, api_version)
}

/// The gateway settings: from the first route object whose parent and costs the catalog can
/// describe.
fn gateway_of(
    im: &Importer<'_>,
    route_idx: &[usize],
    namespace: String,
    api_version: AiGatewayVersion,
) -> GatewaySettings {
    let objects = im.objects;
    let mut gateway = GatewaySettings::builder()
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

    gateway
}

/// AIServiceBackend + Backend pairs.
fn import_backends(im: &mut Importer<'_>) -> Vec<BackendSpec> {
    let objects = im.objects;
    let mut backends: Vec<BackendSpec> = Vec::new();
    for i in 0..objects.len() {
        if !im.is(i, AI_GATEWAY_GROUP, "AIServiceBackend") {
            continue;
        }
        match im.service_backend(i) {
            Ok((mut spec, bi)) if !im.consumed[bi] => {
                spec.file = backend_file(im, i, bi);
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

    backends
}

/// The `file:` of a backend whose AIServiceBackend (object `i`) and Backend (object `bi`) are
/// in `servicebackend/<file>` and `backend/<file>`, other than the layout's default files.
fn backend_file(im: &Importer<'_>, i: usize, bi: usize) -> Option<String> {
    let service = im.file_of(i)?;
    let backend = im.file_of(bi)?;
    let default = |j: usize| crate::layout::default_file(&im.values[j]);
    if Path::new(&service) == default(i) && Path::new(&backend) == default(bi) {
        return None;
    }
    let name = service.strip_prefix("servicebackend/")?;
    (backend.strip_prefix("backend/") == Some(name)).then(|| name.to_owned())
}

/// One API-key policy the catalog can describe.
struct ReadPolicy {
    index: usize,
    name: String,
    secret: String,
    targets: Vec<String>,
}

/// API-key policies → `apiKeys`. A policy `<name>-<n>` with the Secret of a policy `<name>` is a
/// later part of that key. Each backend names its key (`apiKey`); the backends of a key are
/// reordered into the policies' target order, and those the split would place otherwise get
/// `apiKeyPolicy`, so that compiling reproduces every policy.
fn import_policies(im: &mut Importer<'_>, backends: &mut [BackendSpec]) -> Vec<ApiKey> {
    let mut read: Vec<ReadPolicy> = Vec::new();
    let mut targeted: HashSet<String> = HashSet::new();
    for i in 0..im.objects.len() {
        if !im.is(i, AI_GATEWAY_GROUP, "BackendSecurityPolicy") {
            continue;
        }
        match im.policy(i, backends, &targeted) {
            Ok((secret, targets)) => {
                targeted.extend(targets.iter().cloned());
                read.push(ReadPolicy {
                    index: i,
                    name: im.objects[i].name().to_owned(),
                    secret,
                    targets,
                });
                im.consumed[i] = true;
            }
            Err(r) => {
                im.reasons.insert(i, r);
            }
        }
    }
    // part_of[j]: (policy of the key's base name, part index), shorter names decided first.
    let by_name: HashMap<&str, usize> = read
        .iter()
        .enumerate()
        .map(|(j, p)| (p.name.as_str(), j))
        .collect();
    let mut part_of: Vec<Option<(usize, usize)>> = vec![None; read.len()];
    let mut by_length: Vec<usize> = (0..read.len()).collect();
    by_length.sort_by_key(|&j| read[j].name.len());
    for j in by_length {
        let name = &read[j].name;
        let Some((base, _)) = name.rsplit_once('-') else {
            continue;
        };
        if let Some(&b) = by_name.get(base)
            && part_of[b].is_none()
            && read[b].secret == read[j].secret
            && let Some(k) = policy_chunk_index(base, name)
        {
            part_of[j] = Some((b, k));
        }
    }
    // Each backend is the target of one policy at most, so reordering the backends of one key
    // leaves the positions of the others as they are.
    let position: HashMap<String, usize> = backends
        .iter()
        .enumerate()
        .map(|(i, b)| (b.name.clone(), i))
        .collect();
    let mut keys = Vec::new();
    for (j, policy) in read.iter().enumerate() {
        if part_of[j].is_some() {
            continue;
        }
        let mut parts: Vec<(usize, &ReadPolicy)> = vec![(0, policy)];
        parts.extend(
            part_of
                .iter()
                .zip(&read)
                .filter_map(|(p, r)| p.filter(|(b, _)| *b == j).map(|(_, k)| (k, r))),
        );
        parts.sort_by_key(|(k, _)| *k);
        // Parts up to the first one with room are what the split makes of the backends in
        // order; the targets of later parts are pinned.
        let size = |k: usize| {
            parts
                .iter()
                .find(|(x, _)| *x == k)
                .map_or(0, |(_, p)| p.targets.len())
        };
        let last = parts.last().map_or(0, |(k, _)| *k);
        let first_with_room = (0..=last)
            .find(|&k| size(k) < POLICY_TARGET_LIMIT)
            .unwrap_or(last);
        let ordered: Vec<(&str, usize)> = parts
            .iter()
            .flat_map(|(k, p)| p.targets.iter().map(move |t| (t.as_str(), *k)))
            .collect();
        let mut slots: Vec<usize> = ordered
            .iter()
            .filter_map(|(t, _)| position.get(*t).copied())
            .collect();
        slots.sort_unstable();
        let mut specs: Vec<BackendSpec> = Vec::new();
        for (t, k) in &ordered {
            if let Some(&i) = position.get(*t) {
                let mut b = backends[i].clone();
                b.api_key = Some(policy.name.clone());
                if *k > first_with_room {
                    b.api_key_policy = Some(policy_chunk_name(&policy.name, *k));
                }
                specs.push(b);
            }
        }
        for (slot, spec) in slots.into_iter().zip(specs) {
            backends[slot] = spec;
        }
        let default_file = crate::layout::default_file(&im.values[policy.index]);
        keys.push(ApiKey {
            name: policy.name.clone(),
            secret: policy.secret.clone(),
            file: im
                .file_of(policy.index)
                .filter(|f| Path::new(f) != default_file),
        });
    }
    keys
}

/// Route objects: the models of every rule, with the defaults the gateway settles on.
fn import_routes(
    im: &mut Importer<'_>,
    route_idx: &[usize],
    gateway: &mut GatewaySettings,
) -> Vec<Model> {
    let objects = im.objects;
    let namespace = im.namespace.clone();
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
    for &i in route_idx {
        match im.route(i, gateway, &known_backends, &taken) {
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
                quota: None,
            }
        })
        .collect();

    models
}

/// Everything not consumed, verbatim, each with a warning saying why; Secrets are left out.
fn keep_the_rest(im: &mut Importer<'_>) -> (Vec<Value>, Vec<Diagnostic>) {
    let objects = im.objects;
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

    (extra_objects, diags)
}
