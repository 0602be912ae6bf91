//! Validation: what the API server would say, plus the cross-object rules it never checks.
//!
//! Three layers run together and every problem is collected: the upstream CRD schemas and CEL
//! rules of the chosen release, cross-object rules (references, model names, shards, rule
//! limits), and domain lint (warnings).

pub mod cross;

use crate::{ConfigSet, Diagnostics, Release};

/// Validates every object of a set for a release. Problems found while loading (syntax errors,
/// duplicate objects) are included. Diagnostics are sorted by file, line and column.
pub fn validate(set: &ConfigSet, release: Release) -> Diagnostics {
    let mut out = Diagnostics(set.problems().to_vec());
    out.0.extend(cross::check(set, release));
    out.sort();
    out
}
