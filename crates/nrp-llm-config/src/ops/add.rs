//! `add_model`: a new rule, and the AIServiceBackend, Backend and key policy target it needs.

use super::Edited;
use super::key::attach;
use super::work::{Work, fail, spec_list, suggest};
use crate::ConfigSet;
use crate::diagnostic::{Code, Diagnostics};
use crate::release::Release;
use crate::resources::backend::Backend;
use crate::resources::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use crate::resources::v1alpha1::{AiGatewayRouteRule, AiServiceBackend};
use crate::resources::view::{BackendView, Endpoint};
use serde_json::{Map, Value};

/// The endpoint asked for: host name or IP address, and port.
type EndpointArgs<'a> = (Option<&'a str>, Option<&'a str>, u16);

/// What [`add_model`] adds: a model name routed to one AIServiceBackend.
///
/// ```
/// use nrp_llm_config::ops::AddModel;
/// let a = AddModel::new("qwen4", "envoy-ai-gateway-nrp-qwen4")
///     .with_host("qwen4-vllm-inference.nrp-llm.svc.cluster.local", 5000)
///     .with_upstream_model("Qwen/Qwen4")
///     .with_key_secret("openai-apikey");
/// assert_eq!(a.port, Some(5000));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddModel {
    /// The model name clients ask for (the `x-ai-eg-model` header value).
    pub name: String,
    /// The AIServiceBackend (and Backend) name. An existing AIServiceBackend is reused; a new
    /// one needs an endpoint ([`AddModel::host`] or [`AddModel::ip`], and [`AddModel::port`]).
    pub backend: String,
    /// Host name of a new Backend's endpoint (`fqdn`).
    pub host: Option<String>,
    /// IP address of a new Backend's endpoint (`ip`).
    pub ip: Option<String>,
    /// Port of a new Backend's endpoint.
    pub port: Option<u16>,
    /// The model name sent upstream (`modelNameOverride`), when it differs from `name`.
    pub upstream_model: Option<String>,
    /// `modelsOwnedBy`: the owner `/v1/models` reports.
    pub owner: Option<String>,
    /// The Secret holding the API key: the backend becomes a target of the API-key policy that
    /// uses it (created when there is none or all are full).
    pub key_secret: Option<String>,
    /// `timeouts.request` of the rule (a Gateway API duration such as `1200s`).
    pub timeout: Option<String>,
    /// The route object to put the rule in (it must exist); by default the first one by name
    /// with a free slot, else a new one.
    pub route: Option<String>,
}

impl AddModel {
    /// A model `name` routed to the AIServiceBackend `backend`.
    pub fn new(name: impl Into<String>, backend: impl Into<String>) -> Self {
        AddModel {
            name: name.into(),
            backend: backend.into(),
            ..Default::default()
        }
    }

    /// A new Backend reached by host name and port.
    #[must_use]
    pub fn with_host(mut self, host: impl Into<String>, port: u16) -> Self {
        self.host = Some(host.into());
        self.port = Some(port);
        self
    }

    /// A new Backend reached by IP address and port.
    ///
    /// ```
    /// # use nrp_llm_config::ops::AddModel;
    /// let a = AddModel::new("m", "b").with_ip("198.51.100.9", 8000);
    /// assert_eq!(a.ip.as_deref(), Some("198.51.100.9"));
    /// ```
    #[must_use]
    pub fn with_ip(mut self, ip: impl Into<String>, port: u16) -> Self {
        self.ip = Some(ip.into());
        self.port = Some(port);
        self
    }

    /// Sets the model name sent upstream.
    #[must_use]
    pub fn with_upstream_model(mut self, m: impl Into<String>) -> Self {
        self.upstream_model = Some(m.into());
        self
    }

    /// Sets the owner.
    #[must_use]
    pub fn with_owner(mut self, o: impl Into<String>) -> Self {
        self.owner = Some(o.into());
        self
    }

