//! Plans: the ordered creates, updates and deletes that turn a current state into a desired one.
//!
//! Objects are matched by identity ([`ObjectRef`]: group, kind, namespace, name). The namespace
//! is taken as given: an object without one is never guessed into `default`. With
//! [`PlanOptions::namespace`], objects without one get that namespace. Otherwise, between files,
//! when an object has no namespace on one side and exactly one same-named object of its kind
//! exists in a namespace on the other side, that namespace is used for both; against a CURRENT
//! read from a cluster, a DESIRED object without a namespace is refused
//! ([`PlanError::NamespaceRequired`]), never matched by name alone. They are compared in
//! normalised form ([`normalize::comparable`]): server-populated fields dropped, CRD defaults
//! applied, lists compared by their list semantics, and the rules of an `AIGatewayRoute` compared
//! as an unordered collection keyed by model name (the gateway picks a rule by the
//! `x-ai-eg-model` header value, so rule order carries no meaning). So a reformatted folder, or a
//! `kubectl get -o yaml` dump of the same objects, plans as no change.
//!
//! Only the managed kinds ([`PlanOptions::managed_kinds`]) are planned: objects of other kinds
//! (a Gateway, an HTTPRoute) in either state are left alone, and `Secret`s are never planned or
//! printed, even when listed as managed.
//!
//! Deletions are scoped by an ApplySet ([`applyset`]): an object read from a cluster is deleted
//! only when it is this tool's (labelled as a member of the plan's ApplySet, not managed by a
//! controller, in a namespace the ApplySet covers); the others are listed in
//! [`Plan::left_alone`] with the reason. Objects read from files are this tool's by definition.
//! A plan that would delete every owned object of a kind, or more than half of all owned
//! objects, is refused ([`PlanError::MassDelete`]) unless [`PlanOptions::allow_mass_delete`]
//! (a single deletion never is).
//!
//! Changes are applied in four phases ([`phases`]): what the new routes need, the routes,
//! what has to wait until the routes changed (policies dropping targets, routes giving models
//! to other routes), and the deletes. Where one apply per object would leave a model unserved,
//! or a backend without its key, for a moment, the object is first applied in a transitional
//! form ([`Change::transitional`]); [`Plan::steps`] lists every apply in order.
//!
//! A DESIRED object read from a cluster dump is applied without what ties it to that cluster
//! ([`strip_cluster_fields`]: owner references, finalizers, deletion markers), and those fields
//! are not compared for it.
//!
//! ```
//! use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}};
//! use nrp_llm_config::plan::{plan, PlanOptions, Action};
//! let backend = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b, namespace: nrp-llm}\nspec:\n  endpoints:\n  - fqdn: {hostname: a.b, port: PORT}\n";
//! let load = |t: &str| ConfigSet::from_objects(parse_str(t, "x.yaml", &Limits::default()).unwrap());
//! let p = plan(&load(&backend.replace("PORT", "80")), &load(&backend.replace("PORT", "8080")), &PlanOptions::default()).unwrap();
//! assert_eq!(p.changes.len(), 1);
//! assert_eq!(p.changes[0].action, Action::Update);
//! assert!(p.to_text(false).contains("spec.endpoints[0].fqdn.port: 80 → 8080"));
//! ```

pub mod applyset;
mod details;
pub(crate) mod diff;
mod html;
pub(crate) mod kubectl;
mod markdown;
mod namespace;
pub mod normalize;
mod order;
pub mod phases;
mod render;
mod ssa;

#[cfg(test)]
pub(crate) mod test_configs;
#[cfg(test)]
mod tests;

pub use applyset::{ApplySet, ApplySetScope, LeftAloneReason};
pub use kubectl::shell_quote;
pub use normalize::{ListType, NoSchema, SchemaInfo};
pub use phases::{Phase, Step, Transitional};

use crate::document::Object;
use crate::path::FieldPath;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use crate::resources::view::{ObjectView, strip_cluster_fields};
use crate::{ConfigSet, Diagnostics, ObjectRef, Release};
use applyset::PART_OF_LABEL;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The field manager the kubectl script applies with (`--field-manager`).
pub const FIELD_MANAGER: &str = "nrp-llm-config";

