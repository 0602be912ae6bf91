//! Ownership by ApplySet (Kubernetes KEP-3659, as `kubectl apply --prune --applyset` uses it):
//! which live objects a plan may delete.
//!
//! An ApplySet is a parent object — here a `ConfigMap`, by default `nrp-llm-config` in the
//! namespace of the managed objects — labelled `applyset.kubernetes.io/id: <ID>`, and member
//! objects labelled `applyset.kubernetes.io/part-of: <ID>`. The ID is derived from the parent's
//! identity alone ([`applyset_id`]), so two tools that name the same parent agree on it. The
//! kubectl script of a plan applies the parent first and adds the `part-of` label to every
//! object it applies; the files in git need not carry it.
//!
//! A live object (one read from a cluster: it has a `uid` or `resourceVersion`) that DESIRED
//! no longer has is deleted only when it is *owned*: it has no owner reference with
//! `controller: true`, it is in a namespace the ApplySet covers, and it carries this ApplySet's
//! `part-of` label (or none at all, with [`PlanOptions::adopt`]). Objects read from files or a
//! git revision are owned by definition. Everything else is left alone
//! ([`LeftAlone`](super::LeftAlone)), with the reason.

use super::{PlanError, PlanOptions};
use crate::resources::view::ObjectView;
use crate::{ConfigSet, ObjectRef};
use base64::Engine as _;
use serde_json::{Map, Value, json};
use sha2::Digest as _;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The label that makes an object an ApplySet parent; its value is the ApplySet ID.
pub const ID_LABEL: &str = "applyset.kubernetes.io/id";
/// The label that makes an object a member of the ApplySet whose ID is its value.
pub const PART_OF_LABEL: &str = "applyset.kubernetes.io/part-of";
/// The parent annotation naming the tool that manages the ApplySet (`<tool>/<version>`).
pub const TOOLING_ANNOTATION: &str = "applyset.kubernetes.io/tooling";
/// The parent annotation listing the kinds of the members, as sorted `Kind.group` entries
/// separated by commas (`Kind` alone for the core group).
pub const CONTAINS_GROUP_KINDS_ANNOTATION: &str = "applyset.kubernetes.io/contains-group-kinds";
/// The parent annotation listing the namespaces of members other than the parent's own,
/// sorted and separated by commas.
pub const ADDITIONAL_NAMESPACES_ANNOTATION: &str = "applyset.kubernetes.io/additional-namespaces";
/// The name of the parent `ConfigMap` unless another is chosen (`--applyset NAME`).
pub const DEFAULT_NAME: &str = "nrp-llm-config";
/// The tool name written in the [`TOOLING_ANNOTATION`].
pub const TOOL_NAME: &str = "nrp-llm-config";

/// The value of the [`TOOLING_ANNOTATION`]: `nrp-llm-config/<crate version>`.
///
/// ```
/// assert!(nrp_llm_config::plan::applyset::tooling().starts_with("nrp-llm-config/"));
/// ```
pub fn tooling() -> String {
    format!("{TOOL_NAME}/{}", env!("CARGO_PKG_VERSION"))
}

/// The ApplySet ID of a parent object, as KEP-3659 defines it: `applyset-` + the unpadded
/// base64url encoding of the SHA-256 of `<name>.<namespace>.<kind>.<group>` + `-v1` (the group
/// is empty for core kinds, the namespace for cluster-scoped parents).
///
/// ```
/// use nrp_llm_config::plan::applyset::applyset_id;
/// // The value kubectl's own tests give for the Secret parent `test/my-set`.
/// assert_eq!(applyset_id("my-set", "test", "Secret", ""),
///            "applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1");
/// ```
pub fn applyset_id(name: &str, namespace: &str, kind: &str, group: &str) -> String {
    let hash = sha2::Sha256::digest(format!("{name}.{namespace}.{kind}.{group}").as_bytes());
    format!(
        "applyset-{}-v1",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(hash)
    )
}

