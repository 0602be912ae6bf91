//! Objects read from YAML: the JSON value, where it came from, and the line and column of every
//! node (pre-order positions), plus the step from a loaded document to its objects.

use std::sync::Arc;

use serde_json::Value;

use super::error::LoadError;
use crate::ObjectRef;
use crate::diagnostic::{Code, Diagnostic, SourceLocation};
use crate::object_ref::RefKey;
use crate::path::{FieldPath, Segment};

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
}

/// Where an [`Object`] was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file name as the user gave it (or a pseudo name such as `<stdin>`).
    pub file: Arc<str>,
    /// Index of the YAML document in the file (0-based; items of a `kind: List` share it).
    pub document: usize,
}

/// One Kubernetes object read from YAML (or built in memory), with source positions.
///
/// The value is reference-counted: cloning an object does not copy its tree, and two sets read
/// from files can hold one tree for an object that is the same in both (see
/// [`crate::Source::load`]). [`Object::value_mut`] copies a shared tree before changing it.
#[derive(Clone)]
pub struct Object {
    value: Arc<Value>,
    origin: Option<Origin>,
    /// Positions of every node of `value` in pre-order (map entries in insertion order). The
    /// position of a map entry's value is the position of its key.
    positions: Option<Arc<[Pos]>>,
    /// The hash of the object's identity, taken when the tree is built (while it is still in
    /// the processor's cache): indexing a large set then reads no tree again.
    identity: IdentityHash,
}

/// [`Object::identity_hash`] as remembered.
#[derive(Clone, Copy, Debug)]
enum IdentityHash {
    /// The value may have changed since ([`Object::value_mut`]).
    Stale,
    /// [`RefKey::hash`] of the identity, `None` for an object without one.
    Known(Option<u64>),
}

impl IdentityHash {
    fn of(value: &Value) -> Self {
        IdentityHash::Known(RefKey::of(value).map(RefKey::hash))
    }
}

/// The value, origin and positions (what equality compares).
impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Object")
            .field("value", &self.value)
            .field("origin", &self.origin)
            .field("positions", &self.positions)
            .finish()
    }
}

/// Objects are equal when their values, origins and positions are.
impl PartialEq for Object {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
            && self.origin == other.origin
            && self.positions == other.positions
    }
}

impl Object {
    /// An object without a source (built in memory).
    pub fn new(value: Value) -> Self {
        Self {
            identity: IdentityHash::of(&value),
            value: Arc::new(value),
            origin: None,
            positions: None,
        }
    }

    /// An object with a known origin and node positions (see [`Object::positions`]).
    pub fn with_source(value: Value, origin: Origin, positions: Arc<[Pos]>) -> Self {
        Self {
            identity: IdentityHash::of(&value),
            value: Arc::new(value),
            origin: Some(origin),
            positions: Some(positions),
        }
    }

    /// [`RefKey::hash`] of the object's identity (`None` without one).
    pub(crate) fn identity_hash(&self) -> Option<u64> {
        match self.identity {
            IdentityHash::Known(h) => h,
            IdentityHash::Stale => RefKey::of(&self.value).map(RefKey::hash),
        }
    }

    /// The object as JSON.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Consumes the object, returning its JSON value.
    pub fn into_value(self) -> Value {
        Arc::unwrap_or_clone(self.value)
    }

    /// Mutable access to the value. Source positions are dropped, since they would no longer match.
    pub fn value_mut(&mut self) -> &mut Value {
        self.positions = None;
        self.identity = IdentityHash::Stale;
        Arc::make_mut(&mut self.value)
    }

    /// This object as read from `file` instead: the same tree and positions, the origin naming
    /// `file`. `None` for an object that was not read from a file.
    pub(crate) fn in_file(&self, file: &Arc<str>) -> Option<Object> {
        let origin = self.origin.as_ref()?;
        Some(Object {
            value: Arc::clone(&self.value),
            origin: Some(Origin {
                file: Arc::clone(file),
                document: origin.document,
            }),
            positions: self.positions.clone(),
            identity: self.identity,
        })
    }

    /// Makes this object hold `other`'s tree when the two values are identical, key order and
    /// number representation included ([`identical`]), so that nothing can tell them apart;
    /// returns whether it did. Origin and positions stay this object's own.
    pub(crate) fn share_tree(&mut self, other: &Object) -> bool {
        if Arc::ptr_eq(&self.value, &other.value) {
            return true;
        }
        if !identical(&self.value, &other.value) {
            return false;
        }
        self.value = Arc::clone(&other.value);
        true
    }

    /// Where the object was read from.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// Node positions in pre-order, when read from text.
    pub fn positions(&self) -> Option<&[Pos]> {
        self.positions.as_deref()
    }

