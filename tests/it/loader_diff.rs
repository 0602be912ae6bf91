//! Differential tests of the one-pass YAML loader (`document::parse_str`) against the reference
//! path (`document::parse_str_reference`: serde-saphyr into a spanned tree, then JSON). Both must
//! give the same objects (values, key order, number types, positions, origins) or the same error
//! (code, file, line, column, message, hint), on every YAML file of the repository and on a
//! table of tricky inputs. Some inputs must be read by the fast path itself, so that a loader
//! that always fell back would fail here too.

use crate::common::workspace_root;
use nrp_llm_config::document::{
    self, Limits, fast_path_accepts, parse_str, parse_str_reference, parse_values,
    parse_values_reference,
};
use std::path::{Path, PathBuf};

/// Compares both loaders on `text`; panics with the input on any difference. Returns whether
/// the fast path read it by itself.
fn check_with(text: &str, limits: &Limits) -> bool {
    let fast = parse_str(text, "t.yaml", limits);
    let reference = parse_str_reference(text, "t.yaml", limits);
    assert_eq!(fast, reference, "parse_str differs on input:\n{text}");
    let fast = parse_values(text, "t.yaml", limits);
    let reference = parse_values_reference(text, "t.yaml", limits);
    assert_eq!(fast, reference, "parse_values differs on input:\n{text}");
    fast_path_accepts(text, limits)
}

fn check(text: &str) -> bool {
    check_with(text, &Limits::default())
}

fn yaml_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "target" || name == "corpus" || name == "artifacts" {
            continue;
        }
        if p.is_dir() {
            yaml_files_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

#[test]
fn every_repository_yaml_file_loads_the_same() {
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in ["tests", "examples", "crates", "benches", "bindings"] {
        yaml_files_under(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "only {} YAML files found", files.len());
    let mut fast = 0usize;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let limits = Limits::default();
        let a = parse_str(&text, &f.display().to_string(), &limits);
        let b = parse_str_reference(&text, &f.display().to_string(), &limits);
        assert_eq!(a, b, "{}", f.display());
        let a = parse_values(&text, "v.yaml", &limits);
        let b = parse_values_reference(&text, "v.yaml", &limits);
        assert_eq!(a, b, "{}", f.display());
        fast += usize::from(fast_path_accepts(&text, &limits));
    }
    // Nearly all of them are plain Kubernetes YAML, which the fast path must read itself.
    assert!(
        fast * 10 >= files.len() * 9,
        "fast path read only {fast} of {} files",
        files.len()
    );
}

#[test]
fn example_configuration_takes_the_fast_path() {
    let root = workspace_root().join("examples/nrp");
    let mut files = Vec::new();
    yaml_files_under(&root, &mut files);
    assert!(!files.is_empty());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(check(&text), "{} fell back", f.display());
    }
}

const HEAD: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";

