//! Server-side apply's view of a live object: which field manager owns which field
//! (`metadata.managedFields`), what part of a live object a plan compares, and which fields an
//! apply takes over from other managers.
//!
//! Server-side apply sets every field the applied object sets, and removes a field only when
//! the applying manager owned it before and the applied object no longer sets it. Fields that
//! other actors set — a controller's finalizer, another tool's labels, a default — stay. So a
//! live object is compared in its *projection* ([`project`]) onto the fields DESIRED sets (CRD
//! defaults included) and the fields this tool's manager ([`FIELD_MANAGER`], operation `Apply`)
//! owns: the rest of the live object is no difference, because applying cannot change it.
//!
//! Without `managedFields` (a dump made without `--show-managed-fields`), ownership cannot be
//! read. The projection then keeps the whole object except what other actors put in its
//! metadata — finalizers, owner references, the deletion markers, and labels and annotations
//! DESIRED does not mention — and the plan says that ownership could not be read.
//!
//! An apply *conflicts* when it sets a field to a value other than the live one while another
//! manager owns that field; `kubectl apply --server-side` then stops unless given
//! `--force-conflicts`, which moves the field to the applying manager. [`Projection::takes_over`]
//! lists those fields, so that the plan can say so and force exactly those objects. DESIRED is
//! compared there with its CRD defaults filled in, as the API server stores it.
//!
//! Field sets are read as the API server writes them (`fieldsV1`): `f:<name>` a field, `k:<json>`
//! a list item by its keys, `v:<json>` a set item, `i:<n>` an item by position, `.` the node
//! itself; an empty `{}` is a leaf the manager owns.

use super::FIELD_MANAGER;
use super::normalize::{ListType, SchemaInfo, integral};
use crate::path::{FieldPath, Segment};
use crate::resources::view::CLUSTER_METADATA_FIELDS;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One element of a field-set path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Element {
    /// `f:<name>`.
    Field(String),
    /// `k:<json>`: a map-list item by the canonical JSON of its keys.
    Key(String),
    /// `v:<json>`: a set item by its canonical JSON.
    Value(String),
    /// `i:<n>`.
    Index(usize),
}

/// The fields one manager owns, as a tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FieldSet {
    /// The node itself is owned (`.` or an empty leaf).
    member: bool,
    children: HashMap<Element, FieldSet>,
}

impl FieldSet {
    /// Reads a `fieldsV1` tree. Entries that cannot be read are skipped.
    pub(crate) fn parse(v: &Value) -> FieldSet {
        let mut fs = FieldSet::default();
        let Some(map) = v.as_object() else {
            return fs;
        };
        if map.is_empty() {
            fs.member = true;
        }
        for (k, child) in map {
            if k == "." {
                fs.member = true;
                continue;
            }
            let element = if let Some(f) = k.strip_prefix("f:") {
                Element::Field(f.to_owned())
            } else if let Some(j) = k.strip_prefix("k:") {
                match serde_json::from_str::<Value>(j) {
                    Ok(v) => Element::Key(canon(&v)),
                    Err(_) => continue,
                }
            } else if let Some(j) = k.strip_prefix("v:") {
                match serde_json::from_str::<Value>(j) {
                    Ok(v) => Element::Value(canon(&v)),
                    Err(_) => continue,
                }
            } else if let Some(i) = k.strip_prefix("i:") {
                match i.parse() {
                    Ok(i) => Element::Index(i),
                    Err(_) => continue,
                }
            } else {
                continue;
            };
            fs.children
                .entry(element)
                .or_default()
                .union(FieldSet::parse(child));
        }
        fs
    }

    fn union(&mut self, other: FieldSet) {
        self.member |= other.member;
        for (k, v) in other.children {
            self.children.entry(k).or_default().union(v);
        }
    }

    fn child(&self, e: &Element) -> Option<&FieldSet> {
        self.children.get(e)
    }

    fn field(&self, name: &str) -> Option<&FieldSet> {
        self.child(&Element::Field(name.to_owned()))
    }

    /// Owned as a whole: a leaf, or a node marked `.` without finer entries.
    fn whole(&self) -> bool {
        self.member && self.children.is_empty()
    }
}

