//! The format-preserving edit layer: every write the project makes to a file people keep goes
//! through [`edit_documents`].
//!
//! An edit is given as the new value of each document of a file (or its removal) plus new
//! documents to append. The layer changes the source text, not a re-emitted copy of it:
//!
//! * a document whose value does not change stays byte for byte;
//! * in a changed document only the lines of the changed nodes change: a scalar keeps its line,
//!   its quoting and its end-of-line comment; a new key or sequence item is written after its
//!   neighbour in the indentation and sequence style the file already uses;
//! * a removed node takes its own comments with it (those directly above it at its column, and
//!   those inside it) and nothing else; a comment that belongs to no node, such as a rule
//!   parked as comments after the last rule, stays;
//! * key order, document separators, blank lines and line breaks of the rest are kept.
//!
//! Every result is checked: it is parsed again and must give exactly the intended documents,
//! and every comment that did not leave with a removed node must still be in it. When the layer
//! cannot make an edit exactly (a node it would have to write again as a whole holds a
//! comment, or the file uses YAML the layer does not read, such as `...` or directives), it
//! returns an [`EditError`] and the caller writes nothing.
//!
//! # Why not an existing crate
//!
//! Both crates the project evaluated were tried on the admin guide's files (see the project
//! README, "Editing files"): `yamlpatch` 1.32 (zizmor) addresses only the first document of a
//! file (our files hold many), carries a second YAML stack (tree-sitter, yaml_serde) and needs
//! Rust 1.97; `yaml-edit` 0.3 (rowan) reads and writes the files losslessly but, when a rule is
//! removed, leaves the comment above that rule behind (attached to the rule before it). This
//! module reuses the project's own loader to check every result, and keeps the comment rules
//! above in one place.
//!
//! ```
//! use nrp_llm_config::edit::{DocEdit, edit_documents};
//! use nrp_llm_config::Limits;
//! let text = "# NRP models\nkind: Demo\nrules:\n  - name: a # first\n    weight: 1\n  # the second one\n  - name: b\n";
//! let mut new: serde_json::Value = serde_json::from_str(r#"{"kind": "Demo", "rules": [{"name": "a", "weight": 1}]}"#).unwrap();
//! let out = edit_documents(text, "f.yaml", &[DocEdit::Replace(new.clone())], &[], &Limits::default()).unwrap();
//! assert_eq!(out, "# NRP models\nkind: Demo\nrules:\n  - name: a # first\n    weight: 1\n");
//! new["rules"][0]["weight"] = 2.into();
//! let out = edit_documents(&out, "f.yaml", &[DocEdit::Replace(new)], &[], &Limits::default()).unwrap();
//! assert_eq!(out, "# NRP models\nkind: Demo\nrules:\n  - name: a # first\n    weight: 2\n");
//! ```

mod emit;
mod format;
mod lines;
mod tree;

pub use format::{NodeComment, format_keeping_comments, node_comments};

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::document::{self, Limits, LoadError};
use lines::Class;
use tree::Editor;

/// What happens to one document of a file.
#[derive(Clone, Debug, PartialEq)]
pub enum DocEdit {
    /// The document stays as it is.
    Keep,
    /// The document gets this value.
    Replace(Value),
    /// The document is removed.
    Remove,
}

/// Why [`edit_documents`] made no edit.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// The text (before or after the edit) is not YAML the loader reads.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The edit cannot be made without losing what people wrote, or the layer cannot make it
    /// exactly: the diagnostic names the file, the line and why.
    #[error("{}", .0.message)]
    Cannot(Box<Diagnostic>),
}

impl EditError {
    /// The error as a diagnostic (file, line, message, hint).
    pub fn diagnostic(&self) -> &Diagnostic {
        match self {
            EditError::Load(e) => e.diagnostic(),
            EditError::Cannot(d) => d,
        }
    }

    pub(crate) fn cannot(file: &str, line: Option<usize>, why: impl std::fmt::Display) -> Self {
        let mut d = Diagnostic::error(
            Code::CANNOT_EDIT,
            format!("cannot edit {file} without changing what people wrote there: {why}"),
        )
        .with_hint(
            "nothing was written; make this change by hand, or bring the file into the form `nrp-llm-config fmt` writes first",
        );
        d.location.file = Some(file.to_owned());
        d.location.line = line.map(|l| l as u32);
        EditError::Cannot(Box::new(d))
    }
}

/// One document of the source: its lines and the line of its first key.
#[derive(Clone, Copy, Debug)]
pub(super) struct Doc {
    /// The `---` line in front of it, if any.
    pub(super) separator: Option<usize>,
    /// First line of the comments directly above its first key.
    pub(super) lead: usize,
    /// The line of its first key.
    pub(super) first: usize,
    /// The line after its last line (the next `---`, or the end of the file).
    pub(super) end: usize,
}

