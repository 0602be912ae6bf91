//! Catalog fidelity: a folder imported into a catalog compiles back to the same objects, with or
//! without the current state (`plan` between the folder and the result shows no change), on a
//! generated 300-model folder (also with one key split over several policies, in an order the
//! backends are not in, and split unevenly) and on the example folder. The imported catalog also
//! records the files of backends, and `placement` gives them back.

use crate::common::workspace_root;
use nrp_llm_config::{Catalog, ConfigSet, Limits, PlanOptions, Release, plan};
use nrp_llm_config_benches::Fleet;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Writes the 300-model folder of the generator (seed 42) below `dir`.
fn generated(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("models-config");
    Fleet::generate(300, 42).write(&folder).unwrap();
    folder
}

/// Replaces the folder's API-key policies by one key (`sdsc-apikey`) over every SDSC backend,
/// in reverse file order, split into policies of the given sizes (`...-apikey`, `-2`, ...).
fn one_split_key(folder: &Path, sizes: &[usize]) {
    let set = ConfigSet::load(&[folder], &Limits::default());
    let mut names: Vec<String> = set
        .objects()
        .iter()
        .filter(|o| o.kind() == "AIServiceBackend" && o.name().contains("-sdsc-"))
        .map(|o| o.name().to_owned())
        .collect();
    names.reverse();
    assert!(
        names.len() >= sizes.iter().sum::<usize>(),
        "{}",
        names.len()
    );
    let mut text = String::new();
    let mut rest = names.as_slice();
    for (k, &size) in sizes.iter().enumerate() {
        let (these, more) = rest.split_at(size);
        rest = more;
        let name = match k {
            0 => "envoy-ai-gateway-sdsc-apikey".to_owned(),
            k => format!("envoy-ai-gateway-sdsc-apikey-{}", k + 1),
        };
        if k > 0 {
            text.push_str("---\n");
        }
        write!(
            text,
            "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: BackendSecurityPolicy\nmetadata:\n  name: {name}\n  namespace: nrp-llm\nspec:\n  targetRefs:\n"
        )
        .unwrap();
        for t in these {
            write!(
                text,
                "  - group: aigateway.envoyproxy.io\n    kind: AIServiceBackend\n    name: {t}\n"
            )
            .unwrap();
        }
        text.push_str(
            "  type: APIKey\n  apiKey:\n    secretRef:\n      name: sdsc-apikey\n      namespace: nrp-llm\n",
        );
    }
    std::fs::write(folder.join("securitypolicy.yaml"), text).unwrap();
}

/// Imports `folder`, compiles the catalog without and with the current state, and checks that
/// `plan` from the folder to each result is empty. Returns the catalog and the folder's set.
fn round_trip(folder: &Path) -> (Catalog, ConfigSet) {
    let set = ConfigSet::load(&[folder], &Limits::default());
    assert!(set.problems().is_empty(), "{:?}", set.problems());
    let (catalog, notes) = Catalog::import_folder(&set, folder);
    assert!(notes.is_empty(), "{notes:?}");
    assert!(catalog.extra_objects.is_empty());
    // The catalog text reads back to the same catalog.
    let again = Catalog::from_yaml_str(&catalog.to_yaml(), "catalog.yaml").unwrap();
    assert_eq!(again, catalog);
    for current in [None, Some(&set)] {
        let compiled = catalog.compile(current, Release::V1_1).unwrap();
        let options = PlanOptions::default();
        let p = plan(&set, &compiled, &options).unwrap();
        assert!(
            p.is_empty(),
            "with current: {}: {:?}",
            current.is_some(),
            p.changes
                .iter()
                .map(|c| c.object.to_string())
                .collect::<Vec<_>>()
        );
        assert_eq!(compiled.len(), set.len());
    }
    (catalog, set)
}

/// Every placed object of the compiled catalog goes to the file it was read from.
fn placement_matches_origins(catalog: &Catalog, set: &ConfigSet, folder: &Path) -> usize {
    let compiled = catalog.compile(None, Release::V1_1).unwrap();
    let placed = catalog.placement(&compiled);
    for (r, file) in &placed {
        let origin = set.get(r).and_then(|o| o.origin()).unwrap();
        assert_eq!(Path::new(&*origin.file), folder.join(file), "{r}");
    }
    placed.len()
}

