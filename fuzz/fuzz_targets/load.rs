//! Document loading: any bytes must give objects or a located error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nrp_llm_config::document::{self, Limits};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let limits = Limits::default();
    if let Ok(objects) = document::parse_str(text, "fuzz.yaml", &limits) {
        // Every object can be written and read back to the same value.
        let values: Vec<_> = objects.iter().map(|o| o.value().clone()).collect();
        let again = document::parse_str(&document::to_yaml(&values), "again.yaml", &limits)
            .expect("emitted YAML parses");
        let again: Vec<_> = again.into_iter().map(document::Object::into_value).collect();
        assert_eq!(values, again);
        for v in &values {
            let _ = nrp_llm_config::canonical_document(v);
            let _ = objects[0].locate(&"spec.rules[0].backendRefs[0].name".parse().unwrap());
        }
    } else {
        let _ = document::parse_values(text, "fuzz.yaml", &limits);
    }
});
