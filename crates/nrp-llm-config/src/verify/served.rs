//! What a configuration serves: the model names its AIGatewayRoutes route, with their owners,
//! as the AI Gateway controller declares them to `/v1/models`.

use super::VerifyError;
use crate::ObjectRef;
use crate::config_set::ConfigSet;
use crate::resources::common::{AI_GATEWAY_GROUP, GATEWAY_API_GROUP, MODEL_NAME_HEADER};
use crate::resources::view::{ObjectView, RouteView};
use std::collections::BTreeSet;

/// A model name one rule of the configuration routes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServedModel {
    /// The model name (an `Exact` value of the model-name header).
    pub name: String,
    /// The owner `/v1/models` reports for it: `modelsOwnedBy`, or the default.
    pub owner: String,
    /// The AIGatewayRoute whose rule routes it.
    pub route: ObjectRef,
    /// Index of that rule in `spec.rules`.
    pub rule: usize,
    /// False when the rule writes the header name in another case than `x-ai-eg-model`
    /// (`X-AI-EG-Model`): the request is routed all the same, but AI Gateway v1.1's controller
    /// compares the name case-sensitively when it declares models, so `/v1/models` leaves the
    /// name out.
    pub declared: bool,
}

/// The models a configuration serves at one gateway URL (see [`served_models`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Served {
    /// The Gateway whose routes were read (none when no route names one, which
    /// [`served_models`] refuses).
    pub gateway: Option<ObjectRef>,
    /// The models `/v1/models` should list at the requested host, sorted by name (a name may
    /// appear more than once when several rules route it).
    pub models: Vec<ServedModel>,
    /// Models of routes scoped (`spec.hostnames`) to other hosts: not listed at this one.
    pub other_hosts: Vec<ServedModel>,
}

/// The Gateways a route attaches to (`parentRefs`, and v0.3's `targetRefs`).
fn route_gateways(route: &RouteView<'_>, namespace: Option<&str>) -> BTreeSet<ObjectRef> {
    route
        .parent_refs()
        .chain(route.target_refs())
        .filter(|r| r.is(GATEWAY_API_GROUP, "Gateway"))
        .filter_map(|r| r.object_ref(namespace))
        .collect()
}

/// True when `gateway` is the one `parent` (`NAME` or `NAMESPACE/NAME`) names.
fn names_gateway(parent: &str, gateway: &ObjectRef) -> bool {
    match parent.split_once('/') {
        Some((ns, name)) => gateway.namespace.as_deref() == Some(ns) && gateway.name == name,
        None => gateway.name == parent,
    }
}

fn describe(gateways: &BTreeSet<ObjectRef>) -> Vec<String> {
    gateways
        .iter()
        .map(|g| match &g.namespace {
            Some(ns) => format!("{ns}/{}", g.name),
            None => g.name.clone(),
        })
        .collect()
}

/// Which of a route's models a request for `host` sees in `/v1/models`, as AI Gateway v1.1's
/// external processor picks them: without hostname-scoped routes, every model; with them, the
/// models of routes naming the host exactly, else of the longest matching `*.suffix` wildcard
/// (one DNS label), plus the models of unscoped routes; an unmatched host sees the unscoped
/// models only. An empty host sees every model.
fn host_selects(host: &str, route_hosts: &[String], scoped_hosts: &BTreeSet<String>) -> bool {
    if host.is_empty() || scoped_hosts.is_empty() || route_hosts.is_empty() {
        return true;
    }
    if scoped_hosts.contains(host) {
        return route_hosts.iter().any(|h| h == host);
    }
    let wildcard = |pattern: &str| -> Option<usize> {
        let suffix = pattern.strip_prefix("*.")?;
        let prefix = host.strip_suffix(suffix)?.strip_suffix('.')?;
        (!prefix.contains('.')).then_some(suffix.len())
    };
    let best = scoped_hosts.iter().filter_map(|p| wildcard(p)).max();
    match best {
        Some(len) => route_hosts.iter().any(|p| wildcard(p) == Some(len)),
        None => false,
    }
}

