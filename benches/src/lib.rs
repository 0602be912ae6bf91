//! A deterministic generator of NRP-like `models-config` folders, for benchmarks and for the
//! side-by-side comparison in `benches/compare/`.
//!
//! A [`Fleet`] of N models is drawn from a seed: about 20% of the models are round robin over two
//! backends (one at NRP, reached by `fqdn`, one at SDSC, reached by `ip`), the others have one
//! backend. Every backend has its own `Backend` and `AIServiceBackend`; route objects hold 15
//! rules each; a few `APIKey` BackendSecurityPolicies target at most 16 AIServiceBackends each.
//! [`Fleet::files`] renders it in the layout of the NRP repository (`gatewayroute/`,
//! `servicebackend/`, `backend/`, `securitypolicy.yaml`), and [`Fleet::with_changes`] derives a
//! second fleet that differs by a given number of edits, for plan benchmarks.
//!
//! ```
//! use nrp_llm_config::{ConfigSet, Release, document::{parse_str, Limits}, validate::validate};
//! let fleet = nrp_llm_config_benches::Fleet::generate(40, 7);
//! let mut objects = Vec::new();
//! for (path, text) in fleet.files() {
//!     objects.extend(parse_str(&text, &path, &Limits::default()).unwrap());
//! }
//! let set = ConfigSet::from_objects(objects);
//! assert_eq!(set.len(), fleet.object_count());
//! let diags = validate(&set, Release::V1_1);
//! assert!(diags.is_empty(), "{diags:?}");
//! ```

use std::fmt::Write as _;
use std::path::Path;

/// Rules per route object (the effective limit of every release).
pub const RULES_PER_ROUTE: usize = 15;
/// Most targetRefs of one BackendSecurityPolicy (the CRD's `maxItems`).
pub const TARGETS_PER_POLICY: usize = 16;
/// Models whose backends share one `backend/` and `servicebackend/` file.
pub const MODELS_PER_FILE: usize = 500;
/// The namespace of every object.
pub const NAMESPACE: &str = "nrp-llm";
/// The Gateway every route attaches to.
pub const GATEWAY: &str = "envoy-ai-gateway-nrp";

/// Model families: (short name, upstream model name).
const FAMILIES: [(&str, &str); 11] = [
    ("qwen3", "Qwen/Qwen3-235B-A22B-Thinking-2507-FP8"),
    ("qwen3-coder", "Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8"),
    ("llama3", "meta-llama/Llama-3.3-70B-Instruct"),
    ("gpt-oss", "openai/gpt-oss-120b"),
    ("glm", "zai-org/GLM-4.6-FP8"),
    ("kimi", "moonshotai/Kimi-K2-Thinking"),
    ("minimax", "MiniMaxAI/MiniMax-M2"),
    ("gemma", "google/gemma-3-27b-it"),
    ("olmo", "allenai/OLMo-2-0325-32B-Instruct"),
    ("deepseek", "deepseek-ai/DeepSeek-V3.2-Exp"),
    ("embed", "Qwen/Qwen3-Embedding-8B"),
];

const TIMEOUTS: [&str; 4] = ["120s", "600s", "1200s", "1800s"];

/// SplitMix64: small, fast and fully determined by its seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Where a backend runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// In the cluster, reached by a service name (`fqdn` endpoint).
    Nrp,
    /// At SDSC, reached by address (`ip` endpoint).
    Sdsc,
}

impl Site {
    /// `nrp` or `sdsc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Site::Nrp => "nrp",
            Site::Sdsc => "sdsc",
        }
    }
}

/// One backend of a model: a `Backend` plus an `AIServiceBackend` of the same name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendDef {
    /// Name of both objects.
    pub name: String,
    /// Where it runs (decides the endpoint kind and the file it is written to).
    pub site: Site,
    /// `fqdn` hostname (NRP) or `ip` address (SDSC).
    pub host: String,
    /// Endpoint port.
    pub port: u16,
    /// The `modelNameOverride` of the rule's backendRef.
    pub upstream: String,
    /// Index of the APIKey policy targeting it, if any.
    pub policy: Option<usize>,
}

/// One model: one rule of a route object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelDef {
    /// The `x-ai-eg-model` header value.
    pub name: String,
    /// Index of the route object holding the rule.
    pub route: usize,
    /// Backends (two for round-robin models).
    pub backends: Vec<BackendDef>,
    /// `timeouts.request`.
    pub timeout: String,
    /// `modelsOwnedBy`.
    pub owner: String,
    /// Which generated file its backends go to.
    pub chunk: usize,
}

