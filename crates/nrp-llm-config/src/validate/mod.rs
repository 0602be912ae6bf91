//! Validation: what the API server would say, plus the cross-object rules it never checks.
//!
//! Three layers run together and every problem is collected: the upstream CRD schemas and CEL
//! rules of the chosen release ([`crate::oracle`]), cross-object rules (references, model names,
//! shards, rule limits), and domain lint (warnings).

pub mod cross;
mod hints;

use crate::diagnostic::{Code, Diagnostic, SourceLocation};
use crate::document::{Limits, Object, Pos};
use crate::path::FieldPath;
use crate::{ConfigSet, Diagnostics, ObjectRef, Release};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Validates every object of a set for a release. Problems found while loading (syntax errors,
/// duplicate objects) are included. Objects are checked against the upstream schemas in
/// parallel. Diagnostics carry file, line and column of the offending field and are sorted by
/// file, line and column.
///
/// ```
/// use nrp_llm_config::{document::{parse_str, Limits}, validate, ConfigSet, Release};
/// let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata: {name: a, namespace: n}\nspec:\n  schema: {name: OpenAl}\n  backendRef: {name: b, kind: Backend, group: gateway.envoyproxy.io}\n";
/// let set = ConfigSet::from_objects(parse_str(text, "a.yaml", &Limits::default()).unwrap());
/// let d = validate::validate(&set, Release::V1_1);
/// assert!(d.iter().any(|d| d.message.starts_with("spec.schema.name: Unsupported value: \"OpenAl\"")));
/// ```
pub fn validate(set: &ConfigSet, release: Release) -> Diagnostics {
    let oracle = crate::oracle::oracle(release);
    let mut out = Diagnostics::from(set.problems().to_vec());
    // The cross-object rules run on one thread while the others check objects.
    let (own, cross): (Vec<_>, Vec<_>) = rayon::join(
        || {
            set.objects()
                .par_iter()
                .map(|o| own_checks(oracle, o))
                .collect()
        },
        || cross::check(set, release),
    );
    let mut secrets = Vec::new();
    for (diags, values) in own {
        out.extend(diags);
        secrets.extend(values);
    }
    out.extend(cross);
    crate::secrets::mask_diagnostics(&mut out, &secrets);
    let mut out = Diagnostics::from(hints::root_causes_first(out.into_vec(), &Limits::default()));
    out.sort();
    out
}

/// The checks of one object on its own: the upstream schema and rules, and the secret checks;
/// with the secret values found in it, which no diagnostic may show.
fn own_checks(oracle: &crate::oracle::Oracle, o: &Object) -> (Vec<Diagnostic>, Vec<String>) {
    let mut diags = upstream(oracle, o);
    let (found, values) = crate::secrets::check_object(o);
    diags.extend(found);
    (diags, values)
}

/// The outcome of [`validate_paths`].
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Number of objects read (what [`ConfigSet::len`] would say for the same files).
    pub objects: usize,
    /// How many of them were not checked against a schema: kinds the release's CRDs do not
    /// define (`not_checked`) or API versions it does not serve (`unsupported_version`).
    pub not_checked: usize,
    /// Number of files read.
    pub files: usize,
    /// Every problem, sorted as [`validate`] sorts them.
    pub diagnostics: Diagnostics,
}

/// One object after its own checks: what the set-level steps still need from it.
struct Checked {
    reference: Option<ObjectRef>,
    /// Where the object starts (for duplicate reports); the file is the file's.
    root: Option<Pos>,
    /// The missing-name problem, for objects without a name.
    missing_name: Option<Box<Diagnostic>>,
    upstream: Vec<Diagnostic>,
    /// Secret values in the object (see [`crate::secrets::check_object`]).
    secrets: Vec<String>,
    facts: cross::Facts,
}

/// The objects of one file after their own checks.
struct CheckedFile {
    /// The file as diagnostics name it.
    file: Option<String>,
    objects: Vec<Checked>,
    /// Problems of the file itself (those of a catalog that does not compile).
    problems: Vec<Diagnostic>,
}

