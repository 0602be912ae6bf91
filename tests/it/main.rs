//! Integration tests of nrp-llm-config: one binary, one module per feature.
#![allow(missing_docs)]

mod builders;
mod catalog;
mod catalog_fidelity;
mod common;
mod conformance;
mod cross_facts;
mod cross_rules;
mod live;
mod loader_diff;
mod plan_snapshots;
mod roundtrip;
mod secret_fields;
mod ssa_model;
mod upstream_examples;
mod validate_stream;
