//! `compare-upstream`: compares the repository's `upstream/` copy with another folder of the same
//! layout (by default `../shared/upstream` beside the workspace), file by file.
//!
//! Only the project folders (`ai-gateway/`, `envoy-gateway/`, `gateway-api/`) are compared: the
//! files at the top of either folder (README, NOTICE, inventories) are written by their keepers,
//! not copied from upstream. The task reports and never fails on a difference: the other folder
//! usually holds more releases than the repository uses.

use crate::schemas::PROJECTS;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The outcome of comparing two folders (paths are relative, with `/` separators).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Comparison {
    /// Files on both sides whose bytes differ.
    pub(crate) differ: Vec<String>,
    /// Files or whole folders only in the repository's copy, with their file count.
    pub(crate) only_here: Vec<(String, usize)>,
    /// Files or whole folders only in the other folder, with their file count.
    pub(crate) only_there: Vec<(String, usize)>,
    /// Files on both sides with the same bytes.
    pub(crate) same: usize,
}

/// Compares the project folders of `here` and `there`.
pub(crate) fn compare(here: &Path, there: &Path) -> std::io::Result<Comparison> {
    let (a, b) = (files_of(here)?, files_of(there)?);
    let mut out = Comparison::default();
    for rel in a.intersection(&b) {
        if std::fs::read(here.join(rel))? == std::fs::read(there.join(rel))? {
            out.same += 1;
        } else {
            out.differ.push(rel.clone());
        }
    }
    out.only_here = group(a.difference(&b), &b);
    out.only_there = group(b.difference(&a), &a);
    Ok(out)
}

/// Runs the task: prints the comparison of `here` with `there`, or a note when `there` does
/// not exist.
pub(crate) fn run(here: &Path, there: &Path) -> Result<(), String> {
    if !there.is_dir() {
        println!(
            "{} does not exist: nothing to compare the repository's {} with \
             (give the folder: cargo xtask compare-upstream DIR)",
            there.display(),
            here.display()
        );
        return Ok(());
    }
    let c = compare(here, there).map_err(|e| format!("cannot compare: {e}"))?;
    let there = &there.canonicalize().unwrap_or_else(|_| there.to_path_buf());
    println!("comparing {} with {}", here.display(), there.display());
    println!("{} files are the same", c.same);
    let list = |title: String, items: Vec<String>| {
        println!("{title} ({}):", items.len());
        for i in items {
            println!("  {i}");
        }
    };
    list("files that differ".into(), c.differ);
    let entries = |v: Vec<(String, usize)>| {
        v.into_iter()
            .map(|(p, n)| {
                if n == 1 {
                    p
                } else {
                    format!("{p} ({n} files)")
                }
            })
            .collect()
    };
    list(format!("only in {}", here.display()), entries(c.only_here));
    list(
        format!("only in {}", there.display()),
        entries(c.only_there),
    );
    Ok(())
}

/// The files under the project folders of `root`, relative to `root`.
fn files_of(root: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for project in PROJECTS {
        let dir = root.join(project);
        if dir.is_dir() {
            walk(root, &dir, &mut out)?;
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
            out.insert(parts.join("/"));
        }
    }
    Ok(())
}

/// Groups one-sided files under the highest folder the other side lacks (`ai-gateway/v0.6.0/`
/// with its count, instead of every file in it).
fn group<'a>(
    only: impl Iterator<Item = &'a String>,
    other: &BTreeSet<String>,
) -> Vec<(String, usize)> {
    let other_dirs: BTreeSet<PathBuf> = other
        .iter()
        .flat_map(|f| Path::new(f).ancestors().skip(1).map(Path::to_path_buf))
        .collect();
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    for f in only {
        let missing_dir = Path::new(f)
            .ancestors()
            .skip(1)
            .filter(|d| !d.as_os_str().is_empty() && !other_dirs.contains(*d))
            .last();
        let key = match missing_dir {
            Some(d) => format!("{}/", d.to_string_lossy()),
            None => f.clone(),
        };
        *groups.entry(key).or_default() += 1;
    }
    groups.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn lists_differences_and_one_sided_files_and_folders() {
        let here = tempfile::tempdir().unwrap();
        let there = tempfile::tempdir().unwrap();
        let (h, t) = (here.path(), there.path());
        put(h, "README.md", "ours");
        put(t, "README.md", "theirs");
        put(h, "ai-gateway/v1.1.0/crds/a.yaml", "same");
        put(t, "ai-gateway/v1.1.0/crds/a.yaml", "same");
        put(h, "ai-gateway/v1.1.0/crdcel/cases.tsv", "three kinds");
        put(t, "ai-gateway/v1.1.0/crdcel/cases.tsv", "four kinds");
        put(t, "ai-gateway/v1.1.0/crds/b.yaml", "new kind");
        put(t, "ai-gateway/v1.1.0/crdcel/mcp/x.yaml", "x");
        put(t, "ai-gateway/v1.1.0/crdcel/mcp/y.yaml", "y");
        put(t, "ai-gateway/v0.6.0/crds/a.yaml", "a");
        put(t, "ai-gateway/v0.6.0/crds/b.yaml", "b");
        put(h, "gateway-api/v1.3.0/crds/g.yaml", "g");
        let c = compare(h, t).unwrap();
        assert_eq!(
            c,
            Comparison {
                differ: vec!["ai-gateway/v1.1.0/crdcel/cases.tsv".into()],
                only_here: vec![("gateway-api/".into(), 1)],
                only_there: vec![
                    ("ai-gateway/v0.6.0/".into(), 2),
                    ("ai-gateway/v1.1.0/crdcel/mcp/".into(), 2),
                    ("ai-gateway/v1.1.0/crds/b.yaml".into(), 1),
                ],
                same: 1,
            }
        );
    }

    #[test]
    fn a_missing_folder_is_not_an_error() {
        let here = tempfile::tempdir().unwrap();
        assert_eq!(run(here.path(), &here.path().join("absent")), Ok(()));
    }
}
