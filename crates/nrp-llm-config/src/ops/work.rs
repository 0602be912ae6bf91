//! The working copy an operation edits: the objects, the change lines, and the lookups and
//! in-place edits the operations share.

use super::Edited;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::document::Object;
use crate::object_ref::ObjectRef;
use crate::release::Release;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use crate::resources::convert::{AiGatewayVersion, convert_value};
use crate::resources::view::{
    ObjectView, PolicyView, QuotaPolicyView, RouteView, ServiceBackendView,
};
use crate::{ConfigSet, validate};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// The objects being edited and the lines saying what changed.
pub(super) struct Work {
    pub(super) objects: Vec<Object>,
    pub(super) changes: Vec<String>,
    /// The release the result is validated for.
    pub(super) release: Release,
    /// The objects before the operation (their warnings are not the operation's).
    before: ConfigSet,
}

/// Where a rule names a model: the route object, the rule, the matches naming the model and the
/// other model names of the rule.
pub(super) struct ModelRule {
    pub(super) route: usize,
    pub(super) rule: usize,
    pub(super) matches: Vec<usize>,
    pub(super) match_count: usize,
    pub(super) others: Vec<String>,
}

/// A backend a rule sent a model to: the AIServiceBackend (namespace, name) and the model name
/// it received (the override, else the model name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SentTo {
    pub(super) namespace: Option<String>,
    pub(super) backend: String,
    pub(super) model: String,
}

/// One error diagnostic with a hint.
pub(super) fn fail(code: Code, message: impl Into<String>, hint: impl Into<String>) -> Diagnostics {
    Diagnostics::from(vec![Diagnostic::error(code, message).with_hint(hint)])
}

/// "did you mean" for `name` among `candidates`, else the list of candidates (the first 20).
pub(super) fn suggest<'a>(
    name: &str,
    what: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> String {
    let mut all: Vec<&str> = candidates.collect();
    all.sort_unstable();
    all.dedup();
    if let Some(c) = crate::names::closest(name, all.iter().copied()) {
        return format!("did you mean {c:?}?");
    }
    if all.is_empty() {
        return format!("the folder has no {what}");
    }
    let shown: Vec<&str> = all.iter().take(20).copied().collect();
    let more = if all.len() > shown.len() {
        format!(" and {} more", all.len() - shown.len())
    } else {
        String::new()
    };
    format!("{what}: {}{more}", shown.join(", "))
}

/// The list `spec.<key>` of an object, created (with `spec`) when absent; `None` when `spec` is
/// not a map or the field is not a list.
pub(super) fn spec_list<'a>(object: &'a mut Object, key: &str) -> Option<&'a mut Vec<Value>> {
    map_mut(object.value_mut(), "spec")?
        .entry(key)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
}

/// The map at `key` of a map value, created empty when absent; `None` when the value is not a
/// map or the field is not a map.
pub(super) fn map_mut<'a>(value: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    value
        .as_object_mut()?
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// Sets (`Some`, non-empty) or removes (`Some("")`) a string field of a map; returns the old
/// value when it changed.
pub(super) fn set_str(
    map: &mut Map<String, Value>,
    key: &str,
    value: &str,
) -> Option<Option<String>> {
    let old = map.get(key).and_then(Value::as_str).map(str::to_owned);
    if old.as_deref() == Some(value)
        || (old.is_none() && value.is_empty() && !map.contains_key(key))
    {
        return None;
    }
    if value.is_empty() {
        map.shift_remove(key);
    } else {
        map.insert(key.to_owned(), Value::String(value.to_owned()));
    }
    Some(old)
}

/// How an old and new optional value read in a change line.
pub(super) fn shown(v: Option<&str>) -> String {
    v.map_or_else(|| "(none)".to_owned(), |s| format!("{s:?}"))
}

