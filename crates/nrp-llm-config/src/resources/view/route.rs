//! AIGatewayRoute: rules, model names, backend references, parents and costs.

use super::{Node, Reference, items_of};
use crate::resources::common::{
    AI_GATEWAY_GROUP, DEFAULT_MODELS_OWNER, GATEWAY_API_GROUP, MODEL_NAME_HEADER,
};
use serde_json::Value;

/// The `spec` of an AIGatewayRoute.
///
/// ```
/// use nrp_llm_config::resources::view::{Node, RouteView};
/// let spec = serde_json::json!({"parentRefs": [{"name": "gw"}], "rules": [
///     {"matches": [{"headers": [{"name": "X-AI-EG-Model", "value": "qwen3"}]}],
///      "backendRefs": [{"name": "qwen", "modelNameOverride": "Qwen/Qwen3"}]}]});
/// let route = RouteView::new(Some(Node::new(&spec)));
/// let rule = route.rules().next().unwrap();
/// let models: Vec<&str> = rule.model_names().map(|m| m.value).collect();
/// assert_eq!(models, ["qwen3"]);
/// let b = rule.backend_refs().next().unwrap();
/// assert!(b.is_ai_service_backend());
/// assert_eq!((b.reference.name, b.model_name_override), (Some("qwen"), Some("Qwen/Qwen3")));
/// assert_eq!(route.parent_refs().next().unwrap().kind, "Gateway");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RouteView<'a> {
    spec: Option<Node<'a>>,
    rules: Option<Node<'a>>,
    parent_refs: Option<Node<'a>>,
    target_refs: Option<Node<'a>>,
    costs: Option<Node<'a>>,
}

impl<'a> RouteView<'a> {
    /// A view over a route's `spec` node (absent: a route with nothing).
    pub fn new(spec: Option<Node<'a>>) -> Self {
        let [rules, parent_refs, target_refs, costs] = match spec {
            Some(s) => s.fields(["rules", "parentRefs", "targetRefs", "llmRequestCosts"]),
            None => [None; 4],
        };
        RouteView {
            spec,
            rules,
            parent_refs,
            target_refs,
            costs,
        }
    }

    /// The `spec` node.
    pub fn spec(&self) -> Option<Node<'a>> {
        self.spec
    }

    /// The `spec.rules` node.
    pub fn rules_node(&self) -> Option<Node<'a>> {
        self.rules
    }

    /// The `spec.parentRefs` node.
    pub fn parent_refs_node(&self) -> Option<Node<'a>> {
        self.parent_refs
    }

    /// The `spec.llmRequestCosts` node.
    pub fn costs_node(&self) -> Option<Node<'a>> {
        self.costs
    }

    /// The rules, in order.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = RuleView<'a>> + use<'a> {
        items_of(self.rules).map(RuleView::new)
    }

    /// `spec.parentRefs`, defaults group `gateway.networking.k8s.io`, kind `Gateway`.
    pub fn parent_refs(&self) -> impl Iterator<Item = Reference<'a>> + use<'a> {
        items_of(self.parent_refs).map(|n| Reference::read(n, GATEWAY_API_GROUP, "Gateway"))
    }

    /// `spec.targetRefs` (v0.3's deprecated way to attach to a Gateway), with the same
    /// defaults as [`RouteView::parent_refs`].
    pub fn target_refs(&self) -> impl Iterator<Item = Reference<'a>> + use<'a> {
        items_of(self.target_refs).map(|n| Reference::read(n, GATEWAY_API_GROUP, "Gateway"))
    }

    /// `spec.hostnames` (v1.1): the Host header values the route, and the models its rules
    /// declare in `/v1/models`, are scoped to; none means every host. Non-string entries are
    /// skipped.
    ///
    /// ```
    /// use nrp_llm_config::resources::view::{Node, RouteView};
    /// let spec = serde_json::json!({"hostnames": ["llm.example.org", "*.example.org"]});
    /// let hosts: Vec<&str> = RouteView::new(Some(Node::new(&spec))).hostnames().collect();
    /// assert_eq!(hosts, ["llm.example.org", "*.example.org"]);
    /// ```
    pub fn hostnames(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        items_of(self.spec.and_then(|s| s.field("hostnames"))).filter_map(Node::as_str)
    }

    /// `spec.llmRequestCosts`, in order.
    pub fn costs(&self) -> impl Iterator<Item = Cost<'a>> + use<'a> {
        items_of(self.costs).map(|n| Cost {
            metadata_key: n.str_field("metadataKey"),
            cost_type: n.str_field("type"),
            cel: n.str_field("cel"),
        })
    }
}

