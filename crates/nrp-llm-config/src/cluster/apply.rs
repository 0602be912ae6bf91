//! Running a plan against the cluster, step by step, with kubectl.
//!
//! [`apply_plan`] runs exactly the calls of the plan's kubectl script
//! ([`Plan::to_kubectl`]), in the same order ([`Plan::steps`]), but one process at a time so
//! that it can report progress and stop cleanly:
//!
//! 1. a server-side dry run of every call first (`--dry-run=server`): the API server's own
//!    validation, admission and conflict checks, before anything changes. Any failure stops
//!    here with nothing applied. With [`ApplyOptions::dry_run`] this is all that runs. (Each call
//!    is checked against the live state, not against the state the earlier steps would make;
//!    the API server checks no references between objects, so the order does not change what
//!    it accepts.)
//! 2. the ApplySet parent, then every step; the first failure stops the run and names the
//!    step, kubectl's message and the steps already applied. Running again plans from the live
//!    state and finishes the job: steps that landed are no change any more.
//! 3. a bounded wait ([`ApplyOptions::wait`]) until every AIGatewayRoute the run applied
//!    reports an `Accepted` condition with status `True` (for its current generation, when the
//!    condition says which), naming those that do not.

use super::{ClusterError, Kubectl, resource_of};
use crate::ObjectRef;
use crate::plan::kubectl::{Call, apply_call, step_call};
use crate::plan::{Action, Plan, Step};
use crate::resources::common::AI_GATEWAY_GROUP;
use serde_json::Value;
use std::time::{Duration, Instant};

/// How to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Only the server-side dry run: nothing changes.
    pub dry_run: bool,
    /// How long to wait for the applied AIGatewayRoutes to be accepted (zero: do not wait).
    pub wait: Duration,
    /// How often to look while waiting.
    pub poll: Duration,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            dry_run: false,
            wait: Duration::from_secs(120),
            poll: Duration::from_secs(2),
        }
    }
}

/// What [`apply_plan`] reports while it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// The dry run of call `number` of `total` passed.
    DryRun {
        /// 1-based.
        number: usize,
        /// Calls in the run (the parent included).
        total: usize,
        /// What the call does, for people.
        what: String,
    },
    /// Call `number` of `total` was applied.
    Applied {
        /// 1-based.
        number: usize,
        /// Calls in the run.
        total: usize,
        /// What the call did.
        what: String,
        /// kubectl's output line(s).
        output: String,
    },
    /// Still waiting for these routes to be accepted.
    Waiting {
        /// The routes not accepted yet.
        pending: Vec<ObjectRef>,
    },
}

/// How a run ended badly.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApplyError {
    /// The server-side dry run refused a call; nothing was applied.
    #[error(
        "the server-side dry run refused step {number}/{total} ({what}); nothing was applied:\n{error}"
    )]
    DryRun {
        /// 1-based.
        number: usize,
        /// Calls in the run.
        total: usize,
        /// What the call does.
        what: String,
        /// kubectl's failure.
        error: Box<ClusterError>,
    },
    /// A call failed; the ones before it were applied.
    #[error(
        "step {number}/{total} ({what}) failed:\n{error}\n{}\nRun apply again: it plans from the live state and finishes the job.",
        applied_before(.done)
    )]
    Step {
        /// 1-based.
        number: usize,
        /// Calls in the run.
        total: usize,
        /// What the call does.
        what: String,
        /// kubectl's failure.
        error: Box<ClusterError>,
        /// The calls applied before it, in order.
        done: Vec<String>,
    },
    /// Everything was applied, but these routes were not accepted in time.
    #[error(
        "applied, but not accepted after {}s: {}",
        .waited.as_secs(),
        .routes.iter().map(|(r, why)| format!("{r} ({why})")).collect::<Vec<_>>().join(", ")
    )]
    NotAccepted {
        /// The routes and what their status says.
        routes: Vec<(ObjectRef, String)>,
        /// How long the run waited.
        waited: Duration,
    },
}

fn applied_before(done: &[String]) -> String {
    if done.is_empty() {
        "Nothing was applied before it.".to_owned()
    } else {
        format!("Applied before it: {}.", done.join("; "))
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// The calls run (or dry-run), in order, for people.
    pub steps: Vec<String>,
    /// The AIGatewayRoutes that were applied and are accepted.
    pub accepted: Vec<ObjectRef>,
}

/// One call of the run, with what it does for people.
struct Planned<'a> {
    call: Call,
    what: String,
    route: Option<&'a ObjectRef>,
}

fn describe(step: &Step<'_>) -> String {
    let c = step.change;
    format!(
        "{}: {} {}{}",
        step.phase,
        c.action.as_str(),
        c.object,
        if step.transitional {
            " (transitional form)"
        } else {
            ""
        }
    )
}

