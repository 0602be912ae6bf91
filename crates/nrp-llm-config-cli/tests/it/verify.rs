//! `verify`: the shipped example against a local OpenAI-compatible stub gateway (a std
//! `TcpListener` on an ephemeral 127.0.0.1 port): all good, missing / extra / wrong-owner
//! models, probe failures (500 and timeout), connection refused, and the API key never shown.

use crate::common::{bin, examples, objects, stderr, stdout};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The key the tests hand the binary through the environment.
const KEY: &str = "sk-nrp-test-7f3a9c1e5b";
const KEY_VAR: &str = "NRP_VERIFY_TEST_KEY";

/// How the stub answers a probe for one model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Probe {
    Ok,
    /// An error status; the body quotes the request's Authorization header, as careless servers do.
    Status(u16),
    /// No answer for a few seconds (longer than the test's --timeout).
    Hang,
}

/// A request the stub received.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    authorization: Option<String>,
    body: Value,
}

#[derive(Default)]
struct Behaviour {
    /// `/v1/models` entries: (id, owned_by).
    models: Vec<(String, Option<String>)>,
    /// Probe answers per model (default: Ok).
    probes: BTreeMap<String, Probe>,
    /// When set, requests without `Authorization: Bearer <key>` get 401.
    key: Option<String>,
}

/// An OpenAI-compatible stub gateway on 127.0.0.1, serving until dropped.
struct Stub {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl Stub {
    fn start(behaviour: Behaviour) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let behaviour = Arc::new(behaviour);
        let (seen2, stop2) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (b, s) = (behaviour.clone(), seen2.clone());
                std::thread::spawn(move || handle(stream, &b, &s));
            }
        });
        Stub {
            url: format!("http://{addr}"),
            seen,
            stop,
            addr,
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn handle(stream: TcpStream, b: &Behaviour, seen: &Mutex<Vec<Seen>>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let (mut length, mut authorization) = (0usize, None);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        let (name, value) = h.split_once(':').unwrap_or((&h, ""));
        let value = value.trim().to_owned();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().unwrap_or(0),
            "authorization" => authorization = Some(value),
            _ => {}
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    let _ = reader.read_exact(&mut body);
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    seen.lock().unwrap().push(Seen {
        method: method.clone(),
        path: path.clone(),
        authorization: authorization.clone(),
        body: body.clone(),
    });
    let echo = authorization.clone().unwrap_or_default();
    let (status, text) = if b
        .key
        .as_ref()
        .is_some_and(|k| authorization.as_deref() != Some(&format!("Bearer {k}")))
    {
        (
            401,
            format!("{{\"error\": \"invalid credentials: {echo}\"}}"),
        )
    } else {
        match (method.as_str(), path.as_str()) {
            ("GET", "/v1/models") => {
                let data: Vec<Value> = b
                    .models
                    .iter()
                    .map(|(id, owner)| {
                        let mut m = json!({"id": id, "object": "model", "created": 1700000000});
                        if let Some(o) = owner {
                            m["owned_by"] = json!(o);
                        }
                        m
                    })
                    .collect();
                (200, json!({"object": "list", "data": data}).to_string())
            }
            ("POST", "/v1/chat/completions" | "/v1/embeddings") => {
                let model = body["model"].as_str().unwrap_or_default();
                match b.probes.get(model).copied().unwrap_or(Probe::Ok) {
                    Probe::Ok => (200, json!({"object": "ok", "model": model}).to_string()),
                    Probe::Status(code) => (
                        code,
                        format!("{{\"error\": \"backend down (request had {echo})\"}}"),
                    ),
                    Probe::Hang => {
                        std::thread::sleep(Duration::from_secs(4));
                        (200, "{}".to_owned())
                    }
                }
            }
            _ => (404, "{\"error\": \"not found\"}".to_owned()),
        }
    };
    let response = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{text}",
        text.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(response.as_bytes());
}

/// The models of the example folder as AI Gateway lists them: every header value of the
/// routes' rules with the rule's modelsOwnedBy, read from the YAML directly.
fn example_models() -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for (_, objs) in objects(&examples()) {
        for o in objs {
            if o["kind"] != "AIGatewayRoute" {
                continue;
            }
            for rule in o["spec"]["rules"].as_array().unwrap() {
                let owner = rule["modelsOwnedBy"].as_str().map(str::to_owned);
                for m in rule["matches"].as_array().unwrap() {
                    for h in m["headers"].as_array().unwrap() {
                        assert_eq!(h["name"], "x-ai-eg-model");
                        out.push((h["value"].as_str().unwrap().to_owned(), owner.clone()));
                    }
                }
            }
        }
    }
    assert_eq!(out.len(), 23);
    out
}

