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
//! comes a one-pass loader (`document/events.rs`) that walks
//! granit-parser events (the parser serde-saphyr is built on, used through serde-saphyr's
//! re-export so both always run the same parser version) and builds the `serde_json::Value` and
//! the pre-order positions directly. The previous implementation, serde-saphyr's deserializer into
//! a `Spanned<Node>` tree followed by a conversion into JSON, stays as the reference
//! (`document/reference.rs`; with the `reference` feature, [`parse_str_reference`] and
//! [`parse_values_reference`]). Both fast
//! readers resolve plain scalars with the same functions (`document/scalar.rs`).
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

use std::sync::Arc;

use serde_json::Value;

mod emit;
mod error;
mod events;
mod known;
mod kubectl_readable;
mod limits;
mod object;
mod read;
mod reference;
mod scalar;
mod scan;
mod tree;

pub use emit::{has_comments, to_yaml, to_yaml_one};
pub use error::LoadError;
pub(crate) use known::KnownFiles;
pub use limits::Limits;
pub use object::{Object, Origin, Pos};
pub use read::{Loaded, expand_paths, load_file, load_paths, read_text, yaml_files};
pub(crate) use read::{load_paths_with, read_known};

use object::{FastDoc, push_objects};

/// Reads every document of `text` (BOM already stripped) with the fast readers, or `None` when
/// the reference loader must decide (see the module documentation). The line scanner is tried
/// first; it reads typical Kubernetes block YAML several times faster and gives up on anything
/// else, which the event loader then reads.
fn load(text: &str, limits: &Limits) -> Option<Vec<FastDoc>> {
    scan::load(text, limits).or_else(|| events::load(text, limits))
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
        return reference::parse_str(text, file, limits);
    }
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(docs) = load(stripped, limits) {
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
    reference::parse_str(text, file, limits)
}

/// True when the fast readers read `text` by themselves, without handing it to the reference
/// loader (see the module documentation). A test and benchmark tool (`reference` feature).
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
pub fn fast_path_accepts(text: &str, limits: &Limits) -> bool {
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.len() as u64 <= limits.max_file_bytes && load(stripped, limits).is_some()
}

/// The two one-pass readers separately on BOM-stripped `text`: the line scanner and the
/// granit-parser event loop, each as documents of (value, pre-order positions), or `None` where
/// that reader gives up. A tool of the differential tests and the fuzz targets (`reference`
/// feature); not a stable interface.
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
#[allow(clippy::type_complexity)]
pub fn fast_paths_separately(
    text: &str,
    limits: &Limits,
) -> (
    Option<Vec<(Value, Vec<Pos>)>>,
    Option<Vec<(Value, Vec<Pos>)>>,
) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (scan, events) = (scan::load(text, limits), events::load(text, limits));
    let plain = |docs: Vec<FastDoc>| {
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
/// path does not handle. A tool of the differential tests and the fuzz targets (`reference`
/// feature); not a stable interface.
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
pub fn parse_str_reference(
    text: &str,
    file: &str,
    limits: &Limits,
) -> Result<Vec<Object>, LoadError> {
    reference::parse_str(text, file, limits)
}

/// Parses a YAML stream into its documents as JSON values, without expanding `kind: List` and
/// without requiring documents to be objects (empty documents are skipped). `fmt` uses this to
/// rewrite a file document by document.
pub fn parse_values(text: &str, file: &str, limits: &Limits) -> Result<Vec<Value>, LoadError> {
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 <= limits.max_file_bytes
        && let Some(docs) = load(stripped, limits)
    {
        return Ok(docs.into_iter().map(|d| d.value).collect());
    }
    reference::parse_values(text, file, limits)
}

/// The reference implementation of [`parse_values`] (serde-saphyr), as for
/// [`parse_str_reference`] (`reference` feature). Not a stable interface.
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
pub fn parse_values_reference(
    text: &str,
    file: &str,
    limits: &Limits,
) -> Result<Vec<Value>, LoadError> {
    reference::parse_values(text, file, limits)
}

#[cfg(test)]
mod tests;
