//! Differential tests of the two-phase cross-object rules (`validate::cross::check`: facts of
//! every object, then `check_facts`) against the implementation that reads the JSON trees
//! (`validate::cross::check_reference`). Both must give the same diagnostics (message, code,
//! severity, hint, path, object, file, line, column) in the same order, on every YAML file and
//! folder of the repository, on generated fleets, and on a mutation corpus built so that every
//! rule fires (the test checks that each code of the rules was seen, so it can fail).

use crate::common::{repository_yaml_files, workspace_root};
use nrp_llm_config::document::{self, Limits, Object, parse_str};
use nrp_llm_config::validate::cross::{Facts, check, check_facts, check_reference};
use nrp_llm_config::{Code, ConfigSet, Diagnostic, Release};
use nrp_llm_config_benches::{Fleet, load_in_memory};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Compares both implementations on every release; returns the codes seen.
fn same(set: &ConfigSet, what: &str) -> BTreeSet<&'static str> {
    let mut codes = BTreeSet::new();
    for release in Release::ALL {
        let fast = check(set, release);
        let reference = check_reference(set, release);
        if fast != reference {
            let first = fast
                .iter()
                .zip(&reference)
                .position(|(a, b)| a != b)
                .unwrap_or(fast.len().min(reference.len()));
            panic!(
                "{what} ({release}): {} vs {} diagnostics, first difference at {first}:\nfacts:     {:#?}\nreference: {:#?}",
                fast.len(),
                reference.len(),
                fast.get(first),
                reference.get(first)
            );
        }
        if release != Release::V1_1 {
            codes.extend(fast.iter().map(|d: &Diagnostic| d.code.as_str()));
            continue;
        }
        // Streaming: facts taken one object at a time give the same result.
        let facts: Vec<Facts> = set
            .objects()
            .iter()
            .map(|o| Facts::of(o, release))
            .collect();
        assert_eq!(
            check_facts(&facts, release),
            reference,
            "{what} ({release})"
        );
        codes.extend(fast.iter().map(|d: &Diagnostic| d.code.as_str()));
    }
    codes
}

/// The codes the cross-object rules and lint can emit.
const RULE_CODES: &[Code] = &[
    Code::RULE_LIMIT,
    Code::INVALID_REFERENCE,
    Code::DUPLICATE_MODEL,
    Code::MISSING_TIMEOUT,
    Code::SHARD_MISMATCH,
    Code::DUPLICATE_POLICY_TARGET,
    Code::UNUSED_OBJECT,
    Code::OVERRIDE_MISMATCH,
    Code::INVALID_NAME,
];

#[test]
fn every_repository_yaml_file_and_folder_checks_the_same() {
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    repository_yaml_files(&mut files, &mut dirs);
    assert!(files.len() > 100, "only {} YAML files found", files.len());
    let mut codes = BTreeSet::new();
    let mut loaded = 0usize;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        if let Ok(objects) = parse_str(&text, &f.display().to_string(), &Limits::default()) {
            loaded += 1;
            codes.extend(same(
                &ConfigSet::from_objects(objects),
                &f.display().to_string(),
            ));
        }
    }
    assert!(loaded * 2 > files.len(), "only {loaded} files loaded");
    // Folders as sets, as `validate DIR` reads them (cross fixtures are one folder per case).
    for d in &dirs {
        let set = ConfigSet::load(&[d], &Limits::default());
        codes.extend(same(&set, &d.display().to_string()));
    }
    // The fixtures of tests/it/cross_rules.rs break every rule once.
    for c in RULE_CODES {
        assert!(codes.contains(c.as_str()), "no fixture yields {c:?}");
    }
}

#[test]
fn generated_fleets_check_the_same() {
    for (models, seed) in [(1, 1), (40, 2), (600, 3)] {
        let fleet = Fleet::generate(models, seed);
        let set = load_in_memory(&fleet);
        let codes = same(&set, &format!("fleet {models}/{seed}"));
        assert!(codes.is_empty(), "a generated fleet is clean: {codes:?}");
        let changed = fleet.with_changes(models.div_ceil(5), seed);
        same(
            &load_in_memory(&changed),
            &format!("changed fleet {models}/{seed}"),
        );
        // The same objects built in memory have no positions.
        let in_memory =
            ConfigSet::from_objects(set.objects().iter().map(|o| Object::new(o.value().clone())));
        same(&in_memory, &format!("in-memory fleet {models}/{seed}"));
    }
}

