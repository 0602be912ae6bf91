//! `fmt` for files with comments: the canonical layout (`document::to_yaml` of the canonical
//! values), with every comment carried along with the node it belongs to.
//!
//! Each node's comments are read as the edit layer reads them (see `tree.rs`): the comments
//! directly above it, the one at the end of its line, and for a collection the comments before
//! its first child ("head") and after its last ("tail"). Comments separated from the next node
//! by a blank line are kept with that node too. The canonical text is then written node by
//! node, each with its comments at its new column. Blank lines are layout and are not kept.

use serde_json::Value;

use super::lines::{self, Class};
use super::tree::{Editor, Loc};
use super::{EditError, documents};
use crate::document::{self, Limits};

/// One comment: its 0-based line and its text (from `#`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Comment {
    pub(super) line: usize,
    pub(super) text: String,
}

/// The comments of one node.
#[derive(Debug, Default)]
pub(super) struct Note {
    pub(super) leading: Vec<Comment>,
    pub(super) eol: Option<Comment>,
    pub(super) head: Vec<Comment>,
    pub(super) tail: Vec<Comment>,
    pub(super) children: Children,
}

#[derive(Debug, Default)]
pub(super) enum Children {
    #[default]
    None,
    Map(Vec<(String, Note)>),
    Seq(Vec<Note>),
}

impl Note {
    fn is_empty(&self) -> bool {
        self.leading.is_empty()
            && self.eol.is_none()
            && self.head.is_empty()
            && self.tail.is_empty()
            && match &self.children {
                Children::None => true,
                Children::Map(m) => m.iter().all(|(_, n)| n.is_empty()),
                Children::Seq(s) => s.iter().all(Note::is_empty),
            }
    }

    fn child(&self, key: &str) -> Option<&Note> {
        match &self.children {
            Children::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, n)| n),
            _ => None,
        }
    }

    fn item(&self, i: usize) -> Option<&Note> {
        match &self.children {
            Children::Seq(s) => s.get(i),
            _ => None,
        }
    }
}

type Refusal = (usize, String);

impl Editor<'_> {
    fn comment_lines(&self, from: usize, to: usize) -> Vec<Comment> {
        (from..to)
            .filter(|&i| self.lines[i].class == Class::Comment)
            .map(|i| Comment {
                line: i,
                text: self.lines[i].text.trim().to_owned(),
            })
            .collect()
    }

    fn eol(&self, line: usize) -> Option<Comment> {
        self.lines[line].comment().map(|text| Comment {
            line,
            text: text.to_owned(),
        })
    }

    /// The comments of the value at `loc`, whose node runs over lines `line..end`.
    pub(super) fn note_value(
        &self,
        loc: Loc,
        line: usize,
        end: usize,
        old: &Value,
    ) -> Result<Note, Refusal> {
        let mut note = Note::default();
        match (loc, old) {
            (Loc::Map { first, end: e, col }, Value::Object(m)) => {
                let entries = self.entries(first, e, col, m)?;
                note.head = self.comment_lines(line + 1, first);
                let mut children = Vec::new();
                let mut prev_end = first;
                for en in &entries {
                    let mut child = Note {
                        leading: self.comment_lines(prev_end, en.line),
                        eol: self.eol(en.line),
                        ..Note::default()
                    };
                    if en.line == first {
                        child.leading.clear();
                    }
                    let loc = self.loc(en.line, en.end, en.value.clone(), &m[&en.key]);
                    let inner = self.note_value(loc, en.line, en.end, &m[&en.key])?;
                    child.head = inner.head;
                    child.tail = inner.tail;
                    child.children = inner.children;
                    children.push((en.key.clone(), child));
                    prev_end = en.end;
                }
                note.tail = self.comment_lines(prev_end, end.min(e.max(prev_end)));
                note.children = Children::Map(children);
            }
            (Loc::Seq { first, end: e, col }, Value::Array(a)) => {
                let items = self.items(first, e, col, a.len())?;
                note.head = self.comment_lines(line + 1, first);
                let mut children = Vec::new();
                let mut prev_end = first;
                for (i, it) in items.iter().enumerate() {
                    let inline = lines::item_text(self.lines[it.line].text, col);
                    let loc = self.loc(it.line, it.end, inline, &a[i]);
                    let mut child = self.note_value(loc.clone(), it.line, it.end, &a[i])?;
                    child.leading = if it.line == first {
                        Vec::new()
                    } else {
                        self.comment_lines(prev_end, it.line)
                    };
                    if !matches!(loc, Loc::Map { .. } | Loc::Seq { .. }) {
                        child.eol = self.eol(it.line);
                    }
                    children.push(child);
                    prev_end = it.end;
                }
                note.tail = self.comment_lines(prev_end, end.min(e.max(prev_end)));
                note.children = Children::Seq(children);
            }
            _ => {
                // Comments after the value's last line trail it; one between its lines has no
                // place in the canonical form.
                let last = (line..end)
                    .rev()
                    .find(|&i| self.lines[i].class == Class::Content)
                    .unwrap_or(line);
                if (line + 1..last).any(|i| self.lines[i].class == Class::Comment) {
                    return Err((
                        line + 1,
                        "a comment inside a multi-line value has no place in the canonical form"
                            .into(),
                    ));
                }
                note.tail = self.comment_lines(last + 1, end);
            }
        }
        Ok(note)
    }
}

