//! Make-before-break reproducers: each plan keeps the step invariant after every step, and the
//! plain order (one apply per object, by kind and name) would not.

use super::invariant::{check, check_plain_order, check_steps, state_of};
use super::*;
use crate::document::Object;
use crate::plan::{Plan, plan};
use serde_json::json;

const NS: &str = "nrp-llm";

fn backend(name: &str) -> Value {
    json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
           "metadata": {"name": name, "namespace": NS},
           "spec": {"endpoints": [{"fqdn": {"hostname": format!("{name}.svc"), "port": 8000}}]}})
}

fn asb(name: &str) -> Value {
    json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIServiceBackend",
           "metadata": {"name": name, "namespace": NS},
           "spec": {"schema": {"name": "OpenAI"},
                    "backendRef": {"name": format!("be-{name}"), "kind": "Backend", "group": "gateway.envoyproxy.io"}}})
}

/// An AIServiceBackend and its Backend.
fn upstream(name: &str) -> [Value; 2] {
    [asb(name), backend(&format!("be-{name}"))]
}

fn key(name: &str, targets: &[&str]) -> Value {
    let refs: Vec<Value> = targets
        .iter()
        .map(|t| json!({"name": t, "kind": "AIServiceBackend", "group": "aigateway.envoyproxy.io"}))
        .collect();
    json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "BackendSecurityPolicy",
           "metadata": {"name": name, "namespace": NS},
           "spec": {"type": "APIKey", "apiKey": {"secretRef": {"name": format!("{name}-secret")}},
                    "targetRefs": refs}})
}

/// A route serving each model with one AIServiceBackend.
fn route(name: &str, rules: &[(&str, &str)]) -> Value {
    let rules: Vec<Value> = rules
        .iter()
        .map(|(model, backend)| {
            json!({"matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": model}]}],
                   "backendRefs": [{"name": backend}], "timeouts": {"request": "600s"}})
        })
        .collect();
    json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIGatewayRoute",
           "metadata": {"name": name, "namespace": NS},
           "spec": {"parentRefs": [{"name": "gw", "kind": "Gateway", "group": "gateway.networking.k8s.io"}],
                    "rules": rules}})
}

fn set(values: impl IntoIterator<Item = Value>) -> ConfigSet {
    ConfigSet::from_objects(values.into_iter().map(Object::new))
}

