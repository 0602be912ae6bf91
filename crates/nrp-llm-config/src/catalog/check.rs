//! Semantic checks of a catalog: references, duplicates, endpoints, durations, secret names.

use super::format::{CATALOG_API_VERSION, CATALOG_KIND, Catalog};
use crate::diagnostic::{Code, Diagnostic};
use crate::names::closest;
use crate::path::FieldPath;
use crate::resources::view::ObjectView;
use std::collections::{HashMap, HashSet};

pub use crate::names::{is_dns1123_label, is_dns1123_subdomain};

/// True for a Gateway API duration: one to four `<1-5 digits><h|m|s|ms>` parts, e.g. `1200s`,
/// `1h30m`.
///
/// ```
/// use nrp_llm_config::catalog::is_gateway_duration;
/// assert!(is_gateway_duration("1200s"));
/// assert!(is_gateway_duration("1h30m500ms"));
/// assert!(!is_gateway_duration("20 minutes"));
/// assert!(!is_gateway_duration("1.5s"));
/// ```
pub fn is_gateway_duration(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let mut parts = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 5 {
            return false;
        }
        if b[i..].starts_with(b"ms") {
            i += 2;
        } else if i < b.len() && matches!(b[i], b'h' | b'm' | b's') {
            i += 1;
        } else {
            return false;
        }
        parts += 1;
    }
    (1..=4).contains(&parts)
}

pub use crate::secrets::looks_like_secret_value;

fn at(path: &str) -> FieldPath {
    path.parse().unwrap_or_default()
}

pub(super) fn invalid(path: FieldPath, message: impl Into<String>) -> Diagnostic {
    let message = message.into();
    Diagnostic::error(Code::INVALID_CATALOG, format!("{path}: {message}")).with_path(path)
}

pub(super) fn secret_literal(path: FieldPath) -> Diagnostic {
    Diagnostic::error(
        Code::SECRET_LITERAL,
        format!(
            "{path}: this looks like an API key, not the name of a Secret; never put keys in the catalog"
        ),
    )
    .with_path(path)
    .with_hint(
        "store the key in a Secret (`kubectl create secret generic openai-apikey --from-literal=apiKey=...`) and write its name here; rotate the key if this file was shared",
    )
}

/// Names of the AIServiceBackends among the catalog's extra objects, in its namespace.
pub(crate) fn extra_service_backends(catalog: &Catalog) -> HashSet<String> {
    catalog
        .extra_objects
        .iter()
        .map(ObjectView::new)
        .filter(|o| {
            o.kind() == "AIServiceBackend"
                && o.namespace()
                    .is_none_or(|ns| ns == catalog.gateway.namespace)
        })
        .filter_map(|o| o.name())
        .map(str::to_owned)
        .collect()
}

/// An HTTP header name (the Gateway API pattern).
fn is_header_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 256
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn check_quota(q: &super::format::Quota, at: FieldPath, out: &mut Vec<Diagnostic>) {
    use super::format::{QUOTA_COSTS, QUOTA_DURATIONS};
    if !QUOTA_DURATIONS.contains(&q.duration.as_str()) {
        out.push(invalid(
            at.clone().field("duration"),
            format!(
                "{:?} is not a quota window; use one of {}",
                q.duration,
                QUOTA_DURATIONS.join(", ")
            ),
        ));
    }
    if q.limit > i64::MAX as u64 {
        out.push(invalid(at.clone().field("limit"), "must fit in 64 bits"));
    }
    if q.cost.as_deref().is_some_and(|c| c.trim().is_empty()) {
        out.push(
            invalid(at.clone().field("cost"), "must not be empty").with_hint(format!(
                "use {} or a CEL expression such as input_tokens + output_tokens",
                QUOTA_COSTS.map(|(w, _)| w).join(", ")
            )),
        );
    }
    if let Some(h) = &q.per_client
        && !is_header_name(h)
    {
        out.push(
            invalid(
                at.field("perClient"),
                format!("{h:?} is not an HTTP header name"),
            )
            .with_hint("name the request header that identifies the client, e.g. x-user-id"),
        );
    }
}

