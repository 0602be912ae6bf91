//! The upstream oracle: validates one object exactly as the Kubernetes API server would, with
//! the CRDs of a given AI Gateway release installed.
//!
//! The CRD schemas of the ten kinds (AIGatewayRoute, AIServiceBackend, BackendSecurityPolicy,
//! Backend, SecurityPolicy, ClientTrafficPolicy, EnvoyProxy, Gateway, GatewayClass, HTTPRoute)
//! of every supported release are embedded in the crate, without their descriptions (written by
//! `cargo xtask gen-schemas` from the repository's `upstream/` folder). Validation follows the
//! API server's create path:
//!
//! 1. the `status` of a kind with a status subresource is dropped;
//! 2. CRD `default:` values are applied ([`Oracle::apply_defaults`]);
//! 3. the OpenAPI schema is checked (types, required fields, enums, limits, patterns, formats,
//!    list-type uniqueness, unknown fields as kubectl's strict field validation reports them,
//!    metadata name);
//! 4. when no type error was found, every `x-kubernetes-validations` CEL rule is evaluated
//!    (transition rules, which need the old object, are skipped).
//!
//! Messages use the API server's wording, e.g.
//! `spec.rules: Too many: 16: must have at most 15 items`.
//!
//! ```
//! use nrp_llm_config::{Code, Release, oracle::oracle};
//! let route = serde_json::json!({
//!     "apiVersion": "aigateway.envoyproxy.io/v1beta1",
//!     "kind": "AIGatewayRoute",
//!     "metadata": {"name": "r", "namespace": "nrp-llm"},
//!     "spec": {"rules": [{"backendRefs": [{"name": "b", "weight": -1}]}]},
//! });
//! let diags = oracle(Release::V1_1).validate(&route);
//! assert_eq!(diags.len(), 1);
//! assert_eq!(diags[0].code, Code::OUT_OF_RANGE);
//! assert_eq!(
//!     diags[0].message,
//!     "spec.rules[0].backendRefs[0].weight: Invalid value: -1: \
//!      spec.rules[0].backendRefs[0].weight in body should be greater than or equal to 0"
//! );
//! // v1beta1 is served from v1.1 on only.
//! assert!(!oracle(Release::V0_5).serves("aigateway.envoyproxy.io/v1beta1", "AIGatewayRoute"));
//! assert_eq!(oracle(Release::V0_5).validate(&route)[0].code, Code::UNSUPPORTED_VERSION);
//! ```

mod cel;
mod defaults;
mod schemas;
mod structural;

use crate::object_ref::{group_of, version_of};
use crate::{Code, Diagnostic, FieldPath, ObjectRef, Release, Segment};
use schemas::{CrdInfo, Node, Ty, VersionInfo, data};
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use structural::{FieldError, Walker};

/// The `x-kubernetes-list-type` of a list field: how its items are identified when lists are
/// compared or merged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ListType {
    /// The list is one value, replaced as a whole (also the default when no list type is set).
    Atomic,
    /// Items are unique scalars; order does not matter.
    Set,
    /// Items are objects identified by the values of these key fields.
    Map {
        /// The `x-kubernetes-list-map-keys`.
        keys: Vec<String>,
    },
}

/// Which layers [`Oracle::validate_with`] runs (a benchmark tool; `reference` feature).
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layers {
    /// Everything [`Oracle::validate`] does.
    All,
    /// Defaults and the OpenAPI schema, without CEL rules.
    Structural,
    /// Defaults and the CEL rules, without the OpenAPI schema.
    Cel,
}

/// How [`Oracle::validate_with`] checks an object: which layers run, and whether the CEL fast
/// path may answer for kube-cel. A tool of the tests and benchmarks (`reference` feature);
/// [`Oracle::validate`] always runs every layer with the fast path on.
///
/// ```
/// use nrp_llm_config::{Release, oracle::{Checks, oracle}};
/// let route = serde_json::json!({
///     "apiVersion": "aigateway.envoyproxy.io/v1beta1", "kind": "AIGatewayRoute",
///     "metadata": {"name": "r", "namespace": "nrp-llm"},
///     "spec": {"rules": [{"backendRefs": [{"name": "b"}]}]},
/// });
/// let o = oracle(Release::V1_1);
/// // Every rule through kube-cel alone gives the same answer as with the fast path.
/// let reference = Checks { cel_fast_path: false, ..Checks::default() };
/// assert_eq!(o.validate_with(&route, reference), o.validate(&route));
/// ```
#[cfg(any(feature = "reference", doc))]
#[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checks {
    /// The layers that run; [`Layers::All`] by default.
    pub layers: Layers,
    /// Whether a node's CEL rules may be answered by the fast path (which only ever says "they
    /// all hold") instead of kube-cel; on by default. Off, kube-cel evaluates every rule.
    pub cel_fast_path: bool,
}

