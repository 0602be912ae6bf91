//! Kubernetes name rules (DNS-1123) and "did you mean" suggestions, shared by validation, the
//! upstream oracle and the catalog.

/// True for a DNS-1123 label (a namespace name): 1 to 63 characters of `[a-z0-9-]`, starting and
/// ending with a letter or digit.
///
/// ```
/// use nrp_llm_config::validate::cross::is_dns1123_label;
/// assert!(is_dns1123_label("nrp-llm"));
/// assert!(!is_dns1123_label("nrp.llm"));
/// assert!(!is_dns1123_label("-a"));
/// ```
pub fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// True for a DNS-1123 subdomain (the rule for most object names): at most 253 characters of
/// dot-separated labels.
///
/// ```
/// use nrp_llm_config::validate::cross::is_dns1123_subdomain;
/// assert!(is_dns1123_subdomain("qwen-vllm-inference.nrp-llm.svc.cluster.local"));
/// assert!(!is_dns1123_subdomain("Qwen"));
/// assert!(!is_dns1123_subdomain("a..b"));
/// assert!(!is_dns1123_subdomain(""));
/// ```
pub fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

/// Levenshtein distance between two strings, in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a likely typo (edit distance at
/// most a third of the name's length, and at least 2).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.len() / 3).max(2);
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn edit_distance_example() {
        assert_eq!(crate::names::edit_distance("qwen", "qwne"), 2);
        assert_eq!(crate::names::edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_example() {
        let names = ["envoy-ai-gateway-nrp-qwen", "envoy-ai-gateway-nrp-gemma"];
        assert_eq!(
            crate::names::closest("envoy-ai-gateway-nrp-qwn", names.into_iter()),
            Some("envoy-ai-gateway-nrp-qwen")
        );
        assert_eq!(crate::names::closest("llama", names.into_iter()), None);
    }
}
