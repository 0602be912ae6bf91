use super::*;
use serde_json::json;

const GUIDE_ROUTE: &str = include_str!("../../../../tests/fixtures/guide/gatewayroute.yaml");
const GUIDE_BACKENDS: &str = include_str!("../../../../tests/fixtures/guide/backend.yaml");

fn values(text: &str) -> Vec<Value> {
    document::parse_values(text, "t.yaml", &Limits::default()).unwrap()
}

fn edit(text: &str, docs: &[DocEdit], append: &[Value]) -> Result<String, EditError> {
    edit_documents(text, "t.yaml", docs, append, &Limits::default())
}

/// The lines of `b` that are not in `a`, and those of `a` not in `b` (as multisets).
fn line_diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let mut minus: Vec<String> = a.lines().map(str::to_owned).collect();
    let mut plus = Vec::new();
    for l in b.lines() {
        match minus.iter().position(|m| m == l) {
            Some(i) => {
                minus.remove(i);
            }
            None => plus.push(l.to_owned()),
        }
    }
    (minus, plus)
}

#[test]
fn removing_a_rule_takes_its_comment_and_keeps_the_parked_rule() {
    let mut v = values(GUIDE_ROUTE).remove(0);
    let rules = v["spec"]["rules"].as_array_mut().unwrap();
    rules.remove(2); // qwen3-combined, with "# Multiple backendRefs do round-robin" above it
    let out = edit(GUIDE_ROUTE, &[DocEdit::Replace(v.clone())], &[]).unwrap();
    assert!(!out.contains("round-robin"));
    assert!(out.contains("#- matches:            # disabled 2025-09"));
    assert!(out.contains("# Counts tokens in the request"));
    let (minus, plus) = line_diff(GUIDE_ROUTE, &out);
    assert!(plus.is_empty(), "{plus:?}");
    assert_eq!(minus.len(), 14, "{minus:?}");
    assert_eq!(values(&out), [v]);
}

#[test]
fn removing_the_first_item_takes_the_comment_above_it() {
    let text = "rules:\n  # the a rule\n  - name: a\n  # the b rule\n  - name: b\nkeys:\n# first key\n- k: 1\n- k: 2\n";
    let v = json!({"rules": [{"name": "b"}], "keys": [{"k": 2}]});
    let out = edit(text, &[DocEdit::Replace(v)], &[]).unwrap();
    assert_eq!(out, "rules:\n  # the b rule\n  - name: b\nkeys:\n- k: 2\n");
}

#[test]
fn a_changed_scalar_changes_one_line_and_keeps_quotes_and_comments() {
    let mut v = values(GUIDE_ROUTE).remove(0);
    v["spec"]["rules"][1]["modelsOwnedBy"] = json!("SDSC-2");
    v["spec"]["llmRequestCosts"][0]["type"] = json!("OutputToken");
    let out = edit(GUIDE_ROUTE, &[DocEdit::Replace(v)], &[]).unwrap();
    let (minus, plus) = line_diff(GUIDE_ROUTE, &out);
    assert_eq!(
        plus,
        [
            "      type: OutputToken # Counts tokens in the request",
            "      modelsOwnedBy: \"SDSC-2\""
        ]
    );
    assert_eq!(minus.len(), 2);
}

#[test]
fn new_rules_and_keys_follow_the_file_style() {
    let mut v = values(GUIDE_ROUTE).remove(0);
    v["spec"]["rules"].as_array_mut().unwrap().push(json!({
        "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "new"}]}],
        "backendRefs": [{"name": "b"}]
    }));
    v["metadata"]["labels"] = json!({"team": "nrp"});
    let out = edit(GUIDE_ROUTE, &[DocEdit::Replace(v.clone())], &[]).unwrap();
    assert!(out.contains(
        "      modelsOwnedBy: \"NRP\"\n    - matches:\n        - headers:\n            - type: Exact\n"
    ));
    assert!(out.contains("  namespace: nrp-llm\n  labels:\n    team: nrp\nspec:"));
    // The parked rule stays after the new one.
    assert!(out.find("value: new").unwrap() < out.find("#- matches").unwrap());
    assert_eq!(values(&out), [v]);
}

#[test]
fn removing_the_first_key_of_an_item_moves_the_dash() {
    let text = "items:\n- name: a # the a\n  value: 1\n- name: b\n";
    let mut v = values(text).remove(0);
    v["items"][0].as_object_mut().unwrap().remove("name");
    let err = edit(text, &[DocEdit::Replace(v.clone())], &[]);
    // `# the a` is on the removed key's line: it leaves with it.
    let out = err.unwrap();
    assert_eq!(out, "items:\n- value: 1\n- name: b\n");
}