/// Checks one file. A file named on the command line (`named`) that is a catalog is compiled,
/// as every command that reads objects does (see [`crate::source`]): its problems are reported
/// at its own lines, and the objects it compiles into are checked like any others.
fn check_file(
    f: &Path,
    named: bool,
    oracle: &crate::oracle::Oracle,
    release: Release,
    limits: &Limits,
    namespace: Option<&str>,
) -> Result<CheckedFile, crate::document::LoadError> {
    let name = f.display().to_string();
    let text = crate::document::read_text(f, limits)?;
    if named
        && text.contains(crate::catalog::CATALOG_API_VERSION)
        && crate::catalog::Catalog::is_catalog_text(&text)
    {
        return Ok(
            match crate::catalog::Catalog::compile_str(&text, &name, None, release) {
                Ok(set) => {
                    let mut checked = check_objects(&set.into_objects(), oracle, release);
                    // The compiled objects have no lines of their own: name the catalog.
                    for d in checked.iter_mut().flat_map(|c| &mut c.upstream) {
                        d.location.file.get_or_insert_with(|| name.clone());
                    }
                    CheckedFile {
                        file: Some(name),
                        objects: checked,
                        problems: Vec::new(),
                    }
                }
                Err(problems) => CheckedFile {
                    file: Some(name),
                    objects: Vec::new(),
                    problems: problems.into_vec(),
                },
            },
        );
    }
    let mut objects = crate::document::parse_str(&text, &name, limits)?;
    if let Some(ns) = namespace {
        for o in &mut objects {
            *o = o.in_namespace(ns);
        }
    }
    let file = objects
        .first()
        .and_then(|o| o.source_location(&Default::default()).file);
    Ok(CheckedFile {
        file,
        objects: check_objects(&objects, oracle, release),
        problems: Vec::new(),
    })
}

/// The checks of each object on its own, and what the set-level steps need from it.
fn check_objects(
    objects: &[Object],
    oracle: &crate::oracle::Oracle,
    release: Release,
) -> Vec<Checked> {
    objects
        .iter()
        .map(|o| {
            let reference = o.object_ref();
            let (upstream, secrets) = own_checks(oracle, o);
            Checked {
                missing_name: reference
                    .is_none()
                    .then(|| Box::new(crate::config_set::missing_name(o))),
                reference,
                root: o.locate(&FieldPath::root()),
                upstream,
                secrets,
                facts: cross::Facts::of(o, release),
            }
        })
        .collect()
}

fn upstream(oracle: &crate::oracle::Oracle, o: &Object) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = oracle
        .validate(o.value())
        .into_iter()
        // The note that CEL rules did not run follows a type error, which says it all.
        .filter(|d| !hints::is_cel_skipped(d))
        .map(|d| {
            let d = hints::with_hint(o, oracle.release(), cross::with_upstream_hint(o, d));
            o.locate_diagnostic(d)
        })
        .collect();
    if out.is_empty()
        && let Some(d) = not_checked(oracle, o)
    {
        out.push(o.locate_diagnostic(d));
    }
    out
}

/// The `not_checked` warning for an object of a kind the release's CRDs do not define (and
/// that the oracle did not already reject as an unknown kind or group).
fn not_checked(oracle: &crate::oracle::Oracle, o: &Object) -> Option<Diagnostic> {
    let v = o.value();
    let api_version = v.get("apiVersion").and_then(serde_json::Value::as_str)?;
    let kind = v.get("kind").and_then(serde_json::Value::as_str)?;
    if oracle.knows_kind(crate::object_ref::group_of(api_version), kind) {
        return None;
    }
    let mut d = Diagnostic::warning(
        Code::NOT_CHECKED,
        format!(
            "{kind} ({api_version}) was not checked: the CRDs that go with this release define \
             no such kind"
        ),
    )
    .with_path(FieldPath::root().field("kind"))
    .with_hint(
        "only the CRD kinds are checked; the API server checks this object when it is \
         applied (`kubectl apply --dry-run=server` shows what it says)",
    );
    if let Some(r) = o.object_ref() {
        d = d.with_object(r);
    }
    Some(d)
}

/// Whether the diagnostics of one object say it was not checked against a schema.
fn unchecked(diags: &[Diagnostic]) -> bool {
    diags
        .iter()
        .any(|d| d.code == Code::NOT_CHECKED || d.code == Code::UNSUPPORTED_VERSION)
}

