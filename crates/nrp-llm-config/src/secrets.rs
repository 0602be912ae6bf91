//! Secrets stay out of configuration files and out of every output: the one definition of a
//! value that looks like a key where a Secret *name* belongs, the fields that hold Secret names
//! in every kind, the Secret objects that do not belong in a models-config folder, and masking.

use crate::diagnostic::{Code, Diagnostic};
use crate::document::Object;
use crate::names::is_dns1123_subdomain;
use crate::path::FieldPath;
use serde_json::Value;

/// Prefixes of API keys and tokens people paste (OpenAI/Anthropic `sk-`, GitHub `ghp_`/`gho_`/
/// `ghs_`/`github_pat_`, Slack `xox`, Hugging Face `hf_`, Google `AIza`, an HTTP `Bearer `).
const KEY_PREFIXES: &[&str] = &[
    "sk-",
    "sk_",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
    "xox",
    "hf_",
    "AIza",
    "Bearer ",
    "bearer ",
];

/// True when a value written where a Secret *name* belongs looks like a secret *value*: not a
/// valid Kubernetes name (DNS-1123 subdomain, at most 253 characters), a known key prefix
/// (`sk-`, `Bearer `, `ghp_`, `xox`, ...), or a long high-entropy string.
///
/// ```
/// use nrp_llm_config::secrets::looks_like_secret_value;
/// assert!(!looks_like_secret_value("openai-apikey"));
/// assert!(looks_like_secret_value("sk-proj-abc123"));
/// assert!(looks_like_secret_value("Bearer abc"));
/// assert!(looks_like_secret_value("AbC_123xyz"));
/// assert!(looks_like_secret_value("a8f3k2m9q7x1z5c4v6b0n2m8l4k7j3h1"));
/// ```
pub fn looks_like_secret_value(s: &str) -> bool {
    s.len() > 253
        || KEY_PREFIXES.iter().any(|p| s.starts_with(p))
        || !is_dns1123_subdomain(s)
        || high_entropy(s)
}

/// A long run of letters and digits that mixes both without the words and dashes of a name:
/// 24 characters or more, at least a quarter of them digits and as many letters, and no dash
/// or dot for 24 characters.
fn high_entropy(s: &str) -> bool {
    let longest_run = s.split(['-', '.']).map(str::len).max().unwrap_or(0);
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    longest_run >= 24 && digits * 4 >= s.len() && letters * 4 >= s.len()
}

/// How a secret value is shown instead of itself: its length only.
///
/// ```
/// assert_eq!(nrp_llm_config::secrets::mask("sk-abc"), "<redacted: 6 characters>");
/// ```
pub fn mask(value: &str) -> String {
    format!("<redacted: {} characters>", value.chars().count())
}

/// Replaces every occurrence of each of `values` in `text` by its [`mask`].
pub fn mask_values(text: &str, values: &[String]) -> String {
    let mut out = text.to_owned();
    for v in values.iter().filter(|v| !v.is_empty()) {
        if out.contains(v.as_str()) {
            out = out.replace(v.as_str(), &mask(v));
        }
    }
    out
}

/// True when a field `key` directly below `parent` (and `grandparent`) holds the name of a
/// Secret: `name` under any key that mentions `secret` (`secretRef`, `clientSecretRef`,
/// `clientSecret`, `secretKeyRef`, `imagePullSecrets`, a projected volume's `secret`, ...), in a
/// `credentialRefs`, `certificateRefs` or `caCertificateRefs` entry (whose kind defaults to
/// Secret) and in `basicAuth.users`. `tests/it/secret_fields.rs` checks this against every
/// such field of the upstream CRDs.
fn is_secret_name_field(key: &str, parent: &str, grandparent: &str) -> bool {
    key == "name" && names_secrets(parent, grandparent)
}

/// True when the value of the field `key` (below `parent`) is a reference to a Secret, or a
/// list of them: a key that mentions `secret` (`secretRef`, `clientSecretRef`, `clientSecret`,
/// `secretKeyRef`, `imagePullSecrets`, a projected volume's `secret`, ...), `credentialRefs`,
/// `certificateRefs`, `caCertificateRefs` (whose entries default to kind Secret), and
/// `basicAuth.users`. The one list of such fields: the secret-literal check and the policy
/// view's Secret references both read it.
pub(crate) fn names_secrets(key: &str, parent: &str) -> bool {
    key.as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"secret"))
        || key.eq_ignore_ascii_case("credentialrefs")
        || key.eq_ignore_ascii_case("certificaterefs")
        || key.eq_ignore_ascii_case("cacertificaterefs")
        || (key.eq_ignore_ascii_case("users") && parent.eq_ignore_ascii_case("basicauth"))
}

