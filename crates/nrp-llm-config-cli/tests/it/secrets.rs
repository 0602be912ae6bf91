//! No secret value appears in any output: key-like values in the Secret-name fields of every
//! kind that has them, the data of a Secret object and a Secret with a duplicate key (a load
//! error whose source line would show the value) are fed to `validate`, `plan` and `graph`, and
//! every output is searched for them.

use crate::common::{bin, write};
use std::path::Path;

/// The leaked values; each one is searched for in every output.
const KEYS: &[&str] = &[
    "sk-proj-LEAK0001abcdefghijklmnop",
    "Bearer sk-LEAK0002abcdef",
    "ghp_LEAK0003abcdefghijklmnopqrstuvwxyz",
    "xoxb-LEAK0004-abcdef",
    "a8f3k2m9q7x1z5c4v6b0n2m8l4k7j3h1leak5",
    "LEAK0006_Not_A_Name",
    "LEAK0007stringData",
    "TEVBSzAwMDhkYXRh",
    "LEAK0009dup1",
    "LEAK0010dup2",
];

fn leaky_folder(dir: &Path) {
    let k = KEYS;
    write(
        dir,
        "policies.yaml",
        &format!(
            "apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata: {{name: apikey, namespace: nrp-llm}}
spec:
  type: APIKey
  apiKey:
    secretRef: {{name: {k0}}}
  targetRefs:
  - {{name: asb, kind: AIServiceBackend, group: aigateway.envoyproxy.io}}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata: {{name: azure, namespace: nrp-llm}}
spec:
  type: AzureAPIKey
  azureAPIKey:
    secretRef: {{name: \"{k1}\"}}
  targetRefs:
  - {{name: asb, kind: AIServiceBackend, group: aigateway.envoyproxy.io}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {{name: sp, namespace: nrp-llm}}
spec:
  targetRefs:
  - {{group: gateway.networking.k8s.io, kind: Gateway, name: gw}}
  apiKeyAuth:
    credentialRefs:
    - {{name: {k2}}}
    extractFrom:
    - headers: [x-api-key]
  oidc:
    provider: {{issuer: 'https://issuer.example.org'}}
    clientID: c
    clientSecret: {{name: {k3}}}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: MCPRoute
metadata: {{name: mcp, namespace: nrp-llm}}
spec:
  parentRefs:
  - {{name: gw}}
  backendRefs:
  - name: github
    kind: Backend
    group: gateway.envoyproxy.io
    securityPolicy:
      apiKey:
        secretRef: {{name: {k4}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: gw, namespace: nrp-llm}}
spec:
  gatewayClassName: eg
  listeners:
  - name: https
    protocol: HTTPS
    port: 443
    tls:
      certificateRefs:
      - {{name: {k5}}}
",
            k0 = k[0],
            k1 = k[1],
            k2 = k[2],
            k3 = k[3],
            k4 = k[4],
            k5 = k[5],
        ),
    );
    write(
        dir,
        "secret.yaml",
        &format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: key, namespace: nrp-llm}}\nstringData:\n  apiKey: {}\ndata:\n  other: {}\n",
            k[6], k[7]
        ),
    );
    write(
        dir,
        "broken.yaml",
        &format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: dup, namespace: nrp-llm}}\nstringData:\n  apiKey: {}\n  apiKey: {}\n",
            k[8], k[9]
        ),
    );
}

fn assert_no_key(what: &str, out: &std::process::Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for k in KEYS {
        // A value that only its `Bearer ` prefix would make unique is searched without it.
        let needle = k.trim_start_matches("Bearer ");
        assert!(!all.contains(needle), "{what} shows {k:?}:\n{all}");
    }
}

#[test]
fn no_secret_value_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    leaky_folder(&cfg);
    let clean = dir.path().join("clean");
    std::fs::create_dir_all(&clean).unwrap();
    write(&clean, "backend.yaml", crate::common::BACKEND);
    let cfg = cfg.to_str().unwrap();
    let clean = clean.to_str().unwrap();
    let policies = format!("{cfg}/policies.yaml");
    let runs: Vec<(String, Vec<&str>)> = vec![
        ("validate".into(), vec!["validate", cfg]),
        (
            "validate json".into(),
            vec!["validate", "--output", "json", cfg],
        ),
        ("plan".into(), vec!["plan", clean, cfg]),
        (
            "plan json".into(),
            vec!["plan", "--output", "json", clean, cfg],
        ),
        (
            "plan kubectl".into(),
            vec!["plan", "--output", "kubectl", clean, cfg],
        ),
        // The leaky objects as CURRENT: deleted, so they are shown.
        (
            "plan from leaky".into(),
            vec!["plan", "--allow-mass-delete", &policies, clean],
        ),
        (
            "plan json from leaky".into(),
            vec![
                "plan",
                "--allow-mass-delete",
                "--output",
                "json",
                &policies,
                clean,
            ],
        ),
        (
            "plan kubectl from leaky".into(),
            vec![
                "plan",
                "--allow-mass-delete",
                "--output",
                "kubectl",
                &policies,
                clean,
            ],
        ),
        ("graph".into(), vec!["graph", &policies]),
        (
            "graph dot".into(),
            vec!["graph", "--format", "dot", &policies],
        ),
    ];
    for (what, args) in runs {
        let o = bin().args(&args).output().unwrap();
        assert_no_key(&what, &o);
    }
    // validate found each of them.
    let o = bin()
        .args(["validate", "--output", "json", cfg])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "secret_literal").count(),
        6,
        "{v:#}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == "secret_in_folder").count(),
        1,
        "{v:#}"
    );
    assert!(codes.contains(&"duplicate_key"), "{v:#}");
}
