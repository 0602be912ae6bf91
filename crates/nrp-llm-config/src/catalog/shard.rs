//! Stable sharding: which route object (AIGatewayRoute) holds which model's rule.
//!
//! Rules:
//! 1. A model pinned with `route:` goes to that route object.
//! 2. Otherwise a model that already has a rule in the current state keeps its route object;
//!    inside a route object, existing rules keep their relative order and new rules are
//!    appended.
//! 3. Remaining (new) models fill free slots of route objects in order — `routeNames` first,
//!    then the other existing route objects by name — and only then open a new route object
//!    (the next unused `routeNames` entry, else `<namePrefix>models-<n>`).
//! 4. A route object left without rules is not emitted.

use super::format::Catalog;
use crate::config_set::ConfigSet;
use crate::diagnostic::{Code, Diagnostic};
use crate::path::FieldPath;
use crate::resources::common::AI_GATEWAY_GROUP;
use crate::resources::view::{ObjectView, RouteView};
use std::collections::{HashMap, HashSet};

/// One route object and the catalog indices of the models it holds, in rule order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shard {
    pub(crate) name: String,
    pub(crate) models: Vec<usize>,
}

/// Names of AIGatewayRoutes kept verbatim in the catalog (in its namespace).
pub(crate) fn extra_route_names(c: &Catalog) -> HashSet<String> {
    c.extra_objects
        .iter()
        .map(ObjectView::new)
        .filter(|o| {
            o.kind() == "AIGatewayRoute" && o.namespace().is_none_or(|ns| ns == c.gateway.namespace)
        })
        .filter_map(|o| o.name())
        .map(str::to_owned)
        .collect()
}

/// True when a route's parentRefs name the catalog's Gateway (route objects of other Gateways
/// are never filled with the catalog's models).
fn attaches_to(route: &RouteView<'_>, gateway: &str) -> bool {
    route
        .parent_refs()
        .any(|r| r.name == Some(gateway) && r.kind == "Gateway")
}

/// Where each model is in the current state: model → (route name, rule index); plus the
/// current route object names in set order.
fn current_positions(
    c: &Catalog,
    current: Option<&ConfigSet>,
    extra_routes: &HashSet<String>,
) -> (HashMap<String, (String, usize)>, Vec<String>) {
    let mut pos = HashMap::new();
    let mut names = Vec::new();
    let Some(set) = current else {
        return (pos, names);
    };
    for route in set.objects() {
        let object = ObjectView::new(route.value());
        let view = RouteView::new(object.spec());
        if !object.is(AI_GATEWAY_GROUP, "AIGatewayRoute")
            || route.namespace().unwrap_or("default") != c.gateway.namespace
            || extra_routes.contains(route.name())
            || !attaches_to(&view, &c.gateway.parent_ref.name)
        {
            continue;
        }
        names.push(route.name().to_owned());
        for (ri, rule) in view.rules().enumerate() {
            for model in rule.model_names() {
                pos.entry(model.value.to_owned())
                    .or_insert_with(|| (route.name().to_owned(), ri));
            }
        }
    }
    (pos, names)
}

/// Assigns every model of the catalog to a route object.
pub(crate) fn assign(
    c: &Catalog,
    current: Option<&ConfigSet>,
    limit: usize,
) -> Result<Vec<Shard>, Vec<Diagnostic>> {
    let extra_routes = extra_route_names(c);
    let (positions, current_names) = current_positions(c, current, &extra_routes);

    // Route objects in fill order.
    let mut order: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |name: &str, order: &mut Vec<String>| {
        if !index.contains_key(name) {
            index.insert(name.to_owned(), order.len());
            order.push(name.to_owned());
        }
    };
    for n in &c.gateway.route_names {
        add(n, &mut order);
    }
    let mut sorted_current = current_names.clone();
    sorted_current.sort();
    for n in &sorted_current {
        add(n, &mut order);
    }
    for m in &c.models {
        if let Some(r) = &m.route {
            add(r, &mut order);
        }
    }

    let mut errors = Vec::new();
    for (i, m) in c.models.iter().enumerate() {
        if let Some(r) = &m.route
            && extra_routes.contains(r)
        {
            errors.push(
                Diagnostic::error(
                    Code::INVALID_CATALOG,
                    format!(
                        "models[{i}].route: {r:?} is an AIGatewayRoute kept in extraObjects; the catalog cannot add rules to it"
                    ),
                )
                .with_path(FieldPath::root().field("models").index(i).field("route")),
            );
        }
    }

    // (sort key, catalog index, pinned) per route object.
    let mut buckets: Vec<Vec<(usize, usize, bool)>> = vec![Vec::new(); order.len()];
    let mut unplaced: Vec<usize> = Vec::new();
    for (i, m) in c.models.iter().enumerate() {
        let here = positions.get(&m.name);
        let target = match &m.route {
            Some(r) => Some((r.as_str(), true)),
            None => here.map(|(r, _)| (r.as_str(), false)),
        };
        match target.and_then(|(r, pinned)| index.get(r).map(|&b| (b, pinned))) {
            Some((b, pinned)) => {
                let key = match here {
                    Some((r, ri)) if *r == order[b] => *ri,
                    _ => usize::MAX,
                };
                buckets[b].push((key, i, pinned));
            }
            None => unplaced.push(i),
        }
    }
    for (b, bucket) in buckets.iter_mut().enumerate() {
        bucket.sort_by_key(|&(key, i, _)| (key, i));
        let pinned = bucket.iter().filter(|x| x.2).count();
        if pinned > limit {
            errors.push(
                Diagnostic::error(
                    Code::RULE_LIMIT,
                    format!(
                        "{pinned} models are pinned to route object {:?}, but one AIGatewayRoute can hold at most {limit} rules",
                        order[b]
                    ),
                )
                .with_path(FieldPath::root().field("models"))
                .with_hint("pin some of them to another route object, or remove their `route:`"),
            );
            continue;
        }
        // Over-full (an existing route object above the limit): move the last unpinned rules.
        while bucket.len() > limit {
            let Some(pos) = bucket.iter().rposition(|x| !x.2) else {
                break;
            };
            unplaced.push(bucket.remove(pos).1);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    unplaced.sort_unstable();
    let mut next_generated = 1usize;
    for i in unplaced {
        if let Some(b) = buckets.iter().position(|x| x.len() < limit) {
            buckets[b].push((usize::MAX, i, false));
            continue;
        }
        let name = loop {
            let candidate = format!("{}models-{next_generated}", c.gateway.name_prefix);
            next_generated += 1;
            if !index.contains_key(&candidate) && !extra_routes.contains(&candidate) {
                break candidate;
            }
        };
        index.insert(name.clone(), order.len());
        order.push(name);
        buckets.push(vec![(usize::MAX, i, false)]);
    }

    Ok(order
        .into_iter()
        .zip(buckets)
        .filter(|(_, b)| !b.is_empty())
        .map(|(name, b)| Shard {
            name,
            models: b.into_iter().map(|(_, i, _)| i).collect(),
        })
        .collect())
}
