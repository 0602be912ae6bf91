//! `fmt`: rewrite files in the canonical layout, keeping their comments with their nodes.

use crate::Outcome;
use crate::output::{Reporter, Streams};
use nrp_llm_config::document::{self, Limits};
use std::path::{Path, PathBuf};

pub(crate) fn run(
    check: bool,
    drop_comments: bool,
    paths: &[PathBuf],
    s: &mut Streams<'_>,
) -> anyhow::Result<Outcome> {
    let limits = Limits::default();
    let mut reporter = Reporter::stderr();
    let (files, mut failed) = crate::inputs::expand_files(paths, &mut reporter, s.err)?;
    let mut changed = Vec::new();
    for f in &files {
        match format_file(f, &limits, drop_comments) {
            Ok(FileResult::Unchanged) => {}
            Ok(FileResult::Changed(text)) => {
                if check {
                    changed.push(f.clone());
                } else {
                    nrp_llm_config::write_atomic(f, text.as_bytes())
                        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", f.display()))?;
                    writeln!(s.out, "formatted {}", f.display())?;
                }
            }
            Ok(FileResult::CannotKeepComments(d)) => {
                // Neither mode pretends: the file is not rewritten, and --check does not
                // tell people to run a fmt that would refuse it.
                reporter.diagnostic(s.err, &d)?;
                failed = true;
            }
            Err(e) => {
                reporter.diagnostic(s.err, e.diagnostic())?;
                failed = true;
            }
        }
    }
    if check {
        for f in &changed {
            writeln!(s.out, "{}", f.display())?;
        }
        if !changed.is_empty() && !failed {
            writeln!(
                s.err,
                "{} file(s) are not in canonical form; run `nrp-llm-config fmt` on them",
                changed.len()
            )?;
        }
    }
    Ok(if failed {
        Outcome::Failed
    } else if check && !changed.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}

enum FileResult {
    Unchanged,
    Changed(String),
    /// The file has comments and the canonical form cannot place one of them.
    CannotKeepComments(Box<nrp_llm_config::Diagnostic>),
}

fn format_file(
    path: &Path,
    limits: &Limits,
    drop_comments: bool,
) -> Result<FileResult, document::LoadError> {
    let text = document::read_text(path, limits)?;
    let name = path.display().to_string();
    // Parse first so that syntax errors are reported as such even in files with comments.
    let values = document::parse_values(&text, &name, limits)?;
    // Also check that every document is an object (same rules as every other command), and that
    // objects of the kinds we model decode (a wrong type is reported, not silently kept).
    for o in document::parse_str(&text, &name, limits)? {
        if let Err(e) = nrp_llm_config::resources::Resource::from_value(o.value()) {
            let d = nrp_llm_config::Diagnostic::error(
                nrp_llm_config::Code::INVALID_TYPE,
                e.to_string(),
            )
            .with_path(e.path.clone())
            .with_hint("fix the value's type; `nrp-llm-config validate` lists every problem");
            return Err(document::LoadError(Box::new(o.locate_diagnostic(d))));
        }
    }
    let canonical: Vec<_> = values
        .iter()
        .map(nrp_llm_config::canonical_document)
        .collect();
    let mut out = document::to_yaml(&canonical);
    if out != text && !drop_comments && document::has_comments(&text) {
        // The canonical layout with every comment carried along with its node.
        match nrp_llm_config::edit::format_keeping_comments(&text, &name, limits) {
            Ok(with_comments) => out = with_comments,
            Err(e) => {
                let mut d = e.diagnostic().clone();
                d.hint = Some(
                    "the file was not rewritten; move the comment next to a key or item, or pass --drop-comments to rewrite the file without its comments".into(),
                );
                return Ok(FileResult::CannotKeepComments(Box::new(d)));
            }
        }
    }
    if out == text {
        return Ok(FileResult::Unchanged);
    }
    Ok(FileResult::Changed(out))
}