#[cfg(any(feature = "reference", doc))]
impl Default for Checks {
    fn default() -> Self {
        Checks {
            layers: Layers::All,
            cel_fast_path: true,
        }
    }
}

/// What one validation runs: the internal form of [`Checks`].
#[derive(Clone, Copy)]
struct Run {
    structural: bool,
    cel: bool,
    cel_fast_path: bool,
}

impl Run {
    /// Everything, with the CEL fast path: what [`Oracle::validate`] does.
    const ALL: Run = Run {
        structural: true,
        cel: true,
        cel_fast_path: true,
    };
}

/// The message the API server adds when a type error stopped it from running the CEL rules.
pub const CEL_SKIPPED_MESSAGE: &str = "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

/// Validates objects against the CRDs of one release. Obtain one with [`oracle`].
///
/// Schemas and CEL programs are compiled on first use and kept for the life of the process; the
/// oracle is `Sync`, so objects can be validated in parallel.
pub struct Oracle {
    release: Release,
    crds: OnceLock<Vec<Crd>>,
}

struct Crd {
    info: CrdInfo,
    versions: Vec<Version>,
}

struct Version {
    info: VersionInfo,
    cel: OnceLock<cel::CelSchema>,
}

impl Version {
    fn root(&self) -> Arc<Node> {
        data().node(self.info.schema)
    }

    fn cel(&self) -> &cel::CelSchema {
        self.cel
            .get_or_init(|| cel::CelSchema::compile(&data().expand(self.info.schema)))
    }
}

/// The whole error text the API server returns when it rejects the create of `object` with
/// the error diagnostics `diagnostics` (as [`Oracle::validate`] gives them): `<Kind>.<group>
/// "<name>" is invalid: ` followed by the messages, one bare, several in brackets joined by
/// `, ` with repeats left out (Kubernetes' `NewInvalid` and error aggregate). `None` when no
/// diagnostic is an error.
///
/// ```
/// use nrp_llm_config::{Release, oracle::{api_server_error, oracle}};
/// let route = serde_json::json!({
///     "apiVersion": "aigateway.envoyproxy.io/v1beta1", "kind": "AIGatewayRoute",
///     "metadata": {"name": "r", "namespace": "ns"},
///     "spec": {"rules": [{"backendRefs": [{"name": "b", "weight": -1}]}]}
/// });
/// let diags = oracle(Release::V1_1).validate(&route);
/// assert_eq!(
///     api_server_error(&route, &diags).unwrap(),
///     "AIGatewayRoute.aigateway.envoyproxy.io \"r\" is invalid: \
///      spec.rules[0].backendRefs[0].weight: Invalid value: -1: \
///      spec.rules[0].backendRefs[0].weight in body should be greater than or equal to 0"
/// );
/// ```
pub fn api_server_error(object: &Value, diagnostics: &[Diagnostic]) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        if !seen.contains(&d.message.as_str()) {
            seen.push(&d.message);
        }
    }
    if seen.is_empty() {
        return None;
    }
    let text = |k: &str| object.get(k).and_then(Value::as_str).unwrap_or("");
    let kind = text("kind");
    let group = crate::object_ref::group_of(text("apiVersion"));
    let qualified = if group.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}.{group}")
    };
    let name = object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let all = if seen.len() == 1 {
        seen[0].to_owned()
    } else {
        format!("[{}]", seen.join(", "))
    };
    Some(format!(
        "{qualified} {} is invalid: {all}",
        structural::messages::quote(name)
    ))
}

/// API groups of every embedded CRD, in the order the data lists them.
fn known_groups() -> &'static [&'static str] {
    static GROUPS: OnceLock<Vec<&'static str>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut out: Vec<&'static str> = Vec::new();
        for r in Release::ALL {
            for c in oracle(r).crds() {
                if !out.contains(&c.info.group.as_str()) {
                    out.push(c.info.group.as_str());
                }
            }
        }
        out
    })
}

