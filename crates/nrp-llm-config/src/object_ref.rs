//! Object identity: API group, kind, namespace and name.

use std::fmt;
use std::hash::BuildHasher;

/// Identifies one Kubernetes object. Two objects are the same object when group, kind, namespace
/// and name agree; the API version is not part of the identity (an AIGatewayRoute read as
/// `v1alpha1` and as `v1beta1` is one object).
///
/// ```
/// use nrp_llm_config::ObjectRef;
/// let r = ObjectRef::new("aigateway.envoyproxy.io", "AIServiceBackend", Some("nrp-llm"), "qwen");
/// assert_eq!(r.to_string(), "AIServiceBackend nrp-llm/qwen");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ObjectRef {
    /// API group (`""` for the core group).
    pub group: String,
    /// Kind, exactly as written in `kind:`.
    pub kind: String,
    /// Namespace; `None` for cluster-scoped objects or when the document does not say.
    pub namespace: Option<String>,
    /// `metadata.name`.
    pub name: String,
}

impl ObjectRef {
    /// Creates a reference.
    pub fn new(
        group: impl Into<String>,
        kind: impl Into<String>,
        namespace: Option<&str>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            group: group.into(),
            kind: kind.into(),
            namespace: namespace.map(str::to_owned),
            name: name.into(),
        }
    }

    /// Reads the identity of a JSON object (`apiVersion`, `kind`, `metadata.namespace`,
    /// `metadata.name`). Returns `None` when `kind` or `metadata.name` is missing.
    ///
    /// ```
    /// use nrp_llm_config::ObjectRef;
    /// let v = serde_json::json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
    ///     "metadata": {"name": "b", "namespace": "nrp-llm"}});
    /// let r = ObjectRef::from_value(&v).unwrap();
    /// assert_eq!(r.group, "gateway.envoyproxy.io");
    /// ```
    pub fn from_value(value: &serde_json::Value) -> Option<Self> {
        RefKey::of(value).map(|k| k.to_owned())
    }

    /// What a diagnostic knows of an object without `metadata.name`: its group, kind and
    /// namespace, with an empty name (shown as `(no name)`, and as a JSON `null` name). `None`
    /// when `kind` is missing too, or when the object has a name (use [`ObjectRef::from_value`]).
    ///
    /// ```
    /// use nrp_llm_config::ObjectRef;
    /// let v = serde_json::json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"namespace": "ns"}});
    /// assert_eq!(ObjectRef::unnamed(&v).unwrap().to_string(), "Secret ns/(no name)");
    /// ```
    pub fn unnamed(value: &serde_json::Value) -> Option<Self> {
        let kind = value.get("kind")?.as_str()?;
        if kind.is_empty()
            || value
                .pointer("/metadata/name")
                .is_some_and(|n| n.is_string())
        {
            return None;
        }
        let api_version = value.get("apiVersion").and_then(serde_json::Value::as_str);
        Some(Self::new(
            api_version.map(group_of).unwrap_or_default(),
            kind,
            value
                .pointer("/metadata/namespace")
                .and_then(serde_json::Value::as_str),
            "",
        ))
    }

    /// The identity borrowed from this reference, to look it up where objects are indexed by
    /// [`RefKey`].
    pub(crate) fn key(&self) -> RefKey<'_> {
        RefKey {
            group: &self.group,
            kind: &self.kind,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }

    /// `namespace/name`, or just `name` without a namespace.
    pub fn qualified_name(&self) -> String {
        let name = if self.name.is_empty() {
            "(no name)"
        } else {
            &self.name
        };
        match &self.namespace {
            Some(ns) => format!("{ns}/{name}"),
            None => name.to_owned(),
        }
    }
}

/// An [`ObjectRef`] borrowed from the object it identifies: reading it allocates nothing, so an
/// index of many objects needs no owned copy of every identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RefKey<'a> {
    pub(crate) group: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) namespace: Option<&'a str>,
    pub(crate) name: &'a str,
}

impl<'a> RefKey<'a> {
    /// The identity of a JSON object, read as [`ObjectRef::from_value`] reads it.
    pub(crate) fn of(value: &'a serde_json::Value) -> Option<Self> {
        let kind = value.get("kind")?.as_str()?;
        let meta = value.get("metadata")?;
        let name = meta.get("name")?.as_str()?;
        let namespace = meta.get("namespace").and_then(serde_json::Value::as_str);
        let api_version = value
            .get("apiVersion")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("");
        Some(Self {
            group: group_of(api_version),
            kind,
            namespace,
            name,
        })
    }

    /// The owned reference.
    pub(crate) fn to_owned(self) -> ObjectRef {
        ObjectRef::new(self.group, self.kind, self.namespace, self.name)
    }

    /// The hash indexes of objects use: one seed for the whole process (chosen at random when
    /// first needed), so a hash taken when an object is read holds for every set it goes into.
    pub(crate) fn hash(self) -> u64 {
        static STATE: std::sync::OnceLock<hashbrown::DefaultHashBuilder> =
            std::sync::OnceLock::new();
        STATE.get_or_init(Default::default).hash_one(self)
    }
}

/// The group part of an `apiVersion` (`""` for `v1`).
///
/// ```
/// assert_eq!(nrp_llm_config::object_ref::group_of("aigateway.envoyproxy.io/v1beta1"), "aigateway.envoyproxy.io");
/// assert_eq!(nrp_llm_config::object_ref::group_of("v1"), "");
/// ```
pub fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

/// The version part of an `apiVersion`.
///
/// ```
/// assert_eq!(nrp_llm_config::object_ref::version_of("aigateway.envoyproxy.io/v1beta1"), "v1beta1");
/// ```
pub fn version_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or(api_version, |(_, v)| v)
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.qualified_name())
    }
}
