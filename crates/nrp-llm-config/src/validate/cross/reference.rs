//! The reference implementation of the cross-object rules: the code as it was before the rules
//! were split into fact extraction and a check over facts. It reads every object's JSON tree
//! while checking, so it needs the whole set in memory. Kept (and tested against
//! [`super::check`]) so that the fast path can be proven to give byte-identical diagnostics.

use super::names::check_names;
use super::{RULE_LIMIT_HINT, missing_hint, p, qualified};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::Object;
use crate::path::FieldPath;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP};
use crate::resources::view::{MatchView, Node, RuleView};
use crate::{ConfigSet, ObjectRef, Release};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

fn arr(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The model names of a rule (as the view layer defines them), with the paths of their values.
fn rule_models(rule: &Value, rule_path: &FieldPath) -> Vec<(String, FieldPath, usize)> {
    RuleView::new(Node::new(rule))
        .model_names()
        .map(|m| {
            let path = rule_path
                .clone()
                .field("matches")
                .index(m.match_index)
                .field("headers")
                .index(m.header_index)
                .field("value");
            (m.value.to_owned(), path, m.match_index)
        })
        .collect()
}

/// True when match `a` of one rule and match `b` of another compete (the view's definition).
fn matches_compete(a: (&Value, usize), b: (&Value, usize)) -> bool {
    fn nth(rule: &Value, i: usize) -> Option<MatchView<'_>> {
        RuleView::new(Node::new(rule)).matches().nth(i)
    }
    match (nth(a.0, a.1), nth(b.0, b.1)) {
        (Some(x), Some(y)) => x.competes_with(&y),
        _ => false,
    }
}

/// A rule's backendRef to an AIServiceBackend, read directly (an independent reading of the
/// field's defaults, for the differential test).
fn is_ai_service_backend_ref(r: &Value) -> bool {
    match (str_at(r, "group"), str_at(r, "kind")) {
        (None, None) => true,
        (g, k) => {
            g.unwrap_or(AI_GATEWAY_GROUP) == AI_GATEWAY_GROUP
                && k.unwrap_or("AIServiceBackend") == "AIServiceBackend"
        }
    }
}

/// Where a model name was found: which route, which rule, which header.
#[derive(Clone, Debug)]
struct ModelSite<'a> {
    route: &'a Object,
    path: FieldPath,
    /// The rule and the index of the match that names the model.
    rule: &'a Value,
    rule_index: usize,
    match_index: usize,
}

/// One use of a backend by a rule: its `modelNameOverride`, the route and the field path.
type OverrideUse<'a> = (Option<String>, &'a Object, FieldPath);

/// The identity of a Gateway a route attaches to: (namespace, name).
type GatewayKey = (String, String);

