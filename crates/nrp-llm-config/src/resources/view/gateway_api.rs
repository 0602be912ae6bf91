//! Gateway API kinds: Gateway, GatewayClass and HTTPRoute.

use super::{Node, Reference, items_of};
use crate::resources::common::GATEWAY_API_GROUP;

/// The `spec` of a Gateway.
#[derive(Clone, Copy, Debug)]
pub struct GatewayView<'a> {
    spec: Option<Node<'a>>,
}

impl<'a> GatewayView<'a> {
    /// A view over a Gateway's `spec` node.
    pub fn new(spec: Option<Node<'a>>) -> Self {
        GatewayView { spec }
    }

    /// `spec.gatewayClassName`.
    pub fn gateway_class_name(&self) -> Option<&'a str> {
        self.spec?.str_field("gatewayClassName")
    }

    /// `spec.infrastructure.parametersRef` (no default group or kind).
    pub fn parameters_ref(&self) -> Option<Reference<'a>> {
        let r = self.spec?.field("infrastructure")?.field("parametersRef")?;
        Some(Reference::read(r, "", ""))
    }
}

/// The `spec` of a GatewayClass.
#[derive(Clone, Copy, Debug)]
pub struct GatewayClassView<'a> {
    spec: Option<Node<'a>>,
}

impl<'a> GatewayClassView<'a> {
    /// A view over a GatewayClass's `spec` node.
    pub fn new(spec: Option<Node<'a>>) -> Self {
        GatewayClassView { spec }
    }

    /// `spec.parametersRef` (no default group or kind; cluster-scoped unless it says a
    /// namespace).
    pub fn parameters_ref(&self) -> Option<Reference<'a>> {
        Some(Reference::read(self.spec?.field("parametersRef")?, "", ""))
    }
}

/// The `spec` of an HTTPRoute.
#[derive(Clone, Copy, Debug)]
pub struct HttpRouteView<'a> {
    spec: Option<Node<'a>>,
}

impl<'a> HttpRouteView<'a> {
    /// A view over an HTTPRoute's `spec` node.
    pub fn new(spec: Option<Node<'a>>) -> Self {
        HttpRouteView { spec }
    }

    /// `spec.parentRefs`, defaults group `gateway.networking.k8s.io`, kind `Gateway`.
    pub fn parent_refs(&self) -> impl Iterator<Item = Reference<'a>> + use<'a> {
        items_of(self.spec.and_then(|s| s.field("parentRefs")))
            .map(|n| Reference::read(n, GATEWAY_API_GROUP, "Gateway"))
    }

    /// The `backendRefs` of every rule, in order, defaults group `""` (core), kind `Service`.
    pub fn backend_refs(&self) -> impl Iterator<Item = Reference<'a>> + use<'a> {
        items_of(self.spec.and_then(|s| s.field("rules")))
            .flat_map(|rule| items_of(rule.field("backendRefs")))
            .map(|n| Reference::read(n, "", "Service"))
    }
}
