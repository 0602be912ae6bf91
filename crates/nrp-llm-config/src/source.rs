//! Where a set of objects comes from: a file, a folder, a `kind: List` dump, a catalog file, or
//! a path at a git revision (`git:REV:PATH`).
//!
//! [`Source`] is the one input resolver of the project: the CLI's `plan`, `import`, `graph` and
//! `render --current` arguments and the Python `load()` and `plan()` paths all go through it, so
//! a spec means the same thing everywhere.
//!
//! | Spec | Source | Read as |
//! |---|---|---|
//! | `models-config`, `dump.yaml` | [`Source::Path`] | files and folders (recursively, `*.yaml`/`*.yml`), multi-document files, `kind: List` dumps |
//! | `catalog.yaml` | [`Source::Path`] | a catalog file, compiled against the current state when one is given |
//! | `git:REV:PATH` | [`Source::Git`] | the YAML files below `PATH` as they were at revision `REV` of the enclosing repository |
//! | `git::PATH` | [`Source::Path`] | `PATH` in the working tree |
//! | `-` | [`Source::Stdin`] | standard input: a dump piped from `kubectl get -o yaml` (objects, not a catalog) |
//!
//! git runs as a subprocess (`git ls-tree`, `git show`) in the process's working directory. A
//! catalog file in a git revision is read as objects, not compiled.

use crate::catalog::Catalog;
use crate::config_set::ConfigSet;
use crate::diagnostic::Diagnostics;
use crate::document::{self, KnownFiles, Limits, Loaded, Object};
use crate::release::Release;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

/// An input of objects, parsed from a command-line style spec with [`Source::parse`].
///
/// ```
/// use nrp_llm_config::{Release, Source};
/// use std::path::PathBuf;
///
/// assert_eq!(
///     Source::parse("models-config").unwrap(),
///     Source::Path(PathBuf::from("models-config"))
/// );
/// assert_eq!(
///     Source::parse("git:HEAD~1:models-config").unwrap(),
///     Source::Git { rev: "HEAD~1".into(), path: "models-config".into() }
/// );
/// // An empty revision is the working tree.
/// assert_eq!(Source::parse("git::x").unwrap(), Source::Path(PathBuf::from("x")));
///
/// let dir = std::env::temp_dir().join(format!("nrp-source-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(
///     dir.join("b.yaml"),
///     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n",
/// )
/// .unwrap();
/// let set = Source::Path(dir.clone()).load(Release::default(), None).unwrap();
/// assert_eq!(set.len(), 1);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// A file or folder on disk. A file that is a catalog is compiled; anything else is read
    /// as Kubernetes objects.
    Path(PathBuf),
    /// The YAML files below `path` at revision `rev` of the git repository around the working
    /// directory (`git:REV:PATH`).
    Git {
        /// The revision, anything `git rev-parse` understands (`HEAD~1`, a commit, a branch).
        rev: String,
        /// The path inside the repository, relative to the working directory.
        path: String,
    },
    /// Standard input (`-`), read to the end (at most [`Limits::max_file_bytes`]) as objects.
    Stdin,
}

/// Why a [`Source`] could not be read.
///
/// [`SourceError::Invalid`] means the input was read and has problems (print the diagnostics);
/// every other variant is a usage, I/O or git failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The input has problems: YAML that is not objects, an invalid catalog, duplicate objects,
    /// objects without names. Each diagnostic names its file, line and column.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// The path does not exist.
    #[error("{}: no such file or folder", .0.display())]
    NotFound(PathBuf),
    /// The spec cannot be used as it is written (`git:REV` without a path, a revision starting
    /// with `-`).
    #[error("{0}")]
    Usage(String),
    /// git could not be started.
    #[error("cannot run git")]
    GitUnavailable(#[source] std::io::Error),
    /// A git command failed (unknown revision, not a repository, ...).
    #[error("git {command} failed: {stderr}")]
    Git {
        /// The arguments given to git.
        command: String,
        /// What git printed on standard error.
        stderr: String,
    },
    /// A file at a git revision is not UTF-8 text.
    #[error("{0}: the file is not valid UTF-8 text")]
    NotText(String),
}