/// How to plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    /// The release the desired state is validated for.
    pub release: Release,
    /// Allow a desired state without any managed object (which deletes every managed object).
    pub allow_empty: bool,
    /// The (group, kind) pairs the plan creates, updates and deletes. Everything else is left
    /// alone. Defaults to [`PlanOptions::default_managed_kinds`].
    pub managed_kinds: Vec<(String, String)>,
    /// The ApplySet whose members this plan owns: its parent `ConfigMap` (default
    /// `nrp-llm-config`, in the namespace of the managed objects). Live objects are deleted only
    /// when labelled as its members; the kubectl script applies the parent first and labels
    /// every object it applies.
    pub applyset: ApplySet,
    /// Treat live objects of the managed kinds that carry no ApplySet label at all, in a
    /// namespace the ApplySet covers, as this tool's: for the first run against a cluster whose
    /// objects were applied by hand. Off by default; objects labelled for another ApplySet and
    /// controller-owned objects stay left alone either way.
    pub adopt: bool,
    /// The namespace of the objects that have none in their files (as `kubectl apply -n` would
    /// put them), and the ApplySet's namespace unless [`ApplySet::namespace`] says otherwise.
    /// Needed when DESIRED has objects without a namespace and CURRENT was read from a cluster.
    pub namespace: Option<String>,
    /// Allow a plan that deletes every owned object of a managed kind, or more than half of all
    /// owned objects (refused otherwise: that is what a DESIRED path naming a subfolder, or a
    /// typo, looks like). A plan that deletes a single object is never refused, and an empty
    /// DESIRED allowed by [`PlanOptions::allow_empty`] needs no second permission.
    pub allow_mass_delete: bool,
}

impl PlanOptions {
    /// Backend (`gateway.envoyproxy.io`), AIServiceBackend, BackendSecurityPolicy,
    /// AIGatewayRoute, QuotaPolicy, MCPRoute and GatewayConfig (`aigateway.envoyproxy.io`).
    /// Kinds the release does not serve are left out where the cluster is asked about them
    /// ([`PlanOptions::served_managed_kinds`]).
    ///
    /// ```
    /// assert_eq!(nrp_llm_config::plan::PlanOptions::default_managed_kinds().len(), 7);
    /// ```
    pub fn default_managed_kinds() -> Vec<(String, String)> {
        [
            (ENVOY_GATEWAY_GROUP, "Backend"),
            (AI_GATEWAY_GROUP, "AIServiceBackend"),
            (AI_GATEWAY_GROUP, "BackendSecurityPolicy"),
            (AI_GATEWAY_GROUP, "AIGatewayRoute"),
            (AI_GATEWAY_GROUP, "QuotaPolicy"),
            (AI_GATEWAY_GROUP, "MCPRoute"),
            (AI_GATEWAY_GROUP, "GatewayConfig"),
        ]
        .into_iter()
        .map(|(g, k)| (g.to_owned(), k.to_owned()))
        .collect()
    }

    /// The managed kinds a cluster of [`PlanOptions::release`] can have: an AI Gateway kind
    /// the release does not serve (QuotaPolicy before v0.6, ...) is left out, so that nobody
    /// asks the cluster for a resource type it does not have. `Secret`s are never managed.
    ///
    /// ```
    /// use nrp_llm_config::{Release, plan::PlanOptions};
    /// let mut o = PlanOptions::default();
    /// assert_eq!(o.served_managed_kinds().len(), 7);
    /// o.release = Release::V0_5;
    /// assert!(!o.served_managed_kinds().iter().any(|(_, k)| *k == "QuotaPolicy"));
    /// ```
    pub fn served_managed_kinds(&self) -> Vec<(&str, &str)> {
        let o = crate::oracle::oracle(self.release);
        self.managed_kinds
            .iter()
            .filter(|(g, k)| self.is_managed(g, k))
            .filter(|(g, k)| g != AI_GATEWAY_GROUP || o.knows_kind(g, k))
            .map(|(g, k)| (g.as_str(), k.as_str()))
            .collect()
    }

    /// True when objects of this group and kind are planned. `Secret`s never are.
    pub fn is_managed(&self, group: &str, kind: &str) -> bool {
        !(group.is_empty() && kind == "Secret")
            && self
                .managed_kinds
                .iter()
                .any(|(g, k)| g == group && k == kind)
    }
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self {
            release: Release::default(),
            allow_empty: false,
            managed_kinds: Self::default_managed_kinds(),
            applyset: ApplySet::default(),
            adopt: false,
            namespace: None,
            allow_mass_delete: false,
        }
    }
}

/// What a change does to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The object is new.
    Create,
    /// The object exists and differs.
    Update,
    /// The object exists and is not desired any more.
    Delete,
}

impl Action {
    /// `+`, `~` or `-`.
    pub fn symbol(self) -> char {
        match self {
            Action::Create => '+',
            Action::Update => '~',
            Action::Delete => '-',
        }
    }

