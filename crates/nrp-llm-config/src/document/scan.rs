//! A hand-written single-pass scanner for the block YAML that Kubernetes manifests use in
//! practice, tried before the granit-parser event loader (`super::events`).
//!
//! It reads lines directly: block mappings and sequences (including a sequence at the same
//! indentation as its key, and `- key: v` compact mappings), single-line plain scalars,
//! single-line single- and double-quoted scalars (common escapes only), empty values, `{}` and
//! `[]`, comments, `---` separators, blank lines and CRLF line ends. It builds exactly what
//! the granit-parser event loop (`super::events::load`) builds (values, key order,
//! number types and the pre-order positions), resolving every scalar with the same functions.
//!
//! Whenever the text leaves that subset it answers `None` for the whole file, and the caller
//! runs the event loader, which stays exact on everything. It gives up on, among others: tabs,
//! control and unusual whitespace characters, block scalars (`|`, `>`), scalars spanning
//! several lines, anchors, aliases, tags, `?` and `:` indicators, merge keys (through
//! `resolve_key`), directives, `...`, content after `---`, non-empty flow collections (and
//! `{ }`), keys longer than granit-parser's simple-key look-ahead, spaces between a key and
//! its `:`, a node on the lines after an empty sequence entry (`-` alone), a scalar on the
//! line after its key, a document root not at column 0, indentation that does not match an
//! open collection, duplicate or non-string keys, and coming near any budget the event loader
//! checks (depth, nodes, events, documents, scalar bytes).
//!
//! Positions follow granit-parser: a scalar (and a quoted one, at its opening quote), a
//! sequence and a `{}`/`[]` sit where they start, a block mapping at its first key, a mapping
//! value at its key (as in the event loader), and the empty scalar of a `-` with nothing after
//! it at the end of that line (comments included). The differential tests in
//! `tests/it/loader_diff.rs`, `benches/tests/scanner.rs` and the `scan_diff` fuzz target hold
//! the scanner to the event loader.

use super::limits::{Limits, MARGIN, SAPHYR_MAX_EVENTS, SAPHYR_MAX_TOTAL_SCALAR_BYTES};
use super::object::{FastDoc, Pos};
use super::scalar::{resolve_key, resolve_value};
use super::tree::Collections;
use serde_json::{Map, Value};
use serde_saphyr::granit_parser::ScalarStyle;
use std::borrow::Cow;

/// Longest key (in bytes, quotes included) accepted; granit-parser limits simple keys to 1024
/// characters of look-ahead.
const MAX_KEY_BYTES: usize = 1000;

enum Kind {
    Map {
        /// Where its entries start in [`Collections`].
        start: usize,
        /// The key waiting for its value (a child collection, or the next line), with its
        /// position.
        key: Option<(String, Pos)>,
    },
    Seq {
        /// Where its items start in [`Collections`].
        start: usize,
        /// The sequence sits at the indentation of the key it belongs to (`key:\n- a`).
        indentless: bool,
        /// An entry with nothing after `-`, waiting to see what follows, with the position
        /// granit-parser gives its empty scalar.
        empty: Option<Pos>,
    },
}

struct Frame {
    /// 0-based column of the entries (keys or dashes).
    indent: usize,
    kind: Kind,
}

/// What a line holds from a given offset on.
enum Item<'a> {
    /// Nothing (end of line or a comment).
    Empty,
    /// A `-` entry indicator at `at`; its content starts at `rest`.
    Dash { at: usize, rest: usize },
    /// A mapping key at `at`; the value starts at `rest` (after the `:`).
    Key {
        key: Cow<'a, str>,
        style: ScalarStyle,
        at: usize,
        rest: usize,
    },
    /// A scalar at `at`.
    Scalar {
        value: Cow<'a, str>,
        style: ScalarStyle,
        at: usize,
    },
    /// `{}` (true) or `[]` (false) at `at`.
    EmptyFlow { map: bool, at: usize },
}