/// Every kind any release embeds under `group`, sorted.
fn all_kinds_of(group: &str) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = Vec::new();
    for r in Release::ALL {
        for c in oracle(r).crds() {
            if c.info.group == group && !kinds.contains(&c.info.kind.as_str()) {
                kinds.push(c.info.kind.as_str());
            }
        }
    }
    kinds.sort_unstable();
    kinds
}

/// The oracle of a release (created once per process).
pub fn oracle(release: Release) -> &'static Oracle {
    static ORACLES: OnceLock<[Oracle; Release::ALL.len()]> = OnceLock::new();
    let all = ORACLES.get_or_init(|| {
        Release::ALL.map(|release| Oracle {
            release,
            crds: OnceLock::new(),
        })
    });
    let i = Release::ALL
        .iter()
        .position(|r| *r == release)
        .unwrap_or(Release::ALL.len() - 1);
    &all[i]
}

impl std::fmt::Debug for Oracle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oracle")
            .field("release", &self.release)
            .finish_non_exhaustive()
    }
}

impl Oracle {
    /// The release whose CRDs this oracle uses.
    pub fn release(&self) -> Release {
        self.release
    }

    fn crds(&self) -> &[Crd] {
        self.crds.get_or_init(|| {
            let d = data();
            let bundles = [
                format!("ai-gateway/{}", self.release.ai_gateway_tag()),
                format!("envoy-gateway/{}", self.release.envoy_gateway_tag()),
                format!("gateway-api/{}", self.release.gateway_api_tag()),
            ];
            bundles
                .iter()
                .filter_map(|b| d.bundles.get(b))
                .flatten()
                .map(|info| Crd {
                    info: info.clone(),
                    versions: info
                        .versions
                        .iter()
                        .map(|v| Version {
                            info: v.clone(),
                            cel: OnceLock::new(),
                        })
                        .collect(),
                })
                .collect()
        })
    }

    fn crd(&self, group: &str, kind: &str) -> Option<&Crd> {
        self.crds()
            .iter()
            .find(|c| c.info.group == group && c.info.kind == kind)
    }

    fn version(&self, api_version: &str, kind: &str) -> Option<(&Crd, &Version)> {
        let crd = self.crd(group_of(api_version), kind)?;
        let v = crd
            .versions
            .iter()
            .find(|v| v.info.served && v.info.name == version_of(api_version))?;
        Some((crd, v))
    }

    /// What kubectl says of an object whose (group, kind) this release has no CRD for, when the
    /// crate can tell that the API server will not know it either: a kind an AI Gateway
    /// release serves only from a later (or up to an earlier) release, a kind written under the
    /// wrong API group, or a kind `aigateway.envoyproxy.io` has in no release. `None` for kinds
    /// of other groups (Secret, Deployment, InferencePool, the Gateway API kinds not embedded,
    /// ...): those are simply not checked.
    fn no_match(&self, api_version: &str, kind: &str) -> Option<Diagnostic> {
        let group = group_of(api_version);
        let message = format!("no matches for kind \"{kind}\" in version \"{api_version}\"");
        let error = |hint: String| {
            Diagnostic::error(Code::UNSUPPORTED_VERSION, message.clone())
                .with_path(FieldPath::root().field("apiVersion"))
                .with_hint(hint)
        };
        let releases = |g: &str| -> Vec<Release> {
            Release::ALL
                .into_iter()
                .filter(|r| oracle(*r).knows_kind(g, kind))
                .collect()
        };
        // The kind exists under this group in other releases.
        let served_in = releases(group);
        if let (Some(first), Some(last)) = (served_in.first(), served_in.last()) {
            let when = if *first > self.release {
                format!("from AI Gateway {} on", first.ai_gateway_tag())
            } else {
                format!("up to AI Gateway {}", last.ai_gateway_tag())
            };
            return Some(error(format!(
                "AI Gateway {} (release {}) has no {kind}; it is served {when}: check --release",
                self.release.ai_gateway_tag(),
                self.release
            )));
        }
        // The kind exists under another group: a misspelt or confused group.
        let other_groups: Vec<&str> = known_groups()
            .iter()
            .copied()
            .filter(|g| *g != group && !releases(g).is_empty())
            .collect();
        if let Some(right) = other_groups.first() {
            // The storage version of this release, else the newest it serves, else the one written.
            let crd = self.crd(right, kind).or_else(|| {
                Release::ALL
                    .into_iter()
                    .rev()
                    .find_map(|r| oracle(r).crd(right, kind))
            });
            let version = crd
                .and_then(|c| {
                    c.versions
                        .iter()
                        .find(|v| v.info.storage)
                        .or(c.versions.last())
                })
                .map_or_else(
                    || version_of(api_version).to_owned(),
                    |v| v.info.name.clone(),
                );
            return Some(error(format!(
                "{kind} belongs to the API group {right}, not {group:?}: write \
                 `apiVersion: {right}/{version}`"
            )));
        }
        // A kind of the AI Gateway group that no release has.
        if group == crate::resources::common::AI_GATEWAY_GROUP {
            let kinds = all_kinds_of(group);
            let hint = match crate::names::closest(kind, kinds.iter().copied()) {
                Some(k) => format!("did you mean {k:?}? {group} has {}", kinds.join(", ")),
                None => format!("{group} has {}", kinds.join(", ")),
            };
            return Some(error(hint));
        }
        None
    }

