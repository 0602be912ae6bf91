//! Rate limits of a BackendTrafficPolicy (global and local rules with their limits and costs),
//! and the client selectors they share with the AI Gateway QuotaPolicy.
//!
//! Upstream API reference: <https://gateway.envoyproxy.io/docs/api/extension_types/#ratelimitspec>.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::resources::gateway_api::{Extra, HttpMethod, PathMatchType};
use crate::resources::string_enum::string_enum;

string_enum! {
    /// Where a rate limit is counted.
    RateLimitType {
        /// In the shared rate-limit service, across all Envoy replicas.
        Global => "Global",
        /// In each Envoy replica on its own.
        Local => "Local",
    }
}

string_enum! {
    /// The window a rate limit's request count applies to.
    RateLimitUnit {
        /// Per second.
        Second => "Second",
        /// Per minute.
        Minute => "Minute",
        /// Per hour.
        Hour => "Hour",
        /// Per day.
        Day => "Day",
        /// Per month.
        Month => "Month",
        /// Per year.
        Year => "Year",
    }
}

string_enum! {
    /// How a client selector compares a header or query parameter value.
    ClientMatchType {
        /// Equal to the value (the default).
        Exact => "Exact",
        /// Matches the value as a regular expression.
        RegularExpression => "RegularExpression",
        /// Every distinct value gets a bucket of its own (no value is given).
        Distinct => "Distinct",
    }
}

string_enum! {
    /// How a client selector compares the client address.
    SourceMatchType {
        /// The address lies in the CIDR (the default).
        Exact => "Exact",
        /// Every distinct address in the CIDR gets a bucket of its own.
        Distinct => "Distinct",
    }
}

string_enum! {
    /// Where the cost of a request is taken from.
    RateLimitCostFrom {
        /// A fixed number, given in `number`.
        Number => "Number",
        /// A value in Envoy dynamic metadata, named by `metadata` (how AI Gateway token counts
        /// reach a rate limit).
        Metadata => "Metadata",
    }
}