struct Scanner<'a> {
    limits: &'a Limits,
    stack: Vec<Frame>,
    collections: Collections,
    positions: Vec<Pos>,
    root: Option<Value>,
    root_started: bool,
    docs: Vec<FastDoc>,
    nodes: usize,
    scalar_bytes: usize,
    line: &'a str,
    line_no: u32,
    ascii_line: bool,
}

/// Reads every document of `text` (BOM already stripped) when it stays inside the subset, or
/// `None` (see the module documentation).
pub(super) fn load(text: &str, limits: &Limits) -> Option<Vec<FastDoc>> {
    if !characters_ok(text) {
        return None;
    }
    let mut s = Scanner {
        limits,
        stack: Vec::with_capacity(16),
        collections: Collections::default(),
        positions: Vec::new(),
        root: None,
        root_started: false,
        docs: Vec::new(),
        nodes: 0,
        scalar_bytes: 0,
        line: "",
        line_no: 0,
        ascii_line: true,
    };
    let mut separators = 0usize;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        if indent == bytes.len() || bytes[indent] == b'#' {
            continue;
        }
        s.line = line;
        s.line_no = u32::try_from(i + 1).ok()?;
        s.ascii_line = line.is_ascii();
        if indent == 0 && (line.starts_with("---") || line.starts_with("...")) {
            if !line.starts_with("---") || !only_comment(line, 3) {
                return None;
            }
            separators += 1;
            s.end_document()?;
            continue;
        }
        s.content_line(indent)?;
    }
    s.end_document()?;
    // Upper bounds of what the event loader counts, checked against its own thresholds.
    let documents = separators + 1;
    let nodes = s.nodes + documents;
    let events = nodes
        .checked_mul(2)?
        .checked_add(documents.checked_mul(2)?)?
        .checked_add(2)?;
    if documents > limits.max_documents.saturating_sub(1)
        || nodes > limits.max_nodes.saturating_sub(MARGIN)
        || events > SAPHYR_MAX_EVENTS - MARGIN
        || s.scalar_bytes > SAPHYR_MAX_TOTAL_SCALAR_BYTES - MARGIN
    {
        return None;
    }
    Some(s.docs)
}

/// Only printable characters that every YAML reader treats alike: no tabs, no control
/// characters, no lone CR, no byte order mark, no non-ASCII whitespace.
fn characters_ok(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut non_ascii = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' | 0x20..=0x7e => {}
            b'\r' => {
                if bytes.get(i + 1) != Some(&b'\n') {
                    return false;
                }
            }
            0x80.. => non_ascii = true,
            _ => return false,
        }
    }
    !non_ascii
        || text.chars().all(|c| {
            c.is_ascii()
                || !(c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
        })
}

/// True when `line[from..]` is blank or a comment preceded by a space.
fn only_comment(line: &str, from: usize) -> bool {
    let rest = &line.as_bytes()[from..];
    let spaces = rest.iter().take_while(|&&b| b == b' ').count();
    spaces == rest.len() || (spaces > 0 && rest[spaces] == b'#')
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    i
}

