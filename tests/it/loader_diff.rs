//! Differential tests of the one-pass YAML loader (`document::parse_str`) against the reference
//! path (`document::parse_str_reference`: serde-saphyr into a spanned tree, then JSON). Both must
//! give the same objects (values, key order, number types, positions, origins) or the same error
//! (code, file, line, column, message, hint), on every YAML file of the repository and on a
//! table of tricky inputs. Some inputs must be read by the fast path itself, so that a loader
//! that always fell back would fail here too.
//!
//! The fast path itself has two readers: a line scanner for plain block YAML and the
//! granit-parser event loop for everything else. Every comparison here also checks that the
//! scanner, whenever it accepts a text, gives exactly what the event loop gives (values, key
//! order, number types and positions of every document); a corpus of tricky block YAML, a
//! generator of random block YAML and a mutator exercise the scanner's edges.

use crate::common::{repository_yaml_files, workspace_root, yaml_files_under};
use nrp_llm_config::document::{
    self, Limits, fast_path_accepts, fast_paths_separately, parse_str, parse_str_reference,
    parse_values, parse_values_reference,
};

/// Compares both loaders on `text`; panics with the input on any difference. Returns whether
/// the fast path read it by itself.
fn check_with(text: &str, limits: &Limits) -> bool {
    scan_agrees_with(text, limits);
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

/// When the line scanner accepts `text`, it must give exactly what the event loop gives (so in
/// particular the event loop must accept it too). Returns whether the scanner accepted it.
fn scan_agrees_with(text: &str, limits: &Limits) -> bool {
    let (scan, events) = fast_paths_separately(text, limits);
    let Some(scan) = scan else {
        return false;
    };
    assert_eq!(
        Some(&scan),
        events.as_ref(),
        "the line scanner differs from the event loop on input:\n{text}\n{text:?}"
    );
    true
}

fn scan_agrees(text: &str) -> bool {
    scan_agrees_with(text, &Limits::default())
}

#[test]
fn every_repository_yaml_file_loads_the_same() {
    let mut files = Vec::new();
    repository_yaml_files(&mut files, &mut Vec::new());
    assert!(files.len() > 100, "only {} YAML files found", files.len());
    let mut fast = 0usize;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let limits = Limits::default();
        scan_agrees(&text);
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
    yaml_files_under(&root, &mut files, &mut Vec::new());
    assert!(!files.is_empty());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(check(&text), "{} fell back", f.display());
    }
    let models = workspace_root().join("examples/nrp/models-config");
    let mut files = Vec::new();
    yaml_files_under(&models, &mut files, &mut Vec::new());
    assert!(files.len() >= 7);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            scan_agrees(&text),
            "{} is not read by the line scanner",
            f.display()
        );
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

