//! The form two objects are compared in: server fields dropped, defaults applied, lists in a
//! canonical order where their order carries no meaning.

use crate::path::{FieldPath, Segment};
use crate::resources::common::AI_GATEWAY_GROUP;
use crate::resources::view::{Node, RuleView, rules_compete};
use serde_json::{Map, Value};

pub use crate::oracle::ListType;

/// What the planner needs to know about the CRD schemas: defaults and list semantics.
///
/// Both methods have no-op defaults, so [`NoSchema`] (and any partial implementation) compares
/// objects as written. The upstream oracle implements this trait from the release's CRDs.
pub trait SchemaInfo: Sync {
    /// Fills in the CRD defaults of `object` (a whole Kubernetes object), in place.
    fn apply_defaults(&self, object: &mut Value) {
        let _ = object;
    }

    /// The list type of the list at `path` in an object of this `apiVersion` and `kind`. `path`
    /// is the concrete path of the list, list indexes included (`spec.rules[2].matches`);
    /// implementations that look up a schema skip the index segments. `None` means "unknown",
    /// treated as [`ListType::Atomic`].
    fn list_type(&self, api_version: &str, kind: &str, path: &FieldPath) -> Option<ListType> {
        let _ = (api_version, kind, path);
        None
    }

    /// True when an object of `kind` reads the same under the API versions `a` and `b` (the
    /// CRD serves both and converts with strategy `None`), so that a live object returned as
    /// `v1beta1` compares by content with a file that says `v1alpha1`. The default knows only
    /// that a version is the same as itself.
    fn same_content(&self, a: &str, b: &str, kind: &str) -> bool {
        let _ = kind;
        a == b
    }
}

/// A [`SchemaInfo`] that knows nothing: no defaults, every list ordered.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSchema;

impl SchemaInfo for NoSchema {}

pub use crate::resources::view::{
    LAST_APPLIED_ANNOTATION, SERVER_METADATA_FIELDS, strip_server_fields,
};

/// The form objects are compared in: [`strip_server_fields`], then the schema's defaults, then
/// numbers with an integral value written as floats made integers (`80.0` is `80`, as the API
/// server reads an integer field), `null` map entries dropped (an explicit `null` and an absent field mean the same to the API
/// server), map keys sorted, and lists put in a canonical order where their order carries no
/// meaning: `set` lists sorted, `map` lists sorted by their keys, and — whatever the schema says —
/// the `spec.rules` of an `AIGatewayRoute` sorted by the model names they match, unless two of
/// them compete for a request ([`rules_compete`]): rules that name disjoint models are chosen by
/// the `x-ai-eg-model` header value, not by position, so reordering them changes nothing; where
/// two rules can both serve a request, the first one wins and the order is kept.
///
/// ```
/// use nrp_llm_config::plan::normalize::{comparable, NoSchema};
/// let a = serde_json::json!({"apiVersion": "v1", "kind": "X", "metadata": {"name": "a", "uid": "u"}, "spec": {"b": 1, "a": null}});
/// let b = serde_json::json!({"kind": "X", "spec": {"b": 1}, "apiVersion": "v1", "metadata": {"name": "a"}});
/// assert_eq!(comparable(&a, &NoSchema), comparable(&b, &NoSchema));
/// ```
pub fn comparable(object: &Value, schema: &dyn SchemaInfo) -> Value {
    let mut v = strip_server_fields(object);
    schema.apply_defaults(&mut v);
    let api_version = v
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let kind = v
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let ctx = Ctx {
        api_version: &api_version,
        kind: &kind,
        is_route: kind == "AIGatewayRoute"
            && crate::object_ref::group_of(&api_version) == AI_GATEWAY_GROUP,
        schema,
    };
    let mut path = FieldPath::root();
    canonicalize(&ctx, v, &mut path)
}

struct Ctx<'a> {
    api_version: &'a str,
    kind: &'a str,
    is_route: bool,
    schema: &'a dyn SchemaInfo,
}

