//! Applying the difference between two values of one document to its source lines.
//!
//! The source is read as block YAML: a node starts on a line (a `key:` line, or the line of
//! its `- ` dash) and runs over the following lines indented deeper than its key or dash.
//! Comment lines belong to a node as follows:
//!
//! * the comments directly above a node (no blank line between), at the node's own column, are
//!   its leading comments: they leave with it;
//! * comments inside a node, or right after its last line and indented deeper than it, are
//!   part of it;
//! * anything else (a comment at a lower column, one after a blank line at the end of a
//!   collection, such as a rule parked as a comment after the last rule) stays where it is.
//!
//! Edits are recorded against the original line numbers and applied at the end: lines deleted,
//! lines inserted before a line, and one in-line replacement of a value's text per line.

use serde_json::{Map, Value};

use super::emit::{self, Style};
use super::lines::{self, Class, Line};

/// Why an edit could not be made exactly.
pub(super) type Refusal = (usize, String);

/// The edits being made to one file.
pub(crate) struct Editor<'a> {
    pub(super) lines: Vec<Line<'a>>,
    pub(super) style: Style,
    /// The current text of each original line.
    out: Vec<String>,
    deleted: Vec<bool>,
    /// Lines inserted before original line `i` (index `lines.len()`: at the end).
    inserted: Vec<Vec<String>>,
}

/// Where a node's value is written.
#[derive(Clone, Debug)]
pub(super) enum Loc {
    /// On one line, bytes `range` of line `line` (a scalar or a flow collection).
    Inline {
        line: usize,
        range: std::ops::Range<usize>,
    },
    /// A block mapping whose first key is at (`first`, `col`) and whose other keys are at
    /// column `col` of the lines before `end`.
    Map {
        first: usize,
        end: usize,
        col: usize,
    },
    /// A block sequence whose first dash is at (`first`, `col`).
    Seq {
        first: usize,
        end: usize,
        col: usize,
    },
    /// Anything else (a multi-line scalar, a block scalar, an anchor or tag, ...): the node
    /// can only be written again as a whole.
    Opaque,
}

/// The node that holds a value, for writing it again as a whole.
#[derive(Clone, Debug)]
enum Holder {
    /// A mapping entry at (`line`, `col`); `dash` is the column of the sequence dash in front
    /// of it when it is the first key of an item.
    Entry {
        key: String,
        line: usize,
        col: usize,
        end: usize,
        dash: Option<usize>,
    },
    /// A sequence item with its dash at (`line`, `col`).
    Item { line: usize, col: usize, end: usize },
}

impl Holder {
    fn lines(&self) -> (usize, usize) {
        match *self {
            Holder::Entry { line, end, .. } | Holder::Item { line, end, .. } => (line, end),
        }
    }
}

/// A mapping entry as found in the source.
#[derive(Clone, Debug)]
pub(super) struct Entry {
    pub(super) key: String,
    pub(super) line: usize,
    /// First line of its leading comments (`line` when it has none).
    pub(super) lead: usize,
    pub(super) end: usize,
    pub(super) value: std::ops::Range<usize>,
}

/// A sequence item as found in the source.
#[derive(Clone, Copy, Debug)]
pub(super) struct Item {
    pub(super) line: usize,
    pub(super) lead: usize,
    pub(super) end: usize,
}

