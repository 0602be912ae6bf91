//! Leaf-level structural diff of two normalised JSON values.

use crate::path::{FieldPath, Segment};
use serde_json::Value;

/// One differing leaf (or subtree, when one side is missing or a list changed length).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LeafChange {
    pub(crate) path: FieldPath,
    pub(crate) old: Option<Value>,
    pub(crate) new: Option<Value>,
}

/// Maps whose entries are keys rather than schema fields (shown as `labels[key]`).
fn is_free_map(path: &FieldPath) -> bool {
    matches!(path.segments(), [Segment::Field(m), Segment::Field(f)]
        if m == "metadata" && (f == "labels" || f == "annotations"))
}

/// Compares two values and appends the differing leaves below `path`. Objects are compared key
/// by key; lists of equal length item by item; a list whose length changed is reported whole.
pub(crate) fn leaf_diff(
    old: Option<&Value>,
    new: Option<&Value>,
    path: &mut FieldPath,
    out: &mut Vec<LeafChange>,
) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let free = is_free_map(path);
            let mut keys: Vec<&String> = a.keys().collect();
            keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
            for k in keys {
                path.push(if free {
                    Segment::Key(k.clone())
                } else {
                    Segment::Field(k.clone())
                });
                leaf_diff(a.get(k), b.get(k), path, out);
                path.pop();
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(Segment::Index(i));
                leaf_diff(Some(x), Some(y), path, out);
                path.pop();
            }
        }
        (a, b) => {
            if a != b {
                out.push(LeafChange {
                    path: path.clone(),
                    old: a.cloned(),
                    new: b.cloned(),
                });
            }
        }
    }
}

/// [`leaf_diff`] from the root of two values.
pub(crate) fn diff(old: &Value, new: &Value) -> Vec<LeafChange> {
    let mut out = Vec::new();
    leaf_diff(Some(old), Some(new), &mut FieldPath::root(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn leaves_with_paths() {
        let a = json!({"metadata": {"labels": {"a.b/c": "1"}}, "spec": {"endpoints": [{"fqdn": {"hostname": "h", "port": 5000}}], "x": [1]}});
        let b = json!({"metadata": {"labels": {}}, "spec": {"endpoints": [{"fqdn": {"hostname": "h", "port": 8000}}], "x": [1, 2], "y": true}});
        let d = diff(&a, &b);
        let shown: Vec<String> = d
            .iter()
            .map(|c| format!("{} {:?} {:?}", c.path, c.old, c.new))
            .collect();
        assert_eq!(
            shown,
            vec![
                "metadata.labels[a.b/c] Some(String(\"1\")) None".to_owned(),
                "spec.endpoints[0].fqdn.port Some(Number(5000)) Some(Number(8000))".to_owned(),
                "spec.x Some(Array [Number(1)]) Some(Array [Number(1), Number(2)])".to_owned(),
                "spec.y None Some(Bool(true))".to_owned(),
            ]
        );
        assert!(diff(&a, &a).is_empty());
    }
}
