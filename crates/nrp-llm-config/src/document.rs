//! Loading YAML into objects that remember where every field came from, and writing them back.
//!
//! Duplicate keys are errors, alias expansion and nesting are bounded (see [`Limits`]). Each loaded
//! [`Object`] keeps its JSON value plus the line and column of every node, so a diagnostic can
//! point at the offending field rather than at the document.
//!
//! # Three loaders, one behaviour
//!
//! [`parse_str`] and [`parse_values`] first try a line scanner (`document/scan.rs`) for the block
//! YAML that manifests use in practice (block mappings and sequences, single-line scalars,
//! comments, `---`); it gives up on the whole file at the first thing outside that subset. Next
//! comes a one-pass loader (`document/fast.rs`) that walks
//! granit-parser events (the parser serde-saphyr is built on, used through serde-saphyr's
//! re-export so both always run the same parser version) and builds the `serde_json::Value` and
//! the pre-order positions directly. The previous implementation, serde-saphyr's deserializer into
//! a `Spanned<Node>` tree followed by a conversion into JSON, stays as the reference
//! ([`parse_str_reference`], [`parse_values_reference`]).
//!
//! Why a hand-written event consumer: on a generated 12 MB folder (748 files, 24,867 objects) one
//! thread took 0.90 s for serde-saphyr into `serde_json::Value` and about 1.25 s for the reference
//! loader, while iterating the raw granit-parser events took 0.32 s. Most of the time went into
//! serde-saphyr's per-node machinery (key recording and replay for duplicate detection, spans,
//! the intermediate tree). On the same folder the one-pass loader takes 0.46 s (reference 1.14 s,
//! plain serde-saphyr 0.94 s; `benches/examples/parse_only.rs` with `--loader`, `--reference` and
//! no flag, release build, one thread), and it reads every one of those files by itself. The line
//! scanner in front of it brings the same folder to 0.13 s: it reads every file of that folder
//! and of `examples/nrp/models-config`, and whatever it accepts must equal the event loader's
//! result (values, key order, number types and positions), which `tests/it/loader_diff.rs`
//! (thousands of generated and mutated streams) and the `scan_diff` fuzz target check.
//!
//! Guarantees kept: the fast path only accepts input it reads exactly as the reference does
//! (same values, key order, number types, strings, positions, origins, document numbering). For
//! anything else (any error, tags, anchors and aliases, merge keys, non-string or duplicate keys,
//! non-finite or over-wide numbers, nesting or sizes near a [`Limits`] bound) it gives up and the
//! reference path reads the file, so every error (code, file, line, column, message, hint) is the
//! reference's by construction. Differential tests (`tests/it/loader_diff.rs`) and the
//! `loader_diff` fuzz target compare the two on fixtures, examples, a table of tricky inputs and
//! arbitrary text.

use crate::ObjectRef;
use crate::diagnostic::{Code, Diagnostic, SourceLocation};
use crate::path::{FieldPath, Segment};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Spanned;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod fast;
mod scan;

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
}

/// Where an [`Object`] was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file name as the user gave it (or a pseudo name such as `<stdin>`).
    pub file: Arc<str>,
    /// Index of the YAML document in the file (0-based; items of a `kind: List` share it).
    pub document: usize,
}

/// Bounds applied while reading untrusted YAML. Every limit exceeded is reported as an error with
/// code [`Code::LIMIT`], never a panic or unbounded memory use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most documents in one file.
    pub max_documents: usize,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most alias references (`*name`) in one file.
    pub max_aliases: usize,
    /// Most YAML events that alias expansion may replay in one file (bounds "billion laughs").
    pub max_alias_events: usize,
    /// Most YAML nodes in one file (counts alias expansions).
    pub max_nodes: usize,
    /// Longest single scalar, in bytes.
    pub max_scalar_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            max_documents: 100_000,
            max_depth: 64,
            max_aliases: 1_000,
            max_alias_events: 100_000,
            max_nodes: 5_000_000,
            max_scalar_bytes: 1024 * 1024,
        }
    }
}