    /// Is (group, version, kind) served by this release's CRDs?    /// Is (group, version, kind) served by this release's CRDs?
    ///
    /// ```
    /// use nrp_llm_config::{Release, oracle::oracle};
    /// assert!(oracle(Release::V1_1).serves("aigateway.envoyproxy.io/v1beta1", "AIGatewayRoute"));
    /// assert!(oracle(Release::V1_1).serves("aigateway.envoyproxy.io/v1alpha1", "AIGatewayRoute"));
    /// assert!(!oracle(Release::V0_3).serves("aigateway.envoyproxy.io/v1beta1", "AIGatewayRoute"));
    /// assert!(oracle(Release::V0_3).serves("gateway.networking.k8s.io/v1", "HTTPRoute"));
    /// ```
    pub fn serves(&self, api_version: &str, kind: &str) -> bool {
        self.version(api_version, kind).is_some()
    }

    /// Is `kind` of API group `group` one of the kinds this release's CRDs define?
    pub fn knows_kind(&self, group: &str, kind: &str) -> bool {
        self.crd(group, kind).is_some()
    }

    /// The resource (plural) name of a kind, as `kubectl get` takes it (`aigatewayroutes`).
    ///
    /// ```
    /// use nrp_llm_config::{Release, oracle::oracle};
    /// let o = oracle(Release::V1_1);
    /// assert_eq!(o.plural("aigateway.envoyproxy.io", "BackendSecurityPolicy"), Some("backendsecuritypolicies"));
    /// assert_eq!(o.plural("gateway.envoyproxy.io", "Backend"), Some("backends"));
    /// ```
    pub fn plural(&self, group: &str, kind: &str) -> Option<&str> {
        self.crd(group, kind).map(|c| c.info.plural.as_str())
    }

    /// The served API versions (`group/version`) of a kind, storage version last.
    pub fn served_versions(&self, group: &str, kind: &str) -> Vec<String> {
        let Some(crd) = self.crd(group, kind) else {
            return Vec::new();
        };
        let mut v: Vec<&Version> = crd.versions.iter().filter(|v| v.info.served).collect();
        v.sort_by_key(|v| v.info.storage);
        v.iter()
            .map(|v| format!("{}/{}", crd.info.group, v.info.name))
            .collect()
    }

    /// True when `a` and `b` (`group/version`) are served versions of one `kind` whose CRD
    /// converts between them with strategy `None`: the API server changes only the
    /// `apiVersion`, so one object reads the same under both. Also true when `a == b` and the
    /// version is served.
    ///
    /// ```
    /// use nrp_llm_config::{Release, oracle::oracle};
    /// let (a, b) = ("aigateway.envoyproxy.io/v1alpha1", "aigateway.envoyproxy.io/v1beta1");
    /// assert!(oracle(Release::V1_1).same_content(a, b, "AIGatewayRoute"));
    /// assert!(!oracle(Release::V0_5).same_content(a, b, "AIGatewayRoute"));
    /// ```
    pub fn same_content(&self, a: &str, b: &str, kind: &str) -> bool {
        match (self.version(a, kind), self.version(b, kind)) {
            (Some((ca, _)), Some((cb, _))) => std::ptr::eq(ca, cb) && ca.info.conversion_none,
            _ => false,
        }
    }