/// One `managedFields` entry.
#[derive(Clone, Debug)]
struct Manager {
    /// The manager as shown to people: its name, with the operation when this tool's own name
    /// appears with an `Update`.
    label: String,
    ours: bool,
    fields: FieldSet,
}

/// The `managedFields` of a live object (status-subresource entries left out), or `None`
/// when it has none.
fn managers(live: &Value) -> Option<Vec<Manager>> {
    let entries = live.pointer("/metadata/managedFields")?.as_array()?;
    Some(
        entries
            .iter()
            .filter(|e| e.get("subresource").and_then(Value::as_str).is_none())
            .map(|e| {
                let name = e.get("manager").and_then(Value::as_str).unwrap_or("");
                let operation = e.get("operation").and_then(Value::as_str).unwrap_or("");
                let ours = name == FIELD_MANAGER && operation == "Apply";
                let label = if name == FIELD_MANAGER && !ours {
                    format!("{name} ({operation})")
                } else if name.is_empty() {
                    "an unnamed manager".to_owned()
                } else {
                    name.to_owned()
                };
                Manager {
                    label,
                    ours,
                    fields: e.get("fieldsV1").map(FieldSet::parse).unwrap_or_default(),
                }
            })
            .collect(),
    )
}

/// A value's canonical JSON: maps key-sorted, integral floats as integers. Equal strings mean
/// equal values as the API server reads them.
fn canon(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut out = Map::new();
                for k in keys {
                    out.insert(k.clone(), sorted(&m[k]));
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => integral(other.clone()),
        }
    }
    serde_json::to_string(&sorted(v)).unwrap_or_default()
}

/// The canonical JSON of the key fields of a map-list item (those it has).
fn key_of(item: &Value, keys: &[String]) -> String {
    let mut m = Map::new();
    for k in keys {
        if let Some(v) = item.get(k) {
            m.insert(k.clone(), v.clone());
        }
    }
    canon(&Value::Object(m))
}

/// A live object as a plan compares it, and what applying DESIRED would take over.
#[derive(Clone, Debug)]
pub(crate) struct Projection {
    /// The live object reduced to the fields DESIRED sets and the fields this tool owns (see the
    /// module docs).
    pub(crate) value: Value,
    /// The fields whose value the apply changes while another manager owns them, with that
    /// manager, by path.
    pub(crate) takes_over: Vec<(FieldPath, String)>,
    /// `managedFields` were present: ownership was read, not assumed.
    pub(crate) ownership_known: bool,
}

/// Projects `live` onto what applying `desired` (the object as it is applied) can change.
pub(crate) fn project(live: &Value, desired: &Value, schema: &dyn SchemaInfo) -> Projection {
    let mut defaulted = desired.clone();
    schema.apply_defaults(&mut defaulted);
    let api_version = live.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = live.get("kind").and_then(Value::as_str).unwrap_or("");
    let walk = Walk {
        schema,
        api_version,
        kind,
    };
    let (value, takes_over, ownership_known) = match managers(live) {
        Some(managers) => {
            let mut ours = FieldSet::default();
            let mut others: Vec<(&str, &FieldSet)> = Vec::new();
            for m in &managers {
                if m.ours {
                    ours.union(m.fields.clone());
                } else {
                    others.push((&m.label, &m.fields));
                }
            }
            let mut path = FieldPath::root();
            let value = walk
                .keep(live, Some(&defaulted), Some(&ours), &mut path)
                .unwrap_or_else(|| Value::Object(Map::new()));
            // Both sides with their defaults: a dump of an object stored before a default was
            // added, or a hand-made one, must not conflict over a value nobody wrote.
            let mut live_defaulted = live.clone();
            schema.apply_defaults(&mut live_defaulted);
            let mut takes_over = Vec::new();
            walk.conflicts(
                &defaulted,
                Some(&live_defaulted),
                &others,
                &mut path,
                &mut takes_over,
            );
            takes_over.sort_by(|a, b| (a.0.to_string(), &a.1).cmp(&(b.0.to_string(), &b.1)));
            takes_over.dedup();
            (value, takes_over, true)
        }
        None => (unowned_projection(live, desired), Vec::new(), false),
    };
    Projection {
        value,
        takes_over,
        ownership_known,
    }
}

