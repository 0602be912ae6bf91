//! Every cross-object rule, broken once: `tests/fixtures/cross/<case>/` is a small, valid
//! models-config (two route objects sharding one Gateway, two AIServiceBackends, two Backends,
//! one APIKey policy) with exactly one thing wrong. Each must yield exactly one diagnostic (and
//! nothing else), with its code, severity, file, line, column, field path and a hint. Lines and
//! columns below were counted by hand in the fixture files.

use crate::common::{fixture, workspace_root};
use nrp_llm_config::document::Limits;
use nrp_llm_config::{Code, ConfigSet, Diagnostics, Release, Severity, validate};
use std::collections::BTreeSet;

const ALL: &[Release] = &[Release::V0_3, Release::V0_4, Release::V0_5, Release::V1_1];
/// The releases whose CRD allows 128 rules, so only our own `rule_limit` stops a 16th rule.
const CRD_ALLOWS_128: &[Release] = &[Release::V0_3, Release::V0_4, Release::V0_5];

struct Case {
    /// Folder under `tests/fixtures/cross/`.
    folder: &'static str,
    /// Releases the case is checked on.
    releases: &'static [Release],
    code: Code,
    severity: Severity,
    /// File of the diagnostic, relative to the case folder.
    file: &'static str,
    line: u32,
    column: u32,
    path: &'static str,
    /// A piece of the message.
    message: &'static str,
}

