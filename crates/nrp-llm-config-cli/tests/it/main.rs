//! End-to-end tests of the `nrp-llm-config` binary: one test binary, one module per feature (as
//! ripgrep). Cargo gives a binary's path (`CARGO_BIN_EXE_nrp-llm-config`) only to tests of its
//! own package, hence this binary lives here and not in the workspace's `tests/` crate.
#![allow(missing_docs)]

mod admin_fixtures;
mod apply;
mod catalog;
mod common;
mod convert;
mod edit_in_place;
mod exit_codes;
mod fmt;
mod graph;
mod hostile;
mod model_commands;
mod pipeline;
mod plan;
mod plan_git;
mod schema;
mod secrets;
mod validate;
mod verify;