/// SplitMix64, so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn kind_of(v: &Value) -> &str {
    v.get("kind").and_then(Value::as_str).unwrap_or("")
}

/// Indices of the objects of a kind.
fn of_kind(values: &[Value], kind: &str) -> Vec<usize> {
    (0..values.len())
        .filter(|&i| kind_of(&values[i]) == kind)
        .collect()
}

/// Names, model names and odd values that mutations write into string fields.
const POOL: &[&str] = &[
    "envoy-ai-gateway-nrp-qwen",
    "envoy-ai-gateway-nrp-qwn",
    "envoy-ai-gateway-nrp",
    "gw-other",
    "nrp-llm",
    "other-ns",
    "Bad_Name",
    "",
    "default",
    "Gateway",
    "Backend",
    "AIServiceBackend",
    "gateway.envoyproxy.io",
    "aigateway.envoyproxy.io",
    "x-ai-eg-model",
    "X-AI-EG-Model",
    "RegularExpression",
    "Exact",
    "qwen3",
    "APIKey",
    "AWSCredentials",
];

fn gateway(name: &str, ns: &str) -> Value {
    json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"gatewayClassName": "eg", "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}]}})
}

fn rules_mut(v: &mut Value) -> Option<&mut Vec<Value>> {
    v.get_mut("spec")?.get_mut("rules")?.as_array_mut()
}