/// Compact JSON of a value whose maps are already key-sorted: a stable sort key.
pub(crate) fn canonical_string(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn is_rules_path(path: &FieldPath) -> bool {
    matches!(path.segments(), [Segment::Field(a), Segment::Field(b)] if a == "spec" && b == "rules")
}

fn canonicalize(ctx: &Ctx<'_>, v: Value, path: &mut FieldPath) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.into_iter().filter(|(_, x)| !x.is_null()).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out = Map::new();
            for (k, x) in entries {
                path.push(Segment::Field(k.clone()));
                let x = canonicalize(ctx, x, path);
                path.pop();
                out.insert(k, x);
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut out: Vec<Value> = items
                .into_iter()
                .enumerate()
                .map(|(i, x)| {
                    path.push(Segment::Index(i));
                    let x = canonicalize(ctx, x, path);
                    path.pop();
                    x
                })
                .collect();
            if ctx.is_route && is_rules_path(path) {
                // The order of rules that compete for a request decides which one serves it:
                // such a list is compared in order.
                let views: Vec<RuleView<'_>> =
                    out.iter().map(|r| RuleView::new(Node::new(r))).collect();
                if rules_compete(&views) {
                    return Value::Array(out);
                }
                sort_by_key_cached(&mut out, |r| {
                    let mut models: Vec<String> = RuleView::new(Node::new(r))
                        .model_names()
                        .map(|m| m.value.to_owned())
                        .collect();
                    models.sort();
                    (models, canonical_string(r))
                });
                return Value::Array(out);
            }
            match ctx.schema.list_type(ctx.api_version, ctx.kind, path) {
                Some(ListType::Set) => sort_by_key_cached(&mut out, canonical_string),
                Some(ListType::Map { keys }) => sort_by_key_cached(&mut out, |x| {
                    let k: Vec<String> = keys
                        .iter()
                        .map(|k| x.get(k).map(canonical_string).unwrap_or_default())
                        .collect();
                    (k, canonical_string(x))
                }),
                Some(ListType::Atomic) | None => {}
            }
            Value::Array(out)
        }
        other => integral(other),
    }
}

/// A float with an integral value (`80.0`) as the integer it equals; other values as they are.
pub(crate) fn integral(v: Value) -> Value {
    match &v {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            // 2^63 and above do not fit an i64; such floats stay floats.
            Some(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Value::from(f as i64),
            _ => v,
        },
        _ => v,
    }
}

fn sort_by_key_cached<K: Ord>(items: &mut Vec<Value>, key: impl Fn(&Value) -> K) {
    let mut keyed: Vec<(K, Value)> = std::mem::take(items)
        .into_iter()
        .map(|x| (key(&x), x))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    items.extend(keyed.into_iter().map(|(_, x)| x));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Sets;
    impl SchemaInfo for Sets {
        fn apply_defaults(&self, object: &mut Value) {
            if let Some(spec) = object.get_mut("spec").and_then(Value::as_object_mut) {
                spec.entry("mode").or_insert(json!("auto"));
            }
        }
        fn list_type(&self, _: &str, _: &str, path: &FieldPath) -> Option<ListType> {
            match path.to_string().as_str() {
                "spec.tags" => Some(ListType::Set),
                "spec.ports" => Some(ListType::Map {
                    keys: vec!["name".into()],
                }),
                _ => None,
            }
        }
    }

    #[test]
    fn schema_defaults_and_list_types() {
        let a = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "a"},
            "spec": {"tags": ["b", "a"], "ports": [{"name": "y", "p": 2}, {"name": "x", "p": 1}], "order": [2, 1]}});
        let b = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "a"},
            "spec": {"mode": "auto", "tags": ["a", "b"], "ports": [{"name": "x", "p": 1}, {"name": "y", "p": 2}], "order": [2, 1]}});
        assert_eq!(comparable(&a, &Sets), comparable(&b, &Sets));
        assert_ne!(comparable(&a, &NoSchema), comparable(&b, &NoSchema));
        let c = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "a"},
            "spec": {"tags": ["a", "b"], "ports": [], "order": [1, 2]}});
        assert_ne!(comparable(&a, &Sets), comparable(&c, &Sets));
    }

    #[test]
    fn route_rules_are_unordered_but_other_lists_are_not() {
        let rule = |m: &str| json!({"matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": m}]}], "backendRefs": [{"name": m}]});
        let route = |rules: Vec<Value>| json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIGatewayRoute", "metadata": {"name": "r"}, "spec": {"rules": rules}});
        assert_eq!(
            comparable(&route(vec![rule("a"), rule("b")]), &NoSchema),
            comparable(&route(vec![rule("b"), rule("a")]), &NoSchema)
        );
        let mut other = route(vec![rule("a"), rule("b")]);
        other["kind"] = json!("Other");
        let mut other2 = route(vec![rule("b"), rule("a")]);
        other2["kind"] = json!("Other");
        assert_ne!(
            comparable(&other, &NoSchema),
            comparable(&other2, &NoSchema)
        );
    }

    #[test]
    fn integral_floats_compare_as_integers() {
        let obj = |p: Value| json!({"apiVersion": "v1", "kind": "X", "spec": {"port": p}});
        assert_eq!(
            comparable(&obj(json!(80.0)), &NoSchema),
            comparable(&obj(json!(80)), &NoSchema)
        );
        assert_ne!(
            comparable(&obj(json!(80.5)), &NoSchema),
            comparable(&obj(json!(80)), &NoSchema)
        );
        assert_eq!(integral(json!(-3.0)), json!(-3));
        assert_eq!(integral(json!(1e300)), json!(1e300));
    }

    #[test]
    fn strip_keeps_user_labels() {
        let v = json!({"metadata": {"name": "a", "labels": {"x": "1"}, "annotations": {}, "generation": 3}, "status": {"a": 1}});
        assert_eq!(
            strip_server_fields(&v),
            json!({"metadata": {"name": "a", "labels": {"x": "1"}}})
        );
    }
}
