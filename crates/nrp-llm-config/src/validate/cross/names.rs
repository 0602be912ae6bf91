//! The name lint: `metadata.name` and `metadata.namespace` of kinds the upstream oracle does not
//! know, with the API server's wording.

use super::{is_dns1123_label, is_dns1123_subdomain, p};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::Object;
use serde_json::Value;

/// The name lint's finding for one object, if any.
pub(super) fn check_names(o: &Object) -> Option<Diagnostic> {
    let name = o
        .value()
        .pointer("/metadata/name")
        .and_then(Value::as_str)?;
    if !is_dns1123_subdomain(name) {
        return Some(o.locate_diagnostic(
            Diagnostic::error(
                Code::INVALID_NAME,
                format!("metadata.name: Invalid value: {name:?}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
            )
            .with_path(p("metadata.name"))
            .with_hint("use only lowercase letters, digits, '-' and '.', e.g. \"models-config\""),
        ));
    }
    if let Some(ns) = o.namespace()
        && !is_dns1123_label(ns)
    {
        return Some(o.locate_diagnostic(
                Diagnostic::error(
                    Code::INVALID_NAME,
                    format!("metadata.namespace: Invalid value: {ns:?}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
                )
                .with_path(p("metadata.namespace"))
                .with_hint("use only lowercase letters, digits and '-', e.g. \"ai-gateway\""),
            ));
    }
    None
}
