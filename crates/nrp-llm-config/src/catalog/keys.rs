//! API keys: which backends each key (one Secret) is sent to, and how its BackendSecurityPolicy
//! targets are split over policies of at most [`POLICY_TARGET_LIMIT`] targets.
//!
//! A key is an entry of `apiKeys` (policy base name + Secret), or, for backends written in the
//! older form `apiKeySecret: <secret>`, the implicit key named `gateway.policyNames[secret]` or
//! `<namePrefix><secret>`. The policies of a key are `<name>`, `<name>-2`, `<name>-3`, ...
//!
//! Split (like route sharding, see [`super::shard`]):
//! 1. A backend with `apiKeyPolicy:` goes to that policy.
//! 2. Otherwise a backend that a policy of its key targets in the current state stays there;
//!    inside a policy, existing targets keep their order and new ones are appended.
//! 3. The other backends fill free slots in policy order (`<name>` first), in catalog order,
//!    before a new policy is opened.
//! 4. A policy left without targets is not emitted.

use super::check::{invalid, secret_literal};
use super::format::Catalog;
use crate::config_set::ConfigSet;
use crate::diagnostic::{Code, Diagnostic};
use crate::names::{closest, is_dns1123_subdomain};
use crate::path::FieldPath;
use crate::resources::common::AI_GATEWAY_GROUP;
use crate::resources::view::{ObjectView, PolicyView};
use crate::secrets::looks_like_secret_value;
use std::collections::{HashMap, HashSet};

/// Most targets one BackendSecurityPolicy may list (`spec.targetRefs` maxItems).
pub const POLICY_TARGET_LIMIT: usize = 16;

/// One API key as compile sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key<'a> {
    /// Base name of its policies.
    pub(crate) name: String,
    /// The Secret.
    pub(crate) secret: &'a str,
    /// `apiKeys[].file`.
    pub(crate) file: Option<&'a str>,
    /// Indices (into `backends`) of the backends using the key, in catalog order.
    pub(crate) backends: Vec<usize>,
}

/// One policy of a key: its name and the backend indices it targets, in target order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyPolicy {
    pub(crate) name: String,
    pub(crate) targets: Vec<usize>,
}

/// The policy name for an API-key secret written as `apiKeySecret`.
pub(crate) fn policy_base_name(c: &Catalog, secret: &str) -> String {
    c.gateway
        .policy_names
        .get(secret)
        .cloned()
        .unwrap_or_else(|| format!("{}{secret}", c.gateway.name_prefix))
}

/// Name of the `k`-th (0-based) policy of a key whose targets are split.
pub(crate) fn policy_chunk_name(base: &str, k: usize) -> String {
    if k == 0 {
        base.to_owned()
    } else {
        format!("{base}-{}", k + 1)
    }
}

/// Which policy of the key `base` the name is (0-based): `base` is 0, `base-2` is 1, ...
pub(crate) fn policy_chunk_index(base: &str, name: &str) -> Option<usize> {
    if name == base {
        return Some(0);
    }
    let n = name.strip_prefix(base)?.strip_prefix('-')?;
    if n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse::<usize>().ok().filter(|&n| n >= 2).map(|n| n - 1)
}

/// The keys of the catalog: `apiKeys` in order, then the implicit keys of `apiKeySecret`
/// backends in order of first use. Conflicts are left to [`check_keys`].
pub(crate) fn keys(c: &Catalog) -> Vec<Key<'_>> {
    let mut out: Vec<Key<'_>> = c
        .api_keys
        .iter()
        .map(|k| Key {
            name: k.name.clone(),
            secret: &k.secret,
            file: k.file.as_deref(),
            backends: Vec::new(),
        })
        .collect();
    for (bi, b) in c.backends.iter().enumerate() {
        let (name, secret) = match (&b.api_key, &b.api_key_secret) {
            (Some(k), _) => (k.clone(), None),
            (None, Some(s)) => (policy_base_name(c, s), Some(s.as_str())),
            (None, None) => continue,
        };
        match out.iter_mut().find(|k| k.name == name) {
            Some(k) if secret.is_none_or(|s| s == k.secret) => k.backends.push(bi),
            Some(_) => {}
            None => {
                if let Some(secret) = secret {
                    out.push(Key {
                        name,
                        secret,
                        file: None,
                        backends: vec![bi],
                    });
                }
            }
        }
    }
    out
}