impl Source {
    /// Reads a spec as the CLI takes it: `git:REV:PATH`, `git::PATH` (the working tree), or a
    /// file or folder path. Fails on `git:` specs without a second `:` and on revisions that
    /// start with `-` (git would read them as options). Nothing is read yet.
    pub fn parse(spec: &str) -> Result<Source, SourceError> {
        if spec == "-" {
            return Ok(Source::Stdin);
        }
        let Some(rest) = spec.strip_prefix("git:") else {
            return Ok(Source::Path(PathBuf::from(spec)));
        };
        let Some((rev, path)) = rest.split_once(':') else {
            return Err(SourceError::Usage(format!("{spec}: expected git:REV:PATH")));
        };
        if rev.is_empty() {
            return Ok(Source::Path(PathBuf::from(path)));
        }
        if rev.starts_with('-') {
            return Err(SourceError::Usage(format!(
                "git revision {rev:?} must not start with '-'"
            )));
        }
        Ok(Source::Git {
            rev: rev.to_owned(),
            path: path.to_owned(),
        })
    }

    /// True when [`Source::load`] may use the current state: only a file can be a catalog,
    /// which is compiled against it (so that existing rules keep their route objects). Telling
    /// whether a file is a catalog takes a parse, which `load` does anyway, so this answers for
    /// every existing file; folders and git revisions never need it.
    pub fn needs_current(&self) -> bool {
        match self {
            Source::Path(p) => p.is_file(),
            Source::Git { .. } | Source::Stdin => false,
        }
    }

    /// Reads the source and requires it to be clean: any error among the load problems
    /// (unreadable YAML, duplicate objects, objects without names) fails with
    /// [`SourceError::Invalid`]. A catalog file is compiled against `current` for `release`.
    ///
    /// An object identical to the object of the same identity in `current` (same keys in the
    /// same order, same values) shares that object's tree instead of holding a copy, and a file
    /// whose text is the same as one `current` was read from is not parsed again (its objects
    /// are taken from `current`, named after this file): a DESIRED state loaded against its
    /// CURRENT one costs time and memory only for what differs. Nothing else tells the results
    /// apart. (Files are remembered for this on sets read without a `current`.)
    pub fn load(
        &self,
        release: Release,
        current: Option<&ConfigSet>,
    ) -> Result<ConfigSet, SourceError> {
        let set = self.read(release, current)?;
        let errors: Vec<_> = set
            .problems()
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(SourceError::Invalid(Diagnostics::from(errors)))
        }
    }

    /// Reads the source, keeping load problems in [`ConfigSet::problems`] instead of failing on
    /// them: a bad file does not stop the others. Fails only when nothing can be read (missing
    /// path, git failure) or a catalog is invalid.
    pub fn read(
        &self,
        release: Release,
        current: Option<&ConfigSet>,
    ) -> Result<ConfigSet, SourceError> {
        let limits = Limits::default();
        let mut out = Gathered::new(&limits);
        self.gather(release, current, &limits, &mut out)?;
        Ok(out.into_set())
    }

    /// Reads several sources into one set, as [`Source::read`] does for one (catalogs compiled
    /// without a current state). An object defined in two sources is a duplicate problem.
    pub fn read_all(sources: &[Source], release: Release) -> Result<ConfigSet, SourceError> {
        let limits = Limits::default();
        let mut out = Gathered::new(&limits);
        for s in sources {
            s.gather(release, None, &limits, &mut out)?;
        }
        Ok(out.into_set())
    }

    /// Appends the objects of this source, and the files that could not be read, to `out`.
    fn gather(
        &self,
        release: Release,
        current: Option<&ConfigSet>,
        limits: &Limits,
        out: &mut Gathered,
    ) -> Result<(), SourceError> {
        match self {
            Source::Path(path) => gather_path(path, release, current, limits, out),
            Source::Git { rev, path } => gather_git(rev, path, current, limits, out),
            Source::Stdin => gather_stdin(limits, &mut out.loaded),
        }
    }
}

impl FromStr for Source {
    type Err = SourceError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        Source::parse(spec)
    }
}

impl fmt::Display for Source {
    /// The spec [`Source::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Path(p) => write!(f, "{}", p.display()),
            Source::Git { rev, path } => write!(f, "git:{rev}:{path}"),
            Source::Stdin => f.write_str("-"),
        }
    }
}

/// What the sources of one set gave: the objects and problems, and the files read without error
/// (see [`ConfigSet::known_files`]).
struct Gathered {
    loaded: Loaded,
    known: KnownFiles,
}