impl<'a> Editor<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let lines = lines::split(text);
        let style = Style::of(&lines);
        let n = lines.len();
        Editor {
            out: lines.iter().map(|l| l.raw.to_owned()).collect(),
            lines,
            style,
            deleted: vec![false; n],
            inserted: vec![Vec::new(); n + 1],
        }
    }

    /// The edited text.
    pub(super) fn finish(self) -> String {
        let mut text = String::new();
        let mut push = |s: &str| {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push_str(self.style.newline);
            }
            text.push_str(s);
        };
        for i in 0..=self.lines.len() {
            for l in &self.inserted[i] {
                push(l);
            }
            if i < self.lines.len() && !self.deleted[i] {
                push(&self.out[i]);
            }
        }
        text
    }

    /// Original lines that are deleted.
    pub(super) fn is_deleted(&self, i: usize) -> bool {
        self.deleted[i]
    }

    pub(super) fn delete(&mut self, from: usize, to: usize) {
        for d in &mut self.deleted[from..to] {
            *d = true;
        }
    }

    pub(super) fn insert(&mut self, before: usize, new: Vec<String>) {
        self.inserted[before].extend(new);
    }

    pub(super) fn is_comment(&self, i: usize) -> bool {
        self.lines[i].class == Class::Comment
    }

    /// True when lines `from..to` hold a comment (a comment line or an end-of-line comment).
    fn has_comment(&self, from: usize, to: usize) -> bool {
        (from..to).any(|i| {
            let l = &self.lines[i];
            l.class == Class::Comment
                || (l.class == Class::Content && lines::comment_start(l.text, l.indent).is_some())
        })
    }

    /// The line after the last line of the node starting at `start` whose key or dash is at
    /// column `col`, looking no further than `limit`. `flush_seq`: the node's value is a
    /// sequence written at the key's own column (`key:\n- a`).
    fn node_end(&self, start: usize, col: usize, limit: usize, flush_seq: bool) -> usize {
        let mut last = start;
        for i in start + 1..limit {
            let l = &self.lines[i];
            match l.class {
                Class::Blank | Class::Comment => {}
                Class::Content
                    if l.indent > col || (flush_seq && l.indent == col && l.is_dash()) =>
                {
                    last = i;
                }
                _ => break,
            }
        }
        let mut end = last + 1;
        while end < limit && self.is_comment(end) && self.lines[end].indent > col {
            end += 1;
        }
        end
    }

    /// First line of the comments directly above `line` at column `col`, not above `floor`.
    fn lead(&self, line: usize, col: usize, floor: usize) -> usize {
        let mut lead = line;
        while lead > floor && self.is_comment(lead - 1) && self.lines[lead - 1].indent == col {
            lead -= 1;
        }
        lead
    }

    /// The first content line in `from..to`.
    pub(super) fn first_content(&self, from: usize, to: usize) -> Option<usize> {
        (from..to).find(|&i| self.lines[i].class == Class::Content)
    }

    /// The entries of the block mapping at `loc`; they must be exactly the keys of `old`.
    pub(super) fn entries(
        &self,
        first: usize,
        end: usize,
        col: usize,
        old: &Map<String, Value>,
    ) -> Result<Vec<Entry>, Refusal> {
        let mut starts = vec![first];
        for i in first + 1..end {
            let l = &self.lines[i];
            if l.class == Class::Content && l.indent == col && !l.is_dash() {
                starts.push(i);
            } else if l.class == Class::Content && l.indent < col {
                return Err((
                    i,
                    "a line is indented less than the mapping it is in".into(),
                ));
            }
        }
        let mut out: Vec<Entry> = Vec::with_capacity(starts.len());
        for (n, &line) in starts.iter().enumerate() {
            let limit = starts.get(n + 1).copied().unwrap_or(end);
            let text = self.lines[line].text;
            let kl = lines::key_line(text, col).ok_or_else(|| {
                (
                    line,
                    "a mapping key is written in a form the edit does not read".to_owned(),
                )
            })?;
            let flush = kl.value.is_empty()
                && self
                    .first_content(line + 1, limit)
                    .is_some_and(|f| self.lines[f].indent == col && self.lines[f].is_dash());
            // The first key's leading comments are those right under its parent's key line;
            // a key that shares its line with a dash has none of its own (they are the item's).
            let lead = match out.last() {
                Some(prev) => self.lead(line, col, prev.end),
                None if self.lines[line].indent < col => line,
                None => self.lead(line, col, 0),
            };
            out.push(Entry {
                key: kl.key,
                line,
                lead,
                end: self.node_end(line, col, limit, flush),
                value: kl.value,
            });
        }
        let same = out.len() == old.len() && out.iter().all(|e| old.contains_key(&e.key));
        if !same {
            return Err((
                first,
                "the mapping's keys in the text are not the keys it was read with".into(),
            ));
        }
        Ok(out)
    }

    /// The items of the block sequence at `loc`; there must be `count` of them.
    pub(super) fn items(
        &self,
        first: usize,
        end: usize,
        col: usize,
        count: usize,
    ) -> Result<Vec<Item>, Refusal> {
        let mut starts = vec![first];
        for i in first + 1..end {
            let l = &self.lines[i];
            if l.class == Class::Content && l.indent == col && l.is_dash() {
                starts.push(i);
            } else if l.class == Class::Content && l.indent <= col {
                return Err((
                    i,
                    "a line is indented no deeper than the sequence it is in".into(),
                ));
            }
        }
        let mut out: Vec<Item> = Vec::with_capacity(starts.len());
        for (n, &line) in starts.iter().enumerate() {
            let limit = starts.get(n + 1).copied().unwrap_or(end);
            // The first item's leading comments are those right under its parent's key line.
            let lead = match out.last() {
                Some(prev) => self.lead(line, col, prev.end),
                None if self.lines[line].indent < col => line,
                None => self.lead(line, col, 0),
            };
            out.push(Item {
                line,
                lead,
                end: self.node_end(line, col, limit, false),
            });
        }
        if out.len() != count {
            return Err((
                first,
                "the sequence's items in the text are not the items it was read with".into(),
            ));
        }
        Ok(out)
    }

    /// Where the value of a node is, given its value text on the node's first line (`inline`)
    /// and the lines `line..end` of the node.
    pub(super) fn loc(
        &self,
        line: usize,
        end: usize,
        inline: std::ops::Range<usize>,
        old: &Value,
    ) -> Loc {
        let text = self.lines[line].text;
        if inline.is_empty() {
            return match self.first_content(line + 1, end) {
                Some(f) if self.lines[f].is_dash() => Loc::Seq {
                    first: f,
                    end,
                    col: self.lines[f].indent,
                },
                Some(f) => Loc::Map {
                    first: f,
                    end,
                    col: self.lines[f].indent,
                },
                None => Loc::Opaque,
            };
        }
        let single = self.first_content(line + 1, end).is_none();
        let body = &text[inline.clone()];
        match old {
            Value::Object(m) if !m.is_empty() && !body.starts_with('{') => {
                if lines::key_line(text, inline.start).is_some() {
                    return Loc::Map {
                        first: line,
                        end,
                        col: inline.start,
                    };
                }
                return Loc::Opaque;
            }
            Value::Array(a) if !a.is_empty() && !body.starts_with('[') => {
                if lines::is_dash_at(text, inline.start) {
                    return Loc::Seq {
                        first: line,
                        end,
                        col: inline.start,
                    };
                }
                return Loc::Opaque;
            }
            _ => {}
        }
        if single && !body.starts_with(['|', '>', '&', '*', '!']) {
            Loc::Inline {
                line,
                range: inline,
            }
        } else {
            Loc::Opaque
        }
    }

    /// Edits the document whose root mapping starts at line `first` (column of its first key)
    /// and ends before `end` so that it reads `new` instead of `old`.
    pub(super) fn edit_root(
        &mut self,
        first: usize,
        end: usize,
        old: &Value,
        new: &Value,
    ) -> Result<(), Refusal> {
        let col = self.lines[first].indent;
        match (old, new) {
            (Value::Object(o), Value::Object(n)) if !o.is_empty() && !n.is_empty() => {
                self.edit_map(first, end, col, None, o, n)
            }
            _ => Err((first, "the document is not a block mapping".into())),
        }
    }

    fn edit_value(
        &mut self,
        old: &Value,
        new: &Value,
        loc: Loc,
        holder: Holder,
    ) -> Result<(), Refusal> {
        if old == new {
            return Ok(());
        }
        match (loc, old, new) {
            (Loc::Map { first, end, col }, Value::Object(o), Value::Object(n)) if !n.is_empty() => {
                let dash = match holder {
                    Holder::Item { col: d, line, .. } if line == first => Some(d),
                    _ => None,
                };
                self.edit_map(first, end, col, dash, o, n)
            }
            (Loc::Seq { first, end, col }, Value::Array(o), Value::Array(n)) if !n.is_empty() => {
                let nested = matches!(holder, Holder::Item { line, .. } if line == first);
                match self.edit_seq(first, end, col, nested, o, n) {
                    Err(_) if nested => self.rewrite(&holder, new, true),
                    other => other,
                }
            }
            (Loc::Inline { line, range }, _, _) => {
                let old_text = &self.lines[line].text[range.clone()];
                let text = match new {
                    Value::Object(m) if !m.is_empty() && !old_text.starts_with('{') => None,
                    Value::Array(a) if !a.is_empty() && !old_text.starts_with('[') => None,
                    Value::Object(_) | Value::Array(_) => Some(emit::flow(new)),
                    _ => Some(emit::scalar_like(new, old_text)),
                };
                match text {
                    Some(t) => {
                        self.out[line].replace_range(range, &t);
                        Ok(())
                    }
                    None => self.rewrite(&holder, new, false),
                }
            }
            (_, _, n) => {
                // A block collection that becomes empty loses only its own children (and their
                // comments); anything else written again must not hold a comment.
                let emptied = matches!(n, Value::Object(m) if m.is_empty())
                    || matches!(n, Value::Array(a) if a.is_empty());
                self.rewrite(&holder, new, emptied)
            }
        }
    }

    /// Writes the node `holder` again as a whole, with the value `new`. Refused when the node
    /// holds a comment, unless `may_drop_comments`.
    fn rewrite(
        &mut self,
        holder: &Holder,
        new: &Value,
        may_drop_comments: bool,
    ) -> Result<(), Refusal> {
        let (line, end) = holder.lines();
        if !may_drop_comments && self.has_comment(line, end) {
            return Err((
                line + 1,
                "the node must be written again as a whole and it holds a comment".into(),
            ));
        }
        let mut out = Vec::new();
        match holder {
            Holder::Entry { key, col, dash, .. } => {
                emit::entry(&mut out, *col, key, new, self.style);
                if let (Some(d), Some(first)) = (dash, out.first_mut()) {
                    first.replace_range(*d..*d + 2, "- ");
                }
            }
            Holder::Item { col, .. } => emit::item(&mut out, *col, new, self.style),
        }
        // An end-of-line comment on the node's first line is kept when the node becomes one
        // line again.
        if out.len() == 1
            && let Some(c) = lines::comment_start(self.lines[line].text, self.lines[line].indent)
        {
            let comment = self.lines[line].text[c..].to_owned();
            let l = &mut out[0];
            let body = l.trim_end_matches(['\n', '\r']).to_owned();
            *l = format!("{body} {comment}{}", self.style.newline);
        }
        self.delete(line, end);
        self.insert(line, out);
        Ok(())
    }

    fn edit_map(
        &mut self,
        first: usize,
        end: usize,
        col: usize,
        dash: Option<usize>,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let entries = self.entries(first, end, col, old)?;
        let kept_first = entries
            .iter()
            .find(|e| new.contains_key(&e.key))
            .map(|e| e.line);
        if dash.is_some() && kept_first.is_none() {
            return Err((first, "every key of a sequence item changes".into()));
        }
        // The dash moves to the first key that stays.
        if let (Some(d), Some(line)) = (dash, kept_first)
            && line != first
        {
            self.out[line].replace_range(d..d + 2, "- ");
        }
        let mut anchor: Option<usize> = None;
        for (k, v) in new {
            if let Some(e) = entries.iter().find(|e| &e.key == k) {
                let loc = self.loc(e.line, e.end, e.value.clone(), &old[k]);
                let holder = Holder::Entry {
                    key: k.clone(),
                    line: e.line,
                    col,
                    end: e.end,
                    dash: dash.filter(|_| Some(e.line) == kept_first),
                };
                self.edit_value(&old[k], v, loc, holder)?;
                anchor = Some(e.end);
            } else {
                let at = anchor.unwrap_or_else(|| entries.last().map_or(end, |e| e.end));
                let mut out = Vec::new();
                emit::entry(&mut out, col, k, v, self.style);
                self.insert(at, out);
            }
        }
        for e in entries.iter().filter(|e| !new.contains_key(&e.key)) {
            self.delete(e.lead, e.end);
        }
        Ok(())
    }

    fn edit_seq(
        &mut self,
        first: usize,
        end: usize,
        col: usize,
        nested: bool,
        old: &[Value],
        new: &[Value],
    ) -> Result<(), Refusal> {
        let items = self.items(first, end, col, old.len())?;
        let pairs = align(old, new);
        if nested
            && !pairs
                .iter()
                .any(|p| matches!(p, Step::Keep(0, _) | Step::Change(0, _)))
        {
            return Err((first, "the first item of a nested sequence changes".into()));
        }
        let mut anchor: Option<usize> = None;
        for step in pairs {
            match step {
                Step::Keep(i, _) => anchor = Some(items[i].end),
                Step::Change(i, j) => {
                    let it = items[i];
                    let inline = lines::item_text(self.lines[it.line].text, col);
                    let loc = self.loc(it.line, it.end, inline, &old[i]);
                    let holder = Holder::Item {
                        line: it.line,
                        col,
                        end: it.end,
                    };
                    self.edit_value(&old[i], &new[j], loc, holder)?;
                    anchor = Some(it.end);
                }
                Step::Remove(i) => self.delete(items[i].lead, items[i].end),
                Step::Add(j) => {
                    let at = anchor.unwrap_or(items[0].lead);
                    let mut out = Vec::new();
                    emit::item(&mut out, col, &new[j], self.style);
                    self.insert(at, out);
                }
            }
        }
        Ok(())
    }
}

