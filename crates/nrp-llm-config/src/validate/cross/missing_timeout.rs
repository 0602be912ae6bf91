//! `missing_timeout` (warning): a rule without `timeouts.request` gets the controller's 60s.

use super::facts::{Facts, RuleFacts};
use super::index::rule_path;
use crate::diagnostic::{Code, Diagnostic};

/// The finding for rule `ri` of a route; `timed` rules of the set have a request timeout.
pub(super) fn check(
    route: &Facts,
    ri: usize,
    rule: &RuleFacts,
    timed: usize,
) -> Option<Diagnostic> {
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
        .with_hint(hint(timed)),
        rule.pos,
    ))
}

/// The fix: a request timeout, and how many rules of the set already have one (only when some
/// do; a set where none does is not told to follow an example it does not contain).
pub(super) fn hint(timed: usize) -> String {
    match timed {
        0 => "set `timeouts: {request: 1200s}` (longer than the slowest expected response)"
            .to_owned(),
        1 => "set `timeouts: {request: 1200s}`, as 1 other rule of this set does".to_owned(),
        n => format!("set `timeouts: {{request: 1200s}}`, as {n} other rules of this set do"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hint_counts_the_rules_with_a_timeout_and_names_no_one_else() {
        assert!(!super::hint(0).contains("other"));
        assert!(super::hint(1).ends_with("as 1 other rule of this set does"));
        assert!(super::hint(3).ends_with("as 3 other rules of this set do"));
        assert!(!super::hint(0).contains("NRP"));
    }
}
