//! The step invariant of make before break, checkable on any state: for tests, for the
//! property tests that apply a plan step by step against a model cluster, and for anyone who
//! reorders or edits a plan's steps by hand.
//!
//! A state is the objects by identity ([`State`]). [`check`] says whether a state `now`, met
//! while going from `before` to `after`, keeps the promises of the [module
//! documentation](super): every model served in both states is served, by rules whose
//! AIServiceBackends and Backends exist; every AIServiceBackend with a key policy in both
//! states has one; and no route sends to an AIServiceBackend without a key when it has one in
//! each state it exists in. [`check_steps`] applies a plan's steps to CURRENT one by one
//! (replacing an object by the one applied, removing a deleted one) and checks every state.

#[cfg(test)]
use crate::plan::{Action, Change};
use crate::plan::{Plan, Step};
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use crate::resources::view::{ObjectView, PolicyView, RouteView, ServiceBackendView};
use crate::{ConfigSet, ObjectRef};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Objects by identity.
pub type State = BTreeMap<ObjectRef, Value>;

/// The objects of a set by identity (the first definition wins).
pub fn state_of(set: &ConfigSet) -> State {
    let mut out = State::new();
    for o in set.objects() {
        if let Some(r) = o.object_ref() {
            out.entry(r).or_insert_with(|| o.value().clone());
        }
    }
    out
}

fn is(r: &ObjectRef, group: &str, kind: &str) -> bool {
    r.group == group && r.kind == kind
}

/// Every rule of every route of `s` that serves `model`, as (route, the AIServiceBackends it
/// sends to).
fn rules_serving(s: &State) -> BTreeMap<String, Vec<(ObjectRef, Vec<ObjectRef>)>> {
    let mut out: BTreeMap<String, Vec<(ObjectRef, Vec<ObjectRef>)>> = BTreeMap::new();
    for (r, v) in s {
        if !is(r, AI_GATEWAY_GROUP, "AIGatewayRoute") {
            continue;
        }
        for rule in RouteView::new(ObjectView::new(v).spec()).rules() {
            let backends: Vec<ObjectRef> = rule
                .backend_refs()
                .filter(|b| b.is_ai_service_backend())
                .filter_map(|b| b.reference.object_ref(r.namespace.as_deref()))
                .collect();
            let names: BTreeSet<&str> = rule.model_names().map(|m| m.value).collect();
            for m in names {
                out.entry(m.to_owned())
                    .or_default()
                    .push((r.clone(), backends.clone()));
            }
        }
    }
    out
}

/// True when `asb` exists in `s` and has a key policy there: a BackendSecurityPolicy targeting
/// it, or the policy its `backendSecurityPolicyRef` names.
fn keyed(s: &State, asb: &ObjectRef) -> bool {
    let Some(v) = s.get(asb) else { return false };
    let by_ref = ServiceBackendView::new(ObjectView::new(v).spec())
        .policy_ref()
        .and_then(|p| p.object_ref(asb.namespace.as_deref()))
        .is_some_and(|p| s.contains_key(&p));
    by_ref
        || s.iter().any(|(r, p)| {
            is(r, AI_GATEWAY_GROUP, "BackendSecurityPolicy")
                && r.namespace == asb.namespace
                && PolicyView::new(ObjectView::new(p).spec())
                    .target_refs()
                    .any(|t| {
                        t.reference.is(AI_GATEWAY_GROUP, "AIServiceBackend")
                            && t.reference.name == Some(asb.name.as_str())
                    })
        })
}

/// True when `asb` must have a key whenever a route sends to it: it exists in `before` or
/// `after`, and has a key in each of them it exists in.
fn needs_key(before: &State, after: &State, asb: &ObjectRef) -> bool {
    let (b, a) = (before.contains_key(asb), after.contains_key(asb));
    (b || a) && (!b || keyed(before, asb)) && (!a || keyed(after, asb))
}