    /// `create`, `update` or `delete`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// What a [`Detail`] describes. Serialised in snake_case (`model_added`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DetailKind {
    /// A route now has a rule for this model (`new`: its backends).
    ModelAdded,
    /// A route no longer has a rule for this model (`old`: its backends).
    ModelRemoved,
    /// The model left one route object for another in the same plan (`old`/`new`: the routes).
    ModelMoved,
    /// The backends of a model's rule changed: names, weights or priorities (round robin,
    /// fallback).
    BackendsChanged,
    /// The `modelNameOverride` of one backend of a model's rule changed.
    OverrideChanged,
    /// The `timeouts` of a model's rule changed.
    TimeoutsChanged,
    /// A QuotaPolicy's quota for one model was added, removed or changed (`model`; `old` and
    /// `new`: the `perModelQuotas` entries, absent when added or removed).
    QuotaChanged,
    /// A policy gained a targetRef.
    TargetAdded,
    /// A policy lost a targetRef.
    TargetRemoved,
    /// Any other field: `path`, with `old` and/or `new` (absent when the field is added or
    /// removed).
    FieldChanged,
    /// An object is deleted because nothing desired needs it.
    NoLongerUsed,
    /// An object is deleted (it is not desired) although objects that stay still refer to it;
    /// `new` lists them.
    StillReferenced,
    /// Applying the object changes a field that another field manager owns (`path`; `old`:
    /// that manager): server-side apply would stop on the conflict, so the kubectl script
    /// applies this object with `--force-conflicts`, which makes the field this tool's.
    TakesOver,
    /// A live object gets this plan's ApplySet label (`old`: the label it had, `new`: the
    /// ApplySet ID): it becomes this tool's to update and, later, to delete.
    JoinsApplySet,
}

/// One human-readable fact about a change.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Detail {
    /// What the detail is about.
    pub kind: DetailKind,
    /// The model name (the `x-ai-eg-model` value) for route details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Where in the object; route rules are addressed by model, as `spec.rules[qwen3]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<FieldPath>,
    /// The value before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// One line for people.
    pub message: String,
    /// The whole rule (comparable form) of a model added or removed, so that a model that moves
    /// between route objects can also list what else changed. Dropped once moves are linked.
    #[serde(skip)]
    pub(crate) rule: Option<Value>,
}

/// One create, update or delete.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// What happens.
    pub action: Action,
    /// To which object.
    pub object: ObjectRef,
    /// The apiVersion of the desired object (of the current one for deletes).
    pub api_version: String,
    /// What changes, for people.
    pub details: Vec<Detail>,
    /// The object to apply (server fields dropped), for creates and updates.
    pub desired: Option<Value>,
    /// The phase in which the object reaches its desired form (or is deleted); see
    /// [`phases`].
    pub phase: Phase,
    /// A form applied in an earlier phase, where applying the desired form at once would break
    /// a model ([`phases`]); `None` for most changes.
    pub transitional: Option<Transitional>,
    /// Why the change is applied where it is, when that is not the plain order, for people
    /// (the transitional form, a later apply, a model that goes unserved for a moment).
    pub notes: Vec<String>,
}

/// Counts of changes by action.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Objects created.
    pub create: usize,
    /// Objects updated.
    pub update: usize,
    /// Objects deleted.
    pub delete: usize,
}

/// An object that CURRENT has and DESIRED has not, which the plan does not delete because it
/// is not this tool's (see [`applyset`]). Never a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftAlone {
    /// The object.
    pub object: ObjectRef,
    /// Its apiVersion as read.
    pub api_version: String,
    /// Why it is not deleted.
    pub reason: LeftAloneReason,
}

/// The changes between two states, in apply order: by [`Phase`] (prepare, switch, finish,
/// delete: see [`phases`] for what goes where); within a phase, creates and updates of other
/// managed kinds, Backend, AIServiceBackend, BackendSecurityPolicy, AIGatewayRoute, deletes in
/// the reverse order; by namespace and name within a kind. [`Plan::steps`] lists the applies and
/// deletes, transitional forms included, in the order they run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Changes in apply order (of their desired form), one per object.
    pub changes: Vec<Change>,
    /// Objects absent from DESIRED that the plan leaves alone, with the reason, by identity.
    pub left_alone: Vec<LeftAlone>,
    /// The ApplySet the plan was made for; `None` for a plan between files whose objects name
    /// no namespace (its kubectl script then applies no parent and labels nothing).
    pub applyset: Option<ApplySetScope>,
    /// Live objects of CURRENT compared without `metadata.managedFields` (a dump made without
    /// `--show-managed-fields`), by identity: which fields other managers own could not be
    /// read, so their finalizers, owner references, deletion markers and the labels and
    /// annotations DESIRED does not mention were ignored, and conflicts with other managers
    /// could not be foreseen.
    pub ownership_unknown: Vec<ObjectRef>,
}