    /// `apiVersion`, or `""`.
    pub fn api_version(&self) -> &str {
        self.value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `kind`, or `""`.
    pub fn kind(&self) -> &str {
        self.value.get("kind").and_then(Value::as_str).unwrap_or("")
    }

    /// `metadata.name`, or `""`.
    pub fn name(&self) -> &str {
        self.value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `metadata.namespace`.
    pub fn namespace(&self) -> Option<&str> {
        self.value
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
    }

    /// Identity of the object (`None` when `kind` or `metadata.name` is missing).
    pub fn object_ref(&self) -> Option<ObjectRef> {
        ObjectRef::from_value(&self.value)
    }

    /// True when this object is of a namespaced kind and names no `metadata.namespace`.
    pub(crate) fn lacks_namespace(&self) -> bool {
        let v = crate::resources::view::ObjectView::new(&self.value);
        v.namespace().is_none() && !CLUSTER_SCOPED.contains(&(v.group(), v.kind()))
    }

    /// This object as `kubectl apply -n ns` places it: an object of a namespaced kind that names
    /// no namespace gets `metadata.namespace: ns` (its source positions shifted for the new
    /// node, which points at `metadata`); any other object is returned as it is.
    ///
    /// ```
    /// use nrp_llm_config::document::{parse_str, Limits};
    /// let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";
    /// let o = parse_str(text, "cm.yaml", &Limits::default()).unwrap().remove(0).in_namespace("n");
    /// assert_eq!(o.namespace(), Some("n"));
    /// assert_eq!(o.locate(&"data.k".parse().unwrap()).map(|p| p.line), Some(6));
    /// ```
    pub fn in_namespace(&self, ns: &str) -> Object {
        if !self.lacks_namespace() {
            return self.clone();
        }
        let Some(Value::Object(meta)) = self.value.get("metadata") else {
            return self.clone();
        };
        // `metadata.namespace` may be there without being a string: it is replaced in place.
        let replaces = meta.contains_key("namespace");
        let mut value = (*self.value).clone();
        if let Some(Value::Object(meta)) = value.get_mut("metadata") {
            meta.insert("namespace".to_owned(), Value::String(ns.to_owned()));
        }
        let at = match &*self.value {
            Value::Object(root) => {
                let mut idx = 1;
                let mut at = None;
                for (k, v) in root {
                    if k == "metadata" {
                        at = Some((idx, v));
                        break;
                    }
                    idx += node_count(v);
                }
                at
            }
            _ => None,
        };
        match (&self.origin, self.positions.as_deref(), at) {
            (Some(origin), Some(positions), Some((at, metadata))) => {
                let mut pos: Vec<Pos> = positions.to_vec();
                if !replaces {
                    // The new key is the last of `metadata`: its value comes right after the
                    // subtree of `metadata` in pre-order.
                    let end = (at + node_count(metadata)).min(pos.len());
                    let p = pos.get(at).copied().unwrap_or_default();
                    pos.insert(end, p);
                }
                Object::with_source(value, origin.clone(), pos.into())
            }
            _ => Object::new(value),
        }
    }

    /// Line and column of the node at `path`. When the path does not exist (a missing required
    /// field, say), the nearest existing ancestor is used.
    ///
    /// ```
    /// use nrp_llm_config::document::{parse_str, Limits};
    /// let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";
    /// let objs = parse_str(text, "cm.yaml", &Limits::default()).unwrap();
    /// let pos = objs[0].locate(&"data.k".parse().unwrap()).unwrap();
    /// assert_eq!((pos.line, pos.column), (6, 3));
    /// ```
    pub fn locate(&self, path: &FieldPath) -> Option<Pos> {
        let positions = self.positions.as_deref()?;
        let mut idx = 0usize;
        let mut cur: &Value = &self.value;
        for seg in path.segments() {
            let next = match (seg, cur) {
                (Segment::Field(k) | Segment::Key(k), Value::Object(map)) => {
                    let mut child_idx = idx + 1;
                    let mut found = None;
                    for (key, v) in map {
                        if key == k {
                            found = Some((child_idx, v));
                            break;
                        }
                        child_idx += node_count(v);
                    }
                    found
                }
                (Segment::Index(i), Value::Array(items)) => {
                    let mut child_idx = idx + 1;
                    let mut found = None;
                    for (n, v) in items.iter().enumerate() {
                        if n == *i {
                            found = Some((child_idx, v));
                            break;
                        }
                        child_idx += node_count(v);
                    }
                    found
                }
                _ => None,
            };
            match next {
                Some((i, v)) => {
                    idx = i;
                    cur = v;
                }
                None => break,
            }
        }
        positions.get(idx).copied()
    }

    /// File, line and column of `path` in this object, for a diagnostic.
    pub fn source_location(&self, path: &FieldPath) -> SourceLocation {
        let pos = self.locate(path);
        SourceLocation {
            file: self.origin.as_ref().map(|o| o.file.to_string()),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
        }
    }

    /// Fills in a diagnostic's file, line and column (from its path) and its object.
    pub fn locate_diagnostic(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.location.line.is_none() {
            diagnostic.location = self.source_location(&diagnostic.path);
        }
        if diagnostic.object.is_none() {
            diagnostic.object = self
                .object_ref()
                .or_else(|| ObjectRef::unnamed(&self.value));
        }
        diagnostic
    }
}

/// Kinds that have no namespace; `kubectl apply -n` leaves them as they are, and so does
/// [`Object::in_namespace`].
const CLUSTER_SCOPED: [(&str, &str); 5] = [
    ("gateway.networking.k8s.io", "GatewayClass"),
    ("", "Namespace"),
    ("rbac.authorization.k8s.io", "ClusterRole"),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
];

/// True when `a` and `b` are the same JSON tree, with their map keys in the same order and their
/// numbers of the same representation (`80` and `80.0` differ). Stricter than `==`, which
/// ignores key order: only values that no reader can tell apart may share one tree.
pub(crate) fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, v), (l, w))| k == l && identical(v, w))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| identical(v, w))
        }
        // `==` on numbers already tells integers from floats; `0.0 == -0.0` is the one case it
        // lets through.
        (Value::Number(x), Value::Number(y)) => {
            x == y && (!x.is_f64() || x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits))
        }
        _ => a == b,
    }
}