/// One step of turning an old sequence into a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Old item `.0` stays as new item `.1`.
    Keep(usize, usize),
    /// Old item `.0` becomes new item `.1` (edited in place).
    Change(usize, usize),
    /// Old item goes.
    Remove(usize),
    /// New item comes.
    Add(usize),
}

/// Aligns two sequences: equal items (a longest common subsequence) stay; between two kept
/// items, old and new items of the same shape (both mappings, or both sequences) pair up in
/// order and are edited in place; the rest are removed and added.
fn align(old: &[Value], new: &[Value]) -> Vec<Step> {
    let (n, m) = (old.len(), new.len());
    // lcs[i][j]: length of the LCS of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut gap_old = Vec::new();
    let mut gap_new = Vec::new();
    // Between two kept items, the old and new items pair up where they are most alike (an
    // order-keeping matching of greatest total similarity); the rest are removed and added.
    let flush = |steps: &mut Vec<Step>, go: &mut Vec<usize>, gn: &mut Vec<usize>| {
        let (k, l) = (go.len(), gn.len());
        let mut best = vec![vec![0usize; l + 1]; k + 1];
        for x in (0..k).rev() {
            for y in (0..l).rev() {
                let pair =
                    similarity(&old[go[x]], &new[gn[y]]).map_or(0, |s| s + 1 + best[x + 1][y + 1]);
                best[x][y] = pair.max(best[x + 1][y]).max(best[x][y + 1]);
            }
        }
        let (mut x, mut y) = (0, 0);
        while x < k || y < l {
            let pair = (x < k && y < l)
                .then(|| similarity(&old[go[x]], &new[gn[y]]))
                .flatten()
                .map(|s| s + 1 + best[x + 1][y + 1]);
            if x < k && y < l && pair == Some(best[x][y]) {
                steps.push(Step::Change(go[x], gn[y]));
                x += 1;
                y += 1;
            } else if x < k && (y == l || best[x + 1][y] == best[x][y]) {
                steps.push(Step::Remove(go[x]));
                x += 1;
            } else {
                steps.push(Step::Add(gn[y]));
                y += 1;
            }
        }
        go.clear();
        gn.clear();
    };
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            flush(&mut steps, &mut gap_old, &mut gap_new);
            steps.push(Step::Keep(i, j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            gap_new.push(j);
            j += 1;
        } else {
            gap_old.push(i);
            i += 1;
        }
    }
    flush(&mut steps, &mut gap_old, &mut gap_new);
    steps
}

