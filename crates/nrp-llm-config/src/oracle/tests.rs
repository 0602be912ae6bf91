use super::*;
use crate::resources::{KINDS, KindInfo};
use serde_json::json;
use std::path::PathBuf;

/// The repository's copy of the upstream CRD manifests and conformance cases (`upstream/` at the
/// workspace root; `cargo xtask gen-schemas` builds `data/schemas/` from it).
fn upstream_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../upstream")
}

/// The upstream conformance cases of `release` (`cases.tsv` and the YAML files it names).
fn crdcel_dir(release: Release) -> PathBuf {
    upstream_dir()
        .join("ai-gateway")
        .join(release.ai_gateway_tag())
        .join("crdcel")
}

/// `schema` without the `description` of any schema node: what the generator keeps. Only
/// schema positions are visited, so a property named `description` or a `default` value holding
/// that key stays.
fn without_descriptions(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = serde_json::Map::new();
    for (k, v) in obj {
        let nv = match (k.as_str(), v) {
            ("description", _) => continue,
            ("properties", Value::Object(props)) => Value::Object(
                props
                    .iter()
                    .map(|(pk, pv)| (pk.clone(), without_descriptions(pv)))
                    .collect(),
            ),
            ("additionalProperties", Value::Object(_)) | ("items" | "not", _) => {
                without_descriptions(v)
            }
            ("allOf" | "anyOf" | "oneOf", Value::Array(list)) => {
                list.iter().map(without_descriptions).collect()
            }
            _ => v.clone(),
        };
        out.insert(k.clone(), nv);
    }
    Value::Object(out)
}