    /// Sets the API-key Secret.
    #[must_use]
    pub fn with_key_secret(mut self, s: impl Into<String>) -> Self {
        self.key_secret = Some(s.into());
        self
    }

    /// Sets the request timeout.
    #[must_use]
    pub fn with_timeout(mut self, t: impl Into<String>) -> Self {
        self.timeout = Some(t.into());
        self
    }

    /// Puts the rule in this route object.
    #[must_use]
    pub fn with_route(mut self, r: impl Into<String>) -> Self {
        self.route = Some(r.into());
        self
    }

    /// The endpoint of a new Backend, checked.
    fn endpoint(&self) -> Result<Option<EndpointArgs<'_>>, Diagnostics> {
        let usage = |m: &str, h: &str| Err(fail(Code::REQUIRED, m.to_owned(), h.to_owned()));
        match (&self.host, &self.ip, self.port) {
            (None, None, None) => Ok(None),
            (Some(_), Some(_), _) => usage(
                "a Backend endpoint is a host name or an IP address, not both",
                "give --host or --ip",
            ),
            (None, None, Some(_)) => usage("a port needs --host or --ip", "add --host or --ip"),
            (_, _, None) => usage("the Backend endpoint needs a port", "add --port"),
            (h, i, Some(p)) => Ok(Some((h.as_deref(), i.as_deref(), p))),
        }
    }
}

