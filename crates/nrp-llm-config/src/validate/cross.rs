//! Cross-object rules the API server never checks, and domain lint.
//!
//! These rules read objects as JSON so that they also work on objects whose typed decoding
//! failed (those already carry their own diagnostics).
//!
//! # Two phases
//!
//! The rules run in two phases so that a caller can validate a folder as a stream: first
//! [`Facts::of`] extracts, from one object, the few things the rules need (names, references,
//! model names, the source positions of the fields a diagnostic may point at), cheaply and in
//! parallel; the object's JSON tree can be dropped right after. Then [`check_facts`] runs the
//! rules over the facts of the whole set. [`check`] does both for a [`ConfigSet`].
//!
//! The implementation that reads the JSON trees while checking is kept as
//! [`check_reference`]; `tests/it/cross_facts.rs` checks that both give the same diagnostics,
//! in the same order, on every YAML file of the repository, on a generated fleet and on
//! mutations that trigger every rule.

use crate::diagnostic::{Code, Diagnostic};
use crate::document::Object;
use crate::document::Pos;
use crate::path::FieldPath;
use crate::{ConfigSet, Release};
use facts::{KindFacts, ModelUse, PolicyFacts, RouteFacts, ServiceBackendFacts, Target};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

mod facts;
#[cfg(any(feature = "reference", doc))]
mod reference;

pub use facts::Facts;
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
pub use reference::check_reference;

pub use crate::names::{is_dns1123_label, is_dns1123_subdomain};

use crate::resources::common::{AI_GATEWAY_GROUP, MODEL_NAME_HEADER};

fn p(s: &str) -> FieldPath {
    s.parse().unwrap_or_default()
}

fn arr(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The model names a rule matches on (`x-ai-eg-model` headers of type Exact), with their paths.
pub fn rule_models(rule: &Value, rule_path: &FieldPath) -> Vec<(String, FieldPath)> {
    let mut out = Vec::new();
    for (mi, m) in arr(rule.get("matches")).iter().enumerate() {
        for (hi, h) in arr(m.get("headers")).iter().enumerate() {
            let is_model =
                str_at(h, "name").is_some_and(|n| n.eq_ignore_ascii_case(MODEL_NAME_HEADER));
            let exact = str_at(h, "type").unwrap_or("Exact") == "Exact";
            if let (true, true, Some(v)) = (is_model, exact, str_at(h, "value")) {
                out.push((
                    v.to_owned(),
                    rule_path
                        .clone()
                        .field("matches")
                        .index(mi)
                        .field("headers")
                        .index(hi)
                        .field("value"),
                ));
            }
        }
    }
    out
}

fn is_ai_service_backend_ref(r: &Value) -> bool {
    let group = str_at(r, "group");
    let kind = str_at(r, "kind");
    match (group, kind) {
        (None, None) => true,
        (g, k) => {
            g.unwrap_or(AI_GATEWAY_GROUP) == AI_GATEWAY_GROUP
                && k.unwrap_or("AIServiceBackend") == "AIServiceBackend"
        }
    }
}

/// Why a route object holds at most 15 rules, and what to do instead.
const RULE_LIMIT_HINT: &str = "the controller adds a catch-all rule to the generated HTTPRoute, which allows 16 rules, so a 16th rule silently breaks routing (envoyproxy/ai-gateway#2120); move rules into another AIGatewayRoute with the same parentRefs";

/// Adds this crate's hint to an upstream (API server) diagnostic that has none, where we know
/// one: `spec.rules: Too many` on an AIGatewayRoute (the CRD's own limit on v1.1, which takes the
/// place of the `rule_limit` rule there).
pub(crate) fn with_upstream_hint(object: &Object, diagnostic: Diagnostic) -> Diagnostic {
    if diagnostic.hint.is_none()
        && diagnostic.code == Code::TOO_MANY
        && object.kind() == "AIGatewayRoute"
        && diagnostic.path == p("spec.rules")
    {
        diagnostic.with_hint(RULE_LIMIT_HINT)
    } else {
        diagnostic
    }
}

/// Runs the cross-object rules and domain lint over a set: the [`Facts`] of every object
/// (extracted in parallel), then [`check_facts`].
///
/// ```
/// use nrp_llm_config::{document::{parse_str, Limits}, validate::cross, Code, ConfigSet, Release};
/// let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata: {name: a, namespace: n}\nspec:\n  schema: {name: OpenAI}\n  backendRef: {name: b, kind: Backend, group: gateway.envoyproxy.io}\n";
/// let set = ConfigSet::from_objects(parse_str(text, "a.yaml", &Limits::default()).unwrap());
/// let d = cross::check(&set, Release::V1_1);
/// assert_eq!(d[0].code, Code::INVALID_REFERENCE);
/// assert_eq!((d[0].location.line, d[0].location.column), (Some(6), Some(16)));
/// assert_eq!(d, cross::check_reference(&set, Release::V1_1));
/// ```
pub fn check(set: &ConfigSet, release: Release) -> Vec<Diagnostic> {
    let facts: Vec<Facts> = set
        .objects()
        .par_iter()
        .map(|o| Facts::of(o, release))
        .collect();
    check_facts(&facts, release)
}

/// A hint naming the closest existing name, if one is close.
fn similar_hint<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    match crate::names::closest(name, candidates) {
        Some(c) => format!("did you mean {c:?}?"),
        None => "create the object, or fix the name".to_owned(),
    }
}