#[test]
fn documents_are_removed_with_their_comments_and_appended_in_style() {
    let docs = values(GUIDE_BACKENDS);
    assert_eq!(docs.len(), 2);
    let out = edit(GUIDE_BACKENDS, &[DocEdit::Keep, DocEdit::Remove], &[]).unwrap();
    assert_eq!(values(&out), [docs[0].clone()]);
    assert!(GUIDE_BACKENDS.starts_with(&out));
    let new = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
        "metadata": {"name": "n", "namespace": "nrp-llm"},
        "spec": {"endpoints": [{"fqdn": {"hostname": "h", "port": 80}}]}});
    let out = edit(
        GUIDE_BACKENDS,
        &[DocEdit::Remove, DocEdit::Keep],
        std::slice::from_ref(&new),
    )
    .unwrap();
    assert_eq!(values(&out), [docs[1].clone(), new]);
    assert!(
        out.ends_with("spec:\n  endpoints:\n    - fqdn:\n        hostname: h\n        port: 80\n")
    );
}

#[test]
fn a_node_written_again_may_not_hold_a_comment() {
    let text = "a:\n  b: |\n    x\n  # about c\n  c: 1\n";
    let mut v = values(text).remove(0);
    v["a"]["b"] = json!("y\n");
    // The block scalar is written again; it holds no comment, so that is fine.
    let out = edit(text, &[DocEdit::Replace(v.clone())], &[]).unwrap();
    assert_eq!(values(&out), [v]);
    assert!(out.contains("# about c"));
    let text = "a: # the a\n  b: 1 # the b\n";
    let v = json!({"a": 5});
    let err = edit(text, &[DocEdit::Replace(v)], &[]).unwrap_err();
    assert_eq!(err.diagnostic().code, Code::CANNOT_EDIT);
    assert!(
        err.diagnostic().message.contains("holds a comment"),
        "{err}"
    );
}

#[test]
fn unsupported_files_are_refused_not_rewritten() {
    let text = "a: 1\n...\n";
    let err = edit(text, &[DocEdit::Replace(json!({"a": 2}))], &[]).unwrap_err();
    assert!(err.to_string().contains("document end marker"), "{err}");
    let err = edit("a: 1\n", &[], &[]).unwrap_err();
    assert!(
        err.to_string().contains("1 documents, the edit names 0"),
        "{err}"
    );
}

#[test]
fn flow_collections_are_edited_in_flow() {
    let text = "metadata: {name: q, namespace: nrp-llm} # short\nlist: [a, b]\n";
    let v = json!({"metadata": {"name": "r", "namespace": "nrp-llm"}, "list": ["a"]});
    let out = edit(text, &[DocEdit::Replace(v)], &[]).unwrap();
    assert_eq!(
        out,
        "metadata: {name: r, namespace: nrp-llm} # short\nlist: [a]\n"
    );
}

/// Property test: random block YAML with random comments, random edits.
mod property {
    use super::*;
    use proptest::prelude::*;

    type Path = Vec<String>;