/// Every value in a Secret-name field of `value` that looks like a key (see
/// [`looks_like_secret_value`]), with its path.
///
/// ```
/// let v = serde_json::json!({"spec": {"apiKey": {"secretRef": {"name": "sk-abc"}}}});
/// let found = nrp_llm_config::secrets::secret_literals(&v);
/// assert_eq!(found[0].0.to_string(), "spec.apiKey.secretRef.name");
/// ```
pub fn secret_literals(value: &Value) -> Vec<(FieldPath, String)> {
    let mut out = Vec::new();
    // The path is kept as borrowed segments and only turned into a `FieldPath` for a hit: this
    // runs on every object of every folder, and almost every object has none.
    let mut stack: Vec<Seg<'_>> = Vec::new();
    walk(value, &mut stack, "", "", &mut out);
    out
}

/// One step of the path being walked.
enum Seg<'a> {
    Field(&'a str),
    Index(usize),
}

fn path_of(stack: &[Seg<'_>]) -> FieldPath {
    let mut p = FieldPath::root();
    for s in stack {
        p = match s {
            Seg::Field(k) => p.field(*k),
            Seg::Index(i) => p.index(*i),
        };
    }
    p
}

fn walk<'a>(
    v: &'a Value,
    stack: &mut Vec<Seg<'a>>,
    parent: &'a str,
    grandparent: &'a str,
    out: &mut Vec<(FieldPath, String)>,
) {
    match v {
        Value::Object(map) => {
            // `certificateRefs` entries name a Secret unless their kind says otherwise.
            let other_kind = map
                .get("kind")
                .and_then(Value::as_str)
                .is_some_and(|k| k != "Secret");
            for (k, child) in map {
                stack.push(Seg::Field(k));
                match child {
                    Value::String(s)
                        if !other_kind
                            && is_secret_name_field(k, parent, grandparent)
                            && looks_like_secret_value(s) =>
                    {
                        out.push((path_of(stack), s.clone()));
                    }
                    Value::Object(_) | Value::Array(_) => walk(child, stack, k, parent, out),
                    _ => {}
                }
                stack.pop();
            }
        }
        // A list keeps the field name it belongs to.
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                stack.push(Seg::Index(i));
                walk(child, stack, parent, grandparent, out);
                stack.pop();
            }
        }
        _ => {}
    }
}

/// Replaces, in every string of `value`, each of `values` by its [`mask`].
///
/// ```
/// let mut v = serde_json::json!({"secretRef": {"name": "sk-abc"}, "n": ["x sk-abc"]});
/// nrp_llm_config::secrets::mask_json(&mut v, &["sk-abc".to_owned()]);
/// assert_eq!(v["secretRef"]["name"], "<redacted: 6 characters>");
/// assert_eq!(v["n"][0], "x <redacted: 6 characters>");
/// ```
pub fn mask_json(value: &mut Value, values: &[String]) {
    match value {
        Value::String(s)
            if values
                .iter()
                .any(|v| !v.is_empty() && s.contains(v.as_str())) =>
        {
            *s = mask_values(s, values);
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask_json(v, values)),
        Value::Object(map) => map.values_mut().for_each(|v| mask_json(v, values)),
        _ => {}
    }
}

/// True when the object is a core `v1` Secret.
pub fn is_secret_object(value: &Value) -> bool {
    value.get("kind").and_then(Value::as_str) == Some("Secret")
        && value.get("apiVersion").and_then(Value::as_str) == Some("v1")
}

