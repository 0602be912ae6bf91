//! Human-oriented details of a change: per model for routes, per targetRef for policies, per
//! field for everything else.

use super::applyset::{ApplySetScope, PART_OF_LABEL};
use super::diff::{LeafChange, diff, leaf_diff};
use super::normalize::canonical_string;
use super::{Change, Detail, DetailKind, PlanOptions};
use crate::path::FieldPath;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use crate::resources::view::{
    Node, ObjectView, PerModelQuotaView, PolicyView, QuotaPolicyView, RouteView, RuleView,
};
use crate::{ConfigSet, ObjectRef};
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn is_route(r: &ObjectRef) -> bool {
    r.group == AI_GATEWAY_GROUP && r.kind == "AIGatewayRoute"
}

fn is_policy(r: &ObjectRef) -> bool {
    r.group == AI_GATEWAY_GROUP
        && matches!(r.kind.as_str(), "BackendSecurityPolicy" | "QuotaPolicy")
}

fn is_quota(r: &ObjectRef) -> bool {
    r.group == AI_GATEWAY_GROUP && r.kind == "QuotaPolicy"
}

/// The `spec.targetRefs` entries of a policy object, as written.
fn policy_targets(v: &Value) -> impl Iterator<Item = &Value> {
    PolicyView::new(ObjectView::new(v).spec())
        .target_refs()
        .map(|t| t.reference.node.value())
}

