//! `invalid_reference`: every reference resolves (route → Gateway and AIServiceBackend,
//! AIServiceBackend → Backend and BackendSecurityPolicy, policy targetRef → AIServiceBackend).

use super::facts::{BackendUse, Facts, PolicyTarget, RouteFacts, ServiceBackendFacts, Target};
use super::index::{FastSet, SetIndex, backend_path};
use super::{missing_hint, p, qualified};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::Pos;
use crate::path::FieldPath;

/// The route's parentRefs to Gateways (checked only when the set holds a Gateway).
pub(super) fn gateway_refs(
    ix: &SetIndex<'_>,
    route: &Facts,
    r: &RouteFacts,
    out: &mut Vec<Diagnostic>,
) {
    if ix.gateways.is_empty() {
        return;
    }
    let ns = route.ns();
    for g in &r.gateway_refs {
        let gns = g.namespace.as_deref().unwrap_or(ns);
        let name = &*g.name;
        let i = g.index;
        if !ix.exists(Target::Gateway, gns, name) {
            out.push(
                route.locate(
                    Diagnostic::error(
                        Code::INVALID_REFERENCE,
                        format!(
                            "spec.parentRefs[{i}]: Gateway {} does not exist",
                            qualified(gns, name)
                        ),
                    )
                    .with_path(p(&format!("spec.parentRefs[{i}].name")))
                    .with_hint(missing_hint(
                        "route",
                        name,
                        ix.namespace_of(Target::Gateway, name),
                        ix.gateways.iter().map(|o| o.name()),
                    )),
                    g.name_pos,
                ),
            );
        }
    }
}

/// A rule's backendRef to an AIServiceBackend (`rule` lists all of the rule's backendRefs: the
/// hint never suggests a name the rule already uses).
pub(super) fn rule_backend(
    ix: &SetIndex<'_>,
    route: &Facts,
    ri: usize,
    b: &BackendUse,
    rule: &[BackendUse],
) -> Option<Diagnostic> {
    let name = &*b.name;
    let bns = b.namespace.as_deref().unwrap_or(route.ns());
    if ix.exists(Target::ServiceBackend, bns, name) {
        return None;
    }
    let bpath = backend_path(ri, b.index);
    Some(
        route.locate(
            Diagnostic::error(
                Code::INVALID_REFERENCE,
                format!(
                    "{bpath}.name: AIServiceBackend {} does not exist",
                    qualified(bns, name)
                ),
            )
            .with_path(bpath.field("name"))
            .with_hint(missing_hint(
                "route",
                name,
                ix.namespace_of(Target::ServiceBackend, name),
                ix.asbs
                    .iter()
                    .map(|(o, _)| o.name())
                    .filter(|c| rule.iter().all(|u| &*u.name != *c)),
            )),
            b.name_pos,
        ),
    )
}

/// An AIServiceBackend's backendRef (to a Backend) and backendSecurityPolicyRef; the Backends it
/// uses are added to `used`.
pub(super) fn service_backend<'a>(
    ix: &SetIndex<'a>,
    asb: &'a Facts,
    a: &'a ServiceBackendFacts,
    used: &mut FastSet<(&'a str, &'a str)>,
    out: &mut Vec<Diagnostic>,
) {
    let ns = asb.ns();
    if let Some(b) = &a.backend {
        let name = &*b.name;
        let bns = b.namespace.as_deref().unwrap_or(ns);
        used.insert((bns, name));
        if !ix.exists(Target::Backend, bns, name) {
            out.push(
                asb.locate(
                    Diagnostic::error(
                        Code::INVALID_REFERENCE,
                        format!(
                            "spec.backendRef.name: Backend {} does not exist",
                            qualified(bns, name)
                        ),
                    )
                    .with_path(p("spec.backendRef.name"))
                    .with_hint(missing_hint(
                        "AIServiceBackend",
                        name,
                        ix.namespace_of(Target::Backend, name),
                        ix.backends.iter().map(|(o, _)| o.name()),
                    )),
                    b.name_pos,
                ),
            );
        }
    }
    if let Some((name, pos)) = &a.policy
        && !ix.exists(Target::Policy, ns, name)
    {
        out.push(asb.locate(
            Diagnostic::error(
                Code::INVALID_REFERENCE,
                format!(
                    "spec.backendSecurityPolicyRef.name: BackendSecurityPolicy {} does not exist",
                    qualified(ns, name)
                ),
            )
            .with_path(p("spec.backendSecurityPolicyRef.name"))
            .with_hint(missing_hint(
                "AIServiceBackend",
                name,
                ix.namespace_of(Target::Policy, name),
                ix.policies.iter().map(|(o, _)| o.name()),
            )),
            *pos,
        ));
    }
}

/// A policy's targetRef to an AIServiceBackend (`tpath` is the targetRef's path; `targeted`
/// lists the names of all the policy's targets: the hint never suggests one of them).
pub(super) fn policy_target(
    ix: &SetIndex<'_>,
    pol: &Facts,
    tpath: &FieldPath,
    name: &str,
    pos: Option<Pos>,
    targeted: &[PolicyTarget],
) -> Option<Diagnostic> {
    let ns = pol.ns();
    if ix.exists(Target::ServiceBackend, ns, name) {
        return None;
    }
    Some(
        pol.locate(
            Diagnostic::error(
                Code::INVALID_REFERENCE,
                format!(
                    "{tpath}.name: AIServiceBackend {} does not exist",
                    qualified(ns, name)
                ),
            )
            .with_path(tpath.clone().field("name"))
            .with_hint(missing_hint(
                "policy",
                name,
                ix.namespace_of(Target::ServiceBackend, name),
                ix.asbs
                    .iter()
                    .map(|(o, _)| o.name())
                    .filter(|c| targeted.iter().all(|t| &*t.1 != *c)),
            )),
            pos,
        ),
    )
}
