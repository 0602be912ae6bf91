//! Every cross-object rule, broken once: `tests/fixtures/cross/<case>/` is a small, valid
//! models-config (two route objects sharding one Gateway, two AIServiceBackends, two Backends,
//! one APIKey policy) with exactly one thing wrong. On the releases of its case each folder must
//! yield exactly one diagnostic (and nothing else), of the case's code and with a hint; where it
//! is reported (file, line, column, field path), its message and hint, and what every release
//! says about the folder are in one insta snapshot per folder
//! (`snapshots/it__cross_rules__<folder>.snap`), as text and as `validate --output json` gives it.

use crate::common::{fixture, workspace_root};
use nrp_llm_config::document::Limits;
use nrp_llm_config::{Code, ConfigSet, Diagnostics, Release, validate};
use std::collections::BTreeSet;

const ALL: &[Release] = &Release::ALL;
/// The releases that serve QuotaPolicy.
const FROM_0_6: &[Release] = &[Release::V0_6, Release::V0_7, Release::V1_0, Release::V1_1];
/// The releases whose CRD allows 128 rules, so only our own `rule_limit` stops a 16th rule.
const CRD_ALLOWS_128: &[Release] = &[Release::V0_3, Release::V0_4, Release::V0_5, Release::V0_6];

/// A fixture folder and the one diagnostic code it must yield on some releases.
struct Case {
    /// Folder under `tests/fixtures/cross/`.
    folder: &'static str,
    /// Releases on which the folder yields exactly one diagnostic, of this code.
    releases: &'static [Release],
    code: Code,
}