/// Applies one mutation chosen by `rng`. Most are aimed at one rule; the last ones damage the
/// shape of an object at random.
fn mutate(values: &mut Vec<Value>, rng: &mut Rng) {
    let routes = of_kind(values, "AIGatewayRoute");
    let asbs = of_kind(values, "AIServiceBackend");
    let backends = of_kind(values, "Backend");
    let policies = of_kind(values, "BackendSecurityPolicy");
    let s = |rng: &mut Rng| Value::from(*rng.pick(POOL));
    match rng.below(27) {
        // A dangling backendRef, or one with an explicit namespace.
        0 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            if let Some(rules) = rules_mut(&mut values[r]) {
                let n = rules.len();
                if let Some(b) = rules
                    .get_mut(rng.below(n))
                    .and_then(|x| x.pointer_mut("/backendRefs/0"))
                {
                    if rng.below(2) == 0 {
                        set(b, "", "name", s(rng));
                    } else {
                        set(b, "", "namespace", s(rng));
                    }
                }
            }
        }
        // A rule copied into another route (duplicate model, override mismatch).
        1 if routes.len() > 1 => {
            let (a, b) = (*rng.pick(&routes), *rng.pick(&routes));
            let rule = values[a].pointer("/spec/rules/0").cloned();
            if let (Some(mut rule), Some(rules)) = (rule, rules_mut(&mut values[b])) {
                if let Some(b0) = rule
                    .pointer_mut("/backendRefs/0")
                    .and_then(Value::as_object_mut)
                {
                    match rng.below(3) {
                        0 => {
                            b0.insert("modelNameOverride".into(), s(rng));
                        }
                        1 => {
                            b0.shift_remove("modelNameOverride");
                            b0.insert("weight".into(), json!(1));
                        }
                        _ => {}
                    }
                    if rng.below(2) == 0 {
                        let entries: Vec<(String, Value)> =
                            std::mem::take(b0).into_iter().rev().collect();
                        b0.extend(entries);
                    }
                }
                let at = rng.below(rules.len() + 1);
                rules.insert(at, rule);
            }
        }
        // More than 15 rules.
        2 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            if let Some(rules) = rules_mut(&mut values[r])
                && let Some(first) = rules.first().cloned()
            {
                while rules.len() < 16 + rng.below(3) {
                    rules.push(first.clone());
                }
            }
        }
        // No request timeout.
        3 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            if let Some(rules) = rules_mut(&mut values[r]) {
                let n = rules.len();
                if let Some(rule) = rules.get_mut(rng.below(n)).and_then(Value::as_object_mut) {
                    if rng.below(2) == 0 {
                        rule.remove("timeouts");
                    } else {
                        rule.insert("timeouts".into(), json!({"backendRequest": "10s"}));
                    }
                }
            }
        }
        // A policy target renamed, or a second policy on the same targets.
        4 if !policies.is_empty() => {
            let p = *rng.pick(&policies);
            if rng.below(2) == 0 {
                if let Some(t) = values[p].pointer_mut("/spec/targetRefs/0") {
                    t["name"] = s(rng);
                }
            } else {
                let mut copy = values[p].clone();
                set(
                    &mut copy,
                    "/metadata",
                    "name",
                    format!("copy-{}", rng.below(1000)).into(),
                );
                if rng.below(3) == 0 {
                    set(&mut copy, "/spec", "type", s(rng));
                }
                values.push(copy);
            }
        }
        // A modelNameOverride changed.
        5 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            if let Some(rules) = rules_mut(&mut values[r]) {
                let n = rules.len();
                if let Some(b) = rules
                    .get_mut(rng.below(n))
                    .and_then(|x| x.pointer_mut("/backendRefs/0"))
                    .and_then(Value::as_object_mut)
                {
                    if rng.below(2) == 0 {
                        b.remove("modelNameOverride");
                    } else {
                        b.insert("modelNameOverride".into(), s(rng));
                    }
                }
            }
        }
        // Bad names and namespaces, on known and unknown kinds.
        6 => {
            let i = rng.below(values.len());
            let field = if rng.below(2) == 0 {
                "name"
            } else {
                "namespace"
            };
            let bad = *rng.pick(&["Bad_Name", "UPPER", "a..b", "-x", "ok.dotted", ""]);
            if let Some(m) = values[i].get_mut("metadata").and_then(Value::as_object_mut) {
                m.insert(field.into(), bad.into());
            }
        }
        7 => {
            let bad = *rng.pick(&["Bad_Name", "fine", "x.Y"]);
            let ns = *rng.pick(&["nrp-llm", "Bad.NS", "a.b"]);
            values.push(json!({"apiVersion": *rng.pick(&["v1", "example.com/v1", "gateway.envoyproxy.io/v1alpha1"]),
                "kind": *rng.pick(&["ConfigMap", "Widget", "EnvoyProxy", "HTTPRouteFilter"]),
                "metadata": {"name": bad, "namespace": ns}}));
        }
        // Shards that disagree on parentRefs or costs.
        8 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            match rng.below(4) {
                0 => set(&mut values[r], "/spec/parentRefs/0", "sectionName", s(rng)),
                1 => {
                    set(
                        &mut values[r],
                        "/spec",
                        "llmRequestCosts",
                        json!([{"metadataKey": "tokens", "type": "TotalToken"}]),
                    );
                }
                2 => {
                    set(
                        &mut values[r],
                        "/spec",
                        "llmRequestCosts",
                        json!([
                            {"metadataKey": "k", "type": "CEL", "cel": "1"},
                            {"metadataKey": "k", "type": "CEL", "cel": "2"}
                        ]),
                    );
                }
                _ => {
                    if let Some(s) = values[r].get_mut("spec").and_then(Value::as_object_mut) {
                        s.remove("parentRefs");
                    }
                }
            }
        }
        // Gateways present, and parentRefs to missing ones.
        9 => {
            let name = *rng.pick(&["envoy-ai-gateway-nrp", "gw-other", "envoy-ai-gateway-nrq"]);
            let ns = *rng.pick(&["nrp-llm", "other-ns"]);
            values.push(gateway(name, ns));
        }
        10 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            let mut refs = vec![json!({"name": s(rng)})];
            if rng.below(2) == 0 {
                refs.push(json!({"name": s(rng), "namespace": s(rng), "kind": s(rng)}));
            }
            if rng.below(3) == 0 {
                refs.push(json!({"kind": "Gateway"}));
            }
            set(&mut values[r], "/spec", "parentRefs", refs.into());
        }
        // v0.3 targetRefs.
        11 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            set(
                &mut values[r],
                "/spec",
                "targetRefs",
                json!([{"name": s(rng), "kind": "Gateway"}, {"kind": "Gateway"}]),
            );
        }
        // Deleted objects (dangling references, unused objects).
        12 if !values.is_empty() => {
            let pool: Vec<usize> = [&asbs, &backends, &policies, &routes]
                .iter()
                .flat_map(|v| v.iter().copied())
                .collect();
            if !pool.is_empty() {
                values.remove(*rng.pick(&pool));
            }
        }
        // A policy reference from an AIServiceBackend; its backendRef changed.
        13 if !asbs.is_empty() => {
            let a = *rng.pick(&asbs);
            match rng.below(5) {
                0 => set(
                    &mut values[a],
                    "/spec",
                    "backendSecurityPolicyRef",
                    json!({"name": s(rng)}),
                ),
                // The policy reference is only checked when the backendRef has a name.
                4 => {
                    set(
                        &mut values[a],
                        "/spec",
                        "backendSecurityPolicyRef",
                        json!({"name": "nope"}),
                    );
                    if let Some(spec) = values[a].get_mut("spec").and_then(Value::as_object_mut) {
                        if rng.below(2) == 0 {
                            spec.shift_remove("backendRef");
                        } else {
                            spec.insert("backendRef".into(), json!({"kind": "Backend"}));
                        }
                    }
                }
                1 => set(&mut values[a], "/spec/backendRef", "name", s(rng)),
                2 => set(&mut values[a], "/spec/backendRef", "namespace", s(rng)),
                _ => set(&mut values[a], "/spec/backendRef", "kind", s(rng)),
            }
        }
        // An HTTPRoute pointing at a Backend.
        14 if !backends.is_empty() => {
            let b = &values[*rng.pick(&backends)];
            let name = b.pointer("/metadata/name").cloned().unwrap_or(Value::Null);
            values.push(
                json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                "metadata": {"name": format!("hr-{}", rng.below(100)), "namespace": "nrp-llm"},
                "spec": {"rules": [{"backendRefs": [
                    {"group": "gateway.envoyproxy.io", "kind": "Backend", "name": name},
                    {"name": "svc"}]}]}}),
            );
        }
        // Model headers in other shapes.
        15 if !routes.is_empty() => {
            let r = *rng.pick(&routes);
            if let Some(rules) = rules_mut(&mut values[r]) {
                let n = rules.len();
                if let Some(h) = rules
                    .get_mut(rng.below(n))
                    .and_then(|x| x.pointer_mut("/matches/0/headers/0"))
                {
                    let key = *rng.pick(&["name", "type", "value"]);
                    set(h, "", key, s(rng));
                }
            }
        }
        // Objects without a name, or defined twice.
        16 if !values.is_empty() => {
            let i = rng.below(values.len());
            let mut copy = values[i].clone();
            if rng.below(2) == 0
                && let Some(m) = copy.get_mut("metadata").and_then(Value::as_object_mut)
            {
                m.remove("name");
            }
            let at = rng.below(values.len() + 1);
            values.insert(at, copy);
        }
        // An object of another group or version.
        17 if !values.is_empty() => {
            let i = rng.below(values.len());
            let api_version = *rng.pick(&[
                "aigateway.envoyproxy.io/v1beta1",
                "example.com/v1alpha1",
                "v1",
                "aigateway.envoyproxy.io",
            ]);
            set(&mut values[i], "", "apiVersion", api_version.into());
        }
        // Keys in another order (positions of parents and children no longer coincide).
        18 | 19 if !values.is_empty() => {
            let i = if routes.is_empty() || rng.below(3) == 0 {
                rng.below(values.len())
            } else {
                *rng.pick(&routes)
            };
            reorder(&mut values[i], rng);
        }
        // Objects without a namespace: references from them resolve in `default`, where
        // nothing without a namespace is found.
        20 => {
            for v in values.iter_mut() {
                if rng.below(4) == 0
                    && let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut)
                {
                    m.shift_remove("namespace");
                }
            }
        }
        // Random damage: a field deleted or replaced anywhere in an object.
        _ if !values.is_empty() => {
            let i = rng.below(values.len());
            damage(&mut values[i], rng, 0);
        }
        _ => {}
    }
}

