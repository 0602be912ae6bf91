//! The CLI's side of reading CURRENT / DESIRED / PATH arguments: the specs are resolved by
//! [`nrp_llm_config::Source`]; this file only prints what went wrong.

use crate::Outcome;
use crate::output::{Reporter, Streams};
use nrp_llm_config::{ConfigSet, Release, Source, SourceError, document};
use std::path::PathBuf;

/// Loads the input named by a command-line spec (see [`Source::parse`]).
pub(crate) fn load(
    spec: &str,
    release: Release,
    current: Option<&ConfigSet>,
) -> Result<ConfigSet, SourceError> {
    Source::parse(spec)?.load(release, current)
}

/// Reports an input that could not be loaded: the diagnostics of an invalid input are printed
/// here (exit 2); usage, I/O and git errors go up to `main`.
pub(crate) fn report(e: SourceError, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    match e {
        SourceError::Invalid(d) => {
            Reporter::stderr().diagnostics(s.err, &*d)?;
            Ok(Outcome::Failed)
        }
        e => Err(e.into()),
    }
}

/// Expands the command-line paths of a file-rewriting command (`fmt`, `convert`): folders become
/// their YAML files, files stay as given. A folder that cannot be listed is reported and makes
/// the second value `true`; the other paths are still expanded.
pub(crate) fn expand_files(
    paths: &[PathBuf],
    reporter: &mut Reporter,
    err: &mut dyn std::io::Write,
) -> std::io::Result<(Vec<PathBuf>, bool)> {
    let (files, errors) = document::expand_paths(paths);
    reporter.diagnostics(err, &errors)?;
    Ok((files, !errors.is_empty()))
}