/// Validates files and folders like [`validate`] on [`ConfigSet::load`] of the same paths, with
/// the same diagnostics in the same order, but streaming: each file is parsed, checked and
/// dropped on a worker thread, and only the compact [`cross::Facts`] of its objects are kept for
/// the cross-object rules. Peak memory therefore grows with the facts, not with the parsed
/// trees, and parsing overlaps with checking.
///
/// One difference: a catalog file named in `paths` (not one found in a folder) is compiled,
/// its problems reported at its lines, and the objects it compiles into validated, as
/// [`crate::source::Source`] reads it for the other commands.
///
/// ```
/// use nrp_llm_config::{validate, ConfigSet, Release};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
/// let report = validate::validate_paths(&[dir], Release::V1_1, &Default::default());
/// let set = ConfigSet::load(&[dir], &Default::default());
/// assert_eq!(report.objects, set.len());
/// assert_eq!(report.diagnostics, validate::validate(&set, Release::V1_1));
/// ```
pub fn validate_paths<P: AsRef<Path>>(paths: &[P], release: Release, limits: &Limits) -> Report {
    validate_paths_in(paths, release, limits, None)
}

/// [`validate_paths`], with the objects that name no namespace placed in `namespace` first (as
/// `kubectl apply -n` would apply them; see [`Object::in_namespace`]). Without one, such
/// objects live in one unnamed namespace: references between them resolve among themselves.
///
/// ```
/// use nrp_llm_config::{validate, Release};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
/// let report = validate::validate_paths_in(&[dir], Release::V1_1, &Default::default(), Some("nrp-llm"));
/// assert!(!report.diagnostics.has_errors());
/// ```
pub fn validate_paths_in<P: AsRef<Path>>(
    paths: &[P],
    release: Release,
    limits: &Limits,
    namespace: Option<&str>,
) -> Report {
    let oracle = crate::oracle::oracle(release);
    let (files, mut problems) = crate::document::expand_paths(paths);
    let named: Vec<&Path> = paths.iter().map(AsRef::as_ref).collect();
    let per_file: Vec<_> = files
        .par_iter()
        .map(|f| {
            check_file(
                f,
                named.contains(&f.as_path()),
                oracle,
                release,
                limits,
                namespace,
            )
        })
        .collect();
    // Set order and duplicate handling exactly as `ConfigSet::insert` does them.
    let mut set_problems = Vec::new();
    let mut upstream_all = Vec::new();
    let mut facts = Vec::new();
    let mut not_checked = 0;
    let mut secrets = Vec::new();
    // Where each identity was first defined: (index into `names`, position).
    let mut first: HashMap<ObjectRef, (usize, Option<Pos>)> = HashMap::new();
    let mut names: Vec<Option<String>> = Vec::new();
    let location = |names: &[Option<String>], file: usize, pos: Option<Pos>| SourceLocation {
        file: names[file].clone(),
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.column),
    };
    for file in per_file {
        let file = match file {
            Ok(c) => c,
            Err(e) => {
                problems.push(*e.0);
                continue;
            }
        };
        set_problems.extend(file.problems);
        let this = names.len();
        names.push(file.file);
        for c in file.objects {
            match c.reference {
                None => set_problems.extend(c.missing_name.map(|d| *d)),
                Some(r) => match first.get(&r) {
                    Some(&(at_file, at)) => {
                        let here = location(&names, this, c.root);
                        let at = location(&names, at_file, at);
                        set_problems.push(crate::config_set::duplicate(r, here, &at));
                        continue;
                    }
                    None => {
                        first.insert(r, (this, c.root));
                    }
                },
            }
            secrets.extend(c.secrets);
            not_checked += usize::from(unchecked(&c.upstream));
            upstream_all.extend(c.upstream);
            facts.push(c.facts);
        }
    }
    let mut out = Diagnostics::from(problems);
    out.extend(set_problems);
    out.extend(upstream_all);
    out.extend(cross::check_facts(&facts, release));
    crate::secrets::mask_diagnostics(&mut out, &secrets);
    let mut out = Diagnostics::from(hints::root_causes_first(out.into_vec(), limits));
    out.sort();
    Report {
        objects: facts.len(),
        not_checked,
        files: files.len(),
        diagnostics: out,
    }
}