/// The secret problems of one object: a `secret_literal` error for every key-like value in a
/// Secret-name field (the value masked), and a `secret_in_folder` error for a Secret object.
/// The second list holds the values to mask in every other output about the object.
pub fn check_object(o: &Object) -> (Vec<Diagnostic>, Vec<String>) {
    let mut diags = Vec::new();
    let mut values = Vec::new();
    if is_secret_object(o.value()) {
        diags.push(o.locate_diagnostic(
            Diagnostic::error(
                Code::SECRET_IN_FOLDER,
                "a Secret does not belong in a configuration folder: its data would be \
                 committed and shown by every tool that reads the folder",
            )
            .with_path(FieldPath::root().field("kind"))
            .with_hint(
                "remove this file, rotate the keys it held, and create the Secret in the \
                 cluster (`kubectl create secret generic NAME -n NAMESPACE --from-literal=apiKey=...`) \
                 or through Sealed Secrets / External Secrets; reference it here by name only",
            ),
        ));
        for key in ["data", "stringData"] {
            if let Some(Value::Object(m)) = o.value().get(key) {
                values.extend(m.values().filter_map(Value::as_str).map(str::to_owned));
            }
        }
    }
    for (path, value) in secret_literals(o.value()) {
        diags.push(o.locate_diagnostic(
            Diagnostic::error(
                Code::SECRET_LITERAL,
                format!(
                    "{path}: {} looks like an API key, not the name of a Secret",
                    mask(&value)
                ),
            )
            .with_path(path)
            .with_hint(
                "rotate this key now (it is in the file and maybe in git history), store the new \
                 one in a Secret (`kubectl create secret generic NAME --from-literal=apiKey=...`) \
                 and write the Secret's name here",
            ),
        ));
        values.push(value);
    }
    (diags, values)
}

/// Masks `values` in the message and hint of each diagnostic.
pub fn mask_diagnostics(diags: &mut [Diagnostic], values: &[String]) {
    if values.is_empty() {
        return;
    }
    for d in diags {
        d.message = mask_values(&d.message, values);
        if let Some(h) = &mut d.hint {
            *h = mask_values(h, values);
        }
    }
}

/// The source line `line` (1-based) of `text` as a report may show it: the value of a line
/// inside a `kind: Secret` document, of the line a `secret_literal` is reported at, and any
/// key-like token, replaced by a mask.
///
/// `lines` are the file's lines.
///
/// ```
/// use nrp_llm_config::secrets::snippet_line;
/// let lines = ["kind: Secret", "stringData:", "  apiKey: hunter2"];
/// assert_eq!(snippet_line(&lines, 3, false).unwrap(), "  apiKey: <redacted: 7 characters>");
/// ```
pub fn snippet_line<S: AsRef<str>>(lines: &[S], line: u32, secret_literal: bool) -> Option<String> {
    let idx = line.checked_sub(1)? as usize;
    let l = lines.get(idx)?.as_ref().trim_end_matches('\r');
    let start = lines[..idx]
        .iter()
        .rposition(|l| l.as_ref().starts_with("---"))
        .map_or(0, |i| i + 1);
    let end = lines[idx..]
        .iter()
        .position(|l| l.as_ref().starts_with("---"))
        .map_or(lines.len(), |i| idx + i);
    let in_secret = lines[start..end].iter().any(|l| {
        let t = l.as_ref().trim();
        t == "kind: Secret" || t == "kind: \"Secret\"" || t == "kind: 'Secret'"
    });
    let structural = [
        "apiVersion:",
        "kind:",
        "metadata:",
        "name:",
        "namespace:",
        "type:",
    ]
    .iter()
    .any(|k| l.trim_start().starts_with(k));
    if secret_literal || (in_secret && !structural) {
        return Some(mask_line_value(l));
    }
    Some(
        l.split_inclusive([' ', '"', '\''])
            .map(|tok| {
                let core = tok.trim_end_matches([' ', '"', '\'']);
                if !core.is_empty()
                    && (KEY_PREFIXES.iter().any(|p| core.starts_with(p.trim_end()))
                        && core.len() > 8
                        || high_entropy(core))
                {
                    tok.replacen(core, &mask(core), 1)
                } else {
                    tok.to_owned()
                }
            })
            .collect(),
    )
}

/// `key: value` with the value masked; a line without a key is masked whole (after its
/// indentation and list dash).
fn mask_line_value(l: &str) -> String {
    if let Some(i) = l.find(": ") {
        let value = l[i + 2..].trim();
        if value.is_empty() {
            return l.to_owned();
        }
        return format!("{}: {}", &l[..i], mask(value));
    }
    let body = l.trim_start_matches([' ', '-']);
    if body.is_empty() || body.ends_with(':') {
        return l.to_owned();
    }
    format!("{}{}", &l[..l.len() - body.len()], mask(body))
}