const CASES: &[Case] = &[
    // The AIServiceBackends' file has a duplicate key: only that error is reported, not the
    // references to its objects nor the Backends they would use.
    Case {
        folder: "broken_file",
        releases: ALL,
        code: Code::DUPLICATE_KEY,
    },
    // A rule routes a new model to an AIServiceBackend that does not exist.
    Case {
        folder: "dangling_route_backend",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // The Backend of an AIServiceBackend was deleted.
    Case {
        folder: "dangling_backend",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // The policy targets an AIServiceBackend that does not exist.
    Case {
        folder: "dangling_policy_target",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // The Gateway is part of the set, and route-b names another one.
    Case {
        folder: "dangling_gateway",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // `backendSecurityPolicyRef` (only v0.3 serves it) names a missing policy.
    Case {
        folder: "dangling_security_policy_ref",
        releases: &[Release::V0_3],
        code: Code::INVALID_REFERENCE,
    },
    // route-b also routes qwen3, which route-a already routes on the same Gateway.
    Case {
        folder: "duplicate_model",
        releases: ALL,
        code: Code::DUPLICATE_MODEL,
    },
    // route-b adds a sectionName to its parentRef.
    Case {
        folder: "shard_parent_refs",
        releases: ALL,
        code: Code::SHARD_MISMATCH,
    },
    // route-b counts llm_output_token as TotalToken.
    Case {
        folder: "shard_request_costs",
        releases: ALL,
        code: Code::SHARD_MISMATCH,
    },
    // 16 rules in route-a: the CRD allows 128 here, our rule says 15.
    Case {
        folder: "rule_limit",
        releases: CRD_ALLOWS_128,
        code: Code::RULE_LIMIT,
    },
    // The same folder from v0.7 on: the CRD's own limit, in the API server's words.
    Case {
        folder: "rule_limit",
        releases: &[Release::V0_7, Release::V1_0, Release::V1_1],
        code: Code::TOO_MANY,
    },
    // A third AIServiceBackend that no rule uses.
    Case {
        folder: "unused_service_backend",
        releases: ALL,
        code: Code::UNUSED_OBJECT,
    },
    // A third Backend that no AIServiceBackend uses.
    Case {
        folder: "unused_backend",
        releases: ALL,
        code: Code::UNUSED_OBJECT,
    },
    // A second APIKey policy targets envoy-ai-gateway-nrp-qwen.
    Case {
        folder: "duplicate_policy_target",
        releases: ALL,
        code: Code::DUPLICATE_POLICY_TARGET,
    },
    // route-b's only rule lost its timeouts.
    Case {
        folder: "missing_timeout",
        releases: ALL,
        code: Code::MISSING_TIMEOUT,
    },
    // A new model reuses envoy-ai-gateway-nrp-qwen with another modelNameOverride.
    Case {
        folder: "override_mismatch",
        releases: ALL,
        code: Code::OVERRIDE_MISMATCH,
    },
    // A QuotaPolicy's per-model quota names the model as clients ask for it ("qwen3"), but
    // the backend receives the rule's modelNameOverride.
    Case {
        folder: "quota_model",
        releases: FROM_0_6,
        code: Code::QUOTA_MODEL,
    },
    // A QuotaPolicy targets an AIServiceBackend that does not exist (a typo).
    Case {
        folder: "dangling_quota_target",
        releases: FROM_0_6,
        code: Code::INVALID_REFERENCE,
    },
    // A BackendTrafficPolicy targets the HTTPRoute of a route object that does not exist.
    Case {
        folder: "dangling_traffic_policy_target",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // An MCPRoute sends tool calls to a Backend that does not exist.
    Case {
        folder: "dangling_mcp_backend",
        releases: &[
            Release::V0_4,
            Release::V0_5,
            Release::V0_6,
            Release::V0_7,
            Release::V1_0,
            Release::V1_1,
        ],
        code: Code::INVALID_REFERENCE,
    },
    // No object names a namespace (kustomize or `kubectl apply -n` sets it): references
    // resolve among them, and only the policy's typo of gpt-oss is reported.
    Case {
        folder: "namespace_less",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // The policy sits in another namespace than the AIServiceBackend it targets.
    Case {
        folder: "wrong_namespace",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // The policy's second target is a typo of its first: the hint must not suggest the first.
    Case {
        folder: "already_targeted",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // A third model's SDSC Backend file was deleted: the hint must not suggest an NRP Backend.
    Case {
        folder: "other_provider",
        releases: ALL,
        code: Code::INVALID_REFERENCE,
    },
    // The policy lists no target (`targetRefs: []`), and no AIServiceBackend names it.
    Case {
        folder: "empty_target_refs",
        releases: ALL,
        code: Code::UNUSED_OBJECT,
    },
    // The policy lists envoy-ai-gateway-nrp-qwen twice.
    Case {
        folder: "duplicate_target_in_policy",
        releases: ALL,
        code: Code::DUPLICATE_POLICY_TARGET,
    },
    // The gemma rule was removed by hand: its AIServiceBackend and the policy's target remain.
    Case {
        folder: "removed_rule",
        releases: ALL,
        code: Code::UNUSED_OBJECT,
    },
    // A kind the upstream schemas do not cover (ConfigMap) with a name that is not DNS-1123.
    Case {
        folder: "invalid_name",
        releases: ALL,
        code: Code::INVALID_NAME,
    },
];

/// The diagnostics of one fixture folder, with file names (also those inside messages and hints)
/// relative to `tests/fixtures/`, so that snapshots do not depend on where the repository is.
fn validate_folder(folder: &str, release: Release) -> Diagnostics {
    let dir = fixture(&format!("cross/{folder}"));
    let set = ConfigSet::load(std::slice::from_ref(&dir), &Limits::default());
    let mut diags = validate::validate(&set, release);
    let root = format!("{}/", workspace_root().join("tests/fixtures").display());
    for d in diags.iter_mut() {
        let file = d.location.file.as_deref().unwrap_or_default();
        assert!(file.starts_with(&root), "{file} is outside {root}");
        for text in [
            d.location.file.as_mut(),
            Some(&mut d.message),
            d.hint.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            *text = text.replace(&root, "");
        }
    }
    diags
}

#[test]
fn clean_control_has_no_diagnostics_on_any_release() {
    for &release in ALL {
        let d = validate_folder("clean", release);
        assert!(d.is_empty(), "clean on {release:?}: {d:#?}");
    }
}

#[test]
fn each_broken_rule_is_reported_once_with_a_hint() {
    let mut failures = Vec::new();
    for case in CASES {
        for &release in case.releases {
            let all = validate_folder(case.folder, release);
            // A ConfigMap fixture is also reported as not checked against a schema; that is
            // not a cross-object rule (the snapshot shows it).
            let diags: Vec<_> = all.iter().filter(|d| d.code != Code::NOT_CHECKED).collect();
            let label = format!("{} on {release}", case.folder);
            match &diags[..] {
                [d] if d.code != case.code => {
                    failures.push(format!("{label}: code {}, expected {}", d.code, case.code))
                }
                [d] if d.hint.as_deref().is_none_or(|h| h.trim().is_empty()) => {
                    failures.push(format!("{label}: no hint"));
                }
                [_] => {}
                _ => failures.push(format!(
                    "{label}: expected exactly one diagnostic, got {}:\n{all}",
                    diags.len()
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Text (as `validate` prints it) and JSON (as `validate --output json` gives each diagnostic)
/// of one folder on every release; releases that say the same are written once.
fn report(folder: &str) -> String {
    let mut groups: Vec<(Vec<Release>, String)> = Vec::new();
    for &release in ALL {
        let diags = validate_folder(folder, release);
        let json: Vec<serde_json::Value> = diags.iter().map(|d| d.to_json()).collect();
        let body = format!(
            "{diags}\n\n{}",
            serde_json::to_string_pretty(&json).expect("diagnostics serialize")
        );
        match groups.iter_mut().find(|(_, b)| *b == body) {
            Some((releases, _)) => releases.push(release),
            None => groups.push((vec![release], body)),
        }
    }
    let mut out = String::new();
    for (releases, body) in groups {
        let names: Vec<String> = releases.iter().map(Release::to_string).collect();
        out.push_str(&format!("=== {}\n{body}\n", names.join(", ")));
    }
    out
}

#[test]
fn diagnostics_of_each_folder_match_their_snapshot() {
    let folders: BTreeSet<&str> = CASES.iter().map(|c| c.folder).collect();
    for folder in folders {
        insta::assert_snapshot!(folder, report(folder));
    }
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
