//! Every Python exception the bindings raise, and the core errors each one stands for.
//!
//! | Core error | Python exception |
//! |---|---|
//! | [`Diagnostic`]s (invalid YAML, objects, catalogs, desired states) | `ValidationError(ValueError)`, `.errors()` lists them as `ErrorDetails` dicts |
//! | a field of the wrong type in a dict (`serde_path_to_error`) | `ValidationError` with the field path |
//! | [`SourceError`]: missing path / bad spec / git / not text | `FileNotFoundError` / `ValueError` / `OSError` / `ValueError` |
//! | [`ParseReleaseError`] | `ValueError` |
//! | [`PlanError::EmptyDesired`] | `ValueError` |
//! | [`WriteError`] | `PermissionError` or `OSError`; `ValueError` when a file cannot be edited without losing what people wrote |
//! | [`FolderError`]: unreadable files / an edit that cannot be made exactly / a write | `ValidationError` / `ValidationError` / as [`WriteError`] |
//! | [`VerifyError`]: bad URL, key or routes / unreachable / no answer in time / not a model list | `ValueError` / `ConnectionError` / `TimeoutError` / `OSError` |
//! | arguments of the wrong type or shape | `TypeError` / `ValueError` |
//!
//! This module uses nothing else of the bindings (the conversions in `convert` call it, not
//! the other way round).

use nrp_llm_config::WriteError;
use nrp_llm_config::folder::FolderError;
use nrp_llm_config::plan::PlanError;
use nrp_llm_config::release::ParseReleaseError;
use nrp_llm_config::verify::VerifyError;
use nrp_llm_config::{Code, Diagnostic, Diagnostics, Release, SourceError};
use pyo3::exceptions::{
    PyConnectionError, PyFileNotFoundError, PyOSError, PyPermissionError, PyRuntimeError,
    PyTimeoutError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};
use std::path::Path;

static VALIDATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The exception class, defined in Python so that it can subclass `ValueError` under the stable
/// ABI (pyo3 classes cannot extend native exceptions there) and carry an `errors()` method.
const VALIDATION_ERROR_SOURCE: &std::ffi::CStr = cr#"
class ValidationError(ValueError):
    """Raised where an operation needs valid input and did not get it.

    ``str(err)`` lists every problem, one per line; ``err.errors()`` returns them as
    ``ErrorDetails`` dicts with the keys ``file``, ``line``, ``column``, ``kind``,
    ``namespace``, ``name``, ``path``, ``code``, ``severity``, ``message`` and ``hint``.

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
        """Every problem, as a list of fresh ``ErrorDetails`` dicts."""
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
                .ok_or_else(|| PyRuntimeError::new_err("ValidationError"))?;
            Ok(cls.cast_into::<PyType>()?.unbind())
        })
        .map(|t| t.bind(py))
}

/// Diagnostics as a list of `ErrorDetails` dicts (the shape of `validate --output json`), as
/// `ValidationError.errors()` and the `validate()` methods return them.
pub fn error_details<'py>(
    py: Python<'py>,
    diagnostics: &[Diagnostic],
) -> PyResult<Bound<'py, PyList>> {
    let items = diagnostics
        .iter()
        .map(|d| pythonize::pythonize(py, &d.to_json()).map_err(PyErr::from))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// A `ValidationError` listing `diagnostics` (errors first), with `summary` as its first line.
pub fn validation_error(py: Python<'_>, summary: &str, diagnostics: &[Diagnostic]) -> PyErr {
    let mut errors_first = diagnostics.to_vec();
    errors_first.sort_by_key(|d| !d.is_error());
    let sorted = Diagnostics::from(errors_first);
    let message = format!("{summary}\n{sorted}");
    let build = || -> PyResult<PyErr> {
        let errors = error_details(py, &sorted)?;
        let instance = validation_error_type(py)?.call1((message, errors))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// A `ValidationError` for a field of the wrong type in a Python value (no source file): `what`
/// names the value (`catalog`, `model`, ...).
pub fn field_error(
    py: Python<'_>,
    what: &str,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> PyErr {
    let path = e.path().to_string().parse().unwrap_or_default();
    let d = Diagnostic::error(Code::INVALID_TYPE, e.inner().to_string()).with_path(path);
    validation_error(py, &format!("invalid {what}"), &[d])
}

/// A Python value that is not plain data (dicts, lists, str, int, float, bool, None).
pub fn not_plain_data(e: &pythonize::PythonizeError) -> PyErr {
    PyTypeError::new_err(format!("not a plain data value: {e}"))
}

/// A release name that names no supported release.
pub fn release(e: &ParseReleaseError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// An input (`what`: `current`, `desired`, ...) that could not be read.
pub fn source(py: Python<'_>, what: &str, e: SourceError) -> PyErr {
    match e {
        SourceError::Invalid(d) => {
            validation_error(py, &format!("{what} could not be read completely"), &d)
        }
        SourceError::NotFound(path) => not_found(&path),
        SourceError::GitUnavailable(io) => PyOSError::new_err(format!("cannot run git: {io}")),
        e @ SourceError::Git { .. } => PyOSError::new_err(e.to_string()),
        e => PyValueError::new_err(e.to_string()),
    }
}

/// A path that does not exist.
pub fn not_found(path: &Path) -> PyErr {
    PyFileNotFoundError::new_err(SourceError::NotFound(path.to_path_buf()).to_string())
}

/// A plan that could not be made for `release`.
pub fn plan(py: Python<'_>, release: Release, e: PlanError) -> PyErr {
    match e {
        PlanError::InvalidDesired(d) => {
            let errs: Vec<_> = d.into_iter().filter(Diagnostic::is_error).collect();
            validation_error(
                py,
                &format!(
                    "the desired configuration is invalid for AI Gateway {release}; nothing was planned"
                ),
                &errs,
            )
        }
        e => PyValueError::new_err(e.to_string()),
    }
}

/// A verification that could not compare anything; the message carries the hint.
pub fn verify(e: &VerifyError) -> PyErr {
    let message = match e.hint() {
        Some(h) => format!("{e} (hint: {h})"),
        None => e.to_string(),
    };
    match e {
        VerifyError::Unreachable { .. } => PyConnectionError::new_err(message),
        VerifyError::Timeout { .. } => PyTimeoutError::new_err(message),
        VerifyError::Status { .. }
        | VerifyError::Redirect { .. }
        | VerifyError::BadListing { .. }
        | VerifyError::TooLarge { .. } => PyOSError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

/// A folder that could not be written.
pub fn write(e: &WriteError) -> PyErr {
    match e.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            PyPermissionError::new_err(e.to_string())
        }
        Some(_) => PyOSError::new_err(e.to_string()),
        // A file that cannot be edited without losing what people wrote: nothing was written.
        None => PyValueError::new_err(e.to_string()),
    }
}

/// A folder that could not be opened, edited exactly or written (nothing was written).
pub fn folder(py: Python<'_>, e: &FolderError) -> PyErr {
    match e {
        FolderError::Write(w) => write(w),
        FolderError::Load(d) => validation_error(py, "the folder could not be read", d),
        e => validation_error(
            py,
            "the files cannot be edited exactly; nothing was written",
            &e.diagnostics(),
        ),
    }
}

/// An argument of the wrong type (`TypeError`).
pub fn wrong_type(message: impl Into<String>) -> PyErr {
    PyTypeError::new_err(message.into())
}

/// An argument of the right type but an unusable value (`ValueError`).
pub fn bad_value(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}
