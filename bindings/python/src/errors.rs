//! Error mapping: core diagnostics become `ValidationError(ValueError)` with `.errors()`.

use crate::convert;
use nrp_llm_config::{Diagnostic, Diagnostics};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

static VALIDATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The exception class, defined in Python so that it can subclass `ValueError` under the stable
/// ABI (pyo3 classes cannot extend native exceptions there) and carry an `errors()` method.
const VALIDATION_ERROR_SOURCE: &std::ffi::CStr = cr#"
class ValidationError(ValueError):
    """Raised where an operation needs valid input and did not get it.

    ``str(err)`` lists every problem, one per line; ``err.errors()`` returns them as dicts
    with the keys ``file``, ``line``, ``column``, ``kind``, ``namespace``, ``name``,
    ``path``, ``code``, ``severity``, ``message`` and ``hint``.

    >>> import nrp_llm_config as nlc
    >>> try:
    ...     nlc.Catalog.from_yaml("apiVersion: nrp-llm-config/v1\\nkind: Catalog\\n")
    ... except nlc.ValidationError as err:
    ...     print(err.errors()[0]["code"])
    required
    """

    def __init__(self, message, errors=()):
        super().__init__(message)
        self._errors = [dict(e) for e in errors]

    def errors(self):
        """Every problem, as a list of fresh dicts."""
        return [dict(e) for e in self._errors]
"#;

/// The `ValidationError` class (created once per interpreter).
pub fn validation_error_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    VALIDATION_ERROR
        .get_or_try_init(py, || {
            let globals = PyDict::new(py);
            globals.set_item("__name__", "nrp_llm_config._nrp_llm_config")?;
            globals.set_item("__builtins__", py.import("builtins")?)?;
            py.run(VALIDATION_ERROR_SOURCE, Some(&globals), None)?;
            let cls = globals
                .get_item("ValidationError")?
                .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("ValidationError"))?;
            Ok(cls.cast_into::<PyType>()?.unbind())
        })
        .map(|t| t.bind(py))
}

/// A `ValidationError` listing `diagnostics` (errors first), with `summary` as its first line.
pub fn validation_error(py: Python<'_>, summary: &str, diagnostics: &[Diagnostic]) -> PyErr {
    let mut sorted = Diagnostics(diagnostics.to_vec());
    sorted.0.sort_by_key(|d| !d.is_error());
    let message = format!("{summary}\n{sorted}");
    let build = || -> PyResult<PyErr> {
        let errors = convert::diagnostics(py, &sorted.0)?;
        let instance = validation_error_type(py)?.call1((message, errors))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// A `ValidationError` for a problem found while converting a Python value (no source file).
pub fn conversion_error(py: Python<'_>, what: &str, path: &str, message: &str) -> PyErr {
    let path = path.parse().unwrap_or_default();
    let d =
        Diagnostic::error(nrp_llm_config::Code::INVALID_TYPE, message.to_owned()).with_path(path);
    validation_error(py, &format!("invalid {what}"), &[d])
}
