//! Policies (BackendSecurityPolicy, SecurityPolicy, ClientTrafficPolicy): type, targets and
//! the Secrets they name.

use super::{Node, Reference, items_of};
use crate::ObjectRef;
use serde_json::Value;

/// The `spec` of a policy that attaches to objects through `targetRef`/`targetRefs`.
///
/// ```
/// use nrp_llm_config::resources::view::{Node, PolicyView};
/// let spec = serde_json::json!({"type": "APIKey", "apiKey": {"secretRef": {"name": "k"}},
///     "targetRefs": [{"group": "aigateway.envoyproxy.io", "kind": "AIServiceBackend", "name": "a"}]});
/// let p = PolicyView::new(Some(Node::new(&spec)));
/// assert_eq!(p.policy_type(), Some("APIKey"));
/// assert_eq!(p.target_refs().next().unwrap().reference.name, Some("a"));
/// let secrets: Vec<String> = p.secret_refs(Some("ns")).iter().map(|r| r.to_string()).collect();
/// assert_eq!(secrets, ["Secret ns/k"]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PolicyView<'a> {
    spec: Option<Node<'a>>,
    policy_type: Option<Node<'a>>,
    target_refs: Option<Node<'a>>,
}

/// An entry of a policy's `targetRefs`.
#[derive(Clone, Copy, Debug)]
pub struct PolicyTarget<'a> {
    /// Index in `targetRefs`.
    pub index: usize,
    /// The reference; `group` and `kind` have no default (`""` when absent), and the namespace
    /// is always the policy's own.
    pub reference: Reference<'a>,
}

impl<'a> PolicyView<'a> {
    /// A view over a policy's `spec` node.
    pub fn new(spec: Option<Node<'a>>) -> Self {
        let [policy_type, target_refs] = match spec {
            Some(s) => s.fields(["type", "targetRefs"]),
            None => [None; 2],
        };
        PolicyView {
            spec,
            policy_type,
            target_refs,
        }
    }

    /// `spec.type` (`APIKey`, `AWSCredentials`, ...).
    pub fn policy_type(&self) -> Option<&'a str> {
        self.policy_type?.as_str()
    }

    /// `spec.targetRefs`, in order.
    pub fn target_refs(&self) -> impl Iterator<Item = PolicyTarget<'a>> + use<'a> {
        items_of(self.target_refs)
            .enumerate()
            .map(|(index, n)| PolicyTarget {
                index,
                reference: Reference::read(n, "", ""),
            })
    }

    /// `spec.targetRef` (the single-target form of older Envoy Gateway policies).
    pub fn target_ref(&self) -> Option<Reference<'a>> {
        self.spec?
            .field("targetRef")
            .map(|n| Reference::read(n, "", ""))
    }

    /// The Secrets the policy names anywhere in its spec: the fields that name Secrets (the
    /// secret-literal check's list, `crate::secrets`) whose kind is `Secret` (or absent) in
    /// the core group. Only names are read, never Secret data.
    pub fn secret_refs(&self, own_namespace: Option<&str>) -> Vec<ObjectRef> {
        let mut out = Vec::new();
        if let Some(spec) = self.spec {
            collect_secret_refs(spec.value(), "", own_namespace, &mut out);
        }
        out
    }
}

fn collect_secret_refs(
    value: &Value,
    parent: &str,
    own_ns: Option<&str>,
    out: &mut Vec<ObjectRef>,
) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if !crate::secrets::names_secrets(key, parent) {
                    collect_secret_refs(v, key, own_ns, out);
                    continue;
                }
                let items: Vec<&Value> = match v {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                for item in items {
                    let r = Reference::read(Node::new(item), "", "Secret");
                    if r.is("", "Secret")
                        && let Some(mut o) = r.object_ref(own_ns)
                    {
                        // A key pasted as the name is never shown (validation reports it).
                        if crate::secrets::looks_like_secret_value(&o.name) {
                            o.name = crate::secrets::mask(&o.name);
                        }
                        out.push(o);
                    }
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                collect_secret_refs(v, parent, own_ns, out);
            }
        }
        _ => {}
    }
}
