//! Does a running gateway serve what the configuration says? Lists the gateway's OpenAI-compatible
//! `/v1/models` and compares it with the models the AIGatewayRoutes route; optionally sends one
//! tiny request per model.
//!
//! # What the gateway lists
//!
//! AI Gateway's controller (v1.1.0, `internal/controller/gateway.go`) writes, for every
//! Gateway, the list its external processor answers `GET /v1/models` with
//! (`internal/extproc/models_processor.go`): one entry per `Exact` condition on the header
//! `x-ai-eg-model` in the rules of the AIGatewayRoutes attached to that Gateway, with
//! `owned_by` the rule's `modelsOwnedBy` or `"Envoy AI Gateway"`
//! ([`DEFAULT_MODELS_OWNER`](crate::resources::common::DEFAULT_MODELS_OWNER), also the CRD
//! default of the field in every release). [`served_models`] computes the same from a
//! [`ConfigSet`](crate::ConfigSet). Two details follow the controller:
//!
//! - it compares the header name case-sensitively, so a rule written with `X-AI-EG-Model`
//!   routes requests but its model is not listed; such a model is still expected, and its
//!   [`Finding::Missing`] says why it may be absent;
//! - with v1.1's `spec.hostnames`, a request sees the models of the routes for its host (exact
//!   name, else the longest `*.` wildcard) plus those of routes without hostnames.
//!
//! A configuration whose routes attach to several Gateways is verified one Gateway at a time
//! ([`VerifyOptions::parent`]).
//!
//! # Probes
//!
//! With [`VerifyOptions::probe`], every configured model gets one request with the time budget
//! of [`VerifyOptions::timeout`]: `POST /v1/embeddings` `{"model", "input": "ping"}` for
//! embedding models, `POST /v1/chat/completions` with one `ping` message and `max_tokens: 1`
//! for the others. Nothing in the configuration says which models embed, so a model is taken
//! for one when its name contains `embed` (any case) or it is in
//! [`VerifyOptions::embedding_models`]. A probe passes on a 2xx status; its latency is
//! measured up to the end of the response. Four probes run at a time.
//!
//! # Safety
//!
//! The API key ([`ApiKey`]) is sent as `Authorization: Bearer` and shows nowhere: not in
//! `Debug`, not in errors, and a response body quoted in a message has it replaced by `***`.
//! Redirects are reported, not followed (the key would travel elsewhere). Every request has
//! the one time budget; bodies are read up to a limit (16 MiB for the list, 1 MiB per probe).
//! The HTTP client (ureq, rustls for `https`) honours `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`.
//!
//! ```
//! use nrp_llm_config::{Release, Source};
//! use nrp_llm_config::verify::{VerifyOptions, verify};
//! let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
//! let desired = Source::parse(folder)?.load(Release::default(), None)?;
//! let options = VerifyOptions { probe: true, ..VerifyOptions::default() };
//! // (With a key: `api_key: Some(ApiKey::from_env("NRP_LLM_API_KEY")?)`.)
//! match verify(&desired, "http://127.0.0.1:1", &options) {
//!     Ok(report) => print!("{}", report.to_text()), // exit 1 unless report.is_ok()
//!     Err(e) => eprintln!("error: {e}\n  hint: {}", e.hint().unwrap_or_default()), // exit 2
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod gateway;
#[cfg(feature = "http")]
mod http;
mod listing;
mod served;
#[cfg(test)]
mod tests;

pub use gateway::{ApiKey, GatewayUrl};
pub use listing::{Finding, ListedModel, compare, parse_model_list};
pub use served::{Served, ServedModel, served_models};

use crate::ObjectRef;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Duration;

/// How [`verify`] talks to the gateway.
#[derive(Clone, Debug)]
pub struct VerifyOptions {
    /// Sent as `Authorization: Bearer` with every request.
    pub api_key: Option<ApiKey>,
    /// Send one request per configured model ([module documentation](self#probes)).
    pub probe: bool,
    /// Time budget of each request, connection included. Default 10 s.
    pub timeout: Duration,
    /// The Gateway behind the URL (`NAME` or `NAMESPACE/NAME`), needed when the routes attach
    /// to several.
    pub parent: Option<String>,
    /// Models to probe as embedding models, besides those whose name contains `embed`.
    pub embedding_models: Vec<String>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            api_key: None,
            probe: false,
            timeout: Duration::from_secs(10),
            parent: None,
            embedding_models: Vec::new(),
        }
    }
}

