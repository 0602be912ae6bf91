//! The API schema a client or backend speaks (`OpenAI`, `AWSBedrock`, ...).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::string_enum::string_enum;

string_enum! {
    /// Name of an API schema spoken by clients or backends. The wire names keep upstream's
    /// capitalisation (`OpenAI`, `AWSBedrock`, ...).
    ApiSchemaName {
        /// `OpenAI`: the OpenAI API and compatible servers (vLLM, SGLang, ...).
        OpenAi => "OpenAI",
        /// `Cohere` (AI Gateway 0.4+).
        Cohere => "Cohere",
        /// `AWSBedrock`.
        AwsBedrock => "AWSBedrock",
        /// `AzureOpenAI`.
        AzureOpenAi => "AzureOpenAI",
        /// `GCPVertexAI`.
        GcpVertexAi => "GCPVertexAI",
        /// `GCPAnthropic`: Anthropic models on Vertex AI.
        GcpAnthropic => "GCPAnthropic",
        /// `Anthropic` (AI Gateway 0.4+).
        Anthropic => "Anthropic",
        /// `AWSAnthropic`: Anthropic models on Bedrock (AI Gateway 0.4+).
        AwsAnthropic => "AWSAnthropic",
    }
}

/// The API schema a backend speaks (or, on a v0.3 route, the schema clients use).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct VersionedApiSchema {
    /// Schema name such as `OpenAI` or `AWSBedrock`.
    #[builder(setter(into))]
    pub name: ApiSchemaName,
    /// Schema version; for `AzureOpenAI` the Azure API version, for `OpenAI` a path prefix in 0.3/0.4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub version: Option<String>,
    /// Path prefix for OpenAI- or Anthropic-compatible APIs (AI Gateway 0.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub prefix: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
