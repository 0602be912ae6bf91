//! Every field of every upstream CRD that names a Secret is one the secret-literal check reads.
//!
//! The fields are found in the CRD schemas themselves (`upstream/*/<tag>/crds/*.yaml`, every
//! served version): an object with a `name` property under a key that mentions `secret`, or
//! under `credentialRefs`, `certificateRefs`, `caCertificateRefs` or `basicAuth.users`. For each
//! one, an object with a key-like value at that `name` must be reported by
//! [`nrp_llm_config::secrets::secret_literals`] at exactly that path.

use crate::common::workspace_root;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

const KEY: &str = "sk-proj-Zq8vR2mL0pX4tW9yB6nC1dF5";

/// Keys whose value (or list items) is a reference to a Secret.
fn names_a_secret(key: &str, parent: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("secret")
        || ["credentialrefs", "certificaterefs", "cacertificaterefs"].contains(&k.as_str())
        || (k == "users" && parent.eq_ignore_ascii_case("basicauth"))
}

/// Walks a schema; `path` holds (key, is_list) steps from `spec`/root.
fn walk(
    schema: &Value,
    path: &mut Vec<(String, bool)>,
    parent: &str,
    out: &mut BTreeSet<Vec<(String, bool)>>,
) {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (k, s) in props {
        let (inner, is_list) = match s.get("items") {
            Some(items) if s.get("type") == Some(&json!("array")) => (items, true),
            _ => (s, false),
        };
        path.push((k.clone(), is_list));
        let has_name = inner
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key("name"));
        if names_a_secret(k, parent) && has_name {
            out.insert(path.clone());
        }
        if path.len() < 24 {
            walk(inner, path, k, out);
        }
        path.pop();
    }
}

/// An object with `KEY` at `path` + `name`.
fn object_at(path: &[(String, bool)]) -> Value {
    let mut v = json!({"name": KEY});
    for (k, is_list) in path.iter().rev() {
        let mut m = Map::new();
        m.insert(k.clone(), if *is_list { json!([v]) } else { v });
        v = Value::Object(m);
    }
    v
}

fn path_text(path: &[(String, bool)]) -> String {
    let mut s = String::new();
    for (i, (k, is_list)) in path.iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        s.push_str(k);
        if *is_list {
            s.push_str("[0]");
        }
    }
    s.push_str(".name");
    s
}

#[test]
fn every_secret_name_field_of_every_crd_is_checked() {
    let mut fields: BTreeSet<Vec<(String, bool)>> = BTreeSet::new();
    let mut crds = 0;
    for project in ["ai-gateway", "envoy-gateway", "gateway-api"] {
        let pdir = workspace_root().join("upstream").join(project);
        for tag in std::fs::read_dir(&pdir).unwrap() {
            let dir = tag.unwrap().path().join("crds");
            for f in std::fs::read_dir(&dir).unwrap() {
                let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
                let crd: Value = serde_saphyr::from_str(&text).unwrap();
                crds += 1;
                for v in crd["spec"]["versions"].as_array().unwrap() {
                    let schema = &v["schema"]["openAPIV3Schema"];
                    walk(schema, &mut Vec::new(), "", &mut fields);
                }
            }
        }
    }
    assert!(crds > 60, "{crds} CRD files");
    // BackendSecurityPolicy apiKey, AWS/Azure/GCP credentials, OIDC client secrets, MCPRoute
    // backend keys, SecurityPolicy credentials, Gateway TLS, ...
    assert!(
        fields.len() > 40,
        "only {} fields: {fields:?}",
        fields.len()
    );
    let mut missed = Vec::new();
    for path in &fields {
        let v = object_at(path);
        let found = nrp_llm_config::secrets::secret_literals(&v);
        let want = path_text(path);
        if !found
            .iter()
            .any(|(p, value)| p.to_string() == want && value == KEY)
        {
            missed.push(want);
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {} fields not checked: {missed:#?}",
        missed.len(),
        fields.len()
    );
}