impl VerifyOptions {
    /// True when `model` is probed at `/v1/embeddings` rather than `/v1/chat/completions`.
    ///
    /// ```
    /// use nrp_llm_config::verify::VerifyOptions;
    /// let o = VerifyOptions { embedding_models: vec!["e5".into()], ..VerifyOptions::default() };
    /// assert!(o.is_embedding_model("qwen3-Embedding") && o.is_embedding_model("e5"));
    /// assert!(!o.is_embedding_model("qwen3"));
    /// ```
    pub fn is_embedding_model(&self, model: &str) -> bool {
        model.to_ascii_lowercase().contains("embed")
            || self.embedding_models.iter().any(|m| m == model)
    }
}

/// Why a verification could not compare anything (as opposed to [`Finding`]s, which are its
/// result). Messages name the gateway URL, never a credential; [`VerifyError::hint`] says what
/// to try.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No AIGatewayRoute of the configuration attaches to a Gateway.
    #[error("the configuration has no AIGatewayRoute attached to a Gateway: nothing to verify")]
    NoRoutes,
    /// The routes attach to several Gateways and none was chosen.
    #[error("the routes attach to several Gateways ({}); each has its own /v1/models", gateways.join(", "))]
    SeveralGateways {
        /// The Gateways, as `NAMESPACE/NAME`.
        gateways: Vec<String>,
    },
    /// The chosen Gateway is not one the routes attach to.
    #[error("no route attaches to a Gateway {parent:?} (the routes attach to: {})", gateways.join(", "))]
    UnknownParent {
        /// What was asked for.
        parent: String,
        /// The Gateways the routes attach to.
        gateways: Vec<String>,
    },
    /// The gateway URL cannot be used.
    #[error("gateway URL {url}: {reason}")]
    BadUrl {
        /// The URL, credentials replaced by `***`.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The environment variable meant to hold the API key is not set.
    #[error("environment variable {var} (the API key) is not set")]
    MissingApiKey {
        /// The variable's name.
        var: String,
    },
    /// The API key is empty or cannot be sent in a header.
    #[error("the API key ({origin}) is empty or holds spaces, control or non-ASCII characters")]
    BadApiKey {
        /// Where the key came from (`environment variable NAME`, `given directly`).
        origin: String,
    },
    /// No connection, or it broke.
    #[error("cannot reach the gateway at {url}: {reason}")]
    Unreachable {
        /// The URL requested.
        url: String,
        /// What happened.
        reason: String,
    },
    /// No complete answer within the time budget.
    #[error("no answer from {url} within {}", format_duration(*after))]
    Timeout {
        /// The URL requested.
        url: String,
        /// The time budget.
        after: Duration,
    },
    /// The gateway answered with an error status.
    #[error("{url} answered HTTP {status}{}", excerpt.as_deref().map(|e| format!(": {e}")).unwrap_or_default())]
    Status {
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the body, one line, key scrubbed.
        excerpt: Option<String>,
    },
    /// The gateway answered with a redirect, which is not followed.
    #[error("{url} redirects (HTTP {status}){}", location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default())]
    Redirect {
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The `Location` header.
        location: Option<String>,
    },
    /// The answer is not an OpenAI model list.
    #[error("{url} did not answer with a model list: {reason}")]
    BadListing {
        /// The URL requested.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The answer is larger than the limit.
    #[error("the answer of {url} is larger than {limit} bytes")]
    TooLarge {
        /// The URL requested.
        url: String,
        /// The limit.
        limit: u64,
    },
}

impl VerifyError {
    /// What to try, when there is a suggestion.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            VerifyError::NoRoutes => "give the models-config folder (or catalog) that holds the \
                AIGatewayRoutes, and check their parentRefs"
                .to_owned(),
            VerifyError::SeveralGateways { .. } | VerifyError::UnknownParent { .. } => {
                "name the Gateway behind the URL: --parent NAMESPACE/NAME (Python: parent=...)"
                    .to_owned()
            }
            VerifyError::MissingApiKey { var } => format!(
                "export {var} with the key (in GitLab CI: a masked CI/CD variable), or leave \
                 out --api-key-env when the gateway needs no key"
            ),
            VerifyError::Unreachable { .. } => "check the URL, that the gateway (or a kubectl \
                port-forward to it) is up, and HTTPS_PROXY/NO_PROXY"
                .to_owned(),
            VerifyError::Timeout { .. } => {
                "check the URL, or allow more time with --timeout".to_owned()
            }
            VerifyError::Status {
                status: 401 | 403, ..
            } => "the gateway wants an API key it accepts: name the environment variable that \
                holds it with --api-key-env VAR (Python: api_key_env=...)"
                .to_owned(),
            VerifyError::Status { status: 404, .. } | VerifyError::BadListing { .. } => {
                "give the gateway's base URL (verify requests <URL>/v1/models); is it an \
                 OpenAI-compatible AI Gateway?"
                    .to_owned()
            }
            VerifyError::Redirect { .. } => {
                "give the URL it redirects to (https://...?) as the gateway URL".to_owned()
            }
            _ => return None,
        })
    }
}

