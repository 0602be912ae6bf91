//! A model of a cluster that applies objects as server-side apply does, and the acceptance
//! property of a safe apply: for random live states (this tool's objects with the controller's
//! finalizers, labels and edits of other managers, objects applied by hand, objects that are not
//! this tool's) and random desired states, running the plan's steps against the model
//!
//! - never hits a conflict the plan did not announce (a step without `--force-conflicts` that
//!   changes another manager's field fails, as `kubectl apply --server-side` does),
//! - never touches an object that is not this tool's,
//! - ends with every desired object's fields as DESIRED says,
//! - and planning again finds nothing to do.
//!
//! The model is written apart from the planner's comparison (`ssa.rs`): field sets are flat sets
//! of paths here, and the object is merged and pruned the way the API server does, not projected.

use super::tests::{Lcg, foreign_objects, random_config, test_applyset_id};
use super::*;
use crate::oracle::{Oracle, oracle};
use crate::path::Segment;
use crate::resources::view::{SERVER_METADATA_FIELDS, strip_server_fields};
use serde_json::{Map, json};
use std::collections::BTreeSet;

/// One element of a field path: a field, a map-list item by its keys, a set item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum El {
    F(String),
    K(String),
    V(String),
}

type Path = Vec<El>;

fn canon(v: &Value) -> String {
    serde_json::to_string(
        &normalize::comparable(&json!({"apiVersion": "x", "kind": "x", "v": v}), &NoSchema)["v"],
    )
    .unwrap_or_default()
}

fn key_of(item: &Value, keys: &[String]) -> String {
    let mut m = Map::new();
    for k in keys {
        if let Some(v) = item.get(k) {
            m.insert(k.clone(), v.clone());
        }
    }
    canon(&Value::Object(m))
}

/// One managedFields entry.
#[derive(Clone, Debug)]
struct Manager {
    name: String,
    operation: &'static str,
    fields: BTreeSet<Path>,
}

#[derive(Clone, Debug)]
struct Live {
    value: Value,
    managers: Vec<Manager>,
    uid: u64,
    version: u64,
}

/// The model cluster.
struct Cluster {
    objects: BTreeMap<ObjectRef, Live>,
    next: u64,
    oracle: &'static Oracle,
}

impl Cluster {
    fn new() -> Self {
        Cluster {
            objects: BTreeMap::new(),
            next: 1,
            oracle: oracle(Release::V1_1),
        }
    }

    fn list_type(&self, v: &Value, path: &FieldPath) -> ListType {
        if let [Segment::Field(m), Segment::Field(f)] = path.segments()
            && m == "metadata"
        {
            match f.as_str() {
                "finalizers" => return ListType::Set,
                "ownerReferences" => {
                    return ListType::Map {
                        keys: vec!["uid".into()],
                    };
                }
                _ => {}
            }
        }
        let av = v["apiVersion"].as_str().unwrap_or("");
        let kind = v["kind"].as_str().unwrap_or("");
        self.oracle
            .list_type(av, kind, path)
            .unwrap_or(ListType::Atomic)
    }

    /// The field paths an object sets: every leaf, every map-list item, every set item. Identity
    /// fields (apiVersion, kind, name, namespace) are not tracked, as on a real server.
    fn fields(&self, object: &Value) -> BTreeSet<Path> {
        let mut out = BTreeSet::new();
        let Some(top) = object.as_object() else {
            return out;
        };
        for (k, v) in top {
            if k == "apiVersion" || k == "kind" || k == "status" {
                continue;
            }
            let mut fp = FieldPath::root().field(k);
            let mut p = vec![El::F(k.clone())];
            if k == "metadata" {
                let Some(meta) = v.as_object() else { continue };
                for (mk, mv) in meta {
                    if matches!(mk.as_str(), "name" | "namespace" | "managedFields")
                        || SERVER_METADATA_FIELDS.contains(&mk.as_str())
                    {
                        continue;
                    }
                    let mut fp = fp.clone().field(mk);
                    let mut p = vec![El::F(k.clone()), El::F(mk.clone())];
                    self.walk(object, mv, &mut fp, &mut p, &mut out);
                }
                continue;
            }
            self.walk(object, v, &mut fp, &mut p, &mut out);
        }
        out
    }

