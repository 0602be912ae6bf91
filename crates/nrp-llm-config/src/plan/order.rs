//! Apply order: by phase (see [`super::phases`]), and within a phase creates and updates from the
//! leaves of the reference graph up, deletes from the top down, so nothing ever points at an
//! object that is not there yet (or any more).

use super::phases::Placement;
use super::{Action, Change};
use crate::ObjectRef;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use std::cmp::Reverse;

/// Position of a kind in the reference chain: other managed kinds 0; Backend and GatewayConfig
/// (a Gateway selects its GatewayConfig by annotation, so it comes first) 1; AIServiceBackend 2;
/// BackendSecurityPolicy and QuotaPolicy (which target AIServiceBackends) 3; AIGatewayRoute
/// (rules name AIServiceBackends) and MCPRoute (which names Backends) 4.
pub(crate) fn kind_rank(r: &ObjectRef) -> u8 {
    match (r.group.as_str(), r.kind.as_str()) {
        (ENVOY_GATEWAY_GROUP, "Backend") | (AI_GATEWAY_GROUP, "GatewayConfig") => 1,
        (AI_GATEWAY_GROUP, "AIServiceBackend") => 2,
        (AI_GATEWAY_GROUP, "BackendSecurityPolicy" | "QuotaPolicy") => 3,
        (AI_GATEWAY_GROUP, "AIGatewayRoute" | "MCPRoute") => 4,
        _ => 0,
    }
}

type SortKey<'a> = (
    Placement,
    Reverse<u8>,
    u8,
    Option<&'a str>,
    &'a str,
    &'a str,
    &'a str,
);

fn key<'a>(c: &'a Change, p: Placement) -> SortKey<'a> {
    let rank = kind_rank(&c.object);
    let delete = c.action == Action::Delete;
    (
        p,
        // Deletes: highest rank first; creates and updates: lowest rank first.
        Reverse(if delete { rank } else { 0 }),
        if delete { 0 } else { rank },
        c.object.namespace.as_deref(),
        c.object.name.as_str(),
        c.object.group.as_str(),
        c.object.kind.as_str(),
    )
}

/// Sorts changes into apply order: by placement (phase, group within the phase, sequence
/// within the group; `place[i]` is the placement of `changes[i]`); then creates and updates of
/// other managed kinds, Backend, AIServiceBackend, BackendSecurityPolicy, AIGatewayRoute, and
/// deletes of AIGatewayRoute, BackendSecurityPolicy, AIServiceBackend, Backend, other managed
/// kinds; then by namespace and name.
pub(crate) fn sort_changes(changes: &mut Vec<Change>, place: Vec<Placement>) {
    let mut paired: Vec<(Placement, Change)> = place.into_iter().zip(changes.drain(..)).collect();
    paired.sort_by(|(p, a), (q, b)| key(a, *p).cmp(&key(b, *q)));
    changes.extend(paired.into_iter().map(|(_, c)| c));
}
