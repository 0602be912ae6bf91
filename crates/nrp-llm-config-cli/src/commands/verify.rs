//! `verify`: compare a running gateway's `/v1/models` with the models DESIRED routes, and
//! optionally probe each model.

use crate::Outcome;
use crate::args::VerifyFormat;
use crate::inputs;
use crate::output::Streams;
use nrp_llm_config::Release;
use nrp_llm_config::verify::{self, ApiKey, VerifyError, VerifyOptions};
use std::time::Duration;

pub(crate) struct VerifyArgs {
    pub(crate) desired: String,
    pub(crate) gateway: String,
    pub(crate) api_key_env: Option<String>,
    pub(crate) probe: bool,
    pub(crate) timeout: Duration,
    pub(crate) parent: Option<String>,
    pub(crate) embedding_models: Vec<String>,
    pub(crate) output: VerifyFormat,
}

/// Prints an error that kept the comparison from happening, with its hint (exit 2).
fn fail(e: &VerifyError, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    writeln!(s.err, "error: {e}")?;
    if let Some(h) = e.hint() {
        writeln!(s.err, "  = hint: {h}")?;
    }
    Ok(Outcome::Failed)
}

pub(crate) fn run(a: &VerifyArgs, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    let api_key = match a.api_key_env.as_deref().map(ApiKey::from_env).transpose() {
        Ok(k) => k,
        Err(e) => return fail(&e, s),
    };
    let desired = match inputs::load(&a.desired, Release::default(), None) {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    let options = VerifyOptions {
        api_key,
        probe: a.probe,
        timeout: a.timeout,
        parent: a.parent.clone(),
        embedding_models: a.embedding_models.clone(),
    };
    let report = match verify::verify(&desired, &a.gateway, &options) {
        Ok(r) => r,
        Err(e) => return fail(&e, s),
    };
    let text = match a.output {
        VerifyFormat::Text => report.to_text(),
        VerifyFormat::Json => serde_json::to_string_pretty(&report.to_json())? + "\n",
    };
    s.out.write_all(text.as_bytes())?;
    Ok(if report.is_ok() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}
