use super::*;
use crate::oracle::oracle;
use crate::resources::common::DEFAULT_MODELS_OWNER;
use crate::{ConfigSet, Limits, Object, Release};
use serde_json::json;

fn examples() -> ConfigSet {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/nrp/models-config"
    );
    ConfigSet::load(&[folder], &Limits::default())
}

fn route(name: &str, gateway: Option<&str>, hostnames: &[&str], rules: Value) -> Object {
    let mut spec = json!({"rules": rules});
    if let Some(g) = gateway {
        spec["parentRefs"] = json!([{"name": g}]);
    }
    if !hostnames.is_empty() {
        spec["hostnames"] = json!(hostnames);
    }
    Object::new(json!({
        "apiVersion": "aigateway.envoyproxy.io/v1beta1",
        "kind": "AIGatewayRoute",
        "metadata": {"name": name, "namespace": "nrp-llm"},
        "spec": spec,
    }))
}

fn rule(models: &[&str], owner: Option<&str>) -> Value {
    let matches: Vec<Value> = models
        .iter()
        .map(|m| json!({"headers": [{"name": "x-ai-eg-model", "value": m}]}))
        .collect();
    let mut r = json!({"matches": matches, "backendRefs": [{"name": "b"}]});
    if let Some(o) = owner {
        r["modelsOwnedBy"] = json!(o);
    }
    r
}

fn names(models: &[ServedModel]) -> Vec<&str> {
    models.iter().map(|m| m.name.as_str()).collect()
}

#[test]
fn default_owner_is_the_crd_default_of_every_release() {
    for release in Release::ALL {
        let mut r = route("r", Some("gw"), &[], json!([rule(&["m"], None)]))
            .value()
            .clone();
        if !oracle(release).serves("aigateway.envoyproxy.io/v1beta1", "AIGatewayRoute") {
            r["apiVersion"] = json!("aigateway.envoyproxy.io/v1alpha1");
        }
        oracle(release).apply_defaults(&mut r);
        assert_eq!(
            r["spec"]["rules"][0]["modelsOwnedBy"], DEFAULT_MODELS_OWNER,
            "{release}"
        );
    }
}

#[test]
fn example_folder_serves_23_models_behind_one_gateway() {
    let served = served_models(&examples(), None, "llm.example.org").unwrap();
    assert_eq!(served.models.len(), 23);
    assert!(served.other_hosts.is_empty());
    let gw = served.gateway.unwrap();
    assert_eq!(
        (gw.kind.as_str(), gw.namespace.as_deref(), gw.name.as_str()),
        ("Gateway", Some("nrp-llm"), "envoy-ai-gateway-nrp")
    );
    let owners: BTreeSet<&str> = served.models.iter().map(|m| m.owner.as_str()).collect();
    assert_eq!(owners, BTreeSet::from(["NRP", "SDSC"]));
    assert!(served.models.iter().all(|m| m.declared));
    // Sorted by name.
    let mut sorted = names(&served.models);
    sorted.sort_unstable();
    assert_eq!(names(&served.models), sorted);
}

#[test]
fn owner_defaults_and_mixed_case_header_is_not_declared() {
    let mut r = rule(&["a"], None);
    r["matches"]
        .as_array_mut()
        .unwrap()
        .push(json!({"headers": [{"name": "X-AI-EG-Model", "value": "b"}]}));
    r["matches"]
        .as_array_mut()
        .unwrap()
        .push(json!({"headers": [{"name": "x-ai-eg-model", "type": "RegularExpression", "value": "c.*"}]}));
    let set = ConfigSet::from_objects([route("r", Some("gw"), &[], json!([r]))]);
    let served = served_models(&set, None, "").unwrap();
    assert_eq!(names(&served.models), ["a", "b"]);
    assert!(
        served
            .models
            .iter()
            .all(|m| m.owner == DEFAULT_MODELS_OWNER)
    );
    assert_eq!(
        served.models.iter().map(|m| m.declared).collect::<Vec<_>>(),
        [true, false]
    );
    let findings = compare(&served.models, &[]);
    let Finding::Missing { hint, .. } = &findings[1] else {
        panic!("{findings:?}")
    };
    assert!(hint.as_deref().unwrap().contains("x-ai-eg-model"));
    let Finding::Missing { hint, .. } = &findings[0] else {
        panic!("{findings:?}")
    };
    assert_eq!(hint, &None);
}