    fn walk(
        &self,
        object: &Value,
        v: &Value,
        fp: &mut FieldPath,
        p: &mut Path,
        out: &mut BTreeSet<Path>,
    ) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, x) in m {
                    fp.push(Segment::Field(k.clone()));
                    p.push(El::F(k.clone()));
                    self.walk(object, x, fp, p, out);
                    p.pop();
                    fp.pop();
                }
            }
            Value::Array(items) => match self.list_type(object, fp) {
                ListType::Set => {
                    for x in items {
                        p.push(El::V(canon(x)));
                        out.insert(p.clone());
                        p.pop();
                    }
                }
                ListType::Map { keys } => {
                    for (i, x) in items.iter().enumerate() {
                        p.push(El::K(key_of(x, &keys)));
                        out.insert(p.clone());
                        fp.push(Segment::Index(i));
                        self.walk(object, x, fp, p, out);
                        fp.pop();
                        p.pop();
                    }
                }
                ListType::Atomic => {
                    out.insert(p.clone());
                }
            },
            _ => {
                out.insert(p.clone());
            }
        }
    }

    fn get<'v>(&self, object: &'v Value, path: &[El]) -> Option<&'v Value> {
        let mut v = object;
        let mut fp = FieldPath::root();
        for (i, e) in path.iter().enumerate() {
            v = match e {
                El::F(k) => {
                    fp.push(Segment::Field(k.clone()));
                    v.get(k)?
                }
                El::K(key) => {
                    let ListType::Map { keys } = self.list_type(object, &fp) else {
                        return None;
                    };
                    let (j, x) = v
                        .as_array()?
                        .iter()
                        .enumerate()
                        .find(|(_, x)| key_of(x, &keys) == *key)?;
                    fp.push(Segment::Index(j));
                    x
                }
                El::V(c) => {
                    let _ = i;
                    v.as_array()?.iter().find(|x| canon(x) == *c)?
                }
            };
        }
        Some(v)
    }

    /// Removes the field, item or set value at `path` from `object`.
    fn remove(&self, object: &mut Value, path: &[El]) {
        let Some((last, parent)) = path.split_last() else {
            return;
        };
        let keys = match last {
            El::K(_) => {
                let fp = self.field_path(object, parent);
                match self.list_type(object, &fp) {
                    ListType::Map { keys } => keys,
                    _ => return,
                }
            }
            _ => Vec::new(),
        };
        let Some(p) = self.get_mut(object, parent) else {
            return;
        };
        match (last, p) {
            (El::F(k), Value::Object(m)) => {
                m.remove(k);
            }
            (El::K(key), Value::Array(a)) => a.retain(|x| key_of(x, &keys) != *key),
            (El::V(c), Value::Array(a)) => a.retain(|x| canon(x) != *c),
            _ => {}
        }
    }

    fn field_path(&self, object: &Value, path: &[El]) -> FieldPath {
        let mut fp = FieldPath::root();
        let mut v = Some(object);
        for e in path {
            match e {
                El::F(k) => {
                    fp.push(Segment::Field(k.clone()));
                    v = v.and_then(|v| v.get(k));
                }
                El::K(key) => {
                    let keys = match self.list_type(object, &fp) {
                        ListType::Map { keys } => keys,
                        _ => Vec::new(),
                    };
                    let found = v
                        .and_then(Value::as_array)
                        .and_then(|a| a.iter().enumerate().find(|(_, x)| key_of(x, &keys) == *key));
                    fp.push(Segment::Index(found.map_or(0, |(i, _)| i)));
                    v = found.map(|(_, x)| x);
                }
                El::V(_) => {}
            }
        }
        fp
    }

    fn get_mut<'v>(&self, object: &'v mut Value, path: &[El]) -> Option<&'v mut Value> {
        let fp_of: Vec<FieldPath> = (0..=path.len())
            .map(|n| self.field_path(object, &path[..n]))
            .collect();
        let types: Vec<ListType> = fp_of.iter().map(|fp| self.list_type(object, fp)).collect();
        let mut v = object;
        for (i, e) in path.iter().enumerate() {
            v = match e {
                El::F(k) => v.get_mut(k)?,
                El::K(key) => {
                    let ListType::Map { keys } = &types[i] else {
                        return None;
                    };
                    v.as_array_mut()?
                        .iter_mut()
                        .find(|x| key_of(x, keys) == *key)?
                }
                El::V(c) => v.as_array_mut()?.iter_mut().find(|x| canon(x) == *c)?,
            };
        }
        Some(v)
    }

    /// Merges `applied` into `live` by the list types (maps by key, map lists by item key, sets
    /// by value, atomic lists and scalars replaced).
    fn merge(&self, object: &Value, live: &mut Value, applied: &Value, fp: &mut FieldPath) {
        match (live, applied) {
            (Value::Object(l), Value::Object(a)) => {
                for (k, av) in a {
                    fp.push(Segment::Field(k.clone()));
                    match l.get_mut(k) {
                        Some(lv) => self.merge(object, lv, av, fp),
                        None => {
                            l.insert(k.clone(), av.clone());
                        }
                    }
                    fp.pop();
                }
            }
            (Value::Array(l), Value::Array(a)) => match self.list_type(object, fp) {
                ListType::Set => {
                    for x in a {
                        if !l.iter().any(|y| canon(y) == canon(x)) {
                            l.push(x.clone());
                        }
                    }
                }
                ListType::Map { keys } => {
                    for (i, x) in a.iter().enumerate() {
                        let k = key_of(x, &keys);
                        fp.push(Segment::Index(i));
                        match l.iter_mut().find(|y| key_of(y, &keys) == k) {
                            Some(y) => self.merge(object, y, x, fp),
                            None => l.push(x.clone()),
                        }
                        fp.pop();
                    }
                }
                ListType::Atomic => *l = a.clone(),
            },
            (l, a) => *l = a.clone(),
        }
    }

    /// Server-side apply of `object` by `manager`. Fails on a conflict unless `force`.
    fn apply(&mut self, object: &Value, manager: &str, force: bool) -> Result<(), String> {
        let r = object_ref(object);
        let new_fields = self.fields(object);
        let Some(mut live) = self.objects.get(&r).cloned() else {
            let uid = self.next;
            self.next += 1;
            self.objects.insert(
                r,
                Live {
                    value: strip_server_fields(object),
                    managers: vec![Manager {
                        name: manager.to_owned(),
                        operation: "Apply",
                        fields: new_fields,
                    }],
                    uid,
                    version: 1,
                },
            );
            return Ok(());
        };
        let mine = |m: &Manager| m.name == manager && m.operation == "Apply";
        // Conflicts: a field set to another value while another manager owns it.
        let mut conflicts = Vec::new();
        for p in &new_fields {
            let differs = match (self.get(&live.value, p), self.get(object, p)) {
                (Some(l), Some(a)) => canon(l) != canon(a),
                _ => false,
            };
            if differs {
                for m in live.managers.iter().filter(|m| !mine(m)) {
                    if m.fields.contains(p) {
                        conflicts.push(format!("{p:?} owned by {}", m.name));
                    }
                }
            }
        }
        if !conflicts.is_empty() {
            if !force {
                return Err(format!("conflict applying {r}: {conflicts:?}"));
            }
            for m in live.managers.iter_mut().filter(|m| !mine(m)) {
                for p in &new_fields {
                    m.fields.remove(p);
                }
            }
        }
        // Fields this manager owned and no longer applies: removed unless someone else owns them
        // (or something below them).
        let before: BTreeSet<Path> = live
            .managers
            .iter()
            .filter(|m| mine(m))
            .flat_map(|m| m.fields.iter().cloned())
            .collect();
        let mut dropped: Vec<&Path> = before.difference(&new_fields).collect();
        dropped.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for p in dropped {
            let kept = live.managers.iter().filter(|m| !mine(m)).any(|m| {
                m.fields
                    .iter()
                    .any(|q| q.len() >= p.len() && q[..p.len()] == p[..])
            }) || new_fields
                .iter()
                .any(|q| q.len() > p.len() && q[..p.len()] == p[..]);
            if !kept {
                self.remove(&mut live.value, p);
            }
        }
        let snapshot = live.value.clone();
        let mut fp = FieldPath::root();
        self.merge(
            &snapshot,
            &mut live.value,
            &strip_server_fields(object),
            &mut fp,
        );
        live.managers.retain(|m| !mine(m));
        live.managers.push(Manager {
            name: manager.to_owned(),
            operation: "Apply",
            fields: new_fields,
        });
        live.managers.retain(|m| !m.fields.is_empty());
        live.version += 1;
        self.objects.insert(r, live);
        Ok(())
    }

    /// An update (`kubectl edit`, a controller) by `manager`: what it changes becomes its own,
    /// taken from everyone else; what it removes is nobody's.
    fn update(&mut self, r: &ObjectRef, manager: &str, edit: impl FnOnce(&mut Value)) {
        let Some(mut live) = self.objects.get(r).cloned() else {
            return;
        };
        let old = live.value.clone();
        edit(&mut live.value);
        let before = self.fields(&old);
        let after = self.fields(&live.value);
        let changed: BTreeSet<Path> = after
            .iter()
            .filter(|p| match (self.get(&old, p), self.get(&live.value, p)) {
                (Some(a), Some(b)) => canon(a) != canon(b),
                _ => true,
            })
            .cloned()
            .collect();
        let gone: BTreeSet<&Path> = before.difference(&after).collect();
        for m in &mut live.managers {
            m.fields
                .retain(|p| !changed.contains(p) && !gone.contains(p));
        }
        match live
            .managers
            .iter_mut()
            .find(|m| m.name == manager && m.operation == "Update")
        {
            Some(m) => m.fields.extend(changed),
            None => live.managers.push(Manager {
                name: manager.to_owned(),
                operation: "Update",
                fields: changed,
            }),
        }
        live.managers.retain(|m| !m.fields.is_empty());
        live.version += 1;
        self.objects.insert(r.clone(), live);
    }

    /// Creates an object by a plain create (`kubectl create`, a controller): `manager` owns all.
    fn create(&mut self, object: &Value, manager: &str) {
        let r = object_ref(object);
        let uid = self.next;
        self.next += 1;
        let fields = self.fields(object);
        self.objects.insert(
            r,
            Live {
                value: strip_server_fields(object),
                managers: vec![Manager {
                    name: manager.to_owned(),
                    operation: "Update",
                    fields,
                }],
                uid,
                version: 1,
            },
        );
    }

    /// What `kubectl get -o yaml --show-managed-fields` prints: server fields, the AI Gateway
    /// kinds as `v1beta1`, `managedFields` as `fieldsV1` trees.
    fn dump(&self) -> ConfigSet {
        let mut out = Vec::new();
        for live in self.objects.values() {
            let mut v = live.value.clone();
            if v["apiVersion"] == "aigateway.envoyproxy.io/v1alpha1" {
                v["apiVersion"] = json!("aigateway.envoyproxy.io/v1beta1");
            }
            let api = v["apiVersion"].clone();
            let managed: Vec<Value> = live
                .managers
                .iter()
                .map(|m| {
                    json!({"apiVersion": api, "fieldsType": "FieldsV1", "manager": m.name,
                        "operation": m.operation, "fieldsV1": fields_v1(&m.fields)})
                })
                .collect();
            let meta = v["metadata"].as_object_mut().unwrap();
            meta.insert("uid".into(), json!(format!("uid-{}", live.uid)));
            meta.insert("resourceVersion".into(), json!(live.version.to_string()));
            meta.insert("managedFields".into(), Value::Array(managed));
            out.push(Object::new(v));
        }
        ConfigSet::from_objects(out)
    }
}

