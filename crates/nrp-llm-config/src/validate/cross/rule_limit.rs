//! `rule_limit`: at most 15 rules per AIGatewayRoute on every release (envoyproxy/ai-gateway#2120).

use super::facts::{Facts, RouteFacts};
use super::{RULE_LIMIT_HINT, p};
use crate::Release;
use crate::diagnostic::{Code, Diagnostic};

/// The finding for one route, where this crate's limit is stricter than the release's CRD.
pub(super) fn check(route: &Facts, r: &RouteFacts, release: Release) -> Option<Diagnostic> {
    let limit = release.effective_rule_limit();
    if r.rule_count <= limit || release.crd_rule_limit() <= limit {
        return None;
    }
    Some(
        route.locate(
            Diagnostic::error(
                Code::RULE_LIMIT,
                format!(
                    "spec.rules: {} rules, but one AIGatewayRoute can hold at most {limit}",
                    r.rule_count
                ),
            )
            .with_path(p("spec.rules"))
            .with_hint(RULE_LIMIT_HINT),
            r.rules_pos,
        ),
    )
}
