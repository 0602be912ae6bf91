//! The object graph of a configuration, drawn like the admin guide's diagram (Mermaid or DOT).
//!
//! [`Graph::from_config_set`] reads the references between the objects of a [`ConfigSet`](crate::ConfigSet):
//!
//! | Edge | Read from |
//! |---|---|
//! | EnvoyProxy → GatewayClass | `GatewayClass.spec.parametersRef` |
//! | EnvoyProxy → Gateway | `Gateway.spec.infrastructure.parametersRef` |
//! | GatewayClass → Gateway | `Gateway.spec.gatewayClassName` |
//! | Gateway → AIGatewayRoute | `AIGatewayRoute.spec.parentRefs` (and the old `spec.targetRefs`) |
//! | AIGatewayRoute → AIServiceBackend | `spec.rules[].backendRefs`, labelled with the model names |
//! | AIServiceBackend → Backend | `AIServiceBackend.spec.backendRef`, the Backend shows its endpoints |
//! | BackendSecurityPolicy → AIServiceBackend | `spec.targetRefs`, or the old `AIServiceBackend.spec.backendSecurityPolicyRef` |
//! | Gateway ⇢ HTTPRoute | `HTTPRoute.spec.parentRefs` (dotted) |
//! | HTTPRoute → AIGatewayRoute | an `ownerReference` of a generated HTTPRoute |
//! | HTTPRoute → backend | `HTTPRoute.spec.rules[].backendRefs` |
//! | SecurityPolicy, ClientTrafficPolicy → target | `spec.targetRef`, `spec.targetRefs` |
//! | policy ⇢ Secret | any `secretRef`-like field (dotted; only the Secret's name is shown) |
//!
//! A reference whose target is not in the set is drawn to a node of its own. When the target is
//! one of the four kinds admins manage (AIGatewayRoute, AIServiceBackend, BackendSecurityPolicy,
//! Backend), or the set holds other objects of the target's kind (one of the ten kinds above), the
//! reference is *dangling*: node and edge are drawn in red. Otherwise the target simply lives
//! elsewhere (the Gateway of a `models-config/` folder, Secrets, Services): it is drawn dashed and
//! grey.
//!
//! Output is stable: nodes are ordered by kind (following the diagram from left to right), then
//! namespace and name; edges by their ends. Secret data is never read.
//!
//! ```
//! use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}, graph::Graph};
//! let yaml = "
//! apiVersion: aigateway.envoyproxy.io/v1alpha1
//! kind: AIServiceBackend
//! metadata: {name: qwen, namespace: nrp-llm}
//! spec:
//!   schema: {name: OpenAI}
//!   backendRef: {group: gateway.envoyproxy.io, kind: Backend, name: qwen}
//! ";
//! let set = ConfigSet::from_objects(parse_str(yaml, "a.yaml", &Limits::default()).unwrap());
//! let graph = Graph::from_config_set(&set);
//! assert_eq!(graph.edges().len(), 1);
//! assert!(graph.edges()[0].is_dangling(&graph)); // the Backend is missing
//! assert!(graph.to_mermaid().starts_with("graph LR\n"));
//! assert!(graph.to_dot().contains("color=\"#cc0000\""));
//! ```

mod build;
mod dot;
mod mermaid;
#[cfg(test)]
mod tests;

use crate::ObjectRef;
use std::collections::HashSet;

/// Whether a node stands for an object of the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeState {
    /// The object is in the set.
    Present,
    /// Referenced but not in the set, although it should be (a dangling reference): drawn red.
    Missing,
    /// Referenced, not in the set, and expected to live elsewhere (e.g. the shared Gateway, a
    /// Secret): drawn dashed.
    External,
}

/// One object of the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The object.
    pub object: ObjectRef,
    /// Extra label lines (a Backend's endpoints, a policy's type).
    pub details: Vec<String>,
    /// Present, missing or external.
    pub state: NodeState,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeStyle {
    /// A reference that shapes routing (drawn solid).
    Solid,
    /// A looser link: generated objects, Secrets (drawn dotted).
    Dotted,
}

/// A reference between two nodes, oriented like the admin guide's diagram (traffic and policy
/// direction, not the direction of the YAML field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Index of the source node in [`Graph::nodes`].
    pub from: usize,
    /// Index of the target node in [`Graph::nodes`].
    pub to: usize,
    /// Text on the edge (the model names of a route → backend edge).
    pub label: Option<String>,
    /// Solid or dotted.
    pub style: EdgeStyle,
}

impl Edge {
    /// True when one end of the edge is a [`NodeState::Missing`] node.
    pub fn is_dangling(&self, graph: &Graph) -> bool {
        [self.from, self.to].iter().any(|&i| {
            graph
                .nodes
                .get(i)
                .is_some_and(|n| n.state == NodeState::Missing)
        })
    }
}

/// The graph of a set of objects. Build it with [`Graph::from_config_set`], print it with
/// [`Graph::to_mermaid`] or [`Graph::to_dot`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

impl Graph {
    /// The nodes, in output order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The edges, in output order.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Label lines of a node: kind, `namespace/name`, details, and a note for missing and
    /// external objects.
    fn label_lines(node: &Node) -> Vec<String> {
        let mut lines = vec![node.object.kind.clone(), node.object.qualified_name()];
        lines.extend(node.details.iter().cloned());
        match node.state {
            NodeState::Present => {}
            NodeState::Missing => lines.push("missing".to_owned()),
            NodeState::External => lines.push("not in these files".to_owned()),
        }
        lines
    }

    /// Node ids made of `[a-z0-9_]` only (a short kind prefix and the name), unique.
    fn node_ids(&self) -> Vec<String> {
        let mut seen: HashSet<String> = HashSet::new();
        self.nodes
            .iter()
            .map(|n| {
                let prefix = match n.object.kind.as_str() {
                    "EnvoyProxy" => "proxy".to_owned(),
                    "GatewayClass" => "class".to_owned(),
                    "ClientTrafficPolicy" => "ctp".to_owned(),
                    "Gateway" => "gw".to_owned(),
                    "SecurityPolicy" => "sp".to_owned(),
                    "HTTPRoute" => "httproute".to_owned(),
                    "AIGatewayRoute" => "route".to_owned(),
                    "BackendSecurityPolicy" => "bsp".to_owned(),
                    "AIServiceBackend" => "asb".to_owned(),
                    "Backend" => "be".to_owned(),
                    other => other.to_owned(),
                };
                let raw = format!("{prefix}_{}", n.object.name);
                let mut base: String = raw
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    base.insert_str(0, "n_");
                }
                let mut id = base.clone();
                let mut i = 2;
                while !seen.insert(id.clone()) {
                    id = format!("{base}_{i}");
                    i += 1;
                }
                id
            })
            .collect()
    }
}