/// How alike two items are, when one may be edited into the other: mappings that share a key
/// (scored by how much of them is equal; items named alike, `name`, pair only with their
/// namesake), or two sequences. `None` when they are better removed and added.
fn similarity(a: &Value, b: &Value) -> Option<usize> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if let (Some(p), Some(q)) = (x.get("name"), y.get("name"))
                && p != q
            {
                return None;
            }
            // Equal key sets break ties.
            let same_keys = x.len() == y.len() && x.keys().all(|k| y.contains_key(k));
            x.keys()
                .any(|k| y.contains_key(k))
                .then(|| 2 * likeness(a, b) + usize::from(same_keys))
        }
        (Value::Array(_), Value::Array(_)) => Some(likeness(a, b)),
        _ => None,
    }
}

/// How much two values have in common, in nodes: an equal subtree counts all its nodes, shared
/// keys count one each plus what their values have in common.
fn likeness(a: &Value, b: &Value) -> usize {
    if a == b {
        return nodes(a);
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .filter_map(|(k, v)| y.get(k).map(|w| 1 + likeness(v, w)))
            .sum(),
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .map(|v| y.iter().map(|w| likeness(v, w)).max().unwrap_or(0))
            .sum(),
        // A string edited by appending to it (or cutting its end) is still like it.
        (Value::String(x), Value::String(y)) if !x.is_empty() && !y.is_empty() => {
            usize::from(x.starts_with(y.as_str()) || y.starts_with(x.as_str()))
        }
        _ => 0,
    }
}

fn nodes(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(nodes).sum::<usize>(),
        Value::Array(a) => 1 + a.iter().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn alignment_keeps_equal_items_and_pairs_the_rest() {
        let old = [json!("a"), json!({"x": 1}), json!("c")];
        let new = [json!("a"), json!({"x": 2}), json!("d"), json!("c")];
        assert_eq!(
            align(&old, &new),
            [
                Step::Keep(0, 0),
                Step::Change(1, 1),
                Step::Add(2),
                Step::Keep(2, 3)
            ]
        );
        let old = [json!({"name": "a"}), json!({"name": "b"})];
        let new = [json!({"name": "b", "v": 1})];
        assert_eq!(align(&old, &new), [Step::Remove(0), Step::Change(1, 0)]);
    }
}