/// Classifies what starts at `off` (after skipping spaces), or `None` outside the subset.
fn classify(line: &str, off: usize) -> Option<Item<'_>> {
    let bytes = line.as_bytes();
    let at = skip_spaces(bytes, off);
    let Some(&c) = bytes.get(at) else {
        return Some(Item::Empty);
    };
    let next = bytes.get(at + 1).copied();
    let next_blank = matches!(next, None | Some(b' '));
    match c {
        // Every caller reaches `at` after a space or at the start of a line.
        b'#' => Some(Item::Empty),
        b'-' if next_blank => Some(Item::Dash { at, rest: at + 1 }),
        b'\'' | b'"' => {
            let (value, end) = if c == b'"' {
                double_quoted(line, at)?
            } else {
                single_quoted(line, at)?
            };
            let style = if c == b'"' {
                ScalarStyle::DoubleQuoted
            } else {
                ScalarStyle::SingleQuoted
            };
            if bytes.get(end) == Some(&b':') && matches!(bytes.get(end + 1), None | Some(b' ')) {
                if end - at > MAX_KEY_BYTES {
                    return None;
                }
                return Some(Item::Key {
                    key: value,
                    style,
                    at,
                    rest: end + 1,
                });
            }
            if end < bytes.len() && (bytes[end] != b' ' || !only_comment(line, end)) {
                return None;
            }
            Some(Item::Scalar { value, style, at })
        }
        b'{' | b'[' => {
            let close = if c == b'{' { b'}' } else { b']' };
            if next != Some(close) || !only_comment(line, at + 2) {
                return None;
            }
            Some(Item::EmptyFlow { map: c == b'{', at })
        }
        b'?' | b':' | b'-' if next_blank => None,
        b',' | b']' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => None,
        _ => {
            let mut i = at;
            let mut key_end = None;
            while i < bytes.len() {
                match bytes[i] {
                    b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => {
                        key_end = Some(i);
                        break;
                    }
                    b' ' if bytes.get(i + 1) == Some(&b'#') => break,
                    _ => {}
                }
                i += 1;
            }
            let value = line[at..i].trim_end_matches(' ');
            match key_end {
                Some(end) => {
                    if end - at > MAX_KEY_BYTES {
                        return None;
                    }
                    Some(Item::Key {
                        key: Cow::Borrowed(value),
                        style: ScalarStyle::Plain,
                        at,
                        rest: end + 1,
                    })
                }
                None => Some(Item::Scalar {
                    value: Cow::Borrowed(value),
                    style: ScalarStyle::Plain,
                    at,
                }),
            }
        }
    }
}

/// A single-line `'...'` scalar starting at `at`: its value and the offset after the quote.
fn single_quoted(line: &str, at: usize) -> Option<(Cow<'_, str>, usize)> {
    let bytes = line.as_bytes();
    let start = at + 1;
    let mut i = start;
    let mut owned: Option<String> = None;
    let mut seg = start;
    loop {
        match bytes.get(i)? {
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&line[seg..=i]);
                i += 2;
                seg = i;
            }
            b'\'' => {
                return Some((quoted_value(line, owned, start, seg, i), i + 1));
            }
            _ => i += 1,
        }
    }
}

/// The content of a quoted scalar whose closing quote is at `end`: borrowed from the line when
/// nothing was unescaped, else what was unescaped so far plus the rest from `seg`.
fn quoted_value(
    line: &str,
    owned: Option<String>,
    start: usize,
    seg: usize,
    end: usize,
) -> Cow<'_, str> {
    match owned {
        Some(mut s) => {
            s.push_str(&line[seg..end]);
            Cow::Owned(s)
        }
        None => Cow::Borrowed(&line[start..end]),
    }
}

/// A single-line `"..."` scalar starting at `at` with simple escapes only.
fn double_quoted(line: &str, at: usize) -> Option<(Cow<'_, str>, usize)> {
    let bytes = line.as_bytes();
    let start = at + 1;
    let mut i = start;
    let mut owned: Option<String> = None;
    let mut seg = start;
    loop {
        match bytes.get(i)? {
            b'"' => {
                return Some((quoted_value(line, owned, start, seg, i), i + 1));
            }
            b'\\' => {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&line[seg..i]);
                let e = *bytes.get(i + 1)?;
                let mut len = 2;
                let c = match e {
                    b'\\' => '\\',
                    b'"' => '"',
                    b'/' => '/',
                    b'n' => '\n',
                    b't' => '\t',
                    b'r' => '\r',
                    b'0' => '\0',
                    b'x' | b'u' | b'U' => {
                        let n = match e {
                            b'x' => 2,
                            b'u' => 4,
                            _ => 8,
                        };
                        let hex = line.get(i + 2..i + 2 + n)?;
                        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                            return None;
                        }
                        len += n;
                        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                    }
                    _ => return None,
                };
                s.push(c);
                i += len;
                seg = i;
            }
            _ => i += 1,
        }
    }
}