/// Adds the model `add.name`: a rule in a route object (see [`AddModel::route`]), the
/// AIServiceBackend and Backend `add.backend` unless they exist, and the API-key policy target
/// when [`AddModel::key_secret`] is set (an existing backend keyed by another Secret moves to
/// the policy of this one, as [`super::rotate_key`] does).
///
/// Fails when the model is already routed, the named route object does not exist or is full, a
/// new backend has no endpoint, an existing Backend has another endpoint than the one given, or
/// the result does not validate for `release`.
///
/// ```
/// use nrp_llm_config::{ConfigSet, Limits, Release};
/// use nrp_llm_config::ops::{AddModel, add_model};
/// let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
/// let set = ConfigSet::load(&[folder], &Limits::default());
/// let err = add_model(&set, &AddModel::new("qwen3", "envoy-ai-gateway-nrp-qwen"), Release::default()).unwrap_err();
/// assert!(err.to_string().contains("already routed"));
/// ```
pub fn add_model(set: &ConfigSet, add: &AddModel, release: Release) -> Result<Edited, Diagnostics> {
    let mut w = Work::new(set, release);
    if add.name.is_empty() || add.backend.is_empty() {
        return Err(fail(
            Code::REQUIRED,
            "a model needs a name and a backend",
            "give NAME and --backend",
        ));
    }
    if let Some(found) = w.find_model(&add.name).first() {
        return Err(fail(
            Code::DUPLICATE_MODEL,
            format!(
                "model {:?} is already routed by {}",
                add.name,
                w.object_ref(found.route)
            ),
            "change it with `model set`, or remove it first with `model remove`",
        ));
    }
    let endpoint = add.endpoint()?;
    let limit = release.effective_rule_limit();
    let route = pick_route(&mut w, add.route.as_deref(), limit)?;
    let route_id = route_ref(&w, route);
    let ns = route_id.0.clone();
    let ns = ns.as_deref();

    // The AIServiceBackend and the Backend.
    let exists = w
        .find(AI_GATEWAY_GROUP, "AIServiceBackend", ns, &add.backend)
        .is_some();
    if let Some(b) = w.find(ENVOY_GATEWAY_GROUP, "Backend", ns, &add.backend) {
        if let Some(e) = endpoint {
            check_endpoint(&w, b, e)?;
        }
    } else if !exists {
        let Some((host, ip, port)) = endpoint else {
            return Err(fail(
                Code::REQUIRED,
                format!(
                    "AIServiceBackend {} does not exist, and a new one needs an endpoint",
                    add.backend
                ),
                "give --host H --port P or --ip A --port P to create it, or name an existing backend",
            ));
        };
        let namespace = ns.unwrap_or_default();
        let backend = match (host, ip) {
            (Some(h), _) => Backend::fqdn(&add.backend, namespace, h, i32::from(port)),
            (None, ip) => Backend::ip(
                &add.backend,
                namespace,
                ip.unwrap_or_default(),
                i32::from(port),
            ),
        };
        let r = w.insert(serde_json::to_value(backend).unwrap_or(Value::Null), ns);
        w.note(format!(
            "created {r} ({}:{port})",
            host.or(ip).unwrap_or_default()
        ));
    }
    if !exists {
        let namespace = ns.unwrap_or_default();
        let asb = AiServiceBackend::openai(&add.backend, namespace, add.backend.clone());
        let value = Work::at_version(
            serde_json::to_value(asb).unwrap_or(Value::Null),
            w.ai_gateway_version("AIServiceBackend"),
        );
        let r = w.insert(value, ns);
        w.note(format!("created {r}"));
    } else if endpoint.is_some()
        && w.find(ENVOY_GATEWAY_GROUP, "Backend", ns, &add.backend)
            .is_none()
    {
        return Err(fail(
            Code::INVALID_REFERENCE,
            format!(
                "AIServiceBackend {} exists and does not use a Backend of that name; --host, --ip and --port are for a new backend",
                add.backend
            ),
            "leave out --host, --ip and --port to reuse the backend",
        ));
    }

    // The rule. Objects were inserted after their siblings, so the route's index may have moved.
    let route = route_index(&w, route_id);
    let mut rule = AiGatewayRouteRule::for_model(
        add.name.clone(),
        &[(add.backend.as_str(), add.upstream_model.as_deref())],
    );
    if let Some(t) = &add.timeout {
        rule = rule.with_request_timeout(t.clone());
    }
    if let Some(o) = &add.owner {
        rule = rule.with_models_owned_by(o.clone());
    }
    let rule = serde_json::to_value(rule).unwrap_or(Value::Null);
    let r = w.object_ref(route);
    let Some(rules) = spec_list(&mut w.objects[route], "rules") else {
        return Err(fail(
            Code::INVALID_TYPE,
            format!("{r}: spec.rules is not a list"),
            "fix the route object first (`nrp-llm-config validate`)",
        ));
    };
    rules.push(rule);
    w.note(format!("added rule {} to {r}", add.name));

    if let Some(secret) = &add.key_secret {
        attach(&mut w, ns, &add.backend, secret)?;
    }
    w.finish()
}

fn route_ref(w: &Work, i: usize) -> (Option<String>, String) {
    let v = w.view(i);
    (
        v.namespace().map(str::to_owned),
        v.name().unwrap_or_default().to_owned(),
    )
}

fn route_index(w: &Work, (ns, name): (Option<String>, String)) -> usize {
    w.find(AI_GATEWAY_GROUP, "AIGatewayRoute", ns.as_deref(), &name)
        .unwrap_or_default()
}

/// The existing Backend `b` must have the endpoint given.
fn check_endpoint(
    w: &Work,
    b: usize,
    (host, ip, port): EndpointArgs<'_>,
) -> Result<(), Diagnostics> {
    let endpoints: Vec<Endpoint<'_>> = BackendView::new(w.view(b).spec()).endpoints().collect();
    let same = endpoints.iter().any(|e| match *e {
        Endpoint::Fqdn { hostname, port: p } => {
            host.is_some() && hostname == host && p.and_then(Value::as_u64) == Some(u64::from(port))
        }
        Endpoint::Ip { address, port: p } => {
            ip.is_some() && address == ip && p.and_then(Value::as_u64) == Some(u64::from(port))
        }
        _ => false,
    });
    if same {
        return Ok(());
    }
    Err(fail(
        Code::INVALID_REFERENCE,
        format!(
            "{} exists with another endpoint than {}:{port}",
            w.object_ref(b),
            host.or(ip).unwrap_or_default()
        ),
        "leave out --host, --ip and --port to reuse the backend as it is, or choose another backend name",
    ))
}

