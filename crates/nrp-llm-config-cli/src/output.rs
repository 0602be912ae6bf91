//! Where commands write, and printing diagnostics for people: the message, the source line and
//! a marker under the field.
//!
//! Every write goes through [`Streams`] with `write_all`/`writeln!` and `?`: a closed pipe
//! (`nrp-llm-config plan A B | head -1`) then ends the command with a `BrokenPipe` error, which
//! `main` turns into a quiet exit 0, as ripgrep does. Nothing prints with `print!`, which would
//! panic there.

use nrp_llm_config::{Diagnostic, Severity};
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};

/// The output streams of a command: results on `out`, diagnostics and summaries on `err`.
pub(crate) struct Streams<'a> {
    /// Standard output.
    pub(crate) out: &'a mut dyn Write,
    /// Standard error.
    pub(crate) err: &'a mut dyn Write,
}

/// Whether colour should be used on a stream: only on a terminal, and never when `NO_COLOR` is set.
pub(crate) fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Renders diagnostics with a snippet of the source, caching file contents.
pub(crate) struct Reporter {
    color: bool,
    sources: HashMap<String, Option<Vec<String>>>,
}

impl Reporter {
    /// A reporter for standard error (coloured when that is a terminal).
    pub(crate) fn stderr() -> Self {
        Self {
            color: use_color(io::stderr().is_terminal()),
            sources: HashMap::new(),
        }
    }

    /// A reporter for standard output (coloured when that is a terminal).
    pub(crate) fn stdout() -> Self {
        Self {
            color: use_color(io::stdout().is_terminal()),
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
            Severity::Warning => ("warning", "1;33"),
            // An error, or a severity added later: never shown as harmless.
            _ => ("error", "1;31"),
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
                && let Some(text) =
                    self.source_line(file, line, d.code == nrp_llm_config::Code::SECRET_LITERAL)
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

    /// The source line as a report may show it: secret values masked (see
    /// [`nrp_llm_config::secrets::snippet_line`]).
    fn source_line(&mut self, file: &str, line: u32, secret_literal: bool) -> Option<String> {
        let lines = self.sources.entry(file.to_owned()).or_insert_with(|| {
            std::fs::read_to_string(file).ok().map(|t| {
                t.lines()
                    .map(|l| l.trim_end_matches('\r').to_owned())
                    .collect()
            })
        });
        let text = nrp_llm_config::secrets::snippet_line(lines.as_ref()?, line, secret_literal)?;
        // Tabs would shift the marker; show them as single spaces.
        Some(text.replace('\t', " "))
    }

    /// Writes one diagnostic followed by a blank line.
    pub(crate) fn diagnostic(&mut self, w: &mut dyn Write, d: &Diagnostic) -> io::Result<()> {
        let text = self.render(d);
        writeln!(w, "{text}")
    }

    /// Writes every diagnostic of `ds`.
    pub(crate) fn diagnostics<'d>(
        &mut self,
        w: &mut dyn Write,
        ds: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> io::Result<()> {
        ds.into_iter().try_for_each(|d| self.diagnostic(w, d))
    }
}
