//! Differential fuzzing of the YAML loader: the one-pass loader (`document::parse_str`,
//! `document::parse_values`) must agree exactly with the serde-saphyr reference path
//! (`document::parse_str_reference`, `document::parse_values_reference`) on any input: the same
//! objects, positions and origins, or the same error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nrp_llm_config::document::{self, Limits};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Small limits as well, so that the fuzzer reaches every limit with short inputs.
    let small = Limits {
        max_depth: 8,
        max_nodes: 200,
        max_documents: 6,
        max_scalar_bytes: 64,
        max_aliases: 20,
        max_alias_events: 100,
        ..Limits::default()
    };
    for limits in [Limits::default(), small] {
        let fast = document::parse_str(text, "fuzz.yaml", &limits);
        let reference = document::parse_str_reference(text, "fuzz.yaml", &limits);
        assert_eq!(fast, reference, "parse_str differs");
        let fast = document::parse_values(text, "fuzz.yaml", &limits);
        let reference = document::parse_values_reference(text, "fuzz.yaml", &limits);
        assert_eq!(fast, reference, "parse_values differs");
    }
});
