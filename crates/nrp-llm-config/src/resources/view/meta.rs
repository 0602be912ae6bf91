//! Object metadata: the fields the API server fills in, the fields that tie an object to one
//! cluster, labels and annotations, and owner references.

use super::{Node, ObjectView};
use serde_json::Value;

/// The annotation `kubectl apply` (client side) stores the applied object in.
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// `metadata` fields the API server fills in; never part of a desired state.
pub const SERVER_METADATA_FIELDS: [&str; 6] = [
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
];

/// Returns a copy of an object without the fields the API server populates: `status`, the
/// [`SERVER_METADATA_FIELDS`], the [`LAST_APPLIED_ANNOTATION`], and `labels`/`annotations` maps
/// that are empty (or `null`). Everything else, key order included, is kept. This is the form
/// written to `kubectl apply`, compared by `plan` and read by the catalog importer.
///
/// ```
/// use nrp_llm_config::resources::view::strip_server_fields;
/// let live = serde_json::json!({"kind": "Backend", "metadata": {"name": "b", "uid": "1",
///     "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}}, "status": {}});
/// assert_eq!(
///     serde_json::to_string(&strip_server_fields(&live)).unwrap(),
///     r#"{"kind":"Backend","metadata":{"name":"b"}}"#
/// );
/// ```
pub fn strip_server_fields(object: &Value) -> Value {
    let mut v = object.clone();
    if let Value::Object(top) = &mut v {
        top.remove("status");
        if let Some(Value::Object(meta)) = top.get_mut("metadata") {
            for f in SERVER_METADATA_FIELDS {
                meta.remove(f);
            }
            if let Some(Value::Object(ann)) = meta.get_mut("annotations") {
                ann.remove(LAST_APPLIED_ANNOTATION);
            }
            for m in ["annotations", "labels"] {
                let empty = match meta.get(m) {
                    Some(Value::Object(x)) => x.is_empty(),
                    Some(Value::Null) => true,
                    _ => false,
                };
                if empty {
                    meta.remove(m);
                }
            }
        }
    }
    v
}

/// `metadata` fields that tie an object to its life in one cluster, beyond the
/// [`SERVER_METADATA_FIELDS`]: the owners (`ownerReferences` name their owner by `uid`, and the
/// garbage collector deletes an object whose owner uid does not exist), the finalizers that
/// controllers add and remove, and the deletion markers. A copy of such an object applied
/// elsewhere, or applied again by a tool, must not carry them. See [`strip_cluster_fields`].
pub const CLUSTER_METADATA_FIELDS: [&str; 4] = [
    "ownerReferences",
    "finalizers",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

/// [`strip_server_fields`], and also the [`CLUSTER_METADATA_FIELDS`]: the form of an object read
/// from a cluster dump (`kubectl get -o yaml`) when it is used as a *desired* state. Applying a
/// dumped object as it is would claim the controllers' finalizers for the applying field
/// manager and would copy owner references whose owner uids belong to the dumped cluster (the
/// garbage collector deletes an object whose owners are gone). Labels and annotations other than
/// the last-applied one stay.
///
/// ```
/// use nrp_llm_config::resources::view::strip_cluster_fields;
/// let live = serde_json::json!({"kind": "Backend", "metadata": {"name": "b", "uid": "1",
///     "finalizers": ["aigateway.envoyproxy.io/finalizer"],
///     "ownerReferences": [{"kind": "MCPRoute", "name": "m", "uid": "2", "controller": true}],
///     "labels": {"team": "nrp"}}, "spec": {}});
/// assert_eq!(
///     serde_json::to_string(&strip_cluster_fields(&live)).unwrap(),
///     r#"{"kind":"Backend","metadata":{"name":"b","labels":{"team":"nrp"}},"spec":{}}"#
/// );
/// ```
pub fn strip_cluster_fields(object: &Value) -> Value {
    let mut v = strip_server_fields(object);
    if let Some(Value::Object(meta)) = v.get_mut("metadata") {
        for f in CLUSTER_METADATA_FIELDS {
            meta.remove(f);
        }
    }
    v
}

/// Metadata accessors of any object.
impl<'a> ObjectView<'a> {
    /// `metadata.uid`, when a string.
    pub fn uid(&self) -> Option<&'a str> {
        self.metadata?.str_field("uid")
    }

    /// `metadata.resourceVersion`, when a string.
    pub fn resource_version(&self) -> Option<&'a str> {
        self.metadata?.str_field("resourceVersion")
    }

    /// True when the object was read from a cluster (it has a `metadata.uid` or a
    /// `metadata.resourceVersion`, which only the API server sets), not from files.
    ///
    /// ```
    /// use nrp_llm_config::resources::view::ObjectView;
    /// let live = serde_json::json!({"kind": "Backend", "metadata": {"name": "b", "resourceVersion": "7"}});
    /// let file = serde_json::json!({"kind": "Backend", "metadata": {"name": "b"}});
    /// assert!(ObjectView::new(&live).is_live());
    /// assert!(!ObjectView::new(&file).is_live());
    /// ```
    pub fn is_live(&self) -> bool {
        self.metadata.is_some_and(|m| {
            m.value().get("uid").is_some() || m.value().get("resourceVersion").is_some()
        })
    }

    /// The value of the label `key`, when a string.
    pub fn label(&self, key: &str) -> Option<&'a str> {
        self.metadata?.field("labels")?.str_field(key)
    }

    /// The value of the annotation `key`, when a string.
    pub fn annotation(&self, key: &str) -> Option<&'a str> {
        self.metadata?.field("annotations")?.str_field(key)
    }

    /// The owner reference with `controller: true`, when there is one (the API server allows
    /// at most one): the object is managed by that owner's controller.
    pub fn controller_owner(&self) -> Option<OwnerReference<'a>> {
        self.owner_references().find(|o| o.controller)
    }
}

/// An entry of `metadata.ownerReferences`.
#[derive(Clone, Copy, Debug)]
pub struct OwnerReference<'a> {
    /// `apiVersion` of the owner, or `""`.
    pub api_version: &'a str,
    /// `kind` of the owner, when written.
    pub kind: Option<&'a str>,
    /// `name` of the owner, when written.
    pub name: Option<&'a str>,
    /// `controller: true` (the owner manages this object).
    pub controller: bool,
}

impl<'a> OwnerReference<'a> {
    pub(super) fn read(node: Node<'a>) -> Self {
        OwnerReference {
            api_version: node.str_field("apiVersion").unwrap_or(""),
            kind: node.str_field("kind"),
            name: node.str_field("name"),
            controller: node.value().get("controller").and_then(Value::as_bool) == Some(true),
        }
    }

    /// The API group of the owner's `apiVersion`.
    pub fn group(&self) -> &'a str {
        crate::object_ref::group_of(self.api_version)
    }
}

impl std::fmt::Display for OwnerReference<'_> {
    /// `Kind name` (`?` for what is not written).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}",
            self.kind.unwrap_or("?"),
            self.name.unwrap_or("?")
        )
    }
}
