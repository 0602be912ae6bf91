//! Writing new nodes in the style of the file they go into: its indentation step, whether
//! sequences under a key are indented, its line break; scalars quoted only when they must be.

use serde_json::Value;

use super::lines::{Class, Line};

/// How a file writes block collections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Style {
    /// Spaces a nested mapping is indented by.
    pub(super) step: usize,
    /// True when the items of a sequence under a key are indented (`key:\n  - a`), false when
    /// they are at the key's column (`key:\n- a`, as kubectl writes).
    pub(super) indent_sequences: bool,
    /// `"\n"` or `"\r\n"`.
    pub(super) newline: &'static str,
}

impl Default for Style {
    /// The canonical style (`document::to_yaml`).
    fn default() -> Self {
        Style {
            step: 2,
            indent_sequences: false,
            newline: "\n",
        }
    }
}

impl Style {
    /// The style most of `lines` uses; the canonical style where the file does not tell.
    pub(super) fn of(lines: &[Line<'_>]) -> Style {
        let mut indented = 0usize;
        let mut flush = 0usize;
        let mut steps = [0usize; 9];
        let mut crlf = 0usize;
        let mut prev: Option<&Line<'_>> = None;
        for l in lines {
            if l.raw.ends_with("\r\n") {
                crlf += 1;
            }
            if l.class != Class::Content {
                continue;
            }
            if let Some(p) = prev {
                let opens = p.text.trim_end().ends_with(':') && !p.is_dash();
                if opens && l.is_dash() {
                    if l.indent > p.indent {
                        indented += 1;
                    } else if l.indent == p.indent {
                        flush += 1;
                    }
                } else if opens && l.indent > p.indent && l.indent - p.indent < steps.len() {
                    steps[l.indent - p.indent] += 1;
                }
            }
            prev = Some(l);
        }
        let step = (1..steps.len())
            .max_by_key(|&s| (steps[s], s == 2))
            .filter(|&s| steps[s] > 0)
            .unwrap_or(2);
        Style {
            step,
            indent_sequences: indented > flush,
            newline: if crlf * 2 > lines.len() { "\r\n" } else { "\n" },
        }
    }
}

/// A scalar (or empty collection) as it is written after `key: ` or `- `, on one line: plain
/// when YAML reads it back as the same value, else double-quoted.
pub(super) fn scalar(v: &Value) -> String {
    match v {
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(_) | Value::Array(_) => flow(v),
        Value::String(s) => {
            let text = crate::document::to_yaml_one(v);
            let text = text.strip_suffix('\n').unwrap_or(&text);
            if text.contains('\n') || text.starts_with(['|', '>']) {
                serde_json::to_string(s).unwrap_or_default()
            } else {
                text.to_owned()
            }
        }
        _ => {
            let text = crate::document::to_yaml_one(v);
            text.trim_end().to_owned()
        }
    }
}

/// A key as written before `:`.
pub(super) fn key(k: &str) -> String {
    scalar(&Value::String(k.to_owned()))
}

/// A scalar replacing `old_text` (the source text of the old value): written in the old
/// text's quoting when it can be, else as [`scalar`] writes it.
pub(super) fn scalar_like(v: &Value, old_text: &str) -> String {
    match (v, old_text.as_bytes().first()) {
        (Value::String(s), Some(b'"')) => serde_json::to_string(s).unwrap_or_default(),
        (Value::String(s), Some(b'\''))
            if !s.chars().any(|c| c.is_control()) && !s.starts_with(' ') =>
        {
            format!("'{}'", s.replace('\'', "''"))
        }
        _ => scalar(v),
    }
}

/// A collection in flow style on one line (`{name: a, kind: B}`, `[a, b]`).
pub(super) fn flow(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", flow_scalar(&Value::String(k.clone())), flow(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        _ => flow_scalar(v),
    }
}

/// A scalar inside a flow collection, where `,[]{}` end a plain scalar.
fn flow_scalar(v: &Value) -> String {
    let text = scalar(v);
    match v {
        Value::String(s) if text.contains([',', '[', ']', '{', '}']) && !text.starts_with('"') => {
            serde_json::to_string(s).unwrap_or_default()
        }
        _ => text,
    }
}

/// The lines of the entry `key: value` at column `col`.
pub(super) fn entry(out: &mut Vec<String>, col: usize, k: &str, value: &Value, style: Style) {
    let pad = " ".repeat(col);
    let nl = style.newline;
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push(format!("{pad}{}:{nl}", key(k)));
            for (k, v) in m {
                entry(out, col + style.step, k, v, style);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            out.push(format!("{pad}{}:{nl}", key(k)));
            let item_col = if style.indent_sequences {
                col + style.step
            } else {
                col
            };
            for v in a {
                item(out, item_col, v, style);
            }
        }
        _ => out.push(format!("{pad}{}: {}{nl}", key(k), scalar(value))),
    }
}

/// The lines of the sequence item `- value` with its dash at column `col`.
pub(super) fn item(out: &mut Vec<String>, col: usize, value: &Value, style: Style) {
    let pad = " ".repeat(col);
    let nl = style.newline;
    let first = out.len();
    match value {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                entry(out, col + 2, k, v, style);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for v in a {
                item(out, col + 2, v, style);
            }
        }
        _ => {
            out.push(format!("{pad}- {}{nl}", scalar(value)));
            return;
        }
    }
    // The first line of the nested block moves up behind the dash.
    if let Some(line) = out.get_mut(first) {
        *line = format!("{pad}- {}", &line[col + 2..]);
    }
}

/// The lines of a whole document (a block mapping at column 0).
pub(super) fn document(value: &Value, style: Style) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                entry(&mut out, 0, k, v, style);
            }
        }
        other => out.push(format!("{}{}", scalar(other), style.newline)),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn styles_are_read_from_the_file() {
        let text = "a:\n  - x\nb:\n    c: 1\n";
        let lines = super::super::lines::split(text);
        let s = Style::of(&lines);
        assert!(s.indent_sequences);
        assert_eq!(s.step, 4);
        let lines = super::super::lines::split("a:\n- x\nb:\n  c: 1\n");
        assert_eq!(Style::of(&lines), Style::default());
    }

    #[test]
    fn entries_and_items_follow_the_style() {
        let v = json!({"rules": [{"name": "a", "refs": [{"k": 1}]}], "m": {}});
        let mut out = Vec::new();
        let style = Style {
            indent_sequences: true,
            ..Style::default()
        };
        for (k, v) in v.as_object().unwrap() {
            entry(&mut out, 0, k, v, style);
        }
        assert_eq!(
            out.concat(),
            "rules:\n  - name: a\n    refs:\n      - k: 1\nm: {}\n"
        );
    }

    #[test]
    fn scalars_keep_their_quotes_when_they_can() {
        assert_eq!(scalar_like(&json!("SDSC"), "\"NRP\""), "\"SDSC\"");
        assert_eq!(scalar_like(&json!("it's"), "'x'"), "'it''s'");
        assert_eq!(scalar_like(&json!("SDSC"), "NRP"), "SDSC");
        assert_eq!(scalar(&json!("true")), "\"true\"");
        assert_eq!(
            flow(&json!({"name": "a,b", "k": [1]})),
            "{name: \"a,b\", k: [1]}"
        );
    }
}
