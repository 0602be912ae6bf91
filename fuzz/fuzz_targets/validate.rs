//! Validation of arbitrary objects on every release: diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nrp_llm_config::document::{self, Limits};
use nrp_llm_config::{ConfigSet, Release, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(objects) = document::parse_str(text, "fuzz.yaml", &Limits::default()) else { return };
    let set = ConfigSet::from_objects(objects);
    for release in Release::ALL {
        let _ = validate::validate(&set, release);
    }
});