/// Writes `value` (a scalar or a collection without comments) after `head` (`key:` or `-`
/// with its padding), with the end-of-line comment `eol`, its other lines at column `col`.
fn plain(out: &mut Vec<String>, head: &str, value: &Value, col: usize, eol: Option<&str>) {
    let text = document::to_yaml_one(value);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let eol = eol.map(|c| format!(" {c}")).unwrap_or_default();
    let is_scalar = !matches!(value, Value::Object(m) if !m.is_empty())
        && !matches!(value, Value::Array(a) if !a.is_empty());
    let pad = " ".repeat(col);
    if is_scalar {
        out.push(format!("{head} {first}{eol}"));
        out.extend(lines.map(|l| format!("{pad}{l}")));
    } else {
        out.push(format!("{head}{eol}"));
        out.push(format!("{pad}{first}"));
        out.extend(lines.map(|l| format!("{pad}{l}")));
    }
}

fn comments_at(out: &mut Vec<String>, col: usize, comments: &[Comment]) {
    out.extend(
        comments
            .iter()
            .map(|c| format!("{}{}", " ".repeat(col), c.text)),
    );
}

/// The entries of `map` at column `col`, in the value's (canonical) key order.
fn entries(
    out: &mut Vec<String>,
    map: &serde_json::Map<String, Value>,
    note: Option<&Note>,
    col: usize,
) {
    for (k, v) in map {
        let child = note.and_then(|n| n.child(k));
        entry(out, k, v, child, col);
    }
}

fn has_inner(n: &Note) -> bool {
    !n.head.is_empty()
        || !n.tail.is_empty()
        || match &n.children {
            Children::Map(m) => m.iter().any(|(_, c)| !c.is_empty()),
            Children::Seq(s) => s.iter().any(|c| !c.is_empty()),
            Children::None => false,
        }
}