/// Runs `verify <examples> --gateway <url> --api-key-env KEY_VAR <args>` with the key in the
/// environment and no proxy settings; checks the key shows in no output.
fn verify(url: &str, args: &[&str]) -> Output {
    let dir = examples();
    let mut cmd = bin();
    cmd.args([
        "verify",
        dir.to_str().unwrap(),
        "--gateway",
        url,
        "--api-key-env",
        KEY_VAR,
    ])
    .args(args)
    .env(KEY_VAR, KEY);
    for v in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(v);
    }
    let out = cmd.output().unwrap();
    let (o, e) = (stdout(&out), stderr(&out));
    assert!(
        !o.contains(KEY) && !e.contains(KEY),
        "the key shows:\n{o}\n{e}"
    );
    out
}

fn good() -> Behaviour {
    Behaviour {
        models: example_models(),
        key: Some(KEY.to_owned()),
        ..Behaviour::default()
    }
}

#[test]
fn all_good_exits_0_and_sends_the_key() {
    let stub = Stub::start(good());
    let out = verify(&stub.url, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        stdout(&out),
        format!(
            "OK: {}/v1/models lists the 23 configured models with their owners.\n",
            stub.url
        )
    );
    assert_eq!(stderr(&out), "");
    let seen = stub.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("GET", "/v1/models")
    );
    assert_eq!(
        seen[0].authorization.as_deref(),
        Some(&*format!("Bearer {KEY}"))
    );
}

#[test]
fn probes_every_model_with_a_tiny_request() {
    let stub = Stub::start(good());
    let out = verify(&stub.url, &["--probe"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    let ok: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("probe ok: "))
        .collect();
    assert_eq!(ok.len(), 23, "{text}");
    assert!(text.contains("probe ok: qwen3-embedding: POST /v1/embeddings: HTTP 200 in "));
    assert!(text.contains("probe ok: gemma: POST /v1/chat/completions: HTTP 200 in "));
    assert!(
        text.ends_with("with their owners, probes: 23 ok, 0 failed.\n"),
        "{text}"
    );
    let probes: Vec<Seen> = stub
        .seen()
        .into_iter()
        .filter(|s| s.method == "POST")
        .collect();
    assert_eq!(probes.len(), 23);
    for p in &probes {
        assert_eq!(p.authorization.as_deref(), Some(&*format!("Bearer {KEY}")));
        let model = p.body["model"].as_str().unwrap();
        if model == "qwen3-embedding" {
            assert_eq!(p.path, "/v1/embeddings");
            assert_eq!(p.body, json!({"model": model, "input": "ping"}));
        } else {
            assert_eq!(p.path, "/v1/chat/completions");
            assert_eq!(
                p.body,
                json!({"model": model, "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1})
            );
        }
    }
}

#[test]
fn missing_model_exits_1() {
    let mut b = good();
    b.models.retain(|(id, _)| id != "qwen3-vl");
    let stub = Stub::start(b);
    let out = verify(&stub.url, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "missing: qwen3-vl (owner \"NRP\", AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen): \
             routed by the configuration, not listed by the gateway\n\
             {}/v1/models: 23 configured, 22 listed: 1 missing, 0 extra, 0 with a wrong owner.\n",
            stub.url
        )
    );
}

#[test]
fn extra_model_exits_1() {
    let mut b = good();
    b.models.push(("llama-4-scout".into(), Some("NRP".into())));
    let stub = Stub::start(b);
    let out = verify(&stub.url, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "extra: llama-4-scout (owner \"NRP\"): listed by the gateway, routed by no rule of \
             the configuration\n"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("23 configured, 24 listed: 0 missing, 1 extra, 0 with a wrong owner.\n")
    );
}

#[test]
fn wrong_owner_exits_1() {
    let mut b = good();
    for (id, owner) in &mut b.models {
        if id == "qwen3-nairr" {
            *owner = Some("NRP".into());
        }
    }
    let stub = Stub::start(b);
    let out = verify(&stub.url, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "wrong owner: qwen3-nairr: listed with \"NRP\", configured \"SDSC\" (AIGatewayRoute \
             nrp-llm/envoy-ai-gateway-nrp-qwen)\n"
        ),
        "{text}"
    );
    assert!(text.contains(": 0 missing, 0 extra, 1 with a wrong owner.\n"));
}

#[test]
fn probe_failure_500_exits_1_without_showing_the_key() {
    let mut b = good();
    b.probes.insert("gemma".into(), Probe::Status(500));
    let stub = Stub::start(b);
    let out = verify(&stub.url, &["--probe"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    // The stub quotes the Authorization header in its error body; the key is scrubbed.
    let line = text
        .lines()
        .find(|l| l.starts_with("probe failed: gemma: "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with(
            "probe failed: gemma: POST /v1/chat/completions: HTTP 500: {\"error\": \"backend \
             down (request had Bearer ***)\"} (after "
        ),
        "{line}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("probe ok: ")).count(),
        22
    );
    assert!(text.ends_with("probes: 22 ok, 1 failed.\n"), "{text}");
}

#[test]
fn probe_timeout_exits_1_in_bounded_time() {
    let mut b = good();
    b.probes.insert("kimi".into(), Probe::Hang);
    let stub = Stub::start(b);
    let start = Instant::now();
    let out = verify(&stub.url, &["--probe", "--timeout", "500ms"]);
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("probe failed: kimi: POST /v1/chat/completions: no response within 500 ms\n"),
        "{text}"
    );
}

#[test]
fn json_output_names_each_finding() {
    let mut b = good();
    b.models.retain(|(id, _)| id != "olmo");
    b.models.push(("llama-4-scout".into(), None));
    b.probes.insert("phi4".into(), Probe::Status(503));
    let stub = Stub::start(b);
    let out = verify(&stub.url, &["--probe", "--output", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["ok"], false);
    assert_eq!(j["gateway"]["url"], stub.url);
    assert_eq!(j["gateway"]["parent"], "nrp-llm/envoy-ai-gateway-nrp");
    let kinds: Vec<(&str, &str)> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["model"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("missing", "olmo"),
            ("extra", "llama-4-scout"),
            ("probe_failed", "phi4")
        ]
    );
    assert_eq!(j["findings"][2]["status"], 503);
    assert_eq!(j["probes"].as_array().unwrap().len(), 23);
    assert_eq!(
        j["summary"],
        json!({"configured": 23, "listed": 23, "missing": 1, "extra": 1, "wrongOwner": 0, "probeFailed": 1})
    );
}

#[test]
fn connection_refused_exits_2_naming_the_url() {
    // A port nothing listens on: bind, note, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = verify(&url, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: cannot reach the gateway at {url}/v1/models: "
        )),
        "{err}"
    );
    assert!(err.contains("  = hint: check the URL"), "{err}");
}

