//! `override_mismatch` (warning): one AIServiceBackend used with different `modelNameOverride`s.

use super::facts::Facts;
use super::index::{BackendUses, SetIndex, backend_path};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::Pos;
use std::collections::BTreeMap;

/// One use of a backend by a rule: its `modelNameOverride`, the route, the path of the
/// backendRef as (rule, backendRef) and the position of `modelNameOverride`.
type OverrideUse<'a> = (Option<&'a str>, &'a Facts, (usize, u32), Option<Pos>);

/// The uses of the (few) backends with more than one override are gathered again, in rule
/// order, and reported in (namespace, name) order.
pub(super) fn check(ix: &SetIndex<'_>, uses: &BackendUses<'_>, out: &mut Vec<Diagnostic>) {
    let mut mismatched: BTreeMap<(&str, &str), Vec<OverrideUse<'_>>> = uses
        .overrides
        .iter()
        .filter(|(_, (_, differs))| *differs)
        .map(|(k, _)| (*k, Vec::new()))
        .collect();
    if mismatched.is_empty() {
        return;
    }
    for &(_, route, r) in &ix.routes {
        for (ri, rule) in r.rules.iter().enumerate() {
            for b in &rule.backends {
                let key = (b.namespace.as_deref().unwrap_or(route.ns()), &*b.name);
                if let Some(uses) = mismatched.get_mut(&key) {
                    uses.push((
                        b.model_override.as_deref(),
                        route,
                        (ri, b.index),
                        b.override_pos,
                    ));
                }
            }
        }
    }
    for ((ns, name), uses) in &mismatched {
        let Some(&(first_override, ..)) = uses.first() else {
            continue;
        };
        for &(ov, route, (ri, bi), pos) in uses.iter().skip(1) {
            if ov != first_override {
                let path = backend_path(ri, bi).field("modelNameOverride");
                out.push(route.locate(
                    Diagnostic::warning(
                        Code::OVERRIDE_MISMATCH,
                        format!(
                            "{path}: AIServiceBackend {} is used with modelNameOverride {:?} here and {:?} elsewhere",
                                super::qualified(ns, name),
                            ov.unwrap_or("(none)"),
                            first_override.unwrap_or("(none)")
                        ),
                    )
                    .with_path(path)
                    .with_hint("a backend serves one model; use the same modelNameOverride in every rule that routes to it"),
                    pos,
                ));
            }
        }
    }
}
