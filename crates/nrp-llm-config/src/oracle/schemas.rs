//! The embedded CRD schemas: index, node pool, and the parsed structural schema tree.
//!
//! The two files under `data/schemas/` are written by `cargo xtask gen-schemas` from the CRD
//! manifests in the repository's `upstream/` folder (see `xtask/src/schemas.rs`):
//!
//! - `index.json`: per upstream bundle (`ai-gateway/v1.1.0`, `envoy-gateway/v1.8.1`, ...) its
//!   CRDs (group, kind, plural, scope) and per version `served`, `storage`, the deprecation
//!   flag and warning, whether the status subresource is on, and the id of the root node;
//! - `nodes.json`: a list of schema nodes without `description`s, where every sub-schema
//!   (`properties` values, `items`, an object `additionalProperties`, the members of `allOf`,
//!   `anyOf` and `oneOf`, `not`) is replaced by its index in the list, so identical sub-trees
//!   are stored once. [`Data::expand`] undoes this.

use regex::Regex;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The embedded `index.json`.
pub(crate) const INDEX_JSON: &str = include_str!("../../data/schemas/index.json");
/// The embedded `nodes.json`.
pub(crate) const NODES_JSON: &str = include_str!("../../data/schemas/nodes.json");

/// Parsed embedded data, shared by all releases.
pub(crate) struct Data {
    /// Raw pool entries (children are ids).
    pub(crate) raw: Vec<Value>,
    /// Structural nodes, built on first use.
    nodes: Vec<OnceLock<Arc<Node>>>,
    /// Bundle name (`ai-gateway/v1.1.0`) → CRDs.
    pub(crate) bundles: HashMap<String, Vec<CrdInfo>>,
}

/// One CRD of a bundle, as listed in the index.
#[derive(Clone, Debug)]
pub(crate) struct CrdInfo {
    pub(crate) group: String,
    pub(crate) kind: String,
    pub(crate) plural: String,
    pub(crate) namespaced: bool,
    /// The CRD's `spec.conversion.strategy` is `None`: its versions differ in name only.
    pub(crate) conversion_none: bool,
    pub(crate) versions: Vec<VersionInfo>,
}

/// One version of a CRD.
#[derive(Clone, Debug)]
pub(crate) struct VersionInfo {
    pub(crate) name: String,
    pub(crate) served: bool,
    #[allow(dead_code)]
    pub(crate) storage: bool,
    pub(crate) deprecation_warning: Option<String>,
    pub(crate) deprecated: bool,
    pub(crate) status_subresource: bool,
    pub(crate) schema: usize,
}

/// The embedded data, parsed once per process.
pub(crate) fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        let raw: Vec<Value> = serde_json::from_str(NODES_JSON).unwrap_or_default();
        let nodes = (0..raw.len()).map(|_| OnceLock::new()).collect();
        let index: Value = serde_json::from_str(INDEX_JSON).unwrap_or(Value::Null);
        let mut bundles = HashMap::new();
        if let Some(b) = index.get("bundles").and_then(Value::as_object) {
            for (name, crds) in b {
                let list = crds
                    .as_array()
                    .map(|a| a.iter().filter_map(parse_crd).collect())
                    .unwrap_or_default();
                bundles.insert(name.clone(), list);
            }
        }
        Data {
            raw,
            nodes,
            bundles,
        }
    })
}

fn parse_crd(v: &Value) -> Option<CrdInfo> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let versions = v
        .get("versions")?
        .as_array()?
        .iter()
        .filter_map(|x| {
            Some(VersionInfo {
                name: x.get("name")?.as_str()?.to_owned(),
                served: x.get("served").and_then(Value::as_bool).unwrap_or(false),
                storage: x.get("storage").and_then(Value::as_bool).unwrap_or(false),
                deprecated: x
                    .get("deprecated")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                deprecation_warning: x
                    .get("deprecationWarning")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                status_subresource: x.get("status").and_then(Value::as_bool).unwrap_or(false),
                schema: x.get("schema")?.as_u64()? as usize,
            })
        })
        .collect();
    Some(CrdInfo {
        group: s("group")?,
        kind: s("kind")?,
        plural: s("plural")?,
        namespaced: s("scope").as_deref() != Some("Cluster"),
        conversion_none: s("conversion").as_deref() == Some("None"),
        versions,
    })
}

