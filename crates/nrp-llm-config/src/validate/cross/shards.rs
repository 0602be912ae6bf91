//! `shard_mismatch`: the route objects of one Gateway agree on `parentRefs` and
//! `llmRequestCosts` (envoyproxy/ai-gateway#1688).

use super::facts::Facts;
use super::index::{RouteEntry, SetIndex};
use super::p;
use crate::diagnostic::{Code, Diagnostic};
use std::collections::{BTreeMap, HashSet};

/// Compares every route object of a Gateway with the first one.
pub(super) fn check(ix: &SetIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut by_gateway: BTreeMap<(&str, &str), Vec<RouteEntry<'_>>> = BTreeMap::new();
    for &route in &ix.routes {
        for gw in &route.2.gateways {
            by_gateway.entry((&gw.0, &gw.1)).or_default().push(route);
        }
    }
    // Routes are told apart by identity; those without a name share one (as with ObjectRef).
    let key = |i: usize, f: &Facts| f.name.as_ref().map(|_| i);
    let mut reported: HashSet<(Option<usize>, &'static str)> = HashSet::new();
    for (gw, shard) in &by_gateway {
        let Some(&(_, first, fr)) = shard.first() else {
            continue;
        };
        for &(oi, other, or) in &shard[1..] {
            let fref = first
                .object_ref()
                .map(|r| r.to_string())
                .unwrap_or_default();
            if or.parents != fr.parents && reported.insert((key(oi, other), "parents")) {
                out.push(other.locate(
                    Diagnostic::error(
                        Code::SHARD_MISMATCH,
                        format!(
                            "spec.parentRefs: differs from {fref}, another route object of Gateway {}",
                            super::qualified(gw.0, gw.1)
                        ),
                    )
                    .with_path(p("spec.parentRefs"))
                    .with_hint("every AIGatewayRoute that shards one Gateway must list the same parentRefs"),
                    or.parents_pos,
                ));
            }
            if or.costs != fr.costs && reported.insert((key(oi, other), "costs")) {
                out.push(other.locate(
                    Diagnostic::error(
                        Code::SHARD_MISMATCH,
                        format!(
                            "spec.llmRequestCosts: differs from {fref}, another route object of Gateway {}",
                            super::qualified(gw.0, gw.1)
                        ),
                    )
                    .with_path(p("spec.llmRequestCosts"))
                    .with_hint("costs with the same metadataKey bleed between routes of one Gateway (envoyproxy/ai-gateway#1688); use identical llmRequestCosts in every route object"),
                    or.costs_pos,
                ));
            }
        }
    }
}