/// A plan could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The desired state holds no managed object, so the plan would delete everything.
    #[error(
        "the desired configuration has no AIGatewayRoute, AIServiceBackend, BackendSecurityPolicy or Backend; \
         the plan would delete every managed object. Check the path, or allow an empty desired state \
         (--allow-empty) if that is really intended"
    )]
    EmptyDesired,
    /// The desired state does not validate; nothing was planned.
    #[error("the desired configuration is invalid; nothing was planned:\n{0}")]
    InvalidDesired(Diagnostics),
    /// The plan would delete two objects or more, being every owned object of a kind or more
    /// than half of the owned objects, and [`PlanOptions::allow_mass_delete`] is off.
    #[error(
        "refusing to delete {deletes} of the {owned} objects this tool owns{}: a DESIRED path \
         that names a subfolder or a single file, or has a typo, looks like this. Check DESIRED, \
         or pass --allow-mass-delete if these deletions are intended",
        mass_delete_why(*.deletes, *.owned, .whole_kinds)
    )]
    MassDelete {
        /// Objects the plan would delete.
        deletes: usize,
        /// Objects of CURRENT the plan owns (kept, updated or deleted).
        owned: usize,
        /// The kinds of which every owned object would be deleted.
        whole_kinds: Vec<String>,
    },
    /// DESIRED has objects without a namespace, CURRENT was read from a cluster, and no
    /// [`PlanOptions::namespace`] says where they go.
    #[error(
        "{} in DESIRED {} no metadata.namespace, and CURRENT was read from a cluster: an object is \
         never matched to a live one by name alone. Set metadata.namespace in the file, or pass \
         --namespace NS",
        list_objects(.objects),
        if .objects.len() == 1 { "has" } else { "have" }
    )]
    NamespaceRequired {
        /// The objects without a namespace.
        objects: Vec<ObjectRef>,
    },
    /// The namespace of the ApplySet parent cannot be told: DESIRED's managed objects are in
    /// several namespaces (or none) and CURRENT holds no parent in one of them.
    #[error(
        "cannot tell which namespace the ApplySet parent ConfigMap {name} belongs in (the managed \
         objects of DESIRED are in {}); pass --namespace NS",
        if .namespaces.is_empty() { "no namespace".to_owned() } else { .namespaces.join(", ") }
    )]
    ApplySetNamespace {
        /// The parent's name.
        name: String,
        /// The namespaces of DESIRED's managed objects.
        namespaces: Vec<String>,
    },
    /// CURRENT holds an object where the ApplySet parent belongs that is not this tool's
    /// parent (another tool's ApplySet, or an unrelated `ConfigMap` of that name).
    #[error(
        "{parent} exists but is not this tool's ApplySet parent ({found}; expected {expected}); \
         choose another ApplySet name (--applyset NAME)"
    )]
    ApplySetParent {
        /// The parent object, `ConfigMap namespace/name`.
        parent: String,
        /// Its ID label and tooling annotation as found.
        found: String,
        /// What they should be.
        expected: String,
    },
}

fn mass_delete_why(deletes: usize, owned: usize, whole_kinds: &[String]) -> String {
    let mut why = Vec::new();
    if !whole_kinds.is_empty() {
        why.push(format!("every owned {}", whole_kinds.join(", ")));
    }
    if deletes * 2 > owned {
        why.push("more than half of all".to_owned());
    }
    if why.is_empty() {
        String::new()
    } else {
        format!(" ({})", why.join("; "))
    }
}

/// The first objects of a list for a message, `and N more` after three.
fn list_objects(objects: &[ObjectRef]) -> String {
    let mut s: Vec<String> = objects.iter().take(3).map(ToString::to_string).collect();
    if objects.len() > 3 {
        s.push(format!("and {} more", objects.len() - 3));
    }
    s.join(", ")
}

/// Plans `current` → `desired` comparing objects as written (no CRD defaults or list types);
/// see [`plan_with`].
pub fn plan(
    current: &ConfigSet,
    desired: &ConfigSet,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    plan_with(
        current,
        desired,
        options,
        &OracleSchema(crate::oracle::oracle(options.release)),
    )
}

/// Schema information from the upstream CRDs of a release: CRD defaults and list types.
struct OracleSchema(&'static crate::oracle::Oracle);

impl SchemaInfo for OracleSchema {
    fn apply_defaults(&self, object: &mut Value) {
        self.0.apply_defaults(object);
    }

    fn list_type(&self, api_version: &str, kind: &str, path: &FieldPath) -> Option<ListType> {
        self.0.list_type(api_version, kind, path)
    }

    fn same_content(&self, a: &str, b: &str, kind: &str) -> bool {
        a == b || self.0.same_content(a, b, kind)
    }
}

/// The managed objects of a set by identity, borrowed (the first definition wins).
fn managed<'a>(set: &'a ConfigSet, options: &PlanOptions) -> BTreeMap<ObjectRef, Cow<'a, Value>> {
    let mut out = BTreeMap::new();
    for o in set.objects() {
        let Some(r) = o.object_ref() else { continue };
        if options.is_managed(&r.group, &r.kind) {
            out.entry(r).or_insert(Cow::Borrowed(o.value()));
        }
    }
    out
}

