//! Hints for the API server's own diagnostics: what the message means for the file at hand and
//! how to fix it (a misspelt field, a field of another release, a quoted number, the common CEL
//! rules), and which of its follow-on messages add nothing.

use crate::Release;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Limits, Object};
use crate::oracle::{CEL_SKIPPED_MESSAGE, oracle};
use crate::path::{FieldPath, Segment};
use serde_json::Value;

/// Plain words for the CEL rules people trip over most: the start of the API server's message
/// and the hint that goes with it.
const CEL_HINTS: &[(&str, &str)] = &[
    (
        "group and kind must be specified together",
        "leave out both group and kind to reference an AIServiceBackend (the default), or set \
         both (group: inference.networking.k8s.io, kind: InferencePool) for an InferencePool",
    ),
    (
        "only InferencePool from inference.networking.k8s.io group is supported",
        "a route references an AIServiceBackend by name alone: remove group and kind; only an \
         InferencePool needs them (group: inference.networking.k8s.io, kind: InferencePool)",
    ),
    (
        "cannot mix InferencePool and AIServiceBackend references",
        "the backendRefs of one rule are either AIServiceBackends (a name alone, no group or \
         kind) or one InferencePool (group: inference.networking.k8s.io, kind: InferencePool): \
         check the group and kind of each backendRef",
    ),
    (
        "BackendRef must be a Backend resource of Envoy Gateway",
        "an AIServiceBackend points at an Envoy Gateway Backend: set kind: Backend and group: \
         gateway.envoyproxy.io on spec.backendRef (a Service cannot be referenced directly)",
    ),
    (
        "Must have port for Service reference",
        "a Service reference needs its port: add port: to the reference",
    ),
];

