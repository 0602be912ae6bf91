//! A Markdown rendering of a plan for reviewers: a merge-request comment.
//!
//! A heading with the counts, a table of the changes in apply order (action, kind, object,
//! phase), then per change its details as a list. A create also says what it creates, read
//! from the object through the views: a Backend's endpoints (`host:port`), an
//! AIServiceBackend's Backend and schema, a route's models with their backends, upstream model
//! names and timeouts, a policy's type and targets. Values longer than a line are folded into a
//! `<details>` block. Everything read from objects is escaped (table pipes, HTML, backticks), so
//! a name cannot break the table or inject markup; Secrets are never planned, so never shown.

use super::{Action, Change, Plan};
use crate::resources::view::{
    BackendView, Endpoint, ObjectView, PolicyView, RouteView, ServiceBackendView,
};
use serde_json::Value;
use std::fmt::Write as _;

/// Longest inline value; longer ones are folded.
const INLINE: usize = 240;

/// Text safe in Markdown and in a table cell: HTML and Markdown punctuation that could start
/// markup escaped, newlines and other control characters written out.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::render::printable(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '`' | '*' | '_' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A line of text, folded into `<details>` when long.
fn line(s: &str) -> String {
    if s.chars().count() <= INLINE {
        return escape(s);
    }
    let head: String = s.chars().take(60).collect();
    format!(
        "{}…<details><summary>full text</summary>\n\n<pre>{}</pre>\n\n</details>",
        escape(&head),
        html_pre(s)
    )
}

/// Text for a `<pre>` block: only HTML needs escaping there.
fn html_pre(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn value(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "?".to_owned(),
    }
}

/// What a create creates, one line each.
fn what_it_creates(c: &Change) -> Vec<String> {
    let Some(obj) = &c.desired else {
        return Vec::new();
    };
    let view = ObjectView::new(obj);
    let spec = view.spec();
    let mut out = Vec::new();
    match c.object.kind.as_str() {
        "Backend" => {
            for e in BackendView::new(spec).endpoints() {
                out.push(match e {
                    Endpoint::Fqdn { hostname, port } => {
                        format!("endpoint {}:{}", hostname.unwrap_or("?"), value(port))
                    }
                    Endpoint::Ip { address, port } => {
                        format!("endpoint {}:{}", address.unwrap_or("?"), value(port))
                    }
                    Endpoint::Unix { path } => format!("endpoint unix:{}", path.unwrap_or("?")),
                    _ => "endpoint (other)".to_owned(),
                });
            }
        }
        "AIServiceBackend" => {
            let sb = ServiceBackendView::new(spec);
            if let Some(b) = sb.backend_ref() {
                out.push(format!(
                    "sends to {} {}, schema {}",
                    b.kind,
                    b.name.unwrap_or("?"),
                    sb.schema_name().unwrap_or("?")
                ));
            }
        }
        "BackendSecurityPolicy" => {
            let p = PolicyView::new(spec);
            let targets: Vec<&str> = p.target_refs().filter_map(|t| t.reference.name).collect();
            out.push(format!(
                "{} key for {}",
                p.policy_type().unwrap_or("?"),
                if targets.is_empty() {
                    "no target".to_owned()
                } else {
                    targets.join(", ")
                }
            ));
        }
        "AIGatewayRoute" => {
            for rule in RouteView::new(spec).rules() {
                let models: Vec<&str> = rule.model_names().map(|m| m.value).collect();
                let backends: Vec<String> = rule
                    .backend_refs()
                    .map(|b| match b.model_name_override {
                        Some(o) => format!("{} as {o}", b.reference.name.unwrap_or("?")),
                        None => b.reference.name.unwrap_or("?").to_owned(),
                    })
                    .collect();
                let timeout = rule
                    .request_timeout()
                    .map(|t| format!(", timeout {}", value(Some(t))))
                    .unwrap_or_default();
                out.push(format!(
                    "model {} → {}{timeout}",
                    if models.is_empty() {
                        "(no model header)".to_owned()
                    } else {
                        models.join(", ")
                    },
                    backends.join(", ")
                ));
            }
        }
        _ => {}
    }
    out
}

pub(crate) fn to_markdown(plan: &Plan) -> String {
    let mut out = String::new();
    let s = plan.summary();
    if plan.is_empty() {
        out.push_str("### nrp-llm-config plan: no changes\n");
    } else {
        let _ = writeln!(
            out,
            "### nrp-llm-config plan: {} to create, {} to update, {} to delete\n",
            s.create, s.update, s.delete
        );
        out.push_str("| | Kind | Object | Phase |\n|---|---|---|---|\n");
        for c in &plan.changes {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} |",
                c.action.symbol(),
                c.action.as_str(),
                escape(&c.object.kind),
                escape(&match &c.object.namespace {
                    Some(ns) => format!("{ns}/{}", c.object.name),
                    None => c.object.name.clone(),
                }),
                c.phase
            );
        }
        for c in &plan.changes {
            let _ = writeln!(
                out,
                "\n#### {} {}\n",
                c.action.symbol(),
                escape(&c.object.to_string())
            );
            // A create says what it creates (its details would repeat it); other changes list
            // their details.
            let created = if c.action == Action::Create {
                what_it_creates(c)
            } else {
                Vec::new()
            };
            let mut items: Vec<String> = if created.is_empty() {
                c.details.iter().map(|d| line(&d.message)).collect()
            } else {
                created.iter().map(|l| line(l)).collect()
            };
            items.extend(c.notes.iter().map(|n| format!("↳ {}", line(n))));
            if items.is_empty() {
                items.push(c.action.as_str().to_owned());
            }
            for i in items {
                let _ = writeln!(out, "- {i}");
            }
        }
    }
    if !plan.left_alone.is_empty() {
        out.push_str("\n<details><summary>Left alone (not in DESIRED, not this tool's to delete)</summary>\n\n");
        for l in &plan.left_alone {
            let _ = writeln!(
                out,
                "- {}: {}",
                escape(&l.object.to_string()),
                escape(&l.reason.to_string())
            );
        }
        out.push_str("\n</details>\n");
    }
    if !plan.ownership_unknown.is_empty() {
        let _ = writeln!(
            out,
            "\n> Ownership unknown for {} live object(s): the dump has no managedFields.",
            plan.ownership_unknown.len()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_tables_and_markup_intact() {
        assert_eq!(escape("a|b<script>`x`"), "a\\|b&lt;script&gt;\\`x\\`");
        // A newline is written out as `\n`, whose backslash Markdown must not eat.
        assert_eq!(escape("line\nbreak"), "line\\\\nbreak");
        let long = "x".repeat(300);
        let l = line(&long);
        assert!(l.contains("<details>") && l.contains(&long), "{l}");
        assert_eq!(line("short"), "short");
    }
}