/// The ApplySet a plan works for: the name of its parent `ConfigMap` and, when known in
/// advance, its namespace.
///
/// Without a namespace, the plan takes it from [`PlanOptions::namespace`], else from the
/// namespace of DESIRED's managed objects when they are all in one, else from a parent of this
/// name found in CURRENT (see [`ApplySetScope`]).
///
/// ```
/// use nrp_llm_config::plan::ApplySet;
/// let set = ApplySet::default();
/// assert_eq!((set.name.as_str(), set.id()), ("nrp-llm-config", None));
/// let set = ApplySet::new("nrp-llm-config").in_namespace("nrp-llm");
/// assert!(set.id().unwrap().starts_with("applyset-"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplySet {
    /// `metadata.name` of the parent `ConfigMap`.
    pub name: String,
    /// `metadata.namespace` of the parent, when fixed in advance.
    pub namespace: Option<String>,
}

impl ApplySet {
    /// An ApplySet whose parent `ConfigMap` is called `name`, namespace left to the plan.
    pub fn new(name: impl Into<String>) -> Self {
        ApplySet {
            name: name.into(),
            namespace: None,
        }
    }

    /// The same ApplySet with its parent in `namespace`.
    #[must_use]
    pub fn in_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// The ApplySet ID ([`applyset_id`] of the `ConfigMap` parent); `None` while the namespace
    /// is not known.
    pub fn id(&self) -> Option<String> {
        self.namespace
            .as_deref()
            .map(|ns| applyset_id(&self.name, ns, "ConfigMap", ""))
    }
}

impl Default for ApplySet {
    fn default() -> Self {
        ApplySet::new(DEFAULT_NAME)
    }
}

/// The ApplySet a plan was made for, resolved: where its parent is, its ID, and the namespaces
/// it covers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplySetScope {
    /// `metadata.name` of the parent `ConfigMap`.
    pub name: String,
    /// `metadata.namespace` of the parent.
    pub namespace: String,
    /// The ApplySet ID, the value of every member's [`PART_OF_LABEL`].
    pub id: String,
    /// The namespaces whose objects the ApplySet covers, sorted: the parent's, those of
    /// DESIRED's managed objects, [`PlanOptions::namespace`], and those the live parent (when
    /// CURRENT holds it) lists in its [`ADDITIONAL_NAMESPACES_ANNOTATION`].
    pub namespaces: Vec<String>,
    /// The member kinds written in the [`CONTAINS_GROUP_KINDS_ANNOTATION`] (`Kind.group`,
    /// sorted): every managed kind, a superset of what the set holds, as KEP-3659 allows.
    pub group_kinds: Vec<String>,
}

impl ApplySetScope {
    /// True when objects in `namespace` are covered.
    pub fn covers(&self, namespace: Option<&str>) -> bool {
        namespace.is_some_and(|ns| self.namespaces.iter().any(|n| n == ns))
    }

    /// The parent `ConfigMap` to apply before the members: the [`ID_LABEL`], and the
    /// [`TOOLING_ANNOTATION`], [`CONTAINS_GROUP_KINDS_ANNOTATION`] and
    /// [`ADDITIONAL_NAMESPACES_ANNOTATION`] (empty when the set has one namespace), as kubectl
    /// writes them.
    pub fn parent(&self) -> Value {
        let additional: Vec<&str> = self
            .namespaces
            .iter()
            .map(String::as_str)
            .filter(|n| *n != self.namespace)
            .collect();
        json!({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": self.name,
                "namespace": self.namespace,
                "labels": {ID_LABEL: self.id},
                "annotations": {
                    TOOLING_ANNOTATION: tooling(),
                    CONTAINS_GROUP_KINDS_ANNOTATION: self.group_kinds.join(","),
                    ADDITIONAL_NAMESPACES_ANNOTATION: additional.join(","),
                },
            },
        })
    }

    /// `object` with this ApplySet's [`PART_OF_LABEL`] set (other labels kept).
    pub fn label(&self, object: &mut Value) {
        let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) else {
            return;
        };
        let labels = meta
            .entry("labels")
            .or_insert_with(|| Value::Object(Map::new()));
        if !labels.is_object() {
            *labels = Value::Object(Map::new());
        }
        if let Value::Object(l) = labels {
            l.insert(PART_OF_LABEL.to_owned(), Value::String(self.id.clone()));
        }
    }
}

