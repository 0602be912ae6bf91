//! Field completeness: every property of every upstream CRD schema a typed model stands for
//! (each release's AI Gateway kinds in each served version, and the Envoy Gateway Backend and
//! BackendTrafficPolicy of each paired Envoy Gateway release) is a field of the model's JSON
//! Schema at the same path, except the places listed here that keep a block as written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{KINDS, KindInfo};

/// The project's copy of the upstream CRD manifests (`upstream/` at the workspace root).
fn upstream_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../upstream")
}

/// Kinds whose models are field-complete (all AI Gateway kinds and the Envoy Gateway Backend),
/// or typed in part with a documented remainder (BackendTrafficPolicy).
const CHECKED_KINDS: &[&str] = &[
    "AIGatewayRoute",
    "AIServiceBackend",
    "BackendSecurityPolicy",
    "MCPRoute",
    "GatewayConfig",
    "QuotaPolicy",
    "Backend",
    "BackendTrafficPolicy",
];

/// Where a model keeps a whole block as a JSON value instead of typing it. `path` is the block
/// (list items written `[]`); everything below it is kept as written.
fn kept_as_json(kind: &str, path: &str) -> bool {
    // Envoy Gateway's ClusterSettings (`backendSettings` of OIDC providers, JWKS and external
    // authorization services) is typed one level down: each of its blocks is a JSON value.
    if path
        .rsplit_once('.')
        .is_some_and(|(parent, _)| parent.ends_with(".backendSettings"))
    {
        return true;
    }
    kind == "BackendTrafficPolicy"
        && [
            "spec.targetSelectors[].namespaces",
            "spec.loadBalancer.backendUtilization",
            "spec.loadBalancer.dynamicModule",
            "spec.loadBalancer.endpointOverride",
            "spec.loadBalancer.zoneAware",
        ]
        .contains(&path)
}

/// The BackendTrafficPolicy spec blocks kept in `extra` (the list in the module docs of
/// `envoy_gateway::backend_traffic_policy`).
const BTP_KEPT_IN_EXTRA: &[&str] = &[
    "proxyProtocol",
    "tcpKeepalive",
    "healthCheck",
    "connection",
    "dns",
    "http2",
    "mergeType",
    "bandwidthLimit",
    "faultInjection",
    "admissionControl",
    "useClientProtocol",
    "compression",
    "compressor",
    "responseOverride",
    "httpUpgrade",
    "requestBuffer",
    "telemetry",
    "routingType",
];

/// A model's JSON Schema with its definitions, for following `$ref`s.
struct Model<'a> {
    defs: &'a serde_json::Map<String, Value>,
}

impl Model<'_> {
    /// `schema` with `$ref`s followed and the `null` alternative of an `Option` dropped.
    fn resolve<'s>(&'s self, mut schema: &'s Value) -> &'s Value {
        loop {
            if let Some(name) = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                schema = &self.defs[name];
                continue;
            }
            let alternatives = schema
                .get("anyOf")
                .or_else(|| schema.get("oneOf"))
                .and_then(Value::as_array);
            if let Some(alts) = alternatives {
                let not_null: Vec<&Value> = alts
                    .iter()
                    .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                if let [only] = not_null[..] {
                    schema = only;
                    continue;
                }
            }
            return schema;
        }
    }
}

/// Whether `schema` is the one of a `serde_json::Value` (any JSON): `true`, or an object with
/// annotations only (a field doc makes it `{"description": ...}`). Such a block is kept as
/// written.
fn is_json_value(schema: &Value) -> bool {
    match schema {
        Value::Bool(b) => *b,
        Value::Object(m) => m
            .keys()
            .all(|k| ["description", "title", "default", "examples"].contains(&k.as_str())),
        _ => false,
    }
}

/// What the walk found for one CRD version.
#[derive(Default)]
struct Findings {
    /// Properties compared.
    checked: usize,
    /// Properties of the CRD the model does not have (`kind: path`).
    missing: Vec<String>,
    /// Blocks the model keeps as JSON values.
    as_json: BTreeSet<String>,
    /// Top-level BackendTrafficPolicy spec blocks left to `extra`.
    in_extra: BTreeSet<String>,
}

/// Compares the properties of `crd` (a CRD schema node) with `rust` (the model's schema at the
/// same path).
fn walk(kind: &str, crd: &Value, rust: &Value, model: &Model<'_>, path: &str, f: &mut Findings) {
    let rust = model.resolve(rust);
    if let Some(items) = crd.get("items") {
        let rust_items = rust.get("items").unwrap_or(&Value::Null);
        walk(kind, items, rust_items, model, &format!("{path}[]"), f);
        return;
    }
    let Some(props) = crd.get("properties").and_then(Value::as_object) else {
        return;
    };
    if is_json_value(rust) {
        f.as_json.insert(path.to_owned());
        assert!(
            kept_as_json(kind, path),
            "{kind}: {path} is kept as JSON but is not listed in kept_as_json"
        );
        return;
    }
    let rust_props = rust.get("properties").and_then(Value::as_object);
    for (name, sub) in props {
        f.checked += 1;
        let child = format!("{path}.{name}");
        match rust_props.and_then(|p| p.get(name)) {
            Some(rust_sub) => walk(kind, sub, rust_sub, model, &child, f),
            None if kind == "BackendTrafficPolicy"
                && path == "spec"
                && BTP_KEPT_IN_EXTRA.contains(&name.as_str()) =>
            {
                f.in_extra.insert(name.clone());
            }
            None => f.missing.push(format!("{kind}: {child}")),
        }
    }
}

