//! `gen-schemas` / `check-schemas`: builds the oracle's embedded schema data
//! (`crates/nrp-llm-config/data/schemas/`) from the CRD manifests under `upstream/`.
//!
//! The output is two files (the library's `oracle/schemas.rs` reads them back):
//!
//! - `index.json`: for every upstream bundle (`ai-gateway/v1.1.0`, `envoy-gateway/v1.8.1`, ...)
//!   the CRDs it holds: group, kind, plural, scope, the conversion strategy (`None` when the
//!   CRD names none), whether the status subresource is on, and per version `served`, `storage`, the deprecation flag and warning, and the id of the root
//!   schema node.
//! - `nodes.json`: a pool of schema nodes, one compact JSON object per line. Every `description`
//!   is removed, and every sub-schema (`properties` values, `items`, `additionalProperties`,
//!   `allOf`/`anyOf`/`oneOf` members, `not`) is replaced by the id (index) of its own node, so
//!   identical sub-trees — which are very common across releases and inside one CRD — are stored
//!   once.
//!
//! [`generate`] is a function of the folder's contents only, so `check-schemas` (and the test
//! below) can tell whether the embedded copy is current.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Name of the index file in the output.
pub(crate) const INDEX_FILE: &str = "index.json";
/// Name of the node pool file in the output.
pub(crate) const NODES_FILE: &str = "nodes.json";

/// The upstream projects whose `<tag>/crds/` folders are read, in this order.
pub(crate) const PROJECTS: [&str; 3] = ["ai-gateway", "envoy-gateway", "gateway-api"];

