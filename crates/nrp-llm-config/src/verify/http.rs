//! The HTTP side of `verify` (feature `http`): `GET /v1/models` and the probe requests, with
//! ureq. Every request has the one time budget, bodies are read up to a limit, redirects are
//! not followed, and every text that leaves this file has the API key scrubbed.

use super::gateway::{ApiKey, GatewayUrl};
use super::listing::{ListedModel, parse_model_list};
use super::{ProbeResult, VerifyError};
use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The most a model list may weigh (10,000 models take about 1 MiB).
const LIST_LIMIT: u64 = 16 * 1024 * 1024;
/// The most read of a probe's response (a one-token answer is a few hundred bytes).
const PROBE_LIMIT: u64 = 1024 * 1024;
/// Characters of a response body quoted in a message.
const EXCERPT: usize = 200;
/// Probes in flight at once.
const PROBE_WORKERS: usize = 4;

/// The endpoint of a model list.
pub(crate) const MODELS_PATH: &str = "/v1/models";
/// The endpoint chat models are probed at.
pub(crate) const CHAT_PATH: &str = "/v1/chat/completions";
/// The endpoint embedding models are probed at.
pub(crate) const EMBEDDINGS_PATH: &str = "/v1/embeddings";

pub(crate) struct Client {
    agent: ureq::Agent,
    key: Option<ApiKey>,
    timeout: Duration,
}

/// What a request came back with: a status and the start of the body, or no response.
enum Outcome {
    Response {
        status: u16,
        body: Vec<u8>,
        location: Option<String>,
    },
    Failed(VerifyError),
}

impl Client {
    pub(crate) fn new(timeout: Duration, key: Option<ApiKey>) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            // A redirect is reported, not followed: the key must not travel to another place.
            .max_redirects(0)
            .user_agent(concat!("nrp-llm-config/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            key,
            timeout,
        }
    }

    fn scrub(&self, text: &str) -> String {
        match &self.key {
            Some(k) => k.scrub(text),
            None => text.to_owned(),
        }
    }