    /// The warning the API server sends for a deprecated served version (as kubectl prints
    /// after `Warning:`), if any.
    pub fn deprecation_warning(&self, api_version: &str, kind: &str) -> Option<String> {
        let (_, v) = self.version(api_version, kind)?;
        if !v.info.deprecated {
            return None;
        }
        Some(
            v.info
                .deprecation_warning
                .clone()
                .unwrap_or_else(|| format!("{api_version} {kind} is deprecated")),
        )
    }

    /// All problems the API server would report when the object is created, in its wording.
    ///
    /// Every diagnostic is an error with a code, a field path and the object's [`ObjectRef`];
    /// file and line are left for the caller. Objects of kinds other than the ten CRD kinds
    /// give no diagnostics; an API version the release does not serve gives one
    /// [`Code::UNSUPPORTED_VERSION`] diagnostic.
    pub fn validate(&self, object: &Value) -> Vec<Diagnostic> {
        self.run(object, Run::ALL)
    }

    /// [`Oracle::validate`] restricted to some of its layers, so that benchmarks can time each
    /// on its own, or with the CEL fast path off, so that tests can compare it with kube-cel
    /// alone (see [`Checks`]; `reference` feature). With [`Layers::Cel`] the CEL rules run even
    /// when the object has type errors, which the API server would not do.
    #[cfg(any(feature = "reference", doc))]
    #[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
    pub fn validate_with(&self, object: &Value, checks: Checks) -> Vec<Diagnostic> {
        self.run(
            object,
            Run {
                structural: checks.layers != Layers::Cel,
                cel: checks.layers != Layers::Structural,
                cel_fast_path: checks.cel_fast_path,
            },
        )
    }

    fn run(&self, object: &Value, run: Run) -> Vec<Diagnostic> {
        let (Some(api_version), Some(kind)) = (
            object.get("apiVersion").and_then(Value::as_str),
            object.get("kind").and_then(Value::as_str),
        ) else {
            return Vec::new();
        };
        let group = group_of(api_version);
        let Some(crd) = self.crd(group, kind) else {
            return self
                .no_match(api_version, kind)
                .map(|d| {
                    let oref = ObjectRef::from_value(object).unwrap_or_else(|| {
                        let ns = object
                            .pointer("/metadata/namespace")
                            .and_then(Value::as_str);
                        ObjectRef::new(group, kind, ns, "")
                    });
                    vec![d.with_object(oref)]
                })
                .unwrap_or_default();
        };
        // Only built when something is reported (most objects are valid).
        let oref = || {
            ObjectRef::from_value(object).unwrap_or_else(|| {
                let ns = object
                    .pointer("/metadata/namespace")
                    .and_then(Value::as_str);
                ObjectRef::new(group, kind, ns, "")
            })
        };
        let Some((_, version)) = self.version(api_version, kind) else {
            let served = self.served_versions(group, kind);
            return vec![
                Diagnostic::error(
                    Code::UNSUPPORTED_VERSION,
                    format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
                )
                .with_path(FieldPath::root().field("apiVersion"))
                .with_object(oref())
                .with_hint(format!(
                    "AI Gateway {} (release {}) serves {kind} as {}",
                    self.release.ai_gateway_tag(),
                    self.release,
                    if served.is_empty() {
                        "no version".to_owned()
                    } else {
                        served.join(" or ")
                    }
                )),
            ];
        };
        let root = version.root();
        // Defaulting needs a copy of the object only when it changes something.
        let strip_status = version.info.status_subresource && object.get("status").is_some();
        let owned;
        let obj: &Value = if strip_status || defaults::needed(&root, object) {
            let mut copy = object.clone();
            if strip_status && let Some(m) = copy.as_object_mut() {
                m.remove("status");
            }
            defaults::apply(&root, &mut copy);
            owned = copy;
            &owned
        } else {
            object
        };
        let mut errors = Vec::new();
        if run.structural {
            let mut walker = Walker::default();
            walker.check_root(&root, obj, crd.info.namespaced);
            errors = walker.errors;
        }
        if errors.iter().any(|e| e.blocking) {
            errors.push(FieldError {
                path: FieldPath::root(),
                code: Code::CEL_RULE,
                message: CEL_SKIPPED_MESSAGE.to_owned(),
                blocking: false,
            });
        } else if run.cel {
            errors.extend(version.cel().evaluate(obj, run.cel_fast_path));
        }
        if errors.is_empty() {
            return Vec::new();
        }
        let oref = oref();
        errors
            .into_iter()
            .map(|e| {
                Diagnostic::error(e.code, e.message)
                    .with_path(e.path)
                    .with_object(oref.clone())
            })
            .collect()
    }

