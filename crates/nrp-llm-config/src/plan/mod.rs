//! Plans: the ordered creates, updates and deletes that turn a current state into a desired one.
//!
//! Objects are matched by identity ([`ObjectRef`]: group, kind, namespace, name). The namespace
//! is taken as given: an object without one is never guessed into `default`; when it has no
//! namespace on one side and exactly one same-named object of its kind exists in a namespace on
//! the other side, that namespace is used for both. They are compared in
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

mod details;
pub(crate) mod diff;
mod html;
mod kubectl;
pub mod normalize;
mod order;
mod render;

#[cfg(test)]
mod tests;

pub use kubectl::shell_quote;
pub use normalize::{ListType, NoSchema, SchemaInfo};

use crate::document::Object;
use crate::path::FieldPath;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use crate::{ConfigSet, Diagnostics, ObjectRef, Release};
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
}

impl PlanOptions {
    /// Backend (`gateway.envoyproxy.io`), AIServiceBackend, BackendSecurityPolicy and
    /// AIGatewayRoute (`aigateway.envoyproxy.io`).
    ///
    /// ```
    /// assert_eq!(nrp_llm_config::plan::PlanOptions::default_managed_kinds().len(), 4);
    /// ```
    pub fn default_managed_kinds() -> Vec<(String, String)> {
        [
            (ENVOY_GATEWAY_GROUP, "Backend"),
            (AI_GATEWAY_GROUP, "AIServiceBackend"),
            (AI_GATEWAY_GROUP, "BackendSecurityPolicy"),
            (AI_GATEWAY_GROUP, "AIGatewayRoute"),
        ]
        .into_iter()
        .map(|(g, k)| (g.to_owned(), k.to_owned()))
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
    /// A policy gained a targetRef.
    TargetAdded,
    /// A policy lost a targetRef.
    TargetRemoved,
    /// Any other field: `path`, with `old` and/or `new` (absent when the field is added or
    /// removed).
    FieldChanged,
    /// An object is deleted because nothing desired needs it.
    NoLongerUsed,
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

/// The changes between two states, in apply order: creates and updates of other managed kinds,
/// Backend, AIServiceBackend, BackendSecurityPolicy, AIGatewayRoute; then deletes in the reverse
/// order; by namespace and name within a kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Changes in apply order.
    pub changes: Vec<Change>,
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

/// Pairs objects that have no namespace on one side with the same object (group, kind, name)
/// in a namespace on the other side, when exactly one such object exists and has no partner of
/// its own. The namespace given on the other side is used for both (and written into the
/// object to apply), so a folder that leaves namespaces to `kubectl apply -n` still matches a
/// live dump.
fn align_namespaces(
    from: &mut BTreeMap<ObjectRef, Cow<'_, Value>>,
    other: &BTreeMap<ObjectRef, Cow<'_, Value>>,
) {
    let unmatched: Vec<ObjectRef> = from
        .keys()
        .filter(|r| r.namespace.is_none() && !other.contains_key(*r))
        .cloned()
        .collect();
    for r in unmatched {
        let candidates: Vec<&ObjectRef> = other
            .keys()
            .filter(|o| {
                o.namespace.is_some()
                    && o.group == r.group
                    && o.kind == r.kind
                    && o.name == r.name
                    && !from.contains_key(*o)
            })
            .collect();
        let [target] = candidates.as_slice() else {
            continue;
        };
        let target = (*target).clone();
        if let Some(v) = from.remove(&r) {
            let mut v = v.into_owned();
            if let (Some(Value::Object(meta)), Some(ns)) =
                (v.get_mut("metadata"), target.namespace.as_ref())
            {
                meta.insert("namespace".to_owned(), Value::String(ns.clone()));
            }
            from.insert(target, Cow::Owned(v));
        }
    }
}

/// Plans `current` → `desired`, using `schema` for CRD defaults and list semantics.
///
/// Refuses a desired state without managed objects ([`PlanError::EmptyDesired`], unless
/// `allow_empty`) and one with validation errors ([`PlanError::InvalidDesired`]; warnings do not
/// block). `current` is not validated: it is whatever the cluster holds.
pub fn plan_with(
    current: &ConfigSet,
    desired: &ConfigSet,
    options: &PlanOptions,
    schema: &dyn SchemaInfo,
) -> Result<Plan, PlanError> {
    let want = managed(desired, options);
    if want.is_empty() && !options.allow_empty {
        return Err(PlanError::EmptyDesired);
    }
    // The desired state is validated while the differences are computed; the differences are
    // thrown away when validation finds errors.
    let (diagnostics, mut changes) = rayon::join(
        || crate::validate::validate(desired, options.release),
        || changes(current, want, options, schema),
    );
    if diagnostics.has_errors() {
        return Err(PlanError::InvalidDesired(diagnostics));
    }
    details::link_moves(&mut changes);
    order::sort_changes(&mut changes);
    Ok(Plan { changes })
}

/// The creates, updates and deletes from `current` to the managed objects `want` of the
/// desired state, unordered.
fn changes(
    current: &ConfigSet,
    want: BTreeMap<ObjectRef, Cow<'_, Value>>,
    options: &PlanOptions,
    schema: &dyn SchemaInfo,
) -> Vec<Change> {
    let mut have = managed(current, options);
    let mut want = want;
    align_namespaces(&mut want, &have);
    align_namespaces(&mut have, &want);
    let mut changes = Vec::new();
    for (r, d) in &want {
        let d: &Value = d;
        let current: Option<&Value> = have.get(r).map(|c| &**c);
        // Identical values normalise identically: most objects of a plan are unchanged, so
        // skip the normal form for them.
        if current.is_some_and(|c| same_value(c, d)) {
            continue;
        }
        let dv = normalize::comparable(d, schema);
        // Details are described on the values as written (without CRD defaults filled in), so
        // that `weight: 1` does not appear on every backend; defaults only decide *whether*
        // something changed.
        let (action, details) = match current {
            None => (
                Action::Create,
                details::create_details(r, &normalize::comparable(d, &NoSchema)),
            ),
            Some(c) => {
                let cv = normalize::comparable(c, schema);
                if cv == dv {
                    continue;
                }
                let d_plain = normalize::comparable(d, &NoSchema);
                let c_plain = normalize::comparable(c, &NoSchema);
                let mut details = details::update_details(r, &c_plain, &d_plain);
                if details.is_empty() {
                    details = details::update_details(r, &cv, &dv);
                }
                (Action::Update, details)
            }
        };
        changes.push(Change {
            action,
            object: r.clone(),
            api_version: api_version(d),
            details,
            desired: Some(normalize::strip_server_fields(d)),
        });
    }
    for (r, c) in &have {
        if want.contains_key(r) {
            continue;
        }
        let cv = normalize::comparable(c, &NoSchema);
        changes.push(Change {
            action: Action::Delete,
            object: r.clone(),
            api_version: api_version(c),
            details: details::delete_details(r, &cv),
            desired: None,
        });
    }
    changes
}

/// `a == b`, walking maps whose keys come in the same order pairwise instead of looking every
/// key up (files written the same way, the usual case); other maps fall back to `==`, which
/// ignores key order.
fn same_value(a: &Value, b: &Value) -> bool {
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

    /// `{"changes": [{action, group, kind, namespace, name, apiVersion, details}], "summary":
    /// {create, update, delete}}`, changes in apply order.
    pub fn to_json(&self) -> serde_json::Value {
        render::to_json(self)
    }

    /// Terraform-like text: a `+`/`~`/`-` line per change, its details indented below, and a
    /// `Plan: N to create, N to update, N to delete.` line (or `No changes.`). ANSI colours only
    /// when `color` is true. Control characters in names and values are escaped.
    pub fn to_text(&self, color: bool) -> String {
        render::to_text(self, color)
    }

    /// A bash script applying the plan in order: `kubectl apply --server-side` with the object
    /// in a quoted heredoc for creates and updates, `kubectl delete ... --ignore-not-found` with
    /// shell-quoted names for deletes.
    pub fn to_kubectl(&self) -> String {
        kubectl::to_kubectl(self)
    }

    /// An HTML table of the changes (one row per change, coloured by action, details in the
    /// last column) and the summary line, for notebooks. Every name and message is
    /// HTML-escaped.
    ///
    /// ```
    /// let p = nrp_llm_config::plan::Plan::default();
    /// assert!(p.to_html().contains("No changes."));
    /// ```
    pub fn to_html(&self) -> String {
        html::to_html(self)
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
