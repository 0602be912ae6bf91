//! `validate`: check files as the API server would, plus cross-object rules.

use crate::Outcome;
use crate::args::ReportFormat;
use crate::output::{Reporter, Streams};
use nrp_llm_config::{Limits, Release, validate};
use std::path::PathBuf;

pub(crate) fn run(
    release: Release,
    output: ReportFormat,
    namespace: Option<&str>,
    paths: &[PathBuf],
    s: &mut Streams<'_>,
) -> anyhow::Result<Outcome> {
    for p in paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    // Streaming: parsed trees are dropped file by file (see `validate::validate_paths`).
    let report = validate::validate_paths_in(paths, release, &Limits::default(), namespace);
    let diags = report.diagnostics;
    match output {
        ReportFormat::Json => {
            let doc = serde_json::json!({
                "valid": !diags.has_errors(),
                "release": release.to_string(),
                "objects": report.objects,
                "checked": report.objects - report.not_checked,
                "notChecked": report.not_checked,
                "diagnostics": diags.iter().map(nrp_llm_config::Diagnostic::to_json).collect::<Vec<_>>(),
            });
            writeln!(s.out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        ReportFormat::Text => {
            Reporter::stdout().diagnostics(s.out, &*diags)?;
            let not_checked = match report.not_checked {
                0 => String::new(),
                n => format!(", {n} not checked"),
            };
            writeln!(
                s.out,
                "{} object(s) checked against AI Gateway {release}{not_checked}: {} error(s), {} warning(s)",
                report.objects - report.not_checked,
                diags.error_count(),
                diags.warning_count()
            )?;
        }
    }
    Ok(if diags.has_errors() {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}
