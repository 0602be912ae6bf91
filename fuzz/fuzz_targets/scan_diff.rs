//! Differential fuzzing of the loader's two one-pass readers: whenever the line scanner
//! (`document/scan.rs`) accepts a text, it must give exactly what the granit-parser event loop
//! gives (values, key order, number types and positions of every document), with default and
//! with small limits. (`loader_diff` compares the whole loader with the serde-saphyr reference.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use nrp_llm_config::document::{Limits, fast_paths_separately};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let small = Limits {
        max_depth: 4,
        max_nodes: 100,
        max_documents: 4,
        max_scalar_bytes: 16,
        ..Limits::default()
    };
    for limits in [Limits::default(), small] {
        let (scan, events) = fast_paths_separately(text, &limits);
        if scan.is_some() {
            assert_eq!(scan, events, "the line scanner differs from the event loop");
        }
    }
});