/// Block YAML at the edges of the line scanner's subset. Each must load the same through every
/// path; the ones marked `true` must be read by the scanner itself.
const SCAN_CORPUS: &[(bool, &str)] = &[
    (true, "a: 1\n"),
    (true, "a: 1"),
    (true, "a:\n  b: 1\n  c:\n    d: x\n"),
    (true, "a:\n - x\n - y\n"),
    (true, "a:\n- x\n- y\nb: 2\n"),
    (true, "a:\n  b:\n  - x\n  c: d\n"),
    (true, "- a\n- b\n"),
    (true, "- - a\n  - b\n- c\n"),
    (true, "- - - a\n"),
    (true, "-  key: v\n   k2: w\n"),
    (true, "- key: v\n  k2: w\n- k3: x\n"),
    (true, "- a: 1\n  b:\n  - x\n  c: {}\n"),
    (true, "- a:\n    b: 1\n"),
    (true, "key with spaces: v\n"),
    (true, "a:b: c\n"),
    (true, "a:: b\n"),
    (true, "a#b: c#d\n"),
    (true, "k: a:b\n"),
    (true, "k: http://x:80/y?z=1&w\n"),
    (true, "key:  value  # c\n"),
    (true, "key: value # c: d\n"),
    (true, "key: # c\n"),
    (true, "key:\n# c\n  # c2\n    # c3\n  sub: 1\n"),
    (true, "\"quoted: key\": v\n'single # key': w\n"),
    (true, "\"\": empty\n"),
    (
        true,
        "k: \"esc\\t\\n\\\\ \\\" \\u00e9 \\x41 \\U0001F389\"\n",
    ),
    (true, "k: 'it''s'\n"),
    (true, "k: '' # c\n"),
    (true, "k: \"a # b\"\n"),
    (true, "k: \"a: b\"\n"),
    (true, "a: 1   \nb: 2 \n"),
    (true, "a:\n  - x   \n  -   y\n"),
    (true, "- -1\n- -foo\n- :x\n- ?x\n- -\n- x\n"),
    (true, "-\n- a\n"),
    (true, "a:\n-\n- b\n"),
    (true, "- a\n-\n-\n- b\n"),
    (true, "- ~\n- null\n- ''\n- \"\"\n"),
    (true, "a:\nb:\nc: ~\n"),
    (true, "a: []\nb: {}\nc:\n- []\n- {}\n"),
    (true, "{}\n"),
    (true, "[]\n"),
    (true, "just text\n"),
    (true, "'quoted root'\n"),
    (true, "---\na: 1\n---\nb: 2\n"),
    (true, "--- # c\na: 1\n---   \n"),
    (true, "a: 1\n---\n---\n\n---\nb: 2\n"),
    (true, "---\n~\n---\na: 1\n"),
    (true, ""),
    (true, "\n\n# only comments\n   # indented\n"),
    (true, "a: 1\r\nb:\r\n  - x\r\n"),
    (true, "ünï: cödé\n日本: 語\nl:\n- é: ü\n  ß: 1\n"),
    (true, "-foo: 1\n:bar: 2\n?baz: 3\n"),
    (true, "a: -\"x\"\n"),
    (true, "a: x\"y'z\n"),
    (false, "a: [x\n"),
    (true, "a: x]\n"),
    (true, "a: x, y\n"),
    (true, "a: 0755\nb: 0x1F\nc: 1e3\nd: .inf5\ne: 1_000\n"),
    (true, "a: true\nb: False\nc: yes\nd: 12:30\n"),
    (true, "k:      v\n"),
    (true, "a:\n    deep: 1\nb:\n  shallow: 2\n"),
    (true, "a:\n  - b:\n    - c\n"),
    (true, "a:\n  - b:\n      c: d\n    e: f\n"),
    (true, "k: \"a\\/b \\0 \\r \\x7f\"\n"),
    (true, "k: ---\nl:\n- ---\n- --\n"),
    (true, "a[1]: b\na{b}: c\na,b: d\n"),
    (true, "k: \"\\x80 \\u0085 \\u2028\"\n"),
    // Outside the subset, or wrong: all paths still agree.
    (false, "key: - x\n"),
    (false, "key: -\n"),
    (false, "a: b: c\n"),
    (false, "a:\n  b\n"),
    (false, "a: b\n  c\n"),
    (false, "- a\n  b\n"),
    (false, "- a\nb: c\n"),
    (false, "a:\n  - x\n  b: c\n"),
    (false, "a:\n    b: 1\n  c: 2\n"),
    (false, "a: 1\n a2: 2\n"),
    (false, "  a: 1\n  b: 2\n"),
    (false, "-\n  a: b\n"),
    (false, "- a\n-\n"),
    (false, "- - a\n  -\n- b\n"),
    (false, "a:\n-\nb: 1\n"),
    (false, "a: 1\n...\n"),
    (false, "--- a: 1\n"),
    (false, "--- text\n"),
    (false, "---a\n"),
    (false, "%YAML 1.2\n---\na: 1\n"),
    (false, "a: |\n  x\n"),
    (false, "a: >\n  x\n"),
    (false, "a: &x 1\nb: *x\n"),
    (false, "a: !!str 1\n"),
    (false, "? a\n: b\n"),
    (false, "<<: {a: 1}\n"),
    (false, "a: {b: 1}\n"),
    (false, "a: [1, 2]\n"),
    (false, "a: { }\n"),
    (false, "a:\t1\n"),
    (false, "a: 'x\n  y'\n"),
    (false, "a: \"x\\\n  y\"\n"),
    (false, "a: \"\\q\"\n"),
    (false, "a: 'x' y\n"),
    (false, "a: 'x'#c\n"),
    (false, "a: 1\na: 2\n"),
    (false, "a: 1\n'a': 2\n"),
    (false, "1: x\n"),
    (false, "true: x\n"),
    (false, "~: x\n"),
    (false, "a : b\n"),
    (false, "\"a\" : b\n"),
    (false, "a: \"x\"\"y\"\n"),
    (false, "a: 1\rb: 2\n"),
    (false, "a: \u{85}x\n"),
    (false, "a: \u{a0}\n"),
    (false, "a: x\u{feff}\n"),
    (false, "a: .nan\n"),
    (false, "a: 99999999999999999999\n"),
    (false, "- a\n - b\n"),
    (false, "a:\n  - b\n - c\n"),
    (false, "a:\n- b\n  - c\n"),
    (false, "@a: 1\n"),
    (false, "a: `x\n"),
    (false, "a: ,x\n"),
    (false, ", : x\n"),
    (false, "- [a]\n"),
    (false, "{}: x\n"),
    (false, "a:\n  {}\n"),
    (false, "a: {}\n  b: 1\n"),
    (false, "just text\nmore text\n"),
    (false, "just text\na: 1\n"),
    (false, "a: 1\n# c\nb\n"),
];