fn entry(out: &mut Vec<String>, k: &str, v: &Value, note: Option<&Note>, col: usize) {
    let pad = " ".repeat(col);
    let key = super::emit::key(k);
    let eol = note.and_then(|n| n.eol.as_ref()).map(|c| c.text.as_str());
    let eol_text = eol.map(|c| format!(" {c}")).unwrap_or_default();
    if let Some(n) = note {
        comments_at(out, col, &n.leading);
    }
    match (v, note.filter(|n| has_inner(n))) {
        (Value::Object(m), Some(n)) if !m.is_empty() => {
            out.push(format!("{pad}{key}:{eol_text}"));
            comments_at(out, col + 2, &n.head);
            entries(out, m, Some(n), col + 2);
            comments_at(out, col + 2, &n.tail);
        }
        (Value::Array(a), Some(n)) if !a.is_empty() => {
            out.push(format!("{pad}{key}:{eol_text}"));
            comments_at(out, col, &n.head);
            for (i, item_value) in a.iter().enumerate() {
                item(out, item_value, n.item(i), col);
            }
            // After the last item, deeper than its dash: read again, they stay after it.
            comments_at(out, col + 2, &n.tail);
        }
        (Value::Object(m), _) if !m.is_empty() => {
            plain(out, &format!("{pad}{key}:"), v, col + 2, eol);
        }
        _ => {
            plain(out, &format!("{pad}{key}:"), v, col, eol);
            if let Some(n) = note {
                comments_at(out, col + 2, &n.tail);
            }
        }
    }
}

fn item(out: &mut Vec<String>, v: &Value, note: Option<&Note>, col: usize) {
    let pad = " ".repeat(col);
    if let Some(n) = note {
        comments_at(out, col, &n.leading);
    }
    match (v, note.filter(|n| has_inner(n))) {
        (Value::Object(m), Some(n)) if !m.is_empty() => {
            // The first key goes behind the dash; comments above it move above the dash.
            let mut body = Vec::new();
            comments_at(&mut body, col + 2, &n.head);
            entries(&mut body, m, Some(n), col + 2);
            comments_at(&mut body, col + 2, &n.tail);
            let first_key = body
                .iter()
                .position(|l| !l.trim_start().starts_with('#'))
                .unwrap_or(0);
            for (i, l) in body.into_iter().enumerate() {
                if i < first_key {
                    out.push(format!("{pad}{}", l.trim_start()));
                } else if i == first_key {
                    out.push(format!("{pad}- {}", &l[col + 2..]));
                } else {
                    out.push(l);
                }
            }
        }
        (Value::Object(m), _) if !m.is_empty() => {
            let text = document::to_yaml_one(v);
            for (i, l) in text.lines().enumerate() {
                if i == 0 {
                    out.push(format!("{pad}- {l}"));
                } else {
                    out.push(format!("{pad}  {l}"));
                }
            }
        }
        _ => {
            plain(
                out,
                &format!("{pad}-"),
                v,
                col + 2,
                note.and_then(|n| n.eol.as_ref()).map(|c| c.text.as_str()),
            );
            if let Some(n) = note {
                comments_at(out, col + 2, &n.tail);
            }
        }
    }
}

/// The canonical form of `text` (every document through `crate::canonical_document`, written
/// as `document::to_yaml` does) with every comment of `text` kept with its node. Fails, saying
/// where, when a comment has no place in that form (one inside a multi-line value, say) or the
/// file uses YAML the edit layer does not read; the result is checked like every edit (read
/// back as the canonical values, every comment present, and formatting it again changes
/// nothing).
pub fn format_keeping_comments(
    text: &str,
    file: &str,
    limits: &Limits,
) -> Result<String, EditError> {
    let values = document::parse_values(text, file, limits)?;
    let canonical: Vec<Value> = values.iter().map(crate::canonical_document).collect();
    let out = format_once(text, file, &values, &canonical)?;
    let again = document::parse_values(&out, file, limits).map_err(|e| {
        EditError::cannot(
            file,
            None,
            format!(
                "the formatted text would not read back ({})",
                e.diagnostic().message
            ),
        )
    })?;
    if again != canonical {
        return Err(EditError::cannot(
            file,
            None,
            "the formatted text would not read back as the same values",
        ));
    }
    let mut before = super::comments(text);
    let mut after = super::comments(&out);
    before.sort();
    after.sort();
    if before != after {
        return Err(EditError::cannot(
            file,
            None,
            "a comment would be lost or moved out of place",
        ));
    }
    if format_once(&out, file, &again, &canonical)? != out {
        return Err(EditError::cannot(
            file,
            None,
            "the comments could not be given a stable place in the canonical form",
        ));
    }
    Ok(out)
}