/// Every problem of `apiKeys` and of the backends' key fields.
pub(crate) fn check_keys(c: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, k) in c.api_keys.iter().enumerate() {
        let kp = FieldPath::root().field("apiKeys").index(i);
        if !is_dns1123_subdomain(&k.name) {
            out.push(invalid(
                kp.clone().field("name"),
                format!("{:?} is not a valid object name", k.name),
            ));
        } else if let Some(first) = seen.insert(&k.name, i) {
            seen.insert(&k.name, first);
            out.push(invalid(
                kp.clone().field("name"),
                format!(
                    "duplicate key {:?} (first defined as apiKeys[{first}])",
                    k.name
                ),
            ));
        }
        if looks_like_secret_value(&k.secret) {
            out.push(secret_literal(kp.clone().field("secret")));
        } else if !is_dns1123_subdomain(&k.secret) {
            out.push(invalid(
                kp.clone().field("secret"),
                format!("{:?} is not a valid Secret name", k.secret),
            ));
        }
        if let Some(f) = &k.file {
            check_file(f, kp.field("file"), &mut out);
        }
    }
    if let Some(f) = &c.gateway.backend_file {
        check_file(
            f,
            FieldPath::root().field("gateway").field("backendFile"),
            &mut out,
        );
    }
    // Policy name → secret of the `apiKeySecret` backends, to find two secrets named alike.
    let mut implicit: HashMap<String, &str> = HashMap::new();
    for (bi, b) in c.backends.iter().enumerate() {
        let bp = FieldPath::root().field("backends").index(bi);
        if let Some(f) = &b.file {
            check_file(f, bp.clone().field("file"), &mut out);
        }
        let base = match (&b.api_key, &b.api_key_secret) {
            (Some(_), Some(_)) => {
                out.push(
                    invalid(
                        bp.clone().field("apiKeySecret"),
                        "set `apiKey` or `apiKeySecret`, not both",
                    )
                    .with_hint("name the Secret once under `apiKeys:` and keep `apiKey` here"),
                );
                continue;
            }
            (Some(k), None) => {
                if looks_like_secret_value(k) {
                    out.push(secret_literal(bp.clone().field("apiKey")));
                    continue;
                }
                if !seen.contains_key(k.as_str()) {
                    let mut d = invalid(bp.clone().field("apiKey"), format!("unknown key {k:?}"));
                    d = match closest(k, c.api_keys.iter().map(|k| k.name.as_str())) {
                        Some(s) => d.with_hint(format!("did you mean {s:?}?")),
                        None => d.with_hint("add it under `apiKeys:` with the name of its Secret"),
                    };
                    out.push(d);
                    continue;
                }
                k.clone()
            }
            (None, Some(s)) => {
                let base = policy_base_name(c, s);
                if let Some(&i) = seen.get(base.as_str())
                    && c.api_keys[i].secret != *s
                {
                    out.push(
                        invalid(
                            bp.clone().field("apiKeySecret"),
                            format!(
                                "the policy of secret {s:?} would be {base:?}, which is apiKeys[{i}] with the secret {:?}",
                                c.api_keys[i].secret
                            ),
                        )
                        .with_hint(format!("write `apiKey: {base}` or name the policy otherwise in gateway.policyNames")),
                    );
                } else if let Some(other) = implicit.insert(base.clone(), s)
                    && other != s
                {
                    implicit.insert(base.clone(), other);
                    out.push(
                        invalid(
                            bp.clone().field("apiKeySecret"),
                            format!(
                                "the secrets {other:?} and {s:?} would both make the policy {base:?}"
                            ),
                        )
                        .with_hint("give them different names in gateway.policyNames"),
                    );
                }
                base
            }
            (None, None) => {
                if b.api_key_policy.is_some() {
                    out.push(invalid(
                        bp.clone().field("apiKeyPolicy"),
                        "the backend has no API key (`apiKey`)",
                    ));
                }
                continue;
            }
        };
        if let Some(p) = &b.api_key_policy
            && policy_chunk_index(&base, p).is_none()
        {
            out.push(invalid(
                bp.field("apiKeyPolicy"),
                format!("{p:?} is not a policy of the key: use {base:?} or {base:?}-<n> (n ≥ 2)"),
            ));
        }
    }
    out
}

/// A `file:` is a relative path below the folder, to a YAML file.
fn check_file(f: &str, at: FieldPath, out: &mut Vec<Diagnostic>) {
    let p = std::path::Path::new(f);
    let inside = !f.is_empty()
        && p.is_relative()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        out.push(
            invalid(
                at,
                format!("{f:?} is not a relative path inside the folder"),
            )
            .with_hint("write a path such as sdsc.yaml or sites/sdsc.yaml, without `..`"),
        );
    } else if !(f.ends_with(".yaml") || f.ends_with(".yml")) {
        out.push(invalid(at, format!("{f:?} is not a .yaml file")));
    }
}

