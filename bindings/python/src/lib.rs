//! Python bindings of nrp-llm-config (`import nrp_llm_config`): a thin pyo3 layer that converts
//! Python values, calls the core crate and maps its errors. It holds no logic of its own.
//!
//! Each file wraps one core module: [`resources`] (the typed kinds), [`config_set`] (loading,
//! validation, writing folders), [`folder`] (editing a folder with the model operations),
//! [`catalog`], [`plan`], [`verify`]; [`convert`] holds the conversions of
//! values and [`errors`] every Python exception raised (`errors` uses no other binding module).
//! This file only registers things.
//!
//! The doc comments of the Python-facing items are their Python docstrings, with `>>>` examples
//! run by `tests/test_docstrings.py`; rustdoc would read their `[0]` and `<BLANKLINE>` as links
//! and HTML, hence the two allows below.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use pyo3::prelude::*;

/// mimalloc for the allocations of the Rust code in the extension module (only in the module
/// maturin builds, so that nothing else linking this crate inherits it).
#[cfg(feature = "extension-module")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod catalog;
pub mod config_set;
pub mod convert;
pub mod errors;
pub mod folder;
pub mod plan;
pub mod resources;
pub mod verify;

/// The native module `nrp_llm_config._nrp_llm_config`.
#[pymodule]
fn _nrp_llm_config(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add(
        "DEFAULT_RELEASE",
        nrp_llm_config::Release::default().to_string(),
    )?;
    m.add("ValidationError", errors::validation_error_type(py)?)?;
    resources::register(m)?;
    m.add_class::<config_set::PyConfigSet>()?;
    m.add_function(wrap_pyfunction!(config_set::load, m)?)?;
    m.add_function(wrap_pyfunction!(config_set::validate_paths, m)?)?;
    m.add_class::<folder::PyFolder>()?;
    m.add_class::<catalog::PyCatalog>()?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<plan::PyChange>()?;
    m.add_function(wrap_pyfunction!(plan::plan, m)?)?;
    m.add_class::<verify::PyVerifyReport>()?;
    m.add_function(wrap_pyfunction!(verify::verify, m)?)?;
    Ok(())
}
