//! Make before break: the phase of every change, and the transitional objects applied where one
//! apply per object cannot keep every model served.
//!
//! # What the order guarantees
//!
//! Applied step by step ([`Plan::steps`](super::Plan::steps)), the plan keeps this true after
//! every step, given that CURRENT itself satisfies it:
//!
//! - every model that both CURRENT and DESIRED serve (a model name of a rule, see
//!   [`RuleView::model_names`](crate::resources::view::RuleView::model_names)) is served by at
//!   least one rule, and every rule that serves it points at AIServiceBackends that exist,
//!   whose Backends exist;
//! - every AIServiceBackend that has a key policy (a BackendSecurityPolicy targeting it, or the
//!   one its `backendSecurityPolicyRef` names) in both states has one;
//! - a route never sends a request to an AIServiceBackend without a key where the
//!   AIServiceBackend has one in each state it exists in (so a model that is removed keeps its
//!   key until its rule is gone, and a new backend gets its key before a route uses it).
//!
//! The one exception is stated in the plan: two route objects at the rule limit that swap
//! models (see below).
//!
//! # Phases
//!
//! 1. **Prepare** ([`Phase::Prepare`]): creates and updates of every kind but AIGatewayRoute,
//!    in dependency order (other managed kinds, Backend, AIServiceBackend,
//!    BackendSecurityPolicy), except the updates phase 3 takes: policy updates that drop
//!    targets and AIServiceBackend updates that drop their key policy reference. A policy that
//!    drops targets and also changes otherwise (gains targets, another key) is first applied
//!    here in a transitional form: its desired form with the dropped targetRefs kept after the
//!    new ones (targets old ∪ new). The transitional forms come after the other steps of the
//!    phase, so that the objects they target exist.
//! 2. **Switch** ([`Phase::Switch`]): AIGatewayRoute creates and updates. A route that drops a
//!    model which another route of DESIRED takes is first applied here in a transitional form:
//!    its desired rules, preceded by its old rules for those models (only their matches naming
//!    those models), so that the model is served by both route objects for a while (Envoy
//!    Gateway then keeps the older route's rule) and never by none. When that transitional form
//!    would hold more rules than the release allows
//!    ([`Release::effective_rule_limit`](crate::Release::effective_rule_limit)), the route gets
//!    no transitional form: its desired form is applied in phase 3, after the routes that take
//!    its models. When such routes take models from each other (a swap between two full route
//!    objects), no order avoids a gap: the plan applies them by name and says which model goes
//!    unserved between which applies.
//! 3. **Finish** ([`Phase::Finish`]): the desired form of the routes that were deferred (in the
//!    order their models need) or applied in a transitional form; route deletes (a deleted
//!    route's models are removed, or served by the routes that took them by now); then
//!    AIServiceBackend updates that drop or change their `backendSecurityPolicyRef`, then the
//!    desired form of policies that were applied in a transitional form and policy updates that
//!    only drop targets. A route is deleted here and not in phase 4 so that a policy drops the
//!    target of a removed model only once no route sends to it: a removed model never goes
//!    without its key.
//! 4. **Delete** ([`Phase::Delete`]): the other deletes, in reverse dependency order: policies,
//!    AIServiceBackends, Backends, other managed kinds.
//!
//! Within a phase (in phase 3, within each of the groups above), changes come by kind in the
//! dependency order, then by namespace and name. Each object is still one [`Change`]; its
//! [`Change::phase`] is the phase of its desired form, and [`Change::transitional`] the earlier
//! form, if any. [`Change::notes`] say why, for people.
//!
//! # Decisions
//!
//! - A model is known by its name across all route objects (not per Gateway): "served" means
//!   some rule of some route names it.
//! - A route that gives a model away always gets a transitional form when it fits, even where
//!   applying the taking route first would do: the order within phase 2 then never matters,
//!   and the plan says plainly that both route objects serve the model for a while. The old
//!   rule goes first in the transitional form, so that within the route it keeps winning over
//!   any rule that competes with it, as it did before.
//! - The old form of an updated policy, AIServiceBackend or route is looked up in CURRENT by
//!   identity (a [`Change`] carries only the desired form).
//! - The rule limit is the release's effective one (15 on every release: the controller adds a
//!   catch-all rule to the generated HTTPRoute), not the CRD's `maxItems`.

use super::order;
use super::{Action, Change, DetailKind, PlanOptions};
use crate::resources::common::AI_GATEWAY_GROUP;
use crate::resources::view::{ObjectView, PolicyView, RouteView, ServiceBackendView};
use crate::{ConfigSet, ObjectRef};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