impl Data {
    /// The structural node with this pool id (built on first use).
    pub(crate) fn node(&self, id: usize) -> Arc<Node> {
        match self.nodes.get(id) {
            Some(cell) => cell.get_or_init(|| Arc::new(self.build(id))).clone(),
            None => Arc::new(Node::default()),
        }
    }

    /// The full JSON schema of node `id` (every child id replaced by its node, recursively).
    pub(crate) fn expand(&self, id: usize) -> Value {
        expand(&self.raw, id)
    }

    fn child(&self, v: &Value) -> Arc<Node> {
        v.as_u64()
            .map_or_else(|| Arc::new(Node::default()), |i| self.node(i as usize))
    }

    fn build(&self, id: usize) -> Node {
        let Some(o) = self.raw.get(id).and_then(Value::as_object) else {
            return Node::default();
        };
        let u = |k: &str| o.get(k).and_then(Value::as_u64);
        let f = |k: &str| o.get(k).and_then(Value::as_f64);
        let b = |k: &str| o.get(k).and_then(Value::as_bool).unwrap_or(false);
        let list = |k: &str| -> Vec<Arc<Node>> {
            o.get(k)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|x| self.child(x)).collect())
                .unwrap_or_default()
        };
        let mut properties = Vec::new();
        if let Some(p) = o.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                properties.push((k.clone(), self.child(v)));
            }
        }
        let additional = match o.get("additionalProperties") {
            Some(Value::Bool(true)) => Additional::Any,
            Some(v @ Value::Number(_)) => Additional::Schema(self.child(v)),
            _ => Additional::None,
        };
        let pattern = o.get("pattern").and_then(Value::as_str).map(|p| Pattern {
            source: p.to_owned(),
            regex: Regex::new(p).ok(),
        });
        let strings = |k: &str| -> Vec<String> {
            o.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        Node {
            id,
            ty: o.get("type").and_then(Value::as_str).and_then(Ty::parse),
            nullable: b("nullable"),
            int_or_string: b("x-kubernetes-int-or-string"),
            preserve_unknown: b("x-kubernetes-preserve-unknown-fields"),
            embedded: b("x-kubernetes-embedded-resource"),
            format: o.get("format").and_then(Value::as_str).map(str::to_owned),
            enum_values: o.get("enum").and_then(Value::as_array).cloned(),
            pattern,
            min_length: u("minLength"),
            max_length: u("maxLength"),
            min_items: u("minItems"),
            max_items: u("maxItems"),
            min_properties: u("minProperties"),
            max_properties: u("maxProperties"),
            minimum: f("minimum"),
            maximum: f("maximum"),
            exclusive_minimum: b("exclusiveMinimum"),
            exclusive_maximum: b("exclusiveMaximum"),
            required: strings("required"),
            properties,
            items: o.get("items").map(|v| self.child(v)),
            additional,
            all_of: list("allOf"),
            any_of: list("anyOf"),
            one_of: list("oneOf"),
            not: o.get("not").map(|v| self.child(v)),
            default: o.get("default").cloned(),
            list_type: o
                .get("x-kubernetes-list-type")
                .and_then(Value::as_str)
                .map(str::to_owned),
            list_map_keys: strings("x-kubernetes-list-map-keys"),
            has_rules: o
                .get("x-kubernetes-validations")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty()),
        }
    }
}

/// Keywords whose value is one sub-schema (stored as a node id).
const SCHEMA_KEYS: [&str; 2] = ["items", "not"];
/// Keywords whose value is a list of sub-schemas (stored as node ids).
const SCHEMA_LIST_KEYS: [&str; 3] = ["allOf", "anyOf", "oneOf"];

/// Rebuilds the full schema of node `id` from the node list (the inverse of the generator's
/// interning; an id outside the list reads as an empty schema).
fn expand(nodes: &[Value], id: usize) -> Value {
    let Some(obj) = nodes.get(id).and_then(Value::as_object) else {
        return Value::Object(Map::new());
    };
    let child = |v: &Value| {
        v.as_u64()
            .map_or(Value::Object(Map::new()), |i| expand(nodes, i as usize))
    };
    let mut out = Map::new();
    for (k, v) in obj {
        let nv = match k.as_str() {
            "properties" => match v.as_object() {
                Some(props) => Value::Object(
                    props
                        .iter()
                        .map(|(pk, pv)| (pk.clone(), child(pv)))
                        .collect(),
                ),
                None => v.clone(),
            },
            "additionalProperties" if v.is_u64() => child(v),
            k if SCHEMA_KEYS.contains(&k) => child(v),
            k if SCHEMA_LIST_KEYS.contains(&k) => match v.as_array() {
                Some(list) => list.iter().map(child).collect(),
                None => v.clone(),
            },
            _ => v.clone(),
        };
        out.insert(k.clone(), nv);
    }
    Value::Object(out)
}

