//! `convert`: to `v1beta1` and back byte for byte; refusals write nothing.

use crate::common::{copy_dir, examples, files, objects, run, stderr, stdout};

#[test]
fn convert_to_v1beta1_validates_and_converts_back_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("models-config");
    copy_dir(&examples(), &dir);
    let before = files(&dir);
    let before_objects = objects(&dir);

    let out = run(&["convert", "--to", "v1beta1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("object(s) to aigateway.envoyproxy.io/v1beta1"));

    let out = run(&["validate", "--release", "v1.1", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    let after_objects = objects(&dir);
    assert_eq!(before_objects.len(), after_objects.len());
    let mut converted = 0;
    for ((f1, a), (f2, b)) in before_objects.iter().zip(&after_objects) {
        assert_eq!(f1, f2);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            // QuotaPolicy has no v1beta1 and stays as it is.
            if x["apiVersion"] == "aigateway.envoyproxy.io/v1alpha1" && x["kind"] != "QuotaPolicy" {
                assert_eq!(y["apiVersion"], "aigateway.envoyproxy.io/v1beta1");
                converted += 1;
            } else {
                assert_eq!(x["apiVersion"], y["apiVersion"]);
            }
            let (mut x, mut y) = (x.clone(), y.clone());
            x.as_object_mut().unwrap().remove("apiVersion");
            y.as_object_mut().unwrap().remove("apiVersion");
            assert_eq!(x, y, "{}", f1.display());
        }
    }
    assert_eq!(converted, 25);
    // A second run has nothing to do.
    let again = run(&["convert", "--to", "v1beta1", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "");

    let out = run(&["convert", "--to", "v1alpha1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        files(&dir),
        before,
        "converting back must give the original bytes"
    );
}

#[test]
fn convert_refuses_fields_v1beta1_dropped_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("models-config");
    copy_dir(&examples(), &dir);
    let route = dir.join("gatewayroute/envoy-ai-gateway-nrp-qwen.yaml");
    let text = std::fs::read_to_string(&route).unwrap();
    let with_filter = text.replacen(
        "spec:\n",
        "spec:\n  filterConfig:\n    type: ExternalProcessor\n",
        1,
    );
    assert_ne!(with_filter, text);
    std::fs::write(&route, &with_filter).unwrap();
    let asb = dir.join("servicebackend/sdsc.yaml");
    let asb_text = std::fs::read_to_string(&asb).unwrap();
    let with_ref = asb_text.replacen(
        "spec:\n",
        "spec:\n  backendSecurityPolicyRef:\n    group: aigateway.envoyproxy.io\n    kind: BackendSecurityPolicy\n    name: envoy-ai-gateway-sdsc-nairr-apikey\n",
        1,
    );
    std::fs::write(&asb, &with_ref).unwrap();
    let before = files(&dir);

    let out = run(&["convert", "--to", "v1beta1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen: cannot convert to aigateway.envoyproxy.io/v1beta1: spec.filterConfig: field does not exist in aigateway.envoyproxy.io/v1beta1"),
        "{err}"
    );
    assert!(
        err.contains("gatewayroute/envoy-ai-gateway-nrp-qwen.yaml:7:3"),
        "{err}"
    );
    assert!(
        err.contains("AIServiceBackend nrp-llm/envoy-ai-gateway-sdsc-nairr-qwen3: cannot convert to aigateway.envoyproxy.io/v1beta1: spec.backendSecurityPolicyRef"),
        "{err}"
    );
    assert!(err.contains("servicebackend/sdsc.yaml:7:3"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(files(&dir), before, "no file may change");
}

#[test]
fn convert_keeps_comments_and_changes_only_the_api_version() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("asb.yaml");
    let text = "# the qwen backend\napiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: q\n  namespace: nrp-llm\nspec:\n  schema:\n    name: OpenAI\n  backendRef:\n    group: gateway.envoyproxy.io\n    kind: Backend\n    name: q\n";
    std::fs::write(&f, text).unwrap();
    let out = run(&["convert", "--to", "v1beta1", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        text.replace("v1alpha1", "v1beta1")
    );
}

/// The admin guide's objects as the guide writes them (comments, indented lists, a parked rule
/// commented out, a quoted apiVersion): `convert` changes exactly the `apiVersion` lines of the
/// AI Gateway objects, and converting back restores every file byte for byte.
#[test]
fn convert_changes_exactly_the_api_version_lines_of_the_guide_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("guide");
    copy_dir(&crate::common::root().join("tests/fixtures/guide"), &dir);
    let before = files(&dir);
    let out = run(&["convert", "--to", "v1beta1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = files(&dir);
    let mut changed_lines = 0;
    for ((f, a), (_, b)) in before.iter().zip(&after) {
        let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
        let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        assert_eq!(la.len(), lb.len(), "{}", f.display());
        for (x, y) in la.iter().zip(&lb) {
            if x != y {
                changed_lines += 1;
                assert!(
                    x.contains("apiVersion: ") && x.contains("aigateway.envoyproxy.io/v1alpha1"),
                    "{x}"
                );
                assert_eq!(*y, x.replace("/v1alpha1", "/v1beta1"), "{}", f.display());
            }
        }
    }
    // Route, two AIServiceBackends and the policy; the Backends are Envoy Gateway's.
    assert_eq!(changed_lines, 4);
    let out = run(&["validate", "--release", "v1.1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(&["convert", "--to", "v1alpha1", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(files(&dir), before);
}
