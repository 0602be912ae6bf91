//! Read-only views over objects as JSON: the one place where logic knows field names.
//!
//! Validation, planning, the catalog importer and the graph read Kubernetes objects as
//! [`serde_json::Value`] trees, because they must also work on objects whose typed decoding
//! failed (those carry their own diagnostics). Instead of each module looking fields up by
//! string key with its own helpers, they go through the views of this module:
//!
//! - [`Node`]: a value plus, when asked for, its pre-order index, which is the index into
//!   [`Object::positions`](crate::document::Object::positions), so a view can tell where in
//!   the source a field was written without building a field path.
//! - [`ObjectView`]: identity and metadata of any object.
//! - [`RouteView`] / [`RuleView`] (AIGatewayRoute), [`ServiceBackendView`] (AIServiceBackend),
//!   [`PolicyView`] (BackendSecurityPolicy and the Envoy Gateway policies), [`BackendView`]
//!   (Envoy Gateway Backend), [`QuotaPolicyView`], [`GatewayView`], [`GatewayClassView`] and
//!   [`HttpRouteView`].
//! - [`Reference`]: a reference field read with that field's default group and kind.
//! - [`strip_server_fields`] and [`SERVER_METADATA_FIELDS`]: what the API server fills in;
//!   [`strip_cluster_fields`] and [`CLUSTER_METADATA_FIELDS`]: what else ties an object read
//!   from a cluster to that cluster (owners, finalizers), dropped when it is used as desired.
//!
//! # Semantics decided here
//!
//! - **Model names.** A rule names a model through a header match on
//!   [`MODEL_NAME_HEADER`](crate::resources::common::MODEL_NAME_HEADER) (`x-ai-eg-model`). HTTP
//!   header names are case-insensitive (RFC 9110, and Envoy lower-cases them), so
//!   `X-AI-EG-Model` is the same header. Only a match of type `Exact` (the Gateway API default
//!   when `type` is absent) names a model: a `RegularExpression` match is a pattern that may
//!   match many names or none, so it names no model (see [`RuleView::model_names`]; every model
//!   header condition, whatever its type, is in [`RuleView::model_matches`]).
//! - **Reference defaults.** A reference field's absent `group` and `kind` take the defaults
//!   of that field (a rule's backendRef is an AIServiceBackend, an AIServiceBackend's backendRef
//!   a core `Service`, a parentRef a Gateway API `Gateway`); an absent `namespace` means the
//!   referring object's namespace. Each view method names the defaults it applies.
//! - **Competing rules.** Two rules compete when some request can match both with the same
//!   Gateway API precedence, so the first listed silently wins ([`MatchView`] has the details).
//!   Validation reports a model routed by competing rules (`duplicate_model`), and `plan`
//!   treats the order of a route's rules as meaningful exactly when two of them compete.
//! - Values of the wrong JSON type read as absent: a view never fails.

mod backend;
mod gateway_api;
mod meta;
mod policy;
mod quota;
mod references;
mod route;
mod service_backend;
#[cfg(test)]
mod tests;

pub use backend::{BackendView, Endpoint};
pub use gateway_api::{GatewayClassView, GatewayView, HttpRouteView};
pub use meta::{
    CLUSTER_METADATA_FIELDS, LAST_APPLIED_ANNOTATION, OwnerReference, SERVER_METADATA_FIELDS,
    strip_cluster_fields, strip_server_fields,
};
pub use policy::{PolicyTarget, PolicyView};
pub use quota::{PerModelQuotaView, QuotaPolicyView};
pub use route::{
    Cost, HeaderMatch, MatchView, ModelName, RouteBackendRef, RouteView, RuleView,
    conditions_compete, exact_conditions_compatible, rules_compete,
};
pub use service_backend::ServiceBackendView;

use crate::ObjectRef;
use crate::document::Pos;
use serde_json::Value;

/// A value inside an object, with its pre-order index when the view tracks positions.
///
/// A node made with [`Node::new`] only reads values; one made with [`Node::tracked`] (at the
/// root of an object) also keeps the pre-order index of every node it hands out, counting map
/// values and list items (not keys), which is how
/// [`Object::positions`](crate::document::Object::positions) is laid out. Tracking costs a walk
/// over the siblings skipped to reach a field, so untracked nodes use direct lookups instead.
///
/// ```
/// use nrp_llm_config::resources::view::Node;
/// let v = serde_json::json!({"a": {"x": 1, "y": 2}, "b": [10, 20]});
/// let root = Node::tracked(&v);
/// assert_eq!(root.field("b").unwrap().index(), Some(4));
/// let items: Vec<Option<usize>> = root.field("b").unwrap().items().map(|n| n.index()).collect();
/// assert_eq!(items, [Some(5), Some(6)]);
/// assert_eq!(Node::new(&v).field("b").unwrap().index(), None);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Node<'a> {
    value: &'a Value,
    index: usize,
    tracked: bool,
}