fn check_names(o: &Object) -> Option<Diagnostic> {
    let name = o
        .value()
        .pointer("/metadata/name")
        .and_then(Value::as_str)?;
    if !is_dns1123_subdomain(name) {
        return Some(o.locate_diagnostic(
            Diagnostic::error(
                Code::INVALID_NAME,
                format!("metadata.name: Invalid value: {name:?}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
            )
            .with_path(p("metadata.name"))
            .with_hint("use only lowercase letters, digits, '-' and '.', e.g. \"models-config\""),
        ));
    }
    if let Some(ns) = o.namespace()
        && !is_dns1123_label(ns)
    {
        return Some(o.locate_diagnostic(
                Diagnostic::error(
                    Code::INVALID_NAME,
                    format!("metadata.namespace: Invalid value: {ns:?}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
                )
                .with_path(p("metadata.namespace"))
                .with_hint("use only lowercase letters, digits and '-', e.g. \"nrp-llm\""),
            ));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Phase two: the rules over the facts of a whole set. The rules and their order are those of
// [`check_reference`]; every lookup borrows from the facts (no per-reference allocation), and
// field paths are only built for the diagnostics that are emitted.

/// Where a model name was first seen on a Gateway: the route, the rule index and the header.
struct ModelSite<'a> {
    route: &'a Facts,
    rule: usize,
    model: &'a ModelUse,
}

/// One use of a backend by a rule: its `modelNameOverride`, the route, the path of the
/// backendRef as (rule, backendRef) and the position of `modelNameOverride`.
type OverrideUse<'a> = (Option<&'a str>, &'a Facts, (usize, u32), Option<Pos>);

/// A multiplicative hash (the one of rustc's `FxHasher`), much faster than the default SipHash
/// on the short keys of the rules. Not resistant to chosen collisions: an adversarial input
/// can only slow the check down, since every lookup still compares keys.
#[derive(Clone, Copy, Default)]
struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A route: its index in the set, its facts and its route facts.
type RouteEntry<'a> = (usize, &'a Facts, &'a RouteFacts);

fn rule_path(ri: usize) -> FieldPath {
    FieldPath::root().field("spec").field("rules").index(ri)
}

fn model_path(ri: usize, m: &ModelUse) -> FieldPath {
    rule_path(ri)
        .field("matches")
        .index(m.match_index as usize)
        .field("headers")
        .index(m.header_index as usize)
        .field("value")
}

fn backend_path(ri: usize, bi: u32) -> FieldPath {
    rule_path(ri).field("backendRefs").index(bi as usize)
}

/// Runs the cross-object rules and domain lint over the facts of a whole set, given in set
/// order (`facts[i]` from the `i`-th object of the set, extracted with the same `release`).
/// Gives exactly what [`check`] gives for that set.
///
/// A caller that streams objects instead of building a [`ConfigSet`] must keep the facts of the
/// objects the set would keep, in load order: objects without a name are kept, a second
/// definition of the same [`crate::ObjectRef`] is not.
///
/// On a generated 10,000-model folder (24,867 objects, one thread, release build) the facts
/// take about 40 ms to extract and 7.3 MiB to hold (80 bytes inline per object; about 120 bytes
/// for a Backend, 250 for an AIServiceBackend and 4.7 KiB for a route object with 15 rules),
/// and this function takes about 19 ms; [`check_reference`] takes about 210 ms on the same set
/// (`benches/examples/cross_facts.rs`).
pub fn check_facts(facts: &[Facts], release: Release) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut routes: Vec<RouteEntry<'_>> = Vec::new();
    let mut asbs: Vec<(&Facts, &ServiceBackendFacts)> = Vec::new();
    let mut policies: Vec<(&Facts, &PolicyFacts)> = Vec::new();
    let mut backends: Vec<(&Facts, Option<Pos>)> = Vec::new();
    let mut gateways: Vec<&Facts> = Vec::new();
    let mut index: FastSet<(Target, &str, &str)> = FastSet::default();
    for (i, f) in facts.iter().enumerate() {
        match &f.kind {
            KindFacts::Route(r) => routes.push((i, f, r)),
            KindFacts::ServiceBackend(a) => asbs.push((f, a)),
            KindFacts::Policy(pf) => policies.push((f, pf)),
            KindFacts::Backend(pos) => backends.push((f, *pos)),
            KindFacts::Gateway => gateways.push(f),
            KindFacts::HttpRoute(_) | KindFacts::Other => {}
        }
        // Only objects with an identity are found by reference, and references always name a
        // namespace.
        if let (Some(t), Some(ns), Some(name)) = (f.target(), &f.namespace, &f.name) {
            index.insert((t, ns, name));
        }
    }
    let exists = |t: Target, ns: &str, name: &str| index.contains(&(t, ns, name));

    // AIServiceBackend (namespace, name) used by a rule -> the modelNameOverride of its first
    // use, and whether a later use differs. The keys are the AIServiceBackends in use.
    let mut overrides: FastMap<(&str, &str), (Option<&str>, bool)> = FastMap::default();
    let mut used_backend: FastSet<(&str, &str)> = FastSet::default();

    // --- routes: references, rule limit, models, timeouts.
    let mut models: FastMap<(&str, &str), FastMap<&str, ModelSite<'_>>> = FastMap::default();
    let limit = release.effective_rule_limit();
    for &(_, route, r) in &routes {
        let ns = route.ns();
        if r.rule_count > limit && release.crd_rule_limit() > limit {
            out.push(
                route.locate(
                    Diagnostic::error(
                        Code::RULE_LIMIT,
                        format!(
                            "spec.rules: {} rules, but one AIGatewayRoute can hold at most {limit}",
                            r.rule_count
                        ),
                    )
                    .with_path(p("spec.rules"))
                    .with_hint(RULE_LIMIT_HINT),
                    r.rules_pos,
                ),
            );
        }
        if !gateways.is_empty() {
            for g in &r.gateway_refs {
                let gns = g.namespace.as_deref().unwrap_or(ns);
                let name = &*g.name;
                let i = g.index;
                if !exists(Target::Gateway, gns, name) {
                    out.push(
                        route.locate(
                            Diagnostic::error(
                                Code::INVALID_REFERENCE,
                                format!(
                                    "spec.parentRefs[{i}]: Gateway {gns}/{name} does not exist"
                                ),
                            )
                            .with_path(p(&format!("spec.parentRefs[{i}].name")))
                            .with_hint(similar_hint(name, gateways.iter().map(|o| o.name()))),
                            g.name_pos,
                        ),
                    );
                }
            }
        }
        for (ri, rule) in r.rules.iter().enumerate() {
            for b in &rule.backends {
                let name = &*b.name;
                let bns = b.namespace.as_deref().unwrap_or(ns);
                let ov = b.model_override.as_deref();
                let first = overrides.entry((bns, name)).or_insert((ov, false));
                first.1 |= first.0 != ov;
                if !exists(Target::ServiceBackend, bns, name) {
                    let bpath = backend_path(ri, b.index);
                    out.push(
                        route.locate(
                            Diagnostic::error(
                                Code::INVALID_REFERENCE,
                                format!(
                                    "{bpath}.name: AIServiceBackend {bns}/{name} does not exist"
                                ),
                            )
                            .with_path(bpath.field("name"))
                            .with_hint(similar_hint(name, asbs.iter().map(|(o, _)| o.name()))),
                            b.name_pos,
                        ),
                    );
                }
            }
            for m in &rule.models {
                let model = &*m.model;
                for gw in &r.gateways {
                    let seen = models.entry((&gw.0, &gw.1)).or_default();
                    if let Some(first) = seen.get(model) {
                        let first_loc = first.route.source_location(first.model.pos);
                        let mpath = model_path(ri, m);
                        out.push(route.locate(
                            Diagnostic::error(
                                Code::DUPLICATE_MODEL,
                                format!(
                                    "{mpath}: model {model:?} is already routed by {} ({}) on Gateway {}/{}",
                                    first.route.object_ref().map(|r| r.to_string()).unwrap_or_default(),
                                    model_path(first.rule, first.model),
                                    gw.0,
                                    gw.1
                                ),
                            )
                            .with_path(mpath)
                            .with_hint(format!(
                                "a model name must map to exactly one rule per Gateway; the first one is at {}:{}",
                                first_loc.file.unwrap_or_default(),
                                first_loc.line.unwrap_or(0)
                            )),
                            m.pos,
                        ));
                    } else {
                        seen.insert(
                            model,
                            ModelSite {
                                route,
                                rule: ri,
                                model: m,
                            },
                        );
                    }
                }
            }
            if !rule.has_timeout {
                let label = rule
                    .models
                    .first()
                    .map_or_else(String::new, |m| format!(" (model {:?})", &*m.model));
                let rpath = rule_path(ri);
                out.push(route.locate(
                    Diagnostic::warning(
                        Code::MISSING_TIMEOUT,
                        format!("{rpath}{label}: no timeouts.request; the controller uses 60s, too short for most LLM requests"),
                    )
                    .with_path(rpath)
                    .with_hint("set `timeouts: {request: 1200s}` as the other NRP rules do"),
                    rule.pos,
                ));
            }
        }
    }

    // --- shards of one Gateway agree on parentRefs and llmRequestCosts.
    let mut by_gateway: BTreeMap<(&str, &str), Vec<RouteEntry<'_>>> = BTreeMap::new();
    for &route in &routes {
        for gw in &route.2.gateways {
            by_gateway.entry((&gw.0, &gw.1)).or_default().push(route);
        }
    }
    // Routes are told apart by identity; those without a name share one (as with ObjectRef).
    let key = |i: usize, f: &Facts| f.name.as_ref().map(|_| i);
    let mut reported: HashSet<(Option<usize>, &'static str)> = HashSet::new();
    for (gw, shard) in &by_gateway {
        let Some(&(_, first, fr)) = shard.first() else {
            continue;
        };
        for &(oi, other, or) in &shard[1..] {
            let fref = first
                .object_ref()
                .map(|r| r.to_string())
                .unwrap_or_default();
            if or.parents != fr.parents && reported.insert((key(oi, other), "parents")) {
                out.push(other.locate(
                    Diagnostic::error(
                        Code::SHARD_MISMATCH,
                        format!(
                            "spec.parentRefs: differs from {fref}, another route object of Gateway {}/{}",
                            gw.0, gw.1
                        ),
                    )
                    .with_path(p("spec.parentRefs"))
                    .with_hint("every AIGatewayRoute that shards one Gateway must list the same parentRefs"),
                    or.parents_pos,
                ));
            }
            if or.costs != fr.costs && reported.insert((key(oi, other), "costs")) {
                out.push(other.locate(
                    Diagnostic::error(
                        Code::SHARD_MISMATCH,
                        format!(
                            "spec.llmRequestCosts: differs from {fref}, another route object of Gateway {}/{}",
                            gw.0, gw.1
                        ),
                    )
                    .with_path(p("spec.llmRequestCosts"))
                    .with_hint("costs with the same metadataKey bleed between routes of one Gateway (envoyproxy/ai-gateway#1688); use identical llmRequestCosts in every route object"),
                    or.costs_pos,
                ));
            }
        }
    }

    // --- AIServiceBackend -> Backend.
    for &(asb, a) in &asbs {
        let ns = asb.ns();
        if let Some(b) = &a.backend {
            let name = &*b.name;
            let bns = b.namespace.as_deref().unwrap_or(ns);
            used_backend.insert((bns, name));
            if !exists(Target::Backend, bns, name) {
                out.push(
                    asb.locate(
                        Diagnostic::error(
                            Code::INVALID_REFERENCE,
                            format!("spec.backendRef.name: Backend {bns}/{name} does not exist"),
                        )
                        .with_path(p("spec.backendRef.name"))
                        .with_hint(similar_hint(name, backends.iter().map(|(o, _)| o.name()))),
                        b.name_pos,
                    ),
                );
            }
        }
        if let Some((name, pos)) = &a.policy
            && !exists(Target::Policy, ns, name)
        {
            out.push(asb.locate(
                Diagnostic::error(
                    Code::INVALID_REFERENCE,
                    format!("spec.backendSecurityPolicyRef.name: BackendSecurityPolicy {ns}/{name} does not exist"),
                )
                .with_path(p("spec.backendSecurityPolicyRef.name"))
                .with_hint(similar_hint(name, policies.iter().map(|(o, _)| o.name()))),
                *pos,
            ));
        }
    }
    // HTTPRoutes may point at Backends directly.
    for f in facts {
        if let KindFacts::HttpRoute(refs) = &f.kind {
            let ns = f.ns();
            for (bns, name) in refs {
                used_backend.insert((bns.as_deref().unwrap_or(ns), name));
            }
        }
    }

    // --- policies -> AIServiceBackend; duplicate targets.
    let mut targeted: FastMap<(&str, &str, &str), (&Facts, Option<Pos>)> = FastMap::default();
    for &(pol, pf) in &policies {
        let ns = pol.ns();
        let ptype = &*pf.policy_type;
        for (i, name, pos) in &pf.targets {
            let name = &**name;
            let tpath = FieldPath::root()
                .field("spec")
                .field("targetRefs")
                .index(*i as usize);
            if !exists(Target::ServiceBackend, ns, name) {
                out.push(
                    pol.locate(
                        Diagnostic::error(
                            Code::INVALID_REFERENCE,
                            format!("{tpath}.name: AIServiceBackend {ns}/{name} does not exist"),
                        )
                        .with_path(tpath.clone().field("name"))
                        .with_hint(similar_hint(name, asbs.iter().map(|(o, _)| o.name()))),
                        *pos,
                    ),
                );
            }
            let key = (ptype, ns, name);
            if let Some(&(first, fpos)) = targeted.get(&key) {
                if first.object_ref() != pol.object_ref() {
                    let floc = first.source_location(fpos);
                    out.push(pol.locate(
                        Diagnostic::warning(
                            Code::DUPLICATE_POLICY_TARGET,
                            format!(
                                "{tpath}: AIServiceBackend {ns}/{name} is also targeted by {} (type {ptype})",
                                first.object_ref().map(|r| r.to_string()).unwrap_or_default()
                            ),
                        )
                        .with_path(tpath.field("name"))
                        .with_hint(format!(
                            "only one {ptype} policy takes effect per backend; remove one target (the other is at {}:{})",
                            floc.file.unwrap_or_default(),
                            floc.line.unwrap_or(0)
                        )),
                        *pos,
                    ));
                }
            } else {
                targeted.insert(key, (pol, *pos));
            }
        }
    }

    // --- unused objects.
    if !routes.is_empty() {
        for &(asb, a) in &asbs {
            if !overrides.contains_key(&(asb.ns(), asb.name())) {
                out.push(
                    asb.locate(
                        Diagnostic::warning(
                            Code::UNUSED_OBJECT,
                            "no AIGatewayRoute rule references this AIServiceBackend",
                        )
                        .with_path(p("metadata.name"))
                        .with_hint("delete it, or add a rule that routes a model to it"),
                        a.name_pos,
                    ),
                );
            }
        }
    }
    if !asbs.is_empty() {
        for &(b, pos) in &backends {
            if !used_backend.contains(&(b.ns(), b.name())) {
                out.push(
                    b.locate(
                        Diagnostic::warning(
                            Code::UNUSED_OBJECT,
                            "no AIServiceBackend references this Backend",
                        )
                        .with_path(p("metadata.name"))
                        .with_hint("delete it, or point an AIServiceBackend's backendRef at it"),
                        pos,
                    ),
                );
            }
        }
    }

    // --- one backend, one upstream model name. The uses of the (few) backends with more than
    // one override are gathered again, in rule order, and reported in (namespace, name) order.
    let mut mismatched: BTreeMap<(&str, &str), Vec<OverrideUse<'_>>> = overrides
        .iter()
        .filter(|(_, (_, differs))| *differs)
        .map(|(k, _)| (*k, Vec::new()))
        .collect();
    if !mismatched.is_empty() {
        for &(_, route, r) in &routes {
            for (ri, rule) in r.rules.iter().enumerate() {
                for b in &rule.backends {
                    let key = (b.namespace.as_deref().unwrap_or(route.ns()), &*b.name);
                    if let Some(uses) = mismatched.get_mut(&key) {
                        uses.push((
                            b.model_override.as_deref(),
                            route,
                            (ri, b.index),
                            b.override_pos,
                        ));
                    }
                }
            }
        }
    }
    for ((ns, name), uses) in &mismatched {
        if let Some(&(first_override, ..)) = uses.first() {
            for &(ov, route, (ri, bi), pos) in uses.iter().skip(1) {
                if ov != first_override {
                    let path = backend_path(ri, bi).field("modelNameOverride");
                    out.push(route.locate(
                        Diagnostic::warning(
                            Code::OVERRIDE_MISMATCH,
                            format!(
                                "{path}: AIServiceBackend {ns}/{name} is used with modelNameOverride {:?} here and {:?} elsewhere",
                                ov.unwrap_or("(none)"),
                                first_override.unwrap_or("(none)")
                            ),
                        )
                        .with_path(path)
                        .with_hint("a backend serves one model; use the same modelNameOverride in every rule that routes to it"),
                        pos,
                    ));
                }
            }
        }
    }

    // --- names (decided at extraction).
    out.extend(
        facts
            .iter()
            .filter_map(|f| f.invalid_name.as_deref().cloned()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Limits, parse_str};

    fn set(text: &str) -> ConfigSet {
        ConfigSet::from_objects(parse_str(text, "t.yaml", &Limits::default()).unwrap())
    }

    const BASE: &str = "apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: r1
  namespace: nrp-llm
spec:
  parentRefs:
  - name: gw
    kind: Gateway
    group: gateway.networking.k8s.io
  rules:
  - matches:
    - headers:
      - type: Exact
        name: x-ai-eg-model
        value: m1
    backendRefs:
    - name: asb1
    timeouts:
      request: 60s
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  name: asb1
  namespace: nrp-llm
spec:
  schema:
    name: OpenAI
  backendRef:
    name: b1
    kind: Backend
    group: gateway.envoyproxy.io
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: b1
  namespace: nrp-llm
spec:
  endpoints:
  - fqdn:
      hostname: a.b
      port: 80
";

    #[test]
    fn clean_set_has_no_findings() {
        let d = check(&set(BASE), Release::V1_1);
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn dangling_reference_points_at_name() {
        let text = BASE.replace("  - name: asb1\n", "  - name: asb2\n");
        let d = check(&set(&text), Release::V1_1);
        let r = d
            .iter()
            .find(|d| d.code == Code::INVALID_REFERENCE)
            .unwrap();
        assert_eq!(r.location.line, Some(18));
        assert_eq!(r.location.column, Some(7));
        assert_eq!(r.path.to_string(), "spec.rules[0].backendRefs[0].name");
        assert_eq!(r.hint.as_deref(), Some("did you mean \"asb1\"?"));
        // asb1 is now unused.
        assert!(d.iter().any(|d| d.code == Code::UNUSED_OBJECT));
    }

    #[test]
    fn duplicate_model_across_routes() {
        let second = BASE
            .split("---")
            .next()
            .unwrap()
            .replace("name: r1", "name: r2");
        let text = format!("{BASE}---\n{second}");
        let d = check(&set(&text), Release::V1_1);
        let dups: Vec<_> = d
            .iter()
            .filter(|d| d.code == Code::DUPLICATE_MODEL)
            .collect();
        assert_eq!(dups.len(), 1, "{d:#?}");
        assert_eq!(dups[0].object.as_ref().unwrap().name, "r2");
    }
}