    /// A short, one-line, scrubbed quote of a response body.
    fn excerpt(&self, body: &[u8]) -> Option<String> {
        let text = String::from_utf8_lossy(body);
        let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            return None;
        }
        let mut short: String = line.chars().take(EXCERPT).collect();
        if short.len() < line.len() {
            short.push('…');
        }
        Some(self.scrub(&short))
    }

    fn error(&self, url: &str, e: ureq::Error) -> VerifyError {
        let url = url.to_owned();
        match e {
            ureq::Error::Timeout(_) => VerifyError::Timeout {
                url,
                after: self.timeout,
            },
            ureq::Error::BodyExceedsLimit(limit) => VerifyError::TooLarge { url, limit },
            ureq::Error::Io(io) => VerifyError::Unreachable {
                url,
                reason: self.scrub(&io.to_string()),
            },
            ureq::Error::HostNotFound => VerifyError::Unreachable {
                url,
                reason: "host not found".to_owned(),
            },
            other => VerifyError::Unreachable {
                url,
                reason: self.scrub(&other.to_string()),
            },
        }
    }

    /// Sends one request; `body` makes it a JSON POST.
    fn send(&self, url: &str, body: Option<&serde_json::Value>, limit: u64) -> Outcome {
        let auth = self.key.as_ref().map(ApiKey::bearer);
        let result = match body {
            None => {
                let mut req = self.agent.get(url).header("Accept", "application/json");
                if let Some(a) = &auth {
                    req = req.header("Authorization", a);
                }
                req.call()
            }
            Some(b) => {
                let mut req = self
                    .agent
                    .post(url)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json");
                if let Some(a) = &auth {
                    req = req.header("Authorization", a);
                }
                req.send(b.to_string().as_bytes())
            }
        };
        let mut response = match result {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(self.error(url, e)),
        };
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(|l| self.scrub(l));
        let mut bytes = Vec::new();
        let read = response
            .body_mut()
            .as_reader()
            .take(limit + 1)
            .read_to_end(&mut bytes);
        match read {
            Ok(_) if bytes.len() as u64 > limit => Outcome::Failed(VerifyError::TooLarge {
                url: url.to_owned(),
                limit,
            }),
            Ok(_) => Outcome::Response {
                status,
                body: bytes,
                location,
            },
            Err(e) => match e
                .into_inner()
                .and_then(|i| i.downcast::<ureq::Error>().ok())
            {
                Some(u) => Outcome::Failed(self.error(url, *u)),
                None => Outcome::Failed(VerifyError::Unreachable {
                    url: url.to_owned(),
                    reason: "the connection broke while reading the response".to_owned(),
                }),
            },
        }
    }

    /// `GET <gateway>/v1/models`, read as an OpenAI model list.
    pub(crate) fn list_models(
        &self,
        gateway: &GatewayUrl,
    ) -> Result<Vec<ListedModel>, VerifyError> {
        let url = gateway.endpoint(MODELS_PATH);
        match self.send(&url, None, LIST_LIMIT) {
            Outcome::Failed(e) => Err(e),
            Outcome::Response {
                status: 200..=299,
                body,
                ..
            } => parse_model_list(&body).map_err(|reason| VerifyError::BadListing {
                url,
                reason: self.scrub(&reason),
            }),
            Outcome::Response {
                status: status @ 300..=399,
                location,
                ..
            } => Err(VerifyError::Redirect {
                url,
                status,
                location,
            }),
            Outcome::Response { status, body, .. } => Err(VerifyError::Status {
                url,
                status,
                excerpt: self.excerpt(&body),
            }),
        }
    }

    /// One probe: a one-token chat completion, or an embedding of one word.
    fn probe(&self, gateway: &GatewayUrl, model: &str, embedding: bool) -> ProbeResult {
        let (path, body) = if embedding {
            (
                EMBEDDINGS_PATH,
                serde_json::json!({"model": model, "input": "ping"}),
            )
        } else {
            (
                CHAT_PATH,
                serde_json::json!({
                    "model": model,
                    "messages": [{"role": "user", "content": "ping"}],
                    "max_tokens": 1,
                }),
            )
        };
        let url = gateway.endpoint(path);
        let start = Instant::now();
        let outcome = self.send(&url, Some(&body), PROBE_LIMIT);
        let latency = start.elapsed();
        let (status, error) = match outcome {
            Outcome::Response {
                status: status @ 200..=299,
                ..
            } => (Some(status), None),
            Outcome::Response { status, body, .. } => {
                let mut e = format!("HTTP {status}");
                if let Some(x) = self.excerpt(&body) {
                    e.push_str(&format!(": {x}"));
                }
                (Some(status), Some(e))
            }
            Outcome::Failed(VerifyError::Timeout { after, .. }) => (
                None,
                Some(format!(
                    "no response within {}",
                    super::format_duration(after)
                )),
            ),
            Outcome::Failed(VerifyError::Unreachable { reason, .. }) => {
                (None, Some(format!("no response: {reason}")))
            }
            Outcome::Failed(e) => (None, Some(self.scrub(&e.to_string()))),
        };
        ProbeResult {
            model: model.to_owned(),
            endpoint: path.to_owned(),
            status,
            latency,
            error,
        }
    }

    /// Probes every model (a few at a time); results in the order of `models`.
    pub(crate) fn probe_all(
        &self,
        gateway: &GatewayUrl,
        models: &[(String, bool)],
    ) -> Vec<ProbeResult> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<ProbeResult>>> = Mutex::new(vec![None; models.len()]);
        std::thread::scope(|s| {
            for _ in 0..PROBE_WORKERS.min(models.len()) {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((model, embedding)) = models.get(i) else {
                            break;
                        };
                        let r = self.probe(gateway, model, *embedding);
                        if let Ok(mut all) = results.lock() {
                            all[i] = Some(r);
                        }
                    }
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .flatten()
            .collect()
    }
}
