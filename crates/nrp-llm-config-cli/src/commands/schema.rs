//! `schema`: JSON Schemas (draft 2020-12) for editors: the catalog format and every typed kind.
//!
//! Kind schemas are generated with schemars from the crate's typed models (one superset type per
//! API version, covering every supported release), not from the embedded upstream CRD schemas:
//! they describe what the tool reads, carry this crate's own field docs, and stay permissive
//! where the models keep unknown fields. The exact upstream checks (limits, patterns, CEL rules)
//! remain the job of `validate`. `apiVersion`, `kind` and `metadata` are added by hand, since
//! kube-derive leaves them out of the generated schemas.

use crate::Outcome;
use crate::output::Streams;
use nrp_llm_config::Catalog;
use nrp_llm_config::resources::{KINDS, KindInfo};
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// One (apiVersion, kind) of the library's kind table.
struct Version {
    api_version: &'static str,
    kind: &'static str,
    namespaced: bool,
    info: &'static KindInfo,
}

/// Every typed (apiVersion, kind), in the order of [`KINDS`].
fn versions() -> Vec<Version> {
    KINDS
        .iter()
        .flat_map(|info| {
            info.api_versions.iter().map(move |api_version| Version {
                api_version,
                kind: info.kind,
                namespaced: info.namespaced,
                info,
            })
        })
        .collect()
}

fn version_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or(api_version, |(_, v)| v)
}

/// Every name `schema` accepts: `catalog`, each kind, and `KIND/VERSION` for kinds served in
/// more than one version.
fn names() -> Vec<String> {
    let versions = versions();
    let mut out = vec!["catalog".to_owned()];
    for v in &versions {
        if !out.iter().any(|n| n == v.kind) {
            out.push(v.kind.to_owned());
        }
        if versions.iter().filter(|o| o.kind == v.kind).count() > 1 {
            out.push(format!("{}/{}", v.kind, version_of(v.api_version)));
        }
    }
    out
}

fn metadata_schema(namespaced: bool) -> Value {
    let mut props = json!({
        "name": {"type": "string", "minLength": 1, "maxLength": 253,
                 "description": "Object name (DNS-1123 subdomain)."},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "annotations": {"type": "object", "additionalProperties": {"type": "string"}}
    });
    if namespaced {
        props["namespace"] = json!({"type": "string", "maxLength": 63,
            "description": "Namespace of the object (NRP uses nrp-llm)."});
    }
    json!({"type": "object", "required": ["name"], "properties": props})
}

/// The schema of one kind: any of its versions, told apart by `apiVersion`.
fn kind_schema(kind: &str, only_version: Option<&str>) -> Option<Value> {
    let all = versions();
    let versions: Vec<&Version> = all
        .iter()
        .filter(|v| v.kind.eq_ignore_ascii_case(kind))
        .filter(|v| only_version.is_none_or(|o| version_of(v.api_version).eq_ignore_ascii_case(o)))
        .collect();
    let first = versions.first()?;
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut alternatives = Vec::new();
    for v in &versions {
        let root = v
            .info
            .json_schema(v.api_version, &mut generator)?
            .to_value();
        // `$ref` with sibling keywords is allowed from draft 2019-09 on: the typed root gives
        // `spec` and `status`, the siblings pin the version and add `metadata`.
        let mut alt = root;
        alt["properties"] = json!({
            "apiVersion": {"const": v.api_version},
            "metadata": metadata_schema(v.namespaced)
        });
        alt["required"] = json!(["apiVersion"]);
        alternatives.push(alt);
    }
    let api_versions: Vec<&str> = versions.iter().map(|v| v.api_version).collect();
    let mut out = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": first.kind,
        "description": format!(
            "{} ({}), as read by nrp-llm-config: the union of the fields of every supported release. `nrp-llm-config validate` applies the exact upstream rules.",
            first.kind,
            api_versions.join(", ")
        ),
        "type": "object",
        "required": ["apiVersion", "kind", "metadata"],
        "properties": {
            "apiVersion": {"enum": api_versions},
            "kind": {"const": first.kind}
        },
    });
    if alternatives.len() == 1 {
        out["allOf"] = Value::Array(alternatives);
    } else {
        out["oneOf"] = Value::Array(alternatives);
    }
    out["$defs"] = Value::Object(generator.take_definitions(true).into_iter().collect());
    Some(out)
}

/// The schema named `name` (`catalog`, a kind or `KIND/VERSION`, case-insensitive).
pub(crate) fn schema_for(name: &str) -> Option<Value> {
    if name.eq_ignore_ascii_case("catalog") {
        return Some(Catalog::json_schema());
    }
    match name.split_once('/') {
        Some((kind, version)) => kind_schema(kind, Some(version)),
        None => kind_schema(name, None),
    }
}

pub(crate) fn run(name: Option<&str>, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    let Some(name) = name else {
        writeln!(s.out, "Available schemas (nrp-llm-config schema NAME):")?;
        for n in names() {
            writeln!(s.out, "  {n}")?;
        }
        return Ok(Outcome::Ok);
    };
    match schema_for(name) {
        Some(schema) => {
            writeln!(s.out, "{}", serde_json::to_string_pretty(&schema)?)?;
            Ok(Outcome::Ok)
        }
        None => {
            writeln!(
                s.err,
                "error: no schema named {name:?}; available: {}",
                names().join(", ")
            )?;
            Ok(Outcome::Failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_schema() {
        for n in names() {
            let s = schema_for(&n).unwrap_or_else(|| panic!("{n}"));
            assert!(s.is_object(), "{n}");
        }
        assert!(schema_for("nope").is_none());
        assert!(schema_for("aigatewayroute/v1beta1").is_some());
    }
}