/// Sets `key` in the map at JSON pointer `at` (`""`: the root); does nothing when there is no
/// map there.
fn set(v: &mut Value, at: &str, key: &str, new: Value) {
    if let Some(Value::Object(m)) = v.pointer_mut(at) {
        m.insert(key.to_owned(), new);
    }
}

/// Reverses the key order of some maps below `v`.
fn reorder(v: &mut Value, rng: &mut Rng) {
    match v {
        Value::Object(m) => {
            if rng.below(2) == 0 {
                let entries: Vec<(String, Value)> = std::mem::take(m).into_iter().rev().collect();
                m.extend(entries);
            }
            for child in m.values_mut() {
                reorder(child, rng);
            }
        }
        Value::Array(a) => {
            for child in a {
                reorder(child, rng);
            }
        }
        _ => {}
    }
}

/// Replaces or deletes one node somewhere below `v`.
fn damage(v: &mut Value, rng: &mut Rng, depth: usize) {
    let stop = depth > 0 && rng.below(4) == 0;
    match v {
        Value::Object(m) if !m.is_empty() && !stop => {
            let key = m
                .keys()
                .nth(rng.below(m.len()))
                .cloned()
                .unwrap_or_default();
            if rng.below(6) == 0 {
                m.shift_remove(&key);
            } else if let Some(child) = m.get_mut(&key) {
                damage(child, rng, depth + 1);
            }
        }
        Value::Array(a) if !a.is_empty() && !stop => {
            let i = rng.below(a.len());
            if rng.below(6) == 0 {
                a.remove(i);
            } else {
                damage(&mut a[i], rng, depth + 1);
            }
        }
        _ => {
            *v = match rng.below(6) {
                0 => Value::Null,
                1 => json!(7),
                2 => json!([]),
                3 => json!({}),
                4 => json!(["x"]),
                _ => Value::from(*rng.pick(POOL)),
            };
        }
    }
}

