//! `rotate_key`: AIServiceBackends move to the API-key policy of another Secret.

use super::Edited;
use super::work::{Work, fail, spec_list};
use crate::ConfigSet;
use crate::catalog::POLICY_TARGET_LIMIT;
use crate::catalog::policy_chunk_name;
use crate::diagnostic::{Code, Diagnostics};
use crate::release::Release;
use crate::resources::common::{AI_GATEWAY_GROUP, ai_service_backend_targets};
use crate::resources::v1alpha1::BackendSecurityPolicy;
use crate::resources::view::PolicyView;
use serde_json::Value;

/// True when policy `i` is an API-key policy reading the Secret `namespace`/`secret`.
fn uses_secret(w: &Work, i: usize, namespace: Option<&str>, secret: &str) -> bool {
    let own = w.view(i).namespace();
    let policy = PolicyView::new(w.view(i).spec());
    policy.policy_type() == Some("APIKey")
        && policy
            .secret_refs(own)
            .iter()
            .any(|r| r.name == secret && r.namespace.as_deref() == namespace)
}

/// Makes the AIServiceBackend `namespace`/`backend` a target of the API-key policy that reads
/// the Secret `secret` (in the same namespace), leaving the API-key policies of other Secrets
/// (a policy left without targets is removed). The first such policy by name with a free slot
/// takes it; when all are full, or there is none, a new one is created (`<first>-<n>`, else
/// `<prefix><secret>`).
pub(super) fn attach(
    w: &mut Work,
    namespace: Option<&str>,
    backend: &str,
    secret: &str,
) -> Result<(), Diagnostics> {
    // Leave the key policies of other Secrets.
    let others: Vec<usize> = w
        .policies_targeting("BackendSecurityPolicy", namespace, backend)
        .into_iter()
        .map(|(i, _)| i)
        .filter(|&i| !uses_secret(w, i, namespace, secret))
        .collect();
    if others
        .iter()
        .any(|&i| PolicyView::new(w.view(i).spec()).policy_type() == Some("APIKey"))
    {
        w.detach(namespace, backend, true);
    }
    let mut mine: Vec<usize> = w
        .of_kind(AI_GATEWAY_GROUP, "BackendSecurityPolicy")
        .into_iter()
        .filter(|&i| w.view(i).namespace() == namespace && uses_secret(w, i, namespace, secret))
        .collect();
    mine.sort_by_key(|&i| w.view(i).name());
    let targets = |w: &Work, i: usize| PolicyView::new(w.view(i).spec()).target_refs().count();
    if mine.iter().any(|&i| {
        PolicyView::new(w.view(i).spec()).target_refs().any(|t| {
            t.reference.is(AI_GATEWAY_GROUP, "AIServiceBackend")
                && t.reference.name == Some(backend)
        })
    }) {
        return Ok(());
    }
    if let Some(&i) = mine.iter().find(|&&i| targets(w, i) < POLICY_TARGET_LIMIT) {
        let target = ai_service_backend_targets(&[backend]).unwrap_or_default();
        let r = w.object_ref(i);
        let Some(list) = spec_list(&mut w.objects[i], "targetRefs") else {
            return Err(fail(
                Code::INVALID_TYPE,
                format!("{r}: spec.targetRefs is not a list"),
                "fix the policy first (`nrp-llm-config validate`)",
            ));
        };
        list.extend(
            target
                .into_iter()
                .map(|t| serde_json::to_value(t).unwrap_or(Value::Null)),
        );
        w.note(format!("added target AIServiceBackend {backend} to {r}"));
        return Ok(());
    }
    let base = match mine.first() {
        Some(&i) => w.view(i).name().unwrap_or_default().to_owned(),
        None => format!("{}{secret}", w.name_prefix()),
    };
    let taken = |w: &Work, n: &str| {
        w.find(AI_GATEWAY_GROUP, "BackendSecurityPolicy", namespace, n)
            .is_some()
    };
    let name = (0..)
        .map(|k| policy_chunk_name(&base, k))
        .find(|n| !taken(w, n))
        .unwrap_or_default();
    let policy = BackendSecurityPolicy::api_key(
        &name,
        namespace.unwrap_or_default(),
        secret,
        namespace,
        &[backend],
    );
    let value = Work::at_version(
        serde_json::to_value(policy).unwrap_or(Value::Null),
        w.ai_gateway_version("BackendSecurityPolicy"),
    );
    let r = w.insert(value, namespace);
    w.note(format!(
        "created {r} (Secret {secret}) with target AIServiceBackend {backend}"
    ));
    Ok(())
}

/// Moves the AIServiceBackends `backends` (names, or `NAMESPACE/NAME` where a name is in
/// several namespaces) to the API-key policy that reads the Secret `secret` in their namespace:
/// each leaves the API-key policies of other Secrets (one left without targets is removed) and
/// becomes a target of the first policy of `secret` with a free slot; when there is none, or
/// all hold [`POLICY_TARGET_LIMIT`] targets, a new policy is created (named after the first
/// policy of the Secret with `-2`, `-3`, ..., else `<prefix><secret>`). A backend already keyed
/// by `secret` is left as it is (no change line).
///
/// The backends must be named: an empty list fails rather than guessing (moving every keyed
/// backend would merge the keys of different providers). Policies of other types (AWS, Azure,
/// GCP credentials) are not touched.
///
/// ```
/// use nrp_llm_config::{ConfigSet, Limits, Release};
/// use nrp_llm_config::ops::rotate_key;
/// let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
/// let set = ConfigSet::load(&[folder], &Limits::default());
/// let moved = rotate_key(&set, "nrp-apikey-2026", &["envoy-ai-gateway-nrp-kimi".into()], Release::default()).unwrap();
/// assert_eq!(moved.changes, [
///     "removed target AIServiceBackend envoy-ai-gateway-nrp-kimi from BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
///     "created BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-nrp-apikey-2026 (Secret nrp-apikey-2026) with target AIServiceBackend envoy-ai-gateway-nrp-kimi",
/// ]);
/// ```
pub fn rotate_key(
    set: &ConfigSet,
    secret: &str,
    backends: &[String],
    release: Release,
) -> Result<Edited, Diagnostics> {
    let mut w = Work::new(set, release);
    if secret.is_empty() {
        return Err(fail(Code::REQUIRED, "no Secret named", "give --secret S"));
    }
    if backends.is_empty() {
        return Err(fail(
            Code::REQUIRED,
            "no backend named: name the AIServiceBackends that move to the new key",
            "give --backend B for each backend (every backend must be named, so that the keys of different providers never merge)",
        ));
    }
    let mut resolved = Vec::new();
    for b in backends {
        resolved.push(w.backend_namespace(b)?);
    }
    for (ns, name) in &resolved {
        attach(&mut w, ns.as_deref(), name, secret)?;
    }
    w.finish()
}
