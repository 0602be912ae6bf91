//! `set_model`: change the backends, upstream model, owner or timeout of a model's rule.

use super::Edited;
use super::work::{SentTo, Work, fail, map_mut, set_str, shown};
use crate::ConfigSet;
use crate::diagnostic::{Code, Diagnostics};
use crate::release::Release;
use crate::resources::common::AiGatewayRouteRuleBackendRef;
use serde_json::{Map, Value};

/// What [`set_model`] changes; fields left `None` (or `members` empty) stay as they are. An
/// empty string removes the field (`upstream_model`, `owner`, `timeout`).
///
/// ```
/// use nrp_llm_config::ops::SetModel;
/// let s = SetModel { timeout: Some("600s".into()), ..SetModel::default() };
/// assert!(s.members.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetModel {
    /// The one AIServiceBackend the model goes to (replaces every backendRef).
    pub backend: Option<String>,
    /// The model name sent upstream (`modelNameOverride` of every backendRef).
    pub upstream_model: Option<String>,
    /// `modelsOwnedBy`.
    pub owner: Option<String>,
    /// `timeouts.request`.
    pub timeout: Option<String>,
    /// The AIServiceBackends of a combined model (a rule with several backendRefs), in order:
    /// backendRefs kept keep their override, weight and priority; new ones take the override
    /// the kept ones share.
    pub members: Vec<String>,
}

/// Changes the rule of the model `name` (see [`SetModel`]). The AIServiceBackends the rule no
/// longer sends to are cleaned up as by [`super::remove_model`] when nothing else uses them.
///
/// Fails when the model is unknown, is routed by several rules or shares its rule with other
/// models (the change would change them too), nothing is asked, `backend` and `members` are
/// both given, a named AIServiceBackend does not exist, or the result does not validate.
///
/// ```
/// use nrp_llm_config::{ConfigSet, Limits, Release};
/// use nrp_llm_config::ops::{SetModel, set_model};
/// let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
/// let set = ConfigSet::load(&[folder], &Limits::default());
/// let s = SetModel { timeout: Some("600s".into()), ..SetModel::default() };
/// let done = set_model(&set, "kimi", &s, Release::default()).unwrap();
/// assert_eq!(done.changes, [
///     "AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general, model kimi: timeouts.request \"1200s\" → \"600s\"",
/// ]);
/// ```
pub fn set_model(
    set: &ConfigSet,
    name: &str,
    s: &SetModel,
    release: Release,
) -> Result<Edited, Diagnostics> {
    let mut w = Work::new(set, release);
    if s == &SetModel::default() {
        return Err(fail(
            Code::REQUIRED,
            "nothing to change",
            "give --backend, --member, --upstream-model, --owner or --timeout",
        ));
    }
    if s.backend.is_some() && !s.members.is_empty() {
        return Err(fail(
            Code::REQUIRED,
            "--backend and --member both name the backends",
            "give --backend for one backend, or --member for each backend of a combined model",
        ));
    }
    let found = w.find_model(name);
    let m = match found.as_slice() {
        [] => return Err(w.unknown_model(name)),
        [m] => m,
        more => {
            let routes: Vec<String> = more
                .iter()
                .map(|m| w.object_ref(m.route).to_string())
                .collect();
            return Err(fail(
                Code::DUPLICATE_MODEL,
                format!(
                    "model {name:?} is routed by {} rules ({})",
                    more.len(),
                    routes.join(", ")
                ),
                "edit the rules by hand, or remove the model and add it again",
            ));
        }
    };
    if !m.others.is_empty() {
        return Err(fail(
            Code::DUPLICATE_MODEL,
            format!(
                "the rule of model {name:?} also serves {}: a change would change them too",
                m.others.join(", ")
            ),
            "edit the rule by hand, or give the model a rule of its own",
        ));
    }
    let (route, rule_index) = (m.route, m.rule);
    let ns = w.view(route).namespace().map(str::to_owned);
    let members: Vec<String> = match &s.backend {
        Some(b) => vec![b.clone()],
        None => s.members.clone(),
    };
    for (i, b) in members.iter().enumerate() {
        if members[..i].contains(b) {
            return Err(fail(
                Code::DUPLICATE_ENTRY,
                format!("backend {b} is named twice"),
                "name each backend once",
            ));
        }
        w.service_backend(ns.as_deref(), b)?;
    }
    let before = w.sent_to(route, rule_index, name);
    let r = w.object_ref(route);
    let what = format!("{r}, model {name}");
    let mut lines = Vec::new();
    let Some(rule) = map_mut(w.objects[route].value_mut(), "spec")
        .and_then(|spec| spec.get_mut("rules"))
        .and_then(|rules| rules.get_mut(rule_index))
        .and_then(Value::as_object_mut)
    else {
        return Err(w.unknown_model(name));
    };
    if !members.is_empty() {
        set_members(rule, &members, &what, &mut lines);
    }
    if let Some(u) = &s.upstream_model
        && let Some(refs) = rule.get_mut("backendRefs").and_then(Value::as_array_mut)
    {
        for b in refs.iter_mut().filter_map(Value::as_object_mut) {
            let backend = b
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if let Some(old) = set_str(b, "modelNameOverride", u) {
                lines.push(format!(
                    "{what}: modelNameOverride of {backend} {} → {}",
                    shown(old.as_deref()),
                    shown(Some(u).filter(|u| !u.is_empty()).map(String::as_str))
                ));
            }
        }
    }
    if let Some(o) = &s.owner
        && let Some(old) = set_str(rule, "modelsOwnedBy", o)
    {
        lines.push(format!(
            "{what}: modelsOwnedBy {} → {}",
            shown(old.as_deref()),
            shown(Some(o.as_str()).filter(|o| !o.is_empty()))
        ));
    }
    if let Some(t) = &s.timeout {
        set_timeout(rule, t, &what, &mut lines);
    }
    w.changes.extend(lines);
    let after = w.sent_to(route, rule_index, name);
    let gone: Vec<SentTo> = before.into_iter().filter(|b| !after.contains(b)).collect();
    // A backend that stays but receives another model name: its quotas follow the name.
    for g in &gone {
        if let Some(a) = after
            .iter()
            .find(|a| a.namespace == g.namespace && a.backend == g.backend)
        {
            w.rename_quota(g, &a.model);
        }
    }
    w.collect(&gone);
    w.finish()
}