pub mod invariant;
#[cfg(test)]
mod tests;

/// When a step is applied: the four phases of a plan, in order (see the
/// [module documentation](self) for what goes where).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Phase 1: what the new routes need (creates, backend updates, policies gaining targets).
    Prepare,
    /// Phase 2: the routes switch to their new rules.
    Switch,
    /// Phase 3: what waits until the routes have switched (routes giving models away or
    /// deleted, policies dropping targets).
    Finish,
    /// Phase 4: the other deletes, Backends last.
    Delete,
}

impl Phase {
    /// The four phases in order.
    pub const ALL: [Phase; 4] = [Phase::Prepare, Phase::Switch, Phase::Finish, Phase::Delete];

    /// 1 to 4.
    ///
    /// ```
    /// use nrp_llm_config::plan::Phase;
    /// assert_eq!(Phase::ALL.map(Phase::number), [1, 2, 3, 4]);
    /// ```
    pub fn number(self) -> u8 {
        match self {
            Phase::Prepare => 1,
            Phase::Switch => 2,
            Phase::Finish => 3,
            Phase::Delete => 4,
        }
    }

    /// `prepare`, `switch`, `finish` or `delete` (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Switch => "switch",
            Phase::Finish => "finish",
            Phase::Delete => "delete",
        }
    }

    /// What the phase is for, in a few words (the text plan's phase headers).
    pub fn purpose(self) -> &'static str {
        match self {
            Phase::Prepare => "before the routes change",
            Phase::Switch => "the routes",
            Phase::Finish => "after the routes changed",
            Phase::Delete => "backends last",
        }
    }
}

impl fmt::Display for Phase {
    /// `phase 1 (prepare)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "phase {} ({})", self.number(), self.as_str())
    }
}

/// A form of an object applied before its desired form, because applying the desired form at
/// once would break a model (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct Transitional {
    /// When it is applied; always before the change's own [`Change::phase`].
    pub phase: Phase,
    /// The object applied then (labelled like the desired form).
    pub object: Value,
}

/// One apply or delete of [`Plan::steps`](super::Plan::steps).
#[derive(Clone, Copy, Debug)]
pub struct Step<'a> {
    /// The phase of the step.
    pub phase: Phase,
    /// The index of the change in [`Plan::changes`](super::Plan::changes).
    pub index: usize,
    /// The change the step belongs to.
    pub change: &'a Change,
    /// True when the step applies the change's transitional form.
    pub transitional: bool,
}

impl<'a> Step<'a> {
    /// The object the step applies: the transitional or the desired form; `None` for a delete.
    pub fn object(&self) -> Option<&'a Value> {
        if self.transitional {
            self.change.transitional.as_ref().map(|t| &t.object)
        } else if self.change.action == Action::Delete {
            None
        } else {
            self.change.desired.as_ref()
        }
    }
}

/// The steps of `changes` in apply order: per phase, the desired forms of that phase in the
/// order of `changes`, then the transitional forms of that phase in the same order (in phase 1
/// those are policies, which come after the objects they target; in phase 2 routes, whose
/// order within the phase does not matter).
pub(crate) fn steps(changes: &[Change]) -> Vec<Step<'_>> {
    let mut out = Vec::with_capacity(changes.len());
    for phase in Phase::ALL {
        for (index, change) in changes.iter().enumerate() {
            if change.phase == phase {
                out.push(Step {
                    phase,
                    index,
                    change,
                    transitional: false,
                });
            }
        }
        for (index, change) in changes.iter().enumerate() {
            if change
                .transitional
                .as_ref()
                .is_some_and(|t| t.phase == phase)
            {
                out.push(Step {
                    phase,
                    index,
                    change,
                    transitional: true,
                });
            }
        }
    }
    out
}

/// Where a change goes: its phase, then a group within the phase and a sequence number within
/// the group (both 0 unless the phase needs them); kind, namespace and name decide the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Placement {
    pub(crate) phase: Phase,
    pub(crate) group: u8,
    pub(crate) seq: usize,
}

/// Groups of phase 3, in order.
const FINISH_DEFERRED_ROUTE: u8 = 0;
const FINISH_ROUTE: u8 = 1;
const FINISH_ROUTE_DELETE: u8 = 2;
const FINISH_SERVICE_BACKEND: u8 = 3;
const FINISH_POLICY: u8 = 4;

fn is(r: &ObjectRef, kind: &str) -> bool {
    r.group == AI_GATEWAY_GROUP && r.kind == kind
}