#[test]
fn embedded_schemas_expand_to_the_upstream_crds() {
    // The library's reading of the node pool (ids replaced by their nodes) must give back every
    // upstream schema, minus descriptions, with the version flags the manifests set. The
    // generator's own freshness check is `cargo xtask check-schemas` (a test of the xtask crate).
    let d = data();
    let mut checked = 0;
    let mut bundles: Vec<&String> = d.bundles.keys().collect();
    bundles.sort();
    for bundle in bundles {
        let dir = upstream_dir().join(bundle).join("crds");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let crds = &d.bundles[bundle];
        assert_eq!(crds.len(), files.len(), "{bundle}: one CRD per file");
        for (info, file) in crds.iter().zip(&files) {
            let text = std::fs::read_to_string(file).unwrap();
            let mut options = serde_saphyr::Options::default();
            options.budget = None;
            let crd: Value = serde_saphyr::from_str_with_options(&text, options)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let spec = &crd["spec"];
            assert_eq!(
                spec["names"]["kind"],
                info.kind.as_str(),
                "{}",
                file.display()
            );
            assert_eq!(spec["group"], info.group.as_str());
            assert_eq!(spec["scope"] != "Cluster", info.namespaced);
            assert_eq!(
                spec.pointer("/conversion/strategy")
                    .and_then(|s| s.as_str())
                    .unwrap_or("None")
                    == "None",
                info.conversion_none,
                "{}",
                file.display()
            );
            let versions = spec["versions"].as_array().unwrap();
            assert_eq!(versions.len(), info.versions.len(), "{}", file.display());
            for (v, vi) in versions.iter().zip(&info.versions) {
                let at = format!("{bundle} {} {}", info.kind, vi.name);
                assert_eq!(v["name"], vi.name.as_str(), "{at}");
                assert_eq!(v["served"].as_bool(), Some(vi.served), "{at}");
                assert_eq!(v["storage"].as_bool(), Some(vi.storage), "{at}");
                assert_eq!(
                    v["deprecated"].as_bool().unwrap_or(false),
                    vi.deprecated,
                    "{at}"
                );
                assert_eq!(
                    v["deprecationWarning"].as_str(),
                    vi.deprecation_warning.as_deref(),
                    "{at}"
                );
                assert_eq!(
                    v.pointer("/subresources/status").is_some(),
                    vi.status_subresource,
                    "{at}"
                );
                let expected = without_descriptions(&v["schema"]["openAPIV3Schema"]);
                assert!(d.expand(vi.schema) == expected, "{at}: schema differs");
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} schemas checked");
}

/// Whether the AI Gateway `release` ships `kind` (from upstream's release notes: MCPRoute from
/// v0.4.0, GatewayConfig from v0.5.0, QuotaPolicy from v0.6.0, the others from v0.3.0).
fn release_ships(release: Release, kind: &str) -> bool {
    match kind {
        "MCPRoute" => release >= Release::V0_4,
        "GatewayConfig" => release >= Release::V0_5,
        "QuotaPolicy" => release >= Release::V0_6,
        _ => true,
    }
}

#[test]
fn every_crd_version_compiles() {
    let mut total_rules = 0;
    for release in Release::ALL {
        let o = oracle(release);
        // Every typed kind the release ships has its CRD, with the same scope; the release may
        // ship more CRDs than the crate types (they are checked below all the same).
        for &KindInfo {
            group,
            kind,
            namespaced,
            ..
        } in KINDS
        {
            let Some(crd) = o.crd(group, kind) else {
                assert!(
                    !release_ships(release, kind),
                    "{release}: {group}/{kind} is missing"
                );
                continue;
            };
            assert_eq!(crd.info.namespaced, namespaced, "{release}: {kind}");
        }
        for kind in [
            "AIGatewayRoute",
            "AIServiceBackend",
            "BackendSecurityPolicy",
            "MCPRoute",
            "GatewayConfig",
            "QuotaPolicy",
        ] {
            assert_eq!(
                o.knows_kind("aigateway.envoyproxy.io", kind),
                release_ships(release, kind),
                "{release}: {kind}"
            );
        }
        for crd in o.crds() {
            let kind = crd.info.kind.as_str();
            assert!(!crd.versions.is_empty());
            for v in &crd.versions {
                let root = v.root();
                assert_eq!(
                    root.ty,
                    Some(Ty::Object),
                    "{release} {kind} {}",
                    v.info.name
                );
                let mut bad = Vec::new();
                root.walk(&mut |n| {
                    if let Some(p) = &n.pattern
                        && p.regex.is_none()
                    {
                        bad.push(p.source.clone());
                    }
                });
                assert!(bad.is_empty(), "{release} {kind}: bad patterns {bad:?}");
                let cel = v.cel();
                assert!(
                    cel.errors.is_empty(),
                    "{release} {kind} {}: CEL rules that do not compile: {:?}",
                    v.info.name,
                    cel.errors
                );
                total_rules += cel.rules;
            }
        }
    }
    println!("compiled {total_rules} CEL rules");
    assert!(total_rules > 1000);
}

fn route(rules: usize) -> Value {
    let rules: Vec<Value> = (0..rules)
        .map(|i| {
            json!({
                "name": format!("rule-{i}"),
                "matches": [{"headers": [{"name": "x-ai-eg-model", "value": format!("model-{i}")}]}],
                "backendRefs": [{"name": format!("backend-{i}")}, {"name": "fallback", "priority": 1}],
                "timeouts": {"request": "120s"},
            })
        })
        .collect();
    json!({
        "apiVersion": "aigateway.envoyproxy.io/v1beta1",
        "kind": "AIGatewayRoute",
        "metadata": {"name": "route", "namespace": "nrp-llm"},
        "spec": {
            "parentRefs": [{"name": "gw", "kind": "Gateway", "group": "gateway.networking.k8s.io"}],
            "rules": rules,
            "llmRequestCosts": [{"metadataKey": "total", "type": "TotalToken"}],
        }
    })
}

fn messages(release: Release, v: &Value) -> Vec<String> {
    oracle(release)
        .validate(v)
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn valid_route_has_no_errors() {
    assert_eq!(messages(Release::V1_1, &route(15)), Vec::<String>::new());
}

#[test]
fn structural_messages() {
    let mut r = route(16);
    r["spec"]["rules"][0]["timeouts"]["request"] = json!("2 minutes");
    r["spec"]["rules"][1]["backendRefs"][0]["weight"] = json!(-1);
    r["spec"]["rules"][2]["backendRefs"][0]["name"] = json!("");
    r["spec"]["llmRequestCosts"][0]["type"] = json!("Tokens");
    r["spec"]["foo"] = json!(1);
    let m = messages(Release::V1_1, &r);
    let expected = [
        "spec.rules: Too many: 16: must have at most 15 items",
        "spec.rules[0].timeouts.request: Invalid value: \"2 minutes\": spec.rules[0].timeouts.request in body should match '^([0-9]{1,5}(h|m|s|ms)){1,4}$'",
        "spec.rules[1].backendRefs[0].weight: Invalid value: -1: spec.rules[1].backendRefs[0].weight in body should be greater than or equal to 0",
        "spec.rules[2].backendRefs[0].name: Invalid value: \"\": spec.rules[2].backendRefs[0].name in body should be at least 1 chars long",
        "spec.llmRequestCosts[0].type: Unsupported value: \"Tokens\": supported values: \"OutputToken\", \"InputToken\", \"CachedInputToken\", \"CacheCreationInputToken\", \"TotalToken\", \"ReasoningToken\", \"CEL\"",
        "unknown field \"spec.foo\"",
    ];
    for e in expected {
        assert!(m.iter().any(|x| x == e), "missing {e:?} in {m:#?}");
    }
    assert_eq!(m.len(), expected.len(), "{m:#?}");
}

#[test]
fn type_errors_skip_cel() {
    let mut r = route(1);
    r["spec"]["rules"][0]["backendRefs"][0]["weight"] = json!("heavy");
    r["spec"]["parentRefs"][0]["kind"] = json!("Service");
    let d = oracle(Release::V1_1).validate(&r);
    let m: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        m,
        [
            "spec.rules[0].backendRefs[0].weight: Invalid value: \"string\": spec.rules[0].backendRefs[0].weight in body must be of type integer: \"string\"",
            CEL_SKIPPED_MESSAGE,
        ]
    );
    assert_eq!(d[0].code, Code::INVALID_TYPE);
    assert_eq!(d[0].path.to_string(), "spec.rules[0].backendRefs[0].weight");
    assert_eq!(d[0].object.as_ref().unwrap().name, "route");
    // Without the type error, the CEL rule reports the kind.
    r["spec"]["rules"][0]["backendRefs"][0]["weight"] = json!(2);
    let m = messages(Release::V1_1, &r);
    assert_eq!(
        m,
        ["spec.parentRefs: Invalid value: \"array\": only Gateway is supported"]
    );
}

#[test]
fn required_duplicates_metadata() {
    let r = json!({
        "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
        "kind": "AIServiceBackend",
        "metadata": {"namespace": "nrp-llm", "labels": {"a": "b"}},
        "spec": {"backendRef": {"kind": "Backend", "group": "gateway.envoyproxy.io"}},
    });
    let m = messages(Release::V0_4, &r);
    assert!(
        m.contains(&"spec.schema: Required value".to_owned()),
        "{m:#?}"
    );
    assert!(
        m.contains(&"spec.backendRef.name: Required value".to_owned()),
        "{m:#?}"
    );
    assert!(
        m.contains(&"metadata.name: Required value: name or generateName is required".to_owned()),
        "{m:#?}"
    );
    let mut r = route(1);
    r["spec"]["rules"][0]["matches"][0]["headers"] = json!([
        {"name": "x-ai-eg-model", "value": "a"},
        {"name": "x-ai-eg-model", "value": "b"},
    ]);
    let m = messages(Release::V1_1, &r);
    assert_eq!(
        m,
        [
            "spec.rules[0].matches[0].headers[1]: Duplicate value: map[string]interface {}{\"name\":\"x-ai-eg-model\"}"
        ]
    );
}

#[test]
fn unsupported_version_and_unknown_kinds() {
    let r = route(1);
    let d = oracle(Release::V0_3).validate(&r);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::UNSUPPORTED_VERSION);
    assert_eq!(
        d[0].message,
        "no matches for kind \"AIGatewayRoute\" in version \"aigateway.envoyproxy.io/v1beta1\""
    );
    assert!(
        d[0].hint
            .as_deref()
            .unwrap()
            .contains("aigateway.envoyproxy.io/v1alpha1")
    );
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "foo": 1});
    assert!(oracle(Release::V1_1).validate(&cm).is_empty());
    assert!(
        oracle(Release::V1_1)
            .deprecation_warning("aigateway.envoyproxy.io/v1alpha1", "AIGatewayRoute")
            .is_some()
    );
}

