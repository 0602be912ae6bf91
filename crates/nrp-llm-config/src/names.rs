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

/// The candidate closest to `name`, if it is close enough to be a likely typo. The candidates
/// that share the longest run of whole `-`/`.` segments with `name` come first (a name of the
/// same provider prefix before one of another), then the smallest edit distance; the distance
/// may be at most a third of the part of `name` after that shared prefix, and at least 2, so
/// `envoy-ai-gateway-sdsc-qwen` does not suggest `envoy-ai-gateway-nrp-qwen`. A name that is
/// the other with whole segments added or removed (`envoy-ai-gateway-nrp-beta` and
/// `envoy-ai-gateway-nrp`) is always close.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .filter_map(|c| {
            let d = edit_distance(name, c);
            if extends(name, c) || extends(c, name) {
                let shared = name.len().min(c.len());
                return Some((std::cmp::Reverse(shared), d, c));
            }
            let shared = segment_prefix(name, c);
            let limit = ((name.len() - shared) / 3).max(2);
            (d <= limit).then_some((std::cmp::Reverse(shared), d, c))
        })
        .min_by_key(|&(shared, d, _)| (shared, d))
        .map(|(_, _, c)| c)
}

/// True when `long` is `short` followed by more `-`/`.` segments.
fn extends(long: &str, short: &str) -> bool {
    !short.is_empty()
        && long
            .strip_prefix(short)
            .is_some_and(|rest| rest.starts_with(['-', '.']))
}

/// Length in bytes of the longest common prefix of `a` and `b` that ends right after a `-` or
/// `.` (0 when there is none).
fn segment_prefix(a: &str, b: &str) -> usize {
    let mut end = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            break;
        }
        if x == '-' || x == '.' {
            end = i + 1;
        }
    }
    end
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
        // Another provider's prefix is not a typo, and the same prefix wins over a closer one.
        assert_eq!(
            crate::names::closest("envoy-ai-gateway-sdsc-qwen", names.into_iter()),
            None
        );
        let mixed = ["envoy-ai-gateway-nrp-qwen", "envoy-ai-gateway-sdsc-qwen3"];
        assert_eq!(
            crate::names::closest("envoy-ai-gateway-sdsc-qwen", mixed.into_iter()),
            Some("envoy-ai-gateway-sdsc-qwen3")
        );
    }
}