/// Why an object that DESIRED does not have is not deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LeftAloneReason {
    /// The object does not carry this ApplySet's `part-of` label: someone else made it (or it
    /// predates the ApplySet; [`PlanOptions::adopt`] takes unlabelled objects over).
    NotOurs {
        /// The `part-of` label it carries instead (another ApplySet), if any.
        part_of: Option<String>,
    },
    /// An owner reference with `controller: true` says a controller manages the object.
    ControllerOwned {
        /// The owner, as `Kind name`.
        owner: String,
    },
    /// The object is in a namespace the ApplySet does not cover.
    OtherNamespace {
        /// The namespaces the ApplySet covers.
        covered: Vec<String>,
    },
}

impl LeftAloneReason {
    /// A stable snake_case code: `not_ours`, `controller_owned` or `other_namespace`.
    pub fn code(&self) -> &'static str {
        match self {
            LeftAloneReason::NotOurs { .. } => "not_ours",
            LeftAloneReason::ControllerOwned { .. } => "controller_owned",
            LeftAloneReason::OtherNamespace { .. } => "other_namespace",
        }
    }
}

impl std::fmt::Display for LeftAloneReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LeftAloneReason::NotOurs { part_of: None } => write!(
                f,
                "not ours: no {PART_OF_LABEL} label (--adopt takes over unlabelled objects)"
            ),
            LeftAloneReason::NotOurs {
                part_of: Some(other),
            } => write!(f, "not ours: part of another ApplySet ({other})"),
            LeftAloneReason::ControllerOwned { owner } => {
                write!(f, "controller-owned: {owner} manages it")
            }
            LeftAloneReason::OtherNamespace { covered } => write!(
                f,
                "other namespace: the ApplySet covers {}",
                if covered.is_empty() {
                    "no namespace".to_owned()
                } else {
                    covered.join(", ")
                }
            ),
        }
    }
}

/// Decides whether a CURRENT object is owned by the plan's ApplySet; `Err` says why not.
/// Objects from files are always owned; live objects need the scope (a live CURRENT without one
/// is refused earlier).
pub(crate) fn ownership(
    object: &Value,
    scope: Option<&ApplySetScope>,
    adopt: bool,
) -> Result<(), LeftAloneReason> {
    let view = ObjectView::new(object);
    if !view.is_live() {
        return Ok(());
    }
    if let Some(owner) = view.controller_owner() {
        return Err(LeftAloneReason::ControllerOwned {
            owner: owner.to_string(),
        });
    }
    let Some(scope) = scope else {
        return Err(LeftAloneReason::NotOurs { part_of: None });
    };
    if !scope.covers(view.namespace()) {
        return Err(LeftAloneReason::OtherNamespace {
            covered: scope.namespaces.clone(),
        });
    }
    match view.label(PART_OF_LABEL) {
        Some(id) if id == scope.id => Ok(()),
        Some(other) => Err(LeftAloneReason::NotOurs {
            part_of: Some(other.to_owned()),
        }),
        None if adopt => Ok(()),
        None => Err(LeftAloneReason::NotOurs { part_of: None }),
    }
}

/// `Kind.group` (`Kind` for the core group), as the contains-group-kinds annotation lists kinds.
fn group_kind(group: &str, kind: &str) -> String {
    if group.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}.{group}")
    }
}

