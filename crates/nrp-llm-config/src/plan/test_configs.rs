//! Random NRP-like configurations for property tests, shared by the library's unit tests and
//! the test kit (`nrp-llm-config-testkit` includes this file): plain JSON only, no crate types.

// Public for the test kit, which includes this file; private to the library's tests.
#![allow(unreachable_pub)]

use serde_json::{Value, json};

/// The ApplySet member label (`applyset.kubernetes.io/part-of`).
const PART_OF: &str = "applyset.kubernetes.io/part-of";

/// A small deterministic generator (a linear congruential one): the same seed draws the same
/// configurations on every machine.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next raw draw.
    pub fn draw(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    /// A draw in `0..n`.
    pub fn below(&mut self, n: u64) -> usize {
        usize::try_from(self.draw() % n).unwrap()
    }
    /// True with `percent` % probability.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.draw() % 100 < percent
    }
}

/// A random but valid NRP-like configuration drawn from a fixed pool of names.
pub fn random_config(rng: &mut Lcg) -> Vec<Value> {
    const MODELS: usize = 8;
    let mut included: Vec<usize> = (0..MODELS).filter(|_| rng.chance(55)).collect();
    if included.is_empty() {
        included.push(rng.below(MODELS as u64));
    }
    let mut out = Vec::new();
    let mut routes: Vec<Vec<Value>> = vec![Vec::new(), Vec::new(), Vec::new()];
    let mut targets: Vec<Vec<String>> = vec![Vec::new(), Vec::new()];
    for &i in &included {
        let mut meta = json!({"name": format!("be-{i}"), "namespace": "nrp-llm"});
        if rng.chance(20) {
            let owner = ["nrp", "sdsc"][rng.below(2)];
            meta["labels"] = json!({ "owner": owner });
        }
        out.push(json!({
            "apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend", "metadata": meta,
            "spec": {"endpoints": [{"fqdn": {"hostname": format!("m{i}.svc"), "port": 5000 + rng.below(3)}}]}
        }));
        out.push(json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIServiceBackend",
            "metadata": {"name": format!("asb-{i}"), "namespace": "nrp-llm"},
            "spec": {"schema": {"name": "OpenAI"}, "backendRef": {"name": format!("be-{i}"), "kind": "Backend", "group": "gateway.envoyproxy.io"}}
        }));
        let mut refs = vec![json!({"name": format!("asb-{i}")})];
        if rng.chance(30) {
            refs[0]["modelNameOverride"] = json!(format!("org/model-{}", rng.below(2)));
        }
        if rng.chance(25) {
            let j = included[rng.below(included.len() as u64)];
            if j != i {
                refs[0]["weight"] = json!(1 + rng.below(3));
                refs.push(json!({"name": format!("asb-{j}"), "weight": 1 + rng.below(3)}));
            }
        }
        let timeout = ["600s", "1200s"][rng.below(2)];
        let mut rule = json!({
            "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": format!("model-{i}")}]}],
            "backendRefs": refs,
            "timeouts": {"request": timeout}
        });
        if rng.chance(30) {
            rule["modelsOwnedBy"] = json!(["NRP", "SDSC"][rng.below(2)]);
        }
        routes[rng.below(3)].push(rule);
        let p = rng.below(3);
        if p < 2 {
            targets[p].push(format!("asb-{i}"));
        }
    }
    for (k, mut rules) in routes.into_iter().enumerate() {
        if rules.is_empty() {
            continue;
        }
        if rng.chance(50) {
            rules.reverse();
        }
        out.push(json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIGatewayRoute",
            "metadata": {"name": format!("route-{k}"), "namespace": "nrp-llm"},
            "spec": {"parentRefs": [{"name": "gw", "kind": "Gateway", "group": "gateway.networking.k8s.io"}], "rules": rules}
        }));
    }
    for (k, t) in targets.into_iter().enumerate() {
        if t.is_empty() {
            continue;
        }
        let refs: Vec<Value> = t
            .iter()
            .map(|n| json!({"name": n, "kind": "AIServiceBackend", "group": "aigateway.envoyproxy.io"}))
            .collect();
        out.push(json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "BackendSecurityPolicy",
            "metadata": {"name": format!("key-{k}"), "namespace": "nrp-llm"},
            "spec": {"type": "APIKey", "apiKey": {"secretRef": {"name": format!("key-{k}")}}, "targetRefs": refs}
        }));
    }
    // Document order varies too.
    let n = out.len() as u64;
    for _ in 0..out.len() {
        let (a, b) = (rng.below(n), rng.below(n));
        out.swap(a, b);
    }
    out
}

/// Live objects of the managed kinds that are not this tool's, for the ApplySet `id`:
/// unlabelled, labelled for another ApplySet, controller-owned, or in another namespace (there,
/// sometimes with a name the random configurations use), sorted by namespace and name.
pub fn foreign_objects(rng: &mut Lcg, id: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, (ns, part_of, controller)) in [
        ("nrp-llm", None, false),
        ("nrp-llm", Some("applyset-someone-else-v1"), false),
        ("nrp-llm", Some(id), true),
        ("team-payments", Some(id), false),
    ]
    .into_iter()
    .enumerate()
    {
        let name = if ns != "nrp-llm" && rng.chance(50) {
            format!("be-{}", rng.below(8))
        } else {
            format!("foreign-{i}")
        };
        let mut meta =
            json!({"name": name, "namespace": ns, "uid": format!("f-{i}"), "resourceVersion": "5"});
        if let Some(p) = part_of {
            meta["labels"] = json!({ PART_OF: p });
        }
        if controller {
            meta["ownerReferences"] = json!([{"apiVersion": "aigateway.envoyproxy.io/v1beta1", "kind": "MCPRoute", "name": "mcp", "uid": "m-1", "controller": true}]);
        }
        out.push(json!({
            "apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend", "metadata": meta,
            "spec": {"endpoints": [{"fqdn": {"hostname": "foreign.svc", "port": 80}}]}
        }));
    }
    let key = |v: &Value| {
        (
            v["metadata"]["namespace"].to_string(),
            v["metadata"]["name"].to_string(),
        )
    };
    out.sort_by_key(key);
    out
}