/// Plans `current` → `desired`, using `schema` for CRD defaults and list semantics.
///
/// Refuses a desired state without managed objects when CURRENT has some
/// ([`PlanError::EmptyDesired`], unless `allow_empty`), one with validation errors ([`PlanError::InvalidDesired`]; warnings do not
/// block), namespace-less desired objects against a live CURRENT
/// ([`PlanError::NamespaceRequired`]), an ApplySet it cannot place
/// ([`PlanError::ApplySetNamespace`], [`PlanError::ApplySetParent`]) and mass deletions
/// ([`PlanError::MassDelete`]). `current` is not validated: it is whatever the cluster holds.
pub fn plan_with(
    current: &ConfigSet,
    desired: &ConfigSet,
    options: &PlanOptions,
    schema: &dyn SchemaInfo,
) -> Result<Plan, PlanError> {
    let want = managed(desired, options);
    // With no managed object on either side there is nothing to delete: "No changes".
    if want.is_empty() && !options.allow_empty && !managed(current, options).is_empty() {
        return Err(PlanError::EmptyDesired);
    }
    let live_current = current
        .objects()
        .iter()
        .any(|o| ObjectView::new(o.value()).is_live());
    let want = namespace::assign_namespace(want, options.namespace.as_deref(), live_current)?;
    let scope = applyset::resolve(options, &want, current, live_current)?;
    let allow_all = want.is_empty() && options.allow_empty;
    // The desired state is validated while the differences are computed; the differences are
    // thrown away when validation finds errors.
    let (diagnostics, found) = rayon::join(
        || namespace::validate(desired, options),
        || changes(current, desired, want, options, scope.as_ref(), schema),
    );
    if diagnostics.has_errors() {
        return Err(PlanError::InvalidDesired(diagnostics));
    }
    let Found {
        mut changes,
        left_alone,
        owned,
        ownership_unknown,
    } = found;
    if !options.allow_mass_delete && !allow_all {
        check_mass_delete(&changes, &owned)?;
    }
    details::link_moves(&mut changes);
    mask_current_secrets(&mut changes, current);
    phases::assign(&mut changes, current, options);
    Ok(Plan {
        changes,
        left_alone,
        applyset: scope,
        ownership_unknown,
    })
}

/// DESIRED is validated, so it holds no key where a Secret name belongs; CURRENT (what the
/// cluster holds) may. Such values never appear in a detail: they are masked in its message and
/// in its old and new values.
fn mask_current_secrets(changes: &mut [Change], current: &ConfigSet) {
    let values: Vec<String> = current
        .objects()
        .iter()
        .flat_map(|o| crate::secrets::secret_literals(o.value()))
        .map(|(_, v)| v)
        .collect();
    if values.is_empty() {
        return;
    }
    for d in changes.iter_mut().flat_map(|c| c.details.iter_mut()) {
        d.message = crate::secrets::mask_values(&d.message, &values);
        for v in [d.old.as_mut(), d.new.as_mut()].into_iter().flatten() {
            crate::secrets::mask_json(v, &values);
        }
    }
}

/// Refuses a plan that deletes two objects or more, and every owned object of a kind or more
/// than half of all owned objects. `owned` counts CURRENT's owned objects by (group, kind).
fn check_mass_delete(
    changes: &[Change],
    owned: &BTreeMap<(String, String), usize>,
) -> Result<(), PlanError> {
    let mut deleted: BTreeMap<(String, String), usize> = BTreeMap::new();
    for c in changes.iter().filter(|c| c.action == Action::Delete) {
        *deleted
            .entry((c.object.group.clone(), c.object.kind.clone()))
            .or_default() += 1;
    }
    let deletes: usize = deleted.values().sum();
    let total: usize = owned.values().sum();
    let whole_kinds: Vec<String> = deleted
        .iter()
        .filter(|(k, n)| owned.get(*k) == Some(*n))
        .map(|((_, kind), _)| kind.clone())
        .collect();
    // One deletion is never a mass deletion (removing the only policy, or a one-object set).
    if deletes < 2 || (whole_kinds.is_empty() && deletes * 2 <= total) {
        return Ok(());
    }
    Err(PlanError::MassDelete {
        deletes,
        owned: total,
        whole_kinds,
    })
}

/// What [`changes`] finds: the changes (unordered), what is left alone, and how many objects
/// of CURRENT the plan owns per (group, kind).
struct Found {
    changes: Vec<Change>,
    left_alone: Vec<LeftAlone>,
    owned: BTreeMap<(String, String), usize>,
    ownership_unknown: Vec<ObjectRef>,
}

