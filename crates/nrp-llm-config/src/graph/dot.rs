//! Graphviz DOT output.

use super::{EdgeStyle, Graph, NodeState};
use std::fmt::Write as _;

impl Graph {
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

/// Escapes text for a quoted DOT string: backslash and double quote are escaped, control
/// characters (newlines included) become spaces.
pub(super) fn dot_escape(text: &str) -> String {
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
