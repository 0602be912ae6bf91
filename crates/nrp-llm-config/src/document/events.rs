//! The event loader: granit-parser events straight into `serde_json::Value` plus pre-order
//! positions, without serde-saphyr's deserializer and without an intermediate tree.
//!
//! It reproduces what the reference loader (`super::reference`: serde-saphyr into a
//! `Spanned<Node>` tree, then `Converter`) builds, for the YAML that Kubernetes configurations
//! actually use: block and flow mappings and sequences, plain, quoted and block scalars, several
//! documents, comments, CRLF. Whenever the input leaves that well-understood subset, or anything
//! at all would be an error, [`load`] answers `None` and the caller runs the reference loader, which
//! then produces the result (or the error) itself. So the fast path never has to reproduce an
//! error message; it only has to be exact on what it accepts. It gives up on:
//!
//! - any parser error (syntax, nesting limits of the parser);
//! - tags (`!!str`, `!custom`), anchors and aliases (alias expansion and its budgets stay in
//!   serde-saphyr), merge keys (`<<`);
//! - keys that are not strings after resolution (`1:`, `true:`, `~:`, `0x1F:`), complex keys,
//!   duplicate keys;
//! - scalars that resolve to non-finite floats or to integers wider than 64 bits, strings longer
//!   than [`Limits::max_scalar_bytes`];
//! - nesting deeper than [`Limits::max_depth`], and coming near any other budget serde-saphyr
//!   enforces (events, nodes, documents, total scalar bytes).
//!
//! Plain scalars are resolved by [`super::scalar`], as serde-saphyr does.

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Options as ParserOptions, Parser, Span};

use super::limits::{Limits, MARGIN, SAPHYR_MAX_EVENTS, SAPHYR_MAX_TOTAL_SCALAR_BYTES};
use super::object::{FastDoc, Pos};
use super::scalar::{resolve_key, resolve_value};
use super::tree::Collections;

enum Frame {
    Map {
        /// Where its entries start in [`Collections`].
        start: usize,
        /// The key waiting for its value, with the key's position.
        key: Option<(String, Pos)>,
    },
    /// Where its items start in [`Collections`].
    Seq(usize),
}

/// The granit-parser options serde-saphyr derives from `saphyr_options(limits)`.
fn parser_options(limits: &Limits) -> ParserOptions {
    let mut o = ParserOptions::default();
    o.emit_comments = false;
    o.simple_key_max_lookahead = 1024;
    o.flow_nesting_limit = 255;
    // serde-saphyr: max(parser default, budget.max_depth + 1), budget.max_depth = max_depth + 2.
    o.block_nesting_limit = o
        .block_nesting_limit
        .max(limits.max_depth.saturating_add(3));
    o.max_buffered_comment_events = 32;
    o.strict_indentation = false;
    o.bom_inside_document_as_content = false;
    o
}

fn pos(span: &Span) -> Pos {
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col().saturating_add(1)).unwrap_or(u32::MAX),
    }
}

/// Reads every document of `text` (BOM already stripped), or `None` when the reference loader
/// must decide (see the module documentation).
pub(super) fn load(text: &str, limits: &Limits) -> Option<Vec<FastDoc>> {
    let mut parser = Parser::new_from_str_with_options(text, parser_options(limits));
    let max_events = SAPHYR_MAX_EVENTS - MARGIN;
    let max_nodes = limits.max_nodes.saturating_sub(MARGIN);
    let max_documents = limits.max_documents.saturating_sub(1);
    let max_scalar_total = SAPHYR_MAX_TOTAL_SCALAR_BYTES - MARGIN;

    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::with_capacity(16);
    let mut collections = Collections::default();
    let mut positions: Vec<Pos> = Vec::new();
    let mut root: Option<Value> = None;
    let mut events = 0usize;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    let mut scalar_bytes = 0usize;

    while let Some(next) = parser.next_event() {
        let (event, span) = next.ok()?;
        events += 1;
        if events > max_events {
            return None;
        }
        match event {
            Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > max_documents {
                    return None;
                }
                root = None;
                positions.clear();
            }
            Event::DocumentEnd => {
                if let Some(value) = root.take() {
                    let cap = positions.len();
                    let positions = std::mem::replace(&mut positions, Vec::with_capacity(cap));
                    docs.push(FastDoc { value, positions });
                }
                positions.clear();
            }
            Event::Scalar(value, style, anchor, tag) => {
                nodes += 1;
                scalar_bytes += value.len();
                if anchor != 0
                    || tag.is_some()
                    || nodes > max_nodes
                    || scalar_bytes > max_scalar_total
                {
                    return None;
                }
                let here = pos(&span);
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    // Duplicates are found when the mapping closes.
                    *key = Some((resolve_key(value, style)?, here));
                    continue;
                }
                // The reference counts the root as depth 0, a scalar in a root mapping as 1.
                if stack.len() > limits.max_depth {
                    return None;
                }
                let v = resolve_value(value, style, limits)?;
                match stack.last_mut() {
                    None => {
                        // A null document is skipped, as `from_multiple` does.
                        if v.is_null() {
                            continue;
                        }
                        positions.push(here);
                        root = Some(v);
                    }
                    Some(Frame::Seq(_)) => {
                        positions.push(here);
                        collections.push_item(v);
                    }
                    Some(Frame::Map { key, .. }) => {
                        let (k, kp) = key.take()?;
                        positions.push(kp);
                        collections.push_entry(k, v);
                    }
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                nodes += 1;
                if anchor != 0 || tag.is_some() || nodes > max_nodes {
                    return None;
                }
                let at = match stack.last_mut() {
                    None => pos(&span),
                    Some(Frame::Seq(_)) => pos(&span),
                    Some(Frame::Map {
                        key: Some((_, kp)), ..
                    }) => *kp,
                    // A list or mapping used as a key.
                    Some(Frame::Map { key: None, .. }) => return None,
                };
                if stack.len() > limits.max_depth {
                    return None;
                }
                positions.push(at);
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        start: collections.map_start(),
                        key: None,
                    }
                } else {
                    Frame::Seq(collections.seq_start())
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let v = match stack.pop()? {
                    Frame::Map { start, key: None } => collections.finish_map(start)?,
                    Frame::Seq(start) => collections.finish_seq(start),
                    Frame::Map { key: Some(_), .. } => return None,
                };
                match stack.last_mut() {
                    None => root = Some(v),
                    Some(Frame::Seq(_)) => collections.push_item(v),
                    Some(Frame::Map { key, .. }) => {
                        let (k, _) = key.take()?;
                        collections.push_entry(k, v);
                    }
                }
            }
            // Aliases, anchors and comments (not requested) are left to the reference path.
            _ => return None,
        }
    }
    if !stack.is_empty() || root.is_some() {
        return None;
    }
    Some(docs)
}
