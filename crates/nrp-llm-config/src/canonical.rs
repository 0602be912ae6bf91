//! The canonical form of a document, as `fmt` and `render` write it.

use serde_json::Value;

/// Returns the canonical form of one YAML document: known kinds in upstream field order (fields we
/// do not model last), a `kind: List` item by item. Never loses or changes data: when in doubt the
/// input is returned as it is.
///
/// ```
/// let v = serde_json::json!({"kind": "Backend", "apiVersion": "gateway.envoyproxy.io/v1alpha1",
///     "metadata": {"name": "b"}, "spec": {"endpoints": [{"fqdn": {"port": 80, "hostname": "h"}}]}});
/// let upstream_order = r#"{"apiVersion":"gateway.envoyproxy.io/v1alpha1","kind":"Backend","metadata":{"name":"b"},"spec":{"endpoints":[{"fqdn":{"hostname":"h","port":80}}]}}"#;
/// let c = nrp_llm_config::canonical_document(&v);
/// assert_eq!(serde_json::to_string(&c).unwrap(), upstream_order);
/// // A `kind: List` keeps its own keys; each item is put in canonical form.
/// let list = serde_json::json!({"kind": "List", "apiVersion": "v1", "items": [v]});
/// let c = nrp_llm_config::canonical_document(&list);
/// assert_eq!(c.as_object().unwrap().keys().collect::<Vec<_>>(), ["kind", "apiVersion", "items"]);
/// assert_eq!(serde_json::to_string(&c["items"][0]).unwrap(), upstream_order);
/// ```
pub fn canonical_document(value: &Value) -> Value {
    let is_list = value.get("kind").and_then(Value::as_str) == Some("List")
        && value.get("apiVersion").and_then(Value::as_str) == Some("v1");
    match (is_list, value) {
        (true, Value::Object(map)) => {
            let mut out = map.clone();
            if let Some(Value::Array(items)) = map.get("items") {
                out.insert(
                    "items".to_owned(),
                    Value::Array(items.iter().map(crate::resources::canonical).collect()),
                );
            }
            Value::Object(out)
        }
        _ => crate::resources::canonical(value),
    }
}
