//! `verify()` and `VerifyReport`: a running gateway's `/v1/models` against the models a
//! configuration routes.

use crate::plan::input_set;
use crate::{convert, errors};
use nrp_llm_config::Release;
use nrp_llm_config::verify::{ApiKey, Report, VerifyOptions};
use pyo3::prelude::*;
use std::time::Duration;

/// What `verify()` found: the models missing from the gateway's list, the extra ones, those
/// with another owner, and the probes. `str(report)` is the CLI's text output.
#[pyclass(
    frozen,
    module = "nrp_llm_config._nrp_llm_config",
    name = "VerifyReport"
)]
pub struct PyVerifyReport {
    report: Report,
}

/// Lists `gateway`'s `/v1/models` (an OpenAI-compatible AI Gateway base URL) and compares it
/// with the models `desired` routes (a `ConfigSet`, a `Catalog`, or a path or spec as the CLI
/// takes it): configured and not listed, listed and not configured, other owner
/// (`modelsOwnedBy`). With `probe=True`, every configured model gets one tiny chat-completions
/// request (embeddings for names containing "embed" or listed in `embedding_models`).
///
/// The API key is read from the environment variable `api_key_env` and sent as a bearer token;
/// it never appears in the report or in exceptions. `timeout` (seconds) bounds every request;
/// `parent` (`"NAME"` or `"NAMESPACE/NAME"`) picks the Gateway when the routes attach to
/// several. Raises `ValueError` for a bad URL, key or configuration, `ConnectionError` when
/// the gateway cannot be reached, `TimeoutError`, and `OSError` when it does not answer with a
/// model list.
///
/// >>> import nrp_llm_config as nlc
/// >>> try:
/// ...     nlc.verify(nlc.ConfigSet([]), "http://127.0.0.1:1")
/// ... except ValueError as err:
/// ...     print(str(err).split(" (hint")[0])
/// the configuration has no AIGatewayRoute attached to a Gateway: nothing to verify
#[pyfunction]
#[pyo3(signature = (desired, gateway, *, api_key_env = None, probe = false, timeout = 10.0, parent = None, embedding_models = None))]
#[allow(clippy::too_many_arguments)]
pub fn verify(
    py: Python<'_>,
    desired: &Bound<'_, PyAny>,
    gateway: &str,
    api_key_env: Option<&str>,
    probe: bool,
    timeout: f64,
    parent: Option<String>,
    embedding_models: Option<Vec<String>>,
) -> PyResult<PyVerifyReport> {
    if !(timeout > 0.0 && timeout <= 600.0) {
        return Err(errors::bad_value(format!(
            "timeout: {timeout} is not between 0 and 600 seconds"
        )));
    }
    let api_key = api_key_env
        .map(ApiKey::from_env)
        .transpose()
        .map_err(|e| errors::verify(&e))?;
    let set = input_set(py, "desired", desired, None, Release::default())?;
    let options = VerifyOptions {
        api_key,
        probe,
        timeout: Duration::from_secs_f64(timeout),
        parent,
        embedding_models: embedding_models.unwrap_or_default(),
    };
    py.detach(|| nrp_llm_config::verify::verify(&set, gateway, &options))
        .map(|report| PyVerifyReport { report })
        .map_err(|e| errors::verify(&e))
}

#[pymethods]
impl PyVerifyReport {
    /// True when the gateway lists exactly the configured models with their owners and every
    /// probe passed.
    #[getter]
    fn ok(&self) -> bool {
        self.report.is_ok()
    }

    /// The differences, as dicts with `kind` (`missing`, `extra`, `wrong_owner`,
    /// `probe_failed`), `model`, `message` and the kind's fields.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.report.to_json()["findings"])
    }

    /// Every probe as a dict (`model`, `endpoint`, `status`, `latencyMs`, `ok`, `error`); None
    /// without `probe=True`.
    #[getter]
    fn probes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.report.to_json()["probes"])
    }

    /// Counts: `configured`, `listed`, `missing`, `extra`, `wrongOwner`, `probeFailed`.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.report.to_json()["summary"])
    }

    /// The text rendering: one line per finding and per probe, then a summary line.
    fn to_text(&self) -> String {
        self.report.to_text()
    }

    /// The JSON rendering (as `verify --output json`) as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.report.to_json())
    }

    fn __str__(&self) -> String {
        self.report.to_text()
    }

    fn __repr__(&self) -> String {
        format!(
            "<VerifyReport {}: {} finding(s)>",
            self.report.models_url,
            self.report.findings.len()
        )
    }
}
