//! `schema`: the JSON Schemas accept the examples and reject wrong types.

use crate::common::{examples, objects, root, run, stderr, stdout};
use nrp_llm_config::document::{self, Limits};
use serde_json::Value;
use std::path::Path;

fn schema(name: &str) -> Value {
    let out = run(&["schema", name]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn yaml_file(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    document::parse_values(&text, "x.yaml", &Limits::default()).unwrap()
}

#[test]
fn schema_catalog_accepts_the_example_and_rejects_a_wrong_type() {
    let validator = jsonschema::validator_for(&schema("catalog")).unwrap();
    let mut catalog = yaml_file(&root().join("examples/nrp/catalog.yaml")).remove(0);
    let errors: Vec<String> = validator
        .iter_errors(&catalog)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    catalog["backends"][0]["endpoint"]["port"] = Value::String("five thousand".into());
    assert!(!validator.is_valid(&catalog));
    let mut catalog2 = yaml_file(&root().join("examples/nrp/catalog.yaml")).remove(0);
    catalog2["gateway"] = Value::Bool(true);
    assert!(!validator.is_valid(&catalog2));
}

#[test]
fn schema_of_each_kind_accepts_the_examples() {
    let out = run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = stdout(&out);
    for name in [
        "catalog",
        "AIGatewayRoute",
        "AIGatewayRoute/v1beta1",
        "Backend",
        "HTTPRoute",
    ] {
        assert!(listing.lines().any(|l| l.trim() == name), "{listing}");
    }
    for (_, objs) in objects(&examples()) {
        for o in objs {
            let kind = o["kind"].as_str().unwrap();
            let v = jsonschema::validator_for(&schema(kind)).unwrap();
            let errors: Vec<String> = v.iter_errors(&o).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{kind}: {errors:?}");
            // The wrong apiVersion or a wrongly typed field is rejected.
            let mut bad = o.clone();
            bad["apiVersion"] = Value::String("aigateway.envoyproxy.io/v9".into());
            assert!(!v.is_valid(&bad), "{kind}");
            let mut bad = o.clone();
            bad["spec"] = Value::String("nope".into());
            assert!(!v.is_valid(&bad), "{kind}");
        }
    }
    // An AIGatewayRoute with a string weight is rejected.
    let v = jsonschema::validator_for(&schema("AIGatewayRoute")).unwrap();
    let mut route = objects(&examples())
        .into_iter()
        .flat_map(|(_, o)| o)
        .find(|o| o["kind"] == "AIGatewayRoute")
        .unwrap();
    route["spec"]["rules"][0]["backendRefs"][0]["weight"] = Value::String("x".into());
    assert!(!v.is_valid(&route));
    let unknown = run(&["schema", "Nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("available: catalog, AIGatewayRoute"));
}

#[test]
fn schema_of_the_newer_kinds_accepts_upstream_objects() {
    let listing = stdout(&run(&["schema"]));
    for name in [
        "MCPRoute",
        "MCPRoute/v1alpha1",
        "MCPRoute/v1beta1",
        "GatewayConfig",
        "GatewayConfig/v1beta1",
        "QuotaPolicy",
        "BackendTrafficPolicy",
    ] {
        assert!(listing.lines().any(|l| l.trim() == name), "{listing}");
    }
    // Every MCPRoute upstream's conformance tests accept, at every release.
    let v = jsonschema::validator_for(&schema("MCPRoute")).unwrap();
    let mut checked = 0;
    for dir in std::fs::read_dir(root().join("upstream/ai-gateway")).unwrap() {
        let crdcel = dir.unwrap().path().join("crdcel");
        let Ok(cases) = std::fs::read_to_string(crdcel.join("cases.tsv")) else {
            continue;
        };
        for line in cases.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols[0] == "MCPRoute" && cols[2] == "accept" {
                for o in yaml_file(&crdcel.join(cols[1])) {
                    let errors: Vec<String> = v.iter_errors(&o).map(|e| e.to_string()).collect();
                    assert!(errors.is_empty(), "{}: {errors:?}", cols[1]);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} MCPRoutes");
    // A QuotaPolicy whose limit is text is rejected; the same with a number is accepted.
    let v = jsonschema::validator_for(&schema("QuotaPolicy")).unwrap();
    let mut quota = serde_json::json!({
        "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "QuotaPolicy",
        "metadata": {"name": "q", "namespace": "nrp-llm"},
        "spec": {"perModelQuotas": [{"modelName": "m",
            "quota": {"defaultBucket": {"limit": 1000, "duration": "1h"}}}]}
    });
    assert!(v.is_valid(&quota));
    quota["spec"]["perModelQuotas"][0]["quota"]["defaultBucket"]["limit"] = "lots".into();
    assert!(!v.is_valid(&quota));
    // QuotaPolicy has no v1beta1.
    quota["apiVersion"] = "aigateway.envoyproxy.io/v1beta1".into();
    assert!(!v.is_valid(&quota));
}