/// `10 s`, `1.5 s`, `250 ms`.
pub(crate) fn format_duration(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// The outcome of one probe request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeResult {
    /// The model probed.
    pub model: String,
    /// `/v1/chat/completions` or `/v1/embeddings`.
    pub endpoint: String,
    /// The HTTP status, when a response came.
    pub status: Option<u16>,
    /// Time until the whole response, or the failure.
    pub latency: Duration,
    /// What went wrong; `None` for a 2xx answer.
    pub error: Option<String>,
}

impl ProbeResult {
    /// True for a 2xx answer.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }

    /// One line for people: `probe ok: qwen3: POST /v1/chat/completions: HTTP 200 in 41 ms`.
    pub fn message(&self) -> String {
        match (&self.error, self.status) {
            (None, status) => format!(
                "probe ok: {}: POST {}: HTTP {} in {}",
                self.model,
                self.endpoint,
                status.unwrap_or_default(),
                format_duration(self.latency)
            ),
            (Some(e), Some(_)) => format!(
                "probe failed: {}: POST {}: {e} (after {})",
                self.model,
                self.endpoint,
                format_duration(self.latency)
            ),
            (Some(e), None) => format!("probe failed: {}: POST {}: {e}", self.model, self.endpoint),
        }
    }

    fn finding(&self) -> Option<Finding> {
        let error = self.error.clone()?;
        Some(Finding::ProbeFailed {
            model: self.model.clone(),
            endpoint: self.endpoint.clone(),
            status: self.status,
            latency_ms: u64::try_from(self.latency.as_millis()).unwrap_or(u64::MAX),
            error,
        })
    }
}

/// What [`verify`] found: the differences between the configuration and the gateway's model
/// list, and the probes.
#[derive(Clone, Debug)]
pub struct Report {
    /// The gateway's base URL (no credentials).
    pub url: String,
    /// The URL of the model list.
    pub models_url: String,
    /// The Gateway whose routes were compared.
    pub gateway: Option<ObjectRef>,
    /// What the configuration serves at the URL's host.
    pub served: Served,
    /// What the gateway listed.
    pub listed: Vec<ListedModel>,
    /// Missing, extra and wrong-owner models, then failed probes (see [`compare`]).
    pub findings: Vec<Finding>,
    /// Every probe, in model-name order; `None` without probing.
    pub probes: Option<Vec<ProbeResult>>,
}

impl Report {
    /// True when nothing differs and every probe passed.
    pub fn is_ok(&self) -> bool {
        self.findings.is_empty()
    }

    fn count(&self, kind: &str) -> usize {
        self.findings.iter().filter(|f| f.kind() == kind).count()
    }

    /// The distinct model names the configuration serves at this URL.
    pub fn configured_names(&self) -> BTreeSet<&str> {
        self.served.models.iter().map(|m| m.name.as_str()).collect()
    }

