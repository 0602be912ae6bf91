//! `apply`: plan against the live cluster and apply the plan step by step.

use crate::Outcome;
use crate::args::ClusterArgs;
use crate::inputs;
use crate::output::Streams;
use nrp_llm_config::PlanOptions;
use nrp_llm_config::cluster::{ApplyError, ApplyOptions, Progress, apply_plan};
use nrp_llm_config::plan;
use std::io::{BufRead as _, IsTerminal as _};
use std::time::Duration;

pub(crate) struct ApplyArgs {
    pub(crate) desired: String,
    pub(crate) cluster: ClusterArgs,
    pub(crate) options: PlanOptions,
    pub(crate) dry_run: bool,
    pub(crate) yes: bool,
    pub(crate) wait: Duration,
}

pub(crate) fn run(a: &ApplyArgs, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    let desired = match inputs::load(&a.desired, a.options.release, None) {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    let kubectl = a.cluster.kubectl();
    let current = match kubectl.read_live(&desired, &a.options) {
        Ok(set) => set,
        Err(e) => {
            writeln!(s.err, "error: {e}")?;
            return Ok(Outcome::Failed);
        }
    };
    let p = match plan::plan(&current, &desired, &a.options) {
        Ok(p) => p,
        Err(e) => return super::plan::report_plan_error(e, &a.desired, "applied", s),
    };
    s.out.write_all(p.to_text(false).as_bytes())?;
    if p.is_empty() {
        return Ok(Outcome::Ok);
    }
    if !a.yes && !a.dry_run {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            writeln!(
                s.err,
                "error: not applying without confirmation: standard input is not a terminal; \
                 pass --yes (as a CI job does) or run on a terminal"
            )?;
            return Ok(Outcome::Failed);
        }
        let context = a
            .cluster
            .context
            .as_deref()
            .unwrap_or("the current context");
        write!(s.out, "\nApply these changes to {context}? [y/N] ")?;
        s.out.flush()?;
        let mut answer = String::new();
        stdin.lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            writeln!(s.out, "Nothing applied.")?;
            return Ok(Outcome::Ok);
        }
    }
    writeln!(s.out)?;
    let options = ApplyOptions {
        dry_run: a.dry_run,
        wait: a.wait,
        ..ApplyOptions::default()
    };
    let mut dry_total = 0;
    let out = &mut *s.out;
    // Progress lines as they come (a failed write, as to a closed pipe, is not the run's
    // business: the result below still decides the exit status).
    let result = apply_plan(&p, &kubectl, &options, &mut |event| {
        let line = match event {
            Progress::DryRun { total, .. } => {
                dry_total = total;
                return;
            }
            Progress::Applied {
                number,
                total,
                what,
                output,
            } => format!("[{number}/{total}] {what}: {output}"),
            Progress::Waiting { pending } => {
                let names: Vec<String> = pending.iter().map(ToString::to_string).collect();
                format!("waiting for {} to be accepted", names.join(", "))
            }
            _ => return,
        };
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    });
    match result {
        Ok(report) => {
            if a.dry_run {
                writeln!(
                    s.out,
                    "Server-side dry run: all {dry_total} step(s) accepted; nothing was applied."
                )?;
            } else {
                writeln!(
                    s.out,
                    "Applied {} step(s){}.",
                    report.steps.len(),
                    if report.accepted.is_empty() {
                        String::new()
                    } else {
                        format!("; {} route(s) accepted", report.accepted.len())
                    }
                )?;
            }
            Ok(Outcome::Ok)
        }
        Err(e @ ApplyError::NotAccepted { .. }) => {
            writeln!(s.err, "error: {e}")?;
            Ok(Outcome::Findings)
        }
        Err(e) => {
            writeln!(s.err, "error: {e}")?;
            Ok(Outcome::Failed)
        }
    }
}
