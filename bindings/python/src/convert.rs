//! Conversions between Python values and the core's types (failures mapped by `errors`).

use crate::errors;
use nrp_llm_config::{Release, Source};
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;
use std::path::PathBuf;

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
    pythonize::depythonize(obj).map_err(|e| errors::not_plain_data(&e))
}

/// The release a `release=` argument names; `None` is [`Release::default`], the newest.
pub fn release(name: Option<&str>) -> PyResult<Release> {
    name.map_or(Ok(Release::default()), |n| {
        n.parse().map_err(|e| errors::release(&e))
    })
}

/// An input argument as a [`Source`]: a `str` is a spec as the CLI reads it (`git:REV:PATH`
/// included, see [`Source::parse`]), an `os.PathLike` is a path. `None` for anything else.
pub fn source(py: Python<'_>, what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Option<Source>> {
    if obj.is_instance_of::<PyString>() {
        let spec: String = obj.extract()?;
        return Source::parse(&spec)
            .map(Some)
            .map_err(|e| errors::source(py, what, e));
    }
    Ok(obj.extract::<PathBuf>().ok().map(Source::Path))
}

/// Deserialises a core type straight from a Python value (no JSON value in between, which is
/// what made building a large catalog slow). On any failure the value takes the slower road of
/// [`from_py`] and [`typed`], so that the exception and its field path are exactly theirs.
pub fn typed_py<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    what: &str,
    obj: &Bound<'_, PyAny>,
) -> PyResult<T> {
    match pythonize::depythonize(obj) {
        Ok(value) => Ok(value),
        Err(_) => typed(py, what, from_py(obj)?),
    }
}

/// Deserialises a core type from a JSON value, raising `ValidationError` with the field path.
pub fn typed<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    what: &str,
    value: Value,
) -> PyResult<T> {
    serde_path_to_error::deserialize(value).map_err(|e| errors::field_error(py, what, &e))
}
