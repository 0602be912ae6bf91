//! Plans between two arbitrary inputs (split at the first `\n===\n`): never a panic, and a plan
//! applied to CURRENT gives DESIRED's managed objects.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nrp_llm_config::document::{self, Limits};
use nrp_llm_config::plan::{PlanOptions, plan};
use nrp_llm_config::ConfigSet;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (a, b) = text.split_once("\n===\n").unwrap_or((text, text));
    let limits = Limits::default();
    let (Ok(a), Ok(b)) = (
        document::parse_str(a, "current.yaml", &limits),
        document::parse_str(b, "desired.yaml", &limits),
    ) else {
        return;
    };
    let (current, desired) = (ConfigSet::from_objects(a), ConfigSet::from_objects(b));
    let options = PlanOptions { allow_empty: true, ..PlanOptions::default() };
    if let Ok(p) = plan(&current, &desired, &options) {
        let _ = p.to_text(false);
        let _ = p.to_json();
        let _ = p.to_kubectl();
        let applied = p.apply_to(&current);
        let again = plan(&applied, &desired, &options).expect("desired still validates");
        assert!(again.is_empty(), "plan(apply(plan)) not empty:\n{}", again.to_text(false));
    }
});
