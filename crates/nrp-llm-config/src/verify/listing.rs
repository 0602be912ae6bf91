//! Reading an OpenAI-compatible model list (`GET /v1/models`) and comparing it with what the
//! configuration serves.

use super::served::ServedModel;
use crate::ObjectRef;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One entry of a `/v1/models` list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ListedModel {
    /// `id`: the model name clients send.
    pub id: String,
    /// `owned_by`, when the entry has it as a string.
    pub owned_by: Option<String>,
}

/// Reads an OpenAI model list, `{"object": "list", "data": [{"id": ..., "owned_by": ...}, ...]}`.
/// The error says what is wrong (never quoting the body).
///
/// ```
/// use nrp_llm_config::verify::parse_model_list;
/// let body = br#"{"object":"list","data":[{"id":"qwen3","object":"model","owned_by":"NRP"}]}"#;
/// let models = parse_model_list(body).unwrap();
/// assert_eq!((models[0].id.as_str(), models[0].owned_by.as_deref()), ("qwen3", Some("NRP")));
/// assert!(parse_model_list(b"<html>").is_err());
/// ```
pub fn parse_model_list(body: &[u8]) -> Result<Vec<ListedModel>, String> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| format!("the response is not JSON ({e})"))?;
    let data = v
        .get("data")
        .and_then(Value::as_array)
        .ok_or("the response is not an OpenAI model list (no \"data\" list)")?;
    data.iter()
        .enumerate()
        .map(|(i, m)| {
            let id = m
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("data[{i}] has no string \"id\""))?;
            Ok(ListedModel {
                id: id.to_owned(),
                owned_by: m.get("owned_by").and_then(Value::as_str).map(str::to_owned),
            })
        })
        .collect()
}

/// A difference between what the configuration serves and what the gateway does.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// A model the configuration routes that `/v1/models` does not list.
    Missing {
        /// The model name.
        model: String,
        /// Its configured owner.
        owner: String,
        /// The route whose rule routes it (the first one, when several do).
        route: ObjectRef,
        /// Why the gateway may leave it out, when the configuration tells.
        hint: Option<String>,
    },
    /// A model `/v1/models` lists that no rule of the configuration routes.
    Extra {
        /// The model name.
        model: String,
        /// The owner the gateway reports.
        owner: Option<String>,
    },
    /// A model both have, with other owners.
    WrongOwner {
        /// The model name.
        model: String,
        /// The owners the configuration gives it (one, unless several rules route it).
        configured: Vec<String>,
        /// The owners the gateway reports (empty: listed without `owned_by`).
        listed: Vec<String>,
        /// The route whose rule routes it (the first one, when several do).
        route: ObjectRef,
    },
    /// A probe request for a configured model failed.
    ProbeFailed {
        /// The model name.
        model: String,
        /// The endpoint the probe used (`/v1/chat/completions` or `/v1/embeddings`).
        endpoint: String,
        /// The HTTP status, when a response came.
        status: Option<u16>,
        /// Time until the response or the failure, in milliseconds.
        latency_ms: u64,
        /// What went wrong.
        error: String,
    },
}

fn quoted_list(items: &[String]) -> String {
    if items.is_empty() {
        return "no owner".to_owned();
    }
    items
        .iter()
        .map(|o| format!("{o:?}"))
        .collect::<Vec<_>>()
        .join(" and ")
}