/// Assigns every change its phase, transitional form and notes, and sorts the changes into
/// apply order. `current` is the state the changes were computed from (the old form of an
/// updated object is looked up there).
pub(crate) fn assign(changes: &mut Vec<Change>, current: &ConfigSet, options: &PlanOptions) {
    let old = old_values(changes, current, options.namespace.as_deref());
    let mut place: Vec<Placement> = changes.iter().map(plain).collect();
    for (i, c) in changes.iter_mut().enumerate() {
        let Some(old) = old[i] else { continue };
        if is(&c.object, "BackendSecurityPolicy") {
            policy(c, old, &mut place[i]);
        } else if is(&c.object, "AIServiceBackend") {
            service_backend(c, old, &mut place[i]);
        }
    }
    routes(
        changes,
        &old,
        options.release.effective_rule_limit(),
        &mut place,
    );
    for (c, p) in changes.iter_mut().zip(&place) {
        c.phase = p.phase;
    }
    order::sort_changes(changes, place);
}

/// The placement of a change that needs nothing special: route creates and updates in phase 2,
/// route deletes in phase 3, other deletes in phase 4, everything else in phase 1.
fn plain(c: &Change) -> Placement {
    let route = is(&c.object, "AIGatewayRoute");
    let (phase, group) = match c.action {
        Action::Delete if route => (Phase::Finish, FINISH_ROUTE_DELETE),
        Action::Delete => (Phase::Delete, 0),
        _ if route => (Phase::Switch, 0),
        _ => (Phase::Prepare, 0),
    };
    Placement {
        phase,
        group,
        seq: 0,
    }
}

/// The CURRENT form of every updated policy, AIServiceBackend and route, by change index. An
/// object matches by group, kind, name and namespace; an object of CURRENT without a namespace
/// matches when no object has the exact one (it was given one by `--namespace`, or paired
/// with DESIRED's, when the changes were computed).
fn old_values<'c>(
    changes: &[Change],
    current: &'c ConfigSet,
    namespace: Option<&str>,
) -> Vec<Option<&'c Value>> {
    let mut out: Vec<Option<&'c Value>> = vec![None; changes.len()];
    let mut wanted: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, c) in changes.iter().enumerate() {
        let r = &c.object;
        let needed = [
            "BackendSecurityPolicy",
            "AIServiceBackend",
            "AIGatewayRoute",
        ]
        .iter()
        .any(|k| is(r, k));
        if c.action == Action::Update && needed {
            wanted
                .entry((r.group.as_str(), r.kind.as_str(), r.name.as_str()))
                .or_default()
                .push(i);
        }
    }
    if wanted.is_empty() {
        return out;
    }
    let mut exact = vec![false; changes.len()];
    for o in current.objects() {
        let v = ObjectView::new(o.value());
        let Some(name) = v.name() else { continue };
        let Some(indexes) = wanted.get(&(v.group(), v.kind(), name)) else {
            continue;
        };
        for &i in indexes {
            let want = changes[i].object.namespace.as_deref();
            if v.namespace().is_some_and(|ns| Some(ns) == want) {
                if !exact[i] {
                    out[i] = Some(o.value());
                    exact[i] = true;
                }
            } else if v.namespace().is_none()
                && (namespace.is_none() || namespace == want)
                && out[i].is_none()
            {
                out[i] = Some(o.value());
            }
        }
    }
    out
}

/// A policy target by identity: group, kind, name (the namespace is the policy's own).
type TargetKey = (String, String, String);

/// The `spec.targetRefs` of a policy: identity and entry as written.
fn targets(v: &Value) -> Vec<(TargetKey, &Value)> {
    PolicyView::new(ObjectView::new(v).spec())
        .target_refs()
        .filter_map(|t| {
            let r = t.reference;
            let key = (r.group.to_owned(), r.kind.to_owned(), r.name?.to_owned());
            Some((key, r.node.value()))
        })
        .collect()
}