#[test]
fn a_rejected_key_exits_2_and_is_not_echoed() {
    let mut b = good();
    b.key = Some("another-key".into());
    let stub = Stub::start(b);
    let out = verify(&stub.url, &["--probe"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: {}/v1/models answered HTTP 401: {{\"error\": \"invalid credentials: Bearer ***\"}}\n",
            stub.url
        )),
        "{err}"
    );
    assert!(err.contains("--api-key-env"), "{err}");
    // Nothing was probed once the list failed.
    assert_eq!(stub.seen().len(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let stub = Stub::start(good());
    // The variable is not set.
    let dir = examples();
    let out = bin()
        .args(["verify", dir.to_str().unwrap(), "--gateway", &stub.url])
        .args(["--api-key-env", "NRP_VERIFY_TEST_UNSET_VAR"])
        .env_remove("NRP_VERIFY_TEST_UNSET_VAR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with(
        "error: environment variable NRP_VERIFY_TEST_UNSET_VAR (the API key) is not set\n"
    ));
    // A value that cannot be a bearer token is refused without being repeated.
    let out = bin()
        .args(["verify", dir.to_str().unwrap(), "--gateway", &stub.url])
        .args(["--api-key-env", KEY_VAR])
        .env(KEY_VAR, "secret with spaces")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: the API key (environment variable {KEY_VAR}) is empty or holds spaces, \
             control or non-ASCII characters\n"
        )
    );
    // Credentials in the URL are refused and not repeated.
    let out = verify("http://me:hunter2@127.0.0.1:9", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("gateway URL http://***@127.0.0.1:9: the URL carries credentials")
    );
    assert!(!stderr(&out).contains("hunter2"));
    // A bad timeout, a path that does not exist.
    assert_eq!(
        verify(&stub.url, &["--timeout", "soon"]).status.code(),
        Some(2)
    );
    assert_eq!(
        verify(&stub.url, &["--timeout", "0s"]).status.code(),
        Some(2)
    );
    let out = bin()
        .args([
            "verify",
            "/nonexistent/models-config",
            "--gateway",
            &stub.url,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // None of these reached the gateway.
    assert!(stub.seen().is_empty());
}
