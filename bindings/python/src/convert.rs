//! Conversions between Python values and the core's serde types.

use nrp_llm_config::{Diagnostic, Release};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::Value;

/// A JSON value as a Python object (dicts keep key order).
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// Any serialisable core value as a Python object.
pub fn ser_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// A Python object (dicts, lists, str, int, float, bool, None) as a JSON value.
pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    pythonize::depythonize(obj)
        .map_err(|e| PyTypeError::new_err(format!("not a plain data value: {e}")))
}

/// Parses a release name (`v1.1`, `1.1`, `v0.4.0`, ...).
pub fn release(name: &str) -> PyResult<Release> {
    name.parse()
        .map_err(|e: nrp_llm_config::release::ParseReleaseError| {
            PyValueError::new_err(e.to_string())
        })
}

/// Diagnostics as a list of dicts (the JSON shape of `validate --output json`).
pub fn diagnostics<'py>(
    py: Python<'py>,
    diagnostics: &[Diagnostic],
) -> PyResult<Bound<'py, PyList>> {
    let items = diagnostics
        .iter()
        .map(|d| to_py(py, &d.to_json()))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// Deserialises a core type from a JSON value, raising `ValidationError` with the field path.
pub fn typed<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    what: &str,
    value: Value,
) -> PyResult<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        crate::errors::conversion_error(py, what, &e.path().to_string(), &e.inner().to_string())
    })
}
