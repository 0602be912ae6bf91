//! `convert`: rewrite AI Gateway objects between `v1alpha1` and `v1beta1`.
//!
//! Every object is converted through the typed models (`resources::convert`), then compared with
//! the original as JSON: apart from `apiVersion`, nothing may change. An object that uses a field
//! the target version lacks (or that would otherwise change) is refused with file, line, object
//! and field path. All files are checked first; when anything is refused, no file is written.
//! Documents that need no conversion are written back in canonical form (as `fmt` writes them);
//! files with comments are refused unless `--drop-comments` is given.

use crate::Outcome;
use crate::args::ConvertTarget;
use crate::output::Reporter;
use nrp_llm_config::document::{self, Limits, Object};
use nrp_llm_config::resources::{
    AI_GATEWAY_V1ALPHA1, AI_GATEWAY_V1BETA1, ConversionError, Resource, v1alpha1, v1beta1,
};
use nrp_llm_config::{Code, Diagnostic, FieldPath, canonical_document};
use serde_json::Value;
use std::path::{Path, PathBuf};

impl ConvertTarget {
    fn api_version(self) -> &'static str {
        match self {
            ConvertTarget::V1beta1 => AI_GATEWAY_V1BETA1,
            ConvertTarget::V1alpha1 => AI_GATEWAY_V1ALPHA1,
        }
    }
}

/// Why one object cannot be converted: the field and the reason.
struct Refusal {
    path: FieldPath,
    message: String,
    hint: String,
}

impl Refusal {
    fn from_conversion(e: ConversionError, target: ConvertTarget) -> Self {
        Refusal {
            message: format!("{}: {}", e.path, e.message),
            path: e.path,
            hint: format!(
                "remove the field, or keep this object at its current apiVersion (a cluster running AI Gateway v1.1 serves both); {} cannot hold it",
                target.api_version()
            ),
        }
    }
}

/// Converts one AI Gateway object, or returns `None` when it is not one or is at the target
/// version already.
fn convert_object(value: &Value, target: ConvertTarget) -> Option<Result<Value, Refusal>> {
    let api = value.get("apiVersion").and_then(Value::as_str)?;
    if api == target.api_version() || (api != AI_GATEWAY_V1ALPHA1 && api != AI_GATEWAY_V1BETA1) {
        return None;
    }
    let resource = match Resource::from_value(value) {
        Ok(r) => r,
        Err(e) => {
            return Some(Err(Refusal {
                message: e.to_string(),
                path: e.path,
                hint: "fix the value's type first; `nrp-llm-config validate` lists every problem"
                    .to_owned(),
            }));
        }
    };
    let converted = match (resource, target) {
        (Resource::AiGatewayRouteV1alpha1(o), ConvertTarget::V1beta1) => {
            v1beta1::AiGatewayRoute::try_from(o).map(Resource::AiGatewayRouteV1beta1)
        }
        (Resource::AiServiceBackendV1alpha1(o), ConvertTarget::V1beta1) => {
            v1beta1::AiServiceBackend::try_from(o).map(Resource::AiServiceBackendV1beta1)
        }
        (Resource::BackendSecurityPolicyV1alpha1(o), ConvertTarget::V1beta1) => Ok(
            Resource::BackendSecurityPolicyV1beta1(v1beta1::BackendSecurityPolicy::from(o)),
        ),
        (Resource::AiGatewayRouteV1beta1(o), ConvertTarget::V1alpha1) => Ok(
            Resource::AiGatewayRouteV1alpha1(v1alpha1::AiGatewayRoute::from(o)),
        ),
        (Resource::AiServiceBackendV1beta1(o), ConvertTarget::V1alpha1) => Ok(
            Resource::AiServiceBackendV1alpha1(v1alpha1::AiServiceBackend::from(o)),
        ),
        (Resource::BackendSecurityPolicyV1beta1(o), ConvertTarget::V1alpha1) => {
            v1alpha1::BackendSecurityPolicy::try_from(o)
                .map(Resource::BackendSecurityPolicyV1alpha1)
        }
        // Another AI Gateway kind (e.g. MCPRoute, GatewayConfig): not modelled, left alone.
        _ => return None,
    };
    let converted = match converted {
        Ok(c) => c.to_value(),
        Err(e) => return Some(Err(Refusal::from_conversion(e, target))),
    };
    // Nothing but apiVersion may change.
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(m) = v.as_object_mut() {
            m.remove("apiVersion");
        }
        v
    };
    if let Some(path) = first_difference(&strip(value), &strip(&converted), FieldPath::root()) {
        return Some(Err(Refusal {
            message: format!(
                "{path}: would change when converted to {}",
                target.api_version()
            ),
            path,
            hint: "the typed models cannot carry this field; convert this object by hand"
                .to_owned(),
        }));
    }
    Some(Ok(converted))
}

/// The first path where two values differ (key order ignored).
fn first_difference(a: &Value, b: &Value, at: FieldPath) -> Option<FieldPath> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => {
                        if let Some(p) = first_difference(va, vb, at.clone().field(k)) {
                            return Some(p);
                        }
                    }
                    None => return Some(at.field(k)),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| at.clone().field(k))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(p) = first_difference(va, vb, at.clone().index(i)) {
                    return Some(p);
                }
            }
            (x.len() != y.len()).then(|| at.index(x.len().min(y.len())))
        }
        _ => (a != b).then_some(at),
    }
}

