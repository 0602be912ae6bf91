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
use crate::path::FieldPath;
use crate::{ConfigSet, Release};
use duplicate_model::SeenModels;
use duplicate_policy_target::Targeted;
use facts::KindFacts;
use index::{BackendUses, FastSet, SetIndex};
use rayon::prelude::*;

mod attached;
mod duplicate_model;
mod duplicate_policy_target;
mod facts;
mod index;
mod missing_timeout;
mod names;
mod override_mismatch;
#[cfg(any(feature = "reference", doc))]
mod reference;
mod references;
mod rule_limit;
mod shards;
mod unused;

pub use facts::Facts;
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
pub use reference::check_reference;

pub use crate::names::{is_dns1123_label, is_dns1123_subdomain};

fn p(s: &str) -> FieldPath {
    s.parse().unwrap_or_default()
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

/// `namespace/name`, or only `name` for an object that names no namespace (it lives in the
/// namespace it will be applied to).
fn qualified(ns: &str, name: &str) -> String {
    if ns.is_empty() {
        name.to_owned()
    } else {
        format!("{ns}/{name}")
    }
}

/// The hint for a reference from a `from` (e.g. "route") to `name`, which does not exist in the
/// referring object's namespace: where it is when it exists in another namespace (`elsewhere`,
/// `""` for no namespace), else the closest name among `candidates`.
fn missing_hint<'a>(
    from: &str,
    name: &str,
    elsewhere: Option<&str>,
    candidates: impl Iterator<Item = &'a str>,
) -> String {
    match elsewhere {
        Some("") => format!(
            "{name} exists without metadata.namespace; references are local to the {from}'s \
             namespace: give both objects the same metadata.namespace (or neither)"
        ),
        Some(other) => format!(
            "{name} exists in namespace {other}; references are local to the {from}'s \
             namespace: set metadata.namespace: {other} on the {from}, or move {name}"
        ),
        None => similar_hint(name, candidates),
    }
}

// ---------------------------------------------------------------------------------------------
// Phase two: the rules over the facts of a whole set. The rules and their order are those of
// [`check_reference`]; every lookup borrows from the facts (no per-reference allocation), and
// field paths are only built for the diagnostics that are emitted.

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
    let ix = SetIndex::new(facts);
    let mut out = Vec::new();
    let uses = check_routes(&ix, release, &mut out);
    shards::check(&ix, &mut out);
    let used_backends = check_service_backends(&ix, &mut out);
    check_policies(&ix, &mut out);
    attached::check(&ix, &mut out);
    unused::check(&ix, &uses, &used_backends, &mut out);
    override_mismatch::check(&ix, &uses, &mut out);
    out.extend(
        facts
            .iter()
            .filter_map(|f| f.invalid_name.as_deref().cloned()),
    );
    out
}

/// The route pass: per route the rule limit and parentRefs, per rule its backendRefs, model
/// names and timeout (diagnostics in that order). Returns the AIServiceBackends the rules use.
fn check_routes<'a>(
    ix: &SetIndex<'a>,
    release: Release,
    out: &mut Vec<Diagnostic>,
) -> BackendUses<'a> {
    let mut uses = BackendUses::default();
    // At most one entry per AIServiceBackend that exists (plus the few that do not).
    uses.overrides.reserve(ix.asbs.len());
    let mut models = SeenModels::default();
    let timed = ix
        .routes
        .iter()
        .flat_map(|(_, _, r)| &r.rules)
        .filter(|rule| rule.has_timeout)
        .count();
    for &(_, route, r) in &ix.routes {
        let ns = route.ns();
        out.extend(rule_limit::check(route, r, release));
        references::gateway_refs(ix, route, r, out);
        for (ri, rule) in r.rules.iter().enumerate() {
            for b in &rule.backends {
                let key = (b.namespace.as_deref().unwrap_or(ns), &*b.name);
                let ov = b.model_override.as_deref();
                let first = uses.overrides.entry(key).or_insert((ov, false));
                first.1 |= first.0 != ov;
                out.extend(references::rule_backend(ix, route, ri, b, &rule.backends));
            }
            models.check_rule(route, r, ri, &rule.models, out);
            out.extend(missing_timeout::check(route, ri, rule, timed));
        }
    }
    uses
}

/// AIServiceBackend → Backend and policy references; returns the Backends in use (by
/// AIServiceBackends and by HTTPRoutes, which may point at Backends directly).
fn check_service_backends<'a>(
    ix: &SetIndex<'a>,
    out: &mut Vec<Diagnostic>,
) -> FastSet<(&'a str, &'a str)> {
    let mut used = FastSet::with_capacity_and_hasher(ix.asbs.len(), Default::default());
    for &(asb, a) in &ix.asbs {
        references::service_backend(ix, asb, a, &mut used, out);
    }
    for f in ix.facts {
        if let KindFacts::HttpRoute(refs) = &f.kind {
            let ns = f.ns();
            for (bns, name) in refs {
                used.insert((bns.as_deref().unwrap_or(ns), &**name));
            }
        }
    }
    used
}

/// Policy targetRefs: each must resolve, and one policy of a type per backend.
fn check_policies(ix: &SetIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut targeted = Targeted::default();
    for &(pol, pf) in &ix.policies {
        for (i, name, pos) in &pf.targets {
            let tpath = FieldPath::root()
                .field("spec")
                .field("targetRefs")
                .index(*i as usize);
            out.extend(references::policy_target(
                ix,
                pol,
                &tpath,
                name,
                *pos,
                &pf.targets,
            ));
            out.extend(targeted.check(pol, &pf.policy_type, tpath, name, *pos));
        }
    }
}

#[cfg(test)]
mod tests;