/// Rate limiting of the targeted traffic: a `Global` or a `Local` limit with its rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitSpec {
    /// Which of `global` and `local` is used (required up to Envoy Gateway 1.6, inferred after).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<RateLimitType>,
    /// Limits counted by the rate-limit service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub global: Option<GlobalRateLimit>,
    /// Limits counted in each Envoy replica.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub local: Option<LocalRateLimit>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Global rate-limit rules (at most 64 to 256 of them, by Envoy Gateway release).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GlobalRateLimit {
    /// The rules; a request counts against every rule it matches.
    #[builder(setter(into))]
    pub rules: Vec<RateLimitRule>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Local rate-limit rules (at most 16).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalRateLimit {
    /// The rules; response costs and shadow mode are not allowed here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub rules: Option<Vec<RateLimitRule>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One rate-limit rule: which clients it applies to, the limit and what a request costs.
///
/// ```
/// use nrp_llm_config::resources::envoy_gateway::{
///     ClientHeaderMatch, ClientMatchType, ClientSelector, RateLimitRule, RateLimitUnit,
///     RateLimitValue,
/// };
/// let rule = RateLimitRule::builder()
///     .client_selectors(vec![ClientSelector::builder()
///         .headers(vec![ClientHeaderMatch::distinct("x-user-id")])
///         .build()])
///     .limit(RateLimitValue::builder().requests(100).unit(RateLimitUnit::Minute).build())
///     .build();
/// assert_eq!(
///     serde_json::to_value(&rule).unwrap(),
///     serde_json::json!({
///         "clientSelectors": [{"headers": [{"type": "Distinct", "name": "x-user-id"}]}],
///         "limit": {"requests": 100, "unit": "Minute"}
///     })
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitRule {
    /// Conditions on the request (at most 8, all must hold); none means every request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub client_selectors: Option<Vec<ClientSelector>>,
    /// How many requests (or cost units) are allowed per unit of time.
    #[builder(setter(into))]
    pub limit: RateLimitValue,
    /// What a request costs; 1 per request when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cost: Option<RateLimitCost>,
    /// Whether every target of the policy shares one counter for this rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub shared: Option<bool>,
    /// Whether the rule only records decisions without enforcing them (Envoy Gateway 1.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub shadow_mode: Option<bool>,
    /// Whether `X-RateLimit-*` response headers are sent: `Off` or `DraftVersion03` (Envoy
    /// Gateway 1.8+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub x_rate_limit_headers: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A limit: a number of requests (or cost units) per unit of time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitValue {
    /// Requests (or cost units) allowed per `unit`.
    pub requests: i64,
    /// The window.
    #[builder(setter(into))]
    pub unit: RateLimitUnit,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// What a request costs against a rule, counted when the request arrives and/or when the
/// response is done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitCost {
    /// Cost taken when the request arrives (and checked against the limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request: Option<RateLimitCostSpecifier>,
    /// Cost added when the response is done (global rules only), e.g. tokens used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub response: Option<RateLimitCostSpecifier>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A cost: a fixed number or a value from dynamic metadata (one of the two).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitCostSpecifier {
    /// Which of `number` and `metadata` applies.
    #[builder(setter(into))]
    pub from: RateLimitCostFrom,
    /// The fixed cost, for `Number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub number: Option<i64>,
    /// The metadata entry holding the cost, for `Metadata`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub metadata: Option<RateLimitCostMetadata>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// An Envoy dynamic metadata entry: its namespace (for AI Gateway token counts
/// `io.envoy.ai_gateway`) and key (an AIGatewayRoute `llmRequestCosts[].metadataKey`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitCostMetadata {
    /// Metadata namespace.
    #[builder(setter(into))]
    pub namespace: String,
    /// Key in that namespace.
    #[builder(setter(into))]
    pub key: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Which requests a rate-limit rule or quota bucket applies to: every condition given must
/// hold, and at least one must be given (Envoy Gateway `RateLimitSelectCondition`; the AI
/// Gateway QuotaPolicy uses the same shape).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClientSelector {
    /// Header conditions (at most 16, 64 from Envoy Gateway 1.8 and AI Gateway 0.7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub headers: Option<Vec<ClientHeaderMatch>>,
    /// HTTP method conditions (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub methods: Option<Vec<ClientMethodMatch>>,
    /// A path condition (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub path: Option<ClientPathMatch>,
    /// A condition on the client address.
    #[serde(
        rename = "sourceCIDR",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(setter(into, strip_option), default)]
    pub source_cidr: Option<ClientSourceMatch>,
    /// Query parameter conditions (at most 16; Envoy Gateway 1.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub query_params: Option<Vec<ClientQueryParamMatch>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A header condition of a [`ClientSelector`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClientHeaderMatch {
    /// How the value is compared; the API server defaults it to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<ClientMatchType>,
    /// Header name (1–256 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Value to compare with (at most 1024 characters; not used with `Distinct`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub value: Option<String>,
    /// Whether the condition is negated; the API server defaults it to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub invert: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

impl ClientHeaderMatch {
    /// A `Distinct` condition on `header`: each value of the header (a user or key id, say)
    /// gets its own bucket.
    ///
    /// ```
    /// use nrp_llm_config::resources::envoy_gateway::{ClientHeaderMatch, ClientMatchType};
    /// let m = ClientHeaderMatch::distinct("x-api-key-id");
    /// assert_eq!((m.r#type, m.name.as_str()), (Some(ClientMatchType::Distinct), "x-api-key-id"));
    /// ```
    pub fn distinct(header: impl Into<String>) -> Self {
        Self::builder()
            .r#type(ClientMatchType::Distinct)
            .name(header)
            .build()
    }
}

/// An HTTP method condition of a [`ClientSelector`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClientMethodMatch {
    /// The method.
    #[builder(setter(into))]
    pub value: HttpMethod,
    /// Whether the condition is negated; the API server defaults it to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub invert: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A path condition of a [`ClientSelector`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClientPathMatch {
    /// How the path is compared; the API server defaults it to `PathPrefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<PathMatchType>,
    /// The path or pattern (at most 1024 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Whether the condition is negated; the API server defaults it to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub invert: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A client address condition of a [`ClientSelector`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClientSourceMatch {
    /// How the address is compared; the API server defaults it to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<SourceMatchType>,
    /// A CIDR such as `10.0.0.0/8` (1–256 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Whether the condition is negated (Envoy Gateway 1.8+, AI Gateway 0.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub invert: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A query parameter condition of a [`ClientSelector`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClientQueryParamMatch {
    /// How the value is compared; the API server defaults it to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<ClientMatchType>,
    /// Parameter name (1–256 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Value to compare with (at most 1024 characters; not used with `Distinct`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub value: Option<String>,
    /// Whether the condition is negated; the API server defaults it to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub invert: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}