/// Short text of a value for a message: strings quoted, structures as compact JSON, long values
/// cut. The full values stay in the detail's `old`/`new`.
pub(crate) fn show(v: Option<&Value>) -> String {
    const MAX: usize = 160;
    let s = match v {
        None => return "(absent)".to_owned(),
        Some(v) => canonical_string(v),
    };
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn detail(
    kind: DetailKind,
    model: Option<&str>,
    path: Option<FieldPath>,
    old: Option<Value>,
    new: Option<Value>,
    message: String,
) -> Detail {
    Detail {
        kind,
        model: model.map(str::to_owned),
        path,
        old,
        new,
        message,
        rule: None,
    }
}

fn rules_path() -> FieldPath {
    FieldPath::root().field("spec").field("rules")
}

/// Rules of a route keyed by each model name they match, and the rules matching no model.
fn rules_by_model(route: &Value) -> (BTreeMap<String, Value>, Vec<Value>) {
    let mut by_model = BTreeMap::new();
    let mut other = Vec::new();
    for rule in RouteView::new(ObjectView::new(route).spec()).rules() {
        let value = rule.node().value();
        let mut models = rule.model_names().peekable();
        if models.peek().is_none() {
            other.push(value.clone());
        }
        for m in models {
            by_model
                .entry(m.value.to_owned())
                .or_insert_with(|| value.clone());
        }
    }
    (by_model, other)
}

/// The routing-relevant part of a rule's backendRefs: name, namespace, weight, priority.
fn backends_brief(rule: &Value) -> Value {
    Value::Array(
        RuleView::new(Node::new(rule))
            .backend_refs()
            .map(|b| {
                let v = b.reference.node.value();
                let mut m = Map::new();
                for k in ["name", "namespace", "weight", "priority"] {
                    if let Some(x) = v.get(k) {
                        m.insert(k.to_owned(), x.clone());
                    }
                }
                Value::Object(m)
            })
            .collect(),
    )
}

fn backends_text(brief: &Value) -> String {
    let items: Vec<String> = Node::new(brief)
        .items()
        .map(Node::value)
        .map(|b| {
            let mut s = match (b.get("namespace").and_then(Value::as_str), b.get("name")) {
                (Some(ns), Some(Value::String(n))) => format!("{ns}/{n}"),
                (None, Some(Value::String(n))) => n.clone(),
                (_, other) => show(other),
            };
            if let Some(w) = b.get("weight") {
                s.push_str(&format!(" (weight {})", show(Some(w))));
            }
            if let Some(p) = b.get("priority") {
                s.push_str(&format!(" (priority {})", show(Some(p))));
            }
            s
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn field_changes(changes: Vec<LeafChange>, model: Option<&str>) -> Vec<Detail> {
    changes
        .into_iter()
        .map(|c| {
            let message = format!(
                "{}: {} → {}",
                c.path,
                show(c.old.as_ref()),
                show(c.new.as_ref())
            );
            detail(
                DetailKind::FieldChanged,
                model,
                Some(c.path),
                c.old,
                c.new,
                message,
            )
        })
        .collect()
}

fn without(v: &Value, pointer_parent: &str, key: &str) -> Value {
    let mut v = v.clone();
    if let Some(Value::Object(m)) = v.pointer_mut(pointer_parent) {
        m.remove(key);
    }
    v
}

/// Details of creating an object.
pub(crate) fn create_details(r: &ObjectRef, new: &Value) -> Vec<Detail> {
    if is_route(r) {
        let (models, _) = rules_by_model(new);
        return models
            .iter()
            .map(|(m, rule)| model_added(m, rule))
            .collect();
    }
    if is_policy(r) {
        let mut out: Vec<Detail> = policy_targets(new)
            .map(|t| target_detail(DetailKind::TargetAdded, t))
            .collect();
        if is_quota(r) {
            out.extend(quota_update(&Value::Null, new));
        }
        return out;
    }
    Vec::new()
}

fn model_added(m: &str, rule: &Value) -> Detail {
    let b = backends_brief(rule);
    let message = format!("model {m:?}: added, backends {}", backends_text(&b));
    let mut d = detail(
        DetailKind::ModelAdded,
        Some(m),
        Some(rules_path().key(m)),
        None,
        Some(b),
        message,
    );
    d.rule = Some(rule.clone());
    d
}

fn model_removed(m: &str, rule: &Value, message: String) -> Detail {
    let mut d = detail(
        DetailKind::ModelRemoved,
        Some(m),
        Some(rules_path().key(m)),
        Some(backends_brief(rule)),
        None,
        message,
    );
    d.rule = Some(rule.clone());
    d
}

fn target_text(t: &Value) -> String {
    let kind = t.get("kind").and_then(Value::as_str).unwrap_or("?");
    let name = t.get("name").and_then(Value::as_str).unwrap_or("?");
    format!("{kind} {name}")
}

fn target_detail(kind: DetailKind, t: &Value) -> Detail {
    let (verb, old, new) = if kind == DetailKind::TargetAdded {
        ("added", None, Some(t.clone()))
    } else {
        ("removed", Some(t.clone()), None)
    };
    let message = format!("targetRef {} {verb}", target_text(t));
    detail(
        kind,
        None,
        Some(FieldPath::root().field("spec").field("targetRefs")),
        old,
        new,
        message,
    )
}

/// Details of deleting an object; `referrers` are the objects that stay and still refer to it.
pub(crate) fn delete_details(r: &ObjectRef, old: &Value, referrers: &[ObjectRef]) -> Vec<Detail> {
    let mut out = if is_route(r) {
        let (models, _) = rules_by_model(old);
        models
            .iter()
            .map(|(m, rule)| {
                model_removed(
                    m,
                    rule,
                    format!("model {m:?}: no longer routed (route deleted)"),
                )
            })
            .collect()
    } else if is_policy(r) {
        policy_targets(old)
            .map(|t| target_detail(DetailKind::TargetRemoved, t))
            .collect()
    } else if referrers.is_empty() {
        let why = match (r.group.as_str(), r.kind.as_str()) {
            (AI_GATEWAY_GROUP, "AIServiceBackend") => {
                "no longer used: no rule of the desired routes needs it"
            }
            (ENVOY_GATEWAY_GROUP, "Backend") => {
                "no longer used: no desired AIServiceBackend needs it"
            }
            _ => "no longer used: not in the desired configuration",
        };
        vec![detail(
            DetailKind::NoLongerUsed,
            None,
            None,
            None,
            None,
            why.to_owned(),
        )]
    } else {
        Vec::new()
    };
    if !referrers.is_empty() {
        let names: Vec<String> = referrers.iter().map(ToString::to_string).collect();
        let mut shown: Vec<String> = names.iter().take(3).cloned().collect();
        if names.len() > 3 {
            shown.push(format!("and {} more", names.len() - 3));
        }
        out.push(detail(
            DetailKind::StillReferenced,
            None,
            None,
            None,
            Some(json!(names)),
            format!(
                "not in the desired configuration, but still referenced by {} (that reference will dangle)",
                shown.join(", ")
            ),
        ));
    }
    out
}

/// The detail of a live object joining the plan's ApplySet: its `part-of` label goes from
/// `old` (absent, or another ApplySet's ID) to this ApplySet's.
pub(crate) fn joins_detail(scope: &ApplySetScope, old: Option<&str>) -> Detail {
    let message = format!(
        "joins ApplySet {}/{}: label {PART_OF_LABEL}: {} → {}",
        scope.namespace,
        scope.name,
        old.map_or_else(|| "(absent)".to_owned(), |o| format!("{o:?}")),
        format_args!("{:?}", scope.id),
    );
    detail(
        DetailKind::JoinsApplySet,
        None,
        Some(
            FieldPath::root()
                .field("metadata")
                .field("labels")
                .key(PART_OF_LABEL),
        ),
        old.map(|o| json!(o)),
        Some(json!(scope.id)),
        message,
    )
}

/// The field `path` of the object changes although `manager` owns it.
pub(crate) fn takes_over_detail(path: &FieldPath, manager: &str) -> Detail {
    detail(
        DetailKind::TakesOver,
        None,
        Some(path.clone()),
        Some(json!(manager)),
        None,
        format!("takes over {path} from {manager}"),
    )
}

/// For each object in `deleted`, the objects that stay after the plan and still refer to it:
/// every object of DESIRED, and every object of CURRENT that is neither deleted nor replaced by
/// a managed object of DESIRED (`want`), nor generated by a controller from an object of a
/// managed kind (the HTTPRoute the AI Gateway controller makes from an AIGatewayRoute follows
/// its owner: its references change when the route does). A reference without a namespace
/// (from a file that names none) matches the name in any namespace.
pub(crate) fn referrers(
    deleted: &[&ObjectRef],
    current: &ConfigSet,
    desired: &ConfigSet,
    want: &BTreeMap<ObjectRef, Cow<'_, Value>>,
    options: &PlanOptions,
) -> HashMap<ObjectRef, Vec<ObjectRef>> {
    let mut out: HashMap<ObjectRef, Vec<ObjectRef>> = HashMap::new();
    if deleted.is_empty() {
        return out;
    }
    let mut by_name: HashMap<(&str, &str, &str), Vec<&ObjectRef>> = HashMap::new();
    for d in deleted {
        by_name
            .entry((d.group.as_str(), d.kind.as_str(), d.name.as_str()))
            .or_default()
            .push(d);
    }
    let gone: BTreeSet<&ObjectRef> = deleted.iter().copied().collect();
    let staying_current = current.objects().iter().filter(|o| {
        let generated = ObjectView::new(o.value())
            .controller_owner()
            .is_some_and(|owner| options.is_managed(owner.group(), owner.kind.unwrap_or("")));
        !generated
            && o.object_ref()
                .is_none_or(|r| !gone.contains(&r) && !want.contains_key(&r))
    });
    for o in desired.objects().iter().chain(staying_current) {
        let view = ObjectView::new(o.value());
        let Some(me) = view.object_ref() else {
            continue;
        };
        for t in view.references() {
            let Some(targets) = by_name.get(&(t.group.as_str(), t.kind.as_str(), t.name.as_str()))
            else {
                continue;
            };
            for d in targets {
                let same_ns =
                    t.namespace.is_none() || d.namespace.is_none() || t.namespace == d.namespace;
                if same_ns && **d != me {
                    let list = out.entry((*d).clone()).or_default();
                    if !list.contains(&me) {
                        list.push(me.clone());
                    }
                }
            }
        }
    }
    for list in out.values_mut() {
        list.sort();
    }
    out
}

/// Details of updating an object from `old` to `new` (both in comparable form). Never empty
/// when the two differ.
pub(crate) fn update_details(r: &ObjectRef, old: &Value, new: &Value) -> Vec<Detail> {
    let mut out = if is_route(r) {
        route_update(old, new)
    } else if is_quota(r) {
        let mut out = quota_update(old, new);
        out.extend(policy_update(
            &without(old, "/spec", "perModelQuotas"),
            &without(new, "/spec", "perModelQuotas"),
        ));
        out
    } else if is_policy(r) {
        policy_update(old, new)
    } else {
        field_changes(diff(old, new), None)
    };
    if out.is_empty() && old != new {
        out = field_changes(diff(old, new), None);
    }
    out
}

/// Labels of a route's rules in order: the first model name, else the first header condition
/// (`name = "value"`, `name ~ "regex"`), else "the rule without matches".
fn rule_labels(route: &Value) -> Vec<String> {
    RouteView::new(ObjectView::new(route).spec())
        .rules()
        .map(|r| {
            if let Some(m) = r.model_names().next() {
                return format!("{:?}", m.value);
            }
            match r.header_matches().next() {
                Some(h) => format!(
                    "{} {} {:?}",
                    h.name.unwrap_or("?"),
                    if h.match_type == "Exact" { "=" } else { "~" },
                    h.value.unwrap_or("")
                ),
                None => "the rule without matches".to_owned(),
            }
        })
        .collect()
}

/// A detail when rules present on both sides changed their relative order (only compared in
/// order when they compete, see [`super::normalize::comparable`]).
fn rule_order_detail(old: &Value, new: &Value) -> Option<Detail> {
    let (a, b) = (rule_labels(old), rule_labels(new));
    let common: BTreeSet<&String> = a.iter().filter(|l| b.contains(l)).collect();
    let a: Vec<&String> = a.iter().filter(|l| common.contains(l)).collect();
    let b: Vec<&String> = b.iter().filter(|l| common.contains(l)).collect();
    let i = a.iter().zip(&b).position(|(x, y)| x != y)?;
    let message = format!(
        "rule order: {} now before {} (these rules compete for some requests; the first one wins)",
        b[i], a[i]
    );
    Some(detail(
        DetailKind::FieldChanged,
        None,
        Some(rules_path()),
        Some(json!(a)),
        Some(json!(b)),
        message,
    ))
}

fn route_update(old: &Value, new: &Value) -> Vec<Detail> {
    let (old_m, old_other) = rules_by_model(old);
    let (new_m, new_other) = rules_by_model(new);
    let mut out: Vec<Detail> = rule_order_detail(old, new).into_iter().collect();
    for (m, rule) in &old_m {
        if !new_m.contains_key(m) {
            out.push(model_removed(m, rule, format!("model {m:?}: rule removed")));
        }
    }
    for (m, rule) in &new_m {
        if !old_m.contains_key(m) {
            out.push(model_added(m, rule));
        }
    }
    // A rule matching several models is compared once.
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (m, a) in &old_m {
        if let Some(b) = new_m.get(m)
            && a != b
            && seen.insert((canonical_string(a), canonical_string(b)))
        {
            out.extend(rule_update(m, a, b));
        }
    }
    let sorted = |v: &[Value]| {
        let mut s: Vec<String> = v.iter().map(canonical_string).collect();
        s.sort();
        s
    };
    if sorted(&old_other) != sorted(&new_other) {
        let message = format!(
            "rules without an {} match: {} → {}",
            crate::resources::common::MODEL_NAME_HEADER,
            show(Some(&Value::Array(old_other.clone()))),
            show(Some(&Value::Array(new_other.clone())))
        );
        out.push(detail(
            DetailKind::FieldChanged,
            None,
            Some(rules_path()),
            Some(Value::Array(old_other)),
            Some(Value::Array(new_other)),
            message,
        ));
    }
    let a = without(old, "/spec", "rules");
    let b = without(new, "/spec", "rules");
    out.extend(field_changes(diff(&a, &b), None));
    out
}

fn rule_update(m: &str, a: &Value, b: &Value) -> Vec<Detail> {
    let mut out = Vec::new();
    let rule_path = rules_path().key(m);
    let (ba, bb) = (backends_brief(a), backends_brief(b));
    if ba != bb {
        let message = format!(
            "model {m:?}: backends {} → {}",
            backends_text(&ba),
            backends_text(&bb)
        );
        out.push(detail(
            DetailKind::BackendsChanged,
            Some(m),
            Some(rule_path.clone().field("backendRefs")),
            Some(ba),
            Some(bb),
            message,
        ));
    }
    // modelNameOverride per backend present on both sides.
    let overrides = |r: &Value| -> BTreeMap<String, Option<Value>> {
        RuleView::new(Node::new(r))
            .backend_refs()
            .filter_map(|x| {
                let name = x.reference.name?.to_owned();
                Some((name, x.override_node().map(|n| n.value().clone())))
            })
            .collect()
    };
    let (oa, ob) = (overrides(a), overrides(b));
    for (name, old) in &oa {
        if let Some(new) = ob.get(name)
            && old != new
        {
            let message = format!(
                "model {m:?}: modelNameOverride of backend {name}: {} → {}",
                show(old.as_ref()),
                show(new.as_ref())
            );
            out.push(detail(
                DetailKind::OverrideChanged,
                Some(m),
                Some(
                    rule_path
                        .clone()
                        .field("backendRefs")
                        .key(name.clone())
                        .field("modelNameOverride"),
                ),
                old.clone(),
                new.clone(),
                message,
            ));
        }
    }
    // Anything else in the backendRefs (filters, header mutations, ...) of backends present on
    // both sides; added and removed backends are already covered above.
    let residue = |r: &Value| -> BTreeMap<String, Value> {
        RuleView::new(Node::new(r))
            .backend_refs()
            .map(|b| {
                let key = format!(
                    "{}/{}",
                    b.reference.namespace.unwrap_or(""),
                    b.reference.name.unwrap_or("")
                );
                let mut x = b.reference.node.value().clone();
                if let Value::Object(o) = &mut x {
                    for k in ["weight", "priority", "modelNameOverride"] {
                        o.remove(k);
                    }
                }
                (key, x)
            })
            .collect()
    };
    let (ra, rb) = (residue(a), residue(b));
    let residue_changed = ra.iter().any(|(k, x)| rb.get(k).is_some_and(|y| x != y));
    if residue_changed {
        let (old, new) = (a.get("backendRefs").cloned(), b.get("backendRefs").cloned());
        let message = format!(
            "model {m:?}: backendRefs: {} → {}",
            show(old.as_ref()),
            show(new.as_ref())
        );
        out.push(detail(
            DetailKind::FieldChanged,
            Some(m),
            Some(rule_path.clone().field("backendRefs")),
            old,
            new,
            message,
        ));
    }
    let (ta, tb) = (a.get("timeouts"), b.get("timeouts"));
    if ta != tb {
        let message = format!("model {m:?}: timeouts {} → {}", show(ta), show(tb));
        out.push(detail(
            DetailKind::TimeoutsChanged,
            Some(m),
            Some(rule_path.clone().field("timeouts")),
            ta.cloned(),
            tb.cloned(),
            message,
        ));
    }
    let strip = |r: &Value| {
        let mut r = r.clone();
        if let Value::Object(o) = &mut r {
            o.remove("backendRefs");
            o.remove("timeouts");
        }
        r
    };
    let mut rest = Vec::new();
    leaf_diff(
        Some(&strip(a)),
        Some(&strip(b)),
        &mut rule_path.clone(),
        &mut rest,
    );
    out.extend(field_changes(rest, Some(m)));
    out
}

/// A quota in words: `1000 per 1h`, with the cost expression when one is set.
fn quota_text(q: &PerModelQuotaView<'_>) -> String {
    let limit = q.limit.map_or_else(|| "?".to_owned(), |l| l.to_string());
    let mut s = format!("{limit} per {}", q.duration.unwrap_or("?"));
    if let Some(h) = q.per_client {
        s.push_str(&format!(" for each {h}"));
    }
    if let Some(c) = q.cost_expression {
        s.push_str(&format!(" (cost {c})"));
    }
    s
}

/// Per-model quota details of a QuotaPolicy update: one per model whose quota was added,
/// removed or changed (`quota for model qwen3: 1000 per 1h → 2000 per 1h`).
fn quota_update(old: &Value, new: &Value) -> Vec<Detail> {
    let quotas = |v: &Value| -> BTreeMap<String, Value> {
        QuotaPolicyView::new(ObjectView::new(v).spec())
            .per_model_quotas()
            .map(|q| {
                (
                    q.model_name.unwrap_or("").to_owned(),
                    q.node.value().clone(),
                )
            })
            .collect()
    };
    let (a, b) = (quotas(old), quotas(new));
    let text = |v: &Value| {
        let wrapped = json!({"spec": {"perModelQuotas": [v]}});
        QuotaPolicyView::new(ObjectView::new(&wrapped).spec())
            .per_model_quotas()
            .next()
            .map(|q| quota_text(&q))
            .unwrap_or_default()
    };
    let models: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut out = Vec::new();
    for m in models {
        let (x, y) = (a.get(m), b.get(m));
        if x == y {
            continue;
        }
        let message = match (x, y) {
            (None, Some(y)) => format!("quota for model {m:?} added: {}", text(y)),
            (Some(x), None) => format!("quota for model {m:?} removed (was {})", text(x)),
            (Some(x), Some(y)) if text(x) != text(y) => {
                format!("quota for model {m:?}: {} → {}", text(x), text(y))
            }
            _ => format!("quota for model {m:?}: bucket rules changed"),
        };
        out.push(detail(
            DetailKind::QuotaChanged,
            Some(m),
            None,
            x.cloned(),
            y.cloned(),
            message,
        ));
    }
    out
}

fn policy_update(old: &Value, new: &Value) -> Vec<Detail> {
    let targets = |v: &Value| -> BTreeMap<String, Value> {
        policy_targets(v)
            .map(|t| (canonical_string(t), t.clone()))
            .collect()
    };
    let (ta, tb) = (targets(old), targets(new));
    let mut out = Vec::new();
    for (k, t) in &ta {
        if !tb.contains_key(k) {
            out.push(target_detail(DetailKind::TargetRemoved, t));
        }
    }
    for (k, t) in &tb {
        if !ta.contains_key(k) {
            out.push(target_detail(DetailKind::TargetAdded, t));
        }
    }
    let a = without(old, "/spec", "targetRefs");
    let b = without(new, "/spec", "targetRefs");
    out.extend(field_changes(diff(&a, &b), None));
    out
}

/// Turns a model removed from one route and added to another in the same plan into a
/// `model_moved` detail on both changes.
pub(crate) fn link_moves(changes: &mut [Change]) {
    let mut removed: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    let mut added: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (ci, c) in changes.iter().enumerate() {
        if !is_route(&c.object) {
            continue;
        }
        for (di, d) in c.details.iter().enumerate() {
            let Some(m) = &d.model else { continue };
            match d.kind {
                DetailKind::ModelRemoved => removed.entry(m.clone()).or_default().push((ci, di)),
                DetailKind::ModelAdded => added.entry(m.clone()).or_default().push((ci, di)),
                _ => {}
            }
        }
    }
    let mut extra: Vec<(usize, usize, Vec<Detail>)> = Vec::new();
    for (m, from) in removed {
        let Some(to) = added.get(&m) else { continue };
        for (&(fc, fd), &(tc, td)) in from.iter().zip(to) {
            if fc == tc {
                continue;
            }
            // What else changed with the move (backends, overrides, timeouts, other fields),
            // listed on the destination after the move.
            if let (Some(a), Some(b)) =
                (&changes[fc].details[fd].rule, &changes[tc].details[td].rule)
                && a != b
            {
                extra.push((tc, td, rule_update(&m, a, b)));
            }
            let (a, b) = (changes[fc].object.clone(), changes[tc].object.clone());
            let message = format!("model {m:?}: moved from {a} to {b}");
            let old = Some(json!(a.qualified_name()));
            let new = Some(json!(b.qualified_name()));
            for (ci, di) in [(fc, fd), (tc, td)] {
                let d = &mut changes[ci].details[di];
                d.kind = DetailKind::ModelMoved;
                d.old.clone_from(&old);
                d.new.clone_from(&new);
                d.message.clone_from(&message);
            }
        }
    }
    // Insert from the back so that earlier indexes stay valid.
    extra.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    for (ci, di, details) in extra {
        let at = di + 1;
        changes[ci].details.splice(at..at, details);
    }
    for c in changes.iter_mut() {
        for d in &mut c.details {
            d.rule = None;
        }
    }
}
