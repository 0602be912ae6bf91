//! HTML rendering of a plan: a table with one coloured row per change, for notebooks.

use super::{Action, Plan};
use std::fmt::Write as _;

/// Escapes `&`, `<`, `>`, `"` and `'` so that names and values cannot inject markup.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn to_html(plan: &Plan) -> String {
    let mut out = String::from("<div class=\"nrp-plan\">\n");
    let s = plan.summary();
    if plan.is_empty() {
        left_alone(&mut out, plan);
        out.push_str("<p>No changes.</p>\n</div>\n");
        return out;
    }
    out.push_str(
        "<table>\n<thead><tr><th></th><th>phase</th><th>action</th><th>kind</th>\
         <th>namespace</th><th>name</th><th>details</th></tr></thead>\n<tbody>\n",
    );
    for c in &plan.changes {
        let colour = match c.action {
            Action::Create => "#1a7f37",
            Action::Update => "#9a6700",
            Action::Delete => "#cf222e",
        };
        let details: Vec<String> = c
            .details
            .iter()
            .map(|d| escape(&d.message))
            .chain(c.notes.iter().map(|n| format!("<i>{}</i>", escape(n))))
            .collect();
        let _ = writeln!(
            out,
            "<tr style=\"color: {colour}\"><td><b>{}</b></td><td title=\"{}\">{} {}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            c.action.symbol(),
            escape(c.phase.purpose()),
            c.phase.number(),
            c.phase.as_str(),
            c.action.as_str(),
            escape(&c.object.kind),
            escape(c.object.namespace.as_deref().unwrap_or("")),
            escape(&c.object.name),
            details.join("<br>")
        );
    }
    out.push_str("</tbody>\n</table>\n");
    left_alone(&mut out, plan);
    let _ = write!(
        out,
        "<p><b>Plan:</b> {} to create, {} to update, {} to delete.</p>\n</div>\n",
        s.create, s.update, s.delete
    );
    out
}

/// The objects left alone, as a list (nothing when there are none).
fn left_alone(out: &mut String, plan: &Plan) {
    if plan.left_alone.is_empty() {
        return;
    }
    out.push_str("<p>Left alone (not in DESIRED, but not this tool's to delete):</p>\n<ul>\n");
    for l in &plan.left_alone {
        let _ = writeln!(
            out,
            "<li><code>{}</code>: {}</li>",
            escape(&l.object.to_string()),
            escape(&l.reason.to_string())
        );
    }
    out.push_str("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::escape;
    use crate::ConfigSet;
    use crate::document::{Limits, parse_str};
    use crate::plan::{PlanOptions, plan};

    fn load(text: &str) -> ConfigSet {
        ConfigSet::from_objects(parse_str(text, "x.yaml", &Limits::default()).unwrap())
    }

    #[test]
    fn rows_are_coloured_and_names_escaped() {
        let backend = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: NAME, namespace: nrp-llm}\nspec:\n  endpoints:\n  - fqdn: {hostname: a.b, port: 80}\n";
        let current = load(&backend.replace("NAME", "'<i>x</i>'"));
        let desired = load(&backend.replace("NAME", "b"));
        let p = plan(&current, &desired, &PlanOptions::default()).unwrap();
        let html = p.to_html();
        assert!(
            html.contains("<td><code>&lt;i&gt;x&lt;/i&gt;</code></td>"),
            "{html}"
        );
        assert!(!html.contains("<i>"));
        assert!(html.contains("color: #1a7f37"));
        assert!(html.contains("color: #cf222e"));
        assert!(html.contains("1 to create, 0 to update, 1 to delete."));
        // The phase of each change, its purpose on hover.
        assert!(html.contains("<td title=\"before the routes change\">1 prepare</td>"));
        assert!(html.contains("<td title=\"backends last\">4 delete</td>"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b a=\"x\">'&'</b>"),
            "&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;"
        );
    }
}
