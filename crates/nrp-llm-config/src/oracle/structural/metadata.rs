//! The `metadata` of an object: the ObjectMeta fields the API server knows, and the name and
//! namespace rules.

use super::Walker;
use super::messages::{quote, type_name};
use crate::names::{is_dns1123_label, is_dns1123_subdomain};
use crate::{Code, FieldPath};
use serde_json::Value;

/// Fields of `metadata` (ObjectMeta) the API server knows.
pub(super) const OBJECT_META_FIELDS: [&str; 15] = [
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

pub(super) const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
pub(super) const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

impl Walker {
    pub(super) fn check_metadata(&mut self, meta: &Value, namespaced: bool) {
        let base = FieldPath::root().field("metadata");
        let Some(m) = meta.as_object() else {
            let actual = type_name(meta);
            self.push(
                &base,
                Code::INVALID_TYPE,
                format!("metadata: Invalid value: \"{actual}\": metadata in body must be of type object: \"{actual}\""),
                true,
            );
            return;
        };
        for k in m.keys() {
            if !OBJECT_META_FIELDS.contains(&k.as_str()) {
                self.push(
                    &base.clone().field(k.as_str()),
                    Code::UNKNOWN_FIELD,
                    format!("unknown field \"metadata.{k}\""),
                    false,
                );
            }
        }
        let name = m.get("name").and_then(Value::as_str).unwrap_or("");
        let generate = m.get("generateName").and_then(Value::as_str).unwrap_or("");
        let name_path = base.clone().field("name");
        if name.is_empty() && generate.is_empty() {
            self.push(
                &name_path,
                Code::REQUIRED,
                "metadata.name: Required value: name or generateName is required".into(),
                false,
            );
        } else if !name.is_empty() {
            if name.len() > 253 {
                self.push(
                    &name_path,
                    Code::INVALID_NAME,
                    format!(
                        "metadata.name: Invalid value: {}: must be no more than 253 characters",
                        quote(name)
                    ),
                    false,
                );
            }
            if !is_dns1123_subdomain(name) {
                self.push(
                    &name_path,
                    Code::INVALID_NAME,
                    format!(
                        "metadata.name: Invalid value: {}: {DNS1123_SUBDOMAIN_MSG}",
                        quote(name)
                    ),
                    false,
                );
            }
        }
        if namespaced
            && let Some(ns) = m.get("namespace").and_then(Value::as_str)
            && !ns.is_empty()
            && (ns.len() > 63 || !is_dns1123_label(ns))
        {
            let detail = if ns.len() > 63 {
                "must be no more than 63 characters"
            } else {
                DNS1123_LABEL_MSG
            };
            self.push(
                &base.clone().field("namespace"),
                Code::INVALID_NAME,
                format!("metadata.namespace: Invalid value: {}: {detail}", quote(ns)),
                false,
            );
        }
        for which in ["labels", "annotations"] {
            if let Some(v) = m.get(which) {
                let p = base.clone().field(which);
                match v.as_object() {
                    Some(o) => {
                        for (k, x) in o {
                            if !x.is_string() && !x.is_null() {
                                let actual = type_name(x);
                                self.push(
                                    &p.clone().key(k.as_str()),
                                    Code::INVALID_TYPE,
                                    format!("metadata.{which}.{k}: Invalid value: \"{actual}\": metadata.{which}.{k} in body must be of type string: \"{actual}\""),
                                    true,
                                );
                            }
                        }
                    }
                    None if v.is_null() => {}
                    None => {
                        let actual = type_name(v);
                        self.push(
                            &p,
                            Code::INVALID_TYPE,
                            format!("metadata.{which}: Invalid value: \"{actual}\": metadata.{which} in body must be of type object: \"{actual}\""),
                            true,
                        );
                    }
                }
            }
        }
    }
}