/// Checks the step invariant on `now`, a state met while going from `before` to `after`;
/// the error says what broke.
pub fn check(before: &State, after: &State, now: &State) -> Result<(), String> {
    let served_before = rules_serving(before);
    let served_after = rules_serving(after);
    let served_now = rules_serving(now);
    let mut problems = Vec::new();
    for m in served_before
        .keys()
        .filter(|m| served_after.contains_key(*m))
    {
        let Some(rules) = served_now.get(m) else {
            problems.push(format!("model {m:?} is not served"));
            continue;
        };
        for (route, backends) in rules {
            for asb in backends {
                let Some(v) = now.get(asb) else {
                    problems.push(format!("model {m:?}: {route} sends to missing {asb}"));
                    continue;
                };
                let backend = ServiceBackendView::new(ObjectView::new(v).spec())
                    .backend_ref()
                    .filter(|b| b.is(ENVOY_GATEWAY_GROUP, "Backend"))
                    .and_then(|b| b.object_ref(asb.namespace.as_deref()));
                if let Some(b) = backend
                    && !now.contains_key(&b)
                {
                    problems.push(format!("model {m:?}: {asb} sends to missing {b}"));
                }
            }
        }
    }
    for asb in before.keys().filter(|r| {
        is(r, AI_GATEWAY_GROUP, "AIServiceBackend") && keyed(before, r) && keyed(after, r)
    }) {
        if !keyed(now, asb) {
            problems.push(format!("{asb} has no key policy"));
        }
    }
    let routed: BTreeSet<&ObjectRef> = served_now
        .values()
        .flatten()
        .flat_map(|(_, backends)| backends)
        .collect();
    for asb in routed {
        if now.contains_key(asb) && needs_key(before, after, asb) && !keyed(now, asb) {
            problems.push(format!("{asb} is routed to without its key policy"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// `s` after a step: the object applied (under the change's identity) or removed.
pub fn apply_step(s: &mut State, step: &Step<'_>) {
    match step.object() {
        Some(v) => {
            s.insert(step.change.object.clone(), v.clone());
        }
        None => {
            s.remove(&step.change.object);
        }
    }
}

/// Applies the plan's steps to `current` one by one and checks the invariant on CURRENT and
/// after every step; the error names the step and what broke.
pub fn check_steps(current: &ConfigSet, plan: &Plan) -> Result<(), String> {
    let before = state_of(current);
    let steps = plan.steps();
    let mut after = before.clone();
    for s in &steps {
        apply_step(&mut after, s);
    }
    check(&before, &after, &before).map_err(|e| format!("CURRENT already breaks: {e}"))?;
    let mut now = before.clone();
    for (i, s) in steps.iter().enumerate() {
        apply_step(&mut now, s);
        check(&before, &after, &now).map_err(|e| {
            format!(
                "after step {} ({}, {} {}{}): {e}",
                i + 1,
                s.phase,
                s.change.action.as_str(),
                s.change.object,
                if s.transitional { ", transitional" } else { "" }
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
/// The invariant on the order plans had before phases: each change applied once, creates and
/// updates by kind (Backend, AIServiceBackend, BackendSecurityPolicy, AIGatewayRoute) and name,
/// then deletes in reverse: what the tests hold the phases against (the reproducers and
/// random pairs break it).
pub(crate) fn check_plain_order(current: &ConfigSet, p: &Plan) -> Result<(), String> {
    let mut changes: Vec<&Change> = p.changes.iter().collect();
    changes.sort_by_key(|c| {
        let rank = crate::plan::order::kind_rank(&c.object);
        let delete = c.action == Action::Delete;
        (
            delete,
            if delete { 9 - rank } else { rank },
            c.object.clone(),
        )
    });
    let before = state_of(current);
    let mut after = before.clone();
    for c in &changes {
        apply_plain(&mut after, c);
    }
    let mut now: State = before.clone();
    for c in &changes {
        apply_plain(&mut now, c);
        check(&before, &after, &now).map_err(|e| format!("after {}: {e}", c.object))?;
    }
    Ok(())
}

#[cfg(test)]
fn apply_plain(s: &mut State, c: &Change) {
    let step = Step {
        phase: c.phase,
        index: 0,
        change: c,
        transitional: false,
    };
    apply_step(s, &step);
}