/// Renders values as YAML files (so the objects carry positions) and loads them as a set.
fn load(values: &[Value], files: usize) -> ConfigSet {
    let mut objects = Vec::new();
    let per = values.len().div_ceil(files.max(1)).max(1);
    for (n, chunk) in values.chunks(per).enumerate() {
        let file = format!("dir/f{n}.yaml");
        match parse_str(&document::to_yaml(chunk), &file, &Limits::default()) {
            Ok(o) => objects.extend(o),
            // The loader rejects documents that are not objects (no `kind`, say): keep the
            // others, each in a file of its own.
            Err(_) => {
                for (k, v) in chunk.iter().enumerate() {
                    let text = document::to_yaml(std::slice::from_ref(v));
                    let file = format!("dir/f{n}-{k}.yaml");
                    objects.extend(parse_str(&text, &file, &Limits::default()).unwrap_or_default());
                }
            }
        }
    }
    ConfigSet::from_objects(objects)
}

fn fixture_values(rel: &str) -> Vec<Value> {
    let set = ConfigSet::load(&[workspace_root().join(rel)], &Limits::default());
    set.objects().iter().map(|o| o.value().clone()).collect()
}

#[test]
fn mutations_check_the_same_and_fire_every_rule() {
    let bases: Vec<Vec<Value>> = vec![
        fixture_values("tests/fixtures/cross/clean"),
        fixture_values("examples/nrp/models-config"),
        load_in_memory(&Fleet::generate(45, 9))
            .objects()
            .iter()
            .map(|o| o.value().clone())
            .collect(),
    ];
    let mut rng = Rng(0x0c0f_fee5);
    let mut codes = BTreeSet::new();
    let mut count: std::collections::BTreeMap<&str, usize> = Default::default();
    for round in 0..240 {
        let mut values = bases[round % bases.len()].clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut values, &mut rng);
        }
        let set = load(&values, 1 + rng.below(3));
        let seen = same(&set, &format!("mutation round {round}"));
        for c in &seen {
            *count.entry(c).or_default() += 1;
        }
        codes.extend(seen);
        if round % 8 == 0 {
            // Without positions too.
            let in_memory = ConfigSet::from_objects(values.into_iter().map(Object::new));
            codes.extend(same(
                &in_memory,
                &format!("in-memory mutation round {round}"),
            ));
        }
    }
    for c in RULE_CODES {
        assert!(
            codes.contains(c.as_str()),
            "no mutation yields {c:?} (seen: {count:?})"
        );
    }
}

