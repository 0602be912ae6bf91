//! Builds the admin guide's objects with the typed builders, validates them and prints the YAML.
//!
//! Run with `cargo run --example build_guide_objects`.

use nrp_llm_config::{ConfigSet, Object, Release, document, validate};

fn main() {
    let values: Vec<_> = nrp_llm_config_examples::guide_objects()
        .iter()
        .map(nrp_llm_config::resources::Resource::to_value)
        .collect();
    let set = ConfigSet::from_objects(values.iter().cloned().map(Object::new));
    let diagnostics = validate::validate(&set, Release::default());
    for d in &diagnostics {
        eprintln!("{d}");
    }
    print!("{}", document::to_yaml(&values));
    if diagnostics.has_errors() {
        std::process::exit(1);
    }
}