/// `v` without the ApplySet `part-of` label (and without a `labels` map it leaves empty);
/// borrowed when it has none. Membership is compared separately.
fn without_part_of(v: &Value) -> Cow<'_, Value> {
    if ObjectView::new(v).label(PART_OF_LABEL).is_none() {
        return Cow::Borrowed(v);
    }
    let mut v = v.clone();
    if let Some(Value::Object(meta)) = v.get_mut("metadata") {
        let empty = match meta.get_mut("labels") {
            Some(Value::Object(labels)) => {
                labels.remove(PART_OF_LABEL);
                labels.is_empty()
            }
            _ => false,
        };
        if empty {
            meta.remove("labels");
        }
    }
    Cow::Owned(v)
}

/// The form an object is compared in before normalising: without the ApplySet label (compared
/// on its own), and, when DESIRED came from a cluster dump, without the
/// [`strip_cluster_fields`] fields (they are not applied, so they are no difference).
fn compared_form(v: &Value, from_dump: bool) -> Cow<'_, Value> {
    let v = without_part_of(v);
    if from_dump {
        Cow::Owned(strip_cluster_fields(&v))
    } else {
        v
    }
}

/// The creates, updates and deletes from `current` to the managed objects `want` of the
/// desired state, unordered, and what is left alone.
fn changes(
    current: &ConfigSet,
    desired: &ConfigSet,
    want: BTreeMap<ObjectRef, Cow<'_, Value>>,
    options: &PlanOptions,
    scope: Option<&ApplySetScope>,
    schema: &dyn SchemaInfo,
) -> Found {
    let mut have = managed(current, options);
    if let Some(ns) = options.namespace.as_deref() {
        // Objects from files without a namespace; live objects always have one.
        have = namespace::fill_namespace(have, ns);
    }
    let mut want = want;
    namespace::align_namespaces(&mut want, &have);
    namespace::align_namespaces(&mut have, &want);
    let mut changes = Vec::new();
    let mut owned: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut ownership_unknown = Vec::new();
    for (r, d) in &want {
        let d: &Value = d;
        let current: Option<&Value> = have.get(r).map(|c| &**c);
        if current.is_some() {
            *owned.entry((r.group.clone(), r.kind.clone())).or_default() += 1;
        }
        // A live object joins the ApplySet when it does not carry its label yet.
        let joins = match (scope, current) {
            (Some(s), Some(c)) => {
                let c = ObjectView::new(c);
                c.is_live() && c.label(PART_OF_LABEL) != Some(s.id.as_str())
            }
            _ => false,
        };
        // A DESIRED object read from a cluster dump: what ties it to that cluster is neither
        // applied nor compared.
        let from_dump = ObjectView::new(d).is_live();
        let dc = compared_form(d, from_dump);
        // A live object is compared as server-side apply would change it (see [`ssa`]): on
        // the fields DESIRED sets and the fields this tool's manager owns.
        let projection = current
            .filter(|c| ObjectView::new(c).is_live())
            .map(|c| ssa::project(c, &dc, schema));
        if projection.as_ref().is_some_and(|p| !p.ownership_known) {
            ownership_unknown.push(r.clone());
        }
        let cc = match (&projection, current) {
            (Some(p), _) => Some(Cow::Owned(compared_form(&p.value, from_dump).into_owned())),
            (None, c) => c.map(|c| compared_form(c, from_dump)),
        }
        .map(|c| with_version_of(c, &dc, schema));
        // Identical values normalise identically: most objects of a plan are unchanged, so
        // skip the normal form for them.
        if !joins && cc.as_deref().is_some_and(|c| same_value(c, &dc)) {
            continue;
        }
        let dv = normalize::comparable(&dc, schema);
        // Details are described on the values as written (without CRD defaults filled in), so
        // that `weight: 1` does not appear on every backend; defaults only decide *whether*
        // something changed.
        let (action, mut details) = match cc.as_deref() {
            None => (
                Action::Create,
                details::create_details(r, &normalize::comparable(&dc, &NoSchema)),
            ),
            Some(c) => {
                let cv = normalize::comparable(c, schema);
                if cv == dv && !joins {
                    continue;
                }
                let mut details = Vec::new();
                if cv != dv {
                    let d_plain = normalize::comparable(&dc, &NoSchema);
                    let c_plain = normalize::comparable(c, &NoSchema);
                    details = details::update_details(r, &c_plain, &d_plain);
                    if details.is_empty() {
                        details = details::update_details(r, &cv, &dv);
                    }
                }
                (Action::Update, details)
            }
        };
        if joins && let (Some(s), Some(c)) = (scope, current) {
            details.push(details::joins_detail(
                s,
                ObjectView::new(c).label(PART_OF_LABEL),
            ));
        }
        if let Some(p) = &projection {
            details.extend(
                p.takes_over
                    .iter()
                    .map(|(path, manager)| details::takes_over_detail(path, manager)),
            );
        }
        let mut apply = if from_dump {
            strip_cluster_fields(d)
        } else {
            normalize::strip_server_fields(d)
        };
        if let Some(s) = scope {
            s.label(&mut apply);
        }
        changes.push(Change {
            action,
            object: r.clone(),
            api_version: api_version(d),
            details,
            desired: Some(apply),
            phase: Phase::Prepare,
            transitional: None,
            notes: Vec::new(),
        });
    }
    let mut left_alone = Vec::new();
    let mut deletes: Vec<(&ObjectRef, &Value)> = Vec::new();
    for (r, c) in &have {
        if want.contains_key(r) {
            continue;
        }
        match applyset::ownership(c, scope, options.adopt) {
            Ok(()) => {
                *owned.entry((r.group.clone(), r.kind.clone())).or_default() += 1;
                deletes.push((r, c));
            }
            Err(reason) => left_alone.push(LeftAlone {
                object: r.clone(),
                api_version: api_version(c),
                reason,
            }),
        }
    }
    let referrers = details::referrers(
        &deletes.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
        current,
        desired,
        &want,
        options,
    );
    for (r, c) in deletes {
        let cv = normalize::comparable(c, &NoSchema);
        changes.push(Change {
            action: Action::Delete,
            object: r.clone(),
            api_version: api_version(c),
            details: details::delete_details(
                r,
                &cv,
                referrers.get(r).map_or(&[][..], Vec::as_slice),
            ),
            desired: None,
            phase: Phase::Delete,
            transitional: None,
            notes: Vec::new(),
        });
    }
    Found {
        changes,
        left_alone,
        owned,
        ownership_unknown,
    }
}