/// A `ConfigMap` in CURRENT that is named as the parent and sits in `namespace`.
fn live_parent<'a>(current: &'a ConfigSet, name: &str, namespace: &str) -> Option<&'a Value> {
    current.objects().iter().map(|o| o.value()).find(|v| {
        let o = ObjectView::new(v);
        o.is("", "ConfigMap") && o.name() == Some(name) && o.namespace() == Some(namespace)
    })
}

/// Resolves the ApplySet of a plan (see [`ApplySet`] for where the namespace comes from).
///
/// `want` are DESIRED's managed objects, namespaces already assigned. `Ok(None)` when the
/// namespace cannot be told and CURRENT holds no live object (a plan between files works
/// without an ApplySet; its kubectl script then labels nothing). With a live CURRENT that is an
/// error, as is a `ConfigMap` of the parent's name in CURRENT that is not this ApplySet's
/// parent.
/// The namespaces an ApplySet parent lists in its [`ADDITIONAL_NAMESPACES_ANNOTATION`]
/// (comma-separated; blanks ignored).
pub fn additional_namespaces(parent: &Value) -> Vec<String> {
    ObjectView::new(parent)
        .annotation(ADDITIONAL_NAMESPACES_ANNOTATION)
        .map(|extra| {
            extra
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn resolve(
    options: &PlanOptions,
    want: &BTreeMap<ObjectRef, Cow<'_, Value>>,
    current: &ConfigSet,
    live_current: bool,
) -> Result<Option<ApplySetScope>, PlanError> {
    let name = options.applyset.name.as_str();
    let desired_namespaces: BTreeSet<&str> =
        want.keys().filter_map(|r| r.namespace.as_deref()).collect();
    let explicit = options
        .applyset
        .namespace
        .as_deref()
        .or(options.namespace.as_deref());
    let namespace = match (explicit, desired_namespaces.len()) {
        (Some(ns), _) => Some(ns.to_owned()),
        (None, 1) => desired_namespaces.first().map(|ns| (*ns).to_owned()),
        (None, _) => {
            // Several namespaces, or none: a parent already in CURRENT decides.
            let candidates: Vec<&str> = current
                .objects()
                .iter()
                .filter_map(|o| {
                    let v = ObjectView::new(o.value());
                    let ns = v.namespace()?;
                    let is_parent = v.is("", "ConfigMap")
                        && v.name() == Some(name)
                        && v.label(ID_LABEL)
                            == Some(applyset_id(name, ns, "ConfigMap", "").as_str())
                        && (desired_namespaces.is_empty() || desired_namespaces.contains(ns));
                    is_parent.then_some(ns)
                })
                .collect();
            match candidates.as_slice() {
                [one] => Some((*one).to_owned()),
                _ => None,
            }
        }
    };
    let Some(namespace) = namespace else {
        if live_current {
            return Err(PlanError::ApplySetNamespace {
                name: name.to_owned(),
                namespaces: desired_namespaces.iter().map(|s| (*s).to_owned()).collect(),
            });
        }
        return Ok(None);
    };
    let id = applyset_id(name, &namespace, "ConfigMap", "");
    let mut namespaces: BTreeSet<String> =
        desired_namespaces.iter().map(|s| (*s).to_owned()).collect();
    namespaces.insert(namespace.clone());
    namespaces.extend(options.namespace.clone());
    if let Some(parent) = live_parent(current, name, &namespace) {
        let view = ObjectView::new(parent);
        let found_tooling = view.annotation(TOOLING_ANNOTATION);
        let tool = found_tooling.map(|t| t.rsplit_once('/').map_or(t, |(tool, _)| tool));
        if view.label(ID_LABEL) != Some(id.as_str()) || tool != Some(TOOL_NAME) {
            return Err(PlanError::ApplySetParent {
                parent: format!("ConfigMap {namespace}/{name}"),
                found: format!(
                    "{ID_LABEL}: {}, {TOOLING_ANNOTATION}: {}",
                    view.label(ID_LABEL).unwrap_or("(absent)"),
                    found_tooling.unwrap_or("(absent)")
                ),
                expected: format!("{ID_LABEL}: {id}, {TOOLING_ANNOTATION}: {}", tooling()),
            });
        }
        namespaces.extend(additional_namespaces(parent));
    }
    let mut group_kinds: Vec<String> = options
        .served_managed_kinds()
        .into_iter()
        .map(|(g, k)| group_kind(g, k))
        .collect();
    group_kinds.sort();
    group_kinds.dedup();
    Ok(Some(ApplySetScope {
        name: name.to_owned(),
        namespace,
        id,
        namespaces: namespaces.into_iter().collect(),
        group_kinds,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ID computed by an independent implementation (Python's hashlib and base64).
    fn python_id(name: &str, namespace: &str) -> String {
        let script = "import base64,hashlib,sys\n\
             h=hashlib.sha256(('%s.%s.ConfigMap.' % (sys.argv[1], sys.argv[2])).encode()).digest()\n\
             print('applyset-' + base64.urlsafe_b64encode(h).decode().rstrip('=') + '-v1')";
        let out = std::process::Command::new("python3")
            .args(["-c", script, name, namespace])
            .output()
            .expect("python3 runs (scripts/test.sh needs it for the bindings too)");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    #[test]
    fn id_matches_kubectl_and_an_independent_computation() {
        // kubectl's apply_test.go: the Secret parent `my-set` in `test`.
        assert_eq!(
            applyset_id("my-set", "test", "Secret", ""),
            "applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1"
        );
        for (name, ns) in [
            ("nrp-llm-config", "nrp-llm"),
            ("nrp-llm-config", "team-payments"),
            ("x", "y"),
        ] {
            let set = ApplySet::new(name).in_namespace(ns);
            assert_eq!(set.id().unwrap(), python_id(name, ns), "{name}.{ns}");
        }
        // A label value: at most 63 characters, alphanumeric at both ends.
        let id = ApplySet::new("nrp-llm-config")
            .in_namespace("nrp-llm")
            .id()
            .unwrap();
        assert!(id.len() <= 63 && id.ends_with("-v1") && !id.contains('='));
    }

    #[test]
    fn parent_and_labels() {
        let scope = ApplySetScope {
            name: "nrp-llm-config".into(),
            namespace: "nrp-llm".into(),
            id: "applyset-x-v1".into(),
            namespaces: vec!["a".into(), "nrp-llm".into(), "z".into()],
            group_kinds: vec![
                "AIGatewayRoute.aigateway.envoyproxy.io".into(),
                "Backend.gateway.envoyproxy.io".into(),
            ],
        };
        let p = scope.parent();
        assert_eq!(p["metadata"]["labels"][ID_LABEL], "applyset-x-v1");
        assert_eq!(
            p["metadata"]["annotations"][CONTAINS_GROUP_KINDS_ANNOTATION],
            "AIGatewayRoute.aigateway.envoyproxy.io,Backend.gateway.envoyproxy.io"
        );
        assert_eq!(
            p["metadata"]["annotations"][ADDITIONAL_NAMESPACES_ANNOTATION],
            "a,z"
        );
        assert!(scope.covers(Some("z")) && !scope.covers(Some("b")) && !scope.covers(None));
        let mut o = json!({"kind": "Backend", "metadata": {"name": "b", "labels": {"k": "v"}}});
        scope.label(&mut o);
        assert_eq!(
            o["metadata"]["labels"],
            json!({"k": "v", PART_OF_LABEL: "applyset-x-v1"})
        );
        let mut o = json!({"kind": "Backend", "metadata": {"name": "b", "labels": null}});
        scope.label(&mut o);
        assert_eq!(
            o["metadata"]["labels"],
            json!({PART_OF_LABEL: "applyset-x-v1"})
        );
        assert_eq!(group_kind("", "ConfigMap"), "ConfigMap");
    }
}
