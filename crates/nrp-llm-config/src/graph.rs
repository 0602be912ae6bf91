//! The object graph of a configuration, drawn like the admin guide's diagram (Mermaid or DOT).
//!
//! [`Graph::from_config_set`] reads the references between the objects of a [`ConfigSet`]:
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

use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP};
use crate::resources::view::{
    BackendView, Endpoint, GatewayClassView, GatewayView, HttpRouteView, Node as ViewNode,
    ObjectView, PolicyView, RouteView, ServiceBackendView,
};
use crate::{ConfigSet, ObjectRef};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

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

/// Kinds drawn as nodes even when nothing references them, in diagram order (left to right).
const KIND_ORDER: &[(&str, &str)] = &[
    (ENVOY_GATEWAY_GROUP, "EnvoyProxy"),
    (GATEWAY_API_GROUP, "GatewayClass"),
    (ENVOY_GATEWAY_GROUP, "ClientTrafficPolicy"),
    (GATEWAY_API_GROUP, "Gateway"),
    (ENVOY_GATEWAY_GROUP, "SecurityPolicy"),
    (GATEWAY_API_GROUP, "HTTPRoute"),
    (AI_GATEWAY_GROUP, "AIGatewayRoute"),
    (AI_GATEWAY_GROUP, "BackendSecurityPolicy"),
    (AI_GATEWAY_GROUP, "AIServiceBackend"),
    (ENVOY_GATEWAY_GROUP, "Backend"),
];

/// The kinds admins manage in `models-config/`: a reference to a missing one is dangling.
const MANAGED: &[(&str, &str)] = &[
    (AI_GATEWAY_GROUP, "AIGatewayRoute"),
    (AI_GATEWAY_GROUP, "AIServiceBackend"),
    (AI_GATEWAY_GROUP, "BackendSecurityPolicy"),
    (ENVOY_GATEWAY_GROUP, "Backend"),
];

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
                (AI_GATEWAY_GROUP, "BackendSecurityPolicy")
                | (ENVOY_GATEWAY_GROUP, "SecurityPolicy" | "ClientTrafficPolicy") => {
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

    /// Renders the graph as a Mermaid flowchart (`graph LR`), as GitLab shows in merge requests
    /// and Markdown files. Labels are quoted and every character that Mermaid could read as
    /// syntax is written as an entity code (`#quot;`, `#35;` ...). Missing objects and dangling
    /// edges are red, external objects dashed.
    ///
    /// ```
    /// # use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}, graph::Graph};
    /// # let yaml = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b, namespace: n}\nspec:\n  endpoints: [{fqdn: {hostname: h.example, port: 80}}]\n";
    /// # let set = ConfigSet::from_objects(parse_str(yaml, "b.yaml", &Limits::default()).unwrap());
    /// let text = Graph::from_config_set(&set).to_mermaid();
    /// assert!(text.contains(r#"be_b["Backend<br/>n/b<br/>h.example:80"]"#));
    /// ```
    pub fn to_mermaid(&self) -> String {
        let ids = self.node_ids();
        let mut s = String::from("graph LR\n");
        for (node, id) in self.nodes.iter().zip(&ids) {
            let label: Vec<String> = Self::label_lines(node)
                .iter()
                .map(|l| mermaid_escape(l))
                .collect();
            let _ = writeln!(s, "  {id}[\"{}\"]", label.join("<br/>"));
        }
        let mut red_links = Vec::new();
        for (i, e) in self.edges.iter().enumerate() {
            let arrow = match e.style {
                EdgeStyle::Solid => "-->",
                EdgeStyle::Dotted => "-.->",
            };
            let label = e
                .label
                .as_deref()
                .map(|l| format!("|\"{}\"|", mermaid_escape(l)))
                .unwrap_or_default();
            let _ = writeln!(s, "  {} {arrow}{label} {}", ids[e.from], ids[e.to]);
            if e.is_dangling(self) {
                red_links.push(i.to_string());
            }
        }
        let class_of = |state: NodeState| -> Vec<&str> {
            self.nodes
                .iter()
                .zip(&ids)
                .filter(|(n, _)| n.state == state)
                .map(|(_, id)| id.as_str())
                .collect()
        };
        let missing = class_of(NodeState::Missing);
        let external = class_of(NodeState::External);
        if !missing.is_empty() {
            s.push_str(
                "  classDef missing fill:#ffe5e5,stroke:#cc0000,stroke-width:2px,color:#cc0000\n",
            );
            let _ = writeln!(s, "  class {} missing", missing.join(","));
        }
        if !external.is_empty() {
            s.push_str(
                "  classDef external fill:#f5f5f5,stroke:#888888,stroke-dasharray:4 3,color:#555555\n",
            );
            let _ = writeln!(s, "  class {} external", external.join(","));
        }
        if !red_links.is_empty() {
            let _ = writeln!(
                s,
                "  linkStyle {} stroke:#cc0000,stroke-width:2px,color:#cc0000",
                red_links.join(",")
            );
        }
        s
    }

    /// Renders the graph in Graphviz DOT (`dot -Tpng` turns it into a picture). Every string is
    /// quoted and escaped. Missing objects and dangling edges are red, external objects dashed.
    ///
    /// ```
    /// # use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}, graph::Graph};
    /// # let yaml = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b, namespace: n}\nspec: {}\n";
    /// # let set = ConfigSet::from_objects(parse_str(yaml, "b.yaml", &Limits::default()).unwrap());
    /// let text = Graph::from_config_set(&set).to_dot();
    /// assert!(text.starts_with("digraph config {\n"));
    /// assert!(text.contains(r#""be_b" [label="Backend\nn/b"]"#));
    /// ```
    pub fn to_dot(&self) -> String {
        let ids = self.node_ids();
        let mut s = String::from("digraph config {\n");
        s.push_str("  rankdir=LR;\n");
        s.push_str(
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n",
        );
        s.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (node, id) in self.nodes.iter().zip(&ids) {
            let label: Vec<String> = Self::label_lines(node)
                .iter()
                .map(|l| dot_escape(l))
                .collect();
            let style = match node.state {
                NodeState::Present => String::new(),
                NodeState::Missing => {
                    ", color=\"#cc0000\", fontcolor=\"#cc0000\", fillcolor=\"#ffe5e5\", penwidth=2"
                        .to_owned()
                }
                NodeState::External => {
                    ", style=\"rounded,dashed,filled\", color=\"#888888\", fontcolor=\"#555555\", fillcolor=\"#f5f5f5\""
                        .to_owned()
                }
            };
            let _ = writeln!(
                s,
                "  \"{}\" [label=\"{}\"{style}];",
                dot_escape(id),
                label.join("\\n")
            );
        }
        for e in &self.edges {
            let mut attrs = Vec::new();
            if let Some(l) = &e.label {
                attrs.push(format!("label=\"{}\"", dot_escape(l)));
            }
            if e.style == EdgeStyle::Dotted {
                attrs.push("style=dotted".to_owned());
            }
            if e.is_dangling(self) {
                attrs.push("color=\"#cc0000\", fontcolor=\"#cc0000\", penwidth=2".to_owned());
            }
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            };
            let _ = writeln!(
                s,
                "  \"{}\" -> \"{}\"{attrs};",
                dot_escape(&ids[e.from]),
                dot_escape(&ids[e.to])
            );
        }
        s.push_str("}\n");
        s
    }
}