/// The models `set` serves behind one Gateway, as `/v1/models` lists them for a request to
/// `host` (the URL's host name, lower case, without port; empty: no hostname scoping).
///
/// Only AIGatewayRoutes count; a route attached to no Gateway serves nothing. When the routes
/// attach to several Gateways, `parent` (`NAME` or `NAMESPACE/NAME`) says which one is behind
/// the URL. A model is an `Exact` condition on the model-name header (see
/// [`RuleView::model_names`](crate::resources::view::RuleView::model_names)); its owner is the
/// rule's `modelsOwnedBy` or [`DEFAULT_MODELS_OWNER`](crate::resources::common::DEFAULT_MODELS_OWNER).
///
/// ```
/// use nrp_llm_config::{ConfigSet, Limits};
/// use nrp_llm_config::verify::served_models;
/// let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
/// let served = served_models(&ConfigSet::load(&[folder], &Limits::default()), None, "").unwrap();
/// assert_eq!(served.models.len(), 23);
/// let qwen = served.models.iter().find(|m| m.name == "qwen3-nairr").unwrap();
/// assert_eq!(qwen.owner, "SDSC");
/// ```
pub fn served_models(
    set: &ConfigSet,
    parent: Option<&str>,
    host: &str,
) -> Result<Served, VerifyError> {
    let routes: Vec<(ObjectRef, &serde_json::Value, BTreeSet<ObjectRef>)> = set
        .of_kind(AI_GATEWAY_GROUP, "AIGatewayRoute")
        .filter_map(|o| {
            let view = ObjectView::new(o.value());
            let id = view.object_ref()?;
            let spec = view.spec()?.value();
            let gateways = route_gateways(&RouteView::new(view.spec()), view.namespace());
            Some((id, spec, gateways))
        })
        .collect();
    let all: BTreeSet<ObjectRef> = routes.iter().flat_map(|r| r.2.iter().cloned()).collect();
    let gateway = match parent {
        Some(p) => all
            .iter()
            .find(|g| names_gateway(p, g))
            .cloned()
            .ok_or_else(|| VerifyError::UnknownParent {
                parent: p.to_owned(),
                gateways: describe(&all),
            })?,
        None => {
            let mut it = all.iter();
            match (it.next(), it.next()) {
                (Some(g), None) => g.clone(),
                (None, _) => return Err(VerifyError::NoRoutes),
                (Some(_), Some(_)) => {
                    return Err(VerifyError::SeveralGateways {
                        gateways: describe(&all),
                    });
                }
            }
        }
    };
    let mine: Vec<_> = routes
        .iter()
        .filter(|r| r.2.contains(&gateway))
        .map(|(id, spec, _)| {
            let view = RouteView::new(Some(crate::resources::view::Node::new(spec)));
            let hosts: Vec<String> = view.hostnames().map(str::to_ascii_lowercase).collect();
            (id, view, hosts)
        })
        .collect();
    let scoped: BTreeSet<String> = mine.iter().flat_map(|r| r.2.iter().cloned()).collect();
    let mut served = Served {
        gateway: Some(gateway),
        ..Served::default()
    };
    for (id, view, hosts) in &mine {
        let here = host_selects(host, hosts, &scoped);
        for (index, rule) in view.rules().enumerate() {
            for m in rule.model_names() {
                let model = ServedModel {
                    name: m.value.to_owned(),
                    owner: rule.models_owner().to_owned(),
                    route: (*id).clone(),
                    rule: index,
                    declared: m.header_name() == Some(MODEL_NAME_HEADER),
                };
                if here {
                    served.models.push(model);
                } else {
                    served.other_hosts.push(model);
                }
            }
        }
    }
    served.models.sort_by(|a, b| a.name.cmp(&b.name));
    served.other_hosts.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(served)
}