/// A JSON schema `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}

impl Ty {
    fn parse(s: &str) -> Option<Ty> {
        Some(match s {
            "object" => Ty::Object,
            "array" => Ty::Array,
            "string" => Ty::String,
            "integer" => Ty::Integer,
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            _ => return None,
        })
    }

    /// The name the API server prints.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::Object => "object",
            Ty::Array => "array",
            Ty::String => "string",
            Ty::Integer => "integer",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
        }
    }
}

/// A `pattern` and its compiled form (`None` if the regex crate rejects it).
#[derive(Debug)]
pub(crate) struct Pattern {
    pub(crate) source: String,
    pub(crate) regex: Option<Regex>,
}

/// What `additionalProperties` allows.
#[derive(Debug, Default)]
pub(crate) enum Additional {
    /// Not set: undeclared keys are unknown fields.
    #[default]
    None,
    /// `true`: anything.
    Any,
    /// A schema for every value.
    Schema(Arc<Node>),
}

/// One structural schema node.
#[derive(Debug, Default)]
pub(crate) struct Node {
    #[allow(dead_code)]
    pub(crate) id: usize,
    pub(crate) ty: Option<Ty>,
    pub(crate) nullable: bool,
    #[allow(dead_code)]
    pub(crate) int_or_string: bool,
    pub(crate) preserve_unknown: bool,
    pub(crate) embedded: bool,
    pub(crate) format: Option<String>,
    pub(crate) enum_values: Option<Vec<Value>>,
    pub(crate) pattern: Option<Pattern>,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) min_items: Option<u64>,
    pub(crate) max_items: Option<u64>,
    pub(crate) min_properties: Option<u64>,
    pub(crate) max_properties: Option<u64>,
    pub(crate) minimum: Option<f64>,
    pub(crate) maximum: Option<f64>,
    pub(crate) exclusive_minimum: bool,
    pub(crate) exclusive_maximum: bool,
    pub(crate) required: Vec<String>,
    pub(crate) properties: Vec<(String, Arc<Node>)>,
    pub(crate) items: Option<Arc<Node>>,
    pub(crate) additional: Additional,
    pub(crate) all_of: Vec<Arc<Node>>,
    pub(crate) any_of: Vec<Arc<Node>>,
    pub(crate) one_of: Vec<Arc<Node>>,
    pub(crate) not: Option<Arc<Node>>,
    pub(crate) default: Option<Value>,
    pub(crate) list_type: Option<String>,
    pub(crate) list_map_keys: Vec<String>,
    #[allow(dead_code)]
    pub(crate) has_rules: bool,
}

impl Node {
    /// The schema of property `name`, if declared.
    pub(crate) fn property(&self, name: &str) -> Option<&Arc<Node>> {
        self.properties
            .iter()
            .find_map(|(k, v)| (k == name).then_some(v))
    }

    /// The schema for a value under key `name` of an object: declared property, else
    /// `additionalProperties`.
    pub(crate) fn child(&self, name: &str) -> Option<&Arc<Node>> {
        self.property(name).or(match &self.additional {
            Additional::Schema(s) => Some(s),
            _ => None,
        })
    }

    /// Visits every node of the tree once per path (depth first).
    #[cfg(test)]
    pub(crate) fn walk(&self, f: &mut dyn FnMut(&Node)) {
        f(self);
        for (_, p) in &self.properties {
            p.walk(f);
        }
        if let Some(i) = &self.items {
            i.walk(f);
        }
        if let Additional::Schema(s) = &self.additional {
            s.walk(f);
        }
        for s in self.all_of.iter().chain(&self.any_of).chain(&self.one_of) {
            s.walk(f);
        }
        if let Some(n) = &self.not {
            n.walk(f);
        }
    }
}