    /// The field names the schema declares for the object at `path` of `kind` in `api_version`
    /// (list indexes in the path may be any number), sorted; `None` when the release does not
    /// serve that kind and version or the path leads nowhere in its schema.
    pub(crate) fn field_names(
        &self,
        api_version: &str,
        kind: &str,
        path: &FieldPath,
    ) -> Option<Vec<String>> {
        let (_, version) = self.version(api_version, kind)?;
        let mut node: Arc<Node> = version.root();
        for seg in path.segments() {
            let next = match seg {
                Segment::Field(f) | Segment::Key(f) => node.child(f)?.clone(),
                Segment::Index(_) => node.items.as_ref()?.clone(),
            };
            node = next;
        }
        let mut names: Vec<String> = node.properties.iter().map(|(k, _)| k.clone()).collect();
        names.sort();
        Some(names)
    }

    /// Applies CRD `default:` values in place, as the API server does before storing. Objects
    /// of unknown kinds or unserved versions are left alone.
    ///
    /// ```
    /// use nrp_llm_config::{Release, oracle::oracle};
    /// let mut route = serde_json::json!({
    ///     "apiVersion": "aigateway.envoyproxy.io/v1beta1", "kind": "AIGatewayRoute",
    ///     "metadata": {"name": "r"},
    ///     "spec": {"rules": [{"backendRefs": [{"name": "b"}]}]},
    /// });
    /// oracle(Release::V1_1).apply_defaults(&mut route);
    /// assert_eq!(route["spec"]["rules"][0]["backendRefs"][0]["weight"], 1);
    /// ```
    pub fn apply_defaults(&self, object: &mut Value) {
        let (Some(api_version), Some(kind)) = (
            object.get("apiVersion").and_then(Value::as_str),
            object.get("kind").and_then(Value::as_str),
        ) else {
            return;
        };
        let Some((_, version)) = self.version(api_version, kind) else {
            return;
        };
        let root = version.root();
        defaults::apply(&root, object);
    }

    /// The `x-kubernetes-list-type` of the list at `path` (list indexes in the path may be
    /// any number). `None` when the path does not name a list of the schema; a list without a
    /// declared type is [`ListType::Atomic`].
    ///
    /// ```
    /// use nrp_llm_config::{FieldPath, Release, oracle::{ListType, oracle}};
    /// let o = oracle(Release::V1_1);
    /// let p: FieldPath = "spec.rules[0].matches[0].headers".parse().unwrap();
    /// assert_eq!(
    ///     o.list_type("aigateway.envoyproxy.io/v1beta1", "AIGatewayRoute", &p),
    ///     Some(ListType::Map { keys: vec!["name".into()] })
    /// );
    /// let p: FieldPath = "spec.rules".parse().unwrap();
    /// assert_eq!(
    ///     o.list_type("aigateway.envoyproxy.io/v1beta1", "AIGatewayRoute", &p),
    ///     Some(ListType::Atomic)
    /// );
    /// ```
    pub fn list_type(&self, api_version: &str, kind: &str, path: &FieldPath) -> Option<ListType> {
        let (_, version) = self.version(api_version, kind)?;
        let root = version.root();
        let mut node: &Node = &root;
        for seg in path.segments() {
            node = match seg {
                Segment::Field(f) | Segment::Key(f) => node.child(f)?,
                Segment::Index(_) => node.items.as_ref()?,
            };
        }
        if node.ty != Some(Ty::Array) && node.items.is_none() {
            return None;
        }
        Some(match node.list_type.as_deref() {
            Some("set") => ListType::Set,
            Some("map") => ListType::Map {
                keys: node.list_map_keys.clone(),
            },
            _ => ListType::Atomic,
        })
    }
}

#[cfg(test)]
mod tests;