#[test]
fn several_gateways_need_a_parent() {
    let set = ConfigSet::from_objects([
        route("a", Some("gw-a"), &[], json!([rule(&["m1"], None)])),
        route("b", Some("gw-b"), &[], json!([rule(&["m2"], None)])),
        // Attached to nothing: serves nothing.
        route("c", None, &[], json!([rule(&["m3"], None)])),
    ]);
    let err = served_models(&set, None, "").unwrap_err();
    assert!(matches!(err, VerifyError::SeveralGateways { .. }), "{err}");
    assert!(
        err.to_string().contains("nrp-llm/gw-a, nrp-llm/gw-b"),
        "{err}"
    );
    assert!(err.hint().unwrap().contains("--parent"));
    let b = served_models(&set, Some("nrp-llm/gw-b"), "").unwrap();
    assert_eq!(names(&b.models), ["m2"]);
    let a = served_models(&set, Some("gw-a"), "").unwrap();
    assert_eq!(names(&a.models), ["m1"]);
    let err = served_models(&set, Some("other/gw-a"), "").unwrap_err();
    assert!(matches!(err, VerifyError::UnknownParent { .. }), "{err}");
    let none = ConfigSet::from_objects([route("c", None, &[], json!([rule(&["m3"], None)]))]);
    assert!(matches!(
        served_models(&none, None, ""),
        Err(VerifyError::NoRoutes)
    ));
}

#[test]
fn hostnames_scope_the_models_like_the_gateway() {
    let set = ConfigSet::from_objects([
        route("open", Some("gw"), &[], json!([rule(&["open"], None)])),
        route(
            "exact",
            Some("gw"),
            &["llm.example.org"],
            json!([rule(&["exact"], None)]),
        ),
        route(
            "wild",
            Some("gw"),
            &["*.example.org"],
            json!([rule(&["wild"], None)]),
        ),
        route(
            "deep",
            Some("gw"),
            &["*.b.example.org"],
            json!([rule(&["deep"], None)]),
        ),
    ]);
    let at = |host: &str| names(&served_models(&set, None, host).unwrap().models).join(",");
    assert_eq!(at("llm.example.org"), "exact,open");
    assert_eq!(at("api.example.org"), "open,wild");
    // The longest wildcard wins; a wildcard is one label.
    assert_eq!(at("a.b.example.org"), "deep,open");
    assert_eq!(at("x.y.z.example.org"), "open");
    assert_eq!(at("127.0.0.1"), "open");
    assert_eq!(at(""), "deep,exact,open,wild");
    let s = served_models(&set, None, "127.0.0.1").unwrap();
    assert_eq!(names(&s.other_hosts), ["deep", "exact", "wild"]);
}

#[test]
fn compare_reports_missing_extra_and_wrong_owner() {
    let set = ConfigSet::from_objects([route(
        "r",
        Some("gw"),
        &[],
        json!([
            rule(&["a"], Some("NRP")),
            rule(&["b"], Some("NRP")),
            rule(&["c"], None)
        ]),
    )]);
    let served = served_models(&set, None, "").unwrap();
    let listed = parse_model_list(
        br#"{"object":"list","data":[
            {"id":"a","object":"model","owned_by":"NRP","created":1},
            {"id":"c","object":"model","owned_by":"SDSC"},
            {"id":"z","object":"model","owned_by":"Envoy AI Gateway"},
            {"id":"y","object":"model"}]}"#,
    )
    .unwrap();
    let findings = compare(&served.models, &listed);
    let lines: Vec<String> = findings.iter().map(Finding::message).collect();
    assert_eq!(
        lines,
        [
            "missing: b (owner \"NRP\", AIGatewayRoute nrp-llm/r): routed by the configuration, \
             not listed by the gateway",
            "extra: y (no owner): listed by the gateway, routed by no rule of the configuration",
            "extra: z (owner \"Envoy AI Gateway\"): listed by the gateway, routed by no rule of \
             the configuration",
            "wrong owner: c: listed with \"SDSC\", configured \"Envoy AI Gateway\" \
             (AIGatewayRoute nrp-llm/r)",
        ]
    );
    // The gateway lists a name once per rule: duplicates with the same owner are no finding.
    let twice = parse_model_list(
        br#"{"data":[{"id":"a","owned_by":"NRP"},{"id":"a","owned_by":"NRP"},
            {"id":"b","owned_by":"NRP"},{"id":"c","owned_by":"Envoy AI Gateway"}]}"#,
    )
    .unwrap();
    assert_eq!(compare(&served.models, &twice), []);
}