/// Targets of the current policies of the key `base`: backend name → (policy index, position).
/// Policies named like another key's base name are not this key's.
fn current_split(
    c: &Catalog,
    current: Option<&ConfigSet>,
    base: &str,
    other_keys: &HashSet<&str>,
) -> HashMap<String, (usize, usize)> {
    let mut out = HashMap::new();
    let Some(set) = current else {
        return out;
    };
    for pol in set.objects() {
        let object = ObjectView::new(pol.value());
        if !object.is(AI_GATEWAY_GROUP, "BackendSecurityPolicy")
            || pol.namespace().unwrap_or("default") != c.gateway.namespace
        {
            continue;
        }
        let Some(k) = policy_chunk_index(base, pol.name()) else {
            continue;
        };
        if k > 0 && other_keys.contains(pol.name()) {
            continue;
        }
        let policy = PolicyView::new(object.spec());
        for (pos, t) in policy.target_refs().enumerate() {
            if let Some(n) = t.reference.name {
                out.entry(n.to_owned()).or_insert((k, pos));
            }
        }
    }
    out
}

/// Splits the key's backends over its policies (see the [module docs](self)). Fails when more
/// than [`POLICY_TARGET_LIMIT`] backends are pinned to one policy.
pub(crate) fn split(
    c: &Catalog,
    key: &Key<'_>,
    all_keys: &[Key<'_>],
    current: Option<&ConfigSet>,
) -> Result<Vec<KeyPolicy>, Box<Diagnostic>> {
    let others: HashSet<&str> = all_keys
        .iter()
        .filter(|k| k.name != key.name)
        .map(|k| k.name.as_str())
        .collect();
    let here = current_split(c, current, &key.name, &others);
    // (sort key, backend index, pinned) per policy.
    let mut buckets: Vec<Vec<(usize, usize, bool)>> = Vec::new();
    let mut unplaced = Vec::new();
    for &bi in &key.backends {
        let b = &c.backends[bi];
        let pinned = b
            .api_key_policy
            .as_deref()
            .and_then(|p| policy_chunk_index(&key.name, p));
        let now = here.get(&b.name).copied();
        let Some(k) = pinned.or(now.map(|(k, _)| k)) else {
            unplaced.push(bi);
            continue;
        };
        if buckets.len() <= k {
            buckets.resize(k + 1, Vec::new());
        }
        let order = match now {
            Some((nk, pos)) if nk == k => pos,
            _ => usize::MAX,
        };
        buckets[k].push((order, bi, pinned.is_some()));
    }
    for (k, bucket) in buckets.iter_mut().enumerate() {
        bucket.sort_by_key(|&(order, bi, _)| (order, bi));
        let pinned = bucket.iter().filter(|x| x.2).count();
        if pinned > POLICY_TARGET_LIMIT {
            let name = policy_chunk_name(&key.name, k);
            return Err(Box::new(Diagnostic::error(
                Code::INVALID_CATALOG,
                format!(
                    "{pinned} backends are pinned to policy {name:?} (apiKeyPolicy), but a policy targets at most {POLICY_TARGET_LIMIT}"
                ),
            )
            .with_path(FieldPath::root().field("backends"))
            .with_hint("pin some of them to another policy of the key, or remove their `apiKeyPolicy`")));
        }
        while bucket.len() > POLICY_TARGET_LIMIT {
            let Some(pos) = bucket.iter().rposition(|x| !x.2) else {
                break;
            };
            unplaced.push(bucket.remove(pos).1);
        }
    }
    unplaced.sort_unstable();
    for bi in unplaced {
        match buckets.iter().position(|b| b.len() < POLICY_TARGET_LIMIT) {
            Some(k) => buckets[k].push((usize::MAX, bi, false)),
            None => buckets.push(vec![(usize::MAX, bi, false)]),
        }
    }
    for bucket in &mut buckets {
        bucket.sort_by_key(|&(order, bi, _)| (order, bi));
    }
    Ok(buckets
        .into_iter()
        .enumerate()
        .filter(|(_, b)| !b.is_empty())
        .map(|(k, b)| KeyPolicy {
            name: policy_chunk_name(&key.name, k),
            targets: b.into_iter().map(|(_, bi, _)| bi).collect(),
        })
        .collect())
}