/// One Kubernetes object read from YAML (or built in memory), with source positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    value: Value,
    origin: Option<Origin>,
    /// Positions of every node of `value` in pre-order (map entries in insertion order). The
    /// position of a map entry's value is the position of its key.
    positions: Option<Arc<[Pos]>>,
}

impl Object {
    /// An object without a source (built in memory).
    pub fn new(value: Value) -> Self {
        Self {
            value,
            origin: None,
            positions: None,
        }
    }

    /// An object with a known origin and node positions (see [`Object::positions`]).
    pub fn with_source(value: Value, origin: Origin, positions: Arc<[Pos]>) -> Self {
        Self {
            value,
            origin: Some(origin),
            positions: Some(positions),
        }
    }

    /// The object as JSON.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Consumes the object, returning its JSON value.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// Mutable access to the value. Source positions are dropped, since they would no longer match.
    pub fn value_mut(&mut self) -> &mut Value {
        self.positions = None;
        &mut self.value
    }

    /// Where the object was read from.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// Node positions in pre-order, when read from text.
    pub fn positions(&self) -> Option<&[Pos]> {
        self.positions.as_deref()
    }

    /// `apiVersion`, or `""`.
    pub fn api_version(&self) -> &str {
        self.value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `kind`, or `""`.
    pub fn kind(&self) -> &str {
        self.value.get("kind").and_then(Value::as_str).unwrap_or("")
    }

    /// `metadata.name`, or `""`.
    pub fn name(&self) -> &str {
        self.value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `metadata.namespace`.
    pub fn namespace(&self) -> Option<&str> {
        self.value
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
    }

    /// Identity of the object (`None` when `kind` or `metadata.name` is missing).
    pub fn object_ref(&self) -> Option<ObjectRef> {
        ObjectRef::from_value(&self.value)
    }

    /// Line and column of the node at `path`. When the path does not exist (a missing required
    /// field, say), the nearest existing ancestor is used.
    ///
    /// ```
    /// use nrp_llm_config::document::{parse_str, Limits};
    /// let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";
    /// let objs = parse_str(text, "cm.yaml", &Limits::default()).unwrap();
    /// let pos = objs[0].locate(&"data.k".parse().unwrap()).unwrap();
    /// assert_eq!((pos.line, pos.column), (6, 3));
    /// ```
    pub fn locate(&self, path: &FieldPath) -> Option<Pos> {
        let positions = self.positions.as_deref()?;
        let mut idx = 0usize;
        let mut cur = &self.value;
        for seg in path.segments() {
            let next = match (seg, cur) {
                (Segment::Field(k) | Segment::Key(k), Value::Object(map)) => {
                    let mut child_idx = idx + 1;
                    let mut found = None;
                    for (key, v) in map {
                        if key == k {
                            found = Some((child_idx, v));
                            break;
                        }
                        child_idx += node_count(v);
                    }
                    found
                }
                (Segment::Index(i), Value::Array(items)) => {
                    let mut child_idx = idx + 1;
                    let mut found = None;
                    for (n, v) in items.iter().enumerate() {
                        if n == *i {
                            found = Some((child_idx, v));
                            break;
                        }
                        child_idx += node_count(v);
                    }
                    found
                }
                _ => None,
            };
            match next {
                Some((i, v)) => {
                    idx = i;
                    cur = v;
                }
                None => break,
            }
        }
        positions.get(idx).copied()
    }

    /// File, line and column of `path` in this object, for a diagnostic.
    pub fn source_location(&self, path: &FieldPath) -> SourceLocation {
        let pos = self.locate(path);
        SourceLocation {
            file: self.origin.as_ref().map(|o| o.file.to_string()),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
        }
    }

    /// Fills in a diagnostic's file, line and column (from its path) and its object.
    pub fn locate_diagnostic(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.location.line.is_none() {
            diagnostic.location = self.source_location(&diagnostic.path);
        }
        if diagnostic.object.is_none() {
            diagnostic.object = self.object_ref();
        }
        diagnostic
    }
}

/// Number of nodes in a value (itself plus all descendants).
fn node_count(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(node_count).sum::<usize>(),
        Value::Array(a) => 1 + a.iter().map(node_count).sum::<usize>(),
        _ => 1,
    }
}

/// A file could not be read as YAML objects. Carries a ready-to-print diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LoadError(pub Box<Diagnostic>);

impl LoadError {
    fn new(code: Code, file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self(Box::new(Diagnostic::error(code, message).with_location(
            SourceLocation {
                file: Some(file.to_owned()),
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
            },
        )))
    }

