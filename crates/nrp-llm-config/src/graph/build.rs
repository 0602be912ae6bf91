//! Building a [`Graph`] from a set: the edges each kind contributes, read through the view layer.

use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP};
use crate::resources::view::{
    BackendView, Endpoint, GatewayClassView, GatewayView, HttpRouteView, Node as ViewNode,
    ObjectView, PolicyView, QuotaPolicyView, RouteView, ServiceBackendView,
};
use crate::{ConfigSet, ObjectRef};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{Edge, EdgeStyle, Graph, Node, NodeState};

/// Kinds drawn as nodes even when nothing references them, in diagram order (left to right).
const KIND_ORDER: &[(&str, &str)] = &[
    (ENVOY_GATEWAY_GROUP, "EnvoyProxy"),
    (GATEWAY_API_GROUP, "GatewayClass"),
    (AI_GATEWAY_GROUP, "GatewayConfig"),
    (ENVOY_GATEWAY_GROUP, "ClientTrafficPolicy"),
    (GATEWAY_API_GROUP, "Gateway"),
    (ENVOY_GATEWAY_GROUP, "SecurityPolicy"),
    (ENVOY_GATEWAY_GROUP, "BackendTrafficPolicy"),
    (GATEWAY_API_GROUP, "HTTPRoute"),
    (AI_GATEWAY_GROUP, "AIGatewayRoute"),
    (AI_GATEWAY_GROUP, "MCPRoute"),
    (AI_GATEWAY_GROUP, "BackendSecurityPolicy"),
    (AI_GATEWAY_GROUP, "QuotaPolicy"),
    (AI_GATEWAY_GROUP, "AIServiceBackend"),
    (ENVOY_GATEWAY_GROUP, "Backend"),
];

/// The kinds admins manage in `models-config/`: a reference to a missing one is dangling.
const MANAGED: &[(&str, &str)] = &[
    (AI_GATEWAY_GROUP, "AIGatewayRoute"),
    (AI_GATEWAY_GROUP, "AIServiceBackend"),
    (AI_GATEWAY_GROUP, "BackendSecurityPolicy"),
    (AI_GATEWAY_GROUP, "QuotaPolicy"),
    (AI_GATEWAY_GROUP, "MCPRoute"),
    (AI_GATEWAY_GROUP, "GatewayConfig"),
    (ENVOY_GATEWAY_GROUP, "Backend"),
];

/// The annotation by which a Gateway selects its GatewayConfig (same namespace).
pub(crate) const GATEWAY_CONFIG_ANNOTATION: &str = "aigateway.envoyproxy.io/gateway-config";

fn kind_rank(group: &str, kind: &str) -> usize {
    KIND_ORDER
        .iter()
        .position(|(g, k)| *g == group && *k == kind)
        .unwrap_or(KIND_ORDER.len())
}

/// Collects `(from, to, label, style)` before nodes get their final indexes.
#[derive(Default)]
struct Builder {
    edges: BTreeMap<(ObjectRef, ObjectRef, EdgeStyle), BTreeSet<String>>,
}

impl Builder {
    fn add(&mut self, from: ObjectRef, to: ObjectRef, style: EdgeStyle) {
        self.edges.entry((from, to, style)).or_default();
    }

    fn add_labelled(&mut self, from: ObjectRef, to: ObjectRef, labels: &[String]) {
        self.edges
            .entry((from, to, EdgeStyle::Solid))
            .or_default()
            .extend(labels.iter().cloned());
    }
}

/// A Backend's endpoints as `host:port`, `ip:port` or `unix:path`.
fn endpoints(backend: BackendView<'_>) -> Vec<String> {
    let port =
        |p: Option<&Value>| p.map_or_else(String::new, |p| format!(":{}", p.as_u64().unwrap_or(0)));
    backend
        .endpoints()
        .filter_map(|e| match e {
            Endpoint::Fqdn { hostname, port: p } => {
                Some(format!("{}{}", hostname.unwrap_or("?"), port(p)))
            }
            Endpoint::Ip { address, port: p } => {
                Some(format!("{}{}", address.unwrap_or("?"), port(p)))
            }
            Endpoint::Unix { path } => Some(format!("unix:{}", path.unwrap_or("?"))),
            Endpoint::Other => None,
        })
        .collect()
}