impl Work {
    pub(super) fn new(set: &ConfigSet, release: Release) -> Self {
        Work {
            objects: set.objects().to_vec(),
            changes: Vec::new(),
            release,
            before: set.clone(),
        }
    }

    pub(super) fn note(&mut self, line: impl Into<String>) {
        self.changes.push(line.into());
    }

    pub(super) fn view(&self, i: usize) -> ObjectView<'_> {
        ObjectView::new(self.objects[i].value())
    }

    /// The identity of object `i` (objects without a name are never edited).
    pub(super) fn object_ref(&self, i: usize) -> ObjectRef {
        self.view(i)
            .object_ref()
            .unwrap_or_else(|| ObjectRef::new(self.view(i).group(), self.view(i).kind(), None, ""))
    }

    /// Indices of the objects of `group`/`kind`, in set order.
    pub(super) fn of_kind(&self, group: &str, kind: &str) -> Vec<usize> {
        (0..self.objects.len())
            .filter(|&i| self.view(i).is(group, kind))
            .collect()
    }

    /// The object of `group`/`kind` named `name` in `namespace`.
    pub(super) fn find(
        &self,
        group: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<usize> {
        (0..self.objects.len()).find(|&i| {
            let v = self.view(i);
            v.is(group, kind) && v.namespace() == namespace && v.name() == Some(name)
        })
    }

    /// The AIGatewayRoutes, by namespace and name.
    pub(super) fn routes(&self) -> Vec<usize> {
        let mut r = self.of_kind(AI_GATEWAY_GROUP, "AIGatewayRoute");
        r.sort_by_key(|&i| (self.view(i).namespace(), self.view(i).name()));
        r
    }

    pub(super) fn route_view(&self, i: usize) -> RouteView<'_> {
        RouteView::new(self.view(i).spec())
    }

    /// Every model name the routes serve.
    pub(super) fn model_names(&self) -> Vec<&str> {
        self.routes()
            .into_iter()
            .flat_map(|i| {
                self.route_view(i)
                    .rules()
                    .flat_map(|r| r.model_names().map(|m| m.value).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The rules that name `model`.
    pub(super) fn find_model(&self, model: &str) -> Vec<ModelRule> {
        let mut out = Vec::new();
        for i in self.routes() {
            for (ri, rule) in self.route_view(i).rules().enumerate() {
                let names: Vec<_> = rule.model_names().collect();
                let matches: Vec<usize> = names
                    .iter()
                    .filter(|m| m.value == model)
                    .map(|m| m.match_index)
                    .collect();
                if matches.is_empty() {
                    continue;
                }
                let mut others: Vec<String> = names
                    .iter()
                    .filter(|m| m.value != model)
                    .map(|m| m.value.to_owned())
                    .collect();
                others.dedup();
                out.push(ModelRule {
                    route: i,
                    rule: ri,
                    matches,
                    match_count: rule.matches().count(),
                    others,
                });
            }
        }
        out
    }

    /// The error for a model no rule names.
    pub(super) fn unknown_model(&self, model: &str) -> Diagnostics {
        fail(
            Code::INVALID_REFERENCE,
            format!("no rule routes model {model:?}"),
            suggest(model, "models", self.model_names().into_iter()),
        )
    }

    /// The AIServiceBackends a rule of route `route` sends to, with the model name each
    /// receives.
    pub(super) fn sent_to(&self, route: usize, rule: usize, model: &str) -> Vec<SentTo> {
        let ns = self.view(route).namespace();
        self.route_view(route)
            .rules()
            .nth(rule)
            .map(|r| {
                r.backend_refs()
                    .filter(|b| b.is_ai_service_backend())
                    .filter_map(|b| {
                        Some(SentTo {
                            namespace: b.reference.namespace.or(ns).map(str::to_owned),
                            backend: b.reference.name?.to_owned(),
                            model: b.model_name_override.unwrap_or(model).to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many backendRefs of all rules name the AIServiceBackend `namespace`/`name`.
    pub(super) fn rule_users(&self, namespace: Option<&str>, name: &str) -> usize {
        self.routes()
            .into_iter()
            .map(|i| {
                let ns = self.view(i).namespace();
                self.route_view(i)
                    .rules()
                    .flat_map(|r| r.backend_refs().collect::<Vec<_>>())
                    .filter(|b| {
                        b.is_ai_service_backend()
                            && b.reference.name == Some(name)
                            && b.reference.namespace.or(ns) == namespace
                    })
                    .count()
            })
            .sum()
    }

    /// True when some rule sends the model name `model` to the AIServiceBackend
    /// `namespace`/`name`.
    pub(super) fn sends(&self, namespace: Option<&str>, name: &str, model: &str) -> bool {
        self.routes().into_iter().any(|i| {
            let ns = self.view(i).namespace();
            self.route_view(i).rules().any(|r| {
                let names: Vec<&str> = r.model_names().map(|m| m.value).collect();
                r.backend_refs().any(|b| {
                    b.is_ai_service_backend()
                        && b.reference.name == Some(name)
                        && b.reference.namespace.or(ns) == namespace
                        && match b.model_name_override {
                            Some(o) => o == model,
                            None => names.contains(&model),
                        }
                })
            })
        })
    }

    /// The AIServiceBackend `namespace`/`name`, or an error with the close names.
    pub(super) fn service_backend(
        &self,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<usize, Diagnostics> {
        self.find(AI_GATEWAY_GROUP, "AIServiceBackend", namespace, name)
            .ok_or_else(|| {
                let names: Vec<&str> = self
                    .of_kind(AI_GATEWAY_GROUP, "AIServiceBackend")
                    .into_iter()
                    .filter(|&i| self.view(i).namespace() == namespace)
                    .filter_map(|i| self.view(i).name())
                    .collect();
                fail(
                    Code::INVALID_REFERENCE,
                    format!(
                        "AIServiceBackend {}{name} does not exist",
                        namespace.map(|n| format!("{n}/")).unwrap_or_default()
                    ),
                    suggest(name, "AIServiceBackends", names.into_iter()),
                )
            })
    }

    /// The namespace of the only AIServiceBackend named `name` (`NS/NAME` picks one), or an
    /// error.
    pub(super) fn backend_namespace(
        &self,
        name: &str,
    ) -> Result<(Option<String>, String), Diagnostics> {
        if let Some((ns, n)) = name.split_once('/') {
            self.service_backend(Some(ns), n)?;
            return Ok((Some(ns.to_owned()), n.to_owned()));
        }
        let found: Vec<usize> = self
            .of_kind(AI_GATEWAY_GROUP, "AIServiceBackend")
            .into_iter()
            .filter(|&i| self.view(i).name() == Some(name))
            .collect();
        match found.as_slice() {
            [i] => Ok((
                self.view(*i).namespace().map(str::to_owned),
                name.to_owned(),
            )),
            [] => {
                let names: Vec<&str> = self
                    .of_kind(AI_GATEWAY_GROUP, "AIServiceBackend")
                    .into_iter()
                    .filter_map(|i| self.view(i).name())
                    .collect();
                Err(fail(
                    Code::INVALID_REFERENCE,
                    format!("AIServiceBackend {name} does not exist"),
                    suggest(name, "AIServiceBackends", names.into_iter()),
                ))
            }
            _ => Err(fail(
                Code::INVALID_REFERENCE,
                format!("AIServiceBackend {name} exists in several namespaces"),
                "write NAMESPACE/NAME",
            )),
        }
    }

    /// The `apiVersion` for a new AI Gateway object of `kind`: the version the folder's objects
    /// of that kind use, else the one its other AI Gateway objects use, else `v1alpha1` where
    /// the release serves it.
    pub(super) fn ai_gateway_version(&self, kind: &str) -> AiGatewayVersion {
        let of = |v: &str| match v {
            "aigateway.envoyproxy.io/v1beta1" => Some(AiGatewayVersion::V1beta1),
            "aigateway.envoyproxy.io/v1alpha1" => Some(AiGatewayVersion::V1alpha1),
            _ => None,
        };
        let same = self
            .of_kind(AI_GATEWAY_GROUP, kind)
            .into_iter()
            .find_map(|i| of(self.view(i).api_version()));
        let any = || {
            self.objects
                .iter()
                .filter(|o| o.kind() != "QuotaPolicy")
                .find_map(|o| of(o.api_version()))
        };
        same.or_else(any).unwrap_or_else(|| {
            if self.release.ai_gateway_versions().contains(&"v1alpha1") {
                AiGatewayVersion::V1alpha1
            } else {
                AiGatewayVersion::V1beta1
            }
        })
    }

    /// A new AI Gateway object (built as `v1alpha1`) at the folder's version.
    pub(super) fn at_version(value: Value, to: AiGatewayVersion) -> Value {
        match convert_value(&value, to) {
            Ok(Some(v)) => v,
            // The convenience constructors build shapes both versions have.
            _ => value,
        }
    }

    /// The prefix of generated names: the longest common prefix of the route object names that
    /// ends with `-`, else the catalog default.
    pub(super) fn name_prefix(&self) -> String {
        let names: Vec<&str> = self
            .routes()
            .into_iter()
            .filter_map(|i| self.view(i).name())
            .collect();
        let Some(first) = names.first() else {
            return crate::catalog::DEFAULT_NAME_PREFIX.to_owned();
        };
        let mut len = first.len();
        for n in &names[1..] {
            len = len.min(
                first
                    .bytes()
                    .zip(n.bytes())
                    .take_while(|(a, b)| a == b)
                    .count(),
            );
        }
        match first[..len].rfind('-') {
            Some(end) => first[..=end].to_owned(),
            None => crate::catalog::DEFAULT_NAME_PREFIX.to_owned(),
        }
    }

    /// Inserts a new object after the last object of its kind (else at the end), in
    /// `namespace` (without `metadata.namespace` when `None`, as the objects it goes with).
    pub(super) fn insert(&mut self, mut value: Value, namespace: Option<&str>) -> ObjectRef {
        if namespace.is_none()
            && let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut)
        {
            meta.shift_remove("namespace");
        }
        let object = Object::new(value);
        let view = ObjectView::new(object.value());
        let r = view
            .object_ref()
            .unwrap_or_else(|| ObjectRef::new("", "", None, ""));
        let at = (0..self.objects.len())
            .rev()
            .find(|&i| self.view(i).is(view.group(), view.kind()))
            .map_or(self.objects.len(), |i| i + 1);
        self.objects.insert(at, object);
        r
    }

    /// Removes object `i`, noting why.
    pub(super) fn remove(&mut self, i: usize, why: &str) {
        let r = self.object_ref(i);
        self.objects.remove(i);
        self.note(format!("removed {r} ({why})"));
    }

    /// The policies (BackendSecurityPolicy, QuotaPolicy) in `namespace` whose `targetRefs`
    /// name the AIServiceBackend `name`, with the indices of those targets.
    pub(super) fn policies_targeting(
        &self,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Vec<(usize, Vec<usize>)> {
        self.of_kind(AI_GATEWAY_GROUP, kind)
            .into_iter()
            .filter(|&i| self.view(i).namespace() == namespace)
            .filter_map(|i| {
                let targets: Vec<usize> = PolicyView::new(self.view(i).spec())
                    .target_refs()
                    .filter(|t| {
                        t.reference.is(AI_GATEWAY_GROUP, "AIServiceBackend")
                            && t.reference.name == Some(name)
                    })
                    .map(|t| t.index)
                    .collect();
                (!targets.is_empty()).then_some((i, targets))
            })
            .collect()
    }

    /// Drops the targets naming the AIServiceBackend `namespace`/`name` from every
    /// BackendSecurityPolicy and QuotaPolicy (only the API-key policies when `api_key_only`),
    /// removing a policy left without targets.
    pub(super) fn detach(&mut self, namespace: Option<&str>, name: &str, api_key_only: bool) {
        for kind in ["BackendSecurityPolicy", "QuotaPolicy"] {
            if api_key_only && kind == "QuotaPolicy" {
                continue;
            }
            // Back to front, so removing an object keeps the other indices right.
            let mut found = self.policies_targeting(kind, namespace, name);
            found.reverse();
            for (i, targets) in found {
                if api_key_only
                    && PolicyView::new(self.view(i).spec()).policy_type() != Some("APIKey")
                {
                    continue;
                }
                let left = self.drop_list_items(i, "targetRefs", &targets);
                if left == Some(0) {
                    self.remove(i, "no targets left");
                } else {
                    let r = self.object_ref(i);
                    self.note(format!("removed target AIServiceBackend {name} from {r}"));
                }
            }
        }
    }

    /// Removes the items `indices` of the list `spec.<key>` of object `i`; returns how many are
    /// left (`None` when the field is not a list).
    pub(super) fn drop_list_items(
        &mut self,
        i: usize,
        key: &str,
        indices: &[usize],
    ) -> Option<usize> {
        let spec = map_mut(self.objects[i].value_mut(), "spec")?;
        let list = spec.get_mut(key)?.as_array_mut()?;
        let mut at = 0;
        list.retain(|_| {
            at += 1;
            !indices.contains(&(at - 1))
        });
        Some(list.len())
    }

    /// After the rules that sent `gone` changed or left: removes the AIServiceBackends no rule
    /// uses any more (with their Backends when no other AIServiceBackend uses those, and their
    /// policy targets), and the QuotaPolicy entries for model names no rule sends to a
    /// backend any more.
    pub(super) fn collect(&mut self, gone: &[SentTo]) {
        let mut seen: Vec<(Option<&str>, &str)> = Vec::new();
        for s in gone {
            let key = (s.namespace.as_deref(), s.backend.as_str());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if self.rule_users(key.0, key.1) > 0 {
                continue;
            }
            if let Some(i) = self.find(AI_GATEWAY_GROUP, "AIServiceBackend", key.0, key.1) {
                let backend = ServiceBackendView::new(self.view(i).spec())
                    .backend_ref()
                    .filter(|r| r.is(ENVOY_GATEWAY_GROUP, "Backend"))
                    .and_then(|r| r.object_ref(key.0));
                self.remove(i, "no rule uses it");
                if let Some(b) = backend
                    && !self.backend_used(&b)
                    && let Some(j) = self.find(
                        ENVOY_GATEWAY_GROUP,
                        "Backend",
                        b.namespace.as_deref(),
                        &b.name,
                    )
                {
                    self.remove(j, "no AIServiceBackend uses it");
                }
            }
            self.detach(key.0, key.1, false);
        }
        for s in gone {
            if self.rule_users(s.namespace.as_deref(), &s.backend) > 0 {
                self.prune_quota(s);
            }
        }
    }

    /// True when an AIServiceBackend refers to the Backend `b`.
    fn backend_used(&self, b: &ObjectRef) -> bool {
        self.of_kind(AI_GATEWAY_GROUP, "AIServiceBackend")
            .into_iter()
            .any(|i| {
                let ns = self.view(i).namespace();
                ServiceBackendView::new(self.view(i).spec())
                    .backend_ref()
                    .and_then(|r| r.object_ref(ns))
                    .is_some_and(|r| r == *b)
            })
    }

    /// Drops the per-model quotas for `s.model` from the QuotaPolicies targeting `s.backend`
    /// when no rule sends that name there any more; removes a QuotaPolicy left without quotas.
    fn prune_quota(&mut self, s: &SentTo) {
        let ns = s.namespace.as_deref();
        if self.sends(ns, &s.backend, &s.model) {
            return;
        }
        let mut found = self.policies_targeting("QuotaPolicy", ns, &s.backend);
        found.reverse();
        for (i, _) in found {
            // Another target of the policy may still receive the name.
            let others: Vec<String> = PolicyView::new(self.view(i).spec())
                .target_refs()
                .filter_map(|t| t.reference.name.map(str::to_owned))
                .filter(|n| *n != s.backend)
                .collect();
            if others.iter().any(|o| self.sends(ns, o, &s.model)) {
                continue;
            }
            let entries: Vec<usize> = QuotaPolicyView::new(self.view(i).spec())
                .per_model_quotas()
                .filter(|q| q.model_name == Some(s.model.as_str()))
                .map(|q| q.index)
                .collect();
            if entries.is_empty() {
                continue;
            }
            let left = self.drop_list_items(i, "perModelQuotas", &entries);
            let service_quota = self.view(i).spec().and_then(|sp| sp.field("serviceQuota"));
            if left == Some(0) && service_quota.is_none() {
                self.remove(i, "no quotas left");
            } else {
                let r = self.object_ref(i);
                self.note(format!(
                    "removed the quota for model {:?} from {r}",
                    s.model
                ));
            }
        }
    }

    /// After a rule changed the model name it sends to the backend `s.backend` from `s.model`
    /// to `new`: the per-model quotas for the old name in the QuotaPolicies targeting that
    /// backend follow the new name, when no rule sends the old name there any more and the
    /// policy has no quota for the new name yet (otherwise the old entry is left to
    /// [`Work::collect`]).
    pub(super) fn rename_quota(&mut self, s: &SentTo, new: &str) {
        let ns = s.namespace.as_deref();
        if self.sends(ns, &s.backend, &s.model) {
            return;
        }
        for (i, _) in self.policies_targeting("QuotaPolicy", ns, &s.backend) {
            let quotas: Vec<(usize, Option<&str>)> = QuotaPolicyView::new(self.view(i).spec())
                .per_model_quotas()
                .map(|q| (q.index, q.model_name))
                .collect();
            if quotas.iter().any(|(_, m)| *m == Some(new)) {
                continue;
            }
            let old: Vec<usize> = quotas
                .iter()
                .filter(|(_, m)| *m == Some(s.model.as_str()))
                .map(|(at, _)| *at)
                .collect();
            if old.is_empty() {
                continue;
            }
            let r = self.object_ref(i);
            let Some(list) = spec_list(&mut self.objects[i], "perModelQuotas") else {
                continue;
            };
            for at in old {
                if let Some(entry) = list.get_mut(at).and_then(Value::as_object_mut) {
                    entry.insert("modelName".to_owned(), Value::String(new.to_owned()));
                }
            }
            self.note(format!(
                "{r}: the quota for model {:?} is now for {new:?}",
                s.model
            ));
        }
    }

    /// The new set, validated for the release: any error fails the operation; the warnings the
    /// input did not have are the operation's.
    pub(super) fn finish(self) -> Result<Edited, Diagnostics> {
        let set = ConfigSet::from_objects(self.objects);
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = validate(&set, self.release)
            .into_vec()
            .into_iter()
            .partition(Diagnostic::is_error);
        if !errors.is_empty() {
            return Err(Diagnostics::from(errors));
        }
        let key = |d: &Diagnostic| {
            (
                d.code,
                d.object.clone(),
                d.path.to_string(),
                d.message.clone(),
            )
        };
        let known: HashSet<_> = if warnings.is_empty() {
            HashSet::new()
        } else {
            validate(&self.before, self.release)
                .iter()
                .map(key)
                .collect()
        };
        Ok(Edited {
            set,
            changes: self.changes,
            warnings: warnings
                .into_iter()
                .filter(|d| !known.contains(&key(d)))
                .collect(),
        })
    }
}