/// Every semantic problem of the catalog (errors only), with field paths relative to the
/// catalog document.
pub(crate) fn check(c: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if c.api_version != CATALOG_API_VERSION {
        out.push(invalid(
            at("apiVersion"),
            format!("must be {CATALOG_API_VERSION:?}, not {:?}", c.api_version),
        ));
    }
    if c.kind != CATALOG_KIND {
        out.push(invalid(
            at("kind"),
            format!("must be {CATALOG_KIND:?}, not {:?}", c.kind),
        ));
    }

    // --- gateway
    let g = &c.gateway;
    if !is_dns1123_label(&g.namespace) {
        out.push(invalid(
            at("gateway.namespace"),
            format!(
                "{:?} is not a valid namespace name (DNS-1123 label)",
                g.namespace
            ),
        ));
    }
    if !is_dns1123_subdomain(&g.parent_ref.name) {
        out.push(invalid(
            at("gateway.parentRef.name"),
            format!("{:?} is not a valid Gateway name", g.parent_ref.name),
        ));
    }
    if let Some(ns) = &g.parent_ref.namespace
        && !is_dns1123_label(ns)
    {
        out.push(invalid(
            at("gateway.parentRef.namespace"),
            format!("{ns:?} is not a valid namespace name"),
        ));
    }
    let probe = format!("{}models-1", g.name_prefix);
    if !g.name_prefix.is_empty() && !is_dns1123_subdomain(&probe) {
        out.push(invalid(
            at("gateway.namePrefix"),
            format!(
                "{:?} does not make valid object names (lowercase letters, digits, '-', '.')",
                g.name_prefix
            ),
        ));
    }
    let mut seen_routes = HashSet::new();
    for (i, r) in g.route_names.iter().enumerate() {
        let p = FieldPath::root()
            .field("gateway")
            .field("routeNames")
            .index(i);
        if !is_dns1123_subdomain(r) {
            out.push(invalid(p, format!("{r:?} is not a valid object name")));
        } else if !seen_routes.insert(r.as_str()) {
            out.push(invalid(p, format!("route name {r:?} is listed twice")));
        }
    }
    for (secret, policy) in &g.policy_names {
        let p = FieldPath::root()
            .field("gateway")
            .field("policyNames")
            .key(secret.clone());
        if looks_like_secret_value(secret) {
            out.push(secret_literal(p));
        } else if !is_dns1123_subdomain(policy) {
            out.push(invalid(p, format!("{policy:?} is not a valid object name")));
        }
    }
    if let Some(t) = &g.default_timeout
        && !is_gateway_duration(t)
    {
        out.push(invalid(
            at("gateway.defaultTimeout"),
            format!("{t:?} is not a duration such as 1200s, 20m or 1h30m"),
        ));
    }
    for (i, cost) in g.llm_request_costs.iter().enumerate() {
        let known = crate::resources::common::LlmRequestCostType::KNOWN;
        if !known.contains(&cost.cost_type.as_str()) {
            out.push(invalid(
                FieldPath::root()
                    .field("gateway")
                    .field("llmRequestCosts")
                    .index(i)
                    .field("type"),
                format!(
                    "{:?} is not a cost type; use one of {}",
                    cost.cost_type,
                    known.join(", ")
                ),
            ));
        }
        if cost.metadata_key.is_empty() {
            out.push(invalid(
                FieldPath::root()
                    .field("gateway")
                    .field("llmRequestCosts")
                    .index(i)
                    .field("metadataKey"),
                "must not be empty",
            ));
        }
    }

    // --- backends
    let mut backend_names: HashMap<&str, usize> = HashMap::new();
    for (i, b) in c.backends.iter().enumerate() {
        let bp = FieldPath::root().field("backends").index(i);
        if !is_dns1123_subdomain(&b.name) {
            out.push(invalid(
                bp.clone().field("name"),
                format!(
                    "{:?} is not a valid object name (DNS-1123 subdomain)",
                    b.name
                ),
            ));
        }
        if let Some(first) = backend_names.insert(&b.name, i) {
            backend_names.insert(&b.name, first);
            out.push(invalid(
                bp.clone().field("name"),
                format!(
                    "duplicate backend {:?} (first defined as backends[{first}])",
                    b.name
                ),
            ));
        }
        let ep = bp.clone().field("endpoint");
        match (&b.endpoint.fqdn, &b.endpoint.ip) {
            (Some(_), Some(_)) | (None, None) => {
                out.push(invalid(ep.clone(), "set exactly one of `fqdn` and `ip`"))
            }
            (Some(h), None) => {
                if !is_dns1123_subdomain(h) {
                    out.push(invalid(
                        ep.clone().field("fqdn"),
                        format!("{h:?} is not a valid host name"),
                    ));
                }
            }
            (None, Some(ip)) => {
                if ip.parse::<std::net::IpAddr>().is_err() {
                    out.push(invalid(
                        ep.clone().field("ip"),
                        format!("{ip:?} is not an IPv4 or IPv6 address"),
                    ));
                }
            }
        }
        if !(1..=65535).contains(&b.endpoint.port) {
            out.push(invalid(
                ep.field("port"),
                format!("{} is not a port number (1 to 65535)", b.endpoint.port),
            ));
        }
        if b.schema.is_empty() {
            out.push(invalid(bp.clone().field("schema"), "must not be empty"));
        }
        if let Some(s) = &b.api_key_secret
            && looks_like_secret_value(s)
        {
            out.push(secret_literal(bp.field("apiKeySecret")));
        }
    }
    let extra_backends = extra_service_backends(c);

    // --- models
    let mut model_names: HashMap<&str, usize> = HashMap::new();
    for (i, m) in c.models.iter().enumerate() {
        let mp = FieldPath::root().field("models").index(i);
        if m.name.is_empty() {
            out.push(invalid(mp.clone().field("name"), "must not be empty"));
        }
        if let Some(first) = model_names.insert(&m.name, i) {
            model_names.insert(&m.name, first);
            out.push(
                invalid(
                    mp.clone().field("name"),
                    format!(
                        "duplicate model {:?} (first defined as models[{first}])",
                        m.name
                    ),
                )
                .with_hint("a model name maps to exactly one rule; merge the two entries"),
            );
        }
        if m.backends.is_empty() {
            out.push(invalid(
                mp.clone().field("backends"),
                "a model needs at least one backend",
            ));
        }
        let mut seen = HashSet::new();
        for (j, b) in m.backends.iter().enumerate() {
            let bp = mp.clone().field("backends").index(j);
            if !backend_names.contains_key(b.name.as_str()) && !extra_backends.contains(&b.name) {
                let mut d = invalid(bp.clone(), format!("unknown backend {:?}", b.name));
                if let Some(s) = closest(&b.name, c.backends.iter().map(|b| b.name.as_str())) {
                    d = d.with_hint(format!("did you mean {s:?}?"));
                } else {
                    d = d.with_hint("add it under `backends:`");
                }
                out.push(d);
            } else if !seen.insert(b.name.as_str()) {
                out.push(invalid(
                    bp.clone(),
                    format!("backend {:?} is listed twice", b.name),
                ));
            }
            if b.weight.is_some_and(|w| w > i32::MAX as u32) {
                out.push(invalid(bp.clone().field("weight"), "must fit in 32 bits"));
            }
            if b.priority.is_some_and(|w| w > i32::MAX as u32) {
                out.push(invalid(bp.field("priority"), "must fit in 32 bits"));
            }
        }
        if let Some(t) = &m.timeout
            && !is_gateway_duration(t)
        {
            out.push(invalid(
                mp.clone().field("timeout"),
                format!("{t:?} is not a duration such as 1200s, 20m or 1h30m"),
            ));
        }
        if let Some(r) = &m.route
            && !is_dns1123_subdomain(r)
        {
            out.push(invalid(
                mp.clone().field("route"),
                format!("{r:?} is not a valid object name"),
            ));
        }
        if let Some(q) = &m.quota {
            check_quota(q, mp.field("quota"), &mut out);
        }
    }
    // Two models that send the same name to one backend share its quota entry.
    let mut quotas: HashMap<(&str, &str), (usize, &super::format::Quota)> = HashMap::new();
    for (i, m) in c.models.iter().enumerate() {
        let Some(q) = &m.quota else { continue };
        for b in &m.backends {
            let key = (b.name.as_str(), m.name_at(b));
            match quotas.get(&key) {
                Some((first, other)) if *other != q => out.push(
                    invalid(
                        FieldPath::root().field("models").index(i).field("quota"),
                        format!(
                            "backend {:?} receives model {:?} from models[{first}] too, with \
                             another quota",
                            key.0, key.1
                        ),
                    )
                    .with_hint("a backend has one quota per model name; give both the same quota"),
                ),
                Some(_) => {}
                None => {
                    quotas.insert(key, (i, q));
                }
            }
        }
    }

    out.extend(super::keys::check_keys(c));

    // --- extra objects
    for (i, o) in c.extra_objects.iter().enumerate() {
        let view = ObjectView::new(o);
        let root = view.root();
        let ok = root.str_field("apiVersion").is_some()
            && root.str_field("kind").is_some()
            && view.name().is_some();
        if !ok {
            out.push(invalid(
                FieldPath::root().field("extraObjects").index(i),
                "must be a Kubernetes object with apiVersion, kind and metadata.name",
            ));
        }
    }
    out
}
