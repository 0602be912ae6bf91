//! Validation: what the API server would say, plus the cross-object rules it never checks.
//!
//! Three layers run together and every problem is collected: the upstream CRD schemas and CEL
//! rules of the chosen release ([`crate::oracle`]), cross-object rules (references, model names,
//! shards, rule limits), and domain lint (warnings).

pub mod cross;

use crate::{ConfigSet, Diagnostics, Release};
use rayon::prelude::*;

/// Validates every object of a set for a release. Problems found while loading (syntax errors,
/// duplicate objects) are included. Objects are checked against the upstream schemas in
/// parallel. Diagnostics carry file, line and column of the offending field and are sorted by
/// file, line and column.
///
/// ```
/// use nrp_llm_config::{document::{parse_str, Limits}, validate, ConfigSet, Release};
/// let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata: {name: a, namespace: n}\nspec:\n  schema: {name: OpenAl}\n  backendRef: {name: b, kind: Backend, group: gateway.envoyproxy.io}\n";
/// let set = ConfigSet::from_objects(parse_str(text, "a.yaml", &Limits::default()).unwrap());
/// let d = validate::validate(&set, Release::V1_1);
/// assert!(d.0.iter().any(|d| d.message.starts_with("spec.schema.name: Unsupported value: \"OpenAl\"")));
/// ```
pub fn validate(set: &ConfigSet, release: Release) -> Diagnostics {
    let oracle = crate::oracle::oracle(release);
    let mut out = Diagnostics(set.problems().to_vec());
    // The cross-object rules run on one thread while the others check objects.
    let (upstream, cross): (Vec<_>, Vec<_>) = rayon::join(
        || {
            set.objects()
                .par_iter()
                .flat_map_iter(|o| {
                    oracle
                        .validate(o.value())
                        .into_iter()
                        .map(|d| o.locate_diagnostic(cross::with_upstream_hint(o, d)))
                        .collect::<Vec<_>>()
                })
                .collect()
        },
        || cross::check(set, release),
    );
    out.0.extend(upstream);
    out.0.extend(cross);
    out.sort();
    out
}