    /// The text rendering: one line per missing, extra or wrong-owner model, one per probe,
    /// then a summary line.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for f in &self.findings {
            if !matches!(f, Finding::ProbeFailed { .. }) {
                s.push_str(&f.message());
                s.push('\n');
            }
        }
        for p in self.probes.iter().flatten() {
            s.push_str(&p.message());
            s.push('\n');
        }
        if !self.served.other_hosts.is_empty() {
            let names: BTreeSet<&str> = self
                .served
                .other_hosts
                .iter()
                .map(|m| m.name.as_str())
                .collect();
            s.push_str(&format!(
                "note: {} model(s) of routes for other hostnames (spec.hostnames) are not \
                 expected at this URL: {}\n",
                names.len(),
                names.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        let configured = self.configured_names().len();
        let listed = self
            .listed
            .iter()
            .map(|m| m.id.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        let probes = self.probes.as_ref().map(|p| {
            let failed = p.iter().filter(|r| !r.is_ok()).count();
            format!(", probes: {} ok, {failed} failed", p.len() - failed)
        });
        if self.is_ok() {
            s.push_str(&format!(
                "OK: {} lists the {configured} configured models with their owners{}.\n",
                self.models_url,
                probes.unwrap_or_default()
            ));
        } else {
            s.push_str(&format!(
                "{}: {configured} configured, {listed} listed: {} missing, {} extra, {} with \
                 a wrong owner{}.\n",
                self.models_url,
                self.count("missing"),
                self.count("extra"),
                self.count("wrong_owner"),
                probes.unwrap_or_default()
            ));
        }
        s
    }

    /// The JSON rendering: `{"ok", "gateway": {url, modelsUrl, host, parent}, "findings":
    /// [{kind, model, message, ...}], "probes": [{model, endpoint, status, latencyMs, ok,
    /// error}] | null, "summary": {configured, listed, missing, extra, wrongOwner,
    /// probeFailed}}`.
    pub fn to_json(&self) -> Value {
        let findings: Vec<Value> = self.findings.iter().map(finding_json).collect();
        let probes = self.probes.as_ref().map(|ps| {
            ps.iter()
                .map(|p| {
                    json!({
                        "model": p.model,
                        "endpoint": p.endpoint,
                        "status": p.status,
                        "latencyMs": u64::try_from(p.latency.as_millis()).unwrap_or(u64::MAX),
                        "ok": p.is_ok(),
                        "error": p.error,
                    })
                })
                .collect::<Vec<_>>()
        });
        let listed: BTreeSet<&str> = self.listed.iter().map(|m| m.id.as_str()).collect();
        json!({
            "ok": self.is_ok(),
            "gateway": {
                "url": self.url,
                "modelsUrl": self.models_url,
                "parent": self.gateway.as_ref().map(gateway_name),
            },
            "findings": findings,
            "probes": probes,
            "summary": {
                "configured": self.configured_names().len(),
                "listed": listed.len(),
                "missing": self.count("missing"),
                "extra": self.count("extra"),
                "wrongOwner": self.count("wrong_owner"),
                "probeFailed": self.count("probe_failed"),
            },
        })
    }
}

fn gateway_name(g: &ObjectRef) -> String {
    match &g.namespace {
        Some(ns) => format!("{ns}/{}", g.name),
        None => g.name.clone(),
    }
}

fn route_json(r: &ObjectRef) -> Value {
    json!({"kind": r.kind, "namespace": r.namespace, "name": r.name})
}

fn finding_json(f: &Finding) -> Value {
    let mut v = json!({"kind": f.kind(), "model": f.model(), "message": f.message()});
    let extra = match f {
        Finding::Missing {
            owner, route, hint, ..
        } => json!({"owner": owner, "route": route_json(route), "hint": hint}),
        Finding::Extra { owner, .. } => json!({"owner": owner}),
        Finding::WrongOwner {
            configured,
            listed,
            route,
            ..
        } => json!({"configured": configured, "listed": listed, "route": route_json(route)}),
        Finding::ProbeFailed {
            endpoint,
            status,
            latency_ms,
            error,
            ..
        } => {
            json!({"endpoint": endpoint, "status": status, "latencyMs": latency_ms, "error": error})
        }
    };
    if let (Some(m), Value::Object(e)) = (v.as_object_mut(), extra) {
        m.extend(e);
    }
    v
}

/// Lists `<gateway>/v1/models` and compares it with what `desired` serves; with
/// [`VerifyOptions::probe`], probes every configured model. `Err` when nothing could be
/// compared (bad URL, no routes, gateway unreachable or not answering a model list);
/// differences are [`Report::findings`].
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn verify(
    desired: &crate::ConfigSet,
    gateway: &str,
    options: &VerifyOptions,
) -> Result<Report, VerifyError> {
    let url = GatewayUrl::parse(gateway)?;
    let served = served_models(desired, options.parent.as_deref(), url.host())?;
    let client = http::Client::new(options.timeout, options.api_key.clone());
    let listed = client.list_models(&url)?;
    let mut findings = compare(&served.models, &listed);
    let probes = options.probe.then(|| {
        let models: Vec<(String, bool)> = served
            .models
            .iter()
            .map(|m| m.name.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|m| (m.to_owned(), options.is_embedding_model(m)))
            .collect();
        client.probe_all(&url, &models)
    });
    findings.extend(probes.iter().flatten().filter_map(ProbeResult::finding));
    Ok(Report {
        url: url.to_string(),
        models_url: url.endpoint(http::MODELS_PATH),
        gateway: served.gateway.clone(),
        served,
        listed,
        findings,
        probes,
    })
}