/// Places a policy update: no dropped target, phase 1; only dropped targets, phase 3; dropped
/// targets and other changes, phase 3 after a transitional form with the targets old ∪ new in
/// phase 1.
fn policy(c: &mut Change, old: &Value, place: &mut Placement) {
    let Some(desired) = &c.desired else { return };
    let new = targets(desired);
    let dropped: Vec<(TargetKey, &Value)> = targets(old)
        .into_iter()
        .filter(|(k, _)| !new.iter().any(|(n, _)| n == k))
        .collect();
    if dropped.is_empty() {
        return;
    }
    place.phase = Phase::Finish;
    place.group = FINISH_POLICY;
    let names: Vec<String> = dropped
        .iter()
        .map(|((_, kind, name), _)| format!("{kind} {name}"))
        .collect();
    let only_drops = c.details.iter().all(|d| {
        matches!(
            d.kind,
            DetailKind::TargetRemoved | DetailKind::JoinsApplySet
        )
    });
    if only_drops {
        c.notes.push(format!(
            "applied after the routes changed, so that {} {} {} key until then",
            names.join(", "),
            agree(names.len(), "keeps", "keep"),
            agree(names.len(), "its", "their"),
        ));
        return;
    }
    let mut object = desired.clone();
    let union: Vec<Value> = new
        .iter()
        .map(|(_, v)| (*v).clone())
        .chain(dropped.iter().map(|(_, v)| (*v).clone()))
        .collect();
    if let Some(Value::Object(spec)) = object.get_mut("spec") {
        spec.insert("targetRefs".to_owned(), Value::Array(union));
    }
    c.transitional = Some(Transitional {
        phase: Phase::Prepare,
        object,
    });
    c.notes.push(format!(
        "first applied in {} with targetRefs old ∪ new, so that {} {} {} key until the routes \
         changed; this form in {}",
        Phase::Prepare,
        names.join(", "),
        agree(names.len(), "keeps", "keep"),
        agree(names.len(), "its", "their"),
        Phase::Finish
    ));
}

/// Places an AIServiceBackend update that drops or changes its `backendSecurityPolicyRef` in
/// phase 3, so that it keeps its old key while routes may still send to it.
fn service_backend(c: &mut Change, old: &Value, place: &mut Placement) {
    let Some(desired) = &c.desired else { return };
    let ns = c.object.namespace.as_deref();
    let policy_of = |v: &Value| {
        ServiceBackendView::new(ObjectView::new(v).spec())
            .policy_ref()
            .and_then(|r| r.object_ref(ns))
    };
    let (before, after) = (policy_of(old), policy_of(desired));
    let Some(before) = before else { return };
    if after.as_ref() == Some(&before) {
        return;
    }
    place.phase = Phase::Finish;
    place.group = FINISH_SERVICE_BACKEND;
    c.notes.push(format!(
        "applied after the routes changed: it stops naming {before} as its key policy"
    ));
}