/// The comment tree of each document of `text` (read as `values`): the document's own
/// comments (those before its first key, after the previous document) as the root's head.
fn document_notes(text: &str, file: &str, values: &[Value]) -> Result<Vec<Note>, EditError> {
    let ed = Editor::new(text);
    let docs = documents(&ed, file)?;
    if docs.len() != values.len() {
        return Err(EditError::cannot(
            file,
            None,
            "its documents could not be told apart line by line",
        ));
    }
    let mut notes = Vec::with_capacity(docs.len());
    let mut prev_end = 0;
    for (doc, old) in docs.iter().zip(values) {
        let loc = Loc::Map {
            first: doc.first,
            end: doc.end,
            col: ed.lines[doc.first].indent,
        };
        let mut note = ed
            .note_value(loc, doc.first.saturating_sub(1), doc.end, old)
            .map_err(|(line, why)| EditError::cannot(file, Some(line + 1), why))?;
        note.head = ed.comment_lines(doc.separator.map_or(prev_end, |s| s + 1), doc.first);
        notes.push(note);
        prev_end = doc.end;
    }
    Ok(notes)
}

fn format_once(
    text: &str,
    file: &str,
    values: &[Value],
    canonical: &[Value],
) -> Result<String, EditError> {
    let notes = document_notes(text, file, values)?;
    let mut out: Vec<String> = Vec::new();
    for (n, (note, new)) in notes.iter().zip(canonical).enumerate() {
        if n > 0 {
            out.push("---".into());
        }
        let Value::Object(m) = new else {
            return Err(EditError::cannot(
                file,
                None,
                format!("document {} is not a mapping", n + 1),
            ));
        };
        comments_at(&mut out, 0, &note.head);
        entries(&mut out, m, Some(note), 0);
        comments_at(&mut out, 0, &note.tail);
    }
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

/// A comment of a YAML file and the node it belongs to (as [`format_keeping_comments`] and
/// the edit layer attach comments to nodes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeComment {
    /// The document (0-based, counting documents that are not empty).
    pub document: usize,
    /// The node in that document (the root: the document itself).
    pub path: crate::path::FieldPath,
    /// 1-based line of the comment.
    pub line: u32,
    /// The comment, from `#`.
    pub text: String,
}

/// Every comment of `text` with the node it belongs to, in line order. Fails like
/// [`format_keeping_comments`] when a comment has no node to belong to.
pub fn node_comments(
    text: &str,
    file: &str,
    limits: &Limits,
) -> Result<Vec<NodeComment>, EditError> {
    let values = document::parse_values(text, file, limits)?;
    let mut out = Vec::new();
    for (n, note) in document_notes(text, file, &values)?.iter().enumerate() {
        collect(note, n, crate::path::FieldPath::root(), &mut out);
    }
    out.sort_by_key(|c| c.line);
    Ok(out)
}

fn collect(note: &Note, document: usize, path: crate::path::FieldPath, out: &mut Vec<NodeComment>) {
    let own = note
        .leading
        .iter()
        .chain(&note.eol)
        .chain(&note.head)
        .chain(&note.tail);
    out.extend(own.map(|c| NodeComment {
        document,
        path: path.clone(),
        line: c.line as u32 + 1,
        text: c.text.clone(),
    }));
    match &note.children {
        Children::Map(m) => {
            for (k, c) in m {
                collect(c, document, path.clone().field(k.clone()), out);
            }
        }
        Children::Seq(s) => {
            for (i, c) in s.iter().enumerate() {
                collect(c, document, path.clone().index(i), out);
            }
        }
        Children::None => {}
    }
}