/// An entry of `spec.llmRequestCosts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost<'a> {
    /// `metadataKey`.
    pub metadata_key: Option<&'a str>,
    /// `type` (`InputToken`, `OutputToken`, `TotalToken`, `CEL`, ...).
    pub cost_type: Option<&'a str>,
    /// `cel`, for the `CEL` type.
    pub cel: Option<&'a str>,
}

/// One rule of an AIGatewayRoute.
#[derive(Clone, Copy, Debug)]
pub struct RuleView<'a> {
    node: Node<'a>,
    matches: Option<Node<'a>>,
    backend_refs: Option<Node<'a>>,
    timeouts: Option<Node<'a>>,
}

impl<'a> RuleView<'a> {
    /// A view over a rule node.
    pub fn new(node: Node<'a>) -> Self {
        let [matches, backend_refs, timeouts] = node.fields(["matches", "backendRefs", "timeouts"]);
        RuleView {
            node,
            matches,
            backend_refs,
            timeouts,
        }
    }

    /// The rule's node.
    pub fn node(&self) -> Node<'a> {
        self.node
    }

    /// The `backendRefs` node.
    pub fn backend_refs_node(&self) -> Option<Node<'a>> {
        self.backend_refs
    }

    /// The matches, in order. A rule with no `matches` (or an empty list) matches every
    /// request: see [`RuleView::competes_with`].
    pub fn matches(&self) -> impl Iterator<Item = MatchView<'a>> + use<'a> {
        items_of(self.matches)
            .enumerate()
            .map(|(index, node)| MatchView { index, node })
    }

    /// Every header condition of every match, in order, as (match index, header index, header).
    pub fn header_matches(&self) -> impl Iterator<Item = HeaderMatch<'a>> + use<'a> {
        self.matches().flat_map(|m| m.headers())
    }

    /// True when some request can match both rules with equal precedence, so that the one
    /// listed first wins and the other never sees it (see [`MatchView::competes_with`]). A rule
    /// without matches matches every request with the lowest precedence.
    ///
    /// ```
    /// use nrp_llm_config::resources::view::{Node, RuleView};
    /// let rule = |v: serde_json::Value| v;
    /// let a = rule(serde_json::json!({"matches": [{"headers": [{"name": "x-ai-eg-model", "value": "m"}]}]}));
    /// let b = rule(serde_json::json!({"matches": [{"headers": [{"name": "x-ai-eg-model", "value": "n"}]}]}));
    /// let c = rule(serde_json::json!({"matches": [{"headers": [{"name": "x-ai-eg-model", "type": "RegularExpression", "value": "m|n"}]}]}));
    /// let view = |v| RuleView::new(Node::new(v));
    /// assert!(!view(&a).competes_with(&view(&b)));
    /// assert!(view(&a).competes_with(&view(&c)));
    /// ```
    pub fn competes_with(&self, other: &RuleView<'_>) -> bool {
        let mine: Vec<MatchView<'_>> = self.matches().collect();
        let theirs: Vec<MatchView<'_>> = other.matches().collect();
        match (mine.is_empty(), theirs.is_empty()) {
            (true, true) => true,
            // An empty rule matches everything with zero conditions: it ties only with matches
            // that have no header conditions either.
            (true, false) => theirs.iter().any(|m| m.specificity() == 0),
            (false, true) => mine.iter().any(|m| m.specificity() == 0),
            (false, false) => mine
                .iter()
                .any(|a| theirs.iter().any(|b| a.competes_with(b))),
        }
    }

    /// The conditions on the model-name header, whatever their match type.
    pub fn model_matches(&self) -> impl Iterator<Item = HeaderMatch<'a>> + use<'a> {
        self.header_matches().filter(HeaderMatch::is_model_header)
    }

    /// The model names the rule serves: the values of its `Exact` conditions on the model-name
    /// header (see the [module documentation](super) for why only `Exact`), in order. A name may
    /// appear more than once (two matches of one rule for one model, e.g. with different
    /// `Authorization` headers).
    ///
    /// ```
    /// use nrp_llm_config::resources::view::{Node, RuleView};
    /// let rule = serde_json::json!({"matches": [
    ///     {"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "a"}]},
    ///     {"headers": [{"name": "X-Ai-Eg-Model", "value": "b"}]},
    ///     {"headers": [{"type": "RegularExpression", "name": "x-ai-eg-model", "value": "c.*"}]},
    ///     {"headers": [{"name": "x-tenant", "value": "d"}]}]});
    /// let names: Vec<&str> = RuleView::new(Node::new(&rule)).model_names().map(|m| m.value).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn model_names(&self) -> impl Iterator<Item = ModelName<'a>> + use<'a> {
        self.model_matches().filter_map(|h| {
            let value = h.value?;
            (h.match_type == "Exact").then_some(ModelName {
                value,
                match_index: h.match_index,
                header_index: h.header_index,
                header: h.node,
            })
        })
    }

    /// `modelsOwnedBy` as written: the owner `/v1/models` reports for the rule's models (see
    /// [`RuleView::models_owner`] for the value with the default).
    pub fn models_owned_by(&self) -> Option<&'a str> {
        self.node.str_field("modelsOwnedBy")
    }

    /// The owner `/v1/models` reports for the rule's models: `modelsOwnedBy`, or
    /// [`DEFAULT_MODELS_OWNER`] when it is not set (the controller's fallback and the CRD
    /// default of every release).
    ///
    /// ```
    /// use nrp_llm_config::resources::view::{Node, RuleView};
    /// let set = serde_json::json!({"modelsOwnedBy": "NRP"});
    /// let unset = serde_json::json!({});
    /// assert_eq!(RuleView::new(Node::new(&set)).models_owner(), "NRP");
    /// assert_eq!(RuleView::new(Node::new(&unset)).models_owner(), "Envoy AI Gateway");
    /// ```
    pub fn models_owner(&self) -> &'a str {
        self.models_owned_by().unwrap_or(DEFAULT_MODELS_OWNER)
    }

    /// `backendRefs`, in order.
    pub fn backend_refs(&self) -> impl Iterator<Item = RouteBackendRef<'a>> + use<'a> {
        items_of(self.backend_refs)
            .enumerate()
            .map(|(index, n)| RouteBackendRef {
                index,
                reference: Reference::read(n, AI_GATEWAY_GROUP, "AIServiceBackend"),
                model_name_override: n.str_field("modelNameOverride"),
                weight: n.value().get("weight"),
                priority: n.value().get("priority"),
            })
    }

    /// The `timeouts` node.
    pub fn timeouts(&self) -> Option<Node<'a>> {
        self.timeouts
    }

    /// `timeouts.request`, when set.
    pub fn request_timeout(&self) -> Option<&'a Value> {
        self.timeouts?.value().get("request")
    }
}