/// Sets the rule's backendRefs to `members`: kept ones stay as written, new ones take the
/// override the kept ones share.
fn set_members(
    rule: &mut Map<String, Value>,
    members: &[String],
    what: &str,
    lines: &mut Vec<String>,
) {
    let old: Vec<Value> = rule
        .get("backendRefs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let name_of = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_owned);
    let old_names: Vec<String> = old.iter().filter_map(name_of).collect();
    if old_names == members {
        return;
    }
    let overrides: Vec<Option<&str>> = old
        .iter()
        .map(|v| v.get("modelNameOverride").and_then(Value::as_str))
        .collect();
    let shared = match overrides.split_first() {
        Some((first, rest)) if rest.iter().all(|o| o == first) => *first,
        _ => None,
    };
    let refs: Vec<Value> = members
        .iter()
        .map(|m| {
            old.iter()
                .find(|v| name_of(v).as_deref() == Some(m.as_str()))
                .cloned()
                .unwrap_or_else(|| {
                    let r = AiGatewayRouteRuleBackendRef {
                        model_name_override: shared.map(str::to_owned),
                        ..AiGatewayRouteRuleBackendRef::builder()
                            .name(m.clone())
                            .build()
                    };
                    serde_json::to_value(r).unwrap_or(Value::Null)
                })
        })
        .collect();
    rule.insert("backendRefs".to_owned(), Value::Array(refs));
    lines.push(format!(
        "{what}: backends {} → {}",
        old_names.join(", "),
        members.join(", ")
    ));
}

/// Sets (or, with `""`, removes) `timeouts.request`, dropping `timeouts` when it is left empty.
fn set_timeout(rule: &mut Map<String, Value>, t: &str, what: &str, lines: &mut Vec<String>) {
    let entry = rule
        .entry("timeouts")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(timeouts) = entry.as_object_mut() else {
        return;
    };
    if let Some(old) = set_str(timeouts, "request", t) {
        lines.push(format!(
            "{what}: timeouts.request {} → {}",
            shown(old.as_deref()),
            shown(Some(t).filter(|t| !t.is_empty()))
        ));
    }
    if timeouts.is_empty() {
        rule.shift_remove("timeouts");
    }
}
