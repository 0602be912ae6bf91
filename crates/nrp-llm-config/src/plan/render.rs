//! Text and JSON renderings of a plan.

use super::{Action, Phase, Plan};
use serde_json::{Value, json};
use std::fmt::Write as _;

const GREEN: &str = "\u{1b}[32m";
const YELLOW: &str = "\u{1b}[33m";
const RED: &str = "\u{1b}[31m";
const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

/// Replaces control characters (newlines, escape sequences) so that names and values read from
/// a live cluster cannot rewrite the terminal or forge plan lines.
pub(crate) fn printable(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

pub(crate) fn to_text(plan: &Plan, color: bool) -> String {
    let mut out = String::new();
    let paint = |code: &'static str| if color { code } else { "" };
    let reset = paint(RESET);
    let mut phase: Option<Phase> = None;
    for c in &plan.changes {
        if phase != Some(c.phase) {
            if phase.is_some() {
                out.push('\n');
            }
            phase = Some(c.phase);
            let _ = writeln!(out, "{}{}:{reset}", paint(BOLD), phase_header(c.phase));
        }
        let code = match c.action {
            Action::Create => GREEN,
            Action::Update => YELLOW,
            Action::Delete => RED,
        };
        let _ = writeln!(
            out,
            "{}{}{} {}{}",
            paint(code),
            c.action.symbol(),
            if color {
                format!("{reset}{}", paint(BOLD))
            } else {
                String::new()
            },
            printable(&c.object.to_string()),
            reset
        );
        for d in &c.details {
            let _ = writeln!(out, "    {}", printable(&d.message));
        }
        for n in &c.notes {
            let _ = writeln!(out, "    ↳ {}", printable(n));
        }
    }
    if !plan.left_alone.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("Left alone (not in DESIRED, but not this tool's to delete):\n");
        for l in &plan.left_alone {
            let _ = writeln!(
                out,
                "    {}: {}",
                printable(&l.object.to_string()),
                printable(&l.reason.to_string())
            );
        }
        out.push('\n');
    }
    if !plan.ownership_unknown.is_empty() {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "Ownership unknown: {} live object{} came without metadata.managedFields, so the fields \
             other managers own could not be told from this tool's. Their finalizers, owner \
             references and the labels and annotations DESIRED does not mention were ignored, and \
             conflicts with other managers cannot be foreseen. Dump with \
             `kubectl get -o yaml --show-managed-fields` for an exact plan.\n",
            plan.ownership_unknown.len(),
            if plan.ownership_unknown.len() == 1 {
                ""
            } else {
                "s"
            },
        );
    }
    let s = plan.summary();
    if plan.is_empty() {
        out.push_str("No changes.\n");
    } else {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}Plan:{} {} to create, {} to update, {} to delete.",
            paint(BOLD),
            reset,
            s.create,
            s.update,
            s.delete
        );
    }
    out
}

/// `Phase 1, prepare (before the routes change)`: the text plan's header of a phase.
pub(crate) fn phase_header(phase: Phase) -> String {
    format!(
        "Phase {}, {} ({})",
        phase.number(),
        phase.as_str(),
        phase.purpose()
    )
}

pub(crate) fn to_json(plan: &Plan) -> Value {
    let changes: Vec<Value> = plan
        .changes
        .iter()
        .map(|c| {
            json!({
                "action": c.action,
                "group": c.object.group,
                "kind": c.object.kind,
                "namespace": c.object.namespace,
                "name": c.object.name,
                "apiVersion": c.api_version,
                "phase": c.phase,
                "details": c.details,
                "notes": c.notes,
            })
        })
        .collect();
    let steps: Vec<Value> = plan
        .steps()
        .iter()
        .map(|s| {
            let c = s.change;
            json!({
                "phase": s.phase,
                "change": s.index,
                "action": c.action,
                "group": c.object.group,
                "kind": c.object.kind,
                "namespace": c.object.namespace,
                "name": c.object.name,
                "transitional": s.transitional,
            })
        })
        .collect();
    let left_alone: Vec<Value> = plan
        .left_alone
        .iter()
        .map(|l| {
            json!({
                "group": l.object.group,
                "kind": l.object.kind,
                "namespace": l.object.namespace,
                "name": l.object.name,
                "apiVersion": l.api_version,
                "reason": l.reason.code(),
                "message": l.reason.to_string(),
            })
        })
        .collect();
    json!({
        "changes": changes,
        "steps": steps,
        "summary": plan.summary(),
        "leftAlone": left_alone,
        "applyset": plan.applyset,
        "ownershipUnknown": plan.ownership_unknown.iter().map(|r| json!({
            "group": r.group,
            "kind": r.kind,
            "namespace": r.namespace,
            "name": r.name,
        })).collect::<Vec<_>>(),
    })
}