/// The calls of a plan in order: the ApplySet parent (when there is anything to do), then the
/// steps.
fn calls<'a>(plan: &'a Plan, steps: &[Step<'a>], dry_run: bool) -> Vec<Planned<'a>> {
    let mut out = Vec::new();
    if let Some(scope) = plan.applyset.as_ref().filter(|_| !plan.is_empty()) {
        out.push(Planned {
            call: apply_call(&scope.parent(), false, dry_run),
            what: format!(
                "ApplySet parent ConfigMap {}/{}",
                scope.namespace, scope.name
            ),
            route: None,
        });
    }
    for s in steps {
        if let Some(call) = step_call(s, dry_run) {
            let c = s.change;
            let route = (c.action != Action::Delete
                && c.object.group == AI_GATEWAY_GROUP
                && c.object.kind == "AIGatewayRoute")
                .then_some(&c.object);
            out.push(Planned {
                call,
                what: describe(s),
                route,
            });
        }
    }
    out
}

/// Runs `plan` against the cluster (see the module docs), reporting through `progress`.
pub fn apply_plan(
    plan: &Plan,
    kubectl: &Kubectl,
    options: &ApplyOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ApplyReport, ApplyError> {
    let steps = plan.steps();
    let dry = calls(plan, &steps, true);
    let total = dry.len();
    let mut report = ApplyReport::default();
    for (i, p) in dry.iter().enumerate() {
        kubectl
            .run(&p.call.args, p.call.stdin.as_deref())
            .map_err(|error| ApplyError::DryRun {
                number: i + 1,
                total,
                what: p.what.clone(),
                error: Box::new(error),
            })?;
        progress(Progress::DryRun {
            number: i + 1,
            total,
            what: p.what.clone(),
        });
    }
    if options.dry_run {
        report.steps = dry.into_iter().map(|p| p.what).collect();
        return Ok(report);
    }
    let mut routes: Vec<ObjectRef> = Vec::new();
    for (i, p) in calls(plan, &steps, false).into_iter().enumerate() {
        let output = kubectl
            .run(&p.call.args, p.call.stdin.as_deref())
            .map_err(|error| ApplyError::Step {
                number: i + 1,
                total,
                what: p.what.clone(),
                error: Box::new(error),
                done: report.steps.clone(),
            })?;
        progress(Progress::Applied {
            number: i + 1,
            total,
            what: p.what.clone(),
            output: output.trim_end().to_owned(),
        });
        report.steps.push(p.what);
        if let Some(r) = p.route
            && !routes.contains(r)
        {
            routes.push(r.clone());
        }
    }
    if options.wait.is_zero() || routes.is_empty() {
        return Ok(report);
    }
    wait_accepted(kubectl, &routes, options, progress)?;
    report.accepted = routes;
    Ok(report)
}

/// Why a route is not accepted yet, or `None` when it is.
fn not_accepted(route: &Value) -> Option<String> {
    let generation = route
        .pointer("/metadata/generation")
        .and_then(Value::as_i64);
    let conditions = route
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let Some(accepted) = conditions.iter().find(|c| c["type"] == "Accepted") else {
        return Some("no Accepted condition yet".to_owned());
    };
    let current = match (generation, accepted["observedGeneration"].as_i64()) {
        (Some(g), Some(o)) => o >= g,
        _ => true,
    };
    if !current {
        return Some("Accepted condition not updated for this generation yet".to_owned());
    }
    if accepted["status"] == "True" {
        return None;
    }
    Some(format!(
        "Accepted={}: {}",
        accepted["status"].as_str().unwrap_or("?"),
        accepted["message"].as_str().unwrap_or("")
    ))
}

fn wait_accepted(
    kubectl: &Kubectl,
    routes: &[ObjectRef],
    options: &ApplyOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), ApplyError> {
    let start = Instant::now();
    loop {
        let mut pending = Vec::new();
        for r in routes {
            let mut args = vec!["get".to_owned(), resource_of(r)];
            if let Some(ns) = &r.namespace {
                args.extend(["-n".to_owned(), ns.clone()]);
            }
            args.extend([r.name.clone(), "-o".to_owned(), "json".to_owned()]);
            let why = match kubectl.run(&args, None) {
                Ok(text) => match serde_json::from_str::<Value>(&text) {
                    Ok(v) => not_accepted(&v),
                    Err(e) => Some(format!("unreadable status: {e}")),
                },
                Err(e) => Some(e.to_string()),
            };
            if let Some(why) = why {
                pending.push((r.clone(), why));
            }
        }
        if pending.is_empty() {
            return Ok(());
        }
        if start.elapsed() >= options.wait {
            return Err(ApplyError::NotAccepted {
                routes: pending,
                waited: start.elapsed(),
            });
        }
        progress(Progress::Waiting {
            pending: pending.iter().map(|(r, _)| r.clone()).collect(),
        });
        std::thread::sleep(
            options
                .poll
                .min(options.wait.saturating_sub(start.elapsed())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepted_means_true_for_the_current_generation() {
        let route = |status: &str, observed: i64| {
            json!({"metadata": {"generation": 2}, "status": {"conditions": [
                {"type": "Accepted", "status": status, "observedGeneration": observed, "message": "m"}]}})
        };
        assert_eq!(not_accepted(&route("True", 2)), None);
        assert!(not_accepted(&route("True", 1)).is_some());
        assert_eq!(
            not_accepted(&route("False", 2)),
            Some("Accepted=False: m".to_owned())
        );
        assert!(not_accepted(&json!({"metadata": {}})).is_some());
    }
}