#[test]
fn generated_300_model_folder_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated(dir.path());
    let (catalog, set) = round_trip(&folder);
    assert_eq!(catalog.models.len(), 300);
    // Backends are in `servicebackend/{nrp,sdsc}-000.yaml` and `backend/{nrp,sdsc}-000.yaml`:
    // every AIServiceBackend and Backend is placed back into its file.
    let backends = set
        .objects()
        .iter()
        .filter(|o| matches!(o.kind(), "AIServiceBackend" | "Backend"))
        .count();
    assert_eq!(placement_matches_origins(&catalog, &set, &folder), backends);
    assert!(catalog.gateway.backend_file.is_some());
}

/// The case: one key over many backends, split in `-apikey`, `-apikey-2`, ..., targets
/// not in the backends' order. Before, compiling the import without the current state moved
/// targets between the policies.
#[test]
fn generated_folder_with_a_split_key_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated(dir.path());
    one_split_key(&folder, &[16, 16, 16, 5]);
    let (catalog, _) = round_trip(&folder);
    assert_eq!(catalog.api_keys.len(), 1);
    assert!(catalog.backends.iter().all(|b| b.api_key_policy.is_none()));
    // The Secret is written once.
    assert_eq!(
        catalog.to_yaml().matches("secret: sdsc-apikey\n").count(),
        1
    );
}

/// Policies not filled in order (as `render --current` leaves them after removals) round-trip
/// too, with `apiKeyPolicy` on the backends of the later policies only.
#[test]
fn generated_folder_with_an_unevenly_split_key_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated(dir.path());
    one_split_key(&folder, &[12, 16, 3]);
    let (catalog, _) = round_trip(&folder);
    let pins: BTreeMap<&str, usize> = catalog.backends.iter().fold(BTreeMap::new(), |mut m, b| {
        if let Some(p) = b.api_key_policy.as_deref() {
            *m.entry(p).or_default() += 1;
        }
        m
    });
    assert_eq!(
        pins,
        BTreeMap::from([
            ("envoy-ai-gateway-sdsc-apikey-2", 16),
            ("envoy-ai-gateway-sdsc-apikey-3", 3)
        ])
    );
}

/// Models without `route:` keep their route object and rule position with the current state,
/// when models are removed before them and new ones are added at the front of the catalog.
#[test]
fn unpinned_models_keep_their_route_objects_in_a_300_model_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated(dir.path());
    let (mut catalog, set) = round_trip(&folder);
    let before = routes(&set);
    for m in &mut catalog.models {
        m.route = None;
    }
    let removed: Vec<String> = [0, 1, 17, 100]
        .iter()
        .map(|&i| catalog.models[i].name.clone())
        .collect();
    for m in &removed {
        assert!(catalog.remove_model(m));
    }
    let mut added = catalog.models[0].clone();
    added.name = "a-new-model".into();
    catalog.models.insert(0, added);
    let compiled = catalog.compile(Some(&set), Release::V1_1).unwrap();
    let after = routes(&compiled);
    for (route, models) in &before {
        let kept: Vec<&String> = models.iter().filter(|m| !removed.contains(m)).collect();
        let now: Vec<&String> = after[route].iter().filter(|m| kept.contains(m)).collect();
        assert_eq!(now, kept, "{route}");
    }
    // The new model took the first freed slot.
    assert!(after["envoy-ai-gateway-nrp-models-0000"].contains(&"a-new-model".to_owned()));
}

#[test]
fn example_folder_round_trips() {
    let folder = workspace_root().join("examples/nrp/models-config");
    let (catalog, set) = round_trip(&folder);
    // backend/nrp.yaml and backend/sdsc.yaml: every backend is placed back into its file.
    let backends = set
        .objects()
        .iter()
        .filter(|o| matches!(o.kind(), "AIServiceBackend" | "Backend"))
        .count();
    assert_eq!(placement_matches_origins(&catalog, &set, &folder), backends);
    // The example catalog is that import.
    let text = std::fs::read_to_string(workspace_root().join("examples/nrp/catalog.yaml")).unwrap();
    assert_eq!(
        Catalog::from_yaml_str(&text, "catalog.yaml").unwrap(),
        catalog
    );
}

/// Route object → models, in rule order.
fn routes(set: &ConfigSet) -> BTreeMap<String, Vec<String>> {
    set.objects()
        .iter()
        .filter(|o| o.kind() == "AIGatewayRoute")
        .map(|o| {
            let models = o.value()["spec"]["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r["matches"][0]["headers"][0]["value"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect();
            (o.name().to_owned(), models)
        })
        .collect()
}