/// Every scalar spelling the resolver distinguishes, as a value and as a key.
const SCALARS: &[&str] = &[
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "nULL",
    "true",
    "True",
    "TRUE",
    "tRUE",
    "false",
    "False",
    "FALSE",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "0",
    "-0",
    "+0",
    "00",
    "010",
    "-010",
    "+010",
    "0755",
    "12",
    "+12",
    "-12",
    "1_000",
    "1__000",
    "_1",
    "1_",
    "0x1F",
    "0x1f",
    "0X1F",
    "-0x1F",
    "+0x1F",
    "0x",
    "0xG",
    "0x_1",
    "0o17",
    "0O17",
    "0o18",
    "0b101",
    "0B101",
    "0b102",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "0xFFFFFFFFFFFFFFFF",
    "0x1FFFFFFFFFFFFFFFF",
    "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    "1.5",
    "-1.5",
    "+1.5",
    "1.",
    ".5",
    "-.5",
    "1e3",
    "1E3",
    "1e-3",
    "1.5e+3",
    "1e999",
    "-1e999",
    "1e-999",
    "0.0",
    "-0.0",
    "00.5",
    "1_0.5",
    ".inf",
    ".Inf",
    ".INF",
    "-.inf",
    "+.inf",
    ".nan",
    ".NaN",
    ".NAN",
    "-.nan",
    "+.nan",
    "inf",
    "-inf",
    "infinity",
    "nan",
    "NaN",
    "1.0.0",
    "10Gi",
    "500m",
    "2024-01-01",
    "2024-01-01T00:00:00Z",
    "12:30",
    "1:2:3",
    "<<",
    "=",
    "-",
    "+",
    ".",
    "'quoted'",
    "\"double\"",
    "\"1\"",
    "'true'",
    "\"null\"",
    "''",
    "\"\"",
    "\"esc\\tape\\n\\u00e9\"",
    "'it''s'",
    "héllo wörld",
    "日本語",
    "emoji 🎉",
    "a # comment",
    "a#b",
    "http://x:80/y?z=1&w",
    "!!str 12",
    "!!str",
    "!!int 12",
    "!!int \"12\"",
    "!!int -12",
    "!!int x",
    "!!float 1",
    "!!float .nan",
    "!!bool true",
    "!!bool yes",
    "!!null ''",
    "!!null x",
    "! 12",
    "!custom 12",
    "!custom",
    "!!binary aGVsbG8=",
    "!!timestamp 2024-01-01",
    "&a 12",
    "|\n    literal\n    text\n",
    "|-\n    literal\n",
    "|+\n    keep\n\n",
    ">\n    folded\n    text\n",
    "|\n    12\n",
    "\"multi\n    line\"",
    "plain\n    multi line",
];

#[test]
fn scalar_table_loads_the_same() {
    let mut fast = 0;
    for s in SCALARS {
        fast += usize::from(check(&format!("{HEAD}data:\n  v: {s}\n")));
        check(&format!("{HEAD}data:\n  {s}: v\n"));
        check(&format!("{HEAD}data:\n  l:\n  - {s}\n  - x\n"));
        check(&format!("{HEAD}data: {{v: {s}}}\n"));
        check(&format!("{HEAD}data: [{s}]\n"));
        check(&format!("{s}\n"));
        check(&format!("--- {s}\n...\n"));
    }
    assert!(
        fast > SCALARS.len() / 2,
        "fast path read only {fast} values"
    );
}

