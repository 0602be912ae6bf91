//! The generated fleet (the benchmark input) must be read by the loader's line scanner, not by
//! the slower granit-parser event loop behind it, and both must agree on it.

use nrp_llm_config::document::{Limits, fast_paths_separately};
use nrp_llm_config_benches::Fleet;

#[test]
fn generated_fleet_is_read_by_the_line_scanner() {
    let fleet = Fleet::generate(1_000, 7);
    let files = fleet.files();
    assert!(files.len() > 10);
    for (path, text) in &files {
        let (scan, events) = fast_paths_separately(text, &Limits::default());
        assert!(scan.is_some(), "{path} is not read by the line scanner");
        assert_eq!(
            scan, events,
            "{path}: the scanner differs from the event loop"
        );
    }
    let changed = fleet.with_changes(60, 11);
    for (path, text) in &changed.files() {
        let (scan, events) = fast_paths_separately(text, &Limits::default());
        assert!(
            scan.is_some(),
            "{path} (changed) is not read by the line scanner"
        );
        assert_eq!(scan, events, "{path} (changed)");
    }
}