fn plan_of(current: &ConfigSet, desired: &ConfigSet) -> Plan {
    let options = PlanOptions {
        allow_mass_delete: true,
        ..PlanOptions::default()
    };
    match plan(current, desired, &options) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

/// The plan's changes as (phase, action, kind, name, has a transitional form).
fn placed(p: &Plan) -> Vec<(Phase, Action, &str, &str, bool)> {
    p.changes
        .iter()
        .map(|c| {
            (
                c.phase,
                c.action,
                c.object.kind.as_str(),
                c.object.name.as_str(),
                c.transitional.is_some(),
            )
        })
        .collect()
}

/// Plans `current` → `desired`, checks that applying the steps reaches DESIRED while keeping
/// the invariant after every step, and that the plain order breaks it.
fn plan_checked(current: &ConfigSet, desired: &ConfigSet) -> Plan {
    let p = plan_of(current, desired);
    if let Err(e) = check_steps(current, &p) {
        panic!("{e}\n{p}");
    }
    assert!(
        check_plain_order(current, &p).is_err(),
        "the reproducer does not break without phases:\n{p}"
    );
    let again = plan_of(&p.apply_to(current), desired);
    assert!(again.is_empty(), "{again}");
    p
}

#[test]
fn model_moves_to_a_backend_with_another_key() {
    // "chat" moves from asb-old (key-a, shared with asb-other) to asb-new (key-b): key-a drops
    // asb-old only after the route has switched.
    let mut cur = vec![
        route("r", &[("chat", "asb-old"), ("other", "asb-other")]),
        key("key-a", &["asb-old", "asb-other"]),
        key("key-b", &["asb-b"]),
        route("r-b", &[("b", "asb-b")]),
    ];
    cur.extend(upstream("asb-old"));
    cur.extend(upstream("asb-other"));
    cur.extend(upstream("asb-b"));
    let mut want = vec![
        route("r", &[("chat", "asb-new"), ("other", "asb-other")]),
        key("key-a", &["asb-other"]),
        key("key-b", &["asb-b", "asb-new"]),
        route("r-b", &[("b", "asb-b")]),
    ];
    want.extend(upstream("asb-new"));
    want.extend(upstream("asb-other"));
    want.extend(upstream("asb-b"));
    let p = plan_checked(&set(cur), &set(want));
    use Action::{Create, Delete, Update};
    use Phase::{Delete as Del, Finish, Prepare, Switch};
    assert_eq!(
        placed(&p),
        [
            (Prepare, Create, "Backend", "be-asb-new", false),
            (Prepare, Create, "AIServiceBackend", "asb-new", false),
            (Prepare, Update, "BackendSecurityPolicy", "key-b", false),
            (Switch, Update, "AIGatewayRoute", "r", false),
            (Finish, Update, "BackendSecurityPolicy", "key-a", false),
            (Del, Delete, "AIServiceBackend", "asb-old", false),
            (Del, Delete, "Backend", "be-asb-old", false),
        ]
    );
    assert_eq!(
        p.changes[4].notes,
        [
            "applied after the routes changed, so that AIServiceBackend asb-old keeps its key until then"
        ]
    );
}

#[test]
fn policy_that_gains_and_loses_targets_is_first_applied_with_both() {
    // One key moves from asb-old to asb-new while the route switches the model over.
    let mut cur = vec![route("r", &[("chat", "asb-old")]), key("key", &["asb-old"])];
    cur.extend(upstream("asb-old"));
    let mut want = vec![route("r", &[("chat", "asb-new")]), key("key", &["asb-new"])];
    want.extend(upstream("asb-new"));
    let p = plan_checked(&set(cur), &set(want));
    let policy = p
        .changes
        .iter()
        .find(|c| c.object.kind == "BackendSecurityPolicy")
        .unwrap();
    assert_eq!(policy.phase, Phase::Finish);
    let t = policy.transitional.as_ref().unwrap();
    assert_eq!(t.phase, Phase::Prepare);
    let names: Vec<String> = targets(&t.object)
        .into_iter()
        .map(|((_, _, n), _)| n)
        .collect();
    assert_eq!(names, ["asb-new", "asb-old"]);
    // The transitional form is the desired one but for the targets (labels included).
    let mut same = t.object.clone();
    same["spec"]["targetRefs"] = policy.desired.as_ref().unwrap()["spec"]["targetRefs"].clone();
    assert_eq!(Some(&same), policy.desired.as_ref());
    // Steps: the union before the route, the final form after it.
    let steps: Vec<(Phase, &str, bool)> = p
        .steps()
        .iter()
        .map(|s| (s.phase, s.change.object.kind.as_str(), s.transitional))
        .collect();
    assert_eq!(
        steps,
        [
            (Phase::Prepare, "Backend", false),
            (Phase::Prepare, "AIServiceBackend", false),
            (Phase::Prepare, "BackendSecurityPolicy", true),
            (Phase::Switch, "AIGatewayRoute", false),
            (Phase::Finish, "BackendSecurityPolicy", false),
            (Phase::Delete, "AIServiceBackend", false),
            (Phase::Delete, "Backend", false),
        ]
    );
    let text = p.to_text(false);
    assert!(
        text.contains(
            "    ↳ first applied in phase 1 (prepare) with targetRefs old ∪ new, so that \
             AIServiceBackend asb-old keeps its key until the routes changed; this form in \
             phase 3 (finish)\n"
        ),
        "{text}"
    );
}

#[test]
fn model_moving_between_two_routes_is_served_by_both_for_a_while() {
    let mut cur = vec![
        route("r1", &[("m", "asb-m"), ("n", "asb-n")]),
        route("r2", &[("k", "asb-k")]),
    ];
    for a in ["asb-m", "asb-n", "asb-k"] {
        cur.extend(upstream(a));
    }
    let mut want = vec![
        route("r1", &[("n", "asb-n")]),
        route("r2", &[("k", "asb-k"), ("m", "asb-m")]),
    ];
    for a in ["asb-m", "asb-n", "asb-k"] {
        want.extend(upstream(a));
    }
    let p = plan_checked(&set(cur), &set(want));
    use Phase::{Finish, Switch};
    assert_eq!(
        placed(&p),
        [
            (Switch, Action::Update, "AIGatewayRoute", "r2", false),
            (Finish, Action::Update, "AIGatewayRoute", "r1", true),
        ]
    );
    let r1 = &p.changes[1];
    let t = r1.transitional.as_ref().unwrap();
    assert_eq!(t.phase, Phase::Switch);
    let models: Vec<String> = RouteView::new(ObjectView::new(&t.object).spec())
        .rules()
        .flat_map(|r| {
            r.model_names()
                .map(|m| m.value.to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(models, ["m", "n"]);
    assert_eq!(
        r1.notes,
        [
            "first applied in phase 2 (switch) still serving \"m\" with its old rule, so that \
             AIGatewayRoute nrp-llm/r2 takes over without a gap; this form in phase 3 (finish)"
        ]
    );
    let script = p.to_kubectl();
    assert!(
        script.contains(
            "\n# ~ update AIGatewayRoute nrp-llm/r1: transitional form, the desired one follows \
             in phase 3 (finish)\n# first applied in phase 2"
        ),
        "{script}"
    );
    assert!(
        p.to_html()
            .contains("<i>first applied in phase 2 (switch) still serving")
    );
    let json = p.to_json();
    assert_eq!(json["changes"][1]["phase"], "finish");
    assert_eq!(
        json["steps"],
        json!([
            {"phase": "switch", "change": 0, "action": "update", "group": "aigateway.envoyproxy.io",
             "kind": "AIGatewayRoute", "namespace": NS, "name": "r2", "transitional": false},
            {"phase": "switch", "change": 1, "action": "update", "group": "aigateway.envoyproxy.io",
             "kind": "AIGatewayRoute", "namespace": NS, "name": "r1", "transitional": true},
            {"phase": "finish", "change": 1, "action": "update", "group": "aigateway.envoyproxy.io",
             "kind": "AIGatewayRoute", "namespace": NS, "name": "r1", "transitional": false},
        ])
    );
}

#[test]
fn a_rule_for_several_models_keeps_only_the_matches_that_move() {
    // One rule serves "a" and "b"; "a" moves to r2, "b" stays in r1 under a new rule.
    let two = json!({"matches": [
            {"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "a"}]},
            {"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "b"}]}],
        "backendRefs": [{"name": "asb-x"}], "timeouts": {"request": "600s"}});
    let mut r1 = route("r1", &[]);
    r1["spec"]["rules"] = json!([two]);
    let mut cur = vec![r1, route("r2", &[("k", "asb-x")])];
    cur.extend(upstream("asb-x"));
    let mut want = vec![
        route("r1", &[("b", "asb-x")]),
        route("r2", &[("k", "asb-x"), ("a", "asb-x")]),
    ];
    want.extend(upstream("asb-x"));
    let p = plan_of(&set(cur.clone()), &set(want));
    check_steps(&set(cur), &p).unwrap();
    let r1 = p.changes.iter().find(|c| c.object.name == "r1").unwrap();
    let rules = &r1.transitional.as_ref().unwrap().object["spec"]["rules"];
    assert_eq!(rules.as_array().unwrap().len(), 2);
    assert_eq!(
        rules[0]["matches"],
        json!([{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "a"}]}])
    );
}

#[test]
fn two_routes_swapping_models() {
    let mut cur = vec![
        route("r1", &[("a", "asb-a")]),
        route("r2", &[("b", "asb-b")]),
    ];
    cur.extend(upstream("asb-a"));
    cur.extend(upstream("asb-b"));
    let mut want = vec![
        route("r1", &[("b", "asb-b")]),
        route("r2", &[("a", "asb-a")]),
    ];
    want.extend(upstream("asb-a"));
    want.extend(upstream("asb-b"));
    let p = plan_checked(&set(cur), &set(want));
    assert_eq!(
        placed(&p),
        [
            (Phase::Finish, Action::Update, "AIGatewayRoute", "r1", true),
            (Phase::Finish, Action::Update, "AIGatewayRoute", "r2", true),
        ]
    );
    let steps: Vec<(Phase, &str, bool)> = p
        .steps()
        .iter()
        .map(|s| (s.phase, s.change.object.name.as_str(), s.transitional))
        .collect();
    assert_eq!(
        steps,
        [
            (Phase::Switch, "r1", true),
            (Phase::Switch, "r2", true),
            (Phase::Finish, "r1", false),
            (Phase::Finish, "r2", false),
        ]
    );
}

/// A route with `n` filler models (f0, f1, ...) plus the given ones.
fn full_route(name: &str, fillers: usize, extra: &[(&str, &str)]) -> Value {
    let names: Vec<String> = (0..fillers).map(|i| format!("{name}-f{i}")).collect();
    let mut rules: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "asb-x")).collect();
    rules.extend_from_slice(extra);
    route(name, &rules)
}

#[test]
fn a_route_at_the_rule_limit_is_applied_after_the_route_taking_its_model() {
    // r1 holds 15 rules and keeps 15: it gives "m" to r2 and takes the new model "y". Keeping
    // the old rule of "m" would make 16, so r1's desired form waits until r2 serves "m".
    let mut cur = vec![
        full_route("r1", 14, &[("m", "asb-x")]),
        route("r2", &[("k", "asb-x")]),
    ];
    cur.extend(upstream("asb-x"));
    let mut want = vec![
        full_route("r1", 14, &[("y", "asb-x")]),
        route("r2", &[("k", "asb-x"), ("m", "asb-x")]),
    ];
    want.extend(upstream("asb-x"));
    let p = plan_checked(&set(cur), &set(want));
    assert_eq!(
        placed(&p),
        [
            (Phase::Switch, Action::Update, "AIGatewayRoute", "r2", false),
            (Phase::Finish, Action::Update, "AIGatewayRoute", "r1", false),
        ]
    );
    assert_eq!(
        p.changes[1].notes,
        [
            "applied in phase 3 (finish), after AIGatewayRoute nrp-llm/r2 serves \"m\": a \
             transitional form still serving it with its old rule would hold 16 rules (the \
             limit is 15)"
        ]
    );
}

#[test]
fn full_routes_taking_from_a_full_route_wait_for_it() {
    // r1 (full) gives "m" to r2 (full), which gives "n" to r3 (not full): r2 goes first (r3
    // already serves "n" in phase 2), then r1.
    let mut cur = vec![
        full_route("r1", 14, &[("m", "asb-x")]),
        full_route("r2", 14, &[("n", "asb-x")]),
        route("r3", &[("k", "asb-x")]),
    ];
    cur.extend(upstream("asb-x"));
    let mut want = vec![
        full_route("r1", 14, &[("y", "asb-x")]),
        full_route("r2", 14, &[("m", "asb-x")]),
        route("r3", &[("k", "asb-x"), ("n", "asb-x")]),
    ];
    want.extend(upstream("asb-x"));
    let p = plan_checked(&set(cur), &set(want));
    let names: Vec<&str> = p.changes.iter().map(|c| c.object.name.as_str()).collect();
    assert_eq!(names, ["r3", "r2", "r1"]);
    assert!(p.changes.iter().all(|c| c.transitional.is_none()));
}

#[test]
fn full_routes_swapping_models_say_which_model_has_a_gap() {
    // Both route objects are full and take a model from each other: no order avoids a gap,
    // and the plan says so (the invariant check finds the same gap).
    let mut cur = vec![
        full_route("r1", 14, &[("a", "asb-x")]),
        full_route("r2", 14, &[("b", "asb-x")]),
    ];
    cur.extend(upstream("asb-x"));
    let mut want = vec![
        full_route("r1", 14, &[("b", "asb-x")]),
        full_route("r2", 14, &[("a", "asb-x")]),
    ];
    want.extend(upstream("asb-x"));
    let cur = set(cur);
    let p = plan_of(&cur, &set(want));
    let names: Vec<&str> = p.changes.iter().map(|c| c.object.name.as_str()).collect();
    assert_eq!(names, ["r1", "r2"]);
    assert!(
        p.changes[0].notes[1].starts_with(
            "warning: model \"a\" is not served from this apply until AIGatewayRoute \
             nrp-llm/r2 is applied"
        ),
        "{:?}",
        p.changes[0].notes
    );
    assert_eq!(p.changes[1].notes.len(), 1);
    let e = check_steps(&cur, &p).unwrap_err();
    assert!(e.contains("model \"a\" is not served"), "{e}");
}

#[test]
fn a_removed_model_keeps_its_key_until_its_rule_is_gone() {
    // The shipped example's removal: the policy drops the target in phase 3, after the route.
    let mut cur = vec![
        route("r", &[("a", "asb-a"), ("gone", "asb-gone")]),
        key("key", &["asb-a", "asb-gone"]),
    ];
    cur.extend(upstream("asb-a"));
    cur.extend(upstream("asb-gone"));
    let mut want = vec![route("r", &[("a", "asb-a")]), key("key", &["asb-a"])];
    want.extend(upstream("asb-a"));
    let p = plan_checked(&set(cur), &set(want));
    let text = p.to_text(false);
    assert_eq!(
        text,
        "Phase 2, switch (the routes):
~ AIGatewayRoute nrp-llm/r
    model \"gone\": rule removed

Phase 3, finish (after the routes changed):
~ BackendSecurityPolicy nrp-llm/key
    targetRef AIServiceBackend asb-gone removed
    ↳ applied after the routes changed, so that AIServiceBackend asb-gone keeps its key until then

Phase 4, delete (backends last):
- AIServiceBackend nrp-llm/asb-gone
    no longer used: no rule of the desired routes needs it
- Backend nrp-llm/be-asb-gone
    no longer used: no desired AIServiceBackend needs it

Plan: 0 to create, 2 to update, 2 to delete.
"
    );
}

#[test]
fn a_deleted_route_goes_before_its_backends_lose_their_key() {
    // A route object whose only model is removed is deleted in phase 3, before the policy drops
    // the model's backend: deleting it in phase 4 would leave the model routed without its key
    // between the two.
    let mut cur = vec![
        route("r", &[("a", "asb-a")]),
        route("r-gone", &[("gone", "asb-gone")]),
        key("key", &["asb-a", "asb-gone"]),
    ];
    cur.extend(upstream("asb-a"));
    cur.extend(upstream("asb-gone"));
    let mut want = vec![route("r", &[("a", "asb-a")]), key("key", &["asb-a"])];
    want.extend(upstream("asb-a"));
    let p = plan_checked(&set(cur), &set(want));
    assert_eq!(
        placed(&p),
        [
            (
                Phase::Finish,
                Action::Delete,
                "AIGatewayRoute",
                "r-gone",
                false
            ),
            (
                Phase::Finish,
                Action::Update,
                "BackendSecurityPolicy",
                "key",
                false
            ),
            (
                Phase::Delete,
                Action::Delete,
                "AIServiceBackend",
                "asb-gone",
                false
            ),
            (
                Phase::Delete,
                Action::Delete,
                "Backend",
                "be-asb-gone",
                false
            ),
        ]
    );
}

#[test]
fn service_backend_dropping_its_policy_ref_waits_for_the_routes() {
    // On v0.3 an AIServiceBackend names its key policy. Switching it to a new policy waits
    // until phase 3, after the new policy exists (applied in the plain order, the
    // AIServiceBackend would name a policy that does not exist yet).
    let mut old_asb = asb("asb-old");
    old_asb["spec"]["backendSecurityPolicyRef"] = json!({"name": "key-old", "kind": "BackendSecurityPolicy", "group": "aigateway.envoyproxy.io"});
    let mut new_asb = asb("asb-old");
    new_asb["spec"]["backendSecurityPolicyRef"] = json!({"name": "key-new", "kind": "BackendSecurityPolicy", "group": "aigateway.envoyproxy.io"});
    let mut cur = vec![
        route("r", &[("a", "asb-old")]),
        old_asb,
        backend("be-asb-old"),
        key("key-old", &[]),
    ];
    cur[3]["spec"].as_object_mut().unwrap().remove("targetRefs");
    let mut want = vec![
        route("r", &[("a", "asb-old")]),
        new_asb,
        backend("be-asb-old"),
        key("key-new", &[]),
    ];
    want[3]["spec"]
        .as_object_mut()
        .unwrap()
        .remove("targetRefs");
    let cur = set(cur);
    let options = PlanOptions {
        release: crate::Release::V0_3,
        allow_mass_delete: true,
        ..PlanOptions::default()
    };
    let p = plan(&cur, &set(want), &options).unwrap_or_else(|e| panic!("{e}"));
    check_steps(&cur, &p).unwrap();
    assert!(check_plain_order(&cur, &p).is_err());
    assert_eq!(
        placed(&p),
        [
            (
                Phase::Prepare,
                Action::Create,
                "BackendSecurityPolicy",
                "key-new",
                false
            ),
            (
                Phase::Finish,
                Action::Update,
                "AIServiceBackend",
                "asb-old",
                false
            ),
            (
                Phase::Delete,
                Action::Delete,
                "BackendSecurityPolicy",
                "key-old",
                false
            ),
        ]
    );
}

#[test]
fn the_invariant_check_can_fail() {
    // A state missing the AIServiceBackend of a model served before and after.
    let mut before = vec![route("r", &[("a", "asb-a")]), key("key", &["asb-a"])];
    before.extend(upstream("asb-a"));
    let before = state_of(&set(before));
    let mut now = before.clone();
    now.retain(|r, _| r.kind != "AIServiceBackend");
    let e = check(&before, &before, &now).unwrap_err();
    assert!(
        e.contains("sends to missing AIServiceBackend nrp-llm/asb-a"),
        "{e}"
    );
    let mut now = before.clone();
    now.retain(|r, _| r.kind != "BackendSecurityPolicy");
    let e = check(&before, &before, &now).unwrap_err();
    assert!(
        e.contains("AIServiceBackend nrp-llm/asb-a has no key policy"),
        "{e}"
    );
    let mut now = before.clone();
    now.retain(|r, _| r.kind != "AIGatewayRoute");
    let e = check(&before, &before, &now).unwrap_err();
    assert!(e.contains("model \"a\" is not served"), "{e}");
    assert!(check(&before, &before, &before).is_ok());
}
