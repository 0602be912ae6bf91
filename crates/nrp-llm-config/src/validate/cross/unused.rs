//! `unused_object` (warning): AIServiceBackends no rule uses, Backends nothing points at.

use super::index::{BackendUses, FastSet, SetIndex};
use super::p;
use crate::diagnostic::{Code, Diagnostic};

/// Reports unused AIServiceBackends (when the set has routes) and Backends (when it has
/// AIServiceBackends).
pub(super) fn check(
    ix: &SetIndex<'_>,
    uses: &BackendUses<'_>,
    used_backends: &FastSet<(&str, &str)>,
    out: &mut Vec<Diagnostic>,
) {
    if !ix.routes.is_empty() {
        for &(asb, a) in &ix.asbs {
            if !uses.overrides.contains_key(&(asb.ns(), asb.name())) {
                out.push(
                    asb.locate(
                        Diagnostic::warning(
                            Code::UNUSED_OBJECT,
                            "no AIGatewayRoute rule references this AIServiceBackend",
                        )
                        .with_path(p("metadata.name"))
                        .with_hint("delete it, or add a rule that routes a model to it"),
                        a.name_pos,
                    ),
                );
            }
        }
    }
    if !ix.asbs.is_empty() {
        for &(b, pos) in &ix.backends {
            if !used_backends.contains(&(b.ns(), b.name())) {
                out.push(
                    b.locate(
                        Diagnostic::warning(
                            Code::UNUSED_OBJECT,
                            "no AIServiceBackend references this Backend",
                        )
                        .with_path(p("metadata.name"))
                        .with_hint("delete it, or point an AIServiceBackend's backendRef at it"),
                        pos,
                    ),
                );
            }
        }
    }
}