/// The route object for the new rule: the one named, else the first by name with a free slot,
/// else a new one (inserted into the work) copying the first one's parentRefs and
/// llmRequestCosts.
fn pick_route(w: &mut Work, named: Option<&str>, limit: usize) -> Result<usize, Diagnostics> {
    let routes = w.routes();
    if let Some(name) = named {
        let Some(&i) = routes.iter().find(|&&i| w.view(i).name() == Some(name)) else {
            let names: Vec<&str> = routes.iter().filter_map(|&i| w.view(i).name()).collect();
            return Err(fail(
                Code::INVALID_REFERENCE,
                format!("AIGatewayRoute {name} does not exist"),
                suggest(name, "route objects", names.into_iter()),
            ));
        };
        let n = w.route_view(i).rules().len();
        if n >= limit {
            return Err(fail(
                Code::RULE_LIMIT,
                format!(
                    "{} already has {n} rules; one AIGatewayRoute holds at most {limit}",
                    w.object_ref(i)
                ),
                "leave out --route to use a route object with a free slot (or a new one)",
            ));
        }
        return Ok(i);
    }
    if let Some(&i) = routes
        .iter()
        .find(|&&i| w.route_view(i).rules().len() < limit)
    {
        return Ok(i);
    }
    let Some(&template) = routes.first() else {
        return Err(fail(
            Code::INVALID_REFERENCE,
            "the folder has no AIGatewayRoute to copy parentRefs and llmRequestCosts from",
            "add a route object for the Gateway first",
        ));
    };
    let prefix = w.name_prefix();
    let ns = w.view(template).namespace().map(str::to_owned);
    let name = (1..)
        .map(|n| format!("{prefix}models-{n}"))
        .find(|n| {
            w.find(AI_GATEWAY_GROUP, "AIGatewayRoute", ns.as_deref(), n)
                .is_none()
        })
        .unwrap_or_default();
    let from = w.object_ref(template);
    let value = new_route(w.objects[template].value(), &name);
    let r = w.insert(value, ns.as_deref());
    w.note(format!(
        "created {r} (parentRefs and llmRequestCosts as in {from})"
    ));
    let i = w
        .find(AI_GATEWAY_GROUP, "AIGatewayRoute", ns.as_deref(), &name)
        .unwrap_or_default();
    Ok(i)
}

/// A route object named `name` with the template's apiVersion, namespace, parentRefs and
/// llmRequestCosts (in the template's field order) and no rules.
fn new_route(template: &Value, name: &str) -> Value {
    const SHARED: [&str; 3] = ["llmRequestCosts", "parentRefs", "targetRefs"];
    let mut v = Map::new();
    for key in ["apiVersion", "kind"] {
        if let Some(x) = template.get(key) {
            v.insert(key.to_owned(), x.clone());
        }
    }
    let mut meta = Map::new();
    meta.insert("name".to_owned(), Value::String(name.to_owned()));
    if let Some(ns) = template.pointer("/metadata/namespace") {
        meta.insert("namespace".to_owned(), ns.clone());
    }
    v.insert("metadata".to_owned(), Value::Object(meta));
    let mut spec = Map::new();
    if let Some(t) = template.get("spec").and_then(Value::as_object) {
        for (k, x) in t {
            if SHARED.contains(&k.as_str()) {
                spec.insert(k.clone(), x.clone());
            } else if k == "rules" {
                spec.insert(k.clone(), Value::Array(Vec::new()));
            }
        }
    }
    spec.entry("rules")
        .or_insert_with(|| Value::Array(Vec::new()));
    v.insert("spec".to_owned(), Value::Object(spec));
    Value::Object(v)
}