    /// The diagnostic describing the failure.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing: serde-saphyr into a spanned tree, then into JSON + pre-order positions.

enum Node {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<KeyNode>, Spanned<Node>)>),
}

/// A mapping key: YAML allows any scalar; Kubernetes objects only have string keys, so other
/// scalars are turned into their text and complex keys are rejected.
struct KeyNode(Option<String>);

impl<'de> Deserialize<'de> for KeyNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyNode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyNode, E> {
                Ok(KeyNode(Some(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<KeyNode, E> {
                Ok(KeyNode(Some(v)))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyNode, E> {
                Ok(KeyNode(Some(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyNode, E> {
                Ok(KeyNode(Some(v.to_string())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyNode, E> {
                Ok(KeyNode(Some(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyNode, E> {
                Ok(KeyNode(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<KeyNode, E> {
                Ok(KeyNode(Some("null".to_owned())))
            }
            fn visit_none<E>(self) -> Result<KeyNode, E> {
                Ok(KeyNode(Some("null".to_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<KeyNode, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(KeyNode(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<KeyNode, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(KeyNode(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::I64(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::U64(v))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Node, E> {
                i64::try_from(v)
                    .map(Node::I64)
                    .map_err(|_| E::custom(format!("integer {v} is out of range")))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Node, E> {
                u64::try_from(v)
                    .map(Node::U64)
                    .map_err(|_| E::custom(format!("integer {v} is out of range")))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::F64(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Node, E> {
                Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut v = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Node::Seq(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut v = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
                while let Some(entry) = a.next_entry()? {
                    v.push(entry);
                }
                Ok(Node::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos {
        line: u32::try_from(s.referenced.line()).unwrap_or(u32::MAX),
        column: u32::try_from(s.referenced.column()).unwrap_or(u32::MAX),
    }
}

struct Converter<'a> {
    file: &'a str,
    text: &'a str,
    limits: &'a Limits,
}

impl Converter<'_> {
    /// Converts a node into JSON, pushing positions in pre-order. `at` is the position to record
    /// for this node (the key's position for map values).
    fn convert(
        &self,
        node: Spanned<Node>,
        at: Pos,
        depth: usize,
        out: &mut Vec<Pos>,
    ) -> Result<Value, LoadError> {
        if depth > self.limits.max_depth {
            return Err(LoadError::new(
                Code::LIMIT,
                self.file,
                Some(at),
                format!(
                    "nesting deeper than {} levels; refusing to read further",
                    self.limits.max_depth
                ),
            ));
        }
        out.push(at);
        let here = pos_of(&node);
        // An integer too large for 64 bits arrives as a float; refuse it rather than round it.
        if matches!(node.value, Node::F64(_)) {
            let span = node.referenced.span();
            let raw = span
                .byte_offset()
                .zip(span.byte_len())
                .and_then(|(o, l)| self.text.get(o as usize..(o + l) as usize));
            if let Some(raw) = raw.map(str::trim) {
                let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    let mut e = LoadError::new(
                        Code::INVALID_TYPE,
                        self.file,
                        Some(here),
                        format!("the integer {raw} does not fit in 64 bits"),
                    );
                    e.0.hint = Some(
                        "quote it if it is text; as a number it would be silently rounded"
                            .to_owned(),
                    );
                    return Err(e);
                }
            }
        }
        Ok(match node.value {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::I64(i) => Value::Number(i.into()),
            Node::U64(u) => Value::Number(u.into()),
            Node::F64(f) => match Number::from_f64(f) {
                Some(n) => Value::Number(n),
                None => {
                    return Err(LoadError::new(
                        Code::INVALID_TYPE,
                        self.file,
                        Some(here),
                        format!("the number {f} cannot be represented in JSON"),
                    ));
                }
            },
            Node::Str(s) => {
                if s.len() > self.limits.max_scalar_bytes {
                    return Err(LoadError::new(
                        Code::LIMIT,
                        self.file,
                        Some(here),
                        format!(
                            "a string of {} bytes exceeds the limit of {} bytes",
                            s.len(),
                            self.limits.max_scalar_bytes
                        ),
                    ));
                }
                Value::String(s)
            }
            Node::Seq(items) => {
                let mut arr = Vec::with_capacity(items.len());
                for item in items {
                    let p = pos_of(&item);
                    arr.push(self.convert(item, p, depth + 1, out)?);
                }
                Value::Array(arr)
            }
            Node::Map(entries) => {
                let mut map = Map::with_capacity(entries.len());
                for (k, v) in entries {
                    let kp = pos_of(&k);
                    let Some(key) = k.value.0 else {
                        return Err(LoadError::new(
                            Code::YAML_SYNTAX,
                            self.file,
                            Some(kp),
                            "a mapping key must be a plain string, not a list or mapping",
                        ));
                    };
                    let val = self.convert(v, kp, depth + 1, out)?;
                    map.insert(key, val);
                }
                Value::Object(map)
            }
        })
    }
}

fn saphyr_options(limits: &Limits) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_documents = limits.max_documents;
    budget.max_aliases = limits.max_aliases;
    budget.max_nodes = limits.max_nodes;
    budget.max_depth = limits.max_depth + 2;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = limits.max_alias_events;
    options.with_snippet = false;
    options.emit_comments = false;
    // YAML 1.2 core booleans only: `y`, `yes`, `on` stay strings (no `y:` key turning into `true`).
    options.strict_booleans = true;
    // `0755` or `010` stay text instead of silently becoming a different number.
    options.leading_zero_numbers_as_strings = true;
    options
}

/// Turns a serde-saphyr error into a diagnostic with the file, line and column it names.
fn yaml_error(file: &str, err: &serde_saphyr::Error) -> LoadError {
    let pos = err.location().map(|l| Pos {
        line: u32::try_from(l.line()).unwrap_or(u32::MAX),
        column: u32::try_from(l.column()).unwrap_or(u32::MAX),
    });
    let mut msg = err.to_string();
    // Drop the "error: line L column C: " prefix and any rendered snippet: we print our own.
    if let Some(first) = msg.lines().next() {
        msg = first.to_owned();
    }
    if let Some(rest) = msg.strip_prefix("error: ") {
        msg = rest.to_owned();
    }
    if let Some(idx) = msg.find(": ").filter(|_| msg.starts_with("line ")) {
        msg = msg[idx + 2..].to_owned();
    }
    let (code, hint) = if msg.contains("duplicate mapping key") {
        msg = msg
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(&msg)
            .to_owned();
        (
            Code::DUPLICATE_KEY,
            Some("remove one of the two entries; Kubernetes keeps only the last one"),
        )
    } else if msg.contains("budget") || msg.contains("limit") || msg.contains("exceed") {
        (
            Code::LIMIT,
            Some("the file exceeds a safety limit (aliases, nodes, depth or documents)"),
        )
    } else {
        (Code::YAML_SYNTAX, None)
    };
    let mut e = LoadError::new(code, file, pos, msg);
    if let Some(h) = hint {
        e.0.hint = Some(h.to_owned());
    }
    e
}

/// Parses a YAML stream (one or more documents) into objects.
///
/// Empty documents are skipped; a `kind: List` (as printed by `kubectl get -o yaml`) is expanded
/// into its items. Every object must be a mapping with `apiVersion` and `kind`. CRLF line endings
/// and a UTF-8 byte order mark are accepted. The first problem stops this file (other files are
/// unaffected) and is returned as a [`LoadError`] naming the file, line and column.
///
/// ```
/// use nrp_llm_config::document::{parse_str, Limits};
/// let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n";
/// let objs = parse_str(text, "dump.yaml", &Limits::default()).unwrap();
/// assert_eq!(objs.len(), 1);
/// assert_eq!(objs[0].kind(), "ConfigMap");
/// assert_eq!(objs[0].locate(&Default::default()).unwrap().line, 4);
/// ```
pub fn parse_str(text: &str, file: &str, limits: &Limits) -> Result<Vec<Object>, LoadError> {
    if text.len() as u64 > limits.max_file_bytes {
        return parse_str_reference(text, file, limits);
    }
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(docs) = fast::load(stripped, limits) {
        let file_arc: Arc<str> = Arc::from(file);
        let mut out = Vec::with_capacity(docs.len());
        let mut ok = true;
        for (doc_index, doc) in docs.into_iter().enumerate() {
            let origin = Origin {
                file: file_arc.clone(),
                document: doc_index,
            };
            if push_objects(doc.value, doc.positions, origin, file, &mut out).is_err() {
                ok = false;
                break;
            }
        }
        if ok {
            return Ok(out);
        }
    }
    parse_str_reference(text, file, limits)
}

/// True when the one-pass loader reads `text` by itself, without handing it to the reference
/// path (see the module documentation). For tests and benchmarks.
#[doc(hidden)]
pub fn fast_path_accepts(text: &str, limits: &Limits) -> bool {
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.len() as u64 <= limits.max_file_bytes && fast::load(stripped, limits).is_some()
}

/// The two one-pass readers separately on BOM-stripped `text`: the line scanner and the
/// granit-parser event loop, each as documents of (value, pre-order positions), or `None` where
/// that reader gives up. For the differential tests and the fuzz target; not a stable interface.
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub fn fast_paths_separately(
    text: &str,
    limits: &Limits,
) -> (
    Option<Vec<(Value, Vec<Pos>)>>,
    Option<Vec<(Value, Vec<Pos>)>>,
) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (scan, events) = scan::both(text, limits);
    let plain = |docs: Vec<fast::FastDoc>| {
        docs.into_iter()
            .map(|d| (d.value, d.positions))
            .collect::<Vec<_>>()
    };
    (scan.map(plain), events.map(plain))
}

/// The reference implementation of [`parse_str`]: serde-saphyr deserializes each document into a
/// spanned tree, which is then converted into JSON and positions. Slower, but it is the
/// definition of the expected results; the differential tests and the `loader_diff` fuzz target
/// compare [`parse_str`] against it, and [`parse_str`] falls back to it for anything its fast
/// path does not handle. Not a stable interface.
#[doc(hidden)]
pub fn parse_str_reference(
    text: &str,
    file: &str,
    limits: &Limits,
) -> Result<Vec<Object>, LoadError> {
    if text.len() as u64 > limits.max_file_bytes {
        return Err(LoadError::new(
            Code::LIMIT,
            file,
            None,
            format!(
                "file is {} bytes, larger than the limit of {} bytes",
                text.len(),
                limits.max_file_bytes
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let docs: Vec<Spanned<Node>> =
        serde_saphyr::from_multiple_with_options(text, saphyr_options(limits))
            .map_err(|e| yaml_error(file, &e))?;
    let conv = Converter { file, text, limits };
    let file_arc: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    for (doc_index, doc) in docs.into_iter().enumerate() {
        let start = pos_of(&doc);
        let mut positions = Vec::new();
        let value = conv.convert(doc, start, 0, &mut positions)?;
        let origin = Origin {
            file: file_arc.clone(),
            document: doc_index,
        };
        push_objects(value, positions, origin, file, &mut out)?;
    }
    Ok(out)
}

fn push_objects(
    value: Value,
    positions: Vec<Pos>,
    origin: Origin,
    file: &str,
    out: &mut Vec<Object>,
) -> Result<(), LoadError> {
    let start = positions.first().copied();
    match &value {
        Value::Null => return Ok(()),
        Value::Object(map) => {
            let kind = map.get("kind").and_then(Value::as_str);
            let api = map.get("apiVersion").and_then(Value::as_str);
            if kind.is_none() || api.is_none() {
                let missing = if kind.is_none() { "kind" } else { "apiVersion" };
                let mut e = LoadError::new(
                    Code::NOT_AN_OBJECT,
                    file,
                    start,
                    format!(
                        "document {} has no `{missing}`; every document must be a Kubernetes object",
                        origin.document + 1
                    ),
                );
                e.0.hint = Some(format!(
                    "add `{missing}:` (for example `apiVersion: aigateway.envoyproxy.io/v1alpha1` and `kind: AIGatewayRoute`) or remove the document"
                ));
                return Err(e);
            }
            if kind == Some("List") && api == Some("v1") {
                return expand_list(value, &positions, &origin, file, out);
            }
        }
        other => {
            let what = match other {
                Value::Array(_) => "a list",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "a scalar",
            };
            return Err(LoadError::new(
                Code::NOT_AN_OBJECT,
                file,
                start,
                format!(
                    "document {} is {what}, not a Kubernetes object (a mapping with apiVersion and kind)",
                    origin.document + 1
                ),
            ));
        }
    }
    out.push(Object::with_source(value, origin, positions.into()));
    Ok(())
}

fn expand_list(
    value: Value,
    positions: &[Pos],
    origin: &Origin,
    file: &str,
    out: &mut Vec<Object>,
) -> Result<(), LoadError> {
    let Value::Object(map) = value else {
        return Ok(());
    };
    // Walk the entries in order, tracking the pre-order index, to find `items`.
    let mut idx = 1usize;
    for (key, v) in map {
        let n = node_count(&v);
        if key == "items" {
            match v {
                Value::Array(items) => {
                    let mut item_idx = idx + 1;
                    for item in items {
                        let cnt = node_count(&item);
                        let slice = positions[item_idx..item_idx + cnt].to_vec();
                        push_objects(item, slice, origin.clone(), file, out)?;
                        item_idx += cnt;
                    }
                }
                Value::Null => {}
                _ => {
                    return Err(LoadError::new(
                        Code::NOT_AN_OBJECT,
                        file,
                        positions.get(idx).copied(),
                        "`items` of a `kind: List` must be a list of objects",
                    ));
                }
            }
        }
        idx += n;
    }
    Ok(())
}

/// Parses a YAML stream into its documents as JSON values, without expanding `kind: List` and
/// without requiring documents to be objects (empty documents are skipped). `fmt` uses this to
/// rewrite a file document by document.
pub fn parse_values(text: &str, file: &str, limits: &Limits) -> Result<Vec<Value>, LoadError> {
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 <= limits.max_file_bytes
        && let Some(docs) = fast::load(stripped, limits)
    {
        return Ok(docs.into_iter().map(|d| d.value).collect());
    }
    parse_values_reference(text, file, limits)
}

/// The reference implementation of [`parse_values`] (serde-saphyr), as for
/// [`parse_str_reference`]. Not a stable interface.
#[doc(hidden)]
pub fn parse_values_reference(
    text: &str,
    file: &str,
    limits: &Limits,
) -> Result<Vec<Value>, LoadError> {
    if text.len() as u64 > limits.max_file_bytes {
        return Err(LoadError::new(
            Code::LIMIT,
            file,
            None,
            format!(
                "file is {} bytes, larger than the limit of {} bytes",
                text.len(),
                limits.max_file_bytes
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let docs: Vec<Spanned<Node>> =
        serde_saphyr::from_multiple_with_options(text, saphyr_options(limits))
            .map_err(|e| yaml_error(file, &e))?;
    let conv = Converter { file, text, limits };
    let mut out = Vec::with_capacity(docs.len());
    for doc in docs {
        let start = pos_of(&doc);
        let mut positions = Vec::new();
        let v = conv.convert(doc, start, 0, &mut positions)?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(out)
}

/// True when the YAML text contains at least one comment. Used by `fmt`, which cannot keep them.
///
/// ```
/// assert!(nrp_llm_config::document::has_comments("a: 1 # why\n"));
/// assert!(!nrp_llm_config::document::has_comments("a: \"1 # not a comment\"\n"));
/// ```
pub fn has_comments(text: &str) -> bool {
    if !text.contains('#') {
        return false;
    }
    serde_saphyr::granit_parser::Parser::new_from_str(text)
        .any(|ev| matches!(ev, Ok((serde_saphyr::granit_parser::Event::Comment(..), _))))
}

// ---------------------------------------------------------------------------------------------
// Files and folders.

/// Reads one file. A missing or unreadable file, or one that is not UTF-8, is a [`LoadError`].
pub fn load_file(path: &Path, limits: &Limits) -> Result<Vec<Object>, LoadError> {
    let name = path.display().to_string();
    let text = read_text(path, limits)?;
    parse_str(&text, &name, limits)
}

/// Reads a file into a string, applying the size limit and checking that it is UTF-8 text.
pub fn read_text(path: &Path, limits: &Limits) -> Result<String, LoadError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| {
        LoadError::new(Code::IO, &name, None, format!("cannot read {name}: {e}"))
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > limits.max_file_bytes {
        return Err(LoadError::new(
            Code::LIMIT,
            &name,
            None,
            format!(
                "file is {} bytes, larger than the limit of {} bytes",
                meta.len(),
                limits.max_file_bytes
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    if bytes.contains(&0) {
        return Err(LoadError::new(
            Code::YAML_SYNTAX,
            &name,
            None,
            "this is a binary file (it contains NUL bytes), not YAML",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        LoadError::new(
            Code::YAML_SYNTAX,
            &name,
            Some(Pos {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(col).unwrap_or(u32::MAX),
            }),
            "the file is not valid UTF-8 text",
        )
    })
}

/// Lists the YAML files (`*.yaml`, `*.yml`) below a folder, recursively, sorted, following
/// symbolic links but never entering the same folder twice (so link loops end). Hidden entries
/// (names starting with `.`) are skipped.
pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    walk(dir, &mut out, &mut seen)?;
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> Result<(), LoadError> {
    let name = dir.display().to_string();
    let io = |e: std::io::Error| {
        LoadError::new(
            Code::IO,
            &name,
            None,
            format!("cannot read folder {name}: {e}"),
        )
    };
    let canonical = std::fs::canonicalize(dir).map_err(io)?;
    if !seen.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let fname = entry.file_name();
        if fname.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue; // dangling link
        };
        if meta.is_dir() {
            walk(&path, out, seen)?;
        } else if meta.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The result of loading several files: every object that could be read, and one diagnostic
/// per file that could not. Loading never stops at the first bad file.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// Objects in file order, then document order.
    pub objects: Vec<Object>,
    /// Problems, one per unreadable file.
    pub errors: Vec<Diagnostic>,
    /// Number of files read.
    pub files: usize,
}

/// The files that [`load_paths`] reads: files as given, folders replaced by their YAML files
/// ([`yaml_files`]), in order. Folders that cannot be listed are returned as problems.
pub fn expand_paths<P: AsRef<Path>>(paths: &[P]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let p = p.as_ref();
        if p.is_dir() {
            match yaml_files(p) {
                Ok(f) => files.extend(f),
                Err(e) => errors.push(*e.0),
            }
        } else {
            files.push(p.to_path_buf());
        }
    }
    (files, errors)
}

/// Loads files and folders (recursively), parsing files in parallel.
pub fn load_paths<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Loaded {
    use rayon::prelude::*;
    let (files, errors) = expand_paths(paths);
    let mut loaded = Loaded {
        errors,
        ..Loaded::default()
    };
    loaded.files = files.len();
    let results: Vec<_> = files.par_iter().map(|f| load_file(f, limits)).collect();
    for r in results {
        match r {
            Ok(objs) => loaded.objects.extend(objs),
            Err(e) => loaded.errors.push(*e.0),
        }
    }
    loaded
}

// ---------------------------------------------------------------------------------------------
// Emitting.

/// Writes values as one YAML stream in the project's canonical style: two-space indentation,
/// list items at the indentation of their key (as `kubectl` prints), `---` between documents,
/// keys in the order of the value.
///
/// ```
/// let v = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}});
/// let text = nrp_llm_config::document::to_yaml(&[v.clone(), v]);
/// assert_eq!(text.matches("---").count(), 1);
/// ```
pub fn to_yaml(values: &[Value]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml_one(v));
    }
    out
}

/// Writes one value as a YAML document (no `---`). Strings that kubectl could not read back
/// from a block scalar are double-quoted (see `yaml_compat`).
pub fn to_yaml_one(value: &Value) -> String {
    let mut s = String::new();
    // Serialising a serde_json::Value into a String cannot fail: keys are strings, numbers finite.
    let value = crate::yaml_compat::KubectlReadable(value);
    if serde_saphyr::to_fmt_writer(&mut s, &value).is_err() {
        s = serde_json::to_string_pretty(&value).unwrap_or_default();
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Object>, LoadError> {
        parse_str(text, "t.yaml", &Limits::default())
    }

    #[test]
    fn positions_point_at_fields() {
        let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata:\n  name: r\nspec:\n  rules:\n  - matches:\n    - headers:\n      - name: x-ai-eg-model\n        value: a\n    backendRefs:\n    - name: b\n      weight: 2\n";
        let o = &parse(text).unwrap()[0];
        let p = |s: &str| o.locate(&s.parse().unwrap()).unwrap();
        assert_eq!(
            p("spec.rules[0].backendRefs[0].weight"),
            Pos {
                line: 13,
                column: 7
            }
        );
        assert_eq!(
            p("spec.rules[0].backendRefs[0]"),
            Pos {
                line: 12,
                column: 7
            }
        );
        assert_eq!(
            p("spec.rules[0].matches[0].headers[0].value"),
            Pos {
                line: 10,
                column: 9
            }
        );
        assert_eq!(p("metadata.name"), Pos { line: 4, column: 3 });
        // Missing leaf: nearest ancestor.
        assert_eq!(p("spec.rules[0].timeouts"), Pos { line: 7, column: 5 });
    }

    #[test]
    fn multi_document_crlf_and_empty_documents() {
        let text = "---\r\napiVersion: v1\r\nkind: A\r\nmetadata:\r\n  name: a\r\n---\r\n---\r\napiVersion: v1\r\nkind: B\r\nmetadata:\r\n  name: b\r\n";
        let objs = parse(text).unwrap();
        assert_eq!(objs.len(), 2);
        assert_eq!(objs[1].kind(), "B");
        assert_eq!(
            objs[1]
                .locate(&"metadata.name".parse().unwrap())
                .unwrap()
                .line,
            11
        );
    }

    #[test]
    fn errors_carry_positions() {
        let e = parse("apiVersion: v1\nkind: A\nkind: B\n").unwrap_err();
        assert_eq!(e.diagnostic().code, Code::DUPLICATE_KEY);
        assert_eq!(e.diagnostic().location.line, Some(3));
        let e = parse("apiVersion: v1\nkind: [A\n").unwrap_err();
        assert_eq!(e.diagnostic().code, Code::YAML_SYNTAX);
        assert_eq!(e.diagnostic().location.file.as_deref(), Some("t.yaml"));
        assert!(e.diagnostic().location.line.is_some());
        let e = parse("apiVersion: v1\nmetadata: {name: a}\n").unwrap_err();
        assert_eq!(e.diagnostic().code, Code::NOT_AN_OBJECT);
        assert!(e.to_string().contains("kind"), "{e}");
        let e = parse("- a\n- b\n").unwrap_err();
        assert_eq!(e.diagnostic().code, Code::NOT_AN_OBJECT);
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut text =
            String::from("apiVersion: v1\nkind: X\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = parse(&text).unwrap_err();
        assert_eq!(e.diagnostic().code, Code::LIMIT, "{e}");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!(
            "apiVersion: v1\nkind: X\na: {}{}\n",
            "[".repeat(500),
            "]".repeat(500)
        );
        assert!(parse(&text).is_err());
    }

    #[test]
    fn emit_round_trips() {
        let text = "apiVersion: v1\nkind: A\nmetadata:\n  name: a\nspec:\n  x: \"yes\"\n  y: \"010\"\n  l:\n  - 1\n  - two\n  e: []\n  m: {}\n";
        let objs = parse(text).unwrap();
        let out = to_yaml(&[objs[0].value().clone()]);
        let again = parse(&out).unwrap();
        assert_eq!(again[0].value(), objs[0].value());
        // The serializer quotes keys YAML 1.1 would read as booleans.
        assert_eq!(out, text.replace("  y:", "  \"y\":"));
    }

    #[test]
    fn comments_detected() {
        assert!(has_comments("# top\na: 1\n"));
        assert!(!has_comments("a: 'x#y'\nb: |\n  # inside block\n"));
    }
}