#[test]
fn structure_table_loads_the_same() {
    let cases: Vec<String> = vec![
        // Duplicates, including keys equal after resolution or spelled differently.
        format!("{HEAD}data:\n  a: 1\n  a: 2\n"),
        format!("{HEAD}data:\n  a: 1\n  'a': 2\n"),
        format!("{HEAD}data:\n  1: x\n  0x1: y\n"),
        format!("{HEAD}data:\n  1: x\n  '1': y\n"),
        format!("{HEAD}data:\n  1.0: x\n  1: y\n"),
        format!("{HEAD}data:\n  true: x\n  'true': y\n"),
        format!("{HEAD}data:\n  ~: x\n  null: y\n"),
        format!("{HEAD}data: {{a: 1, a: 2}}\n"),
        format!("{HEAD}data: {{a: 1, b: [1, {{a: 1, a: 2}}]}}\n"),
        format!("{HEAD}kind: Y\n"),
        // Complex keys.
        format!("{HEAD}data:\n  ? [a, b]\n  : v\n"),
        format!("{HEAD}data:\n  ? {{a: b}}\n  : v\n"),
        format!("{HEAD}data: {{[a]: v}}\n"),
        format!("{HEAD}data:\n  ? a\n  : v\n"),
        format!("{HEAD}data:\n  ?\n  : v\n"),
        // Anchors, aliases, merge keys.
        format!("{HEAD}data:\n  a: &x 1\n  b: *x\n"),
        format!("{HEAD}data:\n  a: &x {{p: 1, q: [2, 3]}}\n  b: *x\n"),
        format!("{HEAD}data:\n  a: &x {{p: 1}}\n  b:\n    <<: *x\n    q: 2\n"),
        format!("{HEAD}data:\n  a: &x {{p: 1}}\n  b:\n    <<: *x\n    p: 2\n"),
        format!("{HEAD}data:\n  a: &x {{p: 1}}\n  c: &y {{r: 1}}\n  b:\n    <<: [*x, *y]\n"),
        format!("{HEAD}data:\n  '<<': 1\n"),
        format!("{HEAD}data:\n  <<: 1\n"),
        format!("{HEAD}data:\n  a: *nope\n"),
        format!("{HEAD}data:\n  &k key: v\n  other: *k\n"),
        format!("&doc\n{HEAD}"),
        // Nested flow collections, empty collections, tabs, comments.
        format!("{HEAD}data: {{a: [1, {{b: [2, [3, {{}}]]}}], c: [], d: {{}}}}\n"),
        format!("{HEAD}data: [a, [b, [c, [d]]], {{e: f}}, [], {{}}]\n"),
        format!("{HEAD}data:\n  a:\t1\n"),
        format!("{HEAD}data:\n\ta: 1\n"),
        format!("# head\n{HEAD}# mid\ndata: # trailing\n  a: 1 # x\n  # own line\n  b: 2\n"),
        format!("{HEAD}data:\n- a\n- - b\n  - c\n- d: e\n  f: g\n"),
        format!("{HEAD}data:\n  l:\n  -\n  - ~\n  - ''\n"),
        format!("{HEAD}data:\n  k:\n"),
        format!("{HEAD}data:\n  key with spaces: v\n  \"quoted key\": v\n  'single': v\n"),
        format!("{HEAD}data:\n  ünï: cödé\n  日本: 語\n"),
        format!("{HEAD}data:\n  s: {}\n", "x".repeat(100_000)),
        format!("{HEAD}data:\n  s: \"{}\"\n", "y".repeat(70_000)),
        format!("{HEAD}data:\n  {}: v\n", "k".repeat(2_000)),
        // Multiple documents, markers, empty documents, BOM, CRLF.
        format!("---\n{HEAD}---\n{HEAD}"),
        format!("{HEAD}...\n---\n{HEAD}...\n"),
        format!("---\n---\n{HEAD}---\n"),
        format!("---\n~\n---\n{HEAD}---\nnull\n---\n{HEAD}"),
        format!("\u{feff}{HEAD}"),
        format!("\u{feff}---\n{HEAD}---\n{HEAD}"),
        format!("{HEAD}data:\n  a: 1\n").replace('\n', "\r\n"),
        format!("%YAML 1.2\n---\n{HEAD}"),
        format!("%TAG !e! tag:example.com,2000:\n---\n{HEAD}"),
        String::new(),
        "---\n".to_owned(),
        "# only a comment\n".to_owned(),
        "...\n".to_owned(),
        // Non-object documents and missing fields.
        "- a\n- b\n".to_owned(),
        "just text\n".to_owned(),
        "12\n".to_owned(),
        "true\n".to_owned(),
        "apiVersion: v1\nmetadata: {name: a}\n".to_owned(),
        "kind: X\nmetadata: {name: a}\n".to_owned(),
        "apiVersion: 1\nkind: X\n".to_owned(),
        "apiVersion: v1\nkind: [X]\n".to_owned(),
        format!("{HEAD}---\n- a\n"),
        format!("- a\n---\n{HEAD}data: {{a: .nan}}\n"),
        format!("{HEAD}data: {{a: .nan}}\n---\n{HEAD}data: [\n"),
        format!("{HEAD}data: {{a: 99999999999999999999}}\n---\n{HEAD}a: 1\na: 2\n"),
        // kind: List.
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: A\n  metadata: {name: a}\n- apiVersion: v1\n  kind: B\n".to_owned(),
        "apiVersion: v1\nkind: List\nitems:\n".to_owned(),
        "apiVersion: v1\nkind: List\nitems: []\n".to_owned(),
        "apiVersion: v1\nkind: List\nitems: x\n".to_owned(),
        "apiVersion: v1\nkind: List\nitems:\n- a\n".to_owned(),
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n".to_owned(),
        "apiVersion: v1\nkind: List\nmetadata: {x: [1, 2]}\nitems:\n- apiVersion: v1\n  kind: A\n  data: {p: [1, {q: 2}]}\n- apiVersion: v1\n  kind: B\n".to_owned(),
        "apiVersion: v2\nkind: List\nitems: x\n".to_owned(),
        // Syntax errors.
        format!("{HEAD}data: [a\n"),
        format!("{HEAD}data: {{a\n"),
        format!("{HEAD}data:\n  a: 1\n b: 2\n"),
        format!("{HEAD}data: \"unterminated\n"),
        format!("{HEAD}data: 'x' y\n"),
        format!("{HEAD}data:\n  - a\n  b: c\n"),
        format!("{HEAD}data: @x\n"),
        format!("{HEAD}data: `x\n"),
        format!("{HEAD}data: |\n x\n  y\n z: 1\n"),
        format!("{HEAD}data: a: b\n"),
        format!("{HEAD}\u{feff}data: 1\n"),
    ];
    for c in &cases {
        check(c);
    }
}

