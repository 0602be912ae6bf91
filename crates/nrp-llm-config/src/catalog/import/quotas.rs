//! QuotaPolicies → model quotas. A QuotaPolicy is read into the catalog when it is exactly what
//! [`crate::catalog::Catalog::compile`] writes for some models: named after one catalog backend,
//! targeting only that AIServiceBackend, with one entry per model name the backend receives (in
//! catalog model order), each a plain bucket or one per-client `Distinct` bucket rule; and every
//! backend of a model with a quota carries the same quota. Anything else is kept verbatim.

use super::objects::Importer;
use super::strict::{Reject, as_array, as_map, as_str, only_keys, p, reject};
use crate::catalog::format::{BackendSpec, Model, QUOTA_DURATIONS, Quota};
use crate::path::FieldPath;
use crate::resources::common::AI_GATEWAY_GROUP;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Reads `{limit, duration}`.
fn bucket(v: Option<&Value>, at: &FieldPath) -> Result<(u64, String), Reject> {
    let m = as_map(v, at)?;
    only_keys(m, &["limit", "duration"], at)?;
    let limit = match m.get("limit").and_then(Value::as_u64) {
        Some(l) if l <= i64::MAX as u64 => l,
        _ => {
            return reject(
                at.clone().field("limit"),
                "the limit is not a non-negative integer",
            );
        }
    };
    let duration = as_str(m.get("duration"), &at.clone().field("duration"))?;
    if !QUOTA_DURATIONS.contains(&duration) {
        return reject(
            at.clone().field("duration"),
            format!(
                "the window {duration:?} is not one of {}",
                QUOTA_DURATIONS.join(", ")
            ),
        );
    }
    Ok((limit, duration.to_owned()))
}

/// Reads one `perModelQuotas[i].quota`.
fn quota(q: &Map<String, Value>, at: &FieldPath) -> Result<Quota, Reject> {
    only_keys(
        q,
        &["mode", "costExpression", "defaultBucket", "bucketRules"],
        at,
    )?;
    if let Some(mode) = q.get("mode")
        && mode.as_str() != Some("Shared")
    {
        return reject(
            at.clone().field("mode"),
            "only the `Shared` mode is described by the catalog",
        );
    }
    let cost = match q.get("costExpression") {
        None => None,
        Some(v) => Some(Quota::cost_of_expression(as_str(
            Some(v),
            &at.clone().field("costExpression"),
        )?)),
    };
    let (limit, duration, per_client) = match (q.get("defaultBucket"), q.get("bucketRules")) {
        (Some(b), None) => {
            let (l, d) = bucket(Some(b), &at.clone().field("defaultBucket"))?;
            (l, d, None)
        }
        (None, Some(rules)) => {
            let rp = at.clone().field("bucketRules");
            let [rule] = as_array(Some(rules), &rp)? else {
                return reject(
                    rp,
                    "only one per-client bucket rule is described by the catalog",
                );
            };
            let rp = rp.index(0);
            let r = as_map(Some(rule), &rp)?;
            only_keys(r, &["clientSelectors", "quota"], &rp)?;
            let sp = rp.clone().field("clientSelectors");
            let [sel] = as_array(r.get("clientSelectors"), &sp)? else {
                return reject(sp, "only one client selector is described by the catalog");
            };
            let sp = sp.index(0);
            let sel = as_map(Some(sel), &sp)?;
            only_keys(sel, &["headers"], &sp)?;
            let hp = sp.field("headers");
            let [h] = as_array(sel.get("headers"), &hp)? else {
                return reject(hp, "only one client header is described by the catalog");
            };
            let hp = hp.index(0);
            let h = as_map(Some(h), &hp)?;
            only_keys(h, &["name", "type"], &hp)?;
            if h.get("type").and_then(Value::as_str) != Some("Distinct") {
                return reject(
                    hp.field("type"),
                    "only a `Distinct` client header is described by the catalog",
                );
            }
            let name = as_str(h.get("name"), &hp.field("name"))?.to_owned();
            let (l, d) = bucket(r.get("quota"), &rp.field("quota"))?;
            (l, d, Some(name))
        }
        _ => {
            return reject(
                at.clone(),
                "a quota with both (or neither) defaultBucket and bucketRules is not described by \
                 the catalog",
            );
        }
    };
    Ok(Quota {
        limit,
        duration,
        cost,
        per_client,
    })
}

