//! `plan`: the ordered creates, updates and deletes from CURRENT to DESIRED.

use crate::Outcome;
use crate::args::{ClusterArgs, PlanFormat};
use crate::inputs;
use crate::output::{Reporter, Streams, use_color};
use nrp_llm_config::cluster::{ClusterError, DumpRequest};
use nrp_llm_config::plan::{self, ApplySet, PlanError, PlanOptions};
use nrp_llm_config::{ConfigSet, Release, SourceError};
use std::io::IsTerminal;

pub(crate) struct PlanArgs {
    pub(crate) inputs: Vec<String>,
    pub(crate) from_cluster: bool,
    pub(crate) cluster: ClusterArgs,
    pub(crate) release: Release,
    pub(crate) output: PlanFormat,
    pub(crate) exit_code: bool,
    pub(crate) allow_empty: bool,
    pub(crate) applyset: Option<String>,
    pub(crate) adopt: bool,
    pub(crate) namespace: Option<String>,
    pub(crate) allow_mass_delete: bool,
}

/// The plan options of the command line.
pub(crate) fn options(
    release: Release,
    applyset: Option<String>,
    adopt: bool,
    namespace: Option<String>,
) -> PlanOptions {
    PlanOptions {
        release,
        applyset: applyset.map(ApplySet::new).unwrap_or_default(),
        adopt,
        namespace,
        ..PlanOptions::default()
    }
}

/// `dump-command`: the kubectl lines that read what `plan --from-cluster` reads.
pub(crate) fn dump_command(
    desired: &str,
    options: &PlanOptions,
    cluster: &ClusterArgs,
    s: &mut Streams<'_>,
) -> anyhow::Result<Outcome> {
    let desired = match inputs::load(desired, options.release, None) {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    match DumpRequest::for_desired(&desired, options) {
        Ok(r) => {
            for line in r.commands(&cluster.kubectl()) {
                writeln!(s.out, "{line}")?;
            }
            Ok(Outcome::Ok)
        }
        Err(e) => {
            writeln!(s.err, "error: {e}")?;
            Ok(Outcome::Failed)
        }
    }
}

/// Prints why a plan was refused (the diagnostics of an invalid DESIRED, or the refusal) and
/// returns exit 2. `done` says what did not happen ("planned", "applied").
pub(crate) fn report_plan_error(
    e: PlanError,
    desired: &str,
    done: &str,
    s: &mut Streams<'_>,
) -> anyhow::Result<Outcome> {
    match e {
        PlanError::InvalidDesired(d) => {
            Reporter::stderr().diagnostics(s.err, d.iter().filter(|x| x.is_error()))?;
            writeln!(
                s.err,
                "error: {desired} is invalid ({} error(s)); nothing was {done}",
                d.error_count()
            )?;
        }
        e => writeln!(s.err, "error: {e}")?,
    }
    Ok(Outcome::Failed)
}

/// CURRENT and DESIRED, loaded: CURRENT from the cluster with `--from-cluster`.
fn load_both(a: &PlanArgs, options: &PlanOptions) -> Result<(ConfigSet, ConfigSet), LoadFailure> {
    let (current_spec, desired_spec) = match (a.from_cluster, a.inputs.as_slice()) {
        (true, [desired]) => (None, desired.as_str()),
        (false, [current, desired]) => (Some(current.as_str()), desired.as_str()),
        (true, _) => {
            return Err(LoadFailure::Usage(
                "with --from-cluster, give only DESIRED (CURRENT is read from the cluster)".into(),
            ));
        }
        (false, _) => {
            return Err(LoadFailure::Usage(
                "give CURRENT and DESIRED, or --from-cluster and DESIRED".into(),
            ));
        }
    };
    let Some(current_spec) = current_spec else {
        let desired = inputs::load(desired_spec, a.release, None)?;
        let current = a.cluster.kubectl().read_live(&desired, options)?;
        return Ok((current, desired));
    };
    // CURRENT first, then DESIRED against it: a DESIRED file may be a catalog compiled against
    // CURRENT, and DESIRED's objects that are the same as CURRENT's share their trees (each side
    // is read in parallel anyway; holding one tree where both agree halves the memory of a
    // typical plan).
    let current = inputs::load(current_spec, a.release, None)?;
    let desired = inputs::load(desired_spec, a.release, Some(&current))?;
    Ok((current, desired))
}

/// Why CURRENT or DESIRED could not be loaded.
enum LoadFailure {
    Usage(String),
    Source(SourceError),
    Cluster(ClusterError),
}

impl From<SourceError> for LoadFailure {
    fn from(e: SourceError) -> Self {
        LoadFailure::Source(e)
    }
}

impl From<ClusterError> for LoadFailure {
    fn from(e: ClusterError) -> Self {
        LoadFailure::Cluster(e)
    }
}

pub(crate) fn run(a: &PlanArgs, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    let options = PlanOptions {
        allow_empty: a.allow_empty,
        allow_mass_delete: a.allow_mass_delete,
        ..options(a.release, a.applyset.clone(), a.adopt, a.namespace.clone())
    };
    let (current, desired) = match load_both(a, &options) {
        Ok(both) => both,
        Err(LoadFailure::Source(e)) => return inputs::report(e, s),
        Err(LoadFailure::Usage(m)) => return Err(anyhow::anyhow!(m)),
        Err(LoadFailure::Cluster(e)) => {
            writeln!(s.err, "error: {e}")?;
            return Ok(Outcome::Failed);
        }
    };
    let desired_name = a.inputs.last().map_or("DESIRED", String::as_str);
    let p = match plan::plan(&current, &desired, &options) {
        Ok(p) => p,
        Err(e) => return report_plan_error(e, desired_name, "planned", s),
    };
    let text = match a.output {
        PlanFormat::Text => p.to_text(use_color(std::io::stdout().is_terminal())),
        PlanFormat::Json => serde_json::to_string_pretty(&p.to_json())? + "\n",
        PlanFormat::Kubectl => p.to_kubectl(),
        PlanFormat::Markdown => p.to_markdown(),
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
