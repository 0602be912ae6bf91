//! Strings and numbers: lengths, patterns, formats, enums and bounds.

use super::messages::{go_float, go_value, quote};
use super::{At, Walker};
use crate::Code;
use crate::oracle::schemas::Node;
use serde_json::Value;

impl Walker {
    pub(super) fn check_string(&mut self, node: &Node, s: &str, path: &At<'_>) {
        let name = path;
        let len = s.chars().count() as u64;
        if let Some(max) = node.max_length
            && len > max
        {
            self.push(
                path,
                Code::TOO_LONG,
                format!(
                    "{name}: Too long: may not be more than {max} byte{}",
                    if max == 1 { "" } else { "s" }
                ),
                false,
            );
        }
        if let Some(min) = node.min_length
            && len < min
        {
            self.push(
                path,
                Code::TOO_SHORT,
                format!(
                    "{name}: Invalid value: {}: {name} in body should be at least {min} chars long",
                    quote(s)
                ),
                false,
            );
        }
        if let Some(p) = &node.pattern
            && let Some(re) = &p.regex
            && !re.is_match(s)
        {
            self.push(
                path,
                Code::INVALID_FORMAT,
                format!(
                    "{name}: Invalid value: {}: {name} in body should match '{}'",
                    quote(s),
                    p.source
                ),
                false,
            );
        }
        if let Some(f) = &node.format
            && !format_ok(f, s)
        {
            self.push(
                path,
                Code::INVALID_FORMAT,
                format!(
                    "{name}: Invalid value: {q}: {name} in body must be of type {f}: {q}",
                    q = quote(s)
                ),
                true,
            );
        }
    }

    pub(super) fn check_number(&mut self, node: &Node, value: &Value, path: &At<'_>) {
        let name = path;
        let Some(x) = value.as_f64() else { return };
        if let Some(max) = node.maximum {
            let bad = if node.exclusive_maximum {
                x >= max
            } else {
                x > max
            };
            if bad {
                let op = if node.exclusive_maximum {
                    "less than"
                } else {
                    "less than or equal to"
                };
                self.push(
                    path,
                    Code::OUT_OF_RANGE,
                    format!(
                        "{name}: Invalid value: {}: {name} in body should be {op} {}",
                        go_value(value),
                        go_float(max)
                    ),
                    false,
                );
            }
        }
        if let Some(min) = node.minimum {
            let bad = if node.exclusive_minimum {
                x <= min
            } else {
                x < min
            };
            if bad {
                let op = if node.exclusive_minimum {
                    "greater than"
                } else {
                    "greater than or equal to"
                };
                self.push(
                    path,
                    Code::OUT_OF_RANGE,
                    format!(
                        "{name}: Invalid value: {}: {name} in body should be {op} {}",
                        go_value(value),
                        go_float(min)
                    ),
                    false,
                );
            }
        }
    }
}

/// kube-openapi's format checks for the formats the upstream CRDs use (numeric formats are not
/// checked on values, as in kube-openapi).
pub(super) fn format_ok(format: &str, s: &str) -> bool {
    match format {
        "date-time" => is_date_time(s),
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "byte" => is_base64(s),
        _ => true,
    }
}

pub(super) fn is_date_time(s: &str) -> bool {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?$",
        )
        .ok()
    })
    .as_ref()
    .is_none_or(|re| re.is_match(s))
}

pub(super) fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return false;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return false;
    }
    b[..b.len() - pad]
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::is_dns1123_subdomain;

    #[test]
    fn names() {
        assert!(is_dns1123_subdomain("a.b-c"));
        assert!(!is_dns1123_subdomain("A"));
        assert!(!is_dns1123_subdomain("a..b"));
        assert!(is_base64("aGk="));
        assert!(!is_base64("aGk"));
        assert!(is_date_time("2025-01-02T03:04:05Z"));
        assert!(!is_date_time("yesterday"));
    }
}