/// A generated configuration: models, their backends, route objects and policies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fleet {
    /// Models in generation order.
    pub models: Vec<ModelDef>,
    /// Number of APIKey policies.
    pub policies: usize,
}

fn make_model(index: usize, route: usize, rng: &mut Rng) -> ModelDef {
    let (family, upstream) = FAMILIES[rng.below(FAMILIES.len())];
    let name = format!("{family}-{index:05}");
    let round_robin = rng.chance(20);
    let sites: &[Site] = if round_robin {
        &[Site::Nrp, Site::Sdsc]
    } else if rng.chance(70) {
        &[Site::Nrp]
    } else {
        &[Site::Sdsc]
    };
    let backends = sites
        .iter()
        .map(|&site| {
            let bname = format!("envoy-ai-gateway-{}-{name}", site.as_str());
            let (host, port) = match site {
                Site::Nrp => (
                    format!("{name}-vllm-inference.{NAMESPACE}.svc.cluster.local"),
                    [5000, 8000][rng.below(2)],
                ),
                Site::Sdsc => (
                    format!(
                        "10.{}.{}.{}",
                        (index >> 14) & 0xff,
                        (index >> 6) & 0xff,
                        (index & 0x3f) * 4 + 1
                    ),
                    8000,
                ),
            };
            BackendDef {
                name: bname,
                site,
                host,
                port,
                upstream: upstream.to_owned(),
                policy: None,
            }
        })
        .collect();
    ModelDef {
        name,
        route,
        backends,
        timeout: TIMEOUTS[rng.below(TIMEOUTS.len())].to_owned(),
        owner: if round_robin || sites[0] == Site::Nrp {
            "NRP".to_owned()
        } else {
            "SDSC".to_owned()
        },
        chunk: index / MODELS_PER_FILE,
    }
}