fn details(group: &str, kind: &str, spec: Option<ViewNode<'_>>) -> Vec<String> {
    match (group, kind) {
        (ENVOY_GATEWAY_GROUP, "Backend") => endpoints(BackendView::new(spec)),
        (AI_GATEWAY_GROUP, "BackendSecurityPolicy") => PolicyView::new(spec)
            .policy_type()
            .map(str::to_owned)
            .into_iter()
            .collect(),
        (AI_GATEWAY_GROUP, "AIServiceBackend") => ServiceBackendView::new(spec)
            .schema_name()
            .map(|s| format!("schema {s}"))
            .into_iter()
            .collect(),
        (AI_GATEWAY_GROUP, "QuotaPolicy") => QuotaPolicyView::new(spec)
            .per_model_quotas()
            .map(|q| {
                let limit = q.limit.map_or_else(|| "?".to_owned(), |l| l.to_string());
                let each = q
                    .per_client
                    .map_or_else(String::new, |h| format!(" per {h}"));
                format!(
                    "{}: {limit}/{}{each}",
                    q.model_name.unwrap_or("?"),
                    q.duration.unwrap_or("?")
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl Graph {
    /// Builds the graph of a set (see the module documentation for the edges read).
    ///
    /// ```
    /// use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}, graph::{Graph, NodeState}};
    /// let yaml = "
    /// apiVersion: aigateway.envoyproxy.io/v1alpha1
    /// kind: AIGatewayRoute
    /// metadata: {name: r, namespace: nrp-llm}
    /// spec:
    ///   parentRefs: [{name: gw}]
    ///   rules:
    ///   - matches: [{headers: [{type: Exact, name: x-ai-eg-model, value: qwen3}]}]
    ///     backendRefs: [{name: qwen}]
    /// ";
    /// let set = ConfigSet::from_objects(parse_str(yaml, "r.yaml", &Limits::default()).unwrap());
    /// let g = Graph::from_config_set(&set);
    /// let names: Vec<String> = g.nodes().iter().map(|n| n.object.to_string()).collect();
    /// assert_eq!(names, ["Gateway nrp-llm/gw", "AIGatewayRoute nrp-llm/r", "AIServiceBackend nrp-llm/qwen"]);
    /// assert_eq!(g.nodes()[0].state, NodeState::External);
    /// assert_eq!(g.nodes()[2].state, NodeState::Missing);
    /// assert_eq!(g.edges()[1].label.as_deref(), Some("qwen3"));
    /// ```
    pub fn from_config_set(set: &ConfigSet) -> Graph {
        let mut b = Builder::default();
        let mut present: HashMap<ObjectRef, Vec<String>> = HashMap::new();
        for o in set.objects() {
            let Some(me) = o.object_ref() else { continue };
            let object = ObjectView::new(o.value());
            let ns = o.namespace();
            let spec = object.spec();
            let kind_known = kind_rank(&me.group, &me.kind) < KIND_ORDER.len();
            if !kind_known {
                // Other objects (Secrets, Services, ...) are drawn only when referenced, by name;
                // their data is never looked at.
                present.insert(me, Vec::new());
                continue;
            }
            present.insert(me.clone(), details(&me.group, &me.kind, spec));
            match (me.group.as_str(), me.kind.as_str()) {
                (GATEWAY_API_GROUP, "GatewayClass") => {
                    let params = GatewayClassView::new(spec).parameters_ref();
                    if let Some(r) = params.and_then(|r| r.object_ref(None)) {
                        b.add(r, me.clone(), EdgeStyle::Solid);
                    }
                }
                (GATEWAY_API_GROUP, "Gateway") => {
                    if let Some(config) = object.annotation(GATEWAY_CONFIG_ANNOTATION) {
                        let r = ObjectRef::new(AI_GATEWAY_GROUP, "GatewayConfig", ns, config);
                        b.add(r, me.clone(), EdgeStyle::Solid);
                    }
                    let gateway = GatewayView::new(spec);
                    if let Some(class) = gateway.gateway_class_name() {
                        let r = ObjectRef::new(GATEWAY_API_GROUP, "GatewayClass", None, class);
                        b.add(r, me.clone(), EdgeStyle::Solid);
                    }
                    if let Some(r) = gateway.parameters_ref().and_then(|r| r.object_ref(ns)) {
                        b.add(r, me.clone(), EdgeStyle::Solid);
                    }
                }
                (AI_GATEWAY_GROUP, "AIGatewayRoute") => {
                    let route = RouteView::new(spec);
                    for p in route.parent_refs().chain(route.target_refs()) {
                        if let Some(r) = p.object_ref(ns) {
                            b.add(r, me.clone(), EdgeStyle::Solid);
                        }
                    }
                    for rule in route.rules() {
                        let models: Vec<String> =
                            rule.model_names().map(|m| m.value.to_owned()).collect();
                        for br in rule.backend_refs() {
                            if let Some(r) = br.reference.object_ref(ns) {
                                b.add_labelled(me.clone(), r, &models);
                            }
                        }
                    }
                }
                (AI_GATEWAY_GROUP, "AIServiceBackend") => {
                    let asb = ServiceBackendView::new(spec);
                    if let Some(r) = asb.backend_ref().and_then(|r| r.object_ref(ns)) {
                        b.add(me.clone(), r, EdgeStyle::Solid);
                    }
                    if let Some(r) = asb.policy_ref().and_then(|r| r.object_ref(ns)) {
                        b.add(r, me.clone(), EdgeStyle::Solid);
                    }
                }
                (AI_GATEWAY_GROUP, "MCPRoute") => {
                    for r in object.references() {
                        if r.kind == "Gateway" && r.group == GATEWAY_API_GROUP {
                            b.add(r, me.clone(), EdgeStyle::Solid);
                        } else {
                            b.add(me.clone(), r, EdgeStyle::Solid);
                        }
                    }
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
                        // Policy targets are always local to the policy's namespace.
                        if let Some(name) = t.name {
                            let r = ObjectRef::new(t.group, t.kind, ns, name);
                            b.add(me.clone(), r, EdgeStyle::Solid);
                        }
                    }
                    for s in policy.secret_refs(ns) {
                        b.add(me.clone(), s, EdgeStyle::Dotted);
                    }
                }
                (GATEWAY_API_GROUP, "HTTPRoute") => {
                    let route = HttpRouteView::new(spec);
                    for p in route.parent_refs() {
                        if let Some(r) = p.object_ref(ns) {
                            b.add(r, me.clone(), EdgeStyle::Dotted);
                        }
                    }
                    for owner in object.owner_references() {
                        if let (Some(kind), Some(name)) = (owner.kind, owner.name)
                            && owner.group() == AI_GATEWAY_GROUP
                            && kind == "AIGatewayRoute"
                        {
                            let r = ObjectRef::new(AI_GATEWAY_GROUP, kind, ns, name);
                            b.add(me.clone(), r, EdgeStyle::Solid);
                        }
                    }
                    for br in route.backend_refs() {
                        if let Some(r) = br.object_ref(ns) {
                            b.add(me.clone(), r, EdgeStyle::Solid);
                        }
                    }
                }
                _ => {}
            }
        }
        Self::assemble(&present, b)
    }

    fn assemble(present: &HashMap<ObjectRef, Vec<String>>, b: Builder) -> Graph {
        let kinds_in_set: HashSet<(&str, &str)> = present
            .keys()
            .map(|r| (r.group.as_str(), r.kind.as_str()))
            .filter(|(g, k)| kind_rank(g, k) < KIND_ORDER.len())
            .collect();
        let mut refs: BTreeSet<ObjectRef> = BTreeSet::new();
        for r in present.keys() {
            if kind_rank(&r.group, &r.kind) < KIND_ORDER.len() {
                refs.insert(r.clone());
            }
        }
        for (from, to, _) in b.edges.keys() {
            refs.insert(from.clone());
            refs.insert(to.clone());
        }
        let mut nodes: Vec<Node> = refs
            .into_iter()
            .map(|object| {
                let (state, details) = match present.get(&object) {
                    Some(d) => (NodeState::Present, d.clone()),
                    None => {
                        let key = (object.group.as_str(), object.kind.as_str());
                        let missing = MANAGED.contains(&key) || kinds_in_set.contains(&key);
                        let state = if missing {
                            NodeState::Missing
                        } else {
                            NodeState::External
                        };
                        (state, Vec::new())
                    }
                };
                Node {
                    object,
                    details,
                    state,
                }
            })
            .collect();
        nodes.sort_by(|a, b| {
            let key = |n: &Node| {
                (
                    kind_rank(&n.object.group, &n.object.kind),
                    n.object.group.clone(),
                    n.object.kind.clone(),
                    n.object.namespace.clone(),
                    n.object.name.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        let index: HashMap<&ObjectRef, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (&n.object, i))
            .collect();
        let mut edges: Vec<Edge> = b
            .edges
            .iter()
            .filter_map(|((from, to, style), labels)| {
                Some(Edge {
                    from: *index.get(from)?,
                    to: *index.get(to)?,
                    label: (!labels.is_empty())
                        .then(|| labels.iter().cloned().collect::<Vec<_>>().join(", ")),
                    style: *style,
                })
            })
            .collect();
        edges.sort_by_key(|e| (e.from, e.to, e.style));
        Graph { nodes, edges }
    }
}
