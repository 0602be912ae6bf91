//! Reading files and folders: size limit, UTF-8 check, the YAML files below a folder, and
//! loading many files in parallel.

use std::path::{Path, PathBuf};

use super::error::LoadError;
use super::known::{self, KnownFiles, TextDigest};
use super::limits::Limits;
use super::object::{Object, Pos};
use super::parse_str;
use crate::diagnostic::{Code, Diagnostic};

/// Reads one file. A missing or unreadable file, or one that is not UTF-8, is a [`LoadError`].
pub fn load_file(path: &Path, limits: &Limits) -> Result<Vec<Object>, LoadError> {
    let name = path.display().to_string();
    let text = read_text(path, limits)?;
    parse_str(&text, &name, limits)
}

/// Reads a file into a string, applying the size limit and checking that it is UTF-8 text.
pub fn read_text(path: &Path, limits: &Limits) -> Result<String, LoadError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| {
        LoadError::new(Code::IO, &name, None, format!("cannot read {name}: {e}"))
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > limits.max_file_bytes {
        return Err(LoadError::new(
            Code::LIMIT,
            &name,
            None,
            format!(
                "file is {} bytes, larger than the limit of {} bytes",
                meta.len(),
                limits.max_file_bytes
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    if bytes.contains(&0) {
        return Err(LoadError::new(
            Code::YAML_SYNTAX,
            &name,
            None,
            "this is a binary file (it contains NUL bytes), not YAML",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        LoadError::new(
            Code::YAML_SYNTAX,
            &name,
            Some(Pos {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(col).unwrap_or(u32::MAX),
            }),
            "the file is not valid UTF-8 text",
        )
    })
}

/// Lists the YAML files (`*.yaml`, `*.yml`) below a folder, recursively, sorted, following
/// symbolic links but never entering the same folder twice (so link loops end). Hidden entries
/// (names starting with `.`) are skipped.
pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    walk(dir, &mut out, &mut seen)?;
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> Result<(), LoadError> {
    let name = dir.display().to_string();
    let io = |e: std::io::Error| {
        LoadError::new(
            Code::IO,
            &name,
            None,
            format!("cannot read folder {name}: {e}"),
        )
    };
    let canonical = std::fs::canonicalize(dir).map_err(io)?;
    if !seen.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let fname = entry.file_name();
        if fname.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue; // dangling link
        };
        if meta.is_dir() {
            walk(&path, out, seen)?;
        } else if meta.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The result of loading several files: every object that could be read, and one diagnostic
/// per file that could not. Loading never stops at the first bad file.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// Objects in file order, then document order.
    pub objects: Vec<Object>,
    /// Problems, one per unreadable file.
    pub errors: Vec<Diagnostic>,
    /// Number of files read.
    pub files: usize,
}

/// The files that [`load_paths`] reads: files as given, folders replaced by their YAML files
/// ([`yaml_files`]), in order. Folders that cannot be listed are returned as problems.
pub fn expand_paths<P: AsRef<Path>>(paths: &[P]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let p = p.as_ref();
        if p.is_dir() {
            match yaml_files(p) {
                Ok(f) => files.extend(f),
                Err(e) => errors.push(*e.0),
            }
        } else {
            files.push(p.to_path_buf());
        }
    }
    (files, errors)
}

/// Loads files and folders (recursively), parsing files in parallel.
pub fn load_paths<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Loaded {
    load_paths_with(paths, limits, None, &|_| {}).0
}

/// [`load_paths`], reusing what `known` remembers instead of parsing a file again (see
/// `KnownFiles`), and handing the objects of each file it parses to `each` on the thread that
/// read them, as soon as they are read (so that what `each` lets go of is freed before the next
/// file). Returns, besides what was loaded, the files read without error, for reading another
/// state against this one; nothing is recorded for a state that is itself read against
/// another (`known` given), since nothing reads against it.
pub(crate) fn load_paths_with<P: AsRef<Path>>(
    paths: &[P],
    limits: &Limits,
    known: Option<&KnownFiles>,
    each: &(dyn Fn(&mut [Object]) + Sync),
) -> (Loaded, KnownFiles) {
    use rayon::prelude::*;
    let (files, errors) = expand_paths(paths);
    let mut loaded = Loaded {
        errors,
        ..Loaded::default()
    };
    loaded.files = files.len();
    let results: Vec<_> = files
        .par_iter()
        .map(|f| {
            let name = f.display().to_string();
            let text = read_text(f, limits)?;
            Ok::<_, LoadError>(read_known(&text, &name, limits, known, each))
        })
        .collect();
    let mut read = KnownFiles::new(limits);
    let total = results
        .iter()
        .map(|r| match r {
            Ok((_, Ok(objs))) => objs.len(),
            _ => 0,
        })
        .sum();
    loaded.objects.reserve_exact(total);
    for r in results {
        match r {
            Ok((digest, Ok(objs))) => {
                if known.is_none() {
                    read.insert(digest, &objs);
                }
                loaded.objects.extend(objs);
            }
            Ok((_, Err(e))) | Err(e) => loaded.errors.push(*e.0),
        }
    }
    (loaded, read)
}

/// Reads `text` as `file`: the objects `known` remembers for the same text, or else the parsed
/// ones after `each` has seen them; with the text's digest.
pub(crate) fn read_known(
    text: &str,
    file: &str,
    limits: &Limits,
    known: Option<&KnownFiles>,
    each: &(dyn Fn(&mut [Object]) + Sync),
) -> (TextDigest, Result<Vec<Object>, LoadError>) {
    let digest = known::digest(text);
    if let Some(objects) = known.and_then(|k| k.get(&digest, file, limits)) {
        return (digest, Ok(objects));
    }
    let parsed = parse_str(text, file, limits).map(|mut objects| {
        each(&mut objects);
        objects
    });
    (digest, parsed)
}
