//! Files already read, by content: a second state read against a first one (DESIRED against
//! CURRENT) takes the objects of every file whose text is the same as a file of the first
//! instead of parsing it again.
//!
//! Reading is a pure function of the text and the [`Limits`]: the same bytes give the same
//! values, positions and document numbers, and only the file name in each object's origin
//! differs. So a file is recognised by the SHA-256 of its text (a collision would need a
//! SHA-256 collision), read with equal limits, and its objects are reused with the new file
//! name. Only files read without error are remembered.

use std::collections::HashMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::limits::Limits;
use super::object::Object;

/// The SHA-256 of a file's text.
pub(crate) type TextDigest = [u8; 32];

/// The objects files were read into, by the digest of their text ([`digest`]), with the limits
/// they were read under.
#[derive(Clone, Debug, Default)]
pub(crate) struct KnownFiles {
    limits: Option<Limits>,
    by_digest: HashMap<TextDigest, Arc<[Object]>>,
}

/// The digest [`KnownFiles`] recognises a text by.
pub(crate) fn digest(text: &str) -> TextDigest {
    Sha256::digest(text.as_bytes()).into()
}

impl KnownFiles {
    /// An empty record of files read under `limits`.
    pub(crate) fn new(limits: &Limits) -> Self {
        Self {
            limits: Some(limits.clone()),
            by_digest: HashMap::new(),
        }
    }

    /// Adds what `other` remembers, when it was read under the same limits.
    pub(crate) fn merge(&mut self, other: KnownFiles) {
        if self.limits == other.limits {
            for (digest, objects) in other.by_digest {
                self.by_digest.entry(digest).or_insert(objects);
            }
        }
    }

    /// Remembers that a text with this digest was read into `objects`.
    pub(crate) fn insert(&mut self, digest: TextDigest, objects: &[Object]) {
        self.by_digest
            .entry(digest)
            .or_insert_with(|| objects.into());
    }

    /// What reading a text with this digest as `file` under `limits` gives, when a text with
    /// the same digest was read under the same limits: the same objects, named `file`.
    pub(crate) fn get(
        &self,
        digest: &TextDigest,
        file: &str,
        limits: &Limits,
    ) -> Option<Vec<Object>> {
        if self.limits.as_ref() != Some(limits) {
            return None;
        }
        let objects = self.by_digest.get(digest)?;
        let file: Arc<str> = Arc::from(file);
        objects.iter().map(|o| o.in_file(&file)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_str;

    #[test]
    fn a_known_text_gives_what_parsing_it_gives() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n";
        let limits = Limits::default();
        let mut known = KnownFiles::new(&limits);
        known.insert(digest(text), &parse_str(text, "a/x.yaml", &limits).unwrap());
        let again = known.get(&digest(text), "b/x.yaml", &limits).unwrap();
        assert_eq!(again, parse_str(text, "b/x.yaml", &limits).unwrap());
        assert_eq!(again[1].origin().unwrap().document, 1);
        assert!(known.get(&digest("other"), "b/x.yaml", &limits).is_none());
        let smaller = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(known.get(&digest(text), "b/x.yaml", &smaller).is_none());
    }
}