impl Fleet {
    /// `models` models drawn from `seed`. The same arguments always give the same fleet.
    pub fn generate(models: usize, seed: u64) -> Fleet {
        let mut rng = Rng::new(seed);
        let mut list: Vec<ModelDef> = (0..models)
            .map(|i| make_model(i, i / RULES_PER_ROUTE, &mut rng))
            .collect();
        // A few APIKey policies: one per 500 models (1 to 20), each targeting up to 16 of the
        // SDSC backends.
        let policies = (models / 500).clamp(1, 20);
        let mut next = 0usize;
        'outer: for m in &mut list {
            for b in &mut m.backends {
                if next >= policies * TARGETS_PER_POLICY {
                    break 'outer;
                }
                if b.site == Site::Sdsc {
                    b.policy = Some(next / TARGETS_PER_POLICY);
                    next += 1;
                }
            }
        }
        Fleet {
            models: list,
            policies,
        }
    }

    /// A copy with `edits` edits drawn from `seed`, spread over five sorts: request timeouts
    /// changed, backend ports changed, `modelNameOverride`s changed, models removed (their rule,
    /// Backends and AIServiceBackends go, and their policy targets), and models added (in new
    /// route objects). Route objects of the untouched models stay where they are.
    pub fn with_changes(&self, edits: usize, seed: u64) -> Fleet {
        let mut rng = Rng::new(seed ^ 0x5eed);
        let mut out = self.clone();
        let n = out.models.len();
        let mut touched = std::collections::HashSet::new();
        let mut pick = |rng: &mut Rng| -> Option<usize> {
            if touched.len() >= n {
                return None;
            }
            loop {
                let i = rng.below(n);
                if touched.insert(i) {
                    return Some(i);
                }
            }
        };
        let per = edits / 5;
        let sorts = [per, per, per, per, edits - 4 * per];
        let mut remove = Vec::new();
        for _ in 0..sorts[0] {
            let Some(i) = pick(&mut rng) else { break };
            let m = &mut out.models[i];
            m.timeout = if m.timeout == "300s" { "900s" } else { "300s" }.to_owned();
        }
        for _ in 0..sorts[1] {
            let Some(i) = pick(&mut rng) else { break };
            let b = &mut out.models[i].backends[0];
            b.port = if b.port == 9000 { 9001 } else { 9000 };
        }
        for _ in 0..sorts[2] {
            let Some(i) = pick(&mut rng) else { break };
            for b in &mut out.models[i].backends {
                b.upstream.push_str("-v2");
            }
        }
        for _ in 0..sorts[3] {
            let Some(i) = pick(&mut rng) else { break };
            remove.push(i);
        }
        remove.sort_unstable();
        for i in remove.into_iter().rev() {
            out.models.remove(i);
        }
        let first_route = self.route_count();
        for k in 0..sorts[4] {
            let index = n + k;
            let mut m = make_model(index, first_route + k / RULES_PER_ROUTE, &mut rng);
            m.chunk = self.models.last().map_or(0, |l| l.chunk) + 1;
            out.models.push(m);
        }
        out
    }

    /// Number of route objects (highest route index + 1).
    pub fn route_count(&self) -> usize {
        self.models.iter().map(|m| m.route + 1).max().unwrap_or(0)
    }

    /// Number of Kubernetes objects [`Fleet::files`] writes.
    pub fn object_count(&self) -> usize {
        let mut routes = std::collections::BTreeSet::new();
        let mut policies = std::collections::BTreeSet::new();
        let mut backends = 0;
        for m in &self.models {
            routes.insert(m.route);
            backends += m.backends.len();
            policies.extend(m.backends.iter().filter_map(|b| b.policy));
        }
        routes.len() + policies.len() + 2 * backends
    }

    /// The files of the folder: (relative path, YAML text), in a fixed order.
    pub fn files(&self) -> Vec<(String, String)> {
        use std::collections::BTreeMap;
        let mut routes: BTreeMap<usize, Vec<&ModelDef>> = BTreeMap::new();
        let mut backend_files: BTreeMap<(usize, &str), Vec<&BackendDef>> = BTreeMap::new();
        let mut policies: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for m in &self.models {
            routes.entry(m.route).or_default().push(m);
            for b in &m.backends {
                backend_files
                    .entry((m.chunk, b.site.as_str()))
                    .or_default()
                    .push(b);
                if let Some(p) = b.policy {
                    policies.entry(p).or_default().push(&b.name);
                }
            }
        }
        let mut out = Vec::new();
        for (r, models) in &routes {
            let name = route_name(*r);
            out.push((
                format!("gatewayroute/{name}.yaml"),
                route_yaml(&name, models),
            ));
        }
        for ((chunk, site), backends) in &backend_files {
            let mut be = String::new();
            let mut asb = String::new();
            for (i, b) in backends.iter().enumerate() {
                if i > 0 {
                    be.push_str("---\n");
                    asb.push_str("---\n");
                }
                backend_yaml(&mut be, b);
                service_backend_yaml(&mut asb, b);
            }
            out.push((format!("backend/{site}-{chunk:03}.yaml"), be));
            out.push((format!("servicebackend/{site}-{chunk:03}.yaml"), asb));
        }
        if !policies.is_empty() {
            let mut text = String::new();
            for (i, (p, targets)) in policies.iter().enumerate() {
                if i > 0 {
                    text.push_str("---\n");
                }
                policy_yaml(&mut text, *p, targets);
            }
            out.push(("securitypolicy.yaml".to_owned(), text));
        }
        out
    }

    /// Writes [`Fleet::files`] below `dir` (created if needed; existing files are replaced).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        for (rel, text) in self.files() {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        Ok(())
    }
}

/// The name of route object `index`.
pub fn route_name(index: usize) -> String {
    format!("envoy-ai-gateway-nrp-models-{index:04}")
}

fn route_yaml(name: &str, models: &[&ModelDef]) -> String {
    let mut s = String::with_capacity(512 + models.len() * 400);
    let _ = write!(
        s,
        "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata:\n  name: {name}\n  namespace: {NAMESPACE}\nspec:\n  parentRefs:\n  - group: gateway.networking.k8s.io\n    kind: Gateway\n    name: {GATEWAY}\n  rules:\n"
    );
    for m in models {
        let _ = write!(
            s,
            "  - matches:\n    - headers:\n      - type: Exact\n        name: x-ai-eg-model\n        value: {}\n    backendRefs:\n",
            m.name
        );
        for b in &m.backends {
            let _ = write!(
                s,
                "    - name: {}\n      modelNameOverride: {}\n",
                b.name, b.upstream
            );
        }
        let _ = write!(
            s,
            "    timeouts:\n      request: {}\n    modelsOwnedBy: {}\n",
            m.timeout, m.owner
        );
    }
    s.push_str("  llmRequestCosts:\n  - metadataKey: llm_input_token\n    type: InputToken\n  - metadataKey: llm_output_token\n    type: OutputToken\n  - metadataKey: llm_total_token\n    type: TotalToken\n");
    s
}

