//! The gateway's address and the API key sent to it.

use super::VerifyError;
use std::fmt;

/// A gateway's base URL: `http://` or `https://`, a host, an optional port and path prefix, no
/// credentials, query or fragment. A trailing `/` or `/v1` (OpenAI clients' base URL) is
/// dropped, so `https://llm.example.org/v1` and `https://llm.example.org` are one gateway.
///
/// ```
/// use nrp_llm_config::verify::GatewayUrl;
/// let url = GatewayUrl::parse("https://LLM.example.org:8443/v1/").unwrap();
/// assert_eq!(url.to_string(), "https://LLM.example.org:8443");
/// assert_eq!(url.endpoint("/v1/models"), "https://LLM.example.org:8443/v1/models");
/// assert_eq!(url.host(), "llm.example.org");
/// // Credentials in the URL are refused, and the message does not repeat them.
/// let err = GatewayUrl::parse("https://me:s3cret@llm.example.org").unwrap_err();
/// assert!(!err.to_string().contains("s3cret"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayUrl {
    base: String,
    host: String,
}

impl GatewayUrl {
    /// Parses and checks a base URL (see the type's documentation).
    pub fn parse(url: &str) -> Result<Self, VerifyError> {
        let url = url.trim();
        let bad = |shown: &str, reason: &str| VerifyError::BadUrl {
            url: shown.to_owned(),
            reason: reason.to_owned(),
        };
        let scheme_end = url.find("://").unwrap_or(0);
        let scheme = url[..scheme_end].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad(
                url,
                "expected an http:// or https:// URL, such as https://llm.example.org",
            ));
        }
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at) = authority.rfind('@') {
            let shown = format!("{scheme}://***@{}", &authority[at + 1..]);
            return Err(bad(
                &shown,
                "the URL carries credentials; give the API key through an environment \
                 variable instead",
            ));
        }
        let path = &rest[authority_end..];
        if path.contains(['?', '#']) {
            let cut = path.find(['?', '#']).unwrap_or(path.len());
            let shown = format!("{scheme}://{authority}{}", &path[..cut]);
            return Err(bad(&shown, "a base URL has no query or fragment"));
        }
        if authority.is_empty()
            || url
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii())
        {
            return Err(bad(url, "no host, or characters a URL cannot hold"));
        }
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(v6),
            None => match authority.rsplit_once(':') {
                Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
                _ => authority,
            },
        };
        let mut path = path.trim_end_matches('/');
        if let Some(p) = path.strip_suffix("/v1") {
            path = p.trim_end_matches('/');
        }
        Ok(GatewayUrl {
            base: format!("{scheme}://{authority}{path}"),
            host: host.to_ascii_lowercase(),
        })
    }

    /// The URL of an endpoint (`path` starts with `/`).
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The host name, lower case, without port or IPv6 brackets: what AI Gateway matches
    /// against routes' `spec.hostnames`.
    pub fn host(&self) -> &str {
        &self.host
    }
}

impl fmt::Display for GatewayUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

/// An API key, sent as `Authorization: Bearer <key>`. It never shows: `Debug` prints
/// `ApiKey(***)`, there is no `Display`, and every message the verification produces has the
/// key's text replaced by `***`.
///
/// ```
/// use nrp_llm_config::verify::ApiKey;
/// let key = ApiKey::new("sk-123").unwrap();
/// assert_eq!(format!("{key:?}"), "ApiKey(***)");
/// assert!(ApiKey::new("two words").is_err());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl ApiKey {
    /// A key from its text; surrounding whitespace (a trailing newline from a file) is dropped.
    /// Refused, without quoting it, when empty or when it holds spaces, control or non-ASCII
    /// characters (it could not be sent in a header).
    pub fn new(key: impl Into<String>) -> Result<Self, VerifyError> {
        let key = key.into();
        let trimmed = key.trim();
        if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(VerifyError::BadApiKey {
                origin: "given directly".to_owned(),
            });
        }
        Ok(ApiKey(trimmed.to_owned()))
    }

    /// The key in the environment variable `var`.
    pub fn from_env(var: &str) -> Result<Self, VerifyError> {
        let value = std::env::var_os(var).ok_or_else(|| VerifyError::MissingApiKey {
            var: var.to_owned(),
        })?;
        let text = value.into_string().map_err(|_| VerifyError::BadApiKey {
            origin: format!("environment variable {var}"),
        })?;
        ApiKey::new(text).map_err(|_| VerifyError::BadApiKey {
            origin: format!("environment variable {var}"),
        })
    }

    /// The `Authorization` header value.
    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// `text` with every occurrence of the key replaced by `***`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        text.replace(&self.0, "***")
    }
}