const CASES: &[Case] = &[
    // A rule routes a new model to an AIServiceBackend that does not exist.
    Case {
        folder: "dangling_route_backend",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
        severity: Severity::Error,
        file: "gatewayroute/route-a.yaml",
        line: 28,
        column: 7,
        path: "spec.rules[1].backendRefs[0].name",
        message: "AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-llama3 does not exist",
    },
    // The Backend of an AIServiceBackend was deleted.
    Case {
        folder: "dangling_backend",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
        severity: Severity::Error,
        file: "servicebackend.yaml",
        line: 25,
        column: 5,
        path: "spec.backendRef.name",
        message: "Backend nrp-llm/envoy-ai-gateway-nrp-gpt-oss does not exist",
    },
    // The policy targets an AIServiceBackend that does not exist.
    Case {
        folder: "dangling_policy_target",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
        severity: Severity::Error,
        file: "securitypolicy.yaml",
        line: 16,
        column: 5,
        path: "spec.targetRefs[2].name",
        message: "AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-llama3 does not exist",
    },
    // The Gateway is part of the set, and route-b names another one.
    Case {
        folder: "dangling_gateway",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
        severity: Severity::Error,
        file: "gatewayroute/route-b.yaml",
        line: 10,
        column: 5,
        path: "spec.parentRefs[0].name",
        message: "Gateway nrp-llm/envoy-ai-gateway-nrp-beta does not exist",
    },
    // `backendSecurityPolicyRef` (only v0.3 serves it) names a missing policy.
    Case {
        folder: "dangling_security_policy_ref",
        releases: &[Release::V0_3],
        code: Code::INVALID_REFERENCE,
        severity: Severity::Error,
        file: "servicebackend.yaml",
        line: 29,
        column: 5,
        path: "spec.backendSecurityPolicyRef.name",
        message: "BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey-gpt-oss does not exist",
    },
    // route-b also routes qwen3, which route-a already routes on the same Gateway.
    Case {
        folder: "duplicate_model",
        releases: ALL,
        code: Code::DUPLICATE_MODEL,
        severity: Severity::Error,
        file: "gatewayroute/route-b.yaml",
        line: 26,
        column: 9,
        path: "spec.rules[1].matches[0].headers[0].value",
        message: "model \"qwen3\" is already routed by AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-a",
    },
    // route-b adds a sectionName to its parentRef.
    Case {
        folder: "shard_parent_refs",
        releases: ALL,
        code: Code::SHARD_MISMATCH,
        severity: Severity::Error,
        file: "gatewayroute/route-b.yaml",
        line: 7,
        column: 3,
        path: "spec.parentRefs",
        message: "spec.parentRefs: differs from AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-a",
    },
    // route-b counts llm_output_token as TotalToken.
    Case {
        folder: "shard_request_costs",
        releases: ALL,
        code: Code::SHARD_MISMATCH,
        severity: Severity::Error,
        file: "gatewayroute/route-b.yaml",
        line: 22,
        column: 3,
        path: "spec.llmRequestCosts",
        message: "spec.llmRequestCosts: differs from AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-a",
    },
    // 16 rules in route-a: the CRD allows 128 here, our rule says 15.
    Case {
        folder: "rule_limit",
        releases: CRD_ALLOWS_128,
        code: Code::RULE_LIMIT,
        severity: Severity::Error,
        file: "gatewayroute/route-a.yaml",
        line: 11,
        column: 3,
        path: "spec.rules",
        message: "spec.rules: 16 rules, but one AIGatewayRoute can hold at most 15",
    },
    // The same folder on v1.1: the CRD's own limit, in the API server's words.
    Case {
        folder: "rule_limit",
        releases: &[Release::V1_1],
        code: Code::TOO_MANY,
        severity: Severity::Error,
        file: "gatewayroute/route-a.yaml",
        line: 11,
        column: 3,
        path: "spec.rules",
        message: "spec.rules: Too many: 16: must have at most 15 items",
    },
    // A third AIServiceBackend that no rule uses.
    Case {
        folder: "unused_service_backend",
        releases: ALL,
        code: Code::UNUSED_OBJECT,
        severity: Severity::Warning,
        file: "servicebackend.yaml",
        line: 30,
        column: 3,
        path: "metadata.name",
        message: "no AIGatewayRoute rule references this AIServiceBackend",
    },
    // A third Backend that no AIServiceBackend uses.
    Case {
        folder: "unused_backend",
        releases: ALL,
        code: Code::UNUSED_OBJECT,
        severity: Severity::Warning,
        file: "backend.yaml",
        line: 26,
        column: 3,
        path: "metadata.name",
        message: "no AIServiceBackend references this Backend",
    },
    // A second APIKey policy targets envoy-ai-gateway-nrp-qwen.
    Case {
        folder: "duplicate_policy_target",
        releases: ALL,
        code: Code::DUPLICATE_POLICY_TARGET,
        severity: Severity::Warning,
        file: "securitypolicy.yaml",
        line: 29,
        column: 5,
        path: "spec.targetRefs[0].name",
        message: "is also targeted by BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey (type APIKey)",
    },
    // route-b's only rule lost its timeouts (the rule's first key is at 12:5).
    Case {
        folder: "missing_timeout",
        releases: ALL,
        code: Code::MISSING_TIMEOUT,
        severity: Severity::Warning,
        file: "gatewayroute/route-b.yaml",
        line: 12,
        column: 5,
        path: "spec.rules[0]",
        message: "spec.rules[0] (model \"gpt-oss\"): no timeouts.request",
    },
    // A new model reuses envoy-ai-gateway-nrp-qwen with another modelNameOverride.
    Case {
        folder: "override_mismatch",
        releases: ALL,
        code: Code::OVERRIDE_MISMATCH,
        severity: Severity::Warning,
        file: "gatewayroute/route-b.yaml",
        line: 29,
        column: 7,
        path: "spec.rules[1].backendRefs[0].modelNameOverride",
        message: "is used with modelNameOverride \"Qwen/Qwen3-30B-A3B-Instruct-2507\" here and \"Qwen/Qwen3-235B-A22B-Thinking-2507-FP8\" elsewhere",
    },
    // A kind the upstream schemas do not cover (ConfigMap) with a name that is not DNS-1123.
    Case {
        folder: "invalid_name",
        releases: ALL,
        code: Code::INVALID_NAME,
        severity: Severity::Error,
        file: "configmap.yaml",
        line: 4,
        column: 3,
        path: "metadata.name",
        message: "metadata.name: Invalid value: \"Models_Config\"",
    },
];