/// One entry of a rule's `matches`: its header conditions, all of which must hold.
///
/// # When two matches compete
///
/// The controller turns every AIGatewayRoute rule into an HTTPRoute rule with the same header
/// matches, and Envoy Gateway orders them by Gateway API precedence: a match with more header
/// conditions wins over one with fewer; between matches with as many conditions, the rule listed
/// first (and across route objects, the oldest route) wins. Two matches can both apply to one
/// request unless some header has `Exact` conditions with different values in the two (a request
/// carries one value per header; header names compare case-insensitively). Regular expressions
/// are assumed to overlap with anything. So two matches **compete** — one silently shadows the
/// other, and their order matters — when they can both apply and have the same number of header
/// conditions.
#[derive(Clone, Copy, Debug)]
pub struct MatchView<'a> {
    /// Index in the rule's `matches`.
    pub index: usize,
    /// The match's node.
    pub node: Node<'a>,
}

impl<'a> MatchView<'a> {
    /// The header conditions, in order.
    pub fn headers(&self) -> impl Iterator<Item = HeaderMatch<'a>> + use<'a> {
        let match_index = self.index;
        items_of(self.node.field("headers"))
            .enumerate()
            .map(move |(header_index, h)| HeaderMatch {
                match_index,
                header_index,
                name: h.str_field("name"),
                match_type: h.str_field("type").unwrap_or("Exact"),
                value: h.str_field("value"),
                node: h,
            })
    }

    /// The number of header conditions (Gateway API precedence: more wins).
    pub fn specificity(&self) -> usize {
        self.node
            .field("headers")
            .and_then(|h| h.value().as_array().map(Vec::len))
            .unwrap_or(0)
    }

    /// True when some request can satisfy both matches: no header has `Exact` conditions with
    /// different values in the two.
    pub fn can_overlap(&self, other: &MatchView<'_>) -> bool {
        exact_conditions_compatible(&self.exact_conditions(), &other.exact_conditions())
    }

    /// The `Exact` header conditions as (lower-case header name, value).
    pub fn exact_conditions(&self) -> Vec<(String, &'a str)> {
        self.headers()
            .filter(|h| h.match_type == "Exact")
            .filter_map(|h| Some((h.name?.to_ascii_lowercase(), h.value?)))
            .collect()
    }

    /// True when the two matches compete: they can overlap and have the same precedence.
    pub fn competes_with(&self, other: &MatchView<'_>) -> bool {
        conditions_compete(
            (self.specificity(), &self.exact_conditions()),
            (other.specificity(), &other.exact_conditions()),
        )
    }
}

