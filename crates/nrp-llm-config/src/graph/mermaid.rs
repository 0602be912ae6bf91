//! Mermaid output (renders in GitLab merge requests and Markdown).

use super::{EdgeStyle, Graph, NodeState};
use std::fmt::Write as _;

impl Graph {
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
}

/// Escapes text for a quoted Mermaid label: letters, digits, space and `.-_/:,=@+` stay, every
/// other character becomes a decimal entity code (`#34;`), which Mermaid decodes when drawing.
pub(super) fn mermaid_escape(text: &str) -> String {
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