    /// Writes `v` in block style, putting comments on nodes as `comment_at` says; records
    /// which comment belongs to which node.
    struct Writer<'a> {
        out: String,
        indent_sequences: bool,
        coin: &'a mut dyn FnMut() -> bool,
        /// Each comment with the leaves of the node it belongs to.
        owned: Vec<(Vec<String>, String)>,
        next: usize,
    }

    impl Writer<'_> {
        fn comment(&mut self, node: &Value) -> Option<String> {
            if (self.coin)() {
                self.next += 1;
                let c = format!("# c{}", self.next);
                let mut l = Vec::new();
                leaves(node, &mut l);
                self.owned.push((l, c.clone()));
                Some(c)
            } else {
                None
            }
        }

        fn entries(
            &mut self,
            m: &serde_json::Map<String, Value>,
            col: usize,
            path: &Path,
            dash: Option<usize>,
        ) {
            for (n, (k, v)) in m.iter().enumerate() {
                let mut p = path.clone();
                p.push(k.clone());
                let prefix = match dash {
                    Some(d) if n == 0 => format!("{}- ", " ".repeat(d)),
                    _ => {
                        if let Some(c) = self.comment(v) {
                            self.out.push_str(&format!("{}{c}\n", " ".repeat(col)));
                        }
                        " ".repeat(col)
                    }
                };
                self.node(&prefix, &format!("{k}:"), v, col, &p);
            }
        }

        fn node(&mut self, prefix: &str, head: &str, v: &Value, col: usize, p: &Path) {
            match v {
                Value::Object(m) => {
                    self.out.push_str(&format!("{prefix}{head}\n"));
                    self.entries(m, col + 2, p, None);
                }
                Value::Array(a) => {
                    self.out.push_str(&format!("{prefix}{head}\n"));
                    let ic = if self.indent_sequences { col + 2 } else { col };
                    self.items(a, ic, p);
                }
                _ => {
                    let eol = self.comment(v).map(|c| format!(" {c}")).unwrap_or_default();
                    self.out
                        .push_str(&format!("{prefix}{head} {}{eol}\n", emit::scalar(v)));
                }
            }
        }

        fn items(&mut self, a: &[Value], col: usize, path: &Path) {
            for (i, v) in a.iter().enumerate() {
                let mut p = path.clone();
                p.push(i.to_string());
                if let Some(c) = self.comment(v) {
                    self.out.push_str(&format!("{}{c}\n", " ".repeat(col)));
                }
                match v {
                    Value::Object(m) => self.entries(m, col + 2, &p, Some(col)),
                    _ => {
                        let eol = self.comment(v).map(|c| format!(" {c}")).unwrap_or_default();
                        self.out.push_str(&format!(
                            "{}- {}{eol}\n",
                            " ".repeat(col),
                            emit::scalar(v)
                        ));
                    }
                }
            }
        }
    }

    fn leaf() -> impl Strategy<Value = Value> {
        "[a-z]{2,6}".prop_map(|s| Value::String(format!("v{s}")))
    }

    fn tree() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(3, 40, 4, |inner| {
            prop_oneof![
                prop::collection::btree_map("k[a-f]", inner.clone(), 1..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
                prop::collection::vec(
                    prop::collection::btree_map("k[a-f]", inner, 1..3)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                    1..4
                )
                .prop_map(Value::Array),
            ]
        })
    }

    fn uniq(v: &mut Value, n: &mut usize) {
        match v {
            Value::Object(m) => m.values_mut().for_each(|c| uniq(c, n)),
            Value::Array(a) => a.iter_mut().for_each(|c| uniq(c, n)),
            Value::String(s) => {
                *n += 1;
                s.push_str(&format!("-{n}-"));
            }
            _ => {}
        }
    }

    fn leaves(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.values().for_each(|c| leaves(c, out)),
            Value::Array(a) => a.iter().for_each(|c| leaves(c, out)),
            Value::String(s) => out.push(s.clone()),
            _ => {}
        }
    }

    /// Every node path of `v`.
    fn paths(v: &Value, p: &mut Path, out: &mut Vec<Path>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    p.push(k.clone());
                    out.push(p.clone());
                    paths(c, p, out);
                    p.pop();
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    p.push(i.to_string());
                    out.push(p.clone());
                    paths(c, p, out);
                    p.pop();
                }
            }
            _ => {}
        }
    }

    fn parent_mut<'v>(v: &'v mut Value, p: &[String]) -> &'v mut Value {
        let mut cur = v;
        for s in &p[..p.len() - 1] {
            cur = match cur {
                Value::Object(m) => m.get_mut(s).unwrap(),
                Value::Array(a) => &mut a[s.parse::<usize>().unwrap()],
                _ => unreachable!(),
            };
        }
        cur
    }

    /// Applies edit `op` at `path`: removes the node, changes a scalar, or adds a node.
    fn mutate(v: &mut Value, path: &Path, op: u8, fresh: &Value) {
        let last = path.last().unwrap().clone();
        let parent = parent_mut(v, path);
        match (op % 3, parent) {
            (0, Value::Object(m)) if m.len() > 1 => {
                m.shift_remove(&last);
            }
            (0, Value::Array(a)) if a.len() > 1 => {
                a.remove(last.parse::<usize>().unwrap());
            }
            (1, Value::Object(m)) => {
                if let Some(Value::String(s)) = m.get_mut(&last) {
                    s.push('x');
                }
            }
            (_, Value::Object(m)) if !m.contains_key("knew") => {
                m.insert("knew".into(), fresh.clone());
            }
            (_, Value::Array(a)) => {
                a.insert(0, serde_json::json!({"knew": fresh.clone()}));
            }
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
        #[test]
        fn edits_keep_every_comment_not_removed_with_its_node(
            root in prop::collection::btree_map("k[a-f]", tree(), 1..4),
            indent_sequences in any::<bool>(),
            coins in prop::collection::vec(any::<bool>(), 64),
            picks in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
            fresh in tree(),
        ) {
            // Leaves are made unique, so that no two items are equal and "which one was
            // removed" has one answer.
            let mut old = Value::Object(root.into_iter().collect());
            let mut n = 0;
            uniq(&mut old, &mut n);
            let mut it = coins.into_iter().cycle();
            let mut coin = move || it.next().unwrap_or(false);
            let mut w = Writer { out: String::new(), indent_sequences, coin: &mut coin, owned: Vec::new(), next: 0 };
            if let Value::Object(m) = &old {
                w.entries(m, 0, &Vec::new(), None);
            }
            let text = w.out.clone();
            prop_assert_eq!(&values(&text), &vec![old.clone()], "{}", text);
            let mut new = old.clone();
            for (idx, op) in picks {
                let mut all = Vec::new();
                paths(&new, &mut Vec::new(), &mut all);
                let p = idx.get(&all).clone();
                mutate(&mut new, &p, op, &fresh);
            }
            // A node is gone when none of its (unique) leaves is left, changed or not.
            let mut left = Vec::new();
            leaves(&new, &mut left);
            let out = edit(&text, &[DocEdit::Replace(new.clone())], &[]);
            let out = match out {
                Ok(o) => o,
                Err(e) => return Err(TestCaseError::fail(format!("{e}\n{text}\n{new:#}"))),
            };
            prop_assert_eq!(&values(&out), &vec![new.clone()], "{}\n=>\n{}", text, out);
            let have = comments(&out);
            for (node, c) in &w.owned {
                let gone = !node.iter().any(|l| left.iter().any(|x| x.starts_with(l.as_str())));
                prop_assert!(gone || have.contains(c), "lost {} (node with {:?})\n{}\n=>\n{}", c, node, text, out);
            }
        }
    }
}