#[test]
fn gateway_api_objects() {
    let gw = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": "nrp-llm"},
        "spec": {
            "gatewayClassName": "eg",
            "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}],
            "addresses": [{"value": "10.0.0.1"}],
        }
    });
    let hr = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "r", "namespace": "nrp-llm"},
        "spec": {
            "parentRefs": [{"name": "gw"}],
            "hostnames": ["llm.nrp.ai"],
            "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                       "backendRefs": [{"name": "svc", "port": 8080}]}],
        }
    });
    let backend = json!({
        "apiVersion": "gateway.envoyproxy.io/v1alpha1",
        "kind": "Backend",
        "metadata": {"name": "b", "namespace": "nrp-llm"},
        "spec": {"endpoints": [{"fqdn": {"hostname": "api.example.com", "port": 443}}]},
    });
    for release in Release::ALL {
        for o in [&gw, &hr, &backend] {
            assert_eq!(
                messages(release, o),
                Vec::<String>::new(),
                "{release} {}",
                o["kind"]
            );
        }
    }
    let mut bad = hr.clone();
    bad["spec"]["rules"][0]["backendRefs"][0]
        .as_object_mut()
        .unwrap()
        .remove("port");
    let m = messages(Release::V1_1, &bad);
    assert_eq!(
        m,
        [
            "spec.rules[0].backendRefs[0]: Invalid value: \"object\": Must have port for Service reference"
        ]
    );
}