/// The CRD manifests below `dir` (`*/crds/*.yaml`), with the tag they belong to.
fn crd_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for tag in std::fs::read_dir(dir).unwrap().flatten() {
        let crds = tag.path().join("crds");
        for file in std::fs::read_dir(&crds).into_iter().flatten().flatten() {
            out.push((tag.file_name().to_string_lossy().into_owned(), file.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_upstream_field_is_a_model_field() {
    let mut versions_checked = 0;
    let mut properties_checked = 0;
    let mut missing = Vec::new();
    let mut as_json: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut in_extra = BTreeSet::new();
    let mut files = crd_files(&upstream_dir().join("ai-gateway"));
    files.extend(crd_files(&upstream_dir().join("envoy-gateway")));
    for (tag, file) in files {
        let crd: Value = serde_saphyr::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let group = crd["spec"]["group"].as_str().unwrap();
        let kind = crd["spec"]["names"]["kind"].as_str().unwrap();
        let Some(kind) = CHECKED_KINDS.iter().copied().find(|k| *k == kind) else {
            continue;
        };
        let info: &KindInfo = KINDS
            .iter()
            .find(|k| k.group == group && k.kind == kind)
            .unwrap_or_else(|| panic!("{kind} has no entry in KINDS"));
        for version in crd["spec"]["versions"].as_array().unwrap() {
            let api_version = format!("{group}/{}", version["name"].as_str().unwrap());
            let mut generator = schemars::SchemaGenerator::default();
            let root = info
                .json_schema(&api_version, &mut generator)
                .unwrap_or_else(|| panic!("{tag}: {api_version} {kind} has no typed model"))
                .to_value();
            let model = Model {
                defs: generator.definitions(),
            };
            let root = model.resolve(&root);
            let schema = &version["schema"]["openAPIV3Schema"]["properties"];
            let mut f = Findings::default();
            for top in ["spec", "status"] {
                if let Some(crd_top) = schema.get(top) {
                    let rust_top = &root["properties"][top];
                    assert!(!rust_top.is_null(), "{kind}: no {top}");
                    f.checked += 1;
                    walk(kind, crd_top, rust_top, &model, top, &mut f);
                }
            }
            versions_checked += 1;
            properties_checked += f.checked;
            missing.extend(
                f.missing
                    .into_iter()
                    .map(|m| format!("{tag} {api_version} {m}")),
            );
            as_json.entry(kind).or_default().extend(f.as_json);
            in_extra.extend(f.in_extra);
        }
    }
    assert!(
        missing.is_empty(),
        "fields without a model field:\n{}",
        missing.join("\n")
    );
    // 3 + 4 + 5 + 11 + 11 + 11 + 11 AI Gateway schemas, 5 Backend and 5 BackendTrafficPolicy.
    assert_eq!(versions_checked, 56 + 10);
    assert!(properties_checked > 7_000, "{properties_checked}");
    // Every listed exception is used, so the lists stay honest.
    let btp_json = &as_json["BackendTrafficPolicy"];
    for path in [
        "spec.targetSelectors[].namespaces",
        "spec.loadBalancer.backendUtilization",
        "spec.loadBalancer.dynamicModule",
        "spec.loadBalancer.endpointOverride",
        "spec.loadBalancer.zoneAware",
    ] {
        assert!(btp_json.contains(path), "{path} {btp_json:?}");
    }
    let expected: BTreeSet<String> = BTP_KEPT_IN_EXTRA.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(in_extra, expected);
    // MCPRoute is typed down to Envoy Gateway's cluster settings, as the other kinds are.
    assert!(
        as_json["MCPRoute"]
            .iter()
            .all(|p| p.contains(".backendSettings."))
    );
    for kind in [
        "QuotaPolicy",
        "GatewayConfig",
        "AIServiceBackend",
        "Backend",
    ] {
        assert!(as_json.get(kind).is_none_or(BTreeSet::is_empty), "{kind}");
    }
}

#[test]
fn the_walk_sees_a_missing_field() {
    // A CRD property the model lacks is reported with its path; a JSON value is not descended.
    let generator = schemars::SchemaGenerator::default();
    let model = Model {
        defs: generator.definitions(),
    };
    let crd = serde_json::json!({"properties": {
        "a": {"type": "string"},
        "b": {"type": "array", "items": {"properties": {"c": {}, "d": {}}}}
    }});
    let rust = serde_json::json!({"properties": {
        "a": {"type": "string"},
        "b": {"type": "array", "items": {"properties": {"c": {}}}}
    }});
    let mut f = Findings::default();
    walk("X", &crd, &rust, &model, "spec", &mut f);
    assert_eq!(f.missing, ["X: spec.b[].d"]);
    assert_eq!(f.checked, 4);
    // Below a JSON value nothing is compared; the block must be a listed exception.
    let crd = serde_json::json!({"properties": {"zoneAware": {"properties": {"x": {}}}}});
    let rust = serde_json::json!({"properties": {"zoneAware": {"description": "as written"}}});
    let mut f = Findings::default();
    walk(
        "BackendTrafficPolicy",
        &crd,
        &rust,
        &model,
        "spec.loadBalancer",
        &mut f,
    );
    assert!(f.missing.is_empty());
    assert_eq!(f.as_json.len(), 1);
    assert!(is_json_value(&serde_json::json!(true)));
    assert!(!is_json_value(&serde_json::json!({"type": "string"})));
}