/// A problem while reading the upstream folder or writing the output.
#[derive(Debug, thiserror::Error)]
pub(crate) enum GenerateError {
    /// A file or folder could not be read or written.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// `read`, `create` or `write`.
        action: &'static str,
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A CRD file is not valid YAML or lacks an expected field.
    #[error("{path}: {message}")]
    Crd {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads every CRD under `upstream_dir` (`<project>/<tag>/crds/*.yaml`) and returns the embedded
/// data files, by file name.
///
/// Returns an error when the folder (or one of its CRD files) cannot be read.
pub(crate) fn generate(upstream_dir: &Path) -> Result<BTreeMap<String, String>, GenerateError> {
    let io = |p: &Path, e| GenerateError::Io {
        action: "read",
        path: p.display().to_string(),
        source: e,
    };
    let mut pool = Pool::default();
    let mut bundles = Map::new();
    for project in PROJECTS {
        let pdir = upstream_dir.join(project);
        let mut tags: Vec<String> = std::fs::read_dir(&pdir)
            .map_err(|e| io(&pdir, e))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("crds").is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        tags.sort();
        for tag in tags {
            let cdir = pdir.join(&tag).join("crds");
            let mut files: Vec<_> = std::fs::read_dir(&cdir)
                .map_err(|e| io(&cdir, e))?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect();
            files.sort();
            let mut crds = Vec::new();
            for f in files {
                let text = std::fs::read_to_string(&f).map_err(|e| io(&f, e))?;
                crds.push(crd_entry(&f, &text, &mut pool)?);
            }
            bundles.insert(format!("{project}/{tag}"), Value::Array(crds));
        }
    }
    let index = serde_json::json!({ "format": 1, "bundles": bundles });
    let mut index_text = serde_json::to_string_pretty(&index).unwrap_or_default();
    index_text.push('\n');
    let mut nodes_text = String::from("[\n");
    for (i, n) in pool.nodes.iter().enumerate() {
        if i > 0 {
            nodes_text.push_str(",\n");
        }
        nodes_text.push_str(n);
    }
    nodes_text.push_str("\n]\n");
    let mut out = BTreeMap::new();
    out.insert(INDEX_FILE.to_owned(), index_text);
    out.insert(NODES_FILE.to_owned(), nodes_text);
    Ok(out)
}

fn crd_entry(path: &Path, text: &str, pool: &mut Pool) -> Result<Value, GenerateError> {
    let err = |m: &str| GenerateError::Crd {
        path: path.display().to_string(),
        message: m.to_owned(),
    };
    let doc: Value = parse_yaml(text).map_err(|e| err(&format!("invalid YAML: {e}")))?;
    let spec = doc.get("spec").ok_or_else(|| err("no spec"))?;
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let group = s(spec.get("group")).ok_or_else(|| err("no spec.group"))?;
    let names = spec.get("names").ok_or_else(|| err("no spec.names"))?;
    let kind = s(names.get("kind")).ok_or_else(|| err("no spec.names.kind"))?;
    let plural = s(names.get("plural")).ok_or_else(|| err("no spec.names.plural"))?;
    let scope = s(spec.get("scope")).unwrap_or_else(|| "Namespaced".to_owned());
    let conversion = s(spec.pointer("/conversion/strategy")).unwrap_or_else(|| "None".to_owned());
    let mut versions = Vec::new();
    for v in spec
        .get("versions")
        .and_then(Value::as_array)
        .ok_or_else(|| err("no spec.versions"))?
    {
        let name = s(v.get("name")).ok_or_else(|| err("version without name"))?;
        let schema = v
            .pointer("/schema/openAPIV3Schema")
            .ok_or_else(|| err("version without openAPIV3Schema"))?;
        let root = pool.intern(schema);
        let mut e = Map::new();
        e.insert("name".into(), name.into());
        e.insert(
            "served".into(),
            v.get("served").cloned().unwrap_or(Value::Bool(false)),
        );
        e.insert(
            "storage".into(),
            v.get("storage").cloned().unwrap_or(Value::Bool(false)),
        );
        if v.get("deprecated").and_then(Value::as_bool) == Some(true) {
            e.insert("deprecated".into(), true.into());
        }
        if let Some(w) = s(v.get("deprecationWarning")) {
            e.insert("deprecationWarning".into(), w.into());
        }
        e.insert(
            "status".into(),
            v.pointer("/subresources/status").is_some().into(),
        );
        e.insert("schema".into(), root.into());
        versions.push(Value::Object(e));
    }
    Ok(serde_json::json!({
        "group": group,
        "kind": kind,
        "plural": plural,
        "scope": scope,
        "conversion": conversion,
        "versions": versions,
    }))
}

/// Parses one YAML document into JSON, without input budget limits (the CRDs are large).
fn parse_yaml(text: &str) -> Result<Value, serde_saphyr::Error> {
    let mut options = serde_saphyr::Options::default();
    options.budget = None;
    serde_saphyr::from_str_with_options(text, options)
}

/// Keywords whose value is one sub-schema.
const SCHEMA_KEYS: [&str; 2] = ["items", "not"];
/// Keywords whose value is a list of sub-schemas.
const SCHEMA_LIST_KEYS: [&str; 3] = ["allOf", "anyOf", "oneOf"];

#[derive(Default)]
struct Pool {
    nodes: Vec<String>,
    ids: HashMap<String, usize>,
}

impl Pool {
    /// Stores a schema node (children first) and returns its id.
    fn intern(&mut self, schema: &Value) -> usize {
        let mut out = Map::new();
        if let Some(obj) = schema.as_object() {
            for (k, v) in obj {
                let nv = match k.as_str() {
                    "description" => continue,
                    "properties" => match v.as_object() {
                        Some(props) => Value::Object(
                            props
                                .iter()
                                .map(|(pk, pv)| (pk.clone(), Value::from(self.intern(pv))))
                                .collect(),
                        ),
                        None => v.clone(),
                    },
                    "additionalProperties" if v.is_object() => self.intern(v).into(),
                    k if SCHEMA_KEYS.contains(&k) => self.intern(v).into(),
                    k if SCHEMA_LIST_KEYS.contains(&k) => match v.as_array() {
                        Some(list) => list.iter().map(|x| Value::from(self.intern(x))).collect(),
                        None => v.clone(),
                    },
                    _ => v.clone(),
                };
                out.insert(k.clone(), nv);
            }
        }
        let text = serde_json::to_string(&Value::Object(out)).unwrap_or_default();
        if let Some(&id) = self.ids.get(&text) {
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(text.clone());
        self.ids.insert(text, id);
        id
    }
}

/// The embedded files under `out_dir` that differ from what [`generate`] makes of
/// `upstream_dir` (missing files count as different), by file name.
pub(crate) fn stale_files(
    upstream_dir: &Path,
    out_dir: &Path,
) -> Result<Vec<String>, GenerateError> {
    let files = generate(upstream_dir)?;
    Ok(files
        .into_iter()
        .filter(|(name, text)| {
            std::fs::read_to_string(out_dir.join(name)).ok().as_deref() != Some(text.as_str())
        })
        .map(|(name, _)| name)
        .collect())
}

/// Writes the files [`generate`] makes of `upstream_dir` into `out_dir`; returns each written
/// path with its size in bytes.
pub(crate) fn write_files(
    upstream_dir: &Path,
    out_dir: &Path,
) -> Result<Vec<(PathBuf, usize)>, GenerateError> {
    let files = generate(upstream_dir)?;
    let io = |action, p: &Path, e| GenerateError::Io {
        action,
        path: p.display().to_string(),
        source: e,
    };
    std::fs::create_dir_all(out_dir).map_err(|e| io("create", out_dir, e))?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = out_dir.join(name);
        std::fs::write(&path, &text).map_err(|e| io("write", &path, e))?;
        written.push((path, text.len()));
    }
    Ok(written)
}