fn validate_folder(folder: &str, release: Release) -> Diagnostics {
    let set = ConfigSet::load(&[fixture(&format!("cross/{folder}"))], &Limits::default());
    validate::validate(&set, release)
}

#[test]
fn clean_control_has_no_diagnostics_on_any_release() {
    for &release in ALL {
        let d = validate_folder("clean", release);
        assert!(d.0.is_empty(), "clean on {release:?}: {d:#?}");
    }
}

#[test]
fn each_broken_rule_is_reported_once_where_it_is_broken() {
    let mut failures = Vec::new();
    for case in CASES {
        for &release in case.releases {
            let diags = validate_folder(case.folder, release);
            let label = format!("{} on {release:?}", case.folder);
            let [d] = diags.0.as_slice() else {
                failures.push(format!(
                    "{label}: expected exactly one diagnostic, got {}: {diags:#?}",
                    diags.0.len()
                ));
                continue;
            };
            let want_file = fixture(&format!("cross/{}", case.folder)).join(case.file);
            let checks = [
                (
                    "code",
                    d.code.as_str().to_owned(),
                    case.code.as_str().to_owned(),
                ),
                (
                    "severity",
                    d.severity.to_string(),
                    case.severity.to_string(),
                ),
                (
                    "file",
                    d.location.file.clone().unwrap_or_default(),
                    want_file.to_string_lossy().into_owned(),
                ),
                (
                    "line",
                    format!("{:?}", d.location.line),
                    format!("{:?}", Some(case.line)),
                ),
                (
                    "column",
                    format!("{:?}", d.location.column),
                    format!("{:?}", Some(case.column)),
                ),
                ("path", d.path.to_string(), case.path.to_owned()),
            ];
            for (what, got, want) in checks {
                if got != want {
                    failures.push(format!("{label}: {what} is {got:?}, expected {want:?}"));
                }
            }
            if !d.message.contains(case.message) {
                failures.push(format!(
                    "{label}: message {:?} lacks {:?}",
                    d.message, case.message
                ));
            }
            if d.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
                failures.push(format!("{label}: no hint"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `Code::X` that the rule files of `validate/cross/` can emit has a case above, so a new
/// rule cannot be added without a fixture that breaks it. (`reference.rs`, the frozen reference
/// implementation, and the unit tests are not read.)
#[test]
fn every_code_of_the_cross_rules_has_a_case() {
    let dir = workspace_root().join("crates/nrp-llm-config/src/validate/cross");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("validate/cross/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "rs")
                && !p.ends_with("tests.rs")
                && !p.ends_with("reference.rs")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 8, "too few rule files in {}", dir.display());
    let src: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("rule file is readable"))
        .collect();
    let emitted: BTreeSet<&str> = src
        .split("Code::")
        .skip(1)
        .map(|rest| {
            let end = rest
                .find(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    let consts: BTreeSet<&str> = emitted
        .iter()
        .copied()
        // Upstream codes the module only reads (to decorate an API-server diagnostic).
        .filter(|c| *c != "TOO_MANY")
        .collect();
    assert!(consts.len() >= 9, "parsed too few codes: {consts:?}");
    let covered: BTreeSet<String> = CASES.iter().map(|c| c.code.as_str().to_owned()).collect();
    for name in consts {
        let code = Code::ALL
            .iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("Code::{name} is not in Code::ALL"));
        assert!(
            covered.contains(code.as_str()),
            "no fixture breaks the rule that emits Code::{name}"
        );
    }
}

/// Every case folder is used by the table (no stale fixture), and every case folder differs
/// from the clean control.
#[test]
fn every_fixture_folder_is_a_case() {
    let mut folders: BTreeSet<String> = std::fs::read_dir(fixture("cross"))
        .expect("fixture folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(folders.remove("clean"), "clean control missing");
    let cases: BTreeSet<String> = CASES.iter().map(|c| c.folder.to_owned()).collect();
    assert_eq!(folders, cases);
}
