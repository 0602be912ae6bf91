//! The acceptance property of a safe apply, against the test kit's model of server-side apply
//! (`nrp-llm-config-testkit`): for random live states (this tool's objects with the
//! controller's finalizers, labels, annotations and `kubectl edit`s of other managers, objects
//! applied by hand, objects that are not this tool's) and random desired states, running the
//! plan's steps in script order
//!
//! - never hits a conflict the plan did not announce (a step without `--force-conflicts` that
//!   changes another manager's field fails, as `kubectl apply --server-side` does),
//! - never touches an object that is not this tool's,
//! - ends with every desired object's fields as DESIRED says and nothing else of this tool's,
//! - and planning again finds nothing to do.

use nrp_llm_config::plan::phases::invariant;
use nrp_llm_config::plan::{FIELD_MANAGER, Plan, PlanOptions, Summary, applyset, plan};
use nrp_llm_config::resources::view::{ObjectView, strip_server_fields};
use nrp_llm_config::{ConfigSet, Object, ObjectRef, Release};
use nrp_llm_config_testkit::cluster::{Cluster, object_ref};
use nrp_llm_config_testkit::random::{Lcg, foreign_objects, random_config};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn test_applyset_id() -> String {
    applyset::ApplySet::default()
        .in_namespace("nrp-llm")
        .id()
        .unwrap()
}