/// One QuotaPolicy read as (backend name, [(model name the backend receives, quota)]).
fn policy(
    im: &Importer<'_>,
    i: usize,
    backends: &[BackendSpec],
) -> Result<(String, Vec<(String, Quota)>), Reject> {
    im.plain_metadata(i)?;
    let v = &im.values[i];
    let root = as_map(Some(v), &FieldPath::root())?;
    only_keys(
        root,
        &["apiVersion", "kind", "metadata", "spec"],
        &FieldPath::root(),
    )?;
    let name = im.objects[i].name().to_owned();
    if !backends.iter().any(|b| b.name == name) {
        return reject(
            p("metadata.name"),
            "the QuotaPolicy is not named after a backend of the catalog",
        );
    }
    let spec = as_map(v.get("spec"), &p("spec"))?;
    only_keys(spec, &["targetRefs", "perModelQuotas"], &p("spec"))?;
    let tp = p("spec.targetRefs");
    let [t] = as_array(spec.get("targetRefs"), &tp)? else {
        return reject(tp, "the catalog writes one target per QuotaPolicy");
    };
    let tp = tp.index(0);
    let t = as_map(Some(t), &tp)?;
    only_keys(t, &["group", "kind", "name"], &tp)?;
    let target_ok = t.get("group").and_then(Value::as_str) == Some(AI_GATEWAY_GROUP)
        && t.get("kind").and_then(Value::as_str) == Some("AIServiceBackend")
        && t.get("name").and_then(Value::as_str) == Some(name.as_str());
    if !target_ok {
        return reject(
            tp,
            "the QuotaPolicy does not target the AIServiceBackend it is named after",
        );
    }
    let qp = p("spec.perModelQuotas");
    let mut out = Vec::new();
    for (k, e) in as_array(spec.get("perModelQuotas"), &qp)?
        .iter()
        .enumerate()
    {
        let ep = qp.clone().index(k);
        let e = as_map(Some(e), &ep)?;
        only_keys(e, &["modelName", "quota"], &ep)?;
        let model = as_str(e.get("modelName"), &ep.clone().field("modelName"))?.to_owned();
        let qa = ep.field("quota");
        out.push((model, quota(as_map(e.get("quota"), &qa)?, &qa)?));
    }
    Ok((name, out))
}

/// Reads the QuotaPolicies into `models[].quota`, marking what it reads as consumed.
pub(super) fn import_quotas(im: &mut Importer<'_>, backends: &[BackendSpec], models: &mut [Model]) {
    let mut read: HashMap<String, (usize, Vec<(String, Quota)>)> = HashMap::new();
    for i in 0..im.objects.len() {
        if !im.is(i, AI_GATEWAY_GROUP, "QuotaPolicy") {
            continue;
        }
        match policy(im, i, backends) {
            Ok((backend, entries)) if !read.contains_key(&backend) => {
                read.insert(backend, (i, entries));
            }
            Ok(_) => {
                im.reasons.insert(
                    i,
                    (
                        p("metadata.name"),
                        "another QuotaPolicy already has this name".into(),
                    ),
                );
            }
            Err(r) => {
                im.reasons.insert(i, r);
            }
        }
    }
    // Drop policies until what is left is what compiling the models would write.
    loop {
        let mut bad: Option<(String, String)> = None;
        // Each model: the quota every one of its backends has for the name it receives.
        let mut assigned: Vec<Option<Quota>> = vec![None; models.len()];
        'models: for (mi, m) in models.iter().enumerate() {
            let mut found: Option<&Quota> = None;
            let mut missing = false;
            for b in &m.backends {
                let q = read
                    .get(&b.name)
                    .and_then(|(_, es)| es.iter().find(|(n, _)| n == m.name_at(b)).map(|(_, q)| q));
                match (q, found) {
                    (None, _) => missing = true,
                    (Some(q), None) => found = Some(q),
                    (Some(q), Some(f)) if q != f => {
                        bad = Some((
                            b.name.clone(),
                            format!("model {:?} has different quotas on its backends", m.name),
                        ));
                        break 'models;
                    }
                    _ => {}
                }
            }
            if let Some(f) = found {
                if missing {
                    let b = m.backends.iter().find(|b| read.contains_key(&b.name));
                    bad = b.map(|b| {
                        (
                            b.name.clone(),
                            format!(
                                "model {:?} has a quota on some of its backends only",
                                m.name
                            ),
                        )
                    });
                    break;
                }
                assigned[mi] = Some(f.clone());
            }
        }
        // Each policy: exactly the entries the assigned quotas compile to, in that order.
        if bad.is_none() {
            for (backend, (_, entries)) in &read {
                let mut expected: Vec<(&str, &Quota)> = Vec::new();
                for (m, q) in models.iter().zip(&assigned) {
                    let Some(q) = q else { continue };
                    for b in m.backends.iter().filter(|b| &b.name == backend) {
                        let n = m.name_at(b);
                        if !expected.iter().any(|(x, _)| *x == n) {
                            expected.push((n, q));
                        }
                    }
                }
                let got: Vec<(&str, &Quota)> =
                    entries.iter().map(|(n, q)| (n.as_str(), q)).collect();
                if got != expected {
                    let why = match entries
                        .iter()
                        .find(|(n, _)| !expected.iter().any(|(x, _)| x == n))
                    {
                        Some((n, _)) => {
                            format!("no model of the catalog sends {n:?} to this backend")
                        }
                        None => "its per-model quotas are not in the catalog's model order".into(),
                    };
                    bad = Some((backend.clone(), why));
                    break;
                }
            }
        }
        match bad {
            Some((backend, why)) => {
                if let Some((i, _)) = read.remove(&backend) {
                    im.reasons.insert(i, (p("spec.perModelQuotas"), why));
                }
            }
            None => {
                for (m, q) in models.iter_mut().zip(assigned) {
                    m.quota = q;
                }
                for (i, _) in read.values() {
                    im.consumed[*i] = true;
                }
                return;
            }
        }
    }
}