/// Converts one document (a `kind: List` item by item), collecting refusals with their value.
fn convert_document(
    doc: &Value,
    target: ConvertTarget,
    converted: &mut usize,
    refusals: &mut Vec<(Value, Refusal)>,
) -> Value {
    let is_list = doc.get("kind").and_then(Value::as_str) == Some("List")
        && doc.get("apiVersion").and_then(Value::as_str) == Some("v1");
    if is_list && let Some(Value::Array(items)) = doc.get("items") {
        let mut out = doc.clone();
        let new_items: Vec<Value> = items
            .iter()
            .map(|item| convert_document(item, target, converted, refusals))
            .collect();
        out["items"] = Value::Array(new_items);
        return canonical_document(&out);
    }
    match convert_object(doc, target) {
        None => canonical_document(doc),
        Some(Ok(v)) => {
            *converted += 1;
            v
        }
        Some(Err(r)) => {
            refusals.push((doc.clone(), r));
            doc.clone()
        }
    }
}

fn locate(objects: &[Object], value: &Value, d: Diagnostic) -> Diagnostic {
    match objects.iter().find(|o| o.value() == value) {
        Some(o) => o.locate_diagnostic(d),
        None => d,
    }
}

pub(crate) fn run(
    target: ConvertTarget,
    drop_comments: bool,
    paths: &[PathBuf],
) -> anyhow::Result<Outcome> {
    let limits = Limits::default();
    let mut reporter = Reporter::stderr();
    let (files, mut io_failed) = crate::inputs::expand_files(paths, &mut reporter);
    let mut writes: Vec<(PathBuf, String, usize)> = Vec::new();
    let mut refused = false;
    for f in &files {
        match plan_file(f, target, drop_comments, &limits) {
            Ok(FilePlan::Unchanged) => {}
            Ok(FilePlan::Write(text, n)) => writes.push((f.clone(), text, n)),
            Ok(FilePlan::Refused(diags)) => {
                for d in &diags {
                    reporter.diagnostic(d);
                }
                refused = true;
            }
            Err(e) => {
                reporter.diagnostic(e.diagnostic());
                io_failed = true;
            }
        }
    }
    if io_failed {
        eprintln!("nothing written");
        return Ok(Outcome::Failed);
    }
    if refused {
        eprintln!(
            "nothing written: fix or remove the refused objects and files, then run convert again"
        );
        return Ok(Outcome::Findings);
    }
    for (f, text, n) in &writes {
        nrp_llm_config::fsutil::write_atomic(f, text.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", f.display()))?;
        if *n > 0 {
            println!(
                "converted {} ({n} object(s) to {})",
                f.display(),
                target.api_version()
            );
        } else {
            println!("formatted {}", f.display());
        }
    }
    Ok(Outcome::Ok)
}

enum FilePlan {
    Unchanged,
    /// New text and the number of converted objects.
    Write(String, usize),
    Refused(Vec<Diagnostic>),
}

fn plan_file(
    path: &Path,
    target: ConvertTarget,
    drop_comments: bool,
    limits: &Limits,
) -> Result<FilePlan, document::LoadError> {
    let text = document::read_text(path, limits)?;
    let name = path.display().to_string();
    let values = document::parse_values(&text, &name, limits)?;
    // Same document rules as every other command (objects with apiVersion and kind).
    let objects = document::parse_str(&text, &name, limits)?;
    let mut converted = 0;
    let mut refusals = Vec::new();
    let out_values: Vec<Value> = values
        .iter()
        .map(|v| convert_document(v, target, &mut converted, &mut refusals))
        .collect();
    if !refusals.is_empty() {
        let diags = refusals
            .into_iter()
            .map(|(value, r)| {
                let d = Diagnostic::error(
                    Code::UNKNOWN_FIELD,
                    format!("cannot convert to {}: {}", target.api_version(), r.message),
                )
                .with_path(r.path)
                .with_hint(r.hint);
                locate(&objects, &value, d)
            })
            .collect();
        return Ok(FilePlan::Refused(diags));
    }
    let out = document::to_yaml(&out_values);
    if out == text {
        return Ok(FilePlan::Unchanged);
    }
    if !drop_comments && document::has_comments(&text) {
        let d = Diagnostic::error(
            Code::IO,
            format!(
                "{name}: the file has comments, which a rewrite cannot keep; refusing to convert it"
            ),
        )
        .with_hint("pass --drop-comments to rewrite it without them");
        return Ok(FilePlan::Refused(vec![d]));
    }
    Ok(FilePlan::Write(out, converted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differences_are_found_with_their_path() {
        let a = json!({"spec": {"rules": [{"a": 1}, {"b": 2}]}, "x": 1});
        let b = json!({"spec": {"rules": [{"a": 1}, {"b": 3}]}, "x": 1});
        assert_eq!(
            first_difference(&a, &b, FieldPath::root())
                .unwrap()
                .to_string(),
            "spec.rules[1].b"
        );
        let c = json!({"x": 1});
        assert_eq!(
            first_difference(&a, &c, FieldPath::root())
                .unwrap()
                .to_string(),
            "spec"
        );
        assert_eq!(first_difference(&a, &a, FieldPath::root()), None);
    }

    #[test]
    fn unknown_top_level_fields_are_refused() {
        let v = json!({"apiVersion": AI_GATEWAY_V1ALPHA1, "kind": "AIServiceBackend",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"schema": {"name": "OpenAI"}, "backendRef": {"name": "b"}},
            "extraTopLevel": 1});
        let Some(Err(r)) = convert_object(&v, ConvertTarget::V1beta1) else {
            panic!("not refused");
        };
        assert_eq!(r.path.to_string(), "extraTopLevel");
    }
}