impl Scanner<'_> {
    fn pos(&self, off: usize) -> Pos {
        let column = if self.ascii_line {
            off
        } else {
            self.line[..off].chars().count()
        };
        Pos {
            line: self.line_no,
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    fn scalar(&mut self, value: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
        self.nodes += 1;
        self.scalar_bytes += value.len();
        resolve_value(value, style, self.limits)
    }

    /// Adds a finished node to the top collection (or as the document root). `own` is its
    /// position when it is a sequence item or the root; a mapping value takes its key's.
    fn add(&mut self, v: Value, own: Pos, is_scalar: bool) -> Option<()> {
        if self.stack.len() > self.limits.max_depth {
            return None;
        }
        match self.stack.last_mut() {
            None => {
                if is_scalar && v.is_null() {
                    return Some(());
                }
                self.positions.push(own);
                self.root = Some(v);
            }
            Some(Frame {
                kind: Kind::Seq { .. },
                ..
            }) => {
                self.positions.push(own);
                self.collections.push_item(v);
            }
            Some(Frame {
                kind: Kind::Map { key, .. },
                ..
            }) => {
                let (k, kp) = key.take()?;
                self.positions.push(kp);
                self.collections.push_entry(k, v);
            }
        }
        Some(())
    }

    /// Opens a block collection whose entries sit at column `indent`; `own` as for `Self::add`.
    fn open(&mut self, indent: usize, own: Pos, kind: Kind) -> Option<()> {
        self.nodes += 1;
        if self.stack.len() > self.limits.max_depth {
            return None;
        }
        let at = match self.stack.last() {
            None
            | Some(Frame {
                kind: Kind::Seq { .. },
                ..
            }) => own,
            Some(Frame {
                kind: Kind::Map { key, .. },
                ..
            }) => key.as_ref()?.1,
        };
        self.positions.push(at);
        self.stack.push(Frame { indent, kind });
        Some(())
    }

    /// Closes the top collection, giving a waiting key a null value.
    fn pop(&mut self) -> Option<()> {
        if let Some(Frame {
            kind: Kind::Map { key: Some(_), .. },
            ..
        }) = self.stack.last()
        {
            self.nodes += 1;
            self.add(Value::Null, Pos::default(), true)?;
        }
        let v = match self.stack.pop()?.kind {
            Kind::Map { start, .. } => self.collections.finish_map(start)?,
            Kind::Seq { start, empty, .. } => {
                if let Some(p) = empty {
                    self.nodes += 1;
                    if self.stack.len() + 1 > self.limits.max_depth {
                        return None;
                    }
                    self.positions.push(p);
                    self.collections.push_item(Value::Null);
                }
                self.collections.finish_seq(start)
            }
        };
        match self.stack.last_mut() {
            None => self.root = Some(v),
            Some(Frame {
                kind: Kind::Seq { .. },
                ..
            }) => self.collections.push_item(v),
            Some(Frame {
                kind: Kind::Map { key, .. },
                ..
            }) => {
                let (k, _) = key.take()?;
                self.collections.push_entry(k, v);
            }
        }
        Some(())
    }

    fn end_document(&mut self) -> Option<()> {
        while !self.stack.is_empty() {
            self.pop()?;
        }
        if let Some(value) = self.root.take() {
            let cap = self.positions.len();
            let positions = std::mem::replace(&mut self.positions, Vec::with_capacity(cap));
            self.docs.push(FastDoc { value, positions });
        }
        self.positions.clear();
        self.root_started = false;
        Some(())
    }

    fn content_line(&mut self, indent: usize) -> Option<()> {
        let line = self.line;
        let item = classify(line, indent)?;
        let dash = matches!(item, Item::Dash { .. });
        while let Some(top) = self.stack.last_mut() {
            if top.indent > indent {
                self.pop()?;
                continue;
            }
            if top.indent < indent {
                // Only the value of a key waiting on the previous line may start deeper.
                let Kind::Map { key: Some(_), .. } = top.kind else {
                    return None;
                };
                return match item {
                    Item::Dash { .. } => {
                        let kind = Kind::Seq {
                            start: self.collections.seq_start(),
                            indentless: false,
                            empty: None,
                        };
                        self.open(indent, self.pos(indent), kind)?;
                        self.entry(item)
                    }
                    Item::Key { .. } => {
                        let kind = Kind::Map {
                            start: self.collections.map_start(),
                            key: None,
                        };
                        self.open(indent, self.pos(indent), kind)?;
                        self.key_entry(item)
                    }
                    _ => None,
                };
            }
            match &mut top.kind {
                Kind::Map { key, .. } => {
                    let waiting = key.is_some();
                    if dash {
                        if !waiting {
                            return None;
                        }
                        let kind = Kind::Seq {
                            start: self.collections.seq_start(),
                            indentless: true,
                            empty: None,
                        };
                        self.open(indent, self.pos(indent), kind)?;
                        return self.entry(item);
                    }
                    if waiting {
                        self.nodes += 1;
                        self.add(Value::Null, self.pos(indent), true)?;
                    }
                    return self.key_entry(item);
                }
                Kind::Seq {
                    indentless, empty, ..
                } => {
                    let indentless = *indentless;
                    if let Some(p) = empty.take() {
                        self.nodes += 1;
                        self.add(Value::Null, p, true)?;
                    }
                    if dash {
                        return self.entry(item);
                    }
                    if indentless {
                        self.pop()?;
                        continue;
                    }
                    return None;
                }
            }
        }
        if self.root_started || indent != 0 {
            return None;
        }
        self.root_started = true;
        self.inline(item)
    }

    /// A node that starts on the current line inside the top sequence (or as the root).
    fn inline(&mut self, item: Item<'_>) -> Option<()> {
        match item {
            Item::Empty => None,
            Item::Dash { at, .. } => {
                let kind = Kind::Seq {
                    start: self.collections.seq_start(),
                    indentless: false,
                    empty: None,
                };
                self.open(at, self.pos(at), kind)?;
                self.entry(item)
            }
            Item::Key { at, .. } => {
                let kind = Kind::Map {
                    start: self.collections.map_start(),
                    key: None,
                };
                self.open(at, self.pos(at), kind)?;
                self.key_entry(item)
            }
            Item::Scalar { value, style, at } => {
                let v = self.scalar(value, style)?;
                self.add(v, self.pos(at), true)
            }
            Item::EmptyFlow { map, at } => {
                self.nodes += 1;
                let v = if map {
                    Value::Object(Map::new())
                } else {
                    Value::Array(Vec::new())
                };
                self.add(v, self.pos(at), false)
            }
        }
    }

    /// The content after a `-` of the top sequence.
    fn entry(&mut self, item: Item<'_>) -> Option<()> {
        let Item::Dash { rest, .. } = item else {
            return None;
        };
        let line = self.line;
        match classify(line, rest)? {
            Item::Empty => {
                // granit-parser places an empty entry's scalar at the end of its line.
                let p = self.pos(line.len());
                match self.stack.last_mut() {
                    Some(Frame {
                        kind: Kind::Seq { empty, .. },
                        ..
                    }) => {
                        *empty = Some(p);
                        Some(())
                    }
                    _ => None,
                }
            }
            next => self.inline(next),
        }
    }

    /// A `key: value` line for the top mapping.
    fn key_entry(&mut self, item: Item<'_>) -> Option<()> {
        let Item::Key {
            key,
            style,
            at,
            rest,
        } = item
        else {
            return None;
        };
        self.nodes += 1;
        self.scalar_bytes += key.len();
        let k = resolve_key(key, style)?;
        let kp = self.pos(at);
        match self.stack.last_mut() {
            Some(Frame {
                kind: Kind::Map { key, .. },
                ..
            }) if key.is_none() => *key = Some((k, kp)),
            _ => return None,
        }
        let line = self.line;
        match classify(line, rest)? {
            Item::Empty => Some(()),
            Item::Scalar { value, style, .. } => {
                let v = self.scalar(value, style)?;
                self.add(v, kp, true)
            }
            Item::EmptyFlow { map, .. } => {
                self.nodes += 1;
                let v = if map {
                    Value::Object(Map::new())
                } else {
                    Value::Array(Vec::new())
                };
                self.add(v, kp, false)
            }
            Item::Dash { .. } | Item::Key { .. } => None,
        }
    }
}
