//! Writing values back as YAML, in the project's canonical style.

use serde_json::Value;

/// Writes values as one YAML stream in the project's canonical style: two-space indentation,
/// list items at the indentation of their key (as `kubectl` prints), `---` between documents,
/// keys in the order of the value.
///
/// ```
/// let v = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}});
/// let text = nrp_llm_config::document::to_yaml(&[v.clone(), v]);
/// assert_eq!(text.matches("---").count(), 1);
/// ```
pub fn to_yaml(values: &[Value]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml_one(v));
    }
    out
}

/// Writes one value as a YAML document (no `---`). Strings that kubectl could not read back
/// from a block scalar are double-quoted (see `kubectl_readable`).
pub fn to_yaml_one(value: &Value) -> String {
    let mut s = String::new();
    // Serialising a serde_json::Value into a String cannot fail: keys are strings, numbers finite.
    let value = super::kubectl_readable::KubectlReadable(value);
    if serde_saphyr::to_fmt_writer(&mut s, &value).is_err() {
        s = serde_json::to_string_pretty(&value).unwrap_or_default();
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// True when the YAML text contains at least one comment. Used by `fmt`, which cannot keep them.
///
/// ```
/// assert!(nrp_llm_config::document::has_comments("a: 1 # why\n"));
/// assert!(!nrp_llm_config::document::has_comments("a: \"1 # not a comment\"\n"));
/// ```
pub fn has_comments(text: &str) -> bool {
    if !text.contains('#') {
        return false;
    }
    serde_saphyr::granit_parser::Parser::new_from_str(text)
        .any(|ev| matches!(ev, Ok((serde_saphyr::granit_parser::Event::Comment(..), _))))
}
