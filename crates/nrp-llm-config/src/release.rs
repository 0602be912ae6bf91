//! AI Gateway releases a cluster may run, and what each one implies.

use std::fmt;
use std::str::FromStr;

/// The Envoy AI Gateway release the target cluster runs.
///
/// A release fixes the served API versions of the AI Gateway kinds, the Envoy Gateway and
/// Gateway API CRDs installed beside it, and the rule limits. New releases are added as
/// variants, so the enum is `#[non_exhaustive]`: match with a wildcard arm, or use
/// [`Release::ALL`] and the methods.
///
/// ```
/// use nrp_llm_config::Release;
/// assert_eq!("0.4".parse::<Release>().unwrap(), Release::V0_4);
/// assert_eq!("v0.4.0".parse::<Release>().unwrap(), Release::V0_4);
/// assert_eq!(Release::default(), Release::V1_1);
/// assert_eq!(Release::V0_3.effective_rule_limit(), 15);
/// assert_eq!(Release::V0_3.crd_rule_limit(), 128);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Release {
    /// Envoy AI Gateway v0.3.0 (Envoy Gateway v1.5.0, Gateway API v1.3.0).
    V0_3,
    /// Envoy AI Gateway v0.4.0 (Envoy Gateway v1.6.0-rc.1, Gateway API v1.4.1).
    V0_4,
    /// Envoy AI Gateway v0.5.0 (Envoy Gateway v1.7.0-rc.0, Gateway API v1.4.1).
    V0_5,
    /// Envoy AI Gateway v0.6.0 (Envoy Gateway v1.7.0, Gateway API v1.4.1): the first to serve
    /// `v1beta1` and QuotaPolicy.
    V0_6,
    /// Envoy AI Gateway v0.7.0 (Envoy Gateway v1.8.1, Gateway API v1.5.1): the CRD allows 15 rules
    /// per AIGatewayRoute from here on.
    V0_7,
    /// Envoy AI Gateway v1.0.0 (Envoy Gateway v1.8.1, Gateway API v1.5.1).
    V1_0,
    /// Envoy AI Gateway v1.1.0 (Envoy Gateway v1.8.1, Gateway API v1.5.1). The default.
    #[default]
    V1_1,
}

impl Release {
    /// Every supported release, oldest first.
    pub const ALL: [Release; 7] = [
        Release::V0_3,
        Release::V0_4,
        Release::V0_5,
        Release::V0_6,
        Release::V0_7,
        Release::V1_0,
        Release::V1_1,
    ];

    /// The AI Gateway tag, e.g. `v0.4.0`.
    pub fn ai_gateway_tag(self) -> &'static str {
        match self {
            Release::V0_3 => "v0.3.0",
            Release::V0_4 => "v0.4.0",
            Release::V0_5 => "v0.5.0",
            Release::V0_6 => "v0.6.0",
            Release::V0_7 => "v0.7.0",
            Release::V1_0 => "v1.0.0",
            Release::V1_1 => "v1.1.0",
        }
    }

    /// The Envoy Gateway tag whose CRDs go with this release.
    pub fn envoy_gateway_tag(self) -> &'static str {
        match self {
            Release::V0_3 => "v1.5.0",
            Release::V0_4 => "v1.6.0-rc.1",
            Release::V0_5 => "v1.7.0-rc.0",
            Release::V0_6 => "v1.7.0",
            Release::V0_7 | Release::V1_0 | Release::V1_1 => "v1.8.1",
        }
    }

    /// The Gateway API tag whose CRDs go with this release.
    pub fn gateway_api_tag(self) -> &'static str {
        match self {
            Release::V0_3 => "v1.3.0",
            Release::V0_4 => "v1.4.0",
            Release::V0_5 | Release::V0_6 => "v1.4.1",
            Release::V0_7 | Release::V1_0 | Release::V1_1 => "v1.5.1",
        }
    }

    /// API versions of `aigateway.envoyproxy.io` the release serves.
    pub fn ai_gateway_versions(self) -> &'static [&'static str] {
        if self.serves_v1beta1() {
            &["v1alpha1", "v1beta1"]
        } else {
            &["v1alpha1"]
        }
    }

    /// The preferred (storage) API version of `aigateway.envoyproxy.io`.
    pub fn ai_gateway_storage_version(self) -> &'static str {
        if self.serves_v1beta1() {
            "v1beta1"
        } else {
            "v1alpha1"
        }
    }

    /// `v1beta1` first appears in v0.6.0 (and is the storage version from then on).
    fn serves_v1beta1(self) -> bool {
        self >= Release::V0_6
    }

    /// `maxItems` of `AIGatewayRoute.spec.rules` in the release's CRD.
    pub fn crd_rule_limit(self) -> usize {
        if self >= Release::V0_7 { 15 } else { 128 }
    }

    /// Rules one AIGatewayRoute can really hold: the generated HTTPRoute allows 16 rules and the
    /// controller adds a catch-all one (upstream issue #2120), so 15 on every release.
    pub fn effective_rule_limit(self) -> usize {
        15
    }

    /// Whether `backendRefs[].priority` is honoured by this release's controller.
    pub fn supports_priority(self) -> bool {
        true
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Release::V0_3 => "v0.3",
            Release::V0_4 => "v0.4",
            Release::V0_5 => "v0.5",
            Release::V0_6 => "v0.6",
            Release::V0_7 => "v0.7",
            Release::V1_0 => "v1.0",
            Release::V1_1 => "v1.1",
        })
    }
}

/// The text does not name a supported release.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown release {0:?}: expected one of v0.3, v0.4, v0.5, v0.6, v0.7, v1.0, v1.1 (also written 0.4 or v0.4.0)"
)]
pub struct ParseReleaseError(pub String);

impl FromStr for Release {
    type Err = ParseReleaseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let t = t
            .strip_suffix(".0")
            .filter(|x| x.contains('.'))
            .unwrap_or(t);
        match t {
            "0.3" => Ok(Release::V0_3),
            "0.4" => Ok(Release::V0_4),
            "0.5" => Ok(Release::V0_5),
            "0.6" => Ok(Release::V0_6),
            "0.7" => Ok(Release::V0_7),
            "1.0" => Ok(Release::V1_0),
            "1.1" => Ok(Release::V1_1),
            _ => Err(ParseReleaseError(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_spellings() {
        for r in Release::ALL {
            assert_eq!(r.to_string().parse::<Release>().unwrap(), r);
            assert_eq!(r.ai_gateway_tag().parse::<Release>().unwrap(), r);
            assert_eq!(r.to_string()[1..].parse::<Release>().unwrap(), r);
        }
        assert!("0.8".parse::<Release>().is_err());
        assert!("1.0.1".parse::<Release>().is_err());
        assert!("v1".parse::<Release>().is_err());
        assert!("".parse::<Release>().is_err());
    }
}
