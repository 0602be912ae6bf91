//! What an object refers to: every reference field of the kinds the views know, as identities.

use super::{
    GatewayClassView, GatewayView, HttpRouteView, ObjectView, PolicyView, Reference, RouteView,
    ServiceBackendView,
};
use crate::ObjectRef;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP};

impl ObjectView<'_> {
    /// The objects this object refers to, with each field's default group and kind and the
    /// object's own namespace where a reference names none (in the order of the fields; an
    /// object referred to twice is listed twice):
    ///
    /// - AIGatewayRoute: `parentRefs`, `targetRefs`, and the `backendRefs` of every rule;
    /// - AIServiceBackend: `backendRef` and `backendSecurityPolicyRef`;
    /// - BackendSecurityPolicy, QuotaPolicy, SecurityPolicy, ClientTrafficPolicy,
    ///   BackendTrafficPolicy: `targetRef`/`targetRefs` (always in the policy's namespace) and
    ///   the Secrets named in the spec;
    /// - MCPRoute: `parentRefs` (a Gateway by default) and `backendRefs` (a core Service by
    ///   default);
    /// - HTTPRoute: `parentRefs` and the `backendRefs` of every rule;
    /// - Gateway: its GatewayClass and `parametersRef`; GatewayClass: `parametersRef`.
    ///
    /// Owner references are not references in this sense (an owner does not use its
    /// dependents), and other kinds refer to nothing here.
    ///
    /// ```
    /// use nrp_llm_config::resources::view::ObjectView;
    /// let v = serde_json::json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1",
    ///     "kind": "AIServiceBackend", "metadata": {"name": "a", "namespace": "nrp-llm"},
    ///     "spec": {"backendRef": {"name": "b", "kind": "Backend", "group": "gateway.envoyproxy.io"}}});
    /// let refs: Vec<String> = ObjectView::new(&v).references().iter().map(|r| r.to_string()).collect();
    /// assert_eq!(refs, ["Backend nrp-llm/b"]);
    /// ```
    pub fn references(&self) -> Vec<ObjectRef> {
        let ns = self.namespace();
        let spec = self.spec();
        let mut out = Vec::new();
        match (self.group(), self.kind()) {
            (AI_GATEWAY_GROUP, "AIGatewayRoute") => {
                let route = RouteView::new(spec);
                out.extend(
                    route
                        .parent_refs()
                        .chain(route.target_refs())
                        .filter_map(|r| r.object_ref(ns)),
                );
                for rule in route.rules() {
                    out.extend(
                        rule.backend_refs()
                            .filter_map(|b| b.reference.object_ref(ns)),
                    );
                }
            }
            (AI_GATEWAY_GROUP, "AIServiceBackend") => {
                let asb = ServiceBackendView::new(spec);
                out.extend(
                    asb.backend_ref()
                        .into_iter()
                        .chain(asb.policy_ref())
                        .filter_map(|r| r.object_ref(ns)),
                );
            }
            (AI_GATEWAY_GROUP, "MCPRoute") => {
                let [parents, backends] = match spec {
                    Some(s) => s.fields(["parentRefs", "backendRefs"]),
                    None => [None; 2],
                };
                out.extend(
                    super::items_of(parents)
                        .map(|n| Reference::read(n, GATEWAY_API_GROUP, "Gateway"))
                        .chain(super::items_of(backends).map(|n| Reference::read(n, "", "Service")))
                        .filter_map(|r| r.object_ref(ns)),
                );
            }
            (AI_GATEWAY_GROUP, "BackendSecurityPolicy" | "QuotaPolicy")
            | (
                ENVOY_GATEWAY_GROUP,
                "SecurityPolicy" | "ClientTrafficPolicy" | "BackendTrafficPolicy",
            ) => {
                let policy = PolicyView::new(spec);
                let targets = policy
                    .target_ref()
                    .into_iter()
                    .chain(policy.target_refs().map(|t| t.reference));
                for t in targets {
                    if let Some(name) = t.name {
                        out.push(ObjectRef::new(t.group, t.kind, ns, name));
                    }
                }
                out.extend(policy.secret_refs(ns));
            }
            (GATEWAY_API_GROUP, "HTTPRoute") => {
                let route = HttpRouteView::new(spec);
                out.extend(
                    route
                        .parent_refs()
                        .chain(route.backend_refs())
                        .filter_map(|r| r.object_ref(ns)),
                );
            }
            (GATEWAY_API_GROUP, "Gateway") => {
                let gateway = GatewayView::new(spec);
                if let Some(class) = gateway.gateway_class_name() {
                    out.push(ObjectRef::new(
                        GATEWAY_API_GROUP,
                        "GatewayClass",
                        None,
                        class,
                    ));
                }
                out.extend(gateway.parameters_ref().and_then(|r| r.object_ref(ns)));
            }
            (GATEWAY_API_GROUP, "GatewayClass") => {
                out.extend(
                    GatewayClassView::new(spec)
                        .parameters_ref()
                        .and_then(|r| r.object_ref(None)),
                );
            }
            _ => {}
        }
        out
    }
}