impl Gathered {
    fn new(limits: &Limits) -> Self {
        Self {
            loaded: Loaded::default(),
            known: KnownFiles::new(limits),
        }
    }

    fn append(&mut self, mut more: Loaded, known: KnownFiles) {
        if self.loaded.objects.is_empty() {
            // The usual case, one source: no copy of a large list.
            std::mem::swap(&mut self.loaded.objects, &mut more.objects);
        }
        self.loaded.objects.append(&mut more.objects);
        self.loaded.errors.append(&mut more.errors);
        self.loaded.files += more.files;
        self.known.merge(known);
    }

    fn into_set(self) -> ConfigSet {
        ConfigSet::from_loaded(self.loaded).with_known_files(self.known)
    }
}

/// Gives the objects of `objects` that are the same as `current`'s its trees.
fn share_with(current: Option<&ConfigSet>) -> impl Fn(&mut [Object]) + Sync + '_ {
    move |objects: &mut [Object]| {
        if let Some(c) = current {
            c.share_trees(objects);
        }
    }
}

fn gather_path(
    path: &Path,
    release: Release,
    current: Option<&ConfigSet>,
    limits: &Limits,
    out: &mut Gathered,
) -> Result<(), SourceError> {
    if !path.exists() {
        return Err(SourceError::NotFound(path.to_path_buf()));
    }
    // A file that cannot be read is left to the loader below, which reports it as a problem.
    if path.is_file()
        && let Ok(text) = document::read_text(path, limits)
        && Catalog::is_catalog_text(&text)
    {
        let name = path.display().to_string();
        let set =
            Catalog::compile_str(&text, &name, current, release).map_err(SourceError::Invalid)?;
        let mut objects = set.into_objects();
        share_with(current)(&mut objects);
        out.loaded.objects.extend(objects);
        out.loaded.files += 1;
        return Ok(());
    }
    let known = current.map(ConfigSet::known_files);
    let (loaded, read) = document::load_paths_with(&[path], limits, known, &share_with(current));
    out.append(loaded, read);
    Ok(())
}

/// Standard input as one file named `-`: read up to the file size limit (more is an error, not
/// a truncated read).
fn gather_stdin(limits: &Limits, out: &mut Loaded) -> Result<(), SourceError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::Usage(format!("cannot read standard input: {e}")))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(SourceError::Usage(format!(
            "standard input is larger than {} bytes",
            limits.max_file_bytes
        )));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| SourceError::NotText("standard input".into()))?;
    out.files += 1;
    match document::parse_str(&text, "-", limits) {
        Ok(objs) => out.objects.extend(objs),
        Err(e) => out.errors.push(*e.0),
    }
    Ok(())
}

