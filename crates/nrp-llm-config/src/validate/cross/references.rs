//! `invalid_reference`: every reference resolves (route → Gateway and AIServiceBackend,
//! AIServiceBackend → Backend and BackendSecurityPolicy, policy targetRef → AIServiceBackend).

use super::facts::{BackendUse, Facts, RouteFacts, ServiceBackendFacts, Target};
use super::index::{FastSet, SetIndex, backend_path};
use super::{p, similar_hint};
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
                        format!("spec.parentRefs[{i}]: Gateway {gns}/{name} does not exist"),
                    )
                    .with_path(p(&format!("spec.parentRefs[{i}].name")))
                    .with_hint(similar_hint(name, ix.gateways.iter().map(|o| o.name()))),
                    g.name_pos,
                ),
            );
        }
    }
}

/// A rule's backendRef to an AIServiceBackend.
pub(super) fn rule_backend(
    ix: &SetIndex<'_>,
    route: &Facts,
    ri: usize,
    b: &BackendUse,
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
                format!("{bpath}.name: AIServiceBackend {bns}/{name} does not exist"),
            )
            .with_path(bpath.field("name"))
            .with_hint(similar_hint(name, ix.asbs.iter().map(|(o, _)| o.name()))),
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
                        format!("spec.backendRef.name: Backend {bns}/{name} does not exist"),
                    )
                    .with_path(p("spec.backendRef.name"))
                    .with_hint(similar_hint(
                        name,
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
                format!("spec.backendSecurityPolicyRef.name: BackendSecurityPolicy {ns}/{name} does not exist"),
            )
            .with_path(p("spec.backendSecurityPolicyRef.name"))
            .with_hint(similar_hint(name, ix.policies.iter().map(|(o, _)| o.name()))),
            *pos,
        ));
    }
}

/// A policy's targetRef to an AIServiceBackend (`tpath` is the targetRef's path).
pub(super) fn policy_target(
    ix: &SetIndex<'_>,
    pol: &Facts,
    tpath: &FieldPath,
    name: &str,
    pos: Option<Pos>,
) -> Option<Diagnostic> {
    let ns = pol.ns();
    if ix.exists(Target::ServiceBackend, ns, name) {
        return None;
    }
    Some(
        pol.locate(
            Diagnostic::error(
                Code::INVALID_REFERENCE,
                format!("{tpath}.name: AIServiceBackend {ns}/{name} does not exist"),
            )
            .with_path(tpath.clone().field("name"))
            .with_hint(similar_hint(name, ix.asbs.iter().map(|(o, _)| o.name()))),
            pos,
        ),
    )
}