/// Nodes in `v`'s subtree, itself included: how far the pre-order index moves past `v`.
pub(crate) fn node_count(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(node_count).sum::<usize>(),
        Value::Array(a) => 1 + a.iter().map(node_count).sum::<usize>(),
        _ => 1,
    }
}

impl<'a> Node<'a> {
    /// A node that reads values only.
    pub fn new(value: &'a Value) -> Self {
        Node {
            value,
            index: 0,
            tracked: false,
        }
    }

    /// The root node of an object, keeping pre-order indexes (the root's is 0).
    pub fn tracked(value: &'a Value) -> Self {
        Node {
            value,
            index: 0,
            tracked: true,
        }
    }

    /// The JSON value.
    pub fn value(self) -> &'a Value {
        self.value
    }

    /// The pre-order index, when tracked.
    pub fn index(self) -> Option<usize> {
        self.tracked.then_some(self.index)
    }

    /// The source position of this node, given the object's positions (none when untracked or
    /// when the object has no source).
    pub fn position(self, positions: Option<&[Pos]>) -> Option<Pos> {
        positions?.get(self.index()?).copied()
    }

    /// The value as a string, if it is one.
    pub fn as_str(self) -> Option<&'a str> {
        self.value.as_str()
    }

    /// The fields `keys` of a map, found in one pass over its entries (the first entry of a
    /// key wins). All `None` when the value is not a map.
    pub fn fields<const N: usize>(self, keys: [&str; N]) -> [Option<Node<'a>>; N] {
        let mut out = [None; N];
        let Some(map) = self.value.as_object() else {
            return out;
        };
        if !self.tracked {
            for (slot, key) in out.iter_mut().zip(keys) {
                *slot = map.get(key).map(Node::new);
            }
            return out;
        }
        let mut index = self.index + 1;
        let mut left = N;
        for (k, v) in map {
            if let Some(i) = keys.iter().position(|w| *w == k.as_str())
                && out[i].is_none()
            {
                out[i] = Some(Node {
                    value: v,
                    index,
                    tracked: true,
                });
                left -= 1;
                if left == 0 {
                    break;
                }
            }
            index += node_count(v);
        }
        out
    }

    /// One field of a map.
    pub fn field(self, key: &str) -> Option<Node<'a>> {
        let [f] = self.fields([key]);
        f
    }

    /// A string field of a map (absent when missing or not a string). Needs no index.
    pub fn str_field(self, key: &str) -> Option<&'a str> {
        self.value.get(key).and_then(Value::as_str)
    }

    /// The items of a list (none when the value is not a list).
    pub fn items(self) -> Items<'a> {
        let slice = self.value.as_array().map_or(&[][..], Vec::as_slice);
        Items {
            iter: slice.iter(),
            next_index: self.index + 1,
            tracked: self.tracked,
        }
    }
}

/// The items of a list node, see [`Node::items`].
#[derive(Clone, Debug)]
pub struct Items<'a> {
    iter: std::slice::Iter<'a, Value>,
    next_index: usize,
    tracked: bool,
}

impl<'a> Iterator for Items<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        let value = self.iter.next()?;
        let node = Node {
            value,
            index: self.next_index,
            tracked: self.tracked,
        };
        if self.tracked {
            self.next_index += node_count(value);
        }
        Some(node)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl ExactSizeIterator for Items<'_> {}

/// Items of an optional list node.
fn items_of(node: Option<Node<'_>>) -> Items<'_> {
    match node {
        Some(n) => n.items(),
        None => Node::new(&Value::Null).items(),
    }
}

/// A reference field (`backendRef`, `parentRefs[i]`, `targetRefs[i]`, ...) read with the
/// field's default group and kind.
#[derive(Clone, Copy, Debug)]
pub struct Reference<'a> {
    /// `group`, or the field's default.
    pub group: &'a str,
    /// `kind`, or the field's default.
    pub kind: &'a str,
    /// `namespace`, when written (absent means the referring object's namespace).
    pub namespace: Option<&'a str>,
    /// `name`, when written as a string.
    pub name: Option<&'a str>,
    /// The reference's own node (for positions and further fields).
    pub node: Node<'a>,
}