fn route_gateways(route: &Object) -> Vec<GatewayKey> {
    let ns = route.namespace().unwrap_or("");
    let refs = arr(route.value().pointer("/spec/parentRefs"));
    let mut out: Vec<GatewayKey> = refs
        .iter()
        .filter(|r| str_at(r, "kind").unwrap_or("Gateway") == "Gateway")
        .filter_map(|r| {
            let name = str_at(r, "name")?;
            Some((
                str_at(r, "namespace").unwrap_or(ns).to_owned(),
                name.to_owned(),
            ))
        })
        .collect();
    // v0.3 also allowed targetRefs (deprecated) instead of parentRefs.
    for r in arr(route.value().pointer("/spec/targetRefs")) {
        if let Some(name) = str_at(r, "name") {
            out.push((ns.to_owned(), name.to_owned()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Runs the cross-object rules and domain lint over a set, reading the JSON tree of every object
/// (the reference for [`super::check`], which gives the same diagnostics in the same order).
pub fn check_reference(set: &ConfigSet, release: Release) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let objects = set.objects();
    let is = |o: &Object, group: &str, kind: &str| {
        o.kind() == kind && crate::object_ref::group_of(o.api_version()) == group
    };
    let routes: Vec<&Object> = objects
        .iter()
        .filter(|o| is(o, AI_GATEWAY_GROUP, "AIGatewayRoute"))
        .collect();
    let asbs: Vec<&Object> = objects
        .iter()
        .filter(|o| is(o, AI_GATEWAY_GROUP, "AIServiceBackend"))
        .collect();
    let policies: Vec<&Object> = objects
        .iter()
        .filter(|o| is(o, AI_GATEWAY_GROUP, "BackendSecurityPolicy"))
        .collect();
    let backends: Vec<&Object> = objects
        .iter()
        .filter(|o| is(o, ENVOY_GATEWAY_GROUP, "Backend"))
        .collect();
    let gateways: Vec<&Object> = objects
        .iter()
        .filter(|o| is(o, GATEWAY_API_GROUP, "Gateway"))
        .collect();

    let exists = |group: &str, kind: &str, ns: &str, name: &str| {
        let ns = (!ns.is_empty()).then_some(ns);
        set.get(&ObjectRef::new(group, kind, ns, name)).is_some()
    };
    // The namespace of the first object of a kind with this name, in any namespace.
    let elsewhere = |of: &[&Object], name: &str| -> Option<String> {
        of.iter()
            .find(|o| o.name() == name)
            .map(|o| o.namespace().unwrap_or("").to_owned())
    };

    let mut used_asb: HashSet<(String, String)> = HashSet::new();
    let mut used_backend: HashSet<(String, String)> = HashSet::new();
    // backend (ns, name) -> list of (override, route, path) for override lint.
    let mut overrides: BTreeMap<(String, String), Vec<OverrideUse<'_>>> = BTreeMap::new();

    // --- routes: references, rule limit, models, timeouts.
    let mut models: HashMap<GatewayKey, HashMap<String, Vec<ModelSite<'_>>>> = HashMap::new();
    let timed = routes
        .iter()
        .flat_map(|r| arr(r.value().pointer("/spec/rules")))
        .filter(|rule| rule.pointer("/timeouts/request").is_some())
        .count();
    for route in &routes {
        let ns = route.namespace().unwrap_or("");
        let rules = arr(route.value().pointer("/spec/rules"));
        let limit = release.effective_rule_limit();
        if rules.len() > limit && release.crd_rule_limit() > limit {
            out.push(
                route.locate_diagnostic(
                    Diagnostic::error(
                        Code::RULE_LIMIT,
                        format!(
                            "spec.rules: {} rules, but one AIGatewayRoute can hold at most {limit}",
                            rules.len()
                        ),
                    )
                    .with_path(p("spec.rules"))
                    .with_hint(RULE_LIMIT_HINT),
                ),
            );
        }
        let gws = route_gateways(route);
        if !gateways.is_empty() {
            for (i, r) in arr(route.value().pointer("/spec/parentRefs"))
                .iter()
                .enumerate()
            {
                let Some(name) = str_at(r, "name") else {
                    continue;
                };
                if str_at(r, "kind").unwrap_or("Gateway") != "Gateway" {
                    continue;
                }
                let gns = str_at(r, "namespace").unwrap_or(ns);
                if !exists(GATEWAY_API_GROUP, "Gateway", gns, name) {
                    out.push(
                        route.locate_diagnostic(
                            Diagnostic::error(
                                Code::INVALID_REFERENCE,
                                format!(
                                    "spec.parentRefs[{i}]: Gateway {} does not exist",
                                    qualified(gns, name)
                                ),
                            )
                            .with_path(p(&format!("spec.parentRefs[{i}].name")))
                            .with_hint(missing_hint(
                                "route",
                                name,
                                elsewhere(&gateways, name).as_deref(),
                                gateways.iter().map(|o| o.name()),
                            )),
                        ),
                    );
                }
            }
        }
        for (ri, rule) in rules.iter().enumerate() {
            let rule_path = FieldPath::root().field("spec").field("rules").index(ri);
            for (bi, b) in arr(rule.get("backendRefs")).iter().enumerate() {
                if !is_ai_service_backend_ref(b) {
                    continue;
                }
                let Some(name) = str_at(b, "name") else {
                    continue;
                };
                let bns = str_at(b, "namespace").unwrap_or(ns);
                let bpath = rule_path.clone().field("backendRefs").index(bi);
                used_asb.insert((bns.to_owned(), name.to_owned()));
                overrides
                    .entry((bns.to_owned(), name.to_owned()))
                    .or_default()
                    .push((
                        str_at(b, "modelNameOverride").map(str::to_owned),
                        route,
                        bpath.clone().field("modelNameOverride"),
                    ));
                if !exists(AI_GATEWAY_GROUP, "AIServiceBackend", bns, name) {
                    out.push(
                        route.locate_diagnostic(
                            Diagnostic::error(
                                Code::INVALID_REFERENCE,
                                format!(
                                    "{bpath}.name: AIServiceBackend {} does not exist",
                                    qualified(bns, name)
                                ),
                            )
                            .with_path(bpath.clone().field("name"))
                            .with_hint(missing_hint(
                                "route",
                                name,
                                elsewhere(&asbs, name).as_deref(),
                                asbs.iter().map(|o| o.name()).filter(|c| {
                                    !arr(rule.get("backendRefs")).iter().any(|x| {
                                        is_ai_service_backend_ref(x)
                                            && str_at(x, "name") == Some(*c)
                                    })
                                }),
                            )),
                        ),
                    );
                }
            }
            let rule_models = rule_models(rule, &rule_path);
            for (model, mpath, match_index) in &rule_models {
                for gw in &gws {
                    let seen = models
                        .entry(gw.clone())
                        .or_default()
                        .entry(model.clone())
                        .or_default();
                    let competitor = seen.iter().find(|s| {
                        let same_rule = std::ptr::eq(s.route, *route) && s.rule_index == ri;
                        !same_rule && matches_compete((s.rule, s.match_index), (rule, *match_index))
                    });
                    if let Some(first) = competitor {
                        let first_loc = first.route.source_location(&first.path);
                        out.push(route.locate_diagnostic(
                            Diagnostic::error(
                                Code::DUPLICATE_MODEL,
                                format!(
                                    "{mpath}: model {model:?} is already routed by {} ({}) on Gateway {}/{}",
                                    first.route.object_ref().map(|r| r.to_string()).unwrap_or_default(),
                                    first.path,
                                    gw.0,
                                    gw.1
                                ),
                            )
                            .with_path(mpath.clone())
                            .with_hint(format!(
                                "a model name must map to exactly one rule per Gateway; the first one is at {}:{}",
                                first_loc.file.unwrap_or_default(),
                                first_loc.line.unwrap_or(0)
                            )),
                        ));
                    } else {
                        seen.push(ModelSite {
                            route,
                            path: mpath.clone(),
                            rule,
                            rule_index: ri,
                            match_index: *match_index,
                        });
                    }
                }
            }
            if rule.pointer("/timeouts/request").is_none() {
                let label = rule_models
                    .first()
                    .map_or_else(String::new, |(m, ..)| format!(" (model {m:?})"));
                out.push(route.locate_diagnostic(
                    Diagnostic::warning(
                        Code::MISSING_TIMEOUT,
                        format!("{rule_path}{label}: no timeouts.request; the controller uses 60s, too short for most LLM requests"),
                    )
                    .with_path(rule_path.clone())
                    .with_hint(super::missing_timeout::hint(timed)),
                ));
            }
        }
    }

    // --- shards of one Gateway agree on parentRefs and llmRequestCosts.
    let mut by_gateway: BTreeMap<GatewayKey, Vec<&Object>> = BTreeMap::new();
    for route in &routes {
        for gw in route_gateways(route) {
            by_gateway.entry(gw).or_default().push(route);
        }
    }
    let mut reported: HashSet<(ObjectRef, &'static str)> = HashSet::new();
    for (gw, shard) in &by_gateway {
        let Some(first) = shard.first() else { continue };
        let first_parents = normalized_parents(first);
        let first_costs = normalized_costs(first);
        for other in &shard[1..] {
            let oref = other
                .object_ref()
                .unwrap_or_else(|| ObjectRef::new("", "", None, ""));
            let fref = first
                .object_ref()
                .map(|r| r.to_string())
                .unwrap_or_default();
            if normalized_parents(other) != first_parents
                && reported.insert((oref.clone(), "parents"))
            {
                out.push(other.locate_diagnostic(
                    Diagnostic::error(
                        Code::SHARD_MISMATCH,
                        format!(
                            "spec.parentRefs: differs from {fref}, another route object of Gateway {}",
                            qualified(&gw.0, &gw.1)
                        ),
                    )
                    .with_path(p("spec.parentRefs"))
                    .with_hint("every AIGatewayRoute that shards one Gateway must list the same parentRefs"),
                ));
            }
            if normalized_costs(other) != first_costs && reported.insert((oref, "costs")) {
                out.push(other.locate_diagnostic(
                    Diagnostic::error(
                        Code::SHARD_MISMATCH,
                        format!(
                            "spec.llmRequestCosts: differs from {fref}, another route object of Gateway {}",
                            qualified(&gw.0, &gw.1)
                        ),
                    )
                    .with_path(p("spec.llmRequestCosts"))
                    .with_hint("costs with the same metadataKey bleed between routes of one Gateway (envoyproxy/ai-gateway#1688); use identical llmRequestCosts in every route object"),
                ));
            }
        }
    }

    // --- AIServiceBackend -> Backend.
    for asb in &asbs {
        let ns = asb.namespace().unwrap_or("");
        let Some(r) = asb.value().pointer("/spec/backendRef") else {
            continue;
        };
        let Some(name) = str_at(r, "name") else {
            continue;
        };
        let group = str_at(r, "group").unwrap_or("");
        let kind = str_at(r, "kind").unwrap_or("Service");
        let bns = str_at(r, "namespace").unwrap_or(ns);
        if group == ENVOY_GATEWAY_GROUP && kind == "Backend" {
            used_backend.insert((bns.to_owned(), name.to_owned()));
            if !exists(ENVOY_GATEWAY_GROUP, "Backend", bns, name) {
                out.push(
                    asb.locate_diagnostic(
                        Diagnostic::error(
                            Code::INVALID_REFERENCE,
                            format!(
                                "spec.backendRef.name: Backend {} does not exist",
                                qualified(bns, name)
                            ),
                        )
                        .with_path(p("spec.backendRef.name"))
                        .with_hint(missing_hint(
                            "AIServiceBackend",
                            name,
                            elsewhere(&backends, name).as_deref(),
                            backends.iter().map(|o| o.name()),
                        )),
                    ),
                );
            }
        }
        if let Some(pr) = asb.value().pointer("/spec/backendSecurityPolicyRef")
            && let Some(name) = str_at(pr, "name")
            && !exists(AI_GATEWAY_GROUP, "BackendSecurityPolicy", ns, name)
        {
            out.push(asb.locate_diagnostic(
                        Diagnostic::error(
                            Code::INVALID_REFERENCE,
                            format!(
                                "spec.backendSecurityPolicyRef.name: BackendSecurityPolicy {} does not exist",
                                qualified(ns, name)
                            ),
                        )
                        .with_path(p("spec.backendSecurityPolicyRef.name"))
                        .with_hint(missing_hint(
                            "AIServiceBackend",
                            name,
                            elsewhere(&policies, name).as_deref(),
                            policies.iter().map(|o| o.name()),
                        )),
                    ));
        }
    }
    // HTTPRoutes may point at Backends directly.
    for hr in objects
        .iter()
        .filter(|o| is(o, GATEWAY_API_GROUP, "HTTPRoute"))
    {
        let ns = hr.namespace().unwrap_or("");
        for rule in arr(hr.value().pointer("/spec/rules")) {
            for b in arr(rule.get("backendRefs")) {
                if str_at(b, "group") == Some(ENVOY_GATEWAY_GROUP)
                    && str_at(b, "kind") == Some("Backend")
                    && let Some(name) = str_at(b, "name")
                {
                    used_backend.insert((
                        str_at(b, "namespace").unwrap_or(ns).to_owned(),
                        name.to_owned(),
                    ));
                }
            }
        }
    }

    // --- policies -> AIServiceBackend; duplicate targets.
    let mut targeted: HashMap<(String, String, String), (&Object, FieldPath, usize)> =
        HashMap::new();
    for pol in &policies {
        let ns = pol.namespace().unwrap_or("");
        let ptype = pol
            .value()
            .pointer("/spec/type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        for (i, t) in arr(pol.value().pointer("/spec/targetRefs"))
            .iter()
            .enumerate()
        {
            let tpath = FieldPath::root().field("spec").field("targetRefs").index(i);
            let (Some(name), Some(kind)) = (str_at(t, "name"), str_at(t, "kind")) else {
                continue;
            };
            let group = str_at(t, "group").unwrap_or("");
            if group != AI_GATEWAY_GROUP || kind != "AIServiceBackend" {
                continue;
            }
            if !exists(AI_GATEWAY_GROUP, "AIServiceBackend", ns, name) {
                out.push(
                    pol.locate_diagnostic(
                        Diagnostic::error(
                            Code::INVALID_REFERENCE,
                            format!(
                                "{tpath}.name: AIServiceBackend {} does not exist",
                                qualified(ns, name)
                            ),
                        )
                        .with_path(tpath.clone().field("name"))
                        .with_hint(missing_hint(
                            "policy",
                            name,
                            elsewhere(&asbs, name).as_deref(),
                            asbs.iter().map(|o| o.name()).filter(|c| {
                                !arr(pol.value().pointer("/spec/targetRefs"))
                                    .iter()
                                    .any(|t| {
                                        str_at(t, "name") == Some(*c)
                                            && str_at(t, "kind") == Some("AIServiceBackend")
                                            && str_at(t, "group") == Some(AI_GATEWAY_GROUP)
                                    })
                            }),
                        )),
                    ),
                );
            }
            let key = (ptype.clone(), ns.to_owned(), name.to_owned());
            if let Some((first, fpath, findex)) = targeted.get(&key) {
                if first.object_ref() == pol.object_ref() {
                    out.push(pol.locate_diagnostic(
                        Diagnostic::warning(
                            Code::DUPLICATE_POLICY_TARGET,
                            format!(
                                "{tpath}: AIServiceBackend {} is already listed at spec.targetRefs[{findex}] of this policy",
                                qualified(ns, name)
                            ),
                        )
                        .with_path(tpath.clone().field("name"))
                        .with_hint("the API server accepts the repeat, but it adds nothing: remove this targetRef"),
                    ));
                } else {
                    let floc = first.source_location(fpath);
                    out.push(pol.locate_diagnostic(
                        Diagnostic::warning(
                            Code::DUPLICATE_POLICY_TARGET,
                            format!(
                                "{tpath}: AIServiceBackend {} is also targeted by {} (type {ptype})",
                                qualified(ns, name),
                                first.object_ref().map(|r| r.to_string()).unwrap_or_default()
                            ),
                        )
                        .with_path(tpath.clone().field("name"))
                        .with_hint(format!(
                            "only one {ptype} policy takes effect per backend; remove one target (the other is at {}:{})",
                            floc.file.unwrap_or_default(),
                            floc.line.unwrap_or(0)
                        )),
                    ));
                }
            } else {
                targeted.insert(key, (pol, tpath.clone().field("name"), i));
            }
        }
    }

    // --- QuotaPolicy, BackendTrafficPolicy and MCPRoute references and quota model names. These
    // rules came after the split into facts and have one implementation (`attached.rs`), tested
    // on their own fixtures rather than by the comparison with this function.
    if objects.iter().any(|o| {
        matches!(
            (crate::object_ref::group_of(o.api_version()), o.kind()),
            (AI_GATEWAY_GROUP, "QuotaPolicy" | "MCPRoute")
                | (ENVOY_GATEWAY_GROUP, "BackendTrafficPolicy")
        )
    }) {
        let facts: Vec<super::Facts> = objects
            .iter()
            .map(|o| super::Facts::of(o, release))
            .collect();
        super::attached::check(&super::index::SetIndex::new(&facts), &mut out);
    }

    // --- unused objects.
    if !routes.is_empty() {
        for asb in &asbs {
            let key = (
                asb.namespace().unwrap_or("").to_owned(),
                asb.name().to_owned(),
            );
            if !used_asb.contains(&key) {
                let targeted_by = policies.iter().find_map(|pol| {
                    if pol.namespace().unwrap_or("") != key.0 {
                        return None;
                    }
                    let i = arr(pol.value().pointer("/spec/targetRefs"))
                        .iter()
                        .position(|t| {
                            str_at(t, "name") == Some(&key.1)
                                && str_at(t, "kind") == Some("AIServiceBackend")
                                && str_at(t, "group") == Some(AI_GATEWAY_GROUP)
                        })?;
                    Some((pol, i))
                });
                let hint = match targeted_by {
                    None => "delete it, or add a rule that routes a model to it".to_owned(),
                    Some((pol, i)) => {
                        let tpath = FieldPath::root()
                            .field("spec")
                            .field("targetRefs")
                            .index(i)
                            .field("name");
                        let at = pol.source_location(&tpath);
                        super::unused::unused_target_hint(
                            &pol.object_ref().map(|r| r.to_string()).unwrap_or_default(),
                            i,
                            at.file.as_deref().unwrap_or_default(),
                            at.line.unwrap_or(0),
                        )
                    }
                };
                out.push(
                    asb.locate_diagnostic(
                        Diagnostic::warning(
                            Code::UNUSED_OBJECT,
                            "no AIGatewayRoute rule references this AIServiceBackend",
                        )
                        .with_path(p("metadata.name"))
                        .with_hint(hint),
                    ),
                );
            }
        }
    }
    for pol in &policies {
        let empty = pol
            .value()
            .pointer("/spec/targetRefs")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty);
        let pns = pol.namespace().unwrap_or("");
        let referenced = asbs.iter().any(|asb| {
            asb.namespace().unwrap_or("") == pns
                && asb
                    .value()
                    .pointer("/spec/backendRef/name")
                    .is_some_and(Value::is_string)
                && asb
                    .value()
                    .pointer("/spec/backendSecurityPolicyRef/name")
                    .and_then(Value::as_str)
                    == Some(pol.name())
        });
        if empty && !referenced {
            out.push(pol.locate_diagnostic(super::unused::empty_targets()));
        }
    }
    if !asbs.is_empty() {
        for b in &backends {
            let key = (b.namespace().unwrap_or("").to_owned(), b.name().to_owned());
            if !used_backend.contains(&key) {
                out.push(
                    b.locate_diagnostic(
                        Diagnostic::warning(
                            Code::UNUSED_OBJECT,
                            "no AIServiceBackend references this Backend",
                        )
                        .with_path(p("metadata.name"))
                        .with_hint("delete it, or point an AIServiceBackend's backendRef at it"),
                    ),
                );
            }
        }
    }

    // --- one backend, one upstream model name.
    for ((ns, name), uses) in &overrides {
        let distinct: HashSet<&Option<String>> = uses.iter().map(|(o, _, _)| o).collect();
        if distinct.len() > 1 {
            let (first_override, _, _) = &uses[0];
            for (ov, route, path) in uses.iter().skip(1) {
                if ov != first_override {
                    out.push(route.locate_diagnostic(
                        Diagnostic::warning(
                            Code::OVERRIDE_MISMATCH,
                            format!(
                                "{path}: AIServiceBackend {} is used with modelNameOverride {:?} here and {:?} elsewhere",
                                qualified(ns, name),
                                ov.as_deref().unwrap_or("(none)"),
                                first_override.as_deref().unwrap_or("(none)")
                            ),
                        )
                        .with_path(path.clone())
                        .with_hint("a backend serves one model; use the same modelNameOverride in every rule that routes to it"),
                    ));
                }
            }
        }
    }

    // --- names (the upstream oracle checks them for the kinds it knows).
    let oracle = crate::oracle::oracle(release);
    for o in objects {
        let group = crate::object_ref::group_of(o.api_version());
        if oracle.knows_kind(group, o.kind()) {
            continue;
        }
        if let Some(d) = check_names(o) {
            out.push(d);
        }
    }
    out
}

fn normalized_parents(route: &Object) -> Vec<String> {
    let ns = route.namespace().unwrap_or("");
    let mut v: Vec<String> = arr(route.value().pointer("/spec/parentRefs"))
        .iter()
        .map(|r| {
            format!(
                "{}/{}/{}/{}/{}",
                str_at(r, "group").unwrap_or(GATEWAY_API_GROUP),
                str_at(r, "kind").unwrap_or("Gateway"),
                str_at(r, "namespace").unwrap_or(ns),
                str_at(r, "name").unwrap_or(""),
                r.get("sectionName").and_then(Value::as_str).unwrap_or("")
            )
        })
        .collect();
    v.sort();
    v
}

fn normalized_costs(route: &Object) -> BTreeMap<String, (String, String)> {
    arr(route.value().pointer("/spec/llmRequestCosts"))
        .iter()
        .map(|c| {
            (
                str_at(c, "metadataKey").unwrap_or("").to_owned(),
                (
                    str_at(c, "type").unwrap_or("").to_owned(),
                    str_at(c, "cel").unwrap_or("").to_owned(),
                ),
            )
        })
        .collect()
}
