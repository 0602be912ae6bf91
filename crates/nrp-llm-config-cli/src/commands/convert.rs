//! `convert`: rewrite AI Gateway objects between `v1alpha1` and `v1beta1`.
//!
//! The conversion and its checks are the library's
//! ([`nrp_llm_config::resources::convert::convert_yaml`]: nothing but `apiVersion` may change,
//! refusals carry file, line, object and field path). The files are edited in place
//! ([`convert_yaml_in_place`]): only the `apiVersion` values change, comments and layout stay.
//! Where that edit cannot be made exactly, the file is refused unless `--drop-comments` asks for
//! a canonical rewrite. This command reads the files, prints the refusals and writes: all files
//! are checked first, and when anything is refused no file is written.

use crate::Outcome;
use crate::args::ConvertTarget;
use crate::output::{Reporter, Streams};
use nrp_llm_config::document::{self, Limits};
use nrp_llm_config::resources::convert::{
    AiGatewayVersion, ConvertYamlError, convert_yaml, convert_yaml_in_place,
};
use nrp_llm_config::{Code, Diagnostic};
use std::path::{Path, PathBuf};

impl From<ConvertTarget> for AiGatewayVersion {
    fn from(t: ConvertTarget) -> Self {
        match t {
            ConvertTarget::V1beta1 => AiGatewayVersion::V1beta1,
            ConvertTarget::V1alpha1 => AiGatewayVersion::V1alpha1,
        }
    }
}

pub(crate) fn run(
    target: ConvertTarget,
    drop_comments: bool,
    paths: &[PathBuf],
    s: &mut Streams<'_>,
) -> anyhow::Result<Outcome> {
    let limits = Limits::default();
    let mut reporter = Reporter::stderr();
    let (files, mut io_failed) = crate::inputs::expand_files(paths, &mut reporter, s.err)?;
    let mut writes: Vec<(PathBuf, String, usize)> = Vec::new();
    let mut refused = false;
    for f in &files {
        match plan_file(f, target, drop_comments, &limits) {
            Ok(FilePlan::Unchanged) => {}
            Ok(FilePlan::Write(text, n)) => writes.push((f.clone(), text, n)),
            Ok(FilePlan::Refused(diags)) => {
                reporter.diagnostics(s.err, &diags)?;
                refused = true;
            }
            Err(e) => {
                reporter.diagnostic(s.err, e.diagnostic())?;
                io_failed = true;
            }
        }
    }
    if io_failed {
        writeln!(s.err, "nothing written")?;
        return Ok(Outcome::Failed);
    }
    if refused {
        writeln!(
            s.err,
            "nothing written: fix or remove the refused objects and files, then run convert again"
        )?;
        return Ok(Outcome::Findings);
    }
    for (f, text, n) in &writes {
        nrp_llm_config::write_atomic(f, text.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", f.display()))?;
        if *n > 0 {
            writeln!(
                s.out,
                "converted {} ({n} object(s) to {})",
                f.display(),
                AiGatewayVersion::from(target).api_version()
            )?;
        } else {
            writeln!(s.out, "formatted {}", f.display())?;
        }
    }
    Ok(Outcome::Ok)
}

enum FilePlan {
    Unchanged,
    /// New text and the number of converted objects.
    Write(String, usize),
    Refused(Vec<Diagnostic>),
}

fn plan_file(
    path: &Path,
    target: ConvertTarget,
    drop_comments: bool,
    limits: &Limits,
) -> Result<FilePlan, document::LoadError> {
    let text = document::read_text(path, limits)?;
    let name = path.display().to_string();
    // First as an edit of the apiVersion values alone: comments and layout stay.
    let out = match convert_yaml_in_place(&text, &name, target.into(), limits) {
        Ok(out) => out,
        Err(ConvertYamlError::Refused(diags)) => return Ok(FilePlan::Refused(diags)),
        Err(ConvertYamlError::Load(e)) => return Err(e),
        Err(e) if !drop_comments => {
            let d = Diagnostic::error(
                Code::IO,
                format!("{e}; refusing to rewrite the file, which would lose its layout"),
            )
            .with_hint("pass --drop-comments to rewrite it in canonical form (comments are lost)");
            return Ok(FilePlan::Refused(vec![d]));
        }
        // Asked to: rewrite the whole file in canonical form.
        Err(_) => match convert_yaml(&text, &name, target.into(), limits) {
            Ok(out) => out,
            Err(ConvertYamlError::Refused(diags)) => return Ok(FilePlan::Refused(diags)),
            Err(ConvertYamlError::Load(e)) => return Err(e),
            Err(e) => {
                return Ok(FilePlan::Refused(vec![Diagnostic::error(
                    Code::IO,
                    e.to_string(),
                )]));
            }
        },
    };
    if out.text == text {
        return Ok(FilePlan::Unchanged);
    }
    Ok(FilePlan::Write(out.text, out.converted))
}