/// `current` with the `apiVersion` of `desired` when the release serves both versions of the
/// kind with conversion `None` ([`SchemaInfo::same_content`]): the API server stores the same
/// object either way, so `v1beta1` read from a cluster and `v1alpha1` in a file are no change.
fn with_version_of<'a>(
    current: Cow<'a, Value>,
    desired: &Value,
    schema: &dyn SchemaInfo,
) -> Cow<'a, Value> {
    let (Some(c), Some(d), Some(kind)) = (
        current.get("apiVersion").and_then(Value::as_str),
        desired.get("apiVersion").and_then(Value::as_str),
        desired.get("kind").and_then(Value::as_str),
    ) else {
        return current;
    };
    if c == d || !schema.same_content(c, d, kind) {
        return current;
    }
    let d = d.to_owned();
    let mut current = current.into_owned();
    current["apiVersion"] = Value::String(d);
    Cow::Owned(current)
}

/// `a == b`, walking maps whose keys come in the same order pairwise instead of looking every
/// key up (files written the same way, the usual case); other maps fall back to `==`, which
/// ignores key order.
fn same_value(a: &Value, b: &Value) -> bool {
    // One tree shared by both states (see `Source::load`): nothing to walk.
    if std::ptr::eq(a, b) {
        return true;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if x.keys().zip(y.keys()).all(|(k, l)| k == l) {
                x.values().zip(y.values()).all(|(v, w)| same_value(v, w))
            } else {
                x == y
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_value(v, w))
        }
        _ => a == b,
    }
}

