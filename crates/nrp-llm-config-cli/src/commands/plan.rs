//! `plan`: the ordered creates, updates and deletes from CURRENT to DESIRED.

use crate::Outcome;
use crate::args::PlanFormat;
use crate::inputs;
use crate::output::{Reporter, Streams, use_color};
use nrp_llm_config::Release;
use nrp_llm_config::plan::{self, ApplySet, PlanError, PlanOptions};
use std::io::IsTerminal;

pub(crate) struct PlanArgs {
    pub(crate) current: String,
    pub(crate) desired: String,
    pub(crate) release: Release,
    pub(crate) output: PlanFormat,
    pub(crate) exit_code: bool,
    pub(crate) allow_empty: bool,
    pub(crate) applyset: Option<String>,
    pub(crate) adopt: bool,
    pub(crate) namespace: Option<String>,
    pub(crate) allow_mass_delete: bool,
}

pub(crate) fn run(a: &PlanArgs, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    // CURRENT first, then DESIRED against it: a DESIRED file may be a catalog compiled against
    // CURRENT, and DESIRED's objects that are the same as CURRENT's share their trees (each side
    // is read in parallel anyway; holding one tree where both agree halves the memory of a
    // typical plan).
    let current = match inputs::load(&a.current, a.release, None) {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    let desired = inputs::load(&a.desired, a.release, Some(&current));
    let desired = match desired {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    let options = PlanOptions {
        release: a.release,
        allow_empty: a.allow_empty,
        applyset: a.applyset.clone().map(ApplySet::new).unwrap_or_default(),
        adopt: a.adopt,
        namespace: a.namespace.clone(),
        allow_mass_delete: a.allow_mass_delete,
        ..PlanOptions::default()
    };
    let p = match plan::plan(&current, &desired, &options) {
        Ok(p) => p,
        Err(PlanError::InvalidDesired(d)) => {
            Reporter::stderr().diagnostics(s.err, d.iter().filter(|x| x.is_error()))?;
            writeln!(
                s.err,
                "error: {} is invalid ({} error(s)); nothing was planned",
                a.desired,
                d.error_count()
            )?;
            return Ok(Outcome::Failed);
        }
        Err(e) => {
            writeln!(s.err, "error: {e}")?;
            return Ok(Outcome::Failed);
        }
    };
    let text = match a.output {
        PlanFormat::Text => p.to_text(use_color(std::io::stdout().is_terminal())),
        PlanFormat::Json => serde_json::to_string_pretty(&p.to_json())? + "\n",
        PlanFormat::Kubectl => p.to_kubectl(),
    };
    s.out.write_all(text.as_bytes())?;
    let findings = a.exit_code && !p.is_empty();
    // The process ends next: freeing two large sets object by object would only cost time.
    std::mem::forget((current, desired, p));
    Ok(if findings {
        Outcome::Findings
    } else {
        Outcome::Ok
    })
}
