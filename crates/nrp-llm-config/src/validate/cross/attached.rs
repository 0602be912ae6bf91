//! References of QuotaPolicy, BackendTrafficPolicy and MCPRoute resolve, and a QuotaPolicy's
//! per-model quotas name models that its AIServiceBackends really receive.
//!
//! A reference is checked only when the folder can answer it: AIServiceBackends and Backends
//! always (they are what a models-config holds), Gateways when the set holds a Gateway (as for
//! AIGatewayRoute parentRefs), routes when the set holds an AIGatewayRoute or HTTPRoute. An
//! AIGatewayRoute counts as the HTTPRoute of the same name, which its controller generates and
//! which BackendTrafficPolicies target.
//!
//! Upstream matches `perModelQuotas[].modelName` against the model name the backend receives:
//! a rule's `modelNameOverride` when set, else the model named by the rule's match. A name no
//! rule sends to any targeted backend never counts against a quota, which is a silent mistake,
//! so it is a warning naming the models that are sent.

use super::facts::{AttachedFacts, AttachedKind, Facts, KindFacts, Target};
use super::index::{FastMap, SetIndex};
use super::{missing_hint, p, qualified};
use crate::diagnostic::{Code, Diagnostic};

/// Runs the rules over every QuotaPolicy, BackendTrafficPolicy and MCPRoute of the set.
pub(super) fn check(ix: &SetIndex<'_>, out: &mut Vec<Diagnostic>) {
    let attached: Vec<(&Facts, &AttachedFacts)> = ix
        .facts
        .iter()
        .filter_map(|f| match &f.kind {
            KindFacts::Attached(a) => Some((f, &**a)),
            _ => None,
        })
        .collect();
    if attached.is_empty() {
        return;
    }
    let has_routes = ix
        .facts
        .iter()
        .any(|f| matches!(f.kind, KindFacts::Route(_) | KindFacts::HttpRoute(_)));
    let received = if attached.iter().any(|(_, a)| !a.quota_models.is_empty()) {
        models_received(ix)
    } else {
        FastMap::default()
    };
    for (f, a) in attached {
        let ns = f.ns();
        for r in &a.refs {
            let checkable = match r.target {
                Target::Gateway => !ix.gateways.is_empty(),
                Target::HttpRoute => has_routes,
                Target::ServiceBackend | Target::Backend | Target::Policy => true,
            };
            let rns = r.namespace.as_deref().unwrap_or(ns);
            if !checkable || ix.exists(r.target, rns, &r.name) {
                continue;
            }
            let (kind, candidates): (&str, Vec<&str>) = match r.target {
                Target::ServiceBackend => (
                    "AIServiceBackend",
                    ix.asbs.iter().map(|(o, _)| o.name()).collect(),
                ),
                Target::Backend => (
                    "Backend",
                    ix.backends.iter().map(|(o, _)| o.name()).collect(),
                ),
                Target::Gateway => ("Gateway", ix.gateways.iter().map(|o| o.name()).collect()),
                Target::HttpRoute => (
                    "HTTPRoute",
                    ix.facts
                        .iter()
                        .filter(|o| o.target() == Some(Target::HttpRoute))
                        .map(|o| o.name())
                        .collect(),
                ),
                Target::Policy => ("BackendSecurityPolicy", Vec::new()),
            };
            let from = match a.kind {
                AttachedKind::McpRoute => "route",
                AttachedKind::Quota | AttachedKind::TrafficPolicy => "policy",
            };
            let mut hint = missing_hint(
                from,
                &r.name,
                ix.namespace_of(r.target, &r.name),
                candidates.iter().copied(),
            );
            if r.target == Target::HttpRoute {
                hint.push_str(
                    " (an AIGatewayRoute counts: its controller generates the HTTPRoute of the same name)",
                );
            }
            out.push(
                f.locate(
                    Diagnostic::error(
                        Code::INVALID_REFERENCE,
                        format!(
                            "{}.name: {kind} {} does not exist",
                            r.path,
                            qualified(rns, &r.name)
                        ),
                    )
                    .with_path(p(&format!("{}.name", r.path)))
                    .with_hint(hint),
                    r.name_pos,
                ),
            );
        }
        if a.kind != AttachedKind::Quota || !has_routes {
            continue;
        }
        // The models the targeted (existing) AIServiceBackends receive.
        let mut sent: Vec<&str> = Vec::new();
        let mut targets = 0;
        for r in a.refs.iter().filter(|r| r.target == Target::ServiceBackend) {
            if let Some(models) = received.get(&(ns, &*r.name)) {
                targets += 1;
                for m in models {
                    if !sent.contains(m) {
                        sent.push(m);
                    }
                }
            }
        }
        if targets == 0 {
            continue;
        }
        for (i, model, pos) in &a.quota_models {
            if sent.contains(&&**model) {
                continue;
            }
            let hint = if sent.is_empty() {
                "no rule routes to the targeted AIServiceBackends; the quota never applies"
                    .to_owned()
            } else {
                let list: Vec<String> = sent.iter().map(|m| format!("{m:?}")).collect();
                format!(
                    "quotas match the model name the backend receives (the rule's \
                     modelNameOverride when set); the targeted backends receive {}",
                    list.join(", ")
                )
            };
            out.push(f.locate(
                Diagnostic::warning(
                    Code::QUOTA_MODEL,
                    format!(
                        "spec.perModelQuotas[{i}].modelName: no rule sends model {model:?} to the \
                         AIServiceBackends this QuotaPolicy targets"
                    ),
                )
                .with_path(p(&format!("spec.perModelQuotas[{i}].modelName")))
                .with_hint(hint),
                *pos,
            ));
        }
    }
}

/// For every AIServiceBackend a rule uses, by (namespace, name): the model names it receives
/// (the backendRef's `modelNameOverride`, else the models the rule matches), in rule order.
fn models_received<'a>(ix: &SetIndex<'a>) -> FastMap<(&'a str, &'a str), Vec<&'a str>> {
    let mut out: FastMap<(&'a str, &'a str), Vec<&'a str>> = FastMap::default();
    for &(_, route, r) in &ix.routes {
        let ns = route.ns();
        for rule in r.rules.iter() {
            for b in rule.backends.iter() {
                let key = (b.namespace.as_deref().unwrap_or(ns), &*b.name);
                let entry = out.entry(key).or_default();
                match b.model_override.as_deref() {
                    Some(m) => entry.push(m),
                    None => entry.extend(rule.models.iter().map(|m| &*m.model)),
                }
            }
        }
    }
    out
}
