//! Printing diagnostics for people: the message, the source line and a marker under the field.

use nrp_llm_config::{Diagnostic, Severity};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};

/// Whether colour should be used on a stream: only on a terminal, and never when `NO_COLOR` is set.
pub(crate) fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints diagnostics with a snippet of the source, caching file contents.
pub(crate) struct Reporter {
    color: bool,
    to_stdout: bool,
    sources: HashMap<String, Option<Vec<String>>>,
}

impl Reporter {
    /// A reporter writing to standard error.
    pub(crate) fn stderr() -> Self {
        Self {
            color: use_color(std::io::stderr().is_terminal()),
            to_stdout: false,
            sources: HashMap::new(),
        }
    }

    /// A reporter writing to standard output.
    pub(crate) fn stdout() -> Self {
        Self {
            color: use_color(std::io::stdout().is_terminal()),
            to_stdout: true,
            sources: HashMap::new(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Renders one diagnostic as text.
    pub(crate) fn render(&mut self, d: &Diagnostic) -> String {
        let mut s = String::new();
        let (label, colour) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        s.push_str(&self.paint(colour, &format!("{label}[{}]", d.code)));
        s.push_str(": ");
        if let Some(o) = &d.object {
            s.push_str(&format!("{o}: "));
        }
        s.push_str(&d.message);
        s.push('\n');
        if let Some(file) = &d.location.file {
            let mut loc = file.clone();
            if let Some(l) = d.location.line {
                loc.push_str(&format!(":{l}"));
                if let Some(c) = d.location.column {
                    loc.push_str(&format!(":{c}"));
                }
            }
            s.push_str(&format!("  {} {loc}\n", self.paint("1;34", "-->")));
            if let Some(line) = d.location.line
                && let Some(text) = self.source_line(file, line)
            {
                let num = line.to_string();
                let pad = " ".repeat(num.len());
                let col = d.location.column.unwrap_or(1).max(1) as usize;
                let bar = self.paint("1;34", "|");
                s.push_str(&format!("  {pad} {bar}\n"));
                s.push_str(&format!("  {} {bar} {text}\n", self.paint("1;34", &num)));
                let marker = format!("{}^", " ".repeat(col - 1));
                s.push_str(&format!("  {pad} {bar} {}\n", self.paint(colour, &marker)));
            }
        }
        if let Some(h) = &d.hint {
            s.push_str(&format!("  = hint: {h}\n"));
        }
        s
    }

    fn source_line(&mut self, file: &str, line: u32) -> Option<String> {
        let lines = self.sources.entry(file.to_owned()).or_insert_with(|| {
            std::fs::read_to_string(file).ok().map(|t| {
                t.lines()
                    .map(|l| l.trim_end_matches('\r').to_owned())
                    .collect()
            })
        });
        let text = lines.as_ref()?.get(line.checked_sub(1)? as usize)?;
        // Tabs would shift the marker; show them as single spaces.
        Some(text.replace('\t', " "))
    }

    /// Prints one diagnostic followed by a blank line.
    pub(crate) fn diagnostic(&mut self, d: &Diagnostic) {
        let text = self.render(d);
        if self.to_stdout {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{text}");
        } else {
            eprintln!("{text}");
        }
    }
}
