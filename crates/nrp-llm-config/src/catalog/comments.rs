//! Carrying the comments of an imported folder into the catalog text.
//!
//! A comment on a rule (above it, or on any of its lines) goes above the catalog entry of the
//! rule's model; one on an AIServiceBackend or Backend, or on a policy's target, goes above the
//! catalog entry of that backend; one on a route's `llmRequestCosts` item goes above the
//! gateway's cost of the same `metadataKey`. Every other comment gets a `comment_not_kept`
//! note with its file and line: nothing is dropped silently.

use serde_json::Value;

use super::Catalog;
use crate::config_set::ConfigSet;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{self, Limits};
use crate::path::FieldPath;
use crate::resources::view::{ObjectView, PolicyView, RouteView};

/// Where a comment goes in the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Place {
    Model(String),
    Backend(String),
    Cost(String),
}

/// The catalog entry a comment on the node at `path` of `object` belongs to.
fn place(object: &Value, path: &FieldPath) -> Vec<Place> {
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    // The nodes from the comment's own up to the object: the first one a view knows decides.
    let segments = path.segments();
    let nodes: Vec<&Value> = (0..=segments.len())
        .rev()
        .filter_map(|n| FieldPath::from_segments(segments[..n].to_vec()).lookup(object))
        .collect();
    let view = ObjectView::new(object);
    match kind {
        "AIGatewayRoute" => {
            let route = RouteView::new(view.spec());
            for node in &nodes {
                for rule in route.rules() {
                    if std::ptr::eq(rule.node().value(), *node) {
                        return rule
                            .model_names()
                            .map(|m| Place::Model(m.value.to_owned()))
                            .collect();
                    }
                }
                let costs = route
                    .costs_node()
                    .and_then(|n| n.value().as_array())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                for (item, cost) in costs.iter().zip(route.costs()) {
                    if std::ptr::eq(item, *node) {
                        return cost
                            .metadata_key
                            .map(|k| Place::Cost(k.to_owned()))
                            .into_iter()
                            .collect();
                    }
                }
            }
            Vec::new()
        }
        "AIServiceBackend" | "Backend" => vec![Place::Backend(name.to_owned())],
        "BackendSecurityPolicy" => {
            let policy = PolicyView::new(view.spec());
            for node in &nodes {
                for t in policy.target_refs() {
                    if std::ptr::eq(t.reference.node.value(), *node) {
                        return t
                            .reference
                            .name
                            .map(|n| Place::Backend(n.to_owned()))
                            .into_iter()
                            .collect();
                    }
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

impl Catalog {
    /// The catalog as YAML ([`Catalog::to_yaml`]) with the comments of the files `set` was read
    /// from placed above the entries they belong to (see the rules in `catalog/comments.rs`), and a
    /// `comment_not_kept` warning for each comment that has no entry to go with. Files that
    /// cannot be read again (stdin, a git revision) contribute no comments.
    pub fn to_yaml_with_comments(&self, set: &ConfigSet) -> (String, Vec<Diagnostic>) {
        let limits = Limits::default();
        let mut notes = Vec::new();
        // Comments per catalog place, in file and line order.
        let mut placed: Vec<(Place, String)> = Vec::new();
        let mut files: Vec<&str> = set
            .objects()
            .iter()
            .filter_map(|o| o.origin().map(|g| &*g.file))
            .collect();
        files.sort_unstable();
        files.dedup();
        for file in files {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            if !text.contains('#') {
                continue;
            }
            let comments = match crate::edit::node_comments(&text, file, &limits) {
                Ok(c) => c,
                Err(e) => {
                    notes.push(
                        Diagnostic::warning(
                            Code::COMMENT_NOT_KEPT,
                            format!("the comments of {file} were not carried into the catalog: {e}"),
                        )
                        .with_hint("the comments stay in the folder's files; add them to the catalog by hand where they belong"),
                    );
                    continue;
                }
            };
            let values = document::parse_values(&text, file, &limits).unwrap_or_default();
            for c in comments {
                let Some(doc) = values.get(c.document) else {
                    continue;
                };
                // A `kind: List` document: the item the comment is in.
                let (object, path) = match c.path.segments() {
                    [
                        crate::path::Segment::Field(items),
                        crate::path::Segment::Index(i),
                        rest @ ..,
                    ] if doc.get("kind").and_then(Value::as_str) == Some("List")
                        && items == "items" =>
                    {
                        (
                            &doc[items.as_str()][*i],
                            FieldPath::from_segments(rest.to_vec()),
                        )
                    }
                    _ => (doc, c.path.clone()),
                };
                let places: Vec<Place> = place(object, &path)
                    .into_iter()
                    .filter(|p| match p {
                        Place::Model(m) => self.models.iter().any(|x| &x.name == m),
                        Place::Backend(b) => self.backends.iter().any(|x| &x.name == b),
                        Place::Cost(k) => self
                            .gateway
                            .llm_request_costs
                            .iter()
                            .any(|x| &x.metadata_key == k),
                    })
                    .collect();
                if places.is_empty() {
                    let mut d = Diagnostic::warning(
                        Code::COMMENT_NOT_KEPT,
                        format!("comment `{}` has no catalog entry to go with", c.text),
                    )
                    .with_hint("it stays in the folder's file; the catalog keeps comments on models, backends and costs");
                    d.location.file = Some(file.to_owned());
                    d.location.line = Some(c.line);
                    notes.push(d);
                }
                for p in places {
                    if !placed.iter().any(|(q, t)| *q == p && *t == c.text) {
                        placed.push((p, c.text.clone()));
                    }
                }
            }
        }
        let text = self.to_yaml();
        if placed.is_empty() {
            return (text, notes);
        }
        match insert_comments(self, &text, &placed) {
            Some(with) => (with, notes),
            None => {
                notes.push(Diagnostic::warning(
                    Code::COMMENT_NOT_KEPT,
                    "the folder's comments could not be placed in the catalog text",
                ));
                (text, notes)
            }
        }
    }
}

/// `text` (the catalog's YAML) with each comment on its own line above its entry; `None` when
/// the result would not read back as the same catalog.
fn insert_comments(catalog: &Catalog, text: &str, placed: &[(Place, String)]) -> Option<String> {
    let limits = Limits::default();
    let object = document::parse_str(text, "catalog.yaml", &limits)
        .ok()?
        .pop()?;
    let mut above: Vec<Vec<String>> = vec![Vec::new(); text.lines().count() + 1];
    for (p, comment) in placed {
        let path = match p {
            Place::Model(m) => FieldPath::root()
                .field("models")
                .index(catalog.models.iter().position(|x| &x.name == m)?),
            Place::Backend(b) => FieldPath::root()
                .field("backends")
                .index(catalog.backends.iter().position(|x| &x.name == b)?),
            Place::Cost(k) => FieldPath::root()
                .field("gateway")
                .field("llmRequestCosts")
                .index(
                    catalog
                        .gateway
                        .llm_request_costs
                        .iter()
                        .position(|x| &x.metadata_key == k)?,
                ),
        };
        let pos = object.locate(&path)?;
        let line = text.lines().nth(pos.line as usize - 1)?;
        let dash = line.find("- ")?;
        above[pos.line as usize - 1].push(format!("{}{comment}", " ".repeat(dash)));
    }
    let mut out = String::new();
    for (i, l) in text.lines().enumerate() {
        for c in &above[i] {
            out.push_str(c);
            out.push('\n');
        }
        out.push_str(l);
        out.push('\n');
    }
    let same = document::parse_values(&out, "catalog.yaml", &limits).ok()?
        == document::parse_values(text, "catalog.yaml", &limits).ok()?;
    same.then_some(out)
}