mod formatting {
    use super::*;

    fn guide_files() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/guide");
        document::yaml_files(std::path::Path::new(dir))
            .unwrap()
            .into_iter()
            .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    #[test]
    fn the_guide_files_keep_every_comment_in_the_canonical_form() {
        let files = guide_files();
        assert_eq!(files.len(), 4);
        for (name, text) in files {
            let out = format_keeping_comments(&text, &name, &Limits::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut a = comments(&text);
            let mut b = comments(&out);
            assert!(!a.is_empty());
            a.sort();
            b.sort();
            assert_eq!(a, b, "{name}:\n{out}");
            // Canonical: without its comment lines and end-of-line comments, the text is what
            // `to_yaml` writes for the canonical values.
            let canonical: Vec<Value> = values(&text)
                .iter()
                .map(crate::canonical_document)
                .collect();
            let stripped: String = out
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .map(|l| match lines::comment_start(l, 0) {
                    Some(c) => format!("{}\n", l[..c].trim_end()),
                    None => format!("{l}\n"),
                })
                .collect();
            assert_eq!(stripped, document::to_yaml(&canonical), "{name}");
            // Formatting again changes nothing.
            assert_eq!(
                format_keeping_comments(&out, &name, &Limits::default()).unwrap(),
                out
            );
        }
    }

    #[test]
    fn comments_stay_with_their_nodes_when_keys_move() {
        let text = "# the backend\nspec:\n  # endpoints\n  endpoints:\n  - fqdn: {hostname: h, port: 80} # the host\n  # parked\nkind: Backend # kind\nmetadata:\n  name: b\napiVersion: gateway.envoyproxy.io/v1alpha1\n";
        let out = format_keeping_comments(text, "t.yaml", &Limits::default()).unwrap();
        assert_eq!(
            out,
            "# the backend\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend # kind\nmetadata:\n  name: b\nspec:\n  # endpoints\n  endpoints:\n  - fqdn: # the host\n      hostname: h\n      port: 80\n  # parked\n"
        );
    }

    #[test]
    fn a_comment_inside_a_multi_line_value_is_refused() {
        let text = "a: \"one\n  # not really a comment?\n  two\"\n";
        // The line inside the quoted scalar is not a comment to YAML; the layer refuses
        // rather than guess.
        let r = format_keeping_comments(text, "t.yaml", &Limits::default());
        assert!(r.is_err(), "{r:?}");
    }
}

#[test]
fn comments_are_attached_to_their_nodes() {
    let found = node_comments(GUIDE_ROUTE, "r.yaml", &Limits::default()).unwrap();
    let at = |t: &str| {
        found
            .iter()
            .find(|c| c.text.contains(t))
            .map(|c| c.path.to_string())
            .unwrap()
    };
    assert_eq!(
        at("Counts tokens in the request"),
        "spec.llmRequestCosts[0].type"
    );
    assert_eq!(at("round-robin"), "spec.rules[2]");
    assert_eq!(at("disabled 2025-09"), "spec.rules");
    assert_eq!(found.len(), comments(GUIDE_ROUTE).len());
}