#[test]
fn scan_corpus_loads_the_same() {
    for (must, text) in SCAN_CORPUS {
        let scanned = scan_agrees(text);
        check(text);
        if *must {
            assert!(scanned, "the line scanner refused:\n{text}");
        }
        // Also nested one level down, and as the second document.
        let nested: String = text.lines().map(|l| format!("  {l}\n")).collect::<String>();
        check(&format!("{HEAD}data:\n{nested}"));
        check(&format!("{HEAD}---\n{text}"));
        check(&format!("items:\n- {}", text.replace('\n', "\n  ")));
    }
    // Long keys around granit-parser's simple-key look-ahead.
    for n in [990usize, 1000, 1010, 1030] {
        check(&format!("{}: v\n", "k".repeat(n)));
        check(&format!("\"{}\": v\n", "k".repeat(n)));
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const GEN_KEYS: &[&str] = &[
    "apiVersion",
    "kind",
    "name",
    "a",
    "b",
    "key with spaces",
    "a:b",
    "a#b",
    "-a",
    ":a",
    "?a",
    "a-b.c/d",
    "quoted: key",
    "x # y",
    "日本",
    "ünï",
    "it's",
    "say \"hi\"",
    "",
    "1",
    "true",
    "null",
    "0x1F",
    "1.5",
    "-",
    "- a",
    "a:",
    "<<",
];

const GEN_SCALARS: &[&str] = &[
    "v",
    "hello world",
    "10Gi",
    "500m",
    "1200s",
    "0",
    "-1",
    "+1",
    "012",
    "0x1F",
    "0o17",
    "1_000",
    "1.5",
    "-1.5e3",
    ".5",
    "1e999",
    ".inf",
    ".nan",
    "true",
    "False",
    "yes",
    "null",
    "~",
    "",
    "-",
    "-x",
    "- x",
    ":x",
    ": x",
    "?x",
    "? x",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    "#x",
    "x#",
    "[x",
    "x]",
    "{x}",
    "x, y",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "'q'",
    "\"d\"",
    "it's",
    "tab\there",
    "line\nbreak",
    "back\\slash",
    "é",
    "日本語",
    "🎉",
    "12:30",
    "2024-01-01",
    "deepseek-ai/DeepSeek-V3.2-Exp",
    "x ",
    " x",
    "a  b",
    "9223372036854775808",
];

/// A random JSON value of at most `depth` levels.
fn gen_value(rng: &mut Rng, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    let roll = if depth == 0 { 0 } else { rng.below(10) };
    match roll {
        0..=4 => Value::String(rng.pick(GEN_SCALARS).to_owned()),
        5..=7 => {
            let n = rng.below(4);
            let mut m = serde_json::Map::new();
            for _ in 0..n {
                let k = if rng.chance(70) {
                    rng.pick(GEN_KEYS).to_owned()
                } else {
                    format!("k{}", rng.below(50))
                };
                m.insert(k, gen_value(rng, depth - 1));
            }
            Value::Object(m)
        }
        _ => Value::Array(
            (0..rng.below(4))
                .map(|_| gen_value(rng, depth - 1))
                .collect(),
        ),
    }
}

/// A scalar written plain, single- or double-quoted (the raw text, even where that is not
/// valid or not the same string: the checks compare readers, not round trips).
fn gen_scalar(rng: &mut Rng, s: &str) -> String {
    match rng.below(6) {
        0..=2 => s.to_owned(),
        3 => format!("'{}'", s.replace('\'', "''")),
        4 => format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
                .replace('\t', "\\t")
        ),
        _ => format!("\"{}\"", s.replace('"', "\\u0022")),
    }
}

fn gen_comment(rng: &mut Rng, out: &mut String) {
    if rng.chance(10) {
        out.push_str(" # c");
    }
    if rng.chance(5) {
        out.push_str("  ");
    }
}

fn gen_line_end(rng: &mut Rng, out: &mut String, crlf: bool) {
    gen_comment(rng, out);
    out.push_str(if crlf { "\r\n" } else { "\n" });
    if rng.chance(5) {
        out.push_str(&" ".repeat(rng.below(6)));
        out.push_str(if rng.chance(50) { "# note" } else { "" });
        out.push_str(if crlf { "\r\n" } else { "\n" });
    }
}

/// Writes `v` in block style. `col` is the column of the node when `inline` (after `- ` or
/// at the start of a line), otherwise the node starts on a new line at `col`.
fn gen_block(
    rng: &mut Rng,
    v: &serde_json::Value,
    col: usize,
    inline: bool,
    crlf: bool,
    out: &mut String,
) {
    use serde_json::Value;
    let pad = |out: &mut String, n: usize| out.push_str(&" ".repeat(n));
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (i, (k, child)) in m.iter().enumerate() {
                if i > 0 || !inline {
                    pad(out, col);
                }
                out.push_str(&gen_scalar(rng, k));
                out.push(':');
                match child {
                    Value::Object(c) if !c.is_empty() => {
                        gen_line_end(rng, out, crlf);
                        let step = 1 + rng.below(4);
                        gen_block(rng, child, col + step, false, crlf, out);
                    }
                    Value::Array(c) if !c.is_empty() => {
                        gen_line_end(rng, out, crlf);
                        let step = if rng.chance(50) { 0 } else { 1 + rng.below(3) };
                        gen_block(rng, child, col + step, false, crlf, out);
                    }
                    _ => {
                        out.push(' ');
                        if rng.chance(10) {
                            out.push(' ');
                        }
                        gen_inline_leaf(rng, child, out);
                        gen_line_end(rng, out, crlf);
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 || !inline {
                    pad(out, col);
                }
                out.push('-');
                let gap = if rng.chance(85) { 1 } else { 2 + rng.below(2) };
                match item {
                    Value::Object(c) if !c.is_empty() => {
                        pad(out, gap);
                        gen_block(rng, item, col + 1 + gap, true, crlf, out);
                    }
                    Value::Array(c) if !c.is_empty() => {
                        pad(out, gap);
                        gen_block(rng, item, col + 1 + gap, true, crlf, out);
                    }
                    Value::String(s) if s.is_empty() && rng.chance(50) => {
                        gen_line_end(rng, out, crlf);
                    }
                    _ => {
                        pad(out, gap);
                        gen_inline_leaf(rng, item, out);
                        gen_line_end(rng, out, crlf);
                    }
                }
            }
        }
        _ => {
            gen_inline_leaf(rng, v, out);
            gen_line_end(rng, out, crlf);
        }
    }
}

fn gen_inline_leaf(rng: &mut Rng, v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => out.push_str(&gen_scalar(rng, s)),
        other => out.push_str(&other.to_string()),
    }
}