fn git(args: &[&str]) -> Result<Vec<u8>, SourceError> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(SourceError::GitUnavailable)?;
    if !out.status.success() {
        return Err(SourceError::Git {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(out.stdout)
}

/// The YAML files below `path` as they were at revision `rev`.
fn gather_git(
    rev: &str,
    path: &str,
    current: Option<&ConfigSet>,
    limits: &Limits,
    out: &mut Gathered,
) -> Result<(), SourceError> {
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        "--full-name",
        rev,
        "--",
        path,
    ])?;
    let names: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .filter(|l| l.ends_with(".yaml") || l.ends_with(".yml"))
        .map(str::to_owned)
        .collect();
    for name in names {
        let bytes = git(&["show", &format!("{rev}:{name}")])?;
        let label = format!("git:{rev}:{name}");
        let text = String::from_utf8(bytes).map_err(|_| SourceError::NotText(label.clone()))?;
        out.loaded.files += 1;
        let known = current.map(ConfigSet::known_files);
        match document::read_known(&text, &label, limits, known, &share_with(current)) {
            (digest, Ok(objs)) => {
                if known.is_none() {
                    out.known.insert(digest, &objs);
                }
                out.loaded.objects.extend(objs);
            }
            (_, Err(e)) => out.loaded.errors.push(*e.0),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(spec: &str) -> String {
        match Source::parse(spec) {
            Err(SourceError::Usage(m)) => m,
            other => panic!("{spec}: {other:?}"),
        }
    }

    #[test]
    fn specs_parse_and_print_back() {
        for spec in [
            "models-config",
            "a/b.yaml",
            "git:HEAD:models-config",
            "git:v1:x:y",
        ] {
            assert_eq!(Source::parse(spec).unwrap().to_string(), spec);
        }
        assert_eq!(
            "git:v1:x:y".parse::<Source>().unwrap(),
            Source::Git {
                rev: "v1".into(),
                path: "x:y".into()
            }
        );
        assert_eq!(usage("git:HEAD"), "git:HEAD: expected git:REV:PATH");
        assert_eq!(
            usage("git:--output=x:p"),
            "git revision \"--output=x\" must not start with '-'"
        );
    }

    #[test]
    fn missing_paths_fail_without_diagnostics() {
        let err = Source::parse("/nonexistent/nrp-llm-config")
            .unwrap()
            .load(Release::default(), None)
            .unwrap_err();
        assert!(matches!(err, SourceError::NotFound(_)));
        assert_eq!(
            err.to_string(),
            "/nonexistent/nrp-llm-config: no such file or folder"
        );
        assert!(!Source::parse("git:HEAD:x").unwrap().needs_current());
    }

    #[test]
    fn a_state_read_against_another_shares_what_is_the_same() {
        let dir = std::env::temp_dir().join(format!("nrp-source-share-{}", std::process::id()));
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let same =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same, namespace: x}\ndata: {k: v}\n";
        std::fs::write(a.join("same.yaml"), same).unwrap();
        // The same text under another name is recognised too.
        std::fs::write(b.join("renamed.yaml"), same).unwrap();
        let cm = |name: &str, data: &str| {
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}, namespace: x}}\ndata: {data}\n"
            )
        };
        let current_text = [
            cm("kept", "{k: 80}"),
            cm("reordered", "{a: 1, b: 2}"),
            cm("float", "{k: 80}"),
        ]
        .join("---\n");
        let desired_text = [
            cm("kept", "{k: 80}"),
            cm("reordered", "{b: 2, a: 1}"),
            cm("float", "{k: 80.0}"),
        ]
        .join("---\n");
        std::fs::write(a.join("more.yaml"), &current_text).unwrap();
        // A comment makes the file differ, so it is parsed and compared object by object.
        std::fs::write(b.join("more.yaml"), format!("# changed\n{desired_text}")).unwrap();
        let release = Release::default();
        let current = Source::Path(a.clone()).load(release, None).unwrap();
        let desired = Source::Path(b.clone())
            .load(release, Some(&current))
            .unwrap();
        let alone = Source::Path(b.clone()).load(release, None).unwrap();
        // Reading against CURRENT changes nothing that can be seen.
        assert_eq!(desired.objects(), alone.objects());
        assert_eq!(desired.problems(), alone.problems());
        let tree = |set: &ConfigSet, name: &str| {
            let r = crate::ObjectRef::new("", "ConfigMap", Some("x"), name);
            std::ptr::from_ref(set.get(&r).unwrap().value())
        };
        for (name, shared) in [
            ("same", true),
            ("kept", true),
            ("reordered", false),
            ("float", false),
        ] {
            assert_eq!(
                tree(&desired, name) == tree(&current, name),
                shared,
                "{name}"
            );
            assert_ne!(tree(&alone, name), tree(&current, name), "{name}");
        }
        let renamed = desired
            .objects()
            .iter()
            .find(|o| o.name() == "same")
            .unwrap();
        assert!(renamed.origin().unwrap().file.ends_with("renamed.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_keeps_problems_and_load_refuses_them() {
        let dir = std::env::temp_dir().join(format!("nrp-source-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n";
        std::fs::write(dir.join("a.yaml"), cm).unwrap();
        std::fs::write(dir.join("b.yaml"), "key: [unclosed\n").unwrap();
        let source = Source::Path(dir.clone());
        assert!(!source.needs_current());
        let set = source.read(Release::default(), None).unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(set.problems().len(), 1);
        let Err(SourceError::Invalid(d)) = source.load(Release::default(), None) else {
            panic!("a broken file must fail load");
        };
        assert_eq!(d.len(), 1);
        assert!(d[0].location.file.as_deref().unwrap().ends_with("b.yaml"));
        // The same object from two sources is a duplicate.
        let file = Source::Path(dir.join("a.yaml"));
        assert!(file.needs_current());
        let both = Source::read_all(&[file.clone(), file], Release::default()).unwrap();
        assert_eq!(both.len(), 1);
        assert_eq!(both.problems()[0].code.as_str(), "duplicate_object");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