fn object_ref(v: &Value) -> ObjectRef {
    Object::new(v.clone())
        .object_ref()
        .expect("objects have an identity")
}

/// A flat field set as a `fieldsV1` tree.
fn fields_v1(fields: &BTreeSet<Path>) -> Value {
    let mut root = Map::new();
    for p in fields {
        let mut node = &mut root;
        for (i, e) in p.iter().enumerate() {
            let key = match e {
                El::F(k) => format!("f:{k}"),
                El::K(k) => format!("k:{k}"),
                El::V(v) => format!("v:{v}"),
            };
            let child = node.entry(key).or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(child) = child else {
                unreachable!("field set nodes are maps")
            };
            // A member node that also has members below it is marked `.`.
            let member_with_children = if i + 1 == p.len() {
                !child.is_empty()
            } else {
                fields.contains(&p[..=i].to_vec())
            };
            if member_with_children {
                child.insert(".".into(), json!({}));
            }
            node = child;
        }
    }
    Value::Object(root)
}

/// The apply steps of a plan in script order: the ApplySet parent first, then each change.
fn run(cluster: &mut Cluster, p: &Plan, seed: u64) -> Vec<ObjectRef> {
    let mut touched = Vec::new();
    if let Some(scope) = p.applyset.as_ref().filter(|_| !p.is_empty()) {
        let parent = scope.parent();
        cluster
            .apply(&parent, FIELD_MANAGER, false)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
    for c in &p.changes {
        touched.push(c.object.clone());
        match (&c.action, &c.desired) {
            (Action::Delete, _) => {
                assert!(
                    cluster.objects.remove(&c.object).is_some(),
                    "seed {seed}: delete of a missing {}",
                    c.object
                );
            }
            (_, Some(d)) => cluster
                .apply(d, FIELD_MANAGER, c.takes_over().next().is_some())
                .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{p}")),
            (_, None) => panic!("seed {seed}: nothing to apply for {}", c.object),
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
    let mut cluster = Cluster::new();
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
    let refs: Vec<ObjectRef> = cluster.objects.keys().cloned().collect();
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
    let foreign = foreign_objects(&mut rng);
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
        .map(|r| cluster.objects[r].value.clone())
        .collect();
    let options = PlanOptions {
        allow_mass_delete: true,
        adopt: by_hand,
        ..PlanOptions::default()
    };
    let desired = ConfigSet::from_objects(b.iter().cloned().map(Object::new).collect::<Vec<_>>());
    let p =
        plan(&cluster.dump(), &desired, &options).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    let touched = run(&mut cluster, &p, seed);
    // No object that is not this tool's was touched.
    for (r, before) in foreign_refs.iter().zip(&foreign_before) {
        assert!(!touched.contains(r), "seed {seed}: touched {r}");
        assert_eq!(&cluster.objects[r].value, before, "seed {seed}: {r}");
    }
    // Every desired object has its desired fields; nothing else of this tool's remains.
    for o in &b {
        let r = object_ref(o);
        let live = cluster
            .objects
            .get(&r)
            .unwrap_or_else(|| panic!("seed {seed}: {r} missing\n{p}"));
        for path in cluster.fields(o) {
            let want = cluster.get(o, &path).map(canon);
            let have = cluster.get(&live.value, &path).map(canon);
            assert_eq!(have, want, "seed {seed}: {r} {path:?}\n{p}");
        }
    }
    let desired_refs: BTreeSet<ObjectRef> = b.iter().map(object_ref).collect();
    for r in cluster.objects.keys() {
        let ours = options.is_managed(&r.group, &r.kind) && !foreign_refs.contains(r);
        assert!(
            !ours || desired_refs.contains(r),
            "seed {seed}: {r} should be gone\n{p}"
        );
    }
    // Planning again: nothing to do.
    let again = plan(&cluster.dump(), &desired, &options).unwrap();
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

#[test]
fn the_model_conflicts_like_a_server() {
    let mut c = Cluster::new();
    let b = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
        "metadata": {"name": "b", "namespace": "n"},
        "spec": {"endpoints": [{"fqdn": {"hostname": "h", "port": 80}}]}});
    c.create(&b, "kubectl-client-side-apply");
    // Same values: shared ownership, no conflict.
    c.apply(&b, FIELD_MANAGER, false).unwrap();
    let mut changed = b.clone();
    changed["spec"]["endpoints"][0]["fqdn"]["port"] = json!(81);
    assert!(c.apply(&changed, FIELD_MANAGER, false).is_err());
    c.apply(&changed, FIELD_MANAGER, true).unwrap();
    let r = object_ref(&b);
    assert_eq!(
        c.objects[&r].value["spec"]["endpoints"][0]["fqdn"]["port"],
        81
    );
    // Dropping a field only this manager owns removes it; a shared one stays.
    c.update(&r, "kubectl-label", |v| {
        v["metadata"]["labels"] = json!({"x": "1"})
    });
    let mut labelled = changed.clone();
    labelled["metadata"]["labels"] = json!({"x": "1", "y": "2"});
    c.apply(&labelled, FIELD_MANAGER, false).unwrap();
    c.apply(&changed, FIELD_MANAGER, false).unwrap();
    assert_eq!(c.objects[&r].value["metadata"]["labels"], json!({"x": "1"}));
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 32, ..Default::default() })]

    /// The same round for seeds chosen (and, on failure, shrunk) by proptest.
    #[test]
    fn proptest_plan_converges_under_server_side_apply(seed in proptest::prelude::any::<u64>()) {
        check_round(seed);
    }
}