/// Adds the hint this module knows to an upstream diagnostic of `object` validated for
/// `release`, unless it already has one.
pub(crate) fn with_hint(object: &Object, release: Release, d: Diagnostic) -> Diagnostic {
    if d.hint.is_some() {
        return d;
    }
    let hint = match d.code {
        Code::UNKNOWN_FIELD => unknown_field(object, release, &d.path),
        Code::INVALID_TYPE => quoted_number(object, &d),
        Code::CEL_RULE => cel(&d.message),
        _ => None,
    };
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// Whether `d` is the API server's note that CEL rules did not run because of a type error,
/// which adds nothing once that error is shown.
pub(crate) fn is_cel_skipped(d: &Diagnostic) -> bool {
    d.code == Code::CEL_RULE && d.message == CEL_SKIPPED_MESSAGE
}

/// "did you mean" over the field names the schema declares next to the unknown one, and the
/// releases whose schema (same kind and version) has the field.
fn unknown_field(object: &Object, release: Release, path: &FieldPath) -> Option<String> {
    let mut parent = path.clone();
    let Some(Segment::Field(name)) = parent.pop() else {
        return None;
    };
    let (api_version, kind) = (object.api_version(), object.kind());
    let here = oracle(release).field_names(api_version, kind, &parent)?;
    let mut parts = Vec::new();
    if let Some(c) = crate::names::closest(&name, here.iter().map(String::as_str)) {
        parts.push(format!("did you mean `{c}`?"));
    }
    let has = |r: Release| {
        oracle(r)
            .field_names(api_version, kind, &parent)
            .is_some_and(|names| names.contains(&name))
    };
    let later = Release::ALL
        .iter()
        .copied()
        .filter(|&r| r > release)
        .find(|&r| has(r));
    let earlier = Release::ALL
        .iter()
        .copied()
        .filter(|&r| r < release)
        .rev()
        .find(|&r| has(r));
    if let Some(last) = earlier {
        let removed = Release::ALL
            .iter()
            .copied()
            .find(|&r| r > last && !has(r))
            .unwrap_or(release);
        parts.push(format!(
            "`{name}` exists in AI Gateway {} and was removed in {}",
            last.ai_gateway_tag(),
            removed.ai_gateway_tag()
        ));
    }
    if let Some(first) = later {
        parts.push(format!(
            "`{name}` exists from AI Gateway {} on (this check is for {})",
            first.ai_gateway_tag(),
            release.ai_gateway_tag()
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// "remove the quotes" for a quoted number where the schema wants a number.
fn quoted_number(object: &Object, d: &Diagnostic) -> Option<String> {
    if !(d.message.ends_with("must be of type integer: \"string\"")
        || d.message.ends_with("must be of type number: \"string\""))
    {
        return None;
    }
    let Value::String(s) = d.path.lookup(object.value())? else {
        return None;
    };
    s.trim()
        .parse::<f64>()
        .is_ok()
        .then(|| format!("remove the quotes: write {} instead of \"{s}\"", s.trim()))
}

/// The plain-words hint of a common CEL message.
fn cel(message: &str) -> Option<String> {
    CEL_HINTS
        .iter()
        .find(|(m, _)| message.contains(m))
        .map(|(_, h)| (*h).to_owned())
}

/// Root causes first: the reference errors (`... <Kind> <name> does not exist`) that point at an
/// object defined in a file that could not be parsed (syntax error or duplicate key), and the
/// "unused" warnings of objects that file names (its references can no longer be seen), are
/// left out, and that file's error says how many were. The objects of such a file are read from
/// its text line by line (`kind:` at the start of a line, the first `name:` below `metadata:`;
/// every `name:` value as a name it may reference), since the YAML parser gave up on it.
pub(crate) fn root_causes_first(mut diags: Vec<Diagnostic>, limits: &Limits) -> Vec<Diagnostic> {
    // (index of the parse error, what its file defines and names)
    let failed: Vec<(usize, Read)> = diags
        .iter()
        .enumerate()
        .filter(|(_, d)| d.code == Code::YAML_SYNTAX || d.code == Code::DUPLICATE_KEY)
        .filter_map(|(i, d)| {
            let file = d.location.file.as_deref()?;
            let text = crate::document::read_text(std::path::Path::new(file), limits).ok()?;
            let read = read_objects(&text);
            (!read.defined.is_empty() || !read.names.is_empty()).then_some((i, read))
        })
        .collect();
    if failed.is_empty() {
        return diags;
    }
    let mut left_out = vec![0usize; failed.len()];
    let keep: Vec<bool> = diags
        .iter()
        .map(|d| {
            let caused = |r: &Read| match (missing_target(d), &d.object) {
                (Some((kind, name)), _) => r.defined.iter().any(|(k, n)| k == kind && n == name),
                (None, Some(o)) if d.code == Code::UNUSED_OBJECT => r.names.contains(&o.name),
                _ => false,
            };
            match failed.iter().position(|(_, r)| caused(r)) {
                Some(f) => {
                    left_out[f] += 1;
                    false
                }
                None => true,
            }
        })
        .collect();
    for (&(i, _), &n) in failed.iter().zip(&left_out) {
        if n == 0 {
            continue;
        }
        let note = format!(
            "{n} follow-on problem{} left out (references to and from the objects of this \
             file): fix this first",
            if n == 1 { "" } else { "s" }
        );
        let d = &mut diags[i];
        d.hint = Some(match d.hint.take() {
            Some(h) => format!("{h}; {note}"),
            None => note,
        });
    }
    diags
        .into_iter()
        .zip(keep)
        .filter_map(|(d, k)| k.then_some(d))
        .collect()
}

/// The kind and name (without namespace) a reference error says does not exist.
fn missing_target(d: &Diagnostic) -> Option<(&str, &str)> {
    if d.code != Code::INVALID_REFERENCE {
        return None;
    }
    let head = d.message.strip_suffix(" does not exist")?;
    let mut words = head.rsplit(' ');
    let target = words.next()?;
    let kind = words.next()?;
    Some((kind, target.rsplit('/').next().unwrap_or(target)))
}

/// What a file that could not be parsed holds, as far as its lines tell.
#[derive(Default)]
struct Read {
    /// (kind, name) of each document.
    defined: Vec<(String, String)>,
    /// Every `name:` value.
    names: Vec<String>,
}

/// The (kind, name) of each document of a YAML text and every `name:` value, read line by line.
fn read_objects(text: &str) -> Read {
    let clean = |v: &str| v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned();
    let mut out = Read::default();
    for line in text.lines() {
        let t = line.trim_start().trim_start_matches("- ");
        if let Some(v) = t.strip_prefix("name:") {
            out.names.push(clean(v));
        }
    }
    for doc in text.split("\n---") {
        let mut kind = None;
        let mut name = None;
        let mut in_meta = false;
        for line in doc.lines() {
            if let Some(k) = line.strip_prefix("kind:") {
                kind = Some(clean(k));
            }
            if let Some(m) = line.strip_prefix("metadata:") {
                in_meta = true;
                // Flow style: `metadata: {name: x, namespace: y}`.
                if let Some(rest) = m.split("name:").nth(1) {
                    name.get_or_insert_with(|| clean(rest.split([',', '}']).next().unwrap_or("")));
                }
                continue;
            }
            if in_meta {
                if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
                    in_meta = false;
                } else if let Some(v) = line.trim_start().strip_prefix("name:") {
                    name.get_or_insert_with(|| clean(v));
                }
            }
        }
        if let (Some(k), Some(n)) = (kind, name)
            && !k.is_empty()
            && !n.is_empty()
        {
            out.defined.push((k, n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Limits, parse_str};

    fn diags(text: &str, release: Release) -> Vec<Diagnostic> {
        let objects = parse_str(text, "f.yaml", &Limits::default()).unwrap();
        let set = crate::ConfigSet::from_objects(objects);
        crate::validate::validate(&set, release)
            .into_iter()
            .collect()
    }

    const ROUTE: &str = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata: {name: r, namespace: n}\nspec:\n  parentRefs: [{name: g}]\n  rules:\n  - backendRefs:\n    - {name: b}\n";

    fn hint_of(text: &str, release: Release, code: Code) -> Option<String> {
        let d = diags(text, release);
        d.into_iter().find(|d| d.code == code).and_then(|d| d.hint)
    }

    #[test]
    fn misspelt_field_gets_did_you_mean() {
        let text = ROUTE.replace("{name: b}", "{name: b, modelNameOveride: m}");
        assert_eq!(
            hint_of(&text, Release::V1_1, Code::UNKNOWN_FIELD).as_deref(),
            Some("did you mean `modelNameOverride`?")
        );
    }

    #[test]
    fn field_of_an_older_release_says_where_it_went() {
        let text = ROUTE.replace(
            "spec:\n",
            "spec:\n  filterConfig: {type: ExternalProcessor}\n",
        );
        assert_eq!(
            hint_of(&text, Release::V1_1, Code::UNKNOWN_FIELD).as_deref(),
            Some("`filterConfig` exists in AI Gateway v0.5.0 and was removed in v0.6.0")
        );
        assert!(
            !diags(&text, Release::V0_5)
                .iter()
                .any(|d| d.code == Code::UNKNOWN_FIELD)
        );
    }

    #[test]
    fn unknown_field_without_a_neighbour_has_no_hint() {
        let text = ROUTE.replace("{name: b}", "{name: b, zzzzzzzz: m}");
        assert_eq!(hint_of(&text, Release::V1_1, Code::UNKNOWN_FIELD), None);
    }

    #[test]
    fn quoted_port_says_remove_the_quotes_and_nothing_about_cel() {
        let text = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b, namespace: n}\nspec:\n  endpoints:\n  - fqdn: {hostname: h.example.com, port: \"5000\"}\n";
        let d = diags(text, Release::V1_1);
        let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, Code::INVALID_TYPE);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("remove the quotes: write 5000 instead of \"5000\"")
        );
        // The oracle itself still answers as the API server does.
        let object = &parse_str(text, "f.yaml", &Limits::default()).unwrap()[0];
        assert!(
            oracle(Release::V1_1)
                .validate(object.value())
                .iter()
                .any(is_cel_skipped)
        );
    }

    #[test]
    fn route_backend_ref_with_kind_alone_gets_plain_words() {
        let text = ROUTE.replace("{name: b}", "{name: b, kind: AIServiceBackend}");
        let d = diags(&text, Release::V1_1);
        let d = d
            .iter()
            .find(|d| {
                d.message
                    .contains("group and kind must be specified together")
            })
            .unwrap_or_else(|| panic!("{d:?}"));
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(hint.starts_with("leave out both group and kind"), "{hint}");
    }
}
