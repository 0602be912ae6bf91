//! YAML that kubectl reads back as written: strings its parser cannot read as block scalars are
//! emitted double-quoted.
//!
//! The emitter ([`to_yaml_one`](super::to_yaml_one)) writes multi-line strings as literal block
//! scalars (`|`). kubectl reads YAML with go-yaml, which takes the indentation of a block scalar
//! from its first non-empty line and rejects that line when it starts with a tab ("found a tab
//! character where an indentation space is expected"), although YAML 1.2 allows it. A line that
//! starts with spaces gets an explicit indentation indicator (`|2`) from the emitter and reads
//! fine. Checked with kubectl 1.32 (`kubectl annotate --local -f - -o json`, which parses without
//! a server): every other multi-line string the emitter writes as a block scalar reads back
//! exactly; `tests/it/live.rs` keeps checking that.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// True when `s` would be written as a block scalar that go-yaml cannot read: it has a line
/// break and its first non-empty line (trailing line breaks aside, as the emitter measures it)
/// starts with a tab.
pub(crate) fn needs_double_quotes(s: &str) -> bool {
    s.contains('\n')
        && s.trim_end_matches('\n')
            .split('\n')
            .find(|line| !line.is_empty())
            .is_some_and(|line| line.starts_with('\t'))
}

/// A JSON value serialised as itself, except that the strings of [`needs_double_quotes`] are
/// forced into double-quoted style.
pub(crate) struct KubectlReadable<'a>(pub(crate) &'a Value);

impl Serialize for KubectlReadable<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::String(s) if needs_double_quotes(s) => {
                serde_saphyr::DoubleQuoted(s.as_str()).serialize(serializer)
            }
            Value::Object(map) => {
                let mut m = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, &KubectlReadable(v))?;
                }
                m.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(&KubectlReadable(v))?;
                }
                seq.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Limits, parse_values, to_yaml_one};
    use serde_json::json;

    #[test]
    fn which_strings_are_quoted() {
        for s in ["\tfoo\nbar", "\n\tfoo", "\n\n\tb", "\t\n", "\ta\n"] {
            assert!(needs_double_quotes(s), "{s:?}");
        }
        for s in [
            "\tone line",
            "foo\n\tbar",
            " foo\nbar",
            "\n \n\tb",
            "a\n\t",
            "plain",
            "",
            "\n",
        ] {
            assert!(!needs_double_quotes(s), "{s:?}");
        }
    }

    #[test]
    fn emitted_text_quotes_them_and_reads_back() {
        let v = json!({"metadata": {"annotations": {"a": "\tfoo\nbar", "b": "foo\n\tbar"}},
            "list": ["\n\tx", {"k": "\t\n"}]});
        let text = to_yaml_one(&v);
        assert!(text.contains(r#"a: "\tfoo\nbar""#), "{text}");
        assert!(text.contains("b: |-\n"), "{text}");
        assert!(text.contains(r#"- "\n\tx""#), "{text}");
        assert!(text.contains(r#"k: "\t\n""#), "{text}");
        let back = parse_values(&text, "t.yaml", &Limits::default()).unwrap();
        assert_eq!(back, [v]);
    }
}