fn api_version(v: &Value) -> String {
    v.get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

impl Change {
    /// The fields this change takes from other field managers, with the manager
    /// ([`DetailKind::TakesOver`] details). Non-empty only for updates of live objects read with
    /// their `managedFields`.
    pub fn takes_over(&self) -> impl Iterator<Item = (&FieldPath, &str)> {
        self.details
            .iter()
            .filter(|d| d.kind == DetailKind::TakesOver)
            .filter_map(|d| Some((d.path.as_ref()?, d.old.as_ref()?.as_str()?)))
    }
}

impl Plan {
    /// True when there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Counts of creates, updates and deletes.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            match c.action {
                Action::Create => s.create += 1,
                Action::Update => s.update += 1,
                Action::Delete => s.delete += 1,
            }
        }
        s
    }

    /// `{"changes": [{action, group, kind, namespace, name, apiVersion, phase, details,
    /// notes}], "steps": [{phase, change, action, group, kind, namespace, name, transitional}],
    /// "summary": {create, update, delete}, "leftAlone": [{group, kind, namespace, name,
    /// apiVersion, reason, message}], "applyset": {name, namespace, id, namespaces, groupKinds}
    /// | null}`, changes in apply order, `steps` as [`Plan::steps`] (`change` is an index into
    /// `changes`); `phase` is a [`Phase::as_str`], `reason` a [`LeftAloneReason::code`].
    pub fn to_json(&self) -> serde_json::Value {
        render::to_json(self)
    }

    /// Terraform-like text: per phase that has changes, a header (`Phase 1, prepare (before the
    /// routes change):`) and a `+`/`~`/`-` line per change, its details indented below and its
    /// notes after `↳`; then the objects left alone with their reasons (when there are any),
    /// and a `Plan: N to create, N to update, N to delete.` line (or `No changes.`). ANSI
    /// colours only when `color` is true. Control characters in names and values are escaped.
    pub fn to_text(&self, color: bool) -> String {
        render::to_text(self, color)
    }

    /// A bash script applying the plan step by step ([`Plan::steps`]): first the ApplySet
    /// parent (when the plan has an ApplySet and any change), then per phase a comment and its
    /// steps: `kubectl apply --server-side` with the object (labelled as an ApplySet member,
    /// transitional or desired form) in a quoted heredoc for creates and updates (with
    /// `--force-conflicts` only for objects that take fields over from another field manager,
    /// [`Change::takes_over`]), `kubectl delete ... --ignore-not-found` with shell-quoted names
    /// for deletes, each after a comment naming the change (and saying so for a transitional
    /// form); the objects left alone as
    /// comments at the end.
    pub fn to_kubectl(&self) -> String {
        kubectl::to_kubectl(self)
    }

    /// Markdown for reviewers (a merge-request comment): a heading with the counts, a table of
    /// the changes in apply order with their phase, then per change its details, with what a
    /// create creates (endpoints, models and their backends, upstream model names, timeouts,
    /// policy targets); long values folded into `<details>`; names and values escaped.
    ///
    /// ```
    /// let p = nrp_llm_config::plan::Plan::default();
    /// assert_eq!(p.to_markdown(), "### nrp-llm-config plan: no changes\n");
    /// ```
    pub fn to_markdown(&self) -> String {
        markdown::to_markdown(self)
    }

    /// An HTML table of the changes (one row per change, coloured by action, with its phase,
    /// details and notes in the last column) and the summary line, for notebooks. Every name and
    /// message is HTML-escaped.
    ///
    /// ```
    /// let p = nrp_llm_config::plan::Plan::default();
    /// assert!(p.to_html().contains("No changes."));
    /// ```
    pub fn to_html(&self) -> String {
        html::to_html(self)
    }

    /// The applies and deletes in the order they run: per phase, the changes whose desired
    /// form (or delete) belongs to it in the order of [`Plan::changes`], then the transitional
    /// forms applied in it. A change with a [`Change::transitional`] form has two steps.
    ///
    /// ```
    /// use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}};
    /// use nrp_llm_config::plan::{plan, Phase, PlanOptions};
    /// let backend = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b, namespace: nrp-llm}\nspec:\n  endpoints:\n  - fqdn: {hostname: a.b, port: PORT}\n";
    /// let load = |t: &str| ConfigSet::from_objects(parse_str(t, "x.yaml", &Limits::default()).unwrap());
    /// let p = plan(&load(&backend.replace("PORT", "80")), &load(&backend.replace("PORT", "8080")), &PlanOptions::default()).unwrap();
    /// let steps = p.steps();
    /// assert_eq!(steps.len(), 1);
    /// assert_eq!((steps[0].phase, steps[0].transitional), (Phase::Prepare, false));
    /// assert_eq!(steps[0].object(), p.changes[0].desired.as_ref());
    /// ```
    pub fn steps(&self) -> Vec<Step<'_>> {
        phases::steps(&self.changes)
    }

    /// The state after applying the plan to `set`: deleted objects removed, updated ones
    /// replaced by their desired form, created ones (and updates whose object `set` does not
    /// hold under that identity) appended. Objects the plan does not touch
    /// are kept as they are.
    pub fn apply_to(&self, set: &ConfigSet) -> ConfigSet {
        let by_ref: HashMap<&ObjectRef, &Change> =
            self.changes.iter().map(|c| (&c.object, c)).collect();
        let mut done: HashSet<&ObjectRef> = HashSet::new();
        let mut out: Vec<Object> = Vec::with_capacity(set.len());
        for o in set.objects() {
            match o.object_ref().and_then(|r| by_ref.get(&r).copied()) {
                None => out.push(o.clone()),
                Some(c) => {
                    done.insert(&c.object);
                    match (c.action, &c.desired) {
                        (Action::Delete, _) => {}
                        (_, Some(d)) => out.push(Object::new(d.clone())),
                        (_, None) => out.push(o.clone()),
                    }
                }
            }
        }
        for c in &self.changes {
            if c.action != Action::Delete
                && !done.contains(&c.object)
                && let Some(d) = &c.desired
            {
                out.push(Object::new(d.clone()));
            }
        }
        ConfigSet::from_objects(out)
    }
}

impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text(false))
    }
}