impl<'a> Reference<'a> {
    /// Reads a reference node with the given defaults for `group` and `kind`.
    pub fn read(node: Node<'a>, default_group: &'a str, default_kind: &'a str) -> Self {
        Reference {
            group: node.str_field("group").unwrap_or(default_group),
            kind: node.str_field("kind").unwrap_or(default_kind),
            namespace: node.str_field("namespace"),
            name: node.str_field("name"),
            node,
        }
    }

    /// True when the reference is to `group`/`kind`.
    pub fn is(&self, group: &str, kind: &str) -> bool {
        self.group == group && self.kind == kind
    }

    /// The node of the `name` field (for its position).
    pub fn name_node(&self) -> Option<Node<'a>> {
        self.node.field("name")
    }

    /// The identity of the referenced object; the namespace defaults to `own_namespace`.
    /// `None` when the reference has no name.
    pub fn object_ref(&self, own_namespace: Option<&str>) -> Option<ObjectRef> {
        let name = self.name?;
        Some(ObjectRef::new(
            self.group,
            self.kind,
            self.namespace.or(own_namespace),
            name,
        ))
    }
}

/// Identity and metadata of any object.
///
/// ```
/// use nrp_llm_config::resources::view::ObjectView;
/// let v = serde_json::json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
///     "metadata": {"name": "b", "namespace": "nrp-llm"}});
/// let o = ObjectView::new(&v);
/// assert_eq!((o.group(), o.kind(), o.namespace(), o.name()),
///            ("gateway.envoyproxy.io", "Backend", Some("nrp-llm"), Some("b")));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ObjectView<'a> {
    root: Node<'a>,
    metadata: Option<Node<'a>>,
    spec: Option<Node<'a>>,
}

impl<'a> ObjectView<'a> {
    /// A view over an object's value.
    pub fn new(value: &'a Value) -> Self {
        Self::at(Node::new(value))
    }

    /// A view over an object's root node (tracked or not).
    pub fn at(root: Node<'a>) -> Self {
        let [metadata, spec] = root.fields(["metadata", "spec"]);
        ObjectView {
            root,
            metadata,
            spec,
        }
    }

    /// The root node.
    pub fn root(&self) -> Node<'a> {
        self.root
    }

    /// `apiVersion`, or `""`.
    pub fn api_version(&self) -> &'a str {
        self.root.str_field("apiVersion").unwrap_or("")
    }

    /// The API group of `apiVersion` (`""` for the core group).
    pub fn group(&self) -> &'a str {
        crate::object_ref::group_of(self.api_version())
    }

    /// `kind`, or `""`.
    pub fn kind(&self) -> &'a str {
        self.root.str_field("kind").unwrap_or("")
    }

    /// True when the object is of `group`/`kind`.
    pub fn is(&self, group: &str, kind: &str) -> bool {
        self.kind() == kind && self.group() == group
    }

    /// The `metadata` node.
    pub fn metadata(&self) -> Option<Node<'a>> {
        self.metadata
    }

    /// The `spec` node.
    pub fn spec(&self) -> Option<Node<'a>> {
        self.spec
    }

    /// `metadata.name`, when a string.
    pub fn name(&self) -> Option<&'a str> {
        self.metadata?.str_field("name")
    }

    /// `metadata.namespace`, when a string.
    pub fn namespace(&self) -> Option<&'a str> {
        self.metadata?.str_field("namespace")
    }

    /// The node of `metadata.name`, else of `metadata`, else the root: where a diagnostic about
    /// the name points.
    pub fn name_node(&self) -> Node<'a> {
        self.metadata
            .and_then(|m| m.field("name"))
            .or(self.metadata)
            .unwrap_or(self.root)
    }

    /// The identity of the object (`None` without a name).
    pub fn object_ref(&self) -> Option<ObjectRef> {
        Some(ObjectRef::new(
            self.group(),
            self.kind(),
            self.namespace(),
            self.name()?,
        ))
    }

    /// `metadata.ownerReferences`.
    pub fn owner_references(&self) -> impl Iterator<Item = OwnerReference<'a>> + use<'a> {
        items_of(self.metadata.and_then(|m| m.field("ownerReferences"))).map(OwnerReference::read)
    }
}
