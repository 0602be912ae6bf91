//! `missing_timeout` (warning): a rule without `timeouts.request` gets the controller's 60s.

use super::facts::{Facts, RuleFacts};
use super::index::rule_path;
use crate::diagnostic::{Code, Diagnostic};

/// The finding for rule `ri` of a route.
pub(super) fn check(route: &Facts, ri: usize, rule: &RuleFacts) -> Option<Diagnostic> {
    if rule.has_timeout {
        return None;
    }
    let label = rule
        .models
        .first()
        .map_or_else(String::new, |m| format!(" (model {:?})", &*m.model));
    let rpath = rule_path(ri);
    Some(route.locate(
        Diagnostic::warning(
            Code::MISSING_TIMEOUT,
            format!("{rpath}{label}: no timeouts.request; the controller uses 60s, too short for most LLM requests"),
        )
        .with_path(rpath)
        .with_hint("set `timeouts: {request: 1200s}` as the other NRP rules do"),
        rule.pos,
    ))
}
