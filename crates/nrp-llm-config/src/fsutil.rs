//! Writing files atomically: a temporary file in the same folder, then a rename.

use std::io::Write;
use std::path::Path;

/// Writes `contents` to `path` so that readers see either the old file or the whole new one,
/// never a half-written file: the data goes to a temporary file in the same folder, is flushed
/// to disk, and is renamed over the target. Missing parent folders are created. The existing
/// file's permissions are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, contents, |_| Ok(()))
}

/// Like [`write_atomic`], with a hook called after the temporary file is written and before
/// the rename; an error from the hook aborts the write and removes the temporary file. Tests use
/// it to inject a failure mid-way.
pub(crate) fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_owned());
    let mut attempt = 0u32;
    let (tmp_path, mut file) = loop {
        let candidate = dir.join(format!(".{file_name}.tmp-{}-{attempt}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(f) => break (candidate, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(contents)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp_path, meta.permissions())?;
        }
        before_rename(&tmp_path)?;
        std::fs::rename(&tmp_path, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_before_rename_keeps_old_file() {
        let dir = std::env::temp_dir().join(format!("nrp-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("x.yaml");
        std::fs::write(&f, "old\n").unwrap();
        let err = write_atomic_with(&f, b"new\n", |_| Err(std::io::Error::other("injected")));
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "old\n");
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary file left behind");
        write_atomic(&f, b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[cfg(test)]
mod examples {
    #[test]
    fn write_atomic_example() {
        let dir = std::env::temp_dir().join(format!("nrp-doc-{}", std::process::id()));
        let f = dir.join("a/b.yaml");
        crate::fsutil::write_atomic(&f, b"x: 1\n").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "x: 1\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
