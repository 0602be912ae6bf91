//! The example catalog compiles to the example folder's objects (snapshot of the compiled YAML).

use crate::common::workspace_root;
use nrp_llm_config::{Catalog, ConfigSet, Limits, Release, document, validate};

#[test]
fn example_catalog_compiles_to_the_example_folder() {
    let root = workspace_root();
    let catalog = Catalog::from_path(&root.join("examples/nrp/catalog.yaml")).unwrap();
    let compiled = catalog.compile(None, Release::V1_1).unwrap();
    assert!(!validate::validate(&compiled, Release::V1_1).has_errors());
    let values: Vec<_> = compiled
        .objects()
        .iter()
        .map(|o| nrp_llm_config::canonical_document(o.value()))
        .collect();
    insta::assert_snapshot!("example_catalog_compiled", document::to_yaml(&values));
    // Same objects as the folder (compared by identity and value).
    let folder = ConfigSet::load(
        &[root.join("examples/nrp/models-config")],
        &Limits::default(),
    );
    assert_eq!(folder.len(), compiled.len());
    for o in compiled.objects() {
        let r = o.object_ref().unwrap();
        assert_eq!(folder.get(&r).map(|f| f.value()), Some(o.value()), "{r}");
    }
}
