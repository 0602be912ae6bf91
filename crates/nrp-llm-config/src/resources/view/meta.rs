//! Object metadata: the fields the API server fills in, and owner references.

use super::Node;
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