/// Number of nodes in a value (itself plus all descendants).
fn node_count(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(node_count).sum::<usize>(),
        Value::Array(a) => 1 + a.iter().map(node_count).sum::<usize>(),
        _ => 1,
    }
}

/// One document as every loader reads it: its value and the positions of its nodes in pre-order
/// (null documents are not returned, as in the reference).
pub(super) struct FastDoc {
    pub(super) value: Value,
    pub(super) positions: Vec<Pos>,
}

/// Appends the objects of one document to `out`: the document itself, or the items of a
/// `kind: List`; anything that is not a Kubernetes object is an error.
pub(super) fn push_objects(
    value: Value,
    positions: Vec<Pos>,
    origin: Origin,
    file: &str,
    out: &mut Vec<Object>,
) -> Result<(), LoadError> {
    let start = positions.first().copied();
    match &value {
        Value::Null => return Ok(()),
        Value::Object(map) => {
            let kind = map.get("kind").and_then(Value::as_str);
            let api = map.get("apiVersion").and_then(Value::as_str);
            if kind.is_none() || api.is_none() {
                let missing = if kind.is_none() { "kind" } else { "apiVersion" };
                let mut e = LoadError::new(
                    Code::NOT_AN_OBJECT,
                    file,
                    start,
                    format!(
                        "document {} has no `{missing}`; every document must be a Kubernetes object",
                        origin.document + 1
                    ),
                );
                e.0.hint = Some(format!(
                    "add `{missing}:` (for example `apiVersion: aigateway.envoyproxy.io/v1alpha1` and `kind: AIGatewayRoute`) or remove the document"
                ));
                return Err(e);
            }
            if kind == Some("List") && api == Some("v1") {
                return expand_list(value, &positions, &origin, file, out);
            }
        }
        other => {
            let what = match other {
                Value::Array(_) => "a list",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "a scalar",
            };
            return Err(LoadError::new(
                Code::NOT_AN_OBJECT,
                file,
                start,
                format!(
                    "document {} is {what}, not a Kubernetes object (a mapping with apiVersion and kind)",
                    origin.document + 1
                ),
            ));
        }
    }
    out.push(Object::with_source(value, origin, positions.into()));
    Ok(())
}

fn expand_list(
    value: Value,
    positions: &[Pos],
    origin: &Origin,
    file: &str,
    out: &mut Vec<Object>,
) -> Result<(), LoadError> {
    let Value::Object(map) = value else {
        return Ok(());
    };
    // Walk the entries in order, tracking the pre-order index, to find `items`.
    let mut idx = 1usize;
    for (key, v) in map {
        let n = node_count(&v);
        if key == "items" {
            match v {
                Value::Array(items) => {
                    let mut item_idx = idx + 1;
                    for item in items {
                        let cnt = node_count(&item);
                        let slice = positions[item_idx..item_idx + cnt].to_vec();
                        push_objects(item, slice, origin.clone(), file, out)?;
                        item_idx += cnt;
                    }
                }
                Value::Null => {}
                _ => {
                    return Err(LoadError::new(
                        Code::NOT_AN_OBJECT,
                        file,
                        positions.get(idx).copied(),
                        "`items` of a `kind: List` must be a list of objects",
                    ));
                }
            }
        }
        idx += n;
    }
    Ok(())
}