/// The projection when ownership cannot be read: the whole object but the metadata that other
/// actors set.
fn unowned_projection(live: &Value, desired: &Value) -> Value {
    let mut v = live.clone();
    if let Some(Value::Object(meta)) = v.get_mut("metadata") {
        for f in CLUSTER_METADATA_FIELDS {
            meta.remove(f);
        }
        for m in ["labels", "annotations"] {
            let mentioned = desired.pointer(&format!("/metadata/{m}"));
            if let Some(Value::Object(map)) = meta.get_mut(m) {
                map.retain(|k, _| mentioned.is_some_and(|d| d.get(k).is_some()));
            }
        }
    }
    v
}

struct Walk<'a> {
    schema: &'a dyn SchemaInfo,
    api_version: &'a str,
    kind: &'a str,
}

impl Walk<'_> {
    /// The list type at `path`: object metadata's own lists as the built-in `ObjectMeta`
    /// declares them, the rest from the CRD schema (unknown: atomic).
    fn list_type(&self, path: &FieldPath) -> ListType {
        if let [Segment::Field(m), Segment::Field(f)] = path.segments()
            && m == "metadata"
        {
            match f.as_str() {
                "finalizers" => return ListType::Set,
                "ownerReferences" => {
                    return ListType::Map {
                        keys: vec!["uid".to_owned()],
                    };
                }
                _ => {}
            }
        }
        self.schema
            .list_type(self.api_version, self.kind, path)
            .unwrap_or(ListType::Atomic)
    }

    /// The part of `live` that `desired` sets or `ours` owns; `None` when nothing is.
    fn keep(
        &self,
        live: &Value,
        desired: Option<&Value>,
        ours: Option<&FieldSet>,
        path: &mut FieldPath,
    ) -> Option<Value> {
        if desired.is_none() && ours.is_none() {
            return None;
        }
        let whole = desired.is_none() && ours.is_some_and(FieldSet::whole);
        match live {
            Value::Object(map) => {
                if whole || desired.is_some_and(|d| !d.is_object()) {
                    return Some(live.clone());
                }
                let mut out = Map::new();
                for (k, v) in map {
                    path.push(Segment::Field(k.clone()));
                    let kept = self.keep(
                        v,
                        desired.and_then(|d| d.get(k)),
                        ours.and_then(|o| o.field(k)),
                        path,
                    );
                    path.pop();
                    if let Some(x) = kept {
                        out.insert(k.clone(), x);
                    }
                }
                if out.is_empty() && desired.is_none() && !ours.is_some_and(|o| o.member) {
                    return None;
                }
                Some(Value::Object(out))
            }
            Value::Array(items) => {
                let list_type = self.list_type(path);
                let desired_items = match desired {
                    Some(Value::Array(d)) => Some(d),
                    Some(_) => return Some(live.clone()),
                    None => None,
                };
                if whole {
                    return Some(live.clone());
                }
                match list_type {
                    ListType::Atomic => Some(live.clone()),
                    ListType::Set => {
                        let wanted: Vec<String> = desired_items
                            .map(|d| d.iter().map(canon).collect())
                            .unwrap_or_default();
                        let kept: Vec<Value> = items
                            .iter()
                            .filter(|x| {
                                let c = canon(x);
                                wanted.contains(&c)
                                    || ours.is_some_and(|o| o.child(&Element::Value(c)).is_some())
                            })
                            .cloned()
                            .collect();
                        if kept.is_empty() && desired.is_none() {
                            return None;
                        }
                        Some(Value::Array(kept))
                    }
                    ListType::Map { keys } => {
                        let wanted: Vec<(String, &Value)> = desired_items
                            .map(|d| d.iter().map(|x| (key_of(x, &keys), x)).collect())
                            .unwrap_or_default();
                        let mut kept = Vec::new();
                        for (i, item) in items.iter().enumerate() {
                            let key = key_of(item, &keys);
                            let d = wanted.iter().find(|(k, _)| *k == key).map(|(_, x)| *x);
                            let o = ours.and_then(|o| o.child(&Element::Key(key)));
                            path.push(Segment::Index(i));
                            let x = self.keep(item, d, o, path);
                            path.pop();
                            kept.extend(x);
                        }
                        if kept.is_empty() && desired.is_none() {
                            return None;
                        }
                        Some(Value::Array(kept))
                    }
                }
            }
            scalar => Some(scalar.clone()),
        }
    }

    /// Appends the fields where `desired` sets a value other than `live`'s while a manager of
    /// `others` owns the field.
    fn conflicts(
        &self,
        desired: &Value,
        live: Option<&Value>,
        others: &[(&str, &FieldSet)],
        path: &mut FieldPath,
        out: &mut Vec<(FieldPath, String)>,
    ) {
        let Some(live) = live else {
            // Nobody can own a field that is not there.
            return;
        };
        if others.is_empty() {
            return;
        }
        let whole_owners: Vec<&str> = others
            .iter()
            .filter(|(_, f)| f.whole())
            .map(|(n, _)| *n)
            .collect();
        match (desired, live) {
            (Value::Object(d), Value::Object(l)) if whole_owners.is_empty() => {
                for (k, dv) in d {
                    let sub: Vec<(&str, &FieldSet)> = others
                        .iter()
                        .filter_map(|(n, f)| f.field(k).map(|c| (*n, c)))
                        .collect();
                    path.push(Segment::Field(k.clone()));
                    self.conflicts(dv, l.get(k), &sub, path, out);
                    path.pop();
                }
            }
            (Value::Array(d), Value::Array(l)) if whole_owners.is_empty() => {
                match self.list_type(path) {
                    ListType::Atomic => self.leaf_conflict(desired, live, others, path, out),
                    // Set items are owned one by one: adding one takes nothing from anyone.
                    ListType::Set => {}
                    ListType::Map { keys } => {
                        for item in d {
                            let key = key_of(item, &keys);
                            let Some((i, li)) =
                                l.iter().enumerate().find(|(_, x)| key_of(x, &keys) == key)
                            else {
                                continue;
                            };
                            let element = Element::Key(key);
                            let sub: Vec<(&str, &FieldSet)> = others
                                .iter()
                                .filter_map(|(n, f)| f.child(&element).map(|c| (*n, c)))
                                .collect();
                            path.push(Segment::Index(i));
                            self.conflicts(item, Some(li), &sub, path, out);
                            path.pop();
                        }
                    }
                }
            }
            _ => self.leaf_conflict(desired, live, others, path, out),
        }
    }

    fn leaf_conflict(
        &self,
        desired: &Value,
        live: &Value,
        others: &[(&str, &FieldSet)],
        path: &FieldPath,
        out: &mut Vec<(FieldPath, String)>,
    ) {
        if canon(desired) == canon(live) {
            return;
        }
        for (name, f) in others {
            if f.member {
                out.push((path.clone(), (*name).to_owned()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::normalize::NoSchema;
    use serde_json::json;

    struct Schema;
    impl SchemaInfo for Schema {
        fn list_type(&self, _: &str, _: &str, path: &FieldPath) -> Option<ListType> {
            match path.to_string().as_str() {
                "spec.endpoints" => Some(ListType::Map {
                    keys: vec!["name".into()],
                }),
                "spec.tags" => Some(ListType::Set),
                _ => None,
            }
        }
    }

    fn live(managed: Value) -> Value {
        json!({
            "apiVersion": "x/v2", "kind": "K",
            "metadata": {"name": "a", "namespace": "n", "uid": "u",
                "labels": {"mine": "1", "theirs": "2"},
                "finalizers": ["ctl/finalizer"],
                "managedFields": managed},
            "spec": {"port": 80, "endpoints": [{"name": "e1", "host": "h1"}, {"name": "e2", "host": "h2"}],
                "tags": ["a", "b"], "rules": [1, 2], "extra": true}
        })
    }

    fn desired() -> Value {
        json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "a", "namespace": "n", "labels": {"mine": "1"}},
            "spec": {"port": 80.0, "endpoints": [{"name": "e1", "host": "h1"}], "tags": ["a"], "rules": [1, 2]}})
    }

    #[test]
    fn projection_keeps_what_desired_sets_and_what_we_own() {
        let managed = json!([
            {"manager": "nrp-llm-config", "operation": "Apply", "fieldsV1": {
                "f:metadata": {"f:labels": {"f:mine": {}}},
                "f:spec": {"f:port": {}, "f:tags": {"v:\"a\"": {}, "v:\"b\"": {}},
                    "f:endpoints": {"k:{\"name\":\"e1\"}": {".": {}, "f:name": {}, "f:host": {}},
                                    "k:{\"name\":\"e2\"}": {".": {}, "f:name": {}, "f:host": {}}},
                    "f:rules": {}}}},
            {"manager": "ctl", "operation": "Update", "fieldsV1": {
                "f:metadata": {"f:finalizers": {".": {}, "v:\"ctl/finalizer\"": {}}, "f:labels": {"f:theirs": {}}},
                "f:spec": {"f:extra": {}}}},
        ]);
        let p = project(&live(managed), &desired(), &Schema);
        assert!(p.ownership_known);
        // (The versions are compared apart from the projection.)
        assert!(p.takes_over.is_empty(), "{:?}", p.takes_over);
        // Kept: what desired sets, and e2 and tag b, which we own and desired dropped (applying
        // removes them). Gone: the controller's finalizer and label, `extra`, server fields.
        assert_eq!(
            p.value,
            json!({"apiVersion": "x/v2", "kind": "K", "metadata": {"name": "a", "namespace": "n", "labels": {"mine": "1"}},
                "spec": {"port": 80, "endpoints": [{"name": "e1", "host": "h1"}, {"name": "e2", "host": "h2"}],
                    "tags": ["a", "b"], "rules": [1, 2]}})
        );
    }

    #[test]
    fn first_apply_over_client_side_apply_takes_over_changed_fields_only() {
        let managed = json!([
            {"manager": "kubectl-client-side-apply", "operation": "Update", "fieldsV1": {
                "f:metadata": {"f:labels": {".": {}, "f:mine": {}}},
                "f:spec": {".": {}, "f:port": {}, "f:extra": {}, "f:rules": {}, "f:tags": {},
                    "f:endpoints": {}}}},
        ]);
        let mut d = desired();
        d["spec"]["rules"] = json!([2, 1]);
        d["spec"]["port"] = json!(8080);
        let p = project(&live(managed.clone()), &d, &Schema);
        let shown: Vec<String> = p
            .takes_over
            .iter()
            .map(|(path, m)| format!("{path} {m}"))
            .collect();
        // `tags` and `endpoints` are owned whole (`{}`) by the other manager and differ.
        assert_eq!(
            shown,
            [
                "spec.endpoints kubectl-client-side-apply",
                "spec.port kubectl-client-side-apply",
                "spec.rules kubectl-client-side-apply",
                "spec.tags kubectl-client-side-apply",
            ]
        );
        // We own nothing yet: nothing that desired leaves out is compared.
        assert!(p.value["spec"].get("extra").is_none());
        let same = project(&live(managed), &desired(), &Schema);
        assert!(
            same.takes_over
                .iter()
                .all(|(p, _)| p.to_string() != "spec.port"),
            "80.0 is 80: {:?}",
            same.takes_over
        );
    }

    #[test]
    fn without_managed_fields_only_foreign_metadata_is_ignored() {
        let mut l = live(json!(null));
        l["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("managedFields");
        l["metadata"]["ownerReferences"] = json!([{"uid": "o"}]);
        l["metadata"]["annotations"] = json!({"other": "x"});
        let p = project(&l, &desired(), &NoSchema);
        assert!(!p.ownership_known);
        assert_eq!(p.value["metadata"]["labels"], json!({"mine": "1"}));
        assert!(p.value["metadata"].get("finalizers").is_none());
        assert!(p.value["metadata"].get("ownerReferences").is_none());
        assert_eq!(p.value["metadata"]["annotations"], json!({}));
        assert_eq!(p.value["spec"]["extra"], json!(true));
    }

    #[test]
    fn field_sets_read_every_element_kind() {
        let fs = FieldSet::parse(
            &json!({"f:a": {".": {}, "i:0": {}, "k:{\"b\":1,\"a\":2}": {}, "v:3": {}, "x:bad": {}, "k:{bad": {}}}),
        );
        let a = fs.field("a").unwrap();
        assert!(a.member && !a.whole());
        assert!(a.child(&Element::Index(0)).is_some_and(FieldSet::whole));
        assert!(a.child(&Element::Key(r#"{"a":2,"b":1}"#.into())).is_some());
        assert!(a.child(&Element::Value("3".into())).is_some());
        assert_eq!(a.children.len(), 3);
    }
}
