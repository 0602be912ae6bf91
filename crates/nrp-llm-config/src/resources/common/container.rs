//! Container settings a GatewayConfig gives the AI Gateway external processor: Envoy Gateway's
//! `KubernetesContainerSpec` and the Kubernetes core types inside it (environment variables,
//! security context, volume mounts), each keeping unknown fields.
//!
//! Upstream API reference: <https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container>.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::ResourceRequirements;

/// Settings of one container (Envoy Gateway `KubernetesContainerSpec`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct KubernetesContainerSpec {
    /// Environment variables added to the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub env: Option<Vec<EnvVar>>,
    /// Compute resources of the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resources: Option<ResourceRequirements>,
    /// Security settings of the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub security_context: Option<SecurityContext>,
    /// Full image reference with a tag (not together with `imageRepository`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub image: Option<String>,
    /// Image repository without a tag; the controller adds its own version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub image_repository: Option<String>,
    /// Volumes mounted into the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub volume_mounts: Option<Vec<VolumeMount>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An environment variable: a literal value or one taken from elsewhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    /// Variable name.
    #[builder(setter(into))]
    pub name: String,
    /// Literal value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub value: Option<String>,
    /// Where the value comes from, instead of `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub value_from: Option<EnvVarSource>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Where an environment variable's value comes from (one source).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct EnvVarSource {
    /// A field of the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub field_ref: Option<ObjectFieldSelector>,
    /// A resource limit or request of a container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resource_field_ref: Option<ResourceFieldSelector>,
    /// A key of a ConfigMap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub config_map_key_ref: Option<KeySelector>,
    /// A key of a Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub secret_key_ref: Option<KeySelector>,
    /// A key of an env file in a volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub file_key_ref: Option<FileKeySelector>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A key of a ConfigMap or Secret in the pod's namespace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct KeySelector {
    /// Name of the ConfigMap or Secret; the API server defaults it to `""`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<String>,
    /// The key.
    #[builder(setter(into))]
    pub key: String,
    /// Whether the object or key may be missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub optional: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A field of the pod, such as `metadata.name`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ObjectFieldSelector {
    /// API version the path is read in (`v1` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub api_version: Option<String>,
    /// Path of the field.
    #[builder(setter(into))]
    pub field_path: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A resource limit or request of a container, such as `limits.cpu`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ResourceFieldSelector {
    /// The container (this one when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub container_name: Option<String>,
    /// The resource.
    #[builder(setter(into))]
    pub resource: String,
    /// Unit the value is divided by, a quantity kept as written (number or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub divisor: Option<Value>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A key of an env file in a volume of the pod.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct FileKeySelector {
    /// The volume holding the file.
    #[builder(setter(into))]
    pub volume_name: String,
    /// Path of the file in the volume.
    #[builder(setter(into))]
    pub path: String,
    /// The key in the file.
    #[builder(setter(into))]
    pub key: String,
    /// Whether the file or key may be missing; the API server defaults it to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub optional: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Security settings of a container.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct SecurityContext {
    /// Linux capabilities added and dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub capabilities: Option<Capabilities>,
    /// Whether the container runs privileged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub privileged: Option<bool>,
    /// SELinux context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub se_linux_options: Option<SeLinuxOptions>,
    /// Windows-specific settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub windows_options: Option<WindowsSecurityContextOptions>,
    /// User ID the process runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub run_as_user: Option<i64>,
    /// Group ID the process runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub run_as_group: Option<i64>,
    /// Whether the process must not run as root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub run_as_non_root: Option<bool>,
    /// Whether the root file system is read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub read_only_root_filesystem: Option<bool>,
    /// Whether a process may gain more privileges than its parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub allow_privilege_escalation: Option<bool>,
    /// Which `/proc` mount type is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub proc_mount: Option<String>,
    /// Seccomp profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub seccomp_profile: Option<SecurityProfile>,
    /// AppArmor profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub app_armor_profile: Option<SecurityProfile>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Linux capabilities added to and dropped from a container.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    /// Capabilities added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub add: Option<Vec<String>>,
    /// Capabilities dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub drop: Option<Vec<String>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An SELinux context.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct SeLinuxOptions {
    /// SELinux user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub user: Option<String>,
    /// SELinux role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub role: Option<String>,
    /// SELinux type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<String>,
    /// SELinux level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub level: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Windows-specific security settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct WindowsSecurityContextOptions {
    /// Name of the GMSA credential spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub gmsa_credential_spec_name: Option<String>,
    /// The GMSA credential spec itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub gmsa_credential_spec: Option<String>,
    /// User name the process runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub run_as_user_name: Option<String>,
    /// Whether the container is a host process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub host_process: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A seccomp or AppArmor profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct SecurityProfile {
    /// `RuntimeDefault`, `Unconfined` or `Localhost`.
    #[builder(setter(into))]
    pub r#type: String,
    /// The profile on the node, for `Localhost`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub localhost_profile: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A volume mounted into a container.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct VolumeMount {
    /// Name of the pod volume.
    #[builder(setter(into))]
    pub name: String,
    /// Whether the mount is read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub read_only: Option<bool>,
    /// Whether read-only applies recursively.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub recursive_read_only: Option<String>,
    /// Where the volume appears in the container.
    #[builder(setter(into))]
    pub mount_path: String,
    /// Sub-path of the volume to mount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub sub_path: Option<String>,
    /// How mounts propagate between host and container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub mount_propagation: Option<String>,
    /// Sub-path with environment variables expanded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub sub_path_expr: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