/// A random multi-document stream of block YAML.
fn gen_stream(rng: &mut Rng) -> String {
    let crlf = rng.chance(10);
    let mut out = String::new();
    let docs = 1 + rng.below(3);
    for d in 0..docs {
        if d > 0 || rng.chance(30) {
            out.push_str("---");
            out.push_str(if rng.chance(10) { " # doc" } else { "" });
            out.push_str(if crlf { "\r\n" } else { "\n" });
        }
        let v = if rng.chance(80) {
            let mut m = serde_json::Map::new();
            m.insert("apiVersion".into(), "v1".into());
            m.insert("kind".into(), "ConfigMap".into());
            m.insert("data".into(), gen_value(rng, 4));
            serde_json::Value::Object(m)
        } else {
            gen_value(rng, 4)
        };
        gen_block(rng, &v, 0, false, crlf, &mut out);
    }
    out
}

/// Small edits that push a text across the scanner's boundaries.
fn mutate(rng: &mut Rng, text: &str) -> String {
    const PIECES: &[&str] = &[
        " ", "  ", "-", "- ", ":", ": ", "#", " #", "'", "\"", "\\", "\n", "\r\n", "\t", "{}",
        "[]", "{", "]", "---\n", "...\n", "&a ", "*a", "!t ", "|\n", "? ", "~", "0", "é",
    ];
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            _ => {
                let piece: Vec<char> = rng.pick(PIECES).chars().collect();
                for (i, c) in piece.into_iter().enumerate() {
                    chars.insert(at + i, c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn random_block_yaml_scans_like_the_event_loop() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut accepted, mut mutated_accepted) = (0usize, 0usize);
    const N: usize = 8_000;
    for i in 0..N {
        let text = gen_stream(&mut rng);
        accepted += usize::from(scan_agrees(&text));
        for _ in 0..4 {
            let m = mutate(&mut rng, &text);
            mutated_accepted += usize::from(scan_agrees(&m));
            if i % 50 == 0 {
                check(&m);
            }
        }
        if i % 20 == 0 {
            check(&text);
        }
        // Small limits too, so that the scanner's budgets are compared with the event loop's.
        if i % 10 == 0 {
            for n in [1usize, 2, 3, 5, 8] {
                let limits = Limits {
                    max_depth: n,
                    max_nodes: n * 8 + 64,
                    max_documents: n,
                    max_scalar_bytes: n,
                    ..Limits::default()
                };
                scan_agrees_with(&text, &limits);
            }
        }
    }
    eprintln!(
        "line scanner accepted {accepted} of {N} generated streams and {mutated_accepted} of {} mutations",
        4 * N
    );
    // Most generated streams stay inside the subset (plain scalars that are not valid plain
    // YAML, odd keys and the like make the rest fall back).
    assert!(
        accepted * 4 >= N,
        "the scanner accepted only {accepted} of {N}"
    );
    assert!(
        mutated_accepted > N / 2,
        "mutations accepted: {mutated_accepted}"
    );
}

#[test]
fn block_fleet_is_read_by_the_scanner() {
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&format!(
            "---\napiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: backend-{i}\n  namespace: nrp-llm\n  labels:\n    app: \"llm\"\n    tier: '{}'\nspec:\n  schema:\n    name: OpenAI\n    version: v1\n  backendRef:\n    name: svc-{i}\n    kind: Backend\n    group: gateway.envoyproxy.io\n    port: {}\n  weights:\n  - 1\n  - 2.5\n  - -3\n  - 0x10\n  headers:\n  - name: x-ai-eg-model # the model header\n    value: \"model-{i}\"\n  - name: x-empty\n    value:\n  timeouts: {{}}\n",
            i % 3,
            8000 + i
        ));
    }
    assert!(scan_agrees(&text), "the fleet is not read by the scanner");
    assert!(check(&text));
}