#[test]
fn model_list_errors_say_what_is_wrong() {
    assert!(
        parse_model_list(b"not json")
            .unwrap_err()
            .contains("not JSON")
    );
    assert!(
        parse_model_list(br#"{"models":[]}"#)
            .unwrap_err()
            .contains("no \"data\" list")
    );
    assert_eq!(
        parse_model_list(br#"{"data":[{"id":"a"},{"name":"b"}]}"#).unwrap_err(),
        "data[1] has no string \"id\""
    );
    assert_eq!(parse_model_list(br#"{"data":[]}"#).unwrap(), []);
}

#[test]
fn gateway_urls() {
    let ok = |u: &str| GatewayUrl::parse(u).unwrap();
    assert_eq!(
        ok("http://127.0.0.1:8080").to_string(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(ok("http://127.0.0.1:8080").host(), "127.0.0.1");
    assert_eq!(
        ok(" https://gw.example.org/ ").to_string(),
        "https://gw.example.org"
    );
    assert_eq!(
        ok("https://gw.example.org/v1").to_string(),
        "https://gw.example.org"
    );
    assert_eq!(
        ok("https://gw.example.org/prefix/v1/").endpoint("/v1/models"),
        "https://gw.example.org/prefix/v1/models"
    );
    assert_eq!(ok("http://[::1]:8080").host(), "::1");
    assert_eq!(ok("HTTPS://GW.example.org").host(), "gw.example.org");
    for bad in [
        "gw.example.org",
        "ftp://gw.example.org",
        "http://",
        "http:///v1",
        "http://gw example.org",
        "https://gw.example.org/?key=s3cret",
        "https://user:s3cret@gw.example.org",
    ] {
        let err = GatewayUrl::parse(bad).unwrap_err();
        assert!(matches!(err, VerifyError::BadUrl { .. }), "{bad}: {err}");
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }
}

#[test]
fn api_keys_never_show() {
    let key = ApiKey::new("  sk-secret-1234\n").unwrap();
    assert_eq!(format!("{key:?}"), "ApiKey(***)");
    let options = VerifyOptions {
        api_key: Some(key.clone()),
        ..VerifyOptions::default()
    };
    assert!(!format!("{options:?}").contains("sk-secret"));
    assert_eq!(key.bearer(), "Bearer sk-secret-1234");
    assert_eq!(key.scrub("echo sk-secret-1234!"), "echo ***!");
    for bad in ["", "   ", "two words", "tab\tkey", "clé"] {
        let err = ApiKey::new(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the API key (given directly) is empty or holds spaces, control or non-ASCII characters"
        );
    }
    let err = ApiKey::from_env("NRP_LLM_CONFIG_TEST_SURELY_UNSET_VAR").unwrap_err();
    assert_eq!(
        err.to_string(),
        "environment variable NRP_LLM_CONFIG_TEST_SURELY_UNSET_VAR (the API key) is not set"
    );
}

#[test]
fn report_text_and_json() {
    let set = ConfigSet::from_objects([route(
        "r",
        Some("gw"),
        &[],
        json!([rule(&["a"], Some("NRP")), rule(&["b"], Some("NRP"))]),
    )]);
    let served = served_models(&set, None, "").unwrap();
    let listed = parse_model_list(br#"{"data":[{"id":"a","owned_by":"NRP"}]}"#).unwrap();
    let mut findings = compare(&served.models, &listed);
    let probes = vec![
        ProbeResult {
            model: "a".into(),
            endpoint: "/v1/chat/completions".into(),
            status: Some(200),
            latency: Duration::from_millis(12),
            error: None,
        },
        ProbeResult {
            model: "b".into(),
            endpoint: "/v1/chat/completions".into(),
            status: None,
            latency: Duration::from_secs(2),
            error: Some("no response within 2 s".into()),
        },
    ];
    findings.extend(probes.iter().filter_map(ProbeResult::finding));
    let report = Report {
        url: "http://gw".into(),
        models_url: "http://gw/v1/models".into(),
        gateway: served.gateway.clone(),
        served,
        listed,
        findings,
        probes: Some(probes),
    };
    assert!(!report.is_ok());
    assert_eq!(
        report.to_text(),
        "missing: b (owner \"NRP\", AIGatewayRoute nrp-llm/r): routed by the configuration, not \
         listed by the gateway\n\
         probe ok: a: POST /v1/chat/completions: HTTP 200 in 12 ms\n\
         probe failed: b: POST /v1/chat/completions: no response within 2 s\n\
         http://gw/v1/models: 2 configured, 1 listed: 1 missing, 0 extra, 0 with a wrong owner, \
         probes: 1 ok, 1 failed.\n"
    );
    let j = report.to_json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["gateway"]["parent"], "nrp-llm/gw");
    assert_eq!(
        j["summary"],
        json!({"configured": 2, "listed": 1, "missing": 1, "extra": 0, "wrongOwner": 0, "probeFailed": 1})
    );
    assert_eq!(j["findings"][0]["kind"], "missing");
    assert_eq!(j["findings"][0]["route"]["name"], "r");
    assert_eq!(j["findings"][1]["kind"], "probe_failed");
    assert_eq!(j["findings"][1]["latencyMs"], 2000);
    assert_eq!(j["probes"][0]["status"], 200);
    assert_eq!(j["probes"][1]["status"], Value::Null);
}

/// Serves one canned HTTP response on an ephemeral port; the thread returns the request it
/// read (head and body as text).
#[cfg(feature = "http")]
fn serve_once(response: String) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            request.push_str(&line);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        request.push_str(&String::from_utf8_lossy(&body));
        stream.write_all(response.as_bytes()).unwrap();
        request
    });
    (url, handle)
}

#[cfg(feature = "http")]
fn http_response(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}",
        body.len()
    )
}

#[cfg(feature = "http")]
#[test]
fn client_sends_the_key_and_reads_the_list() {
    let (url, server) = serve_once(http_response(
        "200 OK",
        "Content-Type: application/json\r\n",
        r#"{"object":"list","data":[{"id":"a","object":"model","owned_by":"NRP"}]}"#,
    ));
    let client = http::Client::new(
        Duration::from_secs(5),
        Some(ApiKey::new("sk-test-key").unwrap()),
    );
    let listed = client
        .list_models(&GatewayUrl::parse(&url).unwrap())
        .unwrap();
    assert_eq!(listed[0].id, "a");
    let request = server.join().unwrap();
    assert!(
        request.starts_with("GET /v1/models HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request
            .to_ascii_lowercase()
            .contains("authorization: bearer sk-test-key\r\n"),
        "{request}"
    );
}

#[cfg(feature = "http")]
#[test]
fn client_errors_scrub_the_key_and_do_not_follow_redirects() {
    let key = || Some(ApiKey::new("sk-test-key").unwrap());
    let (url, server) = serve_once(http_response(
        "401 Unauthorized",
        "",
        "bad key sk-test-key for this gateway",
    ));
    let client = http::Client::new(Duration::from_secs(5), key());
    let err = client
        .list_models(&GatewayUrl::parse(&url).unwrap())
        .unwrap_err();
    server.join().unwrap();
    assert_eq!(
        err.to_string(),
        format!("{url}/v1/models answered HTTP 401: bad key *** for this gateway")
    );
    assert!(err.hint().unwrap().contains("--api-key-env"));

    let (url, server) = serve_once(http_response(
        "301 Moved Permanently",
        "Location: https://elsewhere.example.org/v1/models\r\n",
        "",
    ));
    let client = http::Client::new(Duration::from_secs(5), key());
    let err = client
        .list_models(&GatewayUrl::parse(&url).unwrap())
        .unwrap_err();
    server.join().unwrap();
    assert_eq!(
        err.to_string(),
        format!("{url}/v1/models redirects (HTTP 301) to https://elsewhere.example.org/v1/models")
    );

    let (url, server) = serve_once(http_response("200 OK", "", "<html>hello</html>"));
    let err = http::Client::new(Duration::from_secs(5), None)
        .list_models(&GatewayUrl::parse(&url).unwrap())
        .unwrap_err();
    server.join().unwrap();
    assert!(matches!(err, VerifyError::BadListing { .. }), "{err}");
}

#[cfg(feature = "http")]
#[test]
fn client_gives_up_after_the_timeout() {
    // A server that accepts and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let client = http::Client::new(Duration::from_millis(300), None);
    let start = std::time::Instant::now();
    let err = client
        .list_models(&GatewayUrl::parse(&url).unwrap())
        .unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(matches!(err, VerifyError::Timeout { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("no answer from {url}/v1/models within 300 ms")
    );
    drop(listener);
}

#[cfg(feature = "http")]
#[test]
fn probe_bodies() {
    let (url, server) = serve_once(http_response("200 OK", "", "{}"));
    let client = http::Client::new(Duration::from_secs(5), None);
    let gw = GatewayUrl::parse(&url).unwrap();
    let r = client.probe_all(&gw, &[("qwen3".into(), false)]);
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /v1/chat/completions HTTP/1.1\r\n"));
    let body: Value = serde_json::from_str(request.split("\r\n").last().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"model": "qwen3", "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1})
    );
    assert!(r[0].is_ok() && r[0].status == Some(200));

    let (url, server) = serve_once(http_response("503 Service Unavailable", "", "no upstream"));
    let gw = GatewayUrl::parse(&url).unwrap();
    let r = client.probe_all(&gw, &[("qwen3-embedding".into(), true)]);
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /v1/embeddings HTTP/1.1\r\n"));
    assert!(
        request.ends_with(r#"{"model":"qwen3-embedding","input":"ping"}"#),
        "{request}"
    );
    assert_eq!(r[0].status, Some(503));
    assert_eq!(r[0].error.as_deref(), Some("HTTP 503: no upstream"));
}