/// Escapes text for a quoted Mermaid label: letters, digits, space and `.-_/:,=@+` stay, every
/// other character becomes a decimal entity code (`#34;`), which Mermaid decodes when drawing.
fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || " .-_/:,=@+".contains(c) {
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            let _ = write!(out, "#{};", u32::from(c));
        }
    }
    out
}

/// Escapes text for a quoted DOT string: backslash and double quote are escaped, control
/// characters (newlines included) become spaces.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Limits, parse_str};

    fn graph(yaml: &str) -> Graph {
        let set = ConfigSet::from_objects(parse_str(yaml, "t.yaml", &Limits::default()).unwrap());
        Graph::from_config_set(&set)
    }

    const FULL: &str = r#"
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: proxy, namespace: envoy-gateway-system}
spec: {}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy, namespace: envoy-gateway-system}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: nrp-llm}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: ctp, namespace: nrp-llm}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route
  namespace: nrp-llm
  ownerReferences: [{apiVersion: aigateway.envoyproxy.io/v1alpha1, kind: AIGatewayRoute, name: route, uid: x}]
spec:
  parentRefs: [{name: gw}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: sp, namespace: nrp-llm}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: route}]
  apiKeyAuth:
    credentialRefs: [{name: client-keys}]
    extractFrom: [{headers: [x-api-key]}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {name: route, namespace: nrp-llm}
spec:
  parentRefs: [{name: gw, kind: Gateway, group: gateway.networking.k8s.io}]
  rules:
  - matches: [{headers: [{type: Exact, name: x-ai-eg-model, value: "a\"b<c>#1"}]}]
    backendRefs: [{name: asb}]
  - matches: [{headers: [{type: Exact, name: x-ai-eg-model, value: other}]}]
    backendRefs: [{name: asb}, {name: gone}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata: {name: asb, namespace: nrp-llm}
spec:
  schema: {name: OpenAI}
  backendRef: {name: be, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: be, namespace: nrp-llm}
spec:
  endpoints: [{fqdn: {hostname: be.example, port: 5000}}, {ip: {address: 10.0.0.1, port: 80}}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata: {name: key, namespace: nrp-llm}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: asb}]
  type: APIKey
  apiKey: {secretRef: {name: openai-apikey, namespace: nrp-llm}}
---
apiVersion: v1
kind: Secret
metadata: {name: openai-apikey, namespace: nrp-llm}
stringData: {apiKey: sk-very-secret}
"#;

    #[test]
    fn every_edge_of_the_guide_diagram() {
        let g = graph(FULL);
        let edges: Vec<String> = g
            .edges()
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}{}",
                    g.nodes()[e.from].object,
                    if e.style == EdgeStyle::Dotted {
                        "-.->"
                    } else {
                        "-->"
                    },
                    g.nodes()[e.to].object,
                    e.label
                        .as_deref()
                        .map(|l| format!(" [{l}]"))
                        .unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            edges,
            [
                "EnvoyProxy envoy-gateway-system/proxy --> GatewayClass eg",
                "GatewayClass eg --> Gateway nrp-llm/gw",
                "ClientTrafficPolicy nrp-llm/ctp --> Gateway nrp-llm/gw",
                "Gateway nrp-llm/gw -.-> HTTPRoute nrp-llm/route",
                "Gateway nrp-llm/gw --> AIGatewayRoute nrp-llm/route",
                "SecurityPolicy nrp-llm/sp --> HTTPRoute nrp-llm/route",
                "SecurityPolicy nrp-llm/sp -.-> Secret nrp-llm/client-keys",
                "HTTPRoute nrp-llm/route --> AIGatewayRoute nrp-llm/route",
                "AIGatewayRoute nrp-llm/route --> AIServiceBackend nrp-llm/asb [a\"b<c>#1, other]",
                "AIGatewayRoute nrp-llm/route --> AIServiceBackend nrp-llm/gone [other]",
                "BackendSecurityPolicy nrp-llm/key --> AIServiceBackend nrp-llm/asb",
                "BackendSecurityPolicy nrp-llm/key -.-> Secret nrp-llm/openai-apikey",
                "AIServiceBackend nrp-llm/asb --> Backend nrp-llm/be",
            ]
        );
        let gone = g.nodes().iter().find(|n| n.object.name == "gone").unwrap();
        assert_eq!(gone.state, NodeState::Missing);
        let keys = g
            .nodes()
            .iter()
            .find(|n| n.object.name == "client-keys")
            .unwrap();
        assert_eq!(keys.state, NodeState::External);
        let be = g.nodes().iter().find(|n| n.object.name == "be").unwrap();
        assert_eq!(be.details, ["be.example:5000", "10.0.0.1:80"]);
    }

    #[test]
    fn renderers_escape_and_never_show_secret_data() {
        let g = graph(FULL);
        let m = g.to_mermaid();
        assert!(m.contains(r#"|"a#34;b#60;c#62;#35;1, other"|"#), "{m}");
        assert!(!m.contains("sk-very-secret"));
        assert!(m.contains("openai-apikey"));
        // Only sanitised ids start a line or follow an arrow.
        for line in m.lines().skip(1) {
            let first = line.trim_start().split(['[', ' ']).next().unwrap();
            assert!(
                first
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    || ["classDef", "class", "linkStyle"].contains(&first),
                "{line}"
            );
        }
        // The dangling edge (route -> gone) is red: it is the 10th edge (index 9).
        assert!(m.contains("linkStyle 9 stroke:#cc0000"), "{m}");
        let d = g.to_dot();
        assert!(d.contains(r#"label="a\"b<c>#1, other""#), "{d}");
        assert!(!d.contains("sk-very-secret"));
        assert!(d.ends_with("}\n"));
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        let docs: Vec<&str> = FULL.split("\n---\n").collect();
        let reversed: Vec<&str> = docs.iter().rev().copied().collect();
        let a = graph(&docs.join("\n---\n"));
        let b = graph(&reversed.join("\n---\n"));
        assert_eq!(a.to_mermaid(), b.to_mermaid());
        assert_eq!(a.to_dot(), b.to_dot());
    }

    #[test]
    fn colliding_ids_are_made_unique() {
        let g = graph(
            "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: a-b, namespace: n}\nspec: {}\n---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: a.b, namespace: n}\nspec: {}\n",
        );
        let ids = g.node_ids();
        assert_eq!(ids, ["be_a_b", "be_a_b_2"]);
    }

    #[test]
    fn escaping() {
        assert_eq!(mermaid_escape("x\"y#z;"), "x#34;y#35;z#59;");
        assert_eq!(dot_escape("a\\b\"c\nd"), "a\\\\b\\\"c d");
    }
}