/// The documents of a file that hold content, in order.
pub(super) fn documents(ed: &Editor<'_>, file: &str) -> Result<Vec<Doc>, EditError> {
    let lines = &ed.lines;
    let mut out = Vec::new();
    let mut start = 0;
    let mut separator = None;
    for i in 0..=lines.len() {
        let boundary = i == lines.len() || lines[i].class == Class::Separator;
        if i < lines.len() && lines[i].class == Class::Unsupported {
            return Err(EditError::cannot(
                file,
                Some(i + 1),
                "the file uses a document end marker (`...`) or a directive",
            ));
        }
        if !boundary {
            continue;
        }
        if let Some(first) = (start..i).find(|&l| lines[l].class == Class::Content) {
            let mut lead = first;
            while lead > start && lines[lead - 1].class == Class::Comment {
                lead -= 1;
            }
            out.push(Doc {
                separator,
                lead,
                first,
                end: i,
            });
        }
        if i < lines.len() {
            if lines[i].text.len() > 3 && lines[i].text[3..].trim_start().starts_with(|c| c != '#')
            {
                return Err(EditError::cannot(
                    file,
                    Some(i + 1),
                    "a document starts on its `---` line",
                ));
            }
            separator = Some(i);
            start = i + 1;
        }
    }
    Ok(out)
}

/// Every comment of `text`, in order (the text from `#` to the end of its line).
pub fn comments(text: &str) -> Vec<String> {
    lines::split(text)
        .iter()
        .filter_map(|l| l.comment().map(str::to_owned))
        .collect()
}

/// Edits the YAML text `text` (named `file` in errors): document `i` (of the documents that
/// are not empty, as [`document::parse_values`] reads them) is kept, replaced or removed as
/// `docs[i]` says, and the values of `append` are added as new documents at the end. Returns
/// the new text; see the [module documentation](self) for what is kept. `docs` must have one
/// entry per document.
pub fn edit_documents(
    text: &str,
    file: &str,
    docs: &[DocEdit],
    append: &[Value],
    limits: &Limits,
) -> Result<String, EditError> {
    let values = document::parse_values(text, file, limits)?;
    if values.len() != docs.len() {
        return Err(EditError::cannot(
            file,
            None,
            format!(
                "it has {} documents, the edit names {}",
                values.len(),
                docs.len()
            ),
        ));
    }
    if docs.iter().all(|d| *d == DocEdit::Keep) && append.is_empty() {
        return Ok(text.to_owned());
    }
    let mut ed = Editor::new(text);
    let found = documents(&ed, file)?;
    if found.len() != values.len() {
        return Err(EditError::cannot(
            file,
            None,
            "its documents could not be told apart line by line",
        ));
    }
    let mut expected = Vec::with_capacity(values.len() + append.len());
    for ((doc, edit), old) in found.iter().zip(docs).zip(&values) {
        match edit {
            DocEdit::Keep => expected.push(old.clone()),
            DocEdit::Replace(new) => {
                if new != old {
                    ed.edit_root(doc.first, doc.end, old, new)
                        .map_err(|(line, why)| EditError::cannot(file, Some(line + 1), why))?;
                }
                expected.push(new.clone());
            }
            DocEdit::Remove => match doc.separator {
                Some(sep) => ed.delete(sep, doc.end),
                None => {
                    // The first document without a `---`: the comments above it that are
                    // separated from it by a blank line stay (a file header); the `---` after
                    // it goes with it.
                    let end = if doc.end < ed.lines.len() {
                        doc.end + 1
                    } else {
                        doc.end
                    };
                    ed.delete(doc.lead, end);
                }
            },
        }
    }
    let remaining = expected.len();
    if !append.is_empty() {
        let mut out = Vec::new();
        for (n, v) in append.iter().enumerate() {
            if remaining > 0 || n > 0 {
                out.push(format!("---{}", ed.style.newline));
            }
            out.extend(emit::document(v, ed.style));
            expected.push(v.clone());
        }
        let end = ed.lines.len();
        ed.insert(end, out);
    }
    // The comments that must stay: those on lines that were not removed.
    let kept: Vec<String> = ed
        .lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !ed.is_deleted(*i))
        .filter_map(|(_, l)| l.comment().map(str::to_owned))
        .collect();
    let new_text = ed.finish();
    let again = document::parse_values(&new_text, file, limits).map_err(|e| {
        EditError::cannot(
            file,
            e.diagnostic().location.line.map(|l| l as usize),
            format!(
                "the edited text would not read back ({})",
                e.diagnostic().message
            ),
        )
    })?;
    if again != expected {
        let at = again
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(again.len().min(expected.len()));
        return Err(EditError::cannot(
            file,
            None,
            format!(
                "the edited text would not read back as the intended values (document {})",
                at + 1
            ),
        ));
    }
    let mut have = comments(&new_text);
    have.sort();
    for c in kept {
        match have.binary_search(&c) {
            Ok(i) => {
                have.remove(i);
            }
            Err(_) => {
                return Err(EditError::cannot(
                    file,
                    None,
                    format!("the comment `{c}` would be lost"),
                ));
            }
        }
    }
    Ok(new_text)
}

#[cfg(test)]
mod tests;
