//! Reading one route rule back into a catalog model: exactly one match on the model-name header,
//! backendRefs to known AIServiceBackends, an optional request timeout and owner.

use super::strict::{Reject, as_array, as_map, as_str, as_u32, only_keys, reject};
use crate::catalog::check::is_gateway_duration;
use crate::catalog::format::ModelBackend;
use crate::path::FieldPath;
use crate::resources::common::MODEL_NAME_HEADER;
use crate::resources::view::{Node, RuleView};
use serde_json::Value;
use std::collections::HashSet;

/// One rule read back: model name, backends (with their own overrides), timeout, owner.
pub(super) struct RuleModel {
    pub(super) name: String,
    pub(super) backends: Vec<(ModelBackend, Option<String>)>,
    pub(super) timeout: Option<String>,
    pub(super) owner: Option<String>,
}

pub(super) fn rule_model(
    rule: &Value,
    at: &FieldPath,
    known_backends: &HashSet<String>,
) -> Result<RuleModel, Reject> {
    let r = as_map(Some(rule), at)?;
    only_keys(
        r,
        &["matches", "backendRefs", "timeouts", "modelsOwnedBy"],
        at,
    )?;
    let mat = at.clone().field("matches");
    let matches = as_array(r.get("matches"), &mat)?;
    if matches.len() != 1 {
        return reject(
            mat,
            "the rule has several matches (the catalog writes exactly one)",
        );
    }
    let mat = mat.index(0);
    let m0 = as_map(matches.first(), &mat)?;
    only_keys(m0, &["headers"], &mat)?;
    let hat = mat.field("headers");
    let headers = as_array(m0.get("headers"), &hat)?;
    if headers.len() != 1 {
        return reject(
            hat,
            "the rule matches several headers (the catalog matches only the model name)",
        );
    }
    let hat = hat.index(0);
    let h = as_map(headers.first(), &hat)?;
    only_keys(h, &["type", "name", "value"], &hat)?;
    let header_name = as_str(h.get("name"), &hat.clone().field("name"))?;
    let Some(header) = RuleView::new(Node::new(rule)).header_matches().next() else {
        return reject(hat, "the rule has no header match");
    };
    if header.match_type != "Exact" {
        return reject(hat.field("type"), "the header match is not of type Exact");
    }
    if !header.is_model_header() {
        return reject(
            hat.field("name"),
            format!("the header is not {MODEL_NAME_HEADER}"),
        );
    }
    if header_name != MODEL_NAME_HEADER {
        // The same header (names are case-insensitive), but the catalog writes it in lower case:
        // keep the object as written rather than change its spelling.
        return reject(
            hat.field("name"),
            format!(
                "the header is written {header_name:?}; the catalog writes {MODEL_NAME_HEADER}"
            ),
        );
    }
    let name = as_str(h.get("value"), &hat.clone().field("value"))?;
    if name.is_empty() {
        return reject(hat.field("value"), "the model name is empty");
    }
    let bat = at.clone().field("backendRefs");
    let refs = as_array(r.get("backendRefs"), &bat)?;
    if refs.is_empty() {
        return reject(bat, "the rule has no backendRefs");
    }
    let mut backends = Vec::new();
    for (j, b) in refs.iter().enumerate() {
        let at = bat.clone().index(j);
        let b = as_map(Some(b), &at)?;
        only_keys(b, &["name", "modelNameOverride", "weight", "priority"], &at)?;
        let bname = as_str(b.get("name"), &at.clone().field("name"))?;
        if !known_backends.contains(bname) {
            return reject(
                at.field("name"),
                format!("the AIServiceBackend {bname:?} is not in the input"),
            );
        }
        if backends
            .iter()
            .any(|(x, _): &(ModelBackend, _)| x.name == bname)
        {
            return reject(
                at.field("name"),
                format!("backend {bname:?} is listed twice"),
            );
        }
        let ov = match b.get("modelNameOverride") {
            None => None,
            Some(x) => Some(as_str(Some(x), &at.clone().field("modelNameOverride"))?.to_owned()),
        };
        backends.push((
            ModelBackend {
                name: bname.to_owned(),
                weight: as_u32(b.get("weight"), &at.clone().field("weight"))?,
                priority: as_u32(b.get("priority"), &at.clone().field("priority"))?,
                upstream: None,
            },
            ov,
        ));
    }
    let timeout = match r.get("timeouts") {
        None => None,
        Some(t) => {
            let tat = at.clone().field("timeouts");
            let t = as_map(Some(t), &tat)?;
            only_keys(t, &["request"], &tat)?;
            match t.get("request") {
                None => {
                    return reject(tat, "empty timeouts");
                }
                Some(x) => {
                    let s = as_str(Some(x), &tat.clone().field("request"))?;
                    if !is_gateway_duration(s) {
                        return reject(tat.field("request"), "not a valid duration");
                    }
                    Some(s.to_owned())
                }
            }
        }
    };
    let owner = match r.get("modelsOwnedBy") {
        None => None,
        Some(x) => Some(as_str(Some(x), &at.clone().field("modelsOwnedBy"))?.to_owned()),
    };
    Ok(RuleModel {
        name: name.to_owned(),
        backends,
        timeout,
        owner,
    })
}

/// The most common value when every item has one (ties: the first seen); `None` otherwise.
pub(super) fn common_default(values: &[Option<String>]) -> Option<String> {
    if values.is_empty() || values.iter().any(Option::is_none) {
        return None;
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values.iter().flatten() {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(v, _)| v.to_owned())
}
