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
                // A policy target left behind by the removal of the rule goes with it.
                let targeted_by = ix.policies.iter().find_map(|&(pol, pf)| {
                    let t = pf
                        .targets
                        .iter()
                        .find(|t| pol.ns() == asb.ns() && &*t.1 == asb.name())?;
                    Some((pol, t))
                });
                let hint = match targeted_by {
                    None => "delete it, or add a rule that routes a model to it".to_owned(),
                    Some((pol, (i, _, pos))) => {
                        let at = pol.source_location(*pos);
                        unused_target_hint(
                            &pol.object_ref().map(|r| r.to_string()).unwrap_or_default(),
                            *i as usize,
                            at.file.as_deref().unwrap_or_default(),
                            at.line.unwrap_or(0),
                        )
                    }
                };
                out.push(
                    asb.locate(
                        Diagnostic::warning(
                            Code::UNUSED_OBJECT,
                            "no AIGatewayRoute rule references this AIServiceBackend",
                        )
                        .with_path(p("metadata.name"))
                        .with_hint(hint),
                        a.name_pos,
                    ),
                );
            }
        }
    }
    for &(pol, pf) in &ix.policies {
        let Some(pos) = pf.empty_targets else {
            continue;
        };
        // Before v0.4, AIServiceBackends named their policy (backendSecurityPolicyRef).
        let referenced = ix.asbs.iter().any(|(asb, a)| {
            asb.ns() == pol.ns() && a.policy.as_ref().is_some_and(|(n, _)| &**n == pol.name())
        });
        if !referenced {
            out.push(pol.locate(empty_targets(), pos));
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

/// The hint of an unused AIServiceBackend that policy `policy` still targets (its `index`-th
/// targetRef, at `file:line`).
pub(super) fn unused_target_hint(policy: &str, index: usize, file: &str, line: u32) -> String {
    format!(
        "delete it together with spec.targetRefs[{index}] of {policy} ({file}:{line}), which \
         still targets it, or add a rule that routes a model to it"
    )
}

/// The warning for a BackendSecurityPolicy with `targetRefs: []` that no AIServiceBackend
/// names either: the API server accepts it, and it protects nothing.
pub(super) fn empty_targets() -> Diagnostic {
    Diagnostic::warning(
        Code::UNUSED_OBJECT,
        "spec.targetRefs: empty, so this policy applies to no AIServiceBackend",
    )
    .with_path(p("spec.targetRefs"))
    .with_hint("list the AIServiceBackends it protects under targetRefs, or delete the policy")
}
