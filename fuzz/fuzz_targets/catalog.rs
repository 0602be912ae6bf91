//! Catalog parsing and compiling: diagnostics, never a panic; compiled output validates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nrp_llm_config::{Catalog, Release, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(catalog) = Catalog::from_yaml_str(text, "catalog.yaml") else { return };
    let _ = catalog.to_yaml();
    if let Ok(set) = catalog.compile(None, Release::V1_1) {
        let d = validate::validate(&set, Release::V1_1);
        assert!(!d.has_errors(), "compiled catalog does not validate:\n{d}");
        let (back, _) = Catalog::import(&set);
        let _ = back.to_yaml();
    }
});
