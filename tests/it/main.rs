//! Integration tests of nrp-llm-config: one binary, one module per feature.
#![allow(missing_docs)]

mod builders;
mod common;
mod conformance;
mod roundtrip;