/// The definition behind [`MatchView::competes_with`], on a summary of each match: its number
/// of header conditions and its `Exact` conditions (lower-case name, value). Callers that keep
/// such a summary instead of the match itself (the cross-object rules) decide with this, so that
/// validation and plan agree on when two matches compete.
///
/// ```
/// use nrp_llm_config::resources::view::conditions_compete;
/// let key = |k: &'static str| vec![("x-ai-eg-model", "m"), ("authorization", k)];
/// // One model, two API keys: no request carries both, so they never compete.
/// assert!(!conditions_compete((2, &key("a")), (2, &key("b"))));
/// assert!(conditions_compete((2, &key("a")), (2, &key("a"))));
/// ```
pub fn conditions_compete<N: AsRef<str>, V: AsRef<str>>(
    a: (usize, &[(N, V)]),
    b: (usize, &[(N, V)]),
) -> bool {
    a.0 == b.0 && exact_conditions_compatible(a.1, b.1)
}

/// True when some two of these rules compete (see [`MatchView`]), so that their order decides
/// which one serves a request: the order of a route's rules carries meaning exactly then.
///
/// ```
/// use nrp_llm_config::resources::view::{Node, RuleView, rules_compete};
/// let rules = serde_json::json!([
///     {"matches": [{"headers": [{"name": "x-ai-eg-model", "value": "a"}]}]},
///     {"matches": [{"headers": [{"name": "x-ai-eg-model", "value": "b"}]}]}]);
/// let views: Vec<RuleView> = rules.as_array().unwrap().iter().map(|r| RuleView::new(Node::new(r))).collect();
/// assert!(!rules_compete(&views));
/// ```
pub fn rules_compete(rules: &[RuleView<'_>]) -> bool {
    rules
        .iter()
        .enumerate()
        .any(|(i, a)| rules[i + 1..].iter().any(|b| a.competes_with(b)))
}

/// True when two sets of `Exact` header conditions (lower-case name, value) can hold for one
/// request: no header is required to have two different values.
pub fn exact_conditions_compatible<N: AsRef<str>, V: AsRef<str>>(
    a: &[(N, V)],
    b: &[(N, V)],
) -> bool {
    !a.iter().any(|(name, value)| {
        b.iter()
            .any(|(n, v)| n.as_ref() == name.as_ref() && v.as_ref() != value.as_ref())
    })
}

/// A header condition of a rule's match.
#[derive(Clone, Copy, Debug)]
pub struct HeaderMatch<'a> {
    /// Index of the match in `matches`.
    pub match_index: usize,
    /// Index of the header in that match's `headers`.
    pub header_index: usize,
    /// `name`.
    pub name: Option<&'a str>,
    /// `type`, `Exact` when absent.
    pub match_type: &'a str,
    /// `value`.
    pub value: Option<&'a str>,
    /// The header's node.
    pub node: Node<'a>,
}

impl HeaderMatch<'_> {
    /// True when the header is the model-name header (compared case-insensitively).
    pub fn is_model_header(&self) -> bool {
        self.name
            .is_some_and(|n| n.eq_ignore_ascii_case(MODEL_NAME_HEADER))
    }
}

/// A model name a rule serves (see [`RuleView::model_names`]).
#[derive(Clone, Copy, Debug)]
pub struct ModelName<'a> {
    /// The model name.
    pub value: &'a str,
    /// Index of the match in `matches`.
    pub match_index: usize,
    /// Index of the header in that match's `headers`.
    pub header_index: usize,
    /// The header's node (its `value` field is where the name is written).
    pub header: Node<'a>,
}

impl<'a> ModelName<'a> {
    /// The header name as written (any case: all spellings route, see the
    /// [module documentation](super)).
    pub fn header_name(&self) -> Option<&'a str> {
        self.header.str_field("name")
    }

    /// The node of the header's `value`.
    pub fn value_node(&self) -> Option<Node<'a>> {
        self.header.field("value")
    }
}

/// An entry of a rule's `backendRefs`.
#[derive(Clone, Copy, Debug)]
pub struct RouteBackendRef<'a> {
    /// Index in `backendRefs`.
    pub index: usize,
    /// The reference, defaults group `aigateway.envoyproxy.io`, kind `AIServiceBackend`.
    pub reference: Reference<'a>,
    /// `modelNameOverride`, when a string.
    pub model_name_override: Option<&'a str>,
    /// `weight`, as written.
    pub weight: Option<&'a Value>,
    /// `priority`, as written.
    pub priority: Option<&'a Value>,
}

impl<'a> RouteBackendRef<'a> {
    /// True when the reference is to an AIServiceBackend (and not, say, an InferencePool).
    pub fn is_ai_service_backend(&self) -> bool {
        self.reference.is(AI_GATEWAY_GROUP, "AIServiceBackend")
    }

    /// The node of `modelNameOverride`.
    pub fn override_node(&self) -> Option<Node<'a>> {
        self.reference.node.field("modelNameOverride")
    }
}