#[test]
fn defaults_are_applied() {
    let mut r = route(1);
    oracle(Release::V1_1).apply_defaults(&mut r);
    let b = &r["spec"]["rules"][0]["backendRefs"][0];
    assert_eq!(b["weight"], 1);
    assert_eq!(b["priority"], 0);
    assert_eq!(
        r["spec"]["rules"][0]["matches"][0]["headers"][0]["type"],
        "Exact"
    );
    assert_eq!(r["spec"]["rules"][0]["modelsOwnedBy"], "Envoy AI Gateway");
}

#[test]
fn thousand_routes() {
    let routes: Vec<Value> = (0..1000)
        .map(|i| {
            let mut r = route(1 + i % 15);
            r["metadata"]["name"] = json!(format!("route-{i}"));
            if i % 10 == 0 {
                r["spec"]["rules"][0]["backendRefs"][0]["weight"] = json!(-1);
            }
            r
        })
        .collect();
    let o = oracle(Release::V1_1);
    // Compile outside the timing.
    let _ = o.validate(&routes[0]);
    let start = std::time::Instant::now();
    let errors: usize = std::thread::scope(|s| {
        let handles: Vec<_> = routes
            .chunks(250)
            .map(|chunk| s.spawn(move || chunk.iter().map(|r| o.validate(r).len()).sum::<usize>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!(
        "validated {} AIGatewayRoutes in {:?} ({errors} errors)",
        routes.len(),
        start.elapsed()
    );
    assert_eq!(errors, 100);
}

/// Every object of the upstream `crdcel` cases (all releases), plus variants of the test
/// route, each with the CEL rules of its kind.
/// The version of `o` that serves the object's `apiVersion` and `kind`, if any.
fn served<'a>(o: &'a Oracle, object: &Value) -> Option<&'a Version> {
    let api = object["apiVersion"].as_str()?;
    let kind = object["kind"].as_str()?;
    o.version(api, kind).map(|(_, v)| v)
}

/// A copy of `object` with the CRD defaults of `version` filled in.
fn defaulted(version: &Version, object: &Value) -> Value {
    let mut obj = object.clone();
    defaults::apply(&version.root(), &mut obj);
    obj
}

fn cel_corpus() -> Vec<(Release, Value)> {
    let mut out = Vec::new();
    for release in Release::ALL {
        let d = crdcel_dir(release);
        let tsv = std::fs::read_to_string(d.join("cases.tsv")).unwrap();
        for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let file = line.split('\t').nth(1).unwrap();
            let text = std::fs::read_to_string(d.join(file)).unwrap();
            out.push((release, serde_saphyr::from_str(&text).unwrap()));
        }
        let mut r = route(3);
        r["spec"]["rules"][1]["backendRefs"][0]["kind"] = json!("Service");
        r["spec"]["rules"][2]["backendRefs"][0]["group"] = json!("");
        out.push((release, r));
        out.push((release, route(15)));
    }
    out
}

#[test]
fn cel_walk_matches_kube_cel_walk() {
    // The per-node walk must report exactly what kube-cel's own walk over the whole schema
    // reports (same paths, rules and messages), on valid and invalid objects alike.
    let mut compared = 0;
    let mut with_errors = 0;
    for (release, object) in cel_corpus() {
        let Some(version) = served(oracle(release), &object) else {
            continue;
        };
        let obj = defaulted(version, &object);
        let full = kube_core::cel::compile_schema(&data().expand(version.info.schema));
        let mut reference: Vec<(String, String, String)> =
            match kube_core::cel::validate_compiled(&full, &obj, None) {
                Ok(()) => Vec::new(),
                Err(e) => e
                    .into_vec()
                    .into_iter()
                    .map(|e| (e.field_path, e.rule, e.message))
                    .collect(),
            };
        let mut ours: Vec<(String, String, String)> = Vec::new();
        let mut path = String::new();
        let mut raw = Vec::new();
        version.cel().tree_walk(&obj, &mut path, &mut raw);
        ours.extend(raw.into_iter().map(|e| (e.field_path, e.rule, e.message)));
        reference.sort();
        ours.sort();
        assert_eq!(ours, reference, "{release} {}: {object}", object["kind"]);
        compared += 1;
        with_errors += usize::from(!ours.is_empty());
    }
    assert!(compared > 100, "{compared}");
    assert!(with_errors > 30, "{with_errors}");
}

#[test]
fn defaults_needed_iff_apply_changes() {
    let mut cases = Vec::new();
    for (release, object) in cel_corpus() {
        cases.push((release, object.clone()));
        let mut applied = object.clone();
        oracle(release).apply_defaults(&mut applied);
        cases.push((release, applied));
    }
    let mut r = route(2);
    r["spec"]["rules"][0]["timeouts"] = Value::Null;
    r["spec"]["parentRefs"] = Value::Null;
    cases.push((Release::V1_1, r));
    let mut changed = 0;
    for (release, object) in cases {
        let o = oracle(release);
        let (Some(api), Some(kind)) = (object["apiVersion"].as_str(), object["kind"].as_str())
        else {
            continue;
        };
        let Some((_, version)) = o.version(api, kind) else {
            continue;
        };
        let mut applied = object.clone();
        defaults::apply(&version.root(), &mut applied);
        let changes = applied != object;
        assert_eq!(
            defaults::needed(&version.root(), &object),
            changes,
            "{release} {kind}: {object}"
        );
        changed += usize::from(changes);
    }
    assert!(changed > 20, "{changed}");
}

// ---- The fast accept path of the CEL layer (`cel::fast`) ----

use super::cel::fast::test_counts;

/// Objects shaped like the benches generator's fleet (`nrp-llm-config-benches`): routes of 15
/// rules, one `Backend` (by `fqdn` or `ip`) and one `AIServiceBackend` per backend, and APIKey
/// BackendSecurityPolicies with 16 targetRefs.
fn fleet_like(models: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut backends = Vec::new();
    let mut rules = Vec::new();
    for m in 0..models {
        let two = m % 5 == 0;
        let names: Vec<String> = (0..if two { 2 } else { 1 })
            .map(|b| format!("model-{m:05}-{}", ["nrp", "sdsc"][b]))
            .collect();
        let timeout = ["120s", "600s"][m % 2];
        rules.push(json!({
            "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": format!("org/model-{m}")}]}],
            "backendRefs": names.iter().map(|n| json!({"name": n, "modelNameOverride": "Qwen/Qwen3-235B"})).collect::<Vec<_>>(),
            "timeouts": {"request": timeout},
            "modelsOwnedBy": "NRP",
        }));
        for (i, n) in names.iter().enumerate() {
            let endpoint = if i == 0 {
                json!({"fqdn": {"hostname": format!("{n}.nrp-llm.svc.cluster.local"), "port": 8000}})
            } else {
                json!({"ip": {"address": format!("10.0.{}.{}", m % 250, i + 1), "port": 443}})
            };
            out.push(json!({
                "apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
                "metadata": {"name": n, "namespace": "nrp-llm"},
                "spec": {"endpoints": [endpoint]},
            }));
            out.push(json!({
                "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIServiceBackend",
                "metadata": {"name": n, "namespace": "nrp-llm"},
                "spec": {"schema": {"name": "OpenAI"}, "backendRef": {"group": "gateway.envoyproxy.io", "kind": "Backend", "name": n}},
            }));
            if i == 1 {
                backends.push(n.clone());
            }
        }
    }
    for (i, chunk) in rules.chunks(15).enumerate() {
        out.push(json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIGatewayRoute",
            "metadata": {"name": format!("envoy-ai-gateway-nrp-models-{i:04}"), "namespace": "nrp-llm"},
            "spec": {
                "parentRefs": [{"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "envoy-ai-gateway-nrp"}],
                "rules": chunk,
                "llmRequestCosts": [
                    {"metadataKey": "llm_input_token", "type": "InputToken"},
                    {"metadataKey": "llm_output_token", "type": "OutputToken"},
                    {"metadataKey": "llm_total_token", "type": "TotalToken"},
                ],
            }
        }));
    }
    for (i, chunk) in backends.chunks(16).enumerate() {
        out.push(json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "BackendSecurityPolicy",
            "metadata": {"name": format!("envoy-ai-gateway-sdsc-apikey-{i:02}"), "namespace": "nrp-llm"},
            "spec": {
                "targetRefs": chunk.iter().map(|n| json!({"group": "aigateway.envoyproxy.io", "kind": "AIServiceBackend", "name": n})).collect::<Vec<_>>(),
                "type": "APIKey",
                "apiKey": {"secretRef": {"name": format!("sdsc-apikey-{i:02}"), "namespace": "nrp-llm"}},
            }
        }));
    }
    out
}