fn backend_yaml(s: &mut String, b: &BackendDef) {
    let _ = write!(
        s,
        "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: {}\n  namespace: {NAMESPACE}\nspec:\n  endpoints:\n",
        b.name
    );
    let _ = match b.site {
        Site::Nrp => write!(
            s,
            "  - fqdn:\n      hostname: {}\n      port: {}\n",
            b.host, b.port
        ),
        Site::Sdsc => write!(
            s,
            "  - ip:\n      address: \"{}\"\n      port: {}\n",
            b.host, b.port
        ),
    };
}

fn service_backend_yaml(s: &mut String, b: &BackendDef) {
    let _ = write!(
        s,
        "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: {0}\n  namespace: {NAMESPACE}\nspec:\n  schema:\n    name: OpenAI\n  backendRef:\n    group: gateway.envoyproxy.io\n    kind: Backend\n    name: {0}\n",
        b.name
    );
}

fn policy_yaml(s: &mut String, index: usize, targets: &[&str]) {
    let _ = write!(
        s,
        "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: BackendSecurityPolicy\nmetadata:\n  name: envoy-ai-gateway-sdsc-apikey-{index:02}\n  namespace: {NAMESPACE}\nspec:\n  targetRefs:\n"
    );
    for t in targets {
        let _ = write!(
            s,
            "  - group: aigateway.envoyproxy.io\n    kind: AIServiceBackend\n    name: {t}\n"
        );
    }
    let _ = write!(
        s,
        "  type: APIKey\n  apiKey:\n    secretRef:\n      name: sdsc-apikey-{index:02}\n      namespace: {NAMESPACE}\n"
    );
}

/// The model counts the criterion benches run at: 100, 1,000 and 10,000, or the
/// comma-separated list in `NRP_BENCH_SIZES` (e.g. `NRP_BENCH_SIZES=100,1000` for a quick run).
pub fn sizes() -> &'static [usize] {
    static SIZES: std::sync::OnceLock<Vec<usize>> = std::sync::OnceLock::new();
    SIZES.get_or_init(|| {
        std::env::var("NRP_BENCH_SIZES")
            .ok()
            .map(|s| {
                s.split(',')
                    .filter_map(|x| x.trim().parse().ok())
                    .collect::<Vec<_>>()
            })
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![100, 1_000, 10_000])
    })
}

/// Loads a generated fleet straight from memory (no files), as objects with source positions.
pub fn load_in_memory(fleet: &Fleet) -> nrp_llm_config::ConfigSet {
    use nrp_llm_config::document::{Limits, parse_str};
    let mut objects = Vec::new();
    for (path, text) in fleet.files() {
        match parse_str(&text, &path, &Limits::default()) {
            Ok(o) => objects.extend(o),
            Err(e) => panic!("generated file {path} does not parse: {e}"),
        }
    }
    nrp_llm_config::ConfigSet::from_objects(objects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nrp_llm_config::plan::{PlanOptions, plan};
    use nrp_llm_config::{Release, validate::validate};

    #[test]
    fn deterministic_and_valid() {
        let a = Fleet::generate(600, 1);
        assert_eq!(a, Fleet::generate(600, 1));
        assert_ne!(a, Fleet::generate(600, 2));
        let rr = a.models.iter().filter(|m| m.backends.len() == 2).count();
        assert!((80..160).contains(&rr), "{rr} round-robin models");
        let set = load_in_memory(&a);
        assert_eq!(set.len(), a.object_count());
        let d = validate(&set, Release::V1_1);
        assert!(d.is_empty(), "{:?}", &d[..d.len().min(5)]);
    }

    #[test]
    fn changes_plan_as_expected() {
        let a = Fleet::generate(300, 3);
        let b = a.with_changes(60, 3);
        let (sa, sb) = (load_in_memory(&a), load_in_memory(&b));
        assert!(!validate(&sb, Release::V1_1).has_errors());
        let p = plan(&sa, &sb, &PlanOptions::default()).unwrap();
        let s = p.summary();
        // 12 removed models delete at least 12 Backends and 12 AIServiceBackends; 12 added
        // ones create as many, plus one route object.
        assert!(s.delete >= 24, "{s:?}");
        assert!(s.create >= 25, "{s:?}");
        assert!(s.update >= 12, "{s:?}");
        assert!(plan(&sa, &sa, &PlanOptions::default()).unwrap().is_empty());
    }
}
