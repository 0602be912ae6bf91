//! `remove_model`: the rule of a model and whatever only it used.

use super::Edited;
use super::work::{SentTo, Work, map_mut};
use crate::ConfigSet;
use crate::diagnostic::Diagnostics;
use crate::release::Release;

/// Removes the model `name`: its rule (in a rule that also serves other models, only the
/// matches naming it), then what nothing else uses any more — the AIServiceBackends only its
/// rule sent to, their Backends, their targets in BackendSecurityPolicies and QuotaPolicies, a
/// route object left without rules, a policy left without targets, and the QuotaPolicy entries
/// for the model name it sent to a backend that stays. Nothing another rule still uses is
/// removed.
///
/// ```
/// use nrp_llm_config::{ConfigSet, Limits, Release};
/// use nrp_llm_config::ops::remove_model;
/// let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
/// let set = ConfigSet::load(&[folder], &Limits::default());
/// let err = remove_model(&set, "qwen", Release::default()).unwrap_err();
/// assert_eq!(err.iter().next().unwrap().hint.as_deref(), Some("did you mean \"qwen3\"?"));
/// ```
pub fn remove_model(set: &ConfigSet, name: &str, release: Release) -> Result<Edited, Diagnostics> {
    let mut w = Work::new(set, release);
    let found = w.find_model(name);
    if found.is_empty() {
        return Err(w.unknown_model(name));
    }
    let mut gone: Vec<SentTo> = Vec::new();
    // Back to front, so that removing a rule keeps the indices of the others right.
    for m in found.iter().rev() {
        let r = w.object_ref(m.route);
        let whole = m.others.is_empty() || m.matches.len() == m.match_count;
        if whole {
            gone.extend(w.sent_to(m.route, m.rule, name));
        }
        let Some(rules) = map_mut(w.objects[m.route].value_mut(), "spec")
            .and_then(|s| s.get_mut("rules"))
            .and_then(|r| r.as_array_mut())
        else {
            continue;
        };
        if whole {
            rules.remove(m.rule);
            w.note(format!("removed rule {name} from {r}"));
        } else if let Some(matches) = rules
            .get_mut(m.rule)
            .and_then(|rule| rule.get_mut("matches"))
            .and_then(|x| x.as_array_mut())
        {
            let mut at = 0;
            matches.retain(|_| {
                at += 1;
                !m.matches.contains(&(at - 1))
            });
            w.note(format!(
                "removed model {name} from a rule of {r} (the rule still serves {})",
                m.others.join(", ")
            ));
        }
    }
    // Route objects left without rules.
    let mut routes: Vec<usize> = found.iter().map(|m| m.route).collect();
    routes.sort_unstable();
    routes.dedup();
    for &i in routes.iter().rev() {
        if w.route_view(i).rules().len() == 0 {
            w.remove(i, "no rules left");
        }
    }
    w.collect(&gone);
    w.finish()
}