#[test]
fn facts_are_compact() {
    let set = load_in_memory(&Fleet::generate(150, 4));
    let facts: Vec<Facts> = set
        .objects()
        .iter()
        .map(|o| Facts::of(o, Release::V1_1))
        .collect();
    fn shareable<T: Send + Sync + Clone + std::fmt::Debug>() {}
    shareable::<Facts>();
    let size = std::mem::size_of::<Facts>();
    assert!(size <= 96, "Facts is {size} bytes");
    for (o, f) in set.objects().iter().zip(&facts) {
        let bytes = size + f.heap_bytes();
        let limit = match o.kind() {
            "AIGatewayRoute" => 8_000,
            // 16 targetRefs.
            "BackendSecurityPolicy" => 2_000,
            _ => 400,
        };
        assert!(bytes <= limit, "{} {}: {bytes} bytes", o.kind(), o.name());
    }
}

/// Fields that may be missing are located at their nearest existing ancestor: a backendRef
/// without `modelNameOverride` (whose first key is not `name`), routes without `parentRefs`
/// or `llmRequestCosts`, objects without a name. Flow style and odd key orders on purpose.
/// Also: a policy reference is not checked when the backendRef has no name, and route objects
/// without a name share one identity (a shard mismatch is reported once for all of them).
const FALLBACKS: &str = "apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {name: r1, namespace: n}
spec:
  parentRefs: [{name: gw, kind: Gateway, group: gateway.networking.k8s.io}]
  llmRequestCosts: [{metadataKey: k, type: OutputToken}]
  rules:
  - matches: [{headers: [{type: Exact, name: x-ai-eg-model, value: m1}]}]
    backendRefs: [{name: a, modelNameOverride: up-1}]
    timeouts: {request: 60s}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {namespace: n, name: r2}
spec:
  targetRefs: [{name: gw}]
  rules:
  - backendRefs:
    - weight: 1
      name: a
    matches: [{headers: [{value: m1, name: X-AI-EG-MODEL}]}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata: {namespace: n}
spec: {backendRef: {name: b, kind: Backend, group: gateway.envoyproxy.io}, backendSecurityPolicyRef: {name: nope}}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  namespace: n
  name: a
spec:
  backendSecurityPolicyRef: {name: pol}
  backendRef: {kind: Backend, group: gateway.envoyproxy.io, name: b}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {namespace: n}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: b2, namespace: n}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata: {name: pol, namespace: n}
spec:
  type: APIKey
  targetRefs:
  - {kind: AIServiceBackend, group: aigateway.envoyproxy.io, name: a}
  - {group: aigateway.envoyproxy.io, name: zz, kind: AIServiceBackend}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata: {name: pol2, namespace: n}
spec: {targetRefs: [{name: a, kind: AIServiceBackend, group: aigateway.envoyproxy.io}], type: APIKey}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: Bad_NS}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata: {name: c, namespace: n}
spec: {backendSecurityPolicyRef: {name: missing-pol}, backendRef: {kind: Backend}}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {namespace: n}
spec: {targetRefs: [{name: gw}]}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {namespace: n, labels: {second: nameless}}
spec: {targetRefs: [{name: gw}]}
";

#[test]
fn missing_fields_fall_back_to_their_parent() {
    let set = ConfigSet::from_objects(parse_str(FALLBACKS, "f.yaml", &Limits::default()).unwrap());
    let codes = same(&set, "fallbacks");
    // Every rule but the rule limit (which needs 16 rules in one route) fires in this file.
    for c in RULE_CODES.iter().filter(|c| **c != Code::RULE_LIMIT) {
        assert!(codes.contains(c.as_str()), "{c:?} not seen: {codes:?}");
    }
    let d = check(&set, Release::V1_1);
    let at = |code: Code, path: &str| {
        let d = d
            .iter()
            .find(|d| d.code == code && d.path.to_string() == path)
            .unwrap_or_else(|| panic!("no {code:?} at {path}: {d:#?}"));
        (d.location.line.unwrap(), d.location.column.unwrap())
    };
    // The backendRef itself (its first key, `weight`).
    assert_eq!(
        at(
            Code::OVERRIDE_MISMATCH,
            "spec.rules[0].backendRefs[0].modelNameOverride"
        ),
        (19, 7)
    );
    // `spec` of r2.
    assert_eq!(at(Code::SHARD_MISMATCH, "spec.parentRefs"), (15, 1));
    assert_eq!(at(Code::SHARD_MISMATCH, "spec.llmRequestCosts"), (15, 1));
    // `metadata` of the AIServiceBackend without a name.
    assert_eq!(at(Code::UNUSED_OBJECT, "metadata.name"), (25, 1));
}