#[test]
fn limits_give_the_same_errors() {
    // The reference path recurses once per nesting level through serde-saphyr's deserializer;
    // unoptimised test builds need more than the default 2 MiB test-thread stack for it.
    std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(limits_cases)
        .unwrap()
        .join()
        .unwrap();
}

fn limits_cases() {
    // Nesting around the limit, block and flow.
    for depth in [60usize, 62, 63, 64, 65, 66, 67, 70, 300] {
        let flow = format!("{HEAD}a: {}1{}\n", "[".repeat(depth), "]".repeat(depth));
        check(&flow);
        let flow_maps = format!("{HEAD}a: {}1{}\n", "{k: ".repeat(depth), "}".repeat(depth));
        check(&flow_maps);
        let mut block = HEAD.to_owned();
        for i in 0..depth {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        block.push_str(&" ".repeat(depth));
        block.push_str("v\n");
        check(&block);
    }
    // Small limits: each limit at, below and above the input's size.
    let text = format!("---\n{HEAD}data:\n  a: [1, 2, {{b: c}}]\n  s: abcdefghij\n---\n{HEAD}");
    for n in 0..40 {
        for limits in [
            Limits {
                max_depth: n,
                ..Limits::default()
            },
            Limits {
                max_nodes: n,
                ..Limits::default()
            },
            Limits {
                max_documents: n,
                ..Limits::default()
            },
            Limits {
                max_scalar_bytes: n,
                ..Limits::default()
            },
            Limits {
                max_file_bytes: n as u64 * 4,
                ..Limits::default()
            },
        ] {
            check_with(&text, &limits);
        }
    }
    // Billion laughs and alias counts.
    let mut laughs = format!("{HEAD}a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        laughs.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    check(&laughs);
    let mut many = format!("{HEAD}a: &a x\nl:\n");
    for _ in 0..1_100 {
        many.push_str("- *a\n");
    }
    check(&many);
    check_with(
        &many,
        &Limits {
            max_aliases: 5_000,
            max_alias_events: 10,
            ..Limits::default()
        },
    );
}

#[test]
fn generated_fleet_loads_the_same() {
    // A templated fleet like the benchmark generator's: many documents, flow and block style.
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(&format!(
            "---\napiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: backend-{i}\n  namespace: nrp-llm\n  labels: {{app: \"llm\", tier: '{}'}}\nspec:\n  schema:\n    name: OpenAI\n    version: v1\n  backendRef:\n    name: svc-{i}\n    kind: Backend\n    group: gateway.envoyproxy.io\n    port: {}\n  timeouts: {{request: 60s}}\n  weights: [1, 2.5, -3, 0x10]\n  headers:\n  - name: x-ai-eg-model\n    value: \"model-{i}\"\n  - name: x-empty\n    value:\n",
            i % 3,
            8000 + i
        ));
    }
    assert!(check(&text), "the fleet fell back to the reference path");
    let objs = parse_str(&text, "fleet.yaml", &Limits::default()).unwrap();
    assert_eq!(objs.len(), 300);
    assert_eq!(objs[299].origin().unwrap().document, 299);
    let p = objs[5]
        .locate(&"spec.headers[0].value".parse().unwrap())
        .unwrap();
    let reference = parse_str_reference(&text, "fleet.yaml", &Limits::default()).unwrap();
    assert_eq!(
        reference[5].locate(&"spec.headers[0].value".parse().unwrap()),
        Some(p)
    );
    let _ = document::to_yaml(&[objs[0].value().clone()]);
}
