//! The reference loader: serde-saphyr deserializes each document into a spanned tree, which is
//! then converted into JSON and pre-order positions. It defines the expected results: the fast
//! readers hand it every input they do not read exactly, and the differential tests compare
//! them with it.

use std::fmt;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Spanned;

use super::error::LoadError;
use super::limits::Limits;
use super::object::{Object, Origin, Pos, push_objects};
use crate::diagnostic::Code;

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

/// The hint of a syntax error in a file that holds Helm (Go template) directives.
const HELM_HINT: &str = "this looks like a Helm template (it contains `{{ ... }}` directives): \
render it with `helm template` first and validate the output";

/// Turns a serde-saphyr error on `text` into a diagnostic with the file, line and column it
/// names.
fn yaml_error(file: &str, text: &str, err: &serde_saphyr::Error) -> LoadError {
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
    } else if text.contains("{{") && text.contains("}}") {
        (Code::YAML_SYNTAX, Some(HELM_HINT))
    } else {
        (Code::YAML_SYNTAX, None)
    };
    let mut e = LoadError::new(code, file, pos, msg);
    if let Some(h) = hint {
        e.0.hint = Some(h.to_owned());
    }
    e
}

/// Reads every document of `text` into objects (see `super::parse_str_reference`).
pub(super) fn parse_str(text: &str, file: &str, limits: &Limits) -> Result<Vec<Object>, LoadError> {
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
            .map_err(|e| yaml_error(file, text, &e))?;
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

/// Reads every document of `text` into values (see `super::parse_values_reference`).
pub(super) fn parse_values(
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
            .map_err(|e| yaml_error(file, text, &e))?;
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