/// Every Kubernetes object of the repository's YAML files below `rel` (relative to the
/// workspace root).
fn repo_objects(rel: &str) -> Vec<Value> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let name = f.display().to_string();
        if let Ok(objects) = crate::document::parse_str(&text, &name, &crate::Limits::default()) {
            out.extend(objects.iter().map(|o| o.value().clone()));
        }
    }
    out
}

/// Deterministic variants of `v`: fields dropped, strings replaced (by other strings of the
/// corpus, by "" and by a reversed copy), lists emptied or doubled, values of the wrong type
/// and nulls, at every `stride`-th position of the object.
fn mutations(v: &Value, pool: &[String], stride: usize, seed: usize) -> Vec<Value> {
    fn paths(v: &Value, here: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
        out.push(here.clone());
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    here.push(json!(k));
                    paths(c, here, out);
                    here.pop();
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    here.push(json!(i));
                    paths(c, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    fn at<'a>(v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
        let mut cur = v;
        for seg in path {
            cur = match seg {
                Value::String(k) => cur.get_mut(k.as_str())?,
                Value::Number(i) => cur.get_mut(usize::try_from(i.as_u64()?).ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }
    let mut all = Vec::new();
    paths(v, &mut Vec::new(), &mut all);
    let mut out = Vec::new();
    for (n, path) in all.iter().enumerate().skip(1) {
        if !(n + seed).is_multiple_of(stride) {
            continue;
        }
        // Keep apiVersion and kind: the object must still find its schema.
        if path.len() == 1 && (path[0] == "apiVersion" || path[0] == "kind") {
            continue;
        }
        let (parent_path, last) = path.split_at(path.len() - 1);
        let mut dropped = v.clone();
        match (at(&mut dropped, parent_path), &last[0]) {
            (Some(Value::Object(m)), Value::String(k)) => {
                m.shift_remove(k.as_str());
            }
            (Some(Value::Array(a)), Value::Number(i)) => {
                a.remove(usize::try_from(i.as_u64().unwrap_or(0)).unwrap_or(0));
            }
            _ => {}
        }
        out.push(dropped);
        let current = at(&mut v.clone(), path).map(|x| x.clone());
        let mut replacements: Vec<Value> = match &current {
            Some(Value::String(s)) => vec![
                json!(""),
                json!(s.chars().rev().collect::<String>()),
                json!(pool[(n * 7 + seed) % pool.len()]),
                json!(pool[(n * 13 + seed + 1) % pool.len()]),
                json!(42),
            ],
            Some(Value::Array(a)) => {
                let mut doubled = a.clone();
                doubled.extend(a.iter().cloned());
                vec![
                    json!([]),
                    Value::Array(doubled),
                    json!("x"),
                    json!({"a": 1}),
                ]
            }
            Some(Value::Object(_)) => vec![json!({}), json!("x"), json!([1])],
            Some(Value::Number(_)) => vec![json!(0), json!(-1), json!(1.5), json!("7")],
            Some(Value::Bool(b)) => vec![json!(!b), json!("true")],
            _ => vec![],
        };
        replacements.push(Value::Null);
        for r in replacements {
            let mut m = v.clone();
            if let Some(slot) = at(&mut m, path) {
                *slot = r;
                out.push(m);
            }
        }
    }
    out
}

/// The CEL errors of `object` with the fast path on or off.
fn cel_errors(version: &Version, object: &Value, fast: bool) -> Vec<String> {
    let errors = version.cel().evaluate(object, fast);
    errors
        .iter()
        .map(|e| format!("{} | {:?} | {}", e.path, e.code, e.message))
        .collect()
}

#[test]
fn fast_cel_path_gives_the_same_errors() {
    // Soundness of the fast accept path: on every object the repository has (upstream crdcel
    // cases, the NRP example, all fixtures, a generated fleet) and on mutated variants of them,
    // in every release, the CEL errors are exactly those of kube-cel alone.
    let mut bases: Vec<(Option<Release>, Value)> = cel_corpus()
        .into_iter()
        .map(|(r, v)| (Some(r), v))
        .collect();
    let mut unpinned = repo_objects("examples/nrp");
    for release in Release::ALL {
        let tag = release.ai_gateway_tag();
        unpinned.extend(repo_objects(&format!("upstream/ai-gateway/{tag}/crdcel")));
    }
    unpinned.extend(repo_objects("tests/fixtures"));
    unpinned.extend(fleet_like(20));
    bases.extend(unpinned.into_iter().map(|v| (None, v)));
    let mut pool = Vec::new();
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    for (_, v) in &bases {
        strings(v, &mut pool);
    }
    pool.sort();
    pool.dedup();
    let (mut compared, mut with_errors, mut mutated) = (0, 0, 0);
    let (before_fast, before_ref) = test_counts::counts();
    for (i, (pinned, base)) in bases.iter().enumerate() {
        let mut variants = vec![base.clone()];
        let stride = 5 + base.to_string().len() / 800;
        let extra = mutations(base, &pool, stride, i);
        mutated += extra.len();
        variants.extend(extra);
        let releases: Vec<Release> = match pinned {
            Some(r) => vec![*r],
            None => Release::ALL.to_vec(),
        };
        for release in releases {
            let Some(version) = served(oracle(release), base) else {
                continue;
            };
            let kind = &base["kind"];
            for v in &variants {
                let obj = defaulted(version, v);
                let slow = cel_errors(version, &obj, false);
                let fast = cel_errors(version, &obj, true);
                assert_eq!(fast, slow, "{release} {kind}: {obj}");
                compared += 1;
                with_errors += usize::from(!slow.is_empty());
            }
        }
    }
    let (after_fast, after_ref) = test_counts::counts();
    println!(
        "compared {compared} objects ({mutated} mutations, {with_errors} with CEL errors); \
         leaf evaluations with the fast path on: {} accepted, {} declined (sent to kube-cel)",
        after_fast - before_fast,
        after_ref - before_ref,
    );
    assert!(compared > 5000, "{compared}");
    assert!(with_errors > 1000, "{with_errors}");
    // The fast path must have been exercised, and must have declined the failing cases.
    assert!(after_fast - before_fast > 10_000);
}

#[test]
fn fast_cel_path_handles_the_fleet() {
    // The speed claim: on generated fleet objects (and the NRP example) nearly every leaf
    // evaluation is answered without kube-cel.
    let mut objects = fleet_like(200);
    objects.extend(repo_objects("examples/nrp/models-config"));
    for release in Release::ALL {
        let o = oracle(release);
        let (f0, r0) = test_counts::counts();
        let mut checked = 0;
        for object in &objects {
            let Some(version) = served(o, object) else {
                continue;
            };
            let obj = defaulted(version, object);
            let errors = version.cel().evaluate(&obj, true);
            assert!(errors.is_empty(), "{release}: {errors:?}");
            checked += 1;
        }
        let (f1, r1) = test_counts::counts();
        let (fast, reference) = (f1 - f0, r1 - r0);
        println!(
            "{release}: {checked} objects, {fast} leaf evaluations accepted fast, {reference} by kube-cel"
        );
        assert!(checked > 400, "{checked}");
        assert!(
            fast * 100 >= (fast + reference) * 95,
            "{release}: only {fast} of {} leaf evaluations took the fast path",
            fast + reference
        );
    }
}

#[test]
fn fast_cel_path_can_be_switched_off() {
    let o = oracle(Release::V1_1);
    let r = route(3);
    let (_, version) = o
        .version("aigateway.envoyproxy.io/v1beta1", "AIGatewayRoute")
        .unwrap();
    let (f0, r0) = test_counts::counts();
    cel_errors(version, &r, false);
    // Off: no leaf is counted (nothing tries the fast path).
    assert_eq!(test_counts::counts(), (f0, r0));
    cel_errors(version, &r, true);
    let (f1, r1) = test_counts::counts();
    assert!(f1 > f0);
    assert_eq!(r1, r0);
    // The same switch through the oracle's options, on a valid and an invalid object.
    let reference = Checks {
        cel_fast_path: false,
        ..Checks::default()
    };
    let mut bad = r.clone();
    bad["spec"]["rules"][0]["backendRefs"][0]["weight"] = json!(-1);
    bad["spec"]["parentRefs"] = json!([{"name": "g", "kind": "Service"}]);
    for object in [&r, &bad] {
        let before = test_counts::counts();
        let slow = o.validate_with(object, reference);
        assert_eq!(test_counts::counts(), before, "the fast path was tried");
        let fast = o.validate_with(object, Checks::default());
        assert!(
            test_counts::counts().0 > before.0,
            "the fast path was not tried"
        );
        assert_eq!(fast, slow);
        assert_eq!(o.validate(object), slow);
    }
    assert!(!o.validate_with(&bad, reference).is_empty());
}

#[test]
fn fast_cel_path_rule_coverage() {
    // Which rules of all CRDs of all releases the fast path can answer. Printed with
    // `--nocapture`; the thresholds keep the coverage from silently shrinking.
    let mut all = Vec::new();
    for release in Release::ALL {
        let o = oracle(release);
        for crd in o.crds() {
            for v in &crd.versions {
                all.extend(v.cel().fast_coverage());
            }
        }
    }
    let total = all.len();
    let full = all.iter().filter(|r| r.1 == Some(true)).count();
    let partial = all.iter().filter(|r| r.1 == Some(false)).count();
    let leaves_ok = all.iter().filter(|r| r.2).count();
    let mut unsupported: Vec<&str> = all
        .iter()
        .filter(|r| r.1 != Some(true))
        .map(|r| r.0.as_str())
        .collect();
    unsupported.sort();
    unsupported.dedup();
    println!(
        "{total} rules: {full} fully translated, {partial} with opaque parts, {} without a \
         program; {leaves_ok} on nodes with a fast program",
        total - full - partial
    );
    for r in &unsupported {
        println!("  not fully translated: {r}");
    }
    assert!(total > 1000, "{total}");
    assert!(full * 100 >= total * 90, "{full} of {total}");
    assert!(
        full + partial == total,
        "every rule should at least have a program"
    );
}
