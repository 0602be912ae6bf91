//! Namespaces of objects whose files name none: given by `--namespace`, taken from the other
//! side between files, refused against a live cluster.

use super::{PlanError, PlanOptions};
use crate::document::Object;
use crate::{ConfigSet, ObjectRef};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Gives DESIRED's objects without a namespace `namespace` (see [`fill_namespace`]). Without
/// one, such objects are refused when CURRENT was read from a cluster, and kept as they are
/// otherwise.
pub(super) fn assign_namespace<'a>(
    set: BTreeMap<ObjectRef, Cow<'a, Value>>,
    namespace: Option<&str>,
    live_current: bool,
) -> Result<BTreeMap<ObjectRef, Cow<'a, Value>>, PlanError> {
    match namespace {
        Some(ns) => Ok(fill_namespace(set, ns)),
        None if live_current => {
            let missing: Vec<ObjectRef> = set
                .keys()
                .filter(|r| r.namespace.is_none())
                .cloned()
                .collect();
            if missing.is_empty() {
                Ok(set)
            } else {
                Err(PlanError::NamespaceRequired { objects: missing })
            }
        }
        None => Ok(set),
    }
}

/// Gives the objects without a namespace `ns`, written into the object; the other objects keep
/// theirs (an object already defined in `ns` under the same name wins).
pub(super) fn fill_namespace<'a>(
    mut set: BTreeMap<ObjectRef, Cow<'a, Value>>,
    ns: &str,
) -> BTreeMap<ObjectRef, Cow<'a, Value>> {
    let missing: Vec<ObjectRef> = set
        .keys()
        .filter(|r| r.namespace.is_none())
        .cloned()
        .collect();
    for r in missing {
        let Some(v) = set.remove(&r) else { continue };
        let target = ObjectRef {
            namespace: Some(ns.to_owned()),
            ..r
        };
        set.entry(target)
            .or_insert_with(|| Cow::Owned(with_namespace(v.into_owned(), ns)));
    }
    set
}

/// `v` with `metadata.namespace` set.
fn with_namespace(mut v: Value, ns: &str) -> Value {
    if let Some(Value::Object(meta)) = v.get_mut("metadata") {
        meta.insert("namespace".to_owned(), Value::String(ns.to_owned()));
    }
    v
}

/// Pairs objects that have no namespace on one side with the same object (group, kind, name)
/// in a namespace on the other side, when exactly one such object exists and has no partner of
/// its own. The namespace given on the other side is used for both (and written into the
/// object to apply), so a folder that leaves namespaces to `kubectl apply -n` still matches
/// another folder that names them. Only between files: against a live CURRENT, DESIRED objects
/// without a namespace are refused or given [`PlanOptions::namespace`] first
/// ([`assign_namespace`]).
pub(super) fn align_namespaces(
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

/// DESIRED as validation must see it when [`PlanOptions::namespace`] fills in namespaces: a copy
/// with `ns` written into every namespaced object that names none (as `kubectl apply -n` would
/// place it, so references between such objects resolve), source positions kept (the new
/// `metadata.namespace` points at `metadata`). `None` when nothing needs it. The copy knows
/// nothing of the files `desired` could not read: see [`validate`].
fn for_validation(desired: &ConfigSet, ns: Option<&str>) -> Option<ConfigSet> {
    let ns = ns?;
    if !desired.objects().iter().any(Object::lacks_namespace) {
        return None;
    }
    let objects = desired.objects().iter().map(|o| o.in_namespace(ns));
    Some(ConfigSet::from_objects(objects))
}

/// Validates DESIRED for `release`, with the namespace of [`PlanOptions::namespace`] filled in
/// where objects name none ([`for_validation`]); the problems found while loading `desired`
/// are reported either way.
pub(super) fn validate(desired: &ConfigSet, options: &PlanOptions) -> crate::Diagnostics {
    let Some(copy) = for_validation(desired, options.namespace.as_deref()) else {
        return crate::validate::validate(desired, options.release);
    };
    let found = crate::validate::validate(&copy, options.release);
    desired
        .problems()
        .iter()
        .filter(|p| !copy.problems().contains(p))
        .cloned()
        .chain(found)
        .collect()
}
