//! A model cluster that stores objects the way the API server does under server-side apply:
//! per object, which field manager owns which fields (`managedFields`), conflicts when an apply
//! changes a field another manager owns (unless forced), removal of the fields a manager stops
//! applying when nobody else owns them, and merging by the CRDs' list types (map lists by key,
//! sets by value, atomic lists whole).
//!
//! It is written apart from the planner's comparison (`plan/ssa.rs` of the library): field sets
//! are flat sets of paths here, and objects are merged and pruned, not projected. The fake
//! `kubectl` keeps its state as this model's dump.

use nrp_llm_config::oracle::{ListType, Oracle, oracle};
use nrp_llm_config::path::{FieldPath, Segment};
use nrp_llm_config::plan::normalize::{NoSchema, comparable};
use nrp_llm_config::resources::view::{SERVER_METADATA_FIELDS, strip_server_fields};
use nrp_llm_config::{ConfigSet, Object, ObjectRef, Release};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// One element of a field path: a field, a map-list item by its keys, a set item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum El {
    /// `f:<name>`: a field.
    F(String),
    /// `k:<json>`: a map-list item, by the canonical JSON of its keys.
    K(String),
    /// `v:<json>`: a set item, by its canonical JSON.
    V(String),
}

/// A field path, from the object's root.
pub type Path = Vec<El>;