/// The models a route's rules serve.
fn models(route: &Value) -> BTreeSet<String> {
    RouteView::new(ObjectView::new(route).spec())
        .rules()
        .flat_map(|r| {
            r.model_names()
                .map(|m| m.value.to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The rules of `route` that serve any of `moving`, each reduced to its matches that name one
/// of them.
fn rules_for(route: &Value, moving: &BTreeSet<String>) -> Vec<Value> {
    let mut out = Vec::new();
    for rule in RouteView::new(ObjectView::new(route).spec()).rules() {
        let keep: Vec<usize> = rule
            .matches()
            .filter(|m| {
                m.headers().any(|h| {
                    h.is_model_header()
                        && h.match_type == "Exact"
                        && h.value.is_some_and(|v| moving.contains(v))
                })
            })
            .map(|m| m.index)
            .collect();
        if keep.is_empty() {
            continue;
        }
        let mut value = rule.node().value().clone();
        if keep.len() < rule.matches().count()
            && let Some(Value::Array(matches)) = value.get_mut("matches")
        {
            let mut i = 0;
            matches.retain(|_| {
                let kept = keep.contains(&i);
                i += 1;
                kept
            });
        }
        out.push(value);
    }
    out
}

/// What a route update gives away: the models it drops that another route of the plan takes,
/// with the routes that take each.
struct Giving {
    index: usize,
    takers: BTreeMap<String, Vec<usize>>,
}

/// Places route creates and updates (see the [module documentation](self)).
fn routes(changes: &mut [Change], old: &[Option<&Value>], limit: usize, place: &mut [Placement]) {
    let mut old_models: HashMap<usize, BTreeSet<String>> = HashMap::new();
    let mut takers: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in changes.iter().enumerate() {
        if !is(&c.object, "AIGatewayRoute") || c.action == Action::Delete {
            continue;
        }
        let Some(desired) = &c.desired else { continue };
        let before = old[i].map(models).unwrap_or_default();
        for m in models(desired) {
            if !before.contains(&m) {
                takers.entry(m).or_default().push(i);
            }
        }
        old_models.insert(i, before);
    }
    let mut giving: Vec<Giving> = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        if c.action != Action::Update || !is(&c.object, "AIGatewayRoute") {
            continue;
        }
        let (Some(before), Some(desired)) = (old_models.get(&i), &c.desired) else {
            continue;
        };
        let after = models(desired);
        let given: BTreeMap<String, Vec<usize>> = before
            .difference(&after)
            .filter_map(|m| {
                let t: Vec<usize> = takers.get(m)?.iter().copied().filter(|&t| t != i).collect();
                (!t.is_empty()).then(|| (m.clone(), t))
            })
            .collect();
        if !given.is_empty() {
            giving.push(Giving {
                index: i,
                takers: given,
            });
        }
    }
    let mut deferred: Vec<&Giving> = Vec::new();
    for g in &giving {
        let i = g.index;
        let (Some(old), Some(desired)) = (old[i], changes[i].desired.as_ref()) else {
            continue;
        };
        let moving: BTreeSet<String> = g.takers.keys().cloned().collect();
        let kept = rules_for(old, &moving);
        let final_rules = RouteView::new(ObjectView::new(desired).spec())
            .rules()
            .len();
        let models = quoted(&moving);
        let takers = names(changes, g.takers.values().flatten().copied());
        let take = agree(takers.len(), "takes", "take");
        let serve = agree(takers.len(), "serves", "serve");
        let takers = takers.join(", ");
        let old_rules = agree(kept.len(), "its old rule", "its old rules");
        place[i].phase = Phase::Finish;
        if final_rules + kept.len() <= limit {
            place[i].group = FINISH_ROUTE;
            let mut object = desired.clone();
            if let Some(Value::Object(spec)) = object.get_mut("spec") {
                let rules = match spec.remove("rules") {
                    Some(Value::Array(r)) => r,
                    _ => Vec::new(),
                };
                spec.insert(
                    "rules".to_owned(),
                    Value::Array(kept.into_iter().chain(rules).collect()),
                );
            }
            let c = &mut changes[i];
            c.transitional = Some(Transitional {
                phase: Phase::Switch,
                object,
            });
            c.notes.push(format!(
                "first applied in {} still serving {models} with {old_rules}, so that \
                 {takers} {take} over without a gap; this form in {}",
                Phase::Switch,
                Phase::Finish
            ));
        } else {
            place[i].group = FINISH_DEFERRED_ROUTE;
            changes[i].notes.push(format!(
                "applied in {}, after {takers} {serve} {models}: a transitional form still \
                 serving {} with {old_rules} would hold {} rules (the limit is {limit})",
                Phase::Finish,
                agree(moving.len(), "it", "them"),
                final_rules + kept.len()
            ));
            deferred.push(g);
        }
    }
    sequence_deferred(changes, &deferred, place);
}

/// Orders the deferred routes of phase 3 so that each is applied after a route that takes each
/// of its models, when all the routes taking a model are deferred too. Where the routes wait on
/// each other, the first by name goes first and its change says which model is unserved
/// until when.
fn sequence_deferred(changes: &mut [Change], deferred: &[&Giving], place: &mut [Placement]) {
    let is_deferred = |i: usize| deferred.iter().any(|g| g.index == i);
    let mut placed: Vec<usize> = Vec::new();
    let mut left: Vec<&Giving> = deferred.to_vec();
    // Routes by namespace and name, as the plain order has them.
    left.sort_by(|a, b| changes[a.index].object.cmp(&changes[b.index].object));
    while !left.is_empty() {
        // A model waits when every route taking it is deferred and none is placed yet.
        let waiting = |g: &Giving| -> Vec<(String, Vec<usize>)> {
            g.takers
                .iter()
                .filter(|(_, t)| {
                    t.iter().all(|&t| is_deferred(t)) && !t.iter().any(|t| placed.contains(t))
                })
                .map(|(m, t)| (m.clone(), t.clone()))
                .collect()
        };
        let at = left.iter().position(|g| waiting(g).is_empty()).unwrap_or(0);
        let g = left.remove(at);
        for (m, t) in waiting(g) {
            let takers = names(changes, t.into_iter()).join(" or ");
            changes[g.index].notes.push(format!(
                "warning: model {m:?} is not served from this apply until {takers} is applied: \
                 both route objects are at the rule limit and take models from each other, so \
                 no order avoids the gap. Move such models in two plans to avoid it"
            ));
        }
        place[g.index].seq = placed.len();
        placed.push(g.index);
    }
}

/// `"a", "b"`.
fn quoted(models: &BTreeSet<String>) -> String {
    let q: Vec<String> = models.iter().map(|m| format!("{m:?}")).collect();
    q.join(", ")
}

/// The objects of some changes, deduplicated, in order (`AIGatewayRoute ns/a`).
fn names(changes: &[Change], indexes: impl Iterator<Item = usize>) -> Vec<String> {
    let set: BTreeSet<&ObjectRef> = indexes.map(|i| &changes[i].object).collect();
    set.iter().map(ToString::to_string).collect()
}

/// `one` for a single thing, `many` otherwise.
fn agree(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
