//! QuotaPolicy: its per-model quotas.

use super::{Node, items_of};

/// The `spec` of a QuotaPolicy (`aigateway.envoyproxy.io`). Its `targetRefs` are read with
/// [`super::PolicyView`], like every policy's.
///
/// ```
/// use nrp_llm_config::resources::view::{Node, QuotaPolicyView};
/// let spec = serde_json::json!({"perModelQuotas": [{"modelName": "qwen3",
///     "quota": {"defaultBucket": {"limit": 1000, "duration": "1h"}}}]});
/// let q = QuotaPolicyView::new(Some(Node::new(&spec)));
/// let m = q.per_model_quotas().next().unwrap();
/// assert_eq!((m.model_name, m.limit, m.duration), (Some("qwen3"), Some(1000), Some("1h")));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct QuotaPolicyView<'a> {
    per_model: Option<Node<'a>>,
}

/// One entry of `spec.perModelQuotas`.
#[derive(Clone, Copy, Debug)]
pub struct PerModelQuotaView<'a> {
    /// Index in `perModelQuotas`.
    pub index: usize,
    /// `modelName`: the model name the targeted backends receive.
    pub model_name: Option<&'a str>,
    /// `quota.defaultBucket.limit`, else the limit of the first bucket rule, when an integer.
    pub limit: Option<i64>,
    /// `quota.defaultBucket.duration`, else that of the first bucket rule (`1s`, `1m`, `1h`,
    /// `1d`).
    pub duration: Option<&'a str>,
    /// The header of a `Distinct` client selector of the first bucket rule: each value of it
    /// (each client) has its own budget.
    pub per_client: Option<&'a str>,
    /// `quota.costExpression`: what one request costs (a CEL expression over token counts).
    pub cost_expression: Option<&'a str>,
    /// The entry's own node.
    pub node: Node<'a>,
}

impl<'a> QuotaPolicyView<'a> {
    /// A view over a QuotaPolicy's `spec` node.
    pub fn new(spec: Option<Node<'a>>) -> Self {
        QuotaPolicyView {
            per_model: spec.and_then(|s| s.field("perModelQuotas")),
        }
    }

    /// `spec.perModelQuotas`, in order.
    pub fn per_model_quotas(&self) -> impl Iterator<Item = PerModelQuotaView<'a>> + use<'a> {
        items_of(self.per_model).enumerate().map(|(index, n)| {
            let quota = n.value().get("quota");
            let rule = quota
                .and_then(|q| q.get("bucketRules"))
                .and_then(|r| r.get(0));
            let bucket = quota
                .and_then(|q| q.get("defaultBucket"))
                .or_else(|| rule.and_then(|r| r.get("quota")));
            let per_client = rule
                .and_then(|r| r.get("clientSelectors"))
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("headers").and_then(serde_json::Value::as_array))
                .flatten()
                .find(|h| h.get("type").and_then(serde_json::Value::as_str) == Some("Distinct"))
                .and_then(|h| h.get("name"))
                .and_then(serde_json::Value::as_str);
            PerModelQuotaView {
                index,
                model_name: n.str_field("modelName"),
                limit: bucket
                    .and_then(|b| b.get("limit"))
                    .and_then(serde_json::Value::as_i64),
                duration: bucket
                    .and_then(|b| b.get("duration"))
                    .and_then(serde_json::Value::as_str),
                per_client,
                cost_expression: quota
                    .and_then(|q| q.get("costExpression"))
                    .and_then(serde_json::Value::as_str),
                node: n,
            }
        })
    }
}
