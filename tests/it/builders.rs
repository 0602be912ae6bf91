//! The admin guide's objects built with the typed builders: snapshot of the YAML, and equality
//! with the objects of the example folder.

use crate::common::workspace_root;
use nrp_llm_config::document::{self, Limits};
use nrp_llm_config::resources::Resource;
use nrp_llm_config::{ConfigSet, ObjectRef, Release, validate};
use serde_json::Value;

fn built() -> Vec<Value> {
    nrp_llm_config_examples::guide_objects()
        .iter()
        .map(Resource::to_value)
        .collect()
}

#[test]
fn guide_objects_snapshot() {
    insta::assert_snapshot!("guide_objects", document::to_yaml(&built()));
}

#[test]
fn guide_objects_validate_on_every_release() {
    let set = ConfigSet::from_objects(built().into_iter().map(document::Object::new));
    for r in Release::ALL {
        let d = validate::validate(&set, r);
        assert!(!d.has_errors(), "{r}: {d}");
    }
}

#[test]
fn guide_objects_match_the_example_folder() {
    let dir = workspace_root().join("examples/nrp/models-config");
    let set = ConfigSet::load(&[dir], &Limits::default());
    assert!(set.problems().is_empty());
    for v in built() {
        let r = ObjectRef::from_value(&v).unwrap();
        let on_disk = set.get(&r).unwrap_or_else(|| panic!("{r} missing")).value();
        match r.kind.as_str() {
            "AIGatewayRoute" => {
                // The example route holds the guide's three rules first, then more models.
                assert_eq!(on_disk["spec"]["parentRefs"], v["spec"]["parentRefs"]);
                assert_eq!(
                    on_disk["spec"]["llmRequestCosts"],
                    v["spec"]["llmRequestCosts"]
                );
                let rules = v["spec"]["rules"].as_array().unwrap();
                assert_eq!(
                    &on_disk["spec"]["rules"].as_array().unwrap()[..3],
                    &rules[..]
                );
            }
            "BackendSecurityPolicy" => {
                assert_eq!(on_disk["spec"]["type"], v["spec"]["type"]);
                assert_eq!(on_disk["spec"]["apiKey"], v["spec"]["apiKey"]);
                assert_eq!(on_disk["spec"]["targetRefs"][0], v["spec"]["targetRefs"][0]);
            }
            _ => assert_eq!(on_disk, &v, "{r}"),
        }
    }
}