fn canon(v: &Value) -> String {
    serde_json::to_string(
        &comparable(&json!({"apiVersion": "x", "kind": "x", "v": v}), &NoSchema)["v"],
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
    uid: String,
    version: u64,
}

/// The model cluster.
pub struct Cluster {
    objects: BTreeMap<ObjectRef, Live>,
    next: u64,
    oracle: &'static Oracle,
}

impl Cluster {
    /// An empty cluster serving the CRDs of `release`.
    pub fn new(release: Release) -> Self {
        Cluster {
            objects: BTreeMap::new(),
            next: 1,
            oracle: oracle(release),
        }
    }

    /// The object stored under this identity (without server fields and `managedFields`).
    pub fn get_object(&self, r: &ObjectRef) -> Option<&Value> {
        self.objects.get(r).map(|l| &l.value)
    }

    /// The identities of all stored objects, sorted.
    pub fn refs(&self) -> Vec<ObjectRef> {
        self.objects.keys().cloned().collect()
    }

    /// Deletes an object; false when there was none.
    pub fn delete(&mut self, r: &ObjectRef) -> bool {
        self.objects.remove(r).is_some()
    }

    /// The managers that own fields of the object, as `name (operation)`.
    pub fn managers(&self, r: &ObjectRef) -> Vec<String> {
        self.objects.get(r).map_or_else(Vec::new, |l| {
            l.managers
                .iter()
                .map(|m| format!("{} ({})", m.name, m.operation))
                .collect()
        })
    }

    /// `Ok` when every field `object` sets has that value in the stored object of its identity.
    pub fn holds(&self, object: &Value) -> Result<(), String> {
        let r = object_ref(object);
        let live = self
            .objects
            .get(&r)
            .ok_or_else(|| format!("{r} is missing"))?;
        for path in self.fields(object) {
            let want = self.get(object, &path).map(canon);
            let have = self.get(&live.value, &path).map(canon);
            if have != want {
                return Err(format!("{r} {path:?}: {have:?} instead of {want:?}"));
            }
        }
        Ok(())
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
    pub fn fields(&self, object: &Value) -> BTreeSet<Path> {
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
    pub fn apply(&mut self, object: &Value, manager: &str, force: bool) -> Result<(), String> {
        let r = object_ref(object);
        let new_fields = self.fields(object);
        let Some(mut live) = self.objects.get(&r).cloned() else {
            // A create keeps what the applied object says, status aside.
            let uid = self.fresh_uid();
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
    pub fn update(&mut self, r: &ObjectRef, manager: &str, edit: impl FnOnce(&mut Value)) {
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
    pub fn create(&mut self, object: &Value, manager: &str) {
        let r = object_ref(object);
        let uid = self.fresh_uid();
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
    /// kinds as `v1beta1` where the default release serves it (QuotaPolicy stays `v1alpha1`),
    /// `managedFields` as `fieldsV1` trees.
    pub fn dump(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for live in self.objects.values() {
            let mut v = live.value.clone();
            let beta = "aigateway.envoyproxy.io/v1beta1";
            if v["apiVersion"] == "aigateway.envoyproxy.io/v1alpha1"
                && nrp_llm_config::oracle::oracle(nrp_llm_config::Release::default())
                    .serves(beta, v["kind"].as_str().unwrap_or(""))
            {
                v["apiVersion"] = json!(beta);
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
            meta.insert("uid".into(), json!(live.uid));
            meta.insert("resourceVersion".into(), json!(live.version.to_string()));
            meta.insert("managedFields".into(), Value::Array(managed));
            out.push(v);
        }
        out
    }

    /// [`Cluster::dump`] as a configuration set.
    pub fn dump_set(&self) -> ConfigSet {
        ConfigSet::from_objects(self.dump().into_iter().map(Object::new).collect::<Vec<_>>())
    }

    /// A cluster holding the objects of a dump made by [`Cluster::dump`] (or by a real
    /// `kubectl get -o yaml --show-managed-fields`): server fields and `managedFields` are read
    /// back.
    pub fn load(release: Release, dump: &[Value]) -> Self {
        let mut c = Cluster::new(release);
        for v in dump {
            let Some(r) = Object::new(v.clone()).object_ref() else {
                continue;
            };
            let managers = v
                .pointer("/metadata/managedFields")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter(|e| e.get("subresource").is_none())
                        .map(|e| Manager {
                            name: e["manager"].as_str().unwrap_or("").to_owned(),
                            operation: if e["operation"] == "Apply" {
                                "Apply"
                            } else {
                                "Update"
                            },
                            fields: paths_of(&e["fieldsV1"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let meta = &v["metadata"];
            let uid = meta["uid"]
                .as_str()
                .map_or_else(|| c.fresh_uid(), str::to_owned);
            let version = meta["resourceVersion"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1);
            let mut value = v.clone();
            if let Some(m) = value["metadata"].as_object_mut() {
                for f in SERVER_METADATA_FIELDS {
                    m.remove(f);
                }
            }
            c.objects.insert(
                r,
                Live {
                    value,
                    managers,
                    uid,
                    version,
                },
            );
        }
        c
    }

    fn fresh_uid(&mut self) -> String {
        let uid = format!("00000000-0000-4000-8000-{:012}", self.next);
        self.next += 1;
        uid
    }

    /// Sets the `status` of an object as a controller does (its own subresource: no field
    /// manager of the object changes).
    pub fn set_status(&mut self, r: &ObjectRef, status: Value) {
        if let Some(l) = self.objects.get_mut(r) {
            l.value["status"] = status;
        }
    }
}

/// The identity of an object (panics without one: test data always has one).
pub fn object_ref(v: &Value) -> ObjectRef {
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

/// The flat field set of a `fieldsV1` tree: every leaf, and every node marked `.`.
fn paths_of(tree: &Value) -> BTreeSet<Path> {
    fn walk(node: &Value, p: &mut Path, out: &mut BTreeSet<Path>) {
        let Some(m) = node.as_object() else { return };
        if (m.is_empty() || m.contains_key(".")) && !p.is_empty() {
            out.insert(p.clone());
        }
        for (k, child) in m {
            let e = if let Some(f) = k.strip_prefix("f:") {
                El::F(f.to_owned())
            } else if let Some(j) = k.strip_prefix("k:") {
                El::K(
                    serde_json::from_str::<Value>(j)
                        .map(|v| canon(&v))
                        .unwrap_or_default(),
                )
            } else if let Some(j) = k.strip_prefix("v:") {
                El::V(
                    serde_json::from_str::<Value>(j)
                        .map(|v| canon(&v))
                        .unwrap_or_default(),
                )
            } else {
                continue;
            };
            p.push(e);
            walk(child, p, out);
            p.pop();
        }
    }
    let mut out = BTreeSet::new();
    walk(tree, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_conflicts_like_a_server() {
        let mut c = Cluster::new(Release::V1_1);
        let b = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
            "metadata": {"name": "b", "namespace": "n"},
            "spec": {"endpoints": [{"fqdn": {"hostname": "h", "port": 80}}]}});
        c.create(&b, "kubectl-client-side-apply");
        // Same values: shared ownership, no conflict.
        c.apply(&b, "nrp-llm-config", false).unwrap();
        let mut changed = b.clone();
        changed["spec"]["endpoints"][0]["fqdn"]["port"] = json!(81);
        assert!(c.apply(&changed, "nrp-llm-config", false).is_err());
        c.apply(&changed, "nrp-llm-config", true).unwrap();
        let r = object_ref(&b);
        assert_eq!(
            c.get_object(&r).unwrap()["spec"]["endpoints"][0]["fqdn"]["port"],
            81
        );
        // Dropping a field only this manager owns removes it; a shared one stays.
        c.update(&r, "kubectl-label", |v| {
            v["metadata"]["labels"] = json!({"x": "1"})
        });
        let mut labelled = changed.clone();
        labelled["metadata"]["labels"] = json!({"x": "1", "y": "2"});
        c.apply(&labelled, "nrp-llm-config", false).unwrap();
        c.apply(&changed, "nrp-llm-config", false).unwrap();
        assert_eq!(
            c.get_object(&r).unwrap()["metadata"]["labels"],
            json!({"x": "1"})
        );
    }

    #[test]
    fn a_dump_loads_back_as_the_same_cluster() {
        let mut c = Cluster::new(Release::V1_1);
        let b = json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIServiceBackend",
            "metadata": {"name": "a", "namespace": "n", "labels": {"x": "1"}},
            "spec": {"schema": {"name": "OpenAI"}, "backendRef": {"name": "b"}}});
        c.apply(&b, "nrp-llm-config", false).unwrap();
        let r = object_ref(&b);
        c.update(&r, "ctl", |v| v["metadata"]["finalizers"] = json!(["f"]));
        let d = c.dump();
        let again = Cluster::load(Release::V1_1, &d);
        assert_eq!(again.dump(), d);
        assert_eq!(
            again.managers(&r),
            ["nrp-llm-config (Apply)", "ctl (Update)"]
        );
    }
}