impl Finding {
    /// A stable snake_case name of the kind of finding: `missing`, `extra`, `wrong_owner`,
    /// `probe_failed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Finding::Missing { .. } => "missing",
            Finding::Extra { .. } => "extra",
            Finding::WrongOwner { .. } => "wrong_owner",
            Finding::ProbeFailed { .. } => "probe_failed",
        }
    }

    /// The model the finding is about.
    pub fn model(&self) -> &str {
        match self {
            Finding::Missing { model, .. }
            | Finding::Extra { model, .. }
            | Finding::WrongOwner { model, .. }
            | Finding::ProbeFailed { model, .. } => model,
        }
    }

    /// One line for people, starting with the kind (`missing: qwen3 (...)`).
    pub fn message(&self) -> String {
        match self {
            Finding::Missing {
                model,
                owner,
                route,
                hint,
            } => {
                let mut s = format!(
                    "missing: {model} (owner {owner:?}, {route}): routed by the configuration, \
                     not listed by the gateway"
                );
                if let Some(h) = hint {
                    s.push_str(&format!(" ({h})"));
                }
                s
            }
            Finding::Extra { model, owner } => {
                let owner = match owner {
                    Some(o) => format!("owner {o:?}"),
                    None => "no owner".to_owned(),
                };
                format!(
                    "extra: {model} ({owner}): listed by the gateway, routed by no rule of the \
                     configuration"
                )
            }
            Finding::WrongOwner {
                model,
                configured,
                listed,
                route,
            } => format!(
                "wrong owner: {model}: listed with {}, configured {} ({route})",
                quoted_list(listed),
                quoted_list(configured)
            ),
            Finding::ProbeFailed {
                model,
                endpoint,
                error,
                ..
            } => format!("probe failed: {model}: POST {endpoint}: {error}"),
        }
    }
}

/// Compares the models the configuration serves with a gateway's list: configured and not
/// listed ([`Finding::Missing`]), listed and not configured ([`Finding::Extra`]), and
/// listed with other owners ([`Finding::WrongOwner`], compared as sets, since the gateway lists
/// a name once per rule that routes it). Findings come missing first, then extra, then wrong
/// owner, each sorted by model name.
///
/// ```
/// use nrp_llm_config::ObjectRef;
/// use nrp_llm_config::verify::{ListedModel, ServedModel, compare};
/// let route = ObjectRef::new("aigateway.envoyproxy.io", "AIGatewayRoute", Some("nrp-llm"), "r");
/// let served = |name: &str| ServedModel {
///     name: name.into(), owner: "NRP".into(), route: route.clone(), rule: 0, declared: true,
/// };
/// let listed = |id: &str, owner: &str| ListedModel { id: id.into(), owned_by: Some(owner.into()) };
/// let findings = compare(&[served("a"), served("b")], &[listed("a", "NRP"), listed("c", "NRP")]);
/// let kinds: Vec<(&str, &str)> = findings.iter().map(|f| (f.kind(), f.model())).collect();
/// assert_eq!(kinds, [("missing", "b"), ("extra", "c")]);
/// ```
pub fn compare(served: &[ServedModel], listed: &[ListedModel]) -> Vec<Finding> {
    let mut configured: BTreeMap<&str, Vec<&ServedModel>> = BTreeMap::new();
    for m in served {
        configured.entry(&m.name).or_default().push(m);
    }
    let mut gateway: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for m in listed {
        let owners = gateway.entry(&m.id).or_default();
        if let Some(o) = &m.owned_by {
            owners.insert(o);
        }
    }
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for (name, rules) in &configured {
        let first = rules[0];
        match gateway.get(name) {
            None => missing.push(Finding::Missing {
                model: (*name).to_owned(),
                owner: first.owner.clone(),
                route: first.route.clone(),
                hint: rules.iter().all(|r| !r.declared).then(|| {
                    "its rule writes the model header in another case than \"x-ai-eg-model\"; \
                     the gateway routes it but leaves it out of /v1/models"
                        .to_owned()
                }),
            }),
            Some(owners) => {
                let want: BTreeSet<&str> = rules.iter().map(|r| r.owner.as_str()).collect();
                if &want != owners {
                    wrong.push(Finding::WrongOwner {
                        model: (*name).to_owned(),
                        configured: want.iter().map(|s| (*s).to_owned()).collect(),
                        listed: owners.iter().map(|s| (*s).to_owned()).collect(),
                        route: first.route.clone(),
                    });
                }
            }
        }
    }
    let extra = listed
        .iter()
        .filter(|m| !configured.contains_key(m.id.as_str()))
        .map(|m| (m.id.as_str(), m))
        .collect::<BTreeMap<_, _>>()
        .into_values()
        .map(|m| Finding::Extra {
            model: m.id.clone(),
            owner: m.owned_by.clone(),
        });
    missing.into_iter().chain(extra).chain(wrong).collect()
}
