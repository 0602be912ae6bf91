//! Command-line interface of nrp-llm-config.
fn main() {}