/// Runs the plan's steps in script order ([`Plan::steps`]: the ApplySet parent first, then
/// every apply and delete, transitional forms included) against the model, checking the
/// make-before-break invariant after each; returns the objects touched.
fn run(cluster: &mut Cluster, p: &Plan, seed: u64) -> Vec<ObjectRef> {
    let managed = |s: &ConfigSet| -> invariant::State {
        invariant::state_of(s)
            .into_iter()
            .filter(|(r, _)| PlanOptions::default().is_managed(&r.group, &r.kind))
            .collect()
    };
    let before = managed(&cluster.dump_set());
    let mut after = before.clone();
    for s in p.steps() {
        invariant::apply_step(&mut after, &s);
    }
    let mut touched = Vec::new();
    if let Some(scope) = p.applyset.as_ref().filter(|_| !p.is_empty()) {
        let parent = scope.parent();
        cluster
            .apply(&parent, FIELD_MANAGER, false)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
    for (i, s) in p.steps().iter().enumerate() {
        let c = s.change;
        touched.push(c.object.clone());
        match s.object() {
            None => assert!(
                cluster.delete(&c.object),
                "seed {seed}: delete of a missing {}",
                c.object
            ),
            Some(d) => cluster
                .apply(d, FIELD_MANAGER, c.takes_over().next().is_some())
                .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{p}")),
        }
        let now = managed(&cluster.dump_set());
        if let Err(e) = invariant::check(&before, &after, &now) {
            panic!(
                "seed {seed}: after step {} ({} {}): {e}\n{p}",
                i + 1,
                c.action.as_str(),
                c.object
            );
        }
    }
    touched
}

/// One random round: see the module docs.
fn check_round(seed: u64) -> Summary {
    let mut rng = Lcg(seed);
    let a = random_config(&mut rng);
    let b = random_config(&mut rng);
    let id = test_applyset_id();
    let mut cluster = Cluster::new(Release::V1_1);
    let by_hand = rng.chance(25);
    // A is live: applied by this tool (labelled), or by hand with client-side apply.
    for o in &a {
        if by_hand {
            cluster.create(o, "kubectl-client-side-apply");
        } else {
            let mut o = o.clone();
            o["metadata"]["labels"][applyset::PART_OF_LABEL] = json!(id);
            cluster.apply(&o, FIELD_MANAGER, false).unwrap();
        }
    }
    // Other actors: the controller's finalizers, someone's labels and annotations, a drift made
    // with `kubectl edit`, an object of DESIRED created by someone else first.
    let refs: Vec<ObjectRef> = cluster.refs();
    for r in &refs {
        if r.group == "aigateway.envoyproxy.io" && rng.chance(80) {
            cluster.update(r, "envoy-ai-gateway-controller", |v| {
                v["metadata"]["finalizers"] = json!(["aigateway.envoyproxy.io/finalizer"]);
            });
        }
        if rng.chance(20) {
            cluster.update(r, "kubectl-label", |v| {
                v["metadata"]["labels"]["team.example/cost"] = json!("42");
            });
        }
        if rng.chance(15) {
            cluster.update(r, "kubectl-annotate", |v| {
                v["metadata"]["annotations"]["note"] = json!("\tby hand");
            });
        }
        if r.kind == "Backend" && rng.chance(30) {
            let port = 7000 + rng.below(3);
            cluster.update(r, "kubectl-edit", |v| {
                v["spec"]["endpoints"][0]["fqdn"]["port"] = json!(port);
            });
        }
    }
    let foreign: Vec<Object> = foreign_objects(&mut rng, &id)
        .into_iter()
        .map(Object::new)
        .collect();
    for f in &foreign {
        cluster.create(&strip_server_fields(f.value()), "someone");
    }
    // With --adopt (the objects were applied by hand), an unlabelled object in the managed
    // namespace is this tool's by the admin's choice; the others never are.
    let foreign_refs: Vec<ObjectRef> = foreign
        .iter()
        .filter(|f| {
            let v = ObjectView::new(f.value());
            !(by_hand
                && v.label(applyset::PART_OF_LABEL).is_none()
                && v.namespace() == Some("nrp-llm"))
        })
        .filter_map(Object::object_ref)
        .collect();
    let foreign_before: Vec<Value> = foreign_refs
        .iter()
        .map(|r| cluster.get_object(r).cloned().unwrap())
        .collect();
    let options = PlanOptions {
        allow_mass_delete: true,
        adopt: by_hand,
        ..PlanOptions::default()
    };
    let desired = ConfigSet::from_objects(b.iter().cloned().map(Object::new).collect::<Vec<_>>());
    let p = plan(&cluster.dump_set(), &desired, &options)
        .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    let touched = run(&mut cluster, &p, seed);
    // No object that is not this tool's was touched.
    for (r, before) in foreign_refs.iter().zip(&foreign_before) {
        assert!(!touched.contains(r), "seed {seed}: touched {r}");
        assert_eq!(cluster.get_object(r), Some(before), "seed {seed}: {r}");
    }
    // Every desired object has its desired fields; nothing else of this tool's remains.
    for o in &b {
        if let Err(e) = cluster.holds(o) {
            panic!("seed {seed}: {e}\n{p}");
        }
    }
    let desired_refs: BTreeSet<ObjectRef> = b.iter().map(object_ref).collect();
    for r in &cluster.refs() {
        let ours = options.is_managed(&r.group, &r.kind) && !foreign_refs.contains(r);
        assert!(
            !ours || desired_refs.contains(r),
            "seed {seed}: {r} should be gone\n{p}"
        );
    }
    // Planning again: nothing to do.
    let again = plan(&cluster.dump_set(), &desired, &options).unwrap();
    assert!(
        again.is_empty(),
        "seed {seed}: not converged:\n{again}\nafter\n{p}"
    );
    p.summary()
}

#[test]
fn applying_the_plan_with_server_side_apply_converges_and_touches_nothing_else() {
    let mut seen = [0usize; 3];
    for seed in 0..60u64 {
        let s = check_round(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x5eed);
        seen[0] += s.create;
        seen[1] += s.update;
        seen[2] += s.delete;
    }
    // The rounds really create, update and delete.
    assert!(seen.iter().all(|&n| n > 10), "{seen:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 32, ..Default::default() })]

    /// The same round for seeds chosen (and, on failure, shrunk) by proptest.
    #[test]
    fn proptest_plan_converges_under_server_side_apply(seed in proptest::prelude::any::<u64>()) {
        check_round(seed);
    }
}
